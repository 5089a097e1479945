// Bounded HTTP load generator for `npm run bench` (runs as a child process so that it does not share
// the server's event loop). Reads its job as JSON on stdin, writes one JSON result line on stdout.
//
// Job: { url, method, headers, concurrency, durationMs, warmupMs, timeoutMs, maxRequests, expect }
//   `expect`: a substring every good answer body contains (anything else counts as an error).
// Only 127.0.0.1 / localhost URLs are accepted. The headers (which may carry a test credential) are
// never printed.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { percentile, readStdin } from './loadkit.mjs';


const job = JSON.parse(await readStdin());
const url = new URL(job.url);
if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(url.hostname)) {
  throw new Error('loadgen: only http://127.0.0.1 is allowed');
}
const concurrency = Math.max(1, Math.min(500, job.concurrency | 0));
const durationMs = Math.max(1, Math.min(120_000, job.durationMs | 0));
const warmupMs = Math.max(0, Math.min(30_000, job.warmupMs | 0));
const timeoutMs = Math.max(100, Math.min(30_000, job.timeoutMs | 0 || 10_000));
const maxRequests = Math.max(1, Math.min(5_000_000, job.maxRequests | 0 || 1_000_000));
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function once() {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request(url, { method: job.method || 'GET', headers: job.headers || {}, agent, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const good = res.statusCode === 200 && (!job.expect || body.includes(job.expect));
        resolve({ ms: performance.now() - started, error: good ? null : `status ${res.statusCode}${res.statusCode === 200 ? ' (unexpected body)' : ''}` });
      });
      res.on('error', (e) => resolve({ ms: performance.now() - started, error: e.code || e.message }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ ms: performance.now() - started, error: e.code || e.message }));
    req.end();
  });
}

async function phase(ms, record) {
  const latencies = [];
  const errors = {};
  let count = 0;
  let sent = 0;
  const started = performance.now();
  const deadline = started + ms;
  async function client() {
    while (performance.now() < deadline && sent < maxRequests) {
      sent++;
      const r = await once();
      count++;
      if (!record) continue;
      if (r.error) errors[r.error] = (errors[r.error] || 0) + 1;
      else latencies.push(r.ms);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, client));
  const elapsedMs = performance.now() - started;
  return { latencies, errors, count, elapsedMs };
}

if (warmupMs > 0) await phase(warmupMs, false);
const m = await phase(durationMs, true);
agent.destroy();
const sorted = m.latencies.sort((a, b) => a - b);
const errorCount = Object.values(m.errors).reduce((a, b) => a + b, 0);
process.stdout.write(
  `${JSON.stringify({
    concurrency,
    durationMs: Math.round(m.elapsedMs),
    requests: m.count,
    ok: sorted.length,
    errors: errorCount,
    errorKinds: m.errors,
    requestsPerSecond: m.count / (m.elapsedMs / 1000),
    latencyMs: { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted.length ? sorted[sorted.length - 1] : null },
  })}\n`,
);
