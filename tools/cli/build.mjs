// Builds the admin command line (tools/cli/main.ts and what it imports) to CommonJS in dist/cli, so
// `ns-oauth` starts without a TypeScript loader (about 0.1 s instead of tsx's compile-on-load).
// Run by `npm run build` (after the SuiteScript build) and on its own by `npm run build:cli`.
// bin/ns-oauth.js runs dist/cli/main.js when it is newer than every source it was built from
// (dist/cli/build-info.json), else falls back to the TypeScript sources through tsx.
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import swc from '@rollup/plugin-swc';
import { rollup } from 'rollup';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// `--out DIR` builds elsewhere (the tests do, so they never rewrite dist/cli under a running command).
const outArg = process.argv.indexOf('--out');
const OUT = outArg > 0 && process.argv[outArg + 1] ? path.resolve(process.argv[outArg + 1]) : path.join(ROOT, 'dist', 'cli');

/** Packages and Node built-ins stay require()s: only this project's TypeScript is bundled. */
const external = (id) => !id.startsWith('.') && !path.isAbsolute(id) && !id.startsWith('\0');

const started = Date.now();
rmSync(OUT, { recursive: true, force: true });
const bundle = await rollup({
  input: { main: path.join(ROOT, 'tools', 'cli', 'main.ts') },
  external,
  plugins: [
    nodeResolve({ extensions: ['.ts', '.js'], preferBuiltins: true }),
    swc({ swc: { jsc: { target: 'es2022', parser: { syntax: 'typescript' }, keepClassNames: true }, sourceMaps: false } }),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'UNRESOLVED_IMPORT') throw new Error(warning.message);
    warn(warning);
  },
});
// Sources are every bundled module file (absolute ids of files under the project, not node_modules).
const sources = bundle.watchFiles
  .filter((f) => path.isAbsolute(f) && f.startsWith(ROOT + path.sep) && !f.includes(`${path.sep}node_modules${path.sep}`))
  .map((f) => path.relative(ROOT, f).split(path.sep).join('/'))
  .sort();
// Each command is a dynamic import(): its own chunk, loaded only when that command runs.
await bundle.write({
  dir: OUT,
  format: 'cjs',
  entryFileNames: '[name].js',
  chunkFileNames: '[name].js',
  exports: 'named',
  interop: 'auto',
  generatedCode: { preset: 'es2015' },
  sourcemap: false,
});
await bundle.close();
mkdirSync(OUT, { recursive: true });
// Newest source at build time: the bin compares against it (a source edited since makes it fall back).
const newest = Math.max(...sources.map((s) => statSync(path.join(ROOT, s)).mtimeMs));
writeFileSync(path.join(OUT, 'build-info.json'), JSON.stringify({ builtAtMs: Date.now(), newestSourceMs: newest, sources }, null, 1) + '\n');
process.stdout.write(`ns-oauth: built ${path.relative(ROOT, OUT) || OUT} from ${sources.length} sources in ${Date.now() - started} ms\n`);
