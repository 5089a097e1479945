/**
 * Load on the local account (loopback only, bounded in time and count): 200 concurrent keep-alive
 * clients call the proxy Suitelet at its external URL with a valid API key. Every answer must be a
 * token (HTTP 200, JSON, `token_type: "Bearer"`, no `error`), the proxy must keep serving (a
 * throughput floor that only a hang or a crawl misses), the server's live heap must stay flat, and
 * its peak RSS must stay bounded.
 *
 * How long: 10 s by default (`npm test`), 60 s in CI (`CI=true`) and with `npm run load`
 * (`LOAD_TEST_SECONDS=60`; any number of seconds from 5 to 120 works). The assertions are the same;
 * the sampling interval and the heap bound scale with the duration (see below).
 *
 * - The local account runs in this Jest worker, exactly as the other local-account tests start it
 *   (fresh temporary state folder, port 0, the scheduler on, the real-time clock). The clients run in
 *   a child process (`clients.mjs`) so they do not share the server's event loop. It is
 *   tools/bench/loadgen.mjs's loop with a stricter check of each answer (loadgen only looks for a
 *   substring, so it cannot tell an unparsable body from an `error` answer), and all 200 clients
 *   make their first call together before any of them loops (see clients.mjs: a saturated Node
 *   HTTP server is slow to serve new connections, whatever it runs).
 * - Bounds: the duration, at most 1,000,000 requests, 30 s per request, and a hard kill of the child
 *   45 s after the planned end. Only 127.0.0.1.
 * - Live heap: heapUsed of this process after a forced full GC, at 1/6 and 2/6 of the run and at the
 *   end (see memorySample; no forced GC in between, so that the peak RSS below is the server's own).
 *   The heap also holds Jest itself and the loaded test modules. That part does not grow during the
 *   run, so growth between the baseline (the lower of the two early samples, after warm-up: the
 *   built scripts loaded, the log ring full, every keep-alive socket open) and the end is the
 *   server's growth. The bound is 15 MB for a 60 s run and 8 MB for the 10 s one: in steady state
 *   the growth measured here is within ±3 MB. A leak of 1 KB per request (a request log or a
 *   per-call record kept forever) adds about 24 MB over the ~25,000 requests after warm-up of a 60 s
 *   run on a 2-core machine; the 10 s run catches a leak of about 2 KB per request or more.
 * - Peak RSS: the resident set of this process, sampled every 100 ms during the load (and the
 *   kernel's maxRSS), minus the RSS before the load. Every Suitelet call runs in a fresh vm realm,
 *   and V8 left dead realms to pile up: 540 MB to 1.3 GB under this load before the local account
 *   bounded it (tools/local-account/memory.ts). With the bound the live heap stays flat, but RSS
 *   still creeps (native memory of the realms and allocator fragmentation, not the JS heap): +51 to
 *   +100 MB after 10 s (more on a busy machine), +165 MB after 60 s. With it off (`LOCAL_ACCOUNT_HEAP_GUARD=off`) a 10 s run
 *   measured +200 MB and +264 MB and failed; over 60 s the issue measured 540 MB to 1.3 GB in all
 *   (+350 MB to +1.1 GB). How far it grows varies from run to run, so a short run does not always
 *   catch it: the 60 s run in CI is the real check. The bound is 170 MB + 1.6 MB per second of load
 *   (186 MB for 10 s, 266 MB for 60 s) on the RSS 90% of the run stays under; the peak itself, whose
 *   short spikes vary from run to run (+165 to +348 MB over 60 s here, alone or not), must stay under
 *   twice that. `npm test` runs this file on its own, after the other suites, so that another Jest
 *   worker does not share the machine with it.
 * - The figures (req/s, p50/p90/p99 latency, memory samples, peak RSS, calls slower than 3 s) are
 *   printed for CI's log. They are not assertions, apart from the throughput floor and the memory
 *   bounds.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { fullGc } from '../../tools/local-account/memory';
import { cleanup, getJson, startTemp, type Started } from '../local-account/helpers';

/** `LOAD_TEST_SECONDS` (npm run load sets 60), else 60 s in CI, else 10 s. */
function durationMs(): number {
  const asked = Number(process.env['LOAD_TEST_SECONDS'] ?? '');
  if (Number.isFinite(asked) && asked > 0) return Math.round(Math.min(120, Math.max(5, asked)) * 1000);
  return /^(1|true|yes)$/i.test(process.env['CI'] ?? '') ? 60_000 : 10_000;
}

