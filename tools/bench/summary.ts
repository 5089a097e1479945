/**
 * Issue 12's table: every figure of the issue with its baseline and the goal it meets or misses.
 *
 * Two kinds of baseline: the issue's own measurement of the build before this work ("issue 12"), and where a
 * figure is a timing, a baseline measured in the SAME run (the reference Suitelet, the cache switched off, the memory
 * bound switched off, Node's own start), because timings only compare within one run on one machine.
 */
import type { BenchResults } from './index';
import { fmtInt, fmtKb, fmtMs, fmtRatio } from './stats';

export type Verdict = 'meets' | 'misses' | 'n/a' | 'info';

export interface SummaryRow {
  what: string;
  /** Before (issue 12's measurement), and the same-run baseline when there is one. */
  baseline: string;
  measured: string;
  goal: string;
  verdict: Verdict;
}

const KB = 1024;
const MB = 1024 * 1024;
const mb = (b: number) => `${(b / MB).toFixed(0)} MB`;

function verdict(ok: boolean): Verdict {
  return ok ? 'meets' : 'misses';
}

export function summaryRows(r: BenchResults): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const g = r.governance;
  const lean = r.lean;
  const h = r.http;
  const skipped = (what: string, baseline: string, goal: string, section: string): SummaryRow => ({ what, baseline, measured: `not measured (--only without ${section})`, goal, verdict: 'n/a' });

  if (g) {
    // Every call of a known client (warm, and the periodic re-check and token re-read) loads the
    // proxy's own file only; a first contact or a failure also loads lib/proxy_slow.js (printed).
    const known = g.proxy.filter((f) => /warm cache|known client/.test(f.case));
    const knownMax = Math.max(...known.map((f) => f.bytesLoaded));
    const knownFiles = Math.max(...known.map((f) => f.files.length));
    const largest = Math.max(...g.proxy.map((f) => f.bytesLoaded));
    rows.push({
      what: 'proxy: JS loaded per call of a known client',
      baseline: '29.4 KB in 4 files',
      measured: `${fmtKb(knownMax)} in ${knownFiles} file(s)`,
      goal: '≤ 12 KB',
      verdict: verdict(knownMax <= 12 * KB),
    });
    rows.push({ what: 'proxy: JS loaded on a first contact or a failure', baseline: '29.4 KB in 4 files', measured: `${fmtKb(largest)} (two files)`, goal: 'printed', verdict: 'info' });
  } else rows.push(skipped('proxy: JS loaded per call', '29.4 KB in 4 files', '≤ 12 KB', 'governance'));

  if (lean) {
    const c = lean.compile;
    rows.push({
      what: 'proxy: compile per call in a fresh context',
      baseline: `0.74 ms; reference Suitelet ${fmtMs(c.baseline.uncachedMs)} ms this run`,
      measured: `${fmtMs(c.proxy.uncachedMs)} ms (${fmtRatio(c.ratio)} the reference; ${fmtMs(c.proxy.cachedMs)} ms with the stand-in's compile cache)`,
      goal: '≤ 0.32 ms (the issue\'s lean bound)',
      verdict: verdict(c.proxy.uncachedMs <= 0.32),
    });
  } else rows.push(skipped('proxy: compile per call in a fresh context', '0.74 ms', '≤ 0.32 ms', 'lean'));

  if (g) {
    const find = (re: RegExp) => g.proxy.find((f) => re.test(f.case))?.units ?? NaN;
    const warm = find(/warm cache/);
    rows.push({ what: 'proxy: units, warm success', baseline: '3 (the reference Suitelet: 2)', measured: String(warm), goal: '2', verdict: verdict(warm <= 2) });
    rows.push({ what: 'proxy: units, rejected key', baseline: '14', measured: String(find(/rejected/)), goal: 'printed', verdict: 'info' });
    rows.push({ what: 'proxy: units, cold cache (worst case)', baseline: '31', measured: String(find(/success, cold cache/)), goal: 'printed', verdict: 'info' });
    const ref = (re: RegExp) => g.refresher.filter((f) => /key file/.test(f.case) && re.test(f.case));
    const skip = ref(/skip/)[0];
    const refresh = ref(/: refresh \(/)[0];
    if (skip) {
      rows.push({ what: 'refresher: skip run, units', baseline: '12', measured: String(skip.units), goal: '1 to 2', verdict: verdict(skip.units <= 2) });
      rows.push({ what: 'refresher: skip run, script loaded', baseline: '384 KB (jsrsasign)', measured: fmtKb(skip.bytesLoaded), goal: 'about 40 KB (≤ 40 KB)', verdict: verdict(skip.bytesLoaded <= 40 * KB) });
    }
    if (refresh) rows.push({ what: 'refresher: refresh run, units', baseline: '39', measured: String(refresh.units), goal: 'about 33 (≤ 33)', verdict: verdict(refresh.units <= 33) });
    if (g.day) rows.push({ what: 'refresher: units per day (every 15 min)', baseline: '2,024', measured: `${fmtInt(g.day.totalUnits)} (${g.day.refreshes} refreshes, ${g.day.skips} skips)`, goal: 'about 1,100 (≤ 1,100)', verdict: verdict(g.day.totalUnits <= 1_100) });
    else rows.push({ what: 'refresher: units per day', baseline: '2,024', measured: 'not simulated', goal: 'about 1,100', verdict: 'n/a' });
  } else rows.push(skipped('proxy and refresher units', '3 / 12 / 39 / 2,024', 'see the issue', 'governance'));

  if (lean) {
    const p = lean.profiles;
    rows.push({
      what: `refresher: units per run with ${p.profiles} profiles`,
      baseline: '-',
      measured: p.available ? `refresh ${p.refreshUnits}, skip ${p.skipUnits}${p.note === 'ok' ? '' : ` (${p.note})`}` : p.note,
      goal: 'printed',
      verdict: p.available ? 'info' : 'n/a',
    });
  }

  if (h) {
    const [proxy, base, unbounded] = h.targets;
    if (proxy && base) {
      const fair = /mount/.test(h.loadedAs.proxy) && /mount/.test(h.loadedAs.baseline) && !/stored/.test(h.loadedAs.proxy + h.loadedAs.baseline);
      rows.push({
        what: `local stand-in: proxy vs reference Suitelet over HTTP, ${h.concurrency} connections`,
        baseline: `0.60x, p99 129 vs 73 ms; reference this run: ${fmtInt(base.load.requestsPerSecond)} req/s, p50 ${fmtMs(base.load.latencyMs.p50)}, p99 ${fmtMs(base.load.latencyMs.p99)} ms`,
        measured: `${fmtRatio(h.throughputRatio)} the throughput (${fmtInt(proxy.load.requestsPerSecond)} req/s), p50 ${fmtMs(proxy.load.latencyMs.p50)} vs ${fmtMs(base.load.latencyMs.p50)} ms, p99 ${fmtMs(proxy.load.latencyMs.p99)} vs ${fmtMs(base.load.latencyMs.p99)} ms`,
        goal: 'a fair comparison: both mounted, both cached',
        verdict: verdict(fair),
      });
      const peakGrowth = Math.max(proxy.rss.peakBytes - proxy.rss.beforeBytes, base.rss.peakBytes - base.rss.beforeBytes);
      const before = unbounded ? `; bound off this run: peak ${mb(unbounded.rss.peakBytes)} (+${mb(unbounded.rss.peakBytes - unbounded.rss.beforeBytes)})` : '';
      rows.push({
        what: 'local stand-in: peak RSS under load',
        baseline: `540-580 MB, once 1.3 GB${before}`,
        measured: `peak ${mb(Math.max(proxy.rss.peakBytes, base.rss.peakBytes))} (+${mb(peakGrowth)} over the start of a run)`,
        goal: 'bounded (≤ +300 MB over the start)',
        verdict: verdict(peakGrowth <= 300 * MB),
      });
    }
  } else rows.push(skipped('local stand-in: proxy vs reference over HTTP, peak RSS', '0.60x, p99 129 vs 73 ms; 540-580 MB', 'fair; bounded', 'http'));

  if (lean) {
    const c = lean.standInCache;
    rows.push({
      what: 'local stand-in: a warm proxy call (runSuitelet), File Cabinet cache',
      baseline: `re-read and re-hashed every call; cache off this run: p50 ${fmtMs(c.off.p50)} ms, p99 ${fmtMs(c.off.p99)}`,
      measured: `p50 ${fmtMs(c.on.p50)} ms, p99 ${fmtMs(c.on.p99)}; ${fmtInt(c.reads)} disk reads in ${fmtInt(c.calls)} calls (${fmtInt(c.hits)} stat hits); ${c.compiledScripts} compiled scripts held (≤ 500)`,
      goal: 'an unchanged file is not re-read or re-hashed; compile cache bounded',
      verdict: verdict(c.reads === 0 && c.hits > 0 && c.compiledScripts <= 500),
    });
    const cli = lean.cli;
    rows.push({
      what: '`ns-oauth --help` start',
      baseline: `3.6 s (npx); node's own start this run: ${fmtInt(cli.nodeFloorMs)} ms`,
      measured: `${fmtInt(cli.helpMs)} ms (node bin/ns-oauth.js, median of ${cli.runs})${cli.ok ? '' : ' — FAILED to print its usage'}`,
      goal: 'well under a second (≤ 500 ms)',
      verdict: verdict(cli.ok && cli.helpMs <= 500),
    });
  }
  return rows;
}
