// Build: TypeScript (src/TypeScript) -> AMD SuiteScript 2.1 (src/FileCabinet/SuiteScripts/OAuth).
// TypeScript 7 has no AMD output, so Rollup emits AMD and swc strips the types (tsc only type-checks).
// Entry files get the @NApiVersion/@NScriptType block at the very top; shared code goes to lib/.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import * as acorn from 'acorn';
import swc from '@rollup/plugin-swc';
import { JSRSASIGN_AMD_ID, jsrsasignAmdSource } from './tools/build/jsrsasign-amd.mjs';

const OUT = 'src/FileCabinet/SuiteScripts/OAuth';
const ENTRIES = {
  oauth_token_refresher: 'ScheduledScript',
  oauth_token_proxy: 'Suitelet',
  oauth_key_admin: 'Suitelet',
};
/** Modules the proxy Suitelet must never load: it runs on every external call. */
const FORBIDDEN_IN_PROXY = [/jsrsasign/, /[\\/]signers[\\/]/, /refreshService/];

const header = (type) =>
  `/**\n * @NApiVersion 2.1\n${type ? ` * @NScriptType ${type}\n` : ''} * @NModuleScope SameAccount\n */`;

function suiteScriptBuild() {
  return {
    name: 'suitescript',
    buildStart() {
      rmSync(OUT, { recursive: true, force: true });
    },
    resolveId(id) {
      if (id === 'jsrsasign-amd') return { id: JSRSASIGN_AMD_ID, external: true };
      return null;
    },
    // Every byte the proxy loads is paid on every external call: drop comments and blank lines (the
    // sources keep them) but not the line structure, so NetSuite's stack traces stay readable.
    renderChunk(code) {
      const comments = [];
      acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'script', onComment: comments });
      let out = '';
      let at = 0;
      for (const c of comments) {
        if (/@NApiVersion/.test(c.value)) continue;
        out += code.slice(at, c.start) + code.slice(c.start, c.end).replace(/[^\n]/g, '');
        at = c.end;
      }
      out += code.slice(at);
      out = out.replace(/[ \t]+$/gm, '').replace(/\n{2,}/g, '\n');
      out = out.replace(/^( +)/gm, (lead) => ' '.repeat(Math.ceil(lead.length / 2)));
      return { code: out, map: null };
    },
    generateBundle(_options, bundle) {
      this.emitFile({ type: 'asset', fileName: 'lib/jsrsasign.js', source: jsrsasignAmdSource() });
      const proxy = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry && c.name === 'oauth_token_proxy');
      if (!proxy) return;
      const seen = new Set();
      const walk = (chunk) => {
        for (const m of Object.keys(chunk.modules)) {
          if (FORBIDDEN_IN_PROXY.some((re) => re.test(m))) this.error(`the proxy Suitelet would load ${m}: keep signers out of its module graph`);
        }
        for (const imp of chunk.imports) {
          if (FORBIDDEN_IN_PROXY.some((re) => re.test(imp))) this.error(`the proxy Suitelet would load ${imp}: keep signers out of its module graph`);
          const next = bundle[imp];
          if (next && !seen.has(imp)) {
            seen.add(imp);
            walk(next);
          }
        }
      };
      walk(proxy);
    },
  };
}

export default {
  input: Object.fromEntries(
    Object.keys(ENTRIES)
      .map((name) => [name, `src/TypeScript/entries/${name}.ts`])
      .filter(([, file]) => existsSync(file)),
  ),
  external: (id) => /^N(\/|$)/.test(id) || id === JSRSASIGN_AMD_ID,
  plugins: [
    suiteScriptBuild(),
    nodeResolve({ extensions: ['.ts', '.js'] }),
    swc({ swc: { jsc: { target: 'es2022', parser: { syntax: 'typescript' }, keepClassNames: true }, sourceMaps: false } }),
  ],
  treeshake: { moduleSideEffects: false },
  output: {
    dir: OUT,
    format: 'amd',
    entryFileNames: '[name].js',
    chunkFileNames: 'lib/[name].js',
    banner: (chunk) => header(chunk.isEntry ? ENTRIES[chunk.name] : null),
    interop: 'esModule',
    esModule: false,
    freeze: false,
    externalLiveBindings: false,
    generatedCode: 'es2015',
    sourcemap: false,
  },
  onwarn(warning, warn) {
    if (warning.code === 'UNRESOLVED_IMPORT') throw new Error(warning.message);
    warn(warning);
  },
};
