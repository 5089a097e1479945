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
  oauth_record_events: 'UserEventScript',
};
/** Modules the proxy Suitelet must never load: it runs on every external call. */
const FORBIDDEN_IN_PROXY = [/jsrsasign/, /[\\/]signers[\\/]/, /refreshService/];

const header = (type) =>
  `/**\n * @NApiVersion 2.1\n${type ? ` * @NScriptType ${type}\n` : ''} * @NModuleScope SameAccount\n */`;

/**
 * Rollup's AMD entry chunk assigns `exports.onRequest = onRequest`; NetSuite's documented form (and
 * DESIGN.md) is a factory that returns `{ onRequest }`. Rewrites the entry: drops the `exports`
 * dependency and parameter, removes the assignments, and returns the entry points.
 */
function returnEntryPoints(code, fileName) {
  const ast = acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'script', ranges: false });
  const call = ast.body.find((n) => n.type === 'ExpressionStatement' && n.expression.type === 'CallExpression' && n.expression.callee.name === 'define')?.expression;
  if (!call) throw new Error(`${fileName}: no define() call`);
  const [deps, factory] = call.arguments;
  if (deps?.type !== 'ArrayExpression' || factory?.type !== 'FunctionExpression') throw new Error(`${fileName}: unexpected AMD shape`);
  if (deps.elements[0]?.value !== 'exports' || factory.params[0]?.name !== 'exports') return code;
  const names = [];
  const cuts = [];
  for (const st of factory.body.body) {
    const e = st.type === 'ExpressionStatement' ? st.expression : null;
    if (e?.type === 'AssignmentExpression' && e.left.type === 'MemberExpression' && e.left.object.name === 'exports' && e.right.type === 'Identifier') {
      names.push([e.left.property.name, e.right.name]);
      cuts.push([st.start, st.end, '']);
    } else if (e?.type === 'CallExpression' && e.callee.type === 'MemberExpression' && e.arguments[0]?.name === 'exports') {
      cuts.push([st.start, st.end, '']);
    }
  }
  const secondDep = deps.elements[1];
  const secondParam = factory.params[1];
  cuts.push([deps.elements[0].start, secondDep ? secondDep.start : deps.elements[0].end, '']);
  cuts.push([factory.params[0].start, secondParam ? secondParam.start : factory.params[0].end, '']);
  const closing = factory.body.end - 1;
  cuts.push([closing, closing, `return { ${names.map(([k, v]) => (k === v ? k : `${k}: ${v}`)).join(', ')} };\n`]);
  cuts.sort((a, b) => b[0] - a[0]);
  let out = code;
  for (const [from, to, text] of cuts) out = out.slice(0, from) + text + out.slice(to);
  if (/\bexports\b/.test(out.slice(out.indexOf('{')))) throw new Error(`${fileName}: entry still refers to exports after rewriting`);
  return out;
}

function suiteScriptBuild({ clean, minify }) {
  return {
    name: 'suitescript',
    buildStart() {
      if (clean) rmSync(OUT, { recursive: true, force: true });
    },
    resolveId(id) {
      if (id === 'jsrsasign-amd') return { id: JSRSASIGN_AMD_ID, external: true };
      // The AMD loader's own require (on-demand loading of jsrsasign in the refresher).
      if (id === 'require') return { id: 'require', external: true };
      return null;
    },
    // Every byte the proxy loads is paid on every external call: drop comments and blank lines (the
    // sources keep them) but not the line structure, so NetSuite's stack traces stay readable.
    async renderChunk(code, chunk) {
      if (chunk.isEntry) code = returnEntryPoints(code, chunk.fileName);
      if (minify) return { code: await minifyKeepingLines(code), map: null };
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
      if (clean) this.emitFile({ type: 'asset', fileName: 'lib/jsrsasign.js', source: jsrsasignAmdSource() });
      const proxy = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry && (c.name === 'oauth_token_proxy' || c.name === 'lib/proxy_slow'));
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

/**
 * The proxy runs on every external call, so it is built alone: one file with only the code it uses,
 * minified by terser with names mangled but function names kept and a line break wherever a
 * statement ends (`semicolons: false`), so a stack trace from NetSuite still names the function and
 * points at one short line. The @NApiVersion block stays first.
 */
async function minifyKeepingLines(code) {
  const { minify } = await import('terser');
  const out = await minify(code, {
    ecma: 2020,
    compress: { passes: 2 },
    mangle: { toplevel: true },
    toplevel: true,
    format: { semicolons: false, comments: /@NApiVersion|@NScriptType|@NModuleScope/ },
  });
  return out.code;
}

const PROXY = 'oauth_token_proxy';
const PROXY_SLOW = 'lib/proxy_slow';

const config = (entries, { clean, minify, input }) => ({
  input: input ?? Object.fromEntries(entries.map((name) => [name, `src/TypeScript/entries/${name}.ts`]).filter(([, file]) => existsSync(file))),
  external: (id) => /^N(\/|$)/.test(id) || id === JSRSASIGN_AMD_ID || id === 'require',
  plugins: [
    suiteScriptBuild({ clean, minify }),
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
    // AMD's require is the function itself, not a module with a default export.
    interop: (id) => (id === 'require' ? 'default' : 'esModule'),
    esModule: false,
    freeze: false,
    externalLiveBindings: false,
    generatedCode: { preset: 'es2015', symbols: false },
    sourcemap: false,
  },
  onwarn(warning, warn) {
    if (warning.code === 'UNRESOLVED_IMPORT') throw new Error(warning.message);
    warn(warning);
  },
});

export default [
  // First (it empties the output folder): the refresher, the admin page, the user event script and
  // their shared lib/, minified the same way (what a script loads is compiled on every execution).
  config(Object.keys(ENTRIES).filter((n) => n !== PROXY), { clean: true, minify: true }),
  // Then the proxy on its own, self-contained and minified: its warm path...
  config([PROXY], { clean: false, minify: true }),
  // ...and what it loads only when a call needs more (src/TypeScript/adapters/proxySlowPath.ts).
  config([], { clean: false, minify: true, input: { [PROXY_SLOW]: 'src/TypeScript/adapters/proxySlowPath.ts' } }),
];