const CLIENTS = 200;
const DURATION_MS = durationMs();
/** Six samples of the clients' rate per run (10 s apart in the 60 s run). */
const SAMPLE_EVERY_MS = Math.max(1_000, Math.round(DURATION_MS / 6));
const MAX_REQUESTS = 1_000_000;
/** A call that takes longer counts as an error (`timeout`); generous, so that a busy CI runner is not a failure, a hang is. */
const REQUEST_TIMEOUT_MS = 30_000;
/** The child is killed if it has not finished this long after the planned end. */
const KILL_AFTER_MS = DURATION_MS + REQUEST_TIMEOUT_MS + 15_000;
const MIN_REQUESTS_PER_SECOND = 50;
const MB_ = 1024 * 1024;
/** 15 MB for 60 s; 8 MB at least (the noise is ±3 MB). */
const MAX_HEAP_GROWTH_BYTES = Math.max(8 * MB_, Math.round((15 * MB_ * DURATION_MS) / 60_000));
/** Peak RSS above the RSS before the load: 186 MB for 10 s, 266 MB for 60 s (see the header). */
const MAX_RSS_GROWTH_BYTES = Math.round((170 + 1.6 * (DURATION_MS / 1000)) * MB_);
const RSS_EVERY_MS = 100;
const CLIENT_SCRIPT = path.join(__dirname, 'clients.mjs');
const MB = MB_;

const gc = fullGc();

interface MemorySample {
  atMs: number;
  heapUsed: number;
  rss: number;
}

interface ClientSample {
  type: 'sample';
  atMs: number;
  requests: number;
  errors: number;
  requestsPerSecond: number;
}

interface ClientResult {
  type: 'result';
  concurrency: number;
  connectMs: number;
  durationMs: number;
  requests: number;
  capped: boolean;
  ok: number;
  errors: number;
  errorKinds: Record<string, number>;
  distinctTokens: number;
  socketsUsed: number;
  requestsPerSecond: number;
  latencyMs: { p50: number | null; p90: number | null; p99: number | null; max: number | null };
  slow: { atMs: number; ms: number; reusedSocket: boolean | null; error: string | null }[];
}

/**
 * heapUsed after a full GC: the lowest of five readings 150 ms apart. Under load, a reading right
 * after a GC can still count the realms of the calls the event loop ran just before it (each Suitelet
 * call runs in a fresh vm realm, released in a second GC pass): up to ~40 MB with 200 clients. The
 * lowest of a few readings is the live heap; rss is reported at that reading.
 */
async function memorySample(atMs: number): Promise<MemorySample> {
  let best: MemorySample | undefined;
  for (let i = 0; i < 5; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 150));
    gc();
    gc();
    const m = process.memoryUsage();
    if (!best || m.heapUsed < best.heapUsed) best = { atMs, heapUsed: m.heapUsed, rss: m.rss };
  }
  return best as MemorySample;
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
const ms = (v: number | null) => (v === null ? '-' : `${v.toFixed(1)} ms`);

let s: Started;
let child: ChildProcess | undefined;
/** Lines the local account logged that are not request lines (failures, refresher runs). */
const notable: string[] = [];
let requestLines = 0;

beforeAll(async () => {
  // Normal clock, scheduler on. Request lines are counted, not kept: keeping 40,000 of them would
  // be growth of the test's own making.
  s = await startTemp({
    log: (line) => {
      if (line.startsWith('!') || line.includes('refresher')) {
        if (notable.length < 200) notable.push(line);
      } else requestLines++;
    },
  });
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await cleanup();
});

