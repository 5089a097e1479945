// Builds the installable package netsuite-token-proxy-client into clients/node/dist:
//   index.mjs (ESM) and index.cjs (CommonJS): Rollup + swc, one file each, with the two pure rules it
//     shares with the SuiteScript code (src/TypeScript/core/account.ts, apiKey.ts) bundled in, so the
//     package has no dependency and no path outside itself;
//   index.d.mts and index.d.cts: declarations emitted by tsc (TypeScript 7 emits declarations, but has
//     no AMD/bundling, hence Rollup for the JavaScript), merged into one self-contained file.
// Run from the repository root: `npm run build:client` (or `node clients/node/build.mjs`).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import swc from '@rollup/plugin-swc';
import { rollup } from 'rollup';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const DIST = path.join(HERE, 'dist');
const ENTRY = path.join(HERE, 'index.ts');
const pkg = JSON.parse(readFileSync(path.join(HERE, 'package.json'), 'utf8'));
const banner = `/*! ${pkg.name} ${pkg.version} | ${pkg.license} */`;

async function buildJavaScript() {
  const bundle = await rollup({
    input: ENTRY,
    plugins: [
      nodeResolve({ extensions: ['.ts', '.js'] }),
      // es2022 runs on Node 18 (engines); class names kept so error.name and stack traces read well.
      swc({ swc: { jsc: { target: 'es2022', parser: { syntax: 'typescript' }, keepClassNames: true }, sourceMaps: false } }),
    ],
    treeshake: { moduleSideEffects: false },
    onwarn(warning) {
      throw new Error(`rollup: ${warning.message}`);
    },
  });
  const imported = bundle.cache?.modules.map((m) => m.id).filter((id) => !id.startsWith(ROOT)) ?? [];
  if (imported.length) throw new Error(`the client must not depend on anything outside the repository: ${imported.join(', ')}`);
  await bundle.write({ file: path.join(DIST, 'index.mjs'), format: 'es', banner });
  await bundle.write({ file: path.join(DIST, 'index.cjs'), format: 'cjs', exports: 'named', banner });
  await bundle.close();
}

/** tsc emits index.d.ts and errors.d.ts; they are merged so that neither format needs a relative import. */
function buildDeclarations() {
  const out = mkdtempSync(path.join(tmpdir(), 'ns-client-dts-'));
  try {
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    execFileSync(
      process.execPath,
      [tsc, '--ignoreConfig', ENTRY, '--declaration', '--emitDeclarationOnly', '--outDir', out, '--rootDir', ROOT,
        '--module', 'esnext', '--moduleResolution', 'bundler', '--target', 'es2022', '--lib', 'es2023',
        '--types', 'node', '--strict', '--skipLibCheck', '--noImplicitOverride'],
      { cwd: ROOT, stdio: 'inherit' },
    );
    const dir = path.join(out, 'clients', 'node');
    const errors = readFileSync(path.join(dir, 'errors.d.ts'), 'utf8');
    const index = readFileSync(path.join(dir, 'index.d.ts'), 'utf8')
      .split('\n')
      .filter((line) => !/^(export \* from|import .* from) '\.\/errors';$/.test(line))
      .join('\n');
    const merged = `${banner}\n${errors.trim()}\n${index.trim()}\n`;
    const leftover = merged.match(/^(import|export) .* from '[^']*';$/m);
    if (leftover) throw new Error(`declarations still import another file: ${leftover[0]}`);
    writeFileSync(path.join(DIST, 'index.d.mts'), merged);
    writeFileSync(path.join(DIST, 'index.d.cts'), merged);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

rmSync(DIST, { recursive: true, force: true });
mkdirSync(DIST, { recursive: true });
await buildJavaScript();
buildDeclarations();
console.log(`built ${pkg.name} ${pkg.version} into ${path.relative(ROOT, DIST)}/ (index.mjs, index.cjs, index.d.mts, index.d.cts)`);
