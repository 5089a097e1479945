/**
 * `npm start` (tools/start.ts) and `npm run demo` (tools/demo.ts) as a person and CI run them: real
 * processes, real output. The first screen's commands are parsed and run with fetch; Ctrl-C stops
 * cleanly; a restart in a new process picks the account up again (and the token issued by the first
 * process still works); a busy port is explained.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const dirs: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

interface Run {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function run(script: string, args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(TSX, [script, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function waitFor(r: Run, text: string, ms = 15_000): Promise<string> {
  const until = Date.now() + ms;
  while (!r.stdout().includes(text)) {
    if (r.child.exitCode !== null) throw new Error(`exited ${r.child.exitCode} before "${text}":\n${r.stdout()}\n${r.stderr()}`);
    if (Date.now() > until) throw new Error(`no "${text}" within ${ms} ms:\n${r.stdout()}\n${r.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return r.stdout();
}

/** Runs a `curl` line of the screen with fetch: its URL, -H headers, -X method and -d body; expects HTTP `status`. */
async function curl(line: string, env: Record<string, string>, status = 200): Promise<Record<string, unknown>> {
  const expanded = line.replace(/\$([A-Z_]+)/g, (_m, name: string) => env[name] ?? '');
  const words = [...expanded.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
  expect(words[0]).toBe('curl');
  const headers: Record<string, string> = {};
  let url = '';
  let method = 'GET';
  let body: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '-H') {
      const [k, ...v] = (words[++i] as string).split(':');
      headers[(k as string).trim()] = v.join(':').trim();
    } else if (w === '-d') {
      body = words[++i];
      method = 'POST';
    } else if (w === '-X') method = words[++i] as string;
    else if (!w.startsWith('-')) url = w;
  }
  const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  expect(res.status).toBe(status);
  return (await res.json()) as Record<string, unknown>;
}