/** Runs the clients in a child process; calls `onSample` every 10 s of load; resolves with the result. */
function runClients(job: Record<string, unknown>, onSample: (sample: ClientSample) => void): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [CLIENT_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    child = proc;
    let result: ClientResult | undefined;
    let buffered = '';
    let stderr = '';
    const killer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`the load clients did not finish within ${KILL_AFTER_MS / 1000} s; killed`));
    }, KILL_AFTER_MS);
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.trim() === '') continue;
        const msg = JSON.parse(line) as ClientSample | ClientResult;
        if (msg.type === 'sample') onSample(msg);
        else result = msg;
      }
    });
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk: string) => {
      if (stderr.length < 10_000) stderr += chunk;
    });
    proc.on('error', (e) => {
      clearTimeout(killer);
      reject(e);
    });
    proc.on('close', (code) => {
      clearTimeout(killer);
      if (code === 0 && result) resolve(result);
      else reject(new Error(`the load clients exited with ${String(code)}: ${stderr.slice(0, 2_000)}`));
    });
    proc.stdin.end(JSON.stringify(job));
  });
}

describe(`proxy under load (200 keep-alive clients, ${DURATION_MS / 1000} s, 127.0.0.1)`, () => {
  it('answers every call with a token, keeps serving, and its memory stays flat and bounded', async () => {
    // The account is ready: the refresher stored a token at start, and the key gets it.
    expect(s.local.started.refresher).toMatchObject({ ok: true, outcome: 'refreshed' });
    expect((await getJson(s.local.urls.proxy, { headers: { 'X-API-Key': s.apiKey } })).json['token_type']).toBe('Bearer');

    const fileStarted = Date.now();
    const memory: MemorySample[] = [await memorySample(0)];
    const rssBefore = memory[0]!.rss;
    let rssPeak = process.memoryUsage.rss();
    const rssSamples: number[] = [];
    const rssSampler = setInterval(() => {
      const now = process.memoryUsage.rss();
      rssSamples.push(now);
      rssPeak = Math.max(rssPeak, now);
    }, RSS_EVERY_MS);
    const rates: ClientSample[] = [];
    const pending: Promise<void>[] = [];
    let result: ClientResult;
    try {
      result = await runClients(
        { url: s.local.urls.proxy, apiKey: s.apiKey, concurrency: CLIENTS, durationMs: DURATION_MS, maxRequests: MAX_REQUESTS, timeoutMs: REQUEST_TIMEOUT_MS, sampleEveryMs: SAMPLE_EVERY_MS },
        (sample) => {
          rates.push(sample);
          // Forced GCs only in the baseline window: later ones would bound the RSS that is measured here.
          if (rates.length <= 2) pending.push(memorySample(sample.atMs).then((m) => void memory.push(m)));
        },
      );
    } finally {
      clearInterval(rssSampler);
    }
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    const maxRss = process.resourceUsage().maxRSS * 1024;
    const rssGrowth = rssPeak - rssBefore;
    // The RSS most of the run stays under (90th percentile of the 100 ms samples): the heap guard's
    // forced collections leave short spikes whose height varies from run to run (+165 to +348 MB
    // over 60 s on this machine); a leak or a missing bound lifts the whole curve instead.
    const sortedRss = [...rssSamples].sort((a, b) => a - b);
    const rssP90Growth = (sortedRss[Math.floor(sortedRss.length * 0.9)] ?? rssPeak) - rssBefore;
    await Promise.all(pending);
    memory.push(await memorySample(result.durationMs));
    memory.sort((a, b) => a.atMs - b.atMs);
    // Baseline: the lower of the samples at ~10 s and ~20 s (a sample taken under load may still
    // count realms that were about to be released; a higher baseline would hide growth, never invent it).
    const warm = memory.filter((m) => m.atMs >= SAMPLE_EVERY_MS - 1_000 && m.atMs <= 2 * SAMPLE_EVERY_MS + 1_000);
    const afterWarmup = warm.reduce((a, b) => (b.heapUsed < a.heapUsed ? b : a), warm[0] as MemorySample);
    const end = memory[memory.length - 1] as MemorySample;
    const growth = end.heapUsed - afterWarmup.heapUsed;
    const requestsSinceBaseline = result.requests - (rates.find((r) => r.atMs >= afterWarmup.atMs)?.requests ?? 0);

    console.log(
      [
        `proxy load: ${result.concurrency} keep-alive clients (${result.socketsUsed} sockets, all connected after ${result.connectMs} ms) for ${(result.durationMs / 1000).toFixed(1)} s on 127.0.0.1`,
        `  requests ${result.requests} (ok ${result.ok}, errors ${result.errors}${result.errors ? ` ${JSON.stringify(result.errorKinds)}` : ''}), ${result.requestsPerSecond.toFixed(0)} req/s, distinct tokens ${result.distinctTokens}`,
        `  latency p50 ${ms(result.latencyMs.p50)}, p90 ${ms(result.latencyMs.p90)}, p99 ${ms(result.latencyMs.p99)}, max ${ms(result.latencyMs.max)}`,
        `  req/s per ${(SAMPLE_EVERY_MS / 1000).toFixed(1)} s: ${rates.map((r) => r.requestsPerSecond.toFixed(0)).join(', ')}`,
        `  heapUsed after GC (this Jest worker: server + Jest): ${memory.map((m) => `${(m.atMs / 1000).toFixed(0)} s ${mb(m.heapUsed)}`).join(', ')}`,
        `  rss: ${memory.map((m) => `${(m.atMs / 1000).toFixed(0)} s ${mb(m.rss)}`).join(', ')}`,
        `  heap growth from ${(afterWarmup.atMs / 1000).toFixed(0)} s to the end: ${mb(growth)} (bound ${mb(MAX_HEAP_GROWTH_BYTES)}), ${(growth / Math.max(1, requestsSinceBaseline)).toFixed(0)} bytes per request over ${requestsSinceBaseline} requests`,
        `  peak RSS during the load ${mb(rssPeak)} (sampled every ${RSS_EVERY_MS} ms; ${mb(rssGrowth)} above the ${mb(rssBefore)} before it, ceiling ${mb(2 * MAX_RSS_GROWTH_BYTES)}); 90% of the run under ${mb(rssBefore + rssP90Growth)} (${mb(rssP90Growth)} above, bound ${mb(MAX_RSS_GROWTH_BYTES)}); maxRSS of this Jest worker ${mb(maxRss)}`,
        `  memory bound (tools/local-account/memory.ts): ${JSON.stringify(s.local.heapGuard())}`,
        `  calls slower than 3 s: ${result.slow.length}${result.slow.length ? ` ${JSON.stringify(result.slow.slice(0, 10))}` : ''}`,
        `  load phase took ${((Date.now() - fileStarted) / 1000).toFixed(1)} s`,
        ...(notable.length ? ['  local account log (not requests):', ...notable.slice(0, 20).map((l) => `    ${l}`)] : []),
      ].join('\n'),
    );

    // Zero errors: no non-200, no connection error or timeout, no unparsable body, no `error` answer.
    expect(result.errorKinds).toEqual({});
    expect(result.ok).toBe(result.requests);
    // It kept serving for the whole run, and the cap (a safety net) was not what ended it.
    expect(result.capped).toBe(false);
    expect(result.durationMs).toBeGreaterThanOrEqual(DURATION_MS);
    expect(result.requestsPerSecond).toBeGreaterThan(MIN_REQUESTS_PER_SECOND);
    expect(rates.length).toBeGreaterThanOrEqual(5); // six samples per run: the rate was measured through to the end
    for (const r of rates) expect(r.requestsPerSecond).toBeGreaterThan(MIN_REQUESTS_PER_SECOND / 2);
    // The server logged a request line for each of them (plus the readiness check above).
    expect(requestLines).toBeGreaterThanOrEqual(result.requests);
    // No script or server failure was logged during the run.
    expect(notable.filter((l) => l.startsWith('!'))).toEqual([]);
    // Memory flat.
    expect(warm.length).toBeGreaterThanOrEqual(1);
    expect(growth).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
    expect(rssP90Growth).toBeLessThan(MAX_RSS_GROWTH_BYTES);
    expect(rssGrowth).toBeLessThan(2 * MAX_RSS_GROWTH_BYTES);
  }, DURATION_MS + 60_000);
});
