/**
 * Section 3 of `npm run bench`: proxy throughput and latency over HTTP on 127.0.0.1.
 *
 * A minimal HTTP server (this file; not the local NetSuite stand-in) maps each request to
 * `account.runSuitelet` the way NetSuite's Suitelet URL does (`/app/site/hosting/scriptlet.nl?script=<id>&deploy=<n>`:
 * method, headers, query, body, client address), and a bounded load generator (`loadgen.mjs`, a child
 * process) drives it with C keep-alive clients for T seconds. The product's proxy and a BASELINE Suitelet
 * written as the reference guide writes it (`baseline/token_suitelet_baseline.js`) are served by the
 * same account and measured in the same run.
 *
 * Fair by construction: both scripts are MOUNTED host files (the baseline is written to a temporary folder and
 * mounted at /SuiteScripts/Bench), so both go through the same File Cabinet cache (one stat per file per call) and
 * the same compile cache; both run with the same run-as role and log level, behind the same server, with the same
 * memory bound as the local stand-in (tools/local-account/memory.ts). The server's peak RSS is sampled during each
 * run. A last run serves the proxy with the memory bound OFF, as the stand-in did before, to show what it bounds.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createTestAccount, type TestAccount } from '../harness';
import { SCRIPTS, STATUS_LIST } from '../../src/TypeScript/core/names';
import type { Account } from '../suitescript-runtime';
import { createHeapGuard, fullGc, type HeapGuard, type HeapGuardStats } from '../local-account/memory';
import { mean, median, percentile, round } from './stats';

const LOADGEN = path.join(__dirname, 'loadgen.mjs');
const BASELINE_FILE = path.join(__dirname, 'baseline', 'token_suitelet_baseline.js');
export const BASELINE_DEPLOYMENT = 'customdeploy_bench_baseline_token';
const BASELINE_SCRIPT = 'customscript_bench_baseline_token';
/** The baseline's plaintext credential: a bench placeholder, not a secret (it is in the baseline file). */
const BASELINE_USER = 'bench_user';
const BASELINE_PASSWORD = 'bench-plaintext-credential-not-a-secret';
const MAX_BODY = 1024 * 1024;

export interface LoadResult {
  concurrency: number;
  durationMs: number;
  requests: number;
  ok: number;
  errors: number;
  errorKinds: Record<string, number>;
  requestsPerSecond: number;
  latencyMs: { p50: number | null; p90: number | null; p99: number | null; max: number | null };
}

export interface ServedFigure {
  executions: number;
  /** Governance units per call: mean, min, max. */
  units: { mean: number; min: number; max: number };
  bytesLoaded: number;
  /** Time of `runSuitelet` itself, inside the server (ms). */
  executionMs: { p50: number; p99: number };
}

export interface HttpTarget {
  name: string;
  deploymentId: string;
  load: LoadResult;
  served: ServedFigure;
  /** RSS of the server process before the run (after a full GC) and its peak during the run (sampled every 50 ms). */
  rss: { beforeBytes: number; peakBytes: number };
  /** Whether the memory bound was on, and what it did during this run. */
  heapGuard: (HeapGuardStats & { on: true }) | { on: false };
}

export interface HttpResults {
  concurrency: number;
  durationMs: number;
  targets: HttpTarget[];
  /** In-process `runSuitelet` of a Suitelet that only writes "{}": the in-memory runtime's floor per execution (fresh realm). */
  emptySuiteletMs: { runs: number; p50: number; p99: number };
  /** proxy requests/s ÷ baseline requests/s. */
  throughputRatio: number;
  /** proxy p50 ÷ baseline p50. */
  p50Ratio: number;
  /** proxy p99 ÷ baseline p99. */
  p99Ratio: number;
  /** How the two scripts were loaded (the same way: mounted host files, cached by stat). */
  loadedAs: { proxy: string; baseline: string };
}

