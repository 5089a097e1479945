/**
 * Text report of a bench run (the JSON file carries the same figures, unrounded).
 */
import type { BenchResults } from './index';
import type { ExecutionFigure } from './governance';
import { fmtInt, fmtKb, fmtMs, fmtRatio, table } from './stats';

function byApi(f: ExecutionFigure): string {
  const parts = Object.entries(f.byApi)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k.replace(/^N\//, '')} ${v}`);
  return parts.join(', ') || '-';
}

function files(f: ExecutionFigure): string {
  return f.files.map((x) => `${x.path.replace('/SuiteScripts/OAuth/', '')} ${fmtKb(x.bytes)}`).join(', ');
}

export function formatReport(r: BenchResults): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`npm run bench (${r.mode}) — ${r.startedAt}`);
  out.push(`machine: ${m.cpus} CPU(s), ${m.cpuModel}; Node ${m.node} (V8 ${m.v8}); ${m.platform}`);
  out.push(`elapsed: ${(r.elapsedMs / 1000).toFixed(1)} s`);

  if (r.summary.length) {
    out.push('', 'ISSUE 12 — each figure, its baseline (issue 12\'s measurement before the work; for timings, also a baseline from this run) and its goal');
    out.push(table([['what', 'baseline', 'this run', 'goal', 'result'], ...r.summary.map((x) => [x.what, x.baseline, x.measured, x.goal, x.verdict.toUpperCase()])], true));
  }

  if (r.signing) {
    const s = r.signing;
    out.push('', `1. SIGNING — ms per client assertion (jsrsasign ${s.jsrsasignVersion}, deployed navigator.appName "${s.deployedAppName}", input ${s.signingInput.length} chars)`);
    out.push(
      '   deployed = built lib/jsrsasign.js in the SuiteScript runtime (fresh vm realm), timed per signature with util.nanoTime;',
      '   "outside" = (execution durationMs − 0-signature execution) / n; "first" = first signature of a fresh execution (what a refresher run pays).',
      '   node = the same built file in Node\'s main context; npm = require("jsrsasign") (no navigator.appName: 26-bit am1 loop); native = node:crypto.',
    );
    out.push(
      table([
        ['signature', 'n', 'deployed', 'p95', 'first', 'outside', 'node', 'p95', 'npm', 'native', 'p95', 'deployed/node', 'deployed/npm', 'node/native'],
        ...s.cases.map((c) => [
          c.id,
          String(c.deployed.n),
          fmtMs(c.deployed.medianMs),
          fmtMs(c.deployed.p95Ms),
          fmtMs(c.deployed.firstMs),
          fmtMs(c.deployed.outsideMeanMs),
          fmtMs(c.nodeSameSource.medianMs),
          fmtMs(c.nodeSameSource.p95Ms),
          fmtMs(c.nodeNpm.medianMs),
          fmtMs(c.native.medianMs),
          fmtMs(c.native.p95Ms),
          fmtRatio(c.ratioDeployedToNode),
          fmtRatio(c.ratioDeployedToNpm),
          fmtRatio(c.ratioNodeToNative),
        ]),
      ]),
    );
    out.push(`   target deployed/node ≤ ${s.targetRatio}x: ${s.pass ? 'PASS' : 'FAIL'}`);
    if (s.cases.some((c) => c.deployedLocalGlobals)) {
      out.push('', '   diagnostic — the realm\'s cost of reading globals (Math, parseInt, String...) in a node:vm context:');
      out.push(
        table([
          ['signature', 'deployed', 'same file, globals read into locals', 'node', 'locals/node', 'module load (0 signatures)'],
          ...s.cases.map((c) => [
            c.id,
            fmtMs(c.deployed.medianMs),
            fmtMs(c.deployedLocalGlobals?.medianMs),
            fmtMs(c.nodeSameSource.medianMs),
            fmtRatio(c.ratioLocalGlobalsToNode),
            `${fmtMs(c.deployed.loadOnlyMs)} ms`,
          ]),
        ]).replace(/^/gm, '   '),
      );
    }
    if (s.appName) {
      out.push('', `   navigator.appName of the generated module (jsrsasignAmdSource), ${s.appName.case}, ms per signature:`);
      out.push(
        table([
          ['appName', 'loop', 'realm', 'p95', 'first', 'realm, globals local', 'node main context', 'p95', 'realm/node'],
          ...s.appName.variants.map((v) => [
            `${v.appName}${v.identicalToDeployed ? ' (= deployed file)' : ''}`,
            v.loop,
            fmtMs(v.realm.medianMs),
            fmtMs(v.realm.p95Ms),
            fmtMs(v.realm.firstMs),
            fmtMs(v.realmLocalGlobals?.medianMs),
            fmtMs(v.nodeMainContext.medianMs),
            fmtMs(v.nodeMainContext.p95Ms),
            fmtRatio(v.realm.medianMs / v.nodeMainContext.medianMs),
          ]),
        ]).replace(/^/gm, '   '),
      );
    }
  }

  if (r.governance) {
    const g = r.governance;
    out.push('', `2. GOVERNANCE — units and script loaded per execution (key ${g.keyAlgorithm}; limits: Suitelet ${fmtInt(g.limits.suitelet)}, scheduled ${fmtInt(g.limits.scheduled)})`);
    out.push(
      table([
        ['execution', 'units', 'script', 'by API', 'outcome'],
        ...[...g.refresher, ...g.proxy].map((f) => [f.case, String(f.units), fmtKb(f.bytesLoaded), byApi(f), f.ok ? f.note : `FAILED (${f.note})`]),
      ]),
    );
    out.push('   files loaded:');
    for (const f of [...g.refresher.filter((x) => /first run|skip/.test(x.case) && /key file/.test(x.case)), ...g.proxy.slice(0, 2)]) {
      out.push(`   - ${f.case}: ${files(f)}`);
    }
    if (g.day) {
      out.push(
        `   a simulated day (every 15 minutes): ${g.day.runs} runs, ${g.day.refreshes} refreshes, ${g.day.skips} skips, ${fmtInt(g.day.totalUnits)} units in all, at most ${g.day.maxUnitsPerRun} per run (${((g.day.maxUnitsPerRun / g.limits.scheduled) * 100).toFixed(2)}% of ${fmtInt(g.limits.scheduled)})`,
      );
    }
    for (const t of g.targets) {
      out.push(`   ${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.unit === 'bytes' ? fmtKb(t.actual) : `${t.actual} ${t.unit}`} (target ≤ ${t.unit === 'bytes' ? fmtKb(t.limit) : `${t.limit} ${t.unit}`})`);
    }
  }

  if (r.http) {
    const h = r.http;
    out.push('', `3. HTTP on 127.0.0.1 — ${h.concurrency} keep-alive clients for ${h.durationMs / 1000} s each (load generator in a child process)`);
    out.push(
      table([
        ['Suitelet', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'ok', 'errors', 'units/call', 'script', 'runSuitelet p50', 'p99'],
        ...h.targets.map((t) => [
          t.name,
          fmtInt(t.load.requestsPerSecond),
          fmtMs(t.load.latencyMs.p50),
          fmtMs(t.load.latencyMs.p90),
          fmtMs(t.load.latencyMs.p99),
          fmtMs(t.load.latencyMs.max),
          fmtInt(t.load.ok),
          fmtInt(t.load.errors),
          t.served.units.min === t.served.units.max ? String(t.served.units.min) : `${t.served.units.mean} (${t.served.units.min}-${t.served.units.max})`,
          fmtKb(t.served.bytesLoaded),
          fmtMs(t.served.executionMs.p50),
          fmtMs(t.served.executionMs.p99),
        ]),
      ]),
    );
    out.push(`   proxy/baseline: throughput ${fmtRatio(h.throughputRatio)}, p50 latency ${fmtRatio(h.p50Ratio)}, p99 latency ${fmtRatio(h.p99Ratio)}`);
    out.push(`   loaded the same way: proxy ${h.loadedAs.proxy}; baseline ${h.loadedAs.baseline}`);
    out.push(
      table([
        ['server memory', 'RSS before', 'peak RSS', 'growth', 'full GCs forced', 'their time'],
        ...h.targets.map((t) => [
          t.name,
          `${(t.rss.beforeBytes / 1048576).toFixed(0)} MB`,
          `${(t.rss.peakBytes / 1048576).toFixed(0)} MB`,
          `${((t.rss.peakBytes - t.rss.beforeBytes) / 1048576).toFixed(0)} MB`,
          t.heapGuard.on ? String(t.heapGuard.collections) : 'bound off',
          t.heapGuard.on ? `${fmtInt(t.heapGuard.collectionMs)} ms` : '-',
        ]),
      ]).replace(/^/gm, '   '),
    );
    out.push(
      `   runtime floor: an empty Suitelet costs ${fmtMs(h.emptySuiteletMs.p50)} ms per runSuitelet (p99 ${fmtMs(h.emptySuiteletMs.p99)}, ${h.emptySuiteletMs.runs} runs in-process): a fresh vm realm per execution.`,
    );
  }

  if (r.lean) {
    const l = r.lean;
    out.push('', '4. LEAN — compile per call, the local stand-in\'s caches, the command line\'s start');
    out.push(
      table([
        ['script loaded by one call', 'files', 'bytes', 'compile + run top level, fresh context', 'with the compile cache'],
        ...(['proxy', 'baseline'] as const).map((k) => [k === 'proxy' ? 'proxy (this project)' : 'baseline (reference guide)', String(l.compile[k].files), fmtKb(l.compile[k].bytes), `${fmtMs(l.compile[k].uncachedMs)} ms`, `${fmtMs(l.compile[k].cachedMs)} ms`]),
      ]).replace(/^/gm, '   '),
    );
    const c = l.standInCache;
    out.push(`   warm proxy call (runSuitelet, ${c.calls} calls per mode, interleaved): File Cabinet cache on p50 ${fmtMs(c.on.p50)} / p99 ${fmtMs(c.on.p99)} ms; off p50 ${fmtMs(c.off.p50)} / p99 ${fmtMs(c.off.p99)} ms; with it on: ${c.reads} disk reads, ${c.hits} stat hits; ${c.compiledScripts} compiled scripts cached`);
    out.push(`   ns-oauth --help: ${fmtInt(l.cli.helpMs)} ms (median of ${l.cli.runs}; node -e 0: ${fmtInt(l.cli.nodeFloorMs)} ms)${l.cli.ok ? '' : ' FAILED'}`);
    out.push(`   refresher with ${l.profiles.profiles} profiles: ${l.profiles.available ? `refresh ${l.profiles.refreshUnits} units, skip ${l.profiles.skipUnits} units` : l.profiles.note}`);
  }

  out.push('', 'CHECKS');
  for (const c of r.checks) out.push(`   ${c.pass ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`);
  return out.join('\n');
}