describe('npm start', () => {
  it('first start prints a key per profile once and commands that work; Ctrl-C saves; a restart loads it; --reset starts over', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const first = run('tools/start.ts', ['--state-dir', dir], { PORT: '0' });
    const screen = await waitFor(first, 'Stop with Ctrl-C');
    expect(screen).toMatch(/^ 1\. Created the account in .* \(first start\)/m);
    expect(screen).toMatch(/^ 2\. Ran the token refresher: got a new access token/m);
    expect(screen).toMatch(/^ 4\. Listening on http:\/\/127\.0\.0\.1:\d+$/m);
    const keys = screen.match(/nsk_[A-Za-z0-9_-]{43,}/g) ?? [];
    expect(keys).toHaveLength(2); // one per profile, each printed once
    const [apiKey, reportingKey] = keys as [string, string];
    expect(screen).toContain(`      export NS_API_KEY=${apiKey}\n`);
    expect(screen).toContain(`      export NS_API_KEY_REPORTING=${reportingKey}\n`);
    expect(screen).toMatch(/# client "local-dev", profile Default \(role Customer Sync: may read customers\)\n\s+export NS_API_KEY=/);
    expect(screen).toMatch(/# client "reporting", profile Reporting \(no customers\) \(role Reporting: may NOT read customers\)\n\s+export NS_API_KEY_REPORTING=/);

    const lines = screen.split('\n').map((l) => l.trim());
    const proxyLine = lines.find((l) => l.startsWith('curl ') && l.includes('scriptlet.nl')) as string;
    const answer = await curl(proxyLine, { NS_API_KEY: apiKey });
    expect(answer).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });
    const token = answer['access_token'] as string;
    const suiteqlLine = lines.find((l) => l.startsWith('curl ') && l.includes('/query/v1/suiteql')) as string;
    const rows = await curl(suiteqlLine, { ACCESS_TOKEN: token });
    expect(rows).toMatchObject({ count: 5, hasMore: true, totalResults: 25 });
    expect(lines.find((l) => l.startsWith('export ACCESS_TOKEN=$(curl'))).toContain(proxyLine);
    // The reporting key's commands: its own token, and the same SuiteQL answered with NetSuite's permission error.
    const reportingExport = lines.find((l) => l.startsWith('export REPORTING_TOKEN=$(curl')) as string;
    expect(reportingExport).toContain(proxyLine.replace('$NS_API_KEY"', '$NS_API_KEY_REPORTING"'));
    const reportingAnswer = await curl(proxyLine.replace('$NS_API_KEY"', '$NS_API_KEY_REPORTING"'), { NS_API_KEY_REPORTING: reportingKey });
    const reportingToken = reportingAnswer['access_token'] as string;
    expect(typeof reportingToken).toBe('string');
    expect(reportingToken).not.toBe(token);
    const reportingSuiteql = lines.filter((l) => l.startsWith('curl ') && l.includes('/query/v1/suiteql'))[1] as string;
    expect(reportingSuiteql).toContain('$REPORTING_TOKEN');
    const refused = await curl(reportingSuiteql, { REPORTING_TOKEN: reportingToken }, 400);
    expect(JSON.stringify(refused)).toContain("Search error occurred: Record 'customer' was not found.");
    // The doctor one-liner is printed for this state folder and port.
    const doctorLine = lines.find((l) => l.includes('npx ns-oauth doctor --local')) as string;
    expect(doctorLine).toMatch(/^NS_LOCAL_PORT=\d+ npx ns-oauth doctor --local '.+' --live$/);
    // ... and works against this running stand-in (the same command, through bin/ns-oauth.js as npx runs it).
    const [, port, stateDir] = /^NS_LOCAL_PORT=(\d+) npx ns-oauth doctor --local '(.+)' --live$/.exec(doctorLine) as unknown as [string, string, string];
    const doctor = spawn(process.execPath, [path.join(ROOT, 'bin', 'ns-oauth.js'), 'doctor', '--local', stateDir, '--live'], { cwd: ROOT, env: { ...process.env, NS_LOCAL_PORT: port } });
    let doctorOut = '';
    doctor.stdout.on('data', (d: Buffer) => (doctorOut += d.toString()));
    doctor.stderr.on('data', (d: Buffer) => (doctorOut += d.toString()));
    expect(await new Promise((resolve) => doctor.on('exit', resolve))).toBe(0);
    expect(doctorOut).toMatch(/NetSuite issued a Bearer token/);
    expect(doctorOut).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}/);
    // Requests are logged after the screen, never with a key or a token.
    await waitFor(first, 'POST /services/rest/query/v1/suiteql → 200');
    expect(first.stdout().split(screen)[1]).not.toMatch(/nsk_|eyJ/);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.stdout()).toMatch(/Stopped\. The account is saved in /);
    expect(fs.existsSync(path.join(dir, 'lock'))).toBe(false);

    const second = run('tools/start.ts', ['--state-dir', dir, '--port', '0', '--quiet']);
    const again = await waitFor(second, 'Stop with Ctrl-C');
    expect(again).toMatch(/^ 1\. Loaded the account from .*\(2 API clients: local-dev nsk_\S+ \[Default\], reporting nsk_\S+ \[Reporting \(no customers\)\]\)/m);
    expect(again).toMatch(/^ 2\. Ran the token refresher: the stored token is still fresh/m);
    expect(again).not.toContain(apiKey);
    expect(again).not.toContain(reportingKey);
    const proxyUrl = /Token proxy \(Suitelet, external URL\)\s+(\S+)/.exec(again)?.[1] as string;
    const base = /Listening on (\S+)/.exec(again)?.[1] as string;
    const viaProxy = (await (await fetch(proxyUrl, { headers: { 'X-API-Key': apiKey } })).json()) as Record<string, unknown>;
    expect(viaProxy['access_token']).toBe(token);
    // The token from the first process passes REST in the second one.
    const q = await fetch(`${base}/services/rest/record/v1/customer/101`, { headers: { Authorization: `Bearer ${token}` } });
    expect(q.status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const third = run('tools/start.ts', ['--state-dir', dir, '--port', '0', '--reset']);
    const reset = await waitFor(third, 'Stop with Ctrl-C');
    expect(reset).toMatch(/Created the account in .*after --reset/);
    const newKey = /export NS_API_KEY=(nsk_\S+)/.exec(reset)?.[1] as string;
    expect(newKey).not.toBe(apiKey);
    third.child.kill('SIGINT');
    expect(await third.exited).toBe(0);
  }, 60_000);

  it('explains a busy port and exits 1', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = run('tools/start.ts', ['--state-dir', dir, '--port', String(port)]);
      expect(await r.exited).toBe(1);
      expect(r.stderr()).toMatch(new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use.*--port ${port + 1}`));
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
    const bad = run('tools/start.ts', ['--state-dir', dir, '--speed', 'fast']);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toMatch(/--speed/);
  }, 20_000);
});

describe('npm run demo', () => {
  it('runs the whole flow, prints each step, exits 0 and leaves no temporary folder', async () => {
    const before = new Set(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('ns-local-demo-')));
    const t0 = Date.now();
    const r = run('tools/demo.ts', []);
    expect(await r.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(20_000);
    const out = r.stdout();
    for (const step of [
      '1. Start',
      '2. Run the token refresher',
      '3. Call the proxy',
      '4. Run SuiteQL',
      '5. Call the proxy with the "Reporting (no customers)" profile',
      '6. Run the same SuiteQL with that token',
      '7. Call the proxy with a wrong API key',
      '8. Stop',
    ]) {
      expect(out).toContain(step);
    }
    expect(out).toMatch(/✓ 3 of 25 rows: 101 Acme Corporation/);
    // Each key its own token, and what that token may do.
    const tokens = [...out.matchAll(/token (sha256:[0-9a-f]{8}), role (\d+)/g)].map((m) => [m[1], m[2]]);
    expect(new Set(tokens.map((t) => t[0])).size).toBe(2);
    expect(new Set(tokens.map((t) => t[1]))).toEqual(new Set(['1001', '1002']));
    expect(out).toMatch(/"reporting" \(Reporting \(no customers\)\): .* → SuiteQL on customer: HTTP 400 INVALID_PARAMETER/);
    expect(out).not.toMatch(/nsk_[A-Za-z0-9_-]{20,}|eyJ[A-Za-z0-9_-]{20,}/); // keys and tokens are never printed whole
    expect(out).toMatch(/"error": "unauthorized"/);
    expect(out).toMatch(/Demo passed/);
    const after = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('ns-local-demo-') && !before.has(f));
    expect(after).toEqual([]);
  }, 30_000);
});
