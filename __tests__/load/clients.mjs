// Load clients for __tests__/load/proxy-load.test.ts, run as a child process so that they do not
// share the server's event loop (the local account runs inside the Jest worker).
//
// Like tools/bench/loadgen.mjs (bounded: a duration, a request cap, a per-request timeout; keep-alive
// clients; 127.0.0.1 only), but every answer is checked the way an external system would use it:
// HTTP 200, a JSON body, no `error` field, `token_type: "Bearer"` and a string `access_token`.
// Anything else counts as an error, by kind (`status 503`, `unparsable body`, `error unauthorized`,
// `ECONNRESET`, `timeout`, ...), so that a failure says what went wrong.
//
// Job (JSON on stdin): { url, apiKey, concurrency, durationMs, maxRequests, timeoutMs, sampleEveryMs }
// Output (JSON lines on stdout): { type: 'sample', atMs, requests, errors } every sampleEveryMs, then
// { type: 'result', ... } (counts, error kinds, latency percentiles, the first 50 calls slower than 3 s). Neither the key nor any token is ever printed: only their count.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { percentile, readStdin } from '../../tools/bench/loadkit.mjs';


/** Why an answer is not a usable token, or null when it is one. */
function judge(statusCode, body) {
  if (statusCode !== 200) return `status ${statusCode}`;
  let json;
  try {
    json = JSON.parse(body);
  } catch {
    return 'unparsable body';
  }
  if (json === null || typeof json !== 'object') return 'unparsable body';
  if (json.error !== undefined) return `error ${String(json.error).slice(0, 40)}`;
  if (json.token_type !== 'Bearer') return `token_type ${String(json.token_type).slice(0, 20)}`;
  if (typeof json.access_token !== 'string' || json.access_token === '') return 'no access_token';
  return null;
}

const job = JSON.parse(await readStdin());
const url = new URL(job.url);
if (url.protocol !== 'http:' || url.hostname !== '127.0.0.1') throw new Error('load clients: only http://127.0.0.1 is allowed');
const concurrency = Math.max(1, Math.min(500, job.concurrency | 0));
const durationMs = Math.max(1, Math.min(120_000, job.durationMs | 0));
const maxRequests = Math.max(1, Math.min(5_000_000, job.maxRequests | 0 || 1_000_000));
const timeoutMs = Math.max(100, Math.min(30_000, job.timeoutMs | 0 || 10_000));
const sampleEveryMs = Math.max(1_000, Math.min(60_000, job.sampleEveryMs | 0 || 10_000));
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const headers = { 'X-API-Key': String(job.apiKey) };

const latencies = [];
const errorKinds = {};
const tokens = new Set();
let sent = 0;
let done = 0;
let errors = 0;
const sockets = new Set();
/** Calls slower than this are listed (when, how slow, on a reused keep-alive socket or a new one), for diagnosis. */
const SLOW_MS = 3_000;
const slow = [];
agent.on('free', (s) => sockets.add(s));

function once() {
  return new Promise((resolve) => {
    const started = performance.now();
    let reusedSocket = null;
    const finish = (kind, token) => {
      const ms = performance.now() - started;
      done++;
      if (ms >= SLOW_MS && slow.length < 50) slow.push({ atMs: Math.round(started - t0), ms: Math.round(ms), reusedSocket, error: kind });
      if (kind) {
        errors++;
        errorKinds[kind] = (errorKinds[kind] || 0) + 1;
      } else {
        latencies.push(ms);
        if (tokens.size < 100) tokens.add(token);
      }
      resolve();
    };
    const req = http.request(url, { method: 'GET', headers, agent, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const why = judge(res.statusCode, body);
        finish(why, why ? undefined : JSON.parse(body).access_token);
      });
      res.on('error', (e) => finish(e.code || 'response error'));
    });
    req.on('socket', () => (reusedSocket = req.reusedSocket));
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
    req.on('error', (e) => finish(e.code || 'request error'));
    req.end();
  });
}

const t0 = performance.now();
const deadline = t0 + durationMs;
let lastSample = { atMs: 0, requests: 0 };
const sampler = setInterval(() => {
  const atMs = Math.round(performance.now() - t0);
  process.stdout.write(`${JSON.stringify({ type: 'sample', atMs, requests: done, errors, requestsPerSecond: (done - lastSample.requests) / ((atMs - lastSample.atMs) / 1000) })}\n`);
  lastSample = { atMs, requests: done };
}, sampleEveryMs);

async function client() {
  while (performance.now() < deadline && sent < maxRequests) {
    sent++;
    await once();
  }
}
// Every client opens its keep-alive connection with one call (answered and checked like any other)
// before any client loops: a Node HTTP server saturated by busy keep-alive connections serves the
// first request of a NEW connection only slowly (seconds to tens of seconds with 200 clients on 2
// cores; a bare node:http server does the same), so clients that connected late would measure that
// rather than the proxy. `connectMs` says how long it took for all 200.
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    sent++;
    await once();
  }),
);
const connectMs = performance.now() - t0;
await Promise.all(Array.from({ length: concurrency }, client));
const elapsedMs = performance.now() - t0;
clearInterval(sampler);
agent.destroy();

const sorted = latencies.sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({
    type: 'result',
    concurrency,
    connectMs: Math.round(connectMs),
    durationMs: Math.round(elapsedMs),
    requests: done,
    capped: sent >= maxRequests,
    ok: sorted.length,
    errors,
    errorKinds,
    distinctTokens: tokens.size,
    slow,
    socketsUsed: sockets.size,
    requestsPerSecond: done / (elapsedMs / 1000),
    latencyMs: { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted.length ? sorted[sorted.length - 1] : null },
  })}\n`,
);
