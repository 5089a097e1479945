/**
 * clients/node as an installable package: build it, `npm pack` it, install the tarball into a scratch
 * project (offline: it has no dependencies), then use it from an ESM script, a CommonJS script and
 * TypeScript (ESM and CommonJS resolution), against a small fake proxy in this process.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile as execFileCb, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { json, newApiKey, PROXY_PATH, proxyQuery, serve, tokenBody, type Server } from './fakes';

const execFile = promisify(execFileCb);
const ROOT = path.resolve(__dirname, '../..');
const PKG_DIR = path.join(ROOT, 'clients', 'node');
const NAME = 'netsuite-token-proxy-client';
const TOKEN = 'eyJhbGciOiJQUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2ln';

let work: string;
let scratch: string;
let proxy: Server;
const apiKey = newApiKey();
let packed: { filename: string; files: { path: string }[] };

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'ns-client-pkg-'));
  scratch = path.join(work, 'scratch');
  execFileSync(process.execPath, [path.join(PKG_DIR, 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: PKG_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  packed = (JSON.parse(out) as (typeof packed)[])[0] as typeof packed;
  execFileSync('mkdir', ['-p', scratch]);
  writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true }));
  execFileSync('npm', ['install', path.join(work, packed.filename), '--no-audit', '--no-fund', '--offline', '--ignore-scripts', '--no-package-lock'], {
    cwd: scratch,
    stdio: 'pipe',
  });
  proxy = await serve((req, res) => {
    if (req.headers['x-api-key'] === apiKey) json(res, 200, tokenBody(TOKEN));
    else json(res, 200, { error: 'unauthorized', error_description: 'A valid API key is required in the X-API-Key header.' });
  });
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const proxyUrl = () => `${proxy.url}${PROXY_PATH}${proxyQuery}`;

/** Runs a script in the scratch project (asynchronously: the fake proxy lives in this process). */
async function run(file: string, source: string): Promise<Record<string, unknown>> {
  writeFileSync(path.join(scratch, file), source);
  const { stdout } = await execFile(process.execPath, [file], {
    cwd: scratch,
    env: { ...process.env, PROXY_URL: proxyUrl(), API_KEY: apiKey, BAD_KEY: newApiKey() },
    timeout: 30_000,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('the packed package', () => {
  it('holds only the built files, the README and package.json, and has no dependencies', () => {
    expect(packed.filename).toBe(`${NAME}-0.1.0.tgz`);
    expect(packed.files.map((f) => f.path).sort()).toEqual(['README.md', 'dist/index.cjs', 'dist/index.d.cts', 'dist/index.d.mts', 'dist/index.mjs', 'package.json']);
    const installed = JSON.parse(readFileSync(path.join(scratch, 'node_modules', NAME, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(installed['dependencies']).toBeUndefined();
    expect(installed['engines']).toEqual({ node: '>=18' });
    for (const f of ['index.mjs', 'index.cjs']) {
      const code = readFileSync(path.join(scratch, 'node_modules', NAME, 'dist', f), 'utf8');
      expect(code).not.toMatch(/\brequire\(|^import .* from/m); // self-contained: nothing to resolve
    }
  });

  const consumer = (importLine: string) => `${importLine}
(async () => {
  const client = createTokenClient({ proxyUrl: process.env.PROXY_URL, apiKey: process.env.API_KEY });
  const token = await client.getToken();
  const again = await client.getToken();
  let refused;
  try {
    await createTokenClient({ proxyUrl: process.env.PROXY_URL, apiKey: process.env.BAD_KEY }).getToken();
  } catch (e) {
    refused = { unauthorized: e instanceof UnauthorizedError, proxyError: e instanceof ProxyError, code: e.code, name: e.name };
  }
  console.log(JSON.stringify({ token, again, refused, codes: PROXY_ERROR_CODES.length }));
})();
`;

  it('works from an ESM script (import)', async () => {
    proxy.seen.length = 0;
    const out = await run('consumer.mjs', consumer(`import { createTokenClient, ProxyError, UnauthorizedError, PROXY_ERROR_CODES } from '${NAME}';`));
    expect(out).toEqual({ token: TOKEN, again: TOKEN, refused: { unauthorized: true, proxyError: true, code: 'unauthorized', name: 'UnauthorizedError' }, codes: 7 });
    expect(proxy.seen).toHaveLength(2); // the second getToken came from the cache
    expect(proxy.seen[0]?.headers['x-api-key']).toBe(apiKey);
  });

  it('works from a CommonJS script (require)', async () => {
    proxy.seen.length = 0;
    const out = await run('consumer.cjs', consumer(`const { createTokenClient, ProxyError, UnauthorizedError, PROXY_ERROR_CODES } = require('${NAME}');`));
    expect(out).toEqual({ token: TOKEN, again: TOKEN, refused: { unauthorized: true, proxyError: true, code: 'unauthorized', name: 'UnauthorizedError' }, codes: 7 });
    expect(proxy.seen).toHaveLength(2);
  });

  it('ships type declarations: TypeScript consumers (ESM and CommonJS) type-check, and a wrong use does not', () => {
    const typeRoots = path.join(ROOT, 'node_modules', '@types');
    const tsconfig = (files: string[]) =>
      JSON.stringify({
        compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, typeRoots: [typeRoots], types: ['node'], skipLibCheck: false },
        files,
      });
    const good = `
import { createTokenClient, NetSuiteRestError, ProxyError, RedirectRefusedError, type SuiteQLRow, type TokenClient } from '${NAME}';
const client: TokenClient = createTokenClient({ proxyUrl: 'https://1234567.extforms.netsuite.com/x', apiKey: 'nsk_x', accountId: '1234567' });
export async function use(): Promise<number> {
  const token: string = await client.getToken();
  const rows: SuiteQLRow[] = await client.suiteql('SELECT id FROM customer', { pageSize: 500 });
  for await (const row of client.suiteqlAll('SELECT id FROM transaction', { keyColumn: 'id' })) rows.push(row);
  try { await client.getToken(); } catch (e) {
    if (e instanceof RedirectRefusedError) return e.locationHost?.length ?? 0;
    if (e instanceof ProxyError) { const code: string = e.code; return code.length; }
    if (e instanceof NetSuiteRestError) return e.status;
  }
  return token.length + rows.length;
}
`;
    writeFileSync(path.join(scratch, 'good.mts'), good);
    writeFileSync(path.join(scratch, 'good.cts'), good);
    writeFileSync(path.join(scratch, 'bad.mts'), `import { createTokenClient } from '${NAME}';\nexport const n: number = await createTokenClient({ proxyUrl: 'x', apiKey: 'y' }).getToken();\n`);
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    writeFileSync(path.join(scratch, 'tsconfig.json'), tsconfig(['good.mts', 'good.cts']));
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: scratch, stdio: 'pipe' });
    writeFileSync(path.join(scratch, 'tsconfig.json'), tsconfig(['bad.mts']));
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: scratch, stdio: 'pipe', encoding: 'utf8' });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout);
    }
    expect(output).toMatch(/bad\.mts.*TS2322/); // a string is not a number: the types are real, not any
  }, 60_000);
});