export interface HttpOptions {
  concurrency: number;
  durationMs: number;
  warmupMs: number;
  /** Also serve the proxy with the memory bound off (last, as the "before" of peak RSS); default true. */
  unboundedRun?: boolean;
  log?: (line: string) => void;
}

interface Stats {
  units: number[];
  bytes: number[];
  ms: number[];
}

/** `/app/site/hosting/scriptlet.nl?script=<internal id or script id>&deploy=<number or deployment id>` → deployment id. */
function routes(account: Account): (script: string, deploy: string) => string | undefined {
  const scripts = account.listScripts();
  return (script, deploy) => {
    const s = scripts.find((x) => String(x.internalId) === script || x.def.scriptId === script);
    const d = s?.deployments.find((x) => String(x.deployNumber) === deploy || x.scriptId === deploy);
    return s?.def.kind === 'suitelet' ? d?.scriptId : undefined;
  };
}

/** Starts the Suitelet HTTP server on 127.0.0.1 (random port). */
export async function startSuiteletServer(
  account: Account,
  guard: { current: HeapGuard | null } = { current: null },
): Promise<{ port: number; stats: Map<string, Stats>; close(): Promise<void> }> {
  const find = routes(account);
  const stats = new Map<string, Stats>();
  const host = `${account.hostPrefix}.extforms.netsuite.com`;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', `https://${host}`);
      const deploymentId =
        url.pathname === '/app/site/hosting/scriptlet.nl' ? find(url.searchParams.get('script') ?? '', url.searchParams.get('deploy') ?? '') : undefined;
      if (!deploymentId) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('no such Suitelet deployment\n');
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const result = account.runSuitelet({
        deploymentId,
        method: req.method ?? 'GET',
        url: url.toString(),
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
        clientIpAddress: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
      });
      guard.current?.afterExecution();
      let s = stats.get(deploymentId);
      if (!s) stats.set(deploymentId, (s = { units: [], bytes: [], ms: [] }));
      if (s.units.length < 500_000) {
        s.units.push(result.usage);
        s.bytes.push(result.bytesLoaded);
        s.ms.push(result.durationMs);
      }
      const body = Buffer.from(result.body, 'utf8');
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(result.headers)) out[k] = v;
      out['Content-Length'] = String(body.length);
      res.writeHead(result.status, out).end(body);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs loadgen.mjs in a child process (killed if it overruns). */
export function runLoad(job: { url: string; headers: Record<string, string>; concurrency: number; durationMs: number; warmupMs: number; expect: string }): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOADGEN], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const limit = setTimeout(() => child.kill('SIGKILL'), job.durationMs + job.warmupMs + 30_000);
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', (e) => {
      clearTimeout(limit);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(limit);
      if (code !== 0) return reject(new Error(`loadgen exited with ${String(code)}: ${err.slice(0, 500)}`));
      try {
        resolve(JSON.parse(out) as LoadResult);
      } catch {
        reject(new Error(`loadgen printed no result: ${err.slice(0, 500)}`));
      }
    });
    child.stdin.end(JSON.stringify({ ...job, method: 'GET', timeoutMs: 10_000, maxRequests: 2_000_000 }));
  });
}

/**
 * Deploys the baseline Suitelet with the account's token record id and Active status id. The file is written to a
 * temporary host folder and MOUNTED, like the built proxy, so that both are loaded the same way (returns a clean-up).
 */
export function deployBaseline(t: TestAccount): () => void {
  const rec = t.tokenRecord();
  if (!rec) throw new Error('deployBaseline: run the refresher first (no token record)');
  const activeId = t.account.lists.idOf(STATUS_LIST.scriptId, STATUS_LIST.values.active.scriptId);
  const source = readFileSync(BASELINE_FILE, 'utf8')
    .replace('TOKEN_RECORD_ID: 1,', `TOKEN_RECORD_ID: ${rec.id},`)
    .replace('ACTIVE_STATUS_ID: 1,', `ACTIVE_STATUS_ID: ${activeId},`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ns-bench-baseline-'));
  writeFileSync(path.join(dir, 'token_suitelet_baseline.js'), source);
  t.account.mount('/SuiteScripts/Bench', dir);
  const file = '/SuiteScripts/Bench/token_suitelet_baseline.js';
  t.account.defineObjects([
    {
      kind: 'suitelet',
      scriptId: BASELINE_SCRIPT,
      name: 'Bench: baseline token Suitelet (reference guide)',
      scriptFile: file,
      parameters: [],
      // Like the proxy's deployment: available without login, run as the proxy's least-privilege role, AUDIT logs.
      deployments: [
        { scriptId: BASELINE_DEPLOYMENT, status: 'RELEASED', availableWithoutLogin: true, runAsRole: 'customrole_oauth_token_proxy', audienceRoles: ['ONLINE_FORM_USER'], logLevel: 'AUDIT' },
      ],
    },
  ]);
  return () => {
    t.account.unmount('/SuiteScripts/Bench');
    rmSync(dir, { recursive: true, force: true });
  };
}

/** An "available without login" Suitelet that only writes {} (the runtime's floor per execution). */
export function deployEmptySuitelet(t: TestAccount): string {
  const file = '/SuiteScripts/Bench/empty_suitelet.js';
  const source = `/**\n * @NApiVersion 2.1\n * @NScriptType Suitelet\n */\ndefine([], function () {\n  return { onRequest: function (context) { context.response.write('{}'); } };\n});\n`;
  t.account.addFile({ path: file, contents: source, fileType: 'JAVASCRIPT' });
  const deploymentId = 'customdeploy_bench_empty';
  t.account.defineObjects([
    {
      kind: 'suitelet',
      scriptId: 'customscript_bench_empty',
      name: 'Bench: empty Suitelet',
      scriptFile: file,
      parameters: [],
      deployments: [{ scriptId: deploymentId, status: 'RELEASED', availableWithoutLogin: true, audienceRoles: ['ONLINE_FORM_USER'], logLevel: 'AUDIT' }],
    },
  ]);
  return deploymentId;
}

export const BASELINE_HEADERS = { 'X-Username': BASELINE_USER, 'X-Password': BASELINE_PASSWORD };

function served(s: Stats | undefined): ServedFigure {
  const units = s?.units ?? [];
  return {
    executions: units.length,
    units: { mean: round(mean(units), 2), min: units.length ? Math.min(...units) : NaN, max: units.length ? Math.max(...units) : NaN },
    bytesLoaded: s?.bytes.length ? Math.max(...s.bytes) : 0,
    executionMs: { p50: round(median(s?.ms ?? [])), p99: round(percentile(s?.ms ?? [], 99)) },
  };
}

export async function benchHttp(o: HttpOptions): Promise<HttpResults> {
  const say = o.log ?? (() => undefined);
  const t = await createTestAccount({ historyLimit: 1000 });
  t.configureRefresher();
  const run = t.runRefresher();
  if (!run.ok || !t.tokenRecord()) throw new Error('http bench: the refresher did not store a token');
  const { key } = t.addApiClient({ name: 'bench load client' });
  const removeBaseline = deployBaseline(t);
  try {
    return await measure(t, key, o, say);
  } finally {
    removeBaseline();
  }
}

async function measure(t: TestAccount, key: string, o: HttpOptions, say: (line: string) => void): Promise<HttpResults> {
  t.clock.advance(10 * 60_000); // the token has ~50 minutes left; the clock stays put during the load

  // Both must answer the token before we measure them.
  const check = (deploymentId: string, headers: Record<string, string>) => {
    const r = t.account.runSuitelet({ deploymentId, headers, clientIpAddress: '127.0.0.1' });
    if (!r.body.includes('"access_token"')) throw new Error(`http bench: ${deploymentId} does not answer a token (${r.body.slice(0, 80).replace(/"access_token":"[^"]*"/, '"access_token":"…"')})`);
    return r.loadedFiles.map((f) => f.path);
  };
  const proxyFiles = check(SCRIPTS.proxy.deploymentId, { 'X-API-Key': key });
  const baselineFiles = check(BASELINE_DEPLOYMENT, BASELINE_HEADERS);
  const source = (p: string) => t.account.fileCabinet.get(p)?.source ?? '?';
  const loadedAs = {
    proxy: `${proxyFiles.length} file(s), ${[...new Set(proxyFiles.map(source))].join('/')}`,
    baseline: `${baselineFiles.length} file(s), ${[...new Set(baselineFiles.map(source))].join('/')}`,
  };
  const empty = deployEmptySuitelet(t);
  const emptyMs: number[] = [];
  const emptyRuns = Math.max(50, Math.min(500, Math.round(o.durationMs / 20)));
  for (let i = 0; i < emptyRuns + 20; i++) {
    const r = t.account.runSuitelet({ deploymentId: empty, clientIpAddress: '127.0.0.1' });
    if (i >= 20) emptyMs.push(r.durationMs);
  }

  const guard: { current: HeapGuard | null } = { current: null };
  const server = await startSuiteletServer(t.account, guard);
  const gc = fullGc();
  try {
    const scripts = t.account.listScripts();
    const urlOf = (deploymentId: string) => {
      const s = scripts.find((x) => x.deployments.some((d) => d.scriptId === deploymentId))!;
      const d = s.deployments.find((x) => x.scriptId === deploymentId)!;
      return `http://127.0.0.1:${server.port}/app/site/hosting/scriptlet.nl?script=${s.internalId}&deploy=${d.deployNumber}&compid=${t.account.accountId}`;
    };
    const targets: HttpTarget[] = [];
    const runs = [
      { name: 'proxy (this project)', deploymentId: SCRIPTS.proxy.deploymentId, headers: { 'X-API-Key': key } as Record<string, string>, bounded: true },
      { name: 'baseline (reference guide)', deploymentId: BASELINE_DEPLOYMENT, headers: BASELINE_HEADERS as Record<string, string>, bounded: true },
    ];
    // Last: its heap may stay large afterwards.
    if (o.unboundedRun !== false) runs.push({ name: 'proxy, memory bound off (before)', deploymentId: SCRIPTS.proxy.deploymentId, headers: { 'X-API-Key': key }, bounded: false });
    for (const target of runs) {
      say(`http: ${target.name}, ${o.concurrency} clients for ${o.durationMs / 1000} s ...`);
      server.stats.delete(target.deploymentId);
      gc();
      gc();
      guard.current = target.bounded ? createHeapGuard() : null;
      const before = process.memoryUsage.rss();
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
      let load: LoadResult;
      try {
        load = await runLoad({ url: urlOf(target.deploymentId), headers: target.headers, concurrency: o.concurrency, durationMs: o.durationMs, warmupMs: o.warmupMs, expect: '"access_token"' });
      } finally {
        clearInterval(sampler);
      }
      peak = Math.max(peak, process.memoryUsage.rss());
      targets.push({
        name: target.name,
        deploymentId: target.deploymentId,
        load,
        served: served(server.stats.get(target.deploymentId)),
        rss: { beforeBytes: before, peakBytes: peak },
        heapGuard: guard.current ? { on: true, ...guard.current.stats() } : { on: false },
      });
    }
    guard.current = null;
    gc();
    gc();
    const [p, b] = targets as [HttpTarget, HttpTarget];
    return {
      concurrency: o.concurrency,
      durationMs: o.durationMs,
      targets,
      emptySuiteletMs: { runs: emptyMs.length, p50: round(median(emptyMs)), p99: round(percentile(emptyMs, 99)) },
      throughputRatio: round(p.load.requestsPerSecond / b.load.requestsPerSecond, 2),
      p50Ratio: round((p.load.latencyMs.p50 ?? NaN) / (b.load.latencyMs.p50 ?? NaN), 2),
      p99Ratio: round((p.load.latencyMs.p99 ?? NaN) / (b.load.latencyMs.p99 ?? NaN), 2),
      loadedAs,
    };
  } finally {
    await server.close();
  }
}
