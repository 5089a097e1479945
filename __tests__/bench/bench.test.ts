/**
 * Smoke test of `npm run bench` (tools/bench) with tiny iteration counts: the bench code runs against the
 * BUILT scripts and its output has the expected shape. No timing is asserted (figures vary by machine);
 * governance units are deterministic and are checked by __tests__/integration, not here.
 */
import { describe, expect, it } from '@jest/globals';
import { runBench, type BenchConfig } from '../../tools/bench';
import { performanceMarkdown } from '../../tools/bench/docs';
import { formatReport } from '../../tools/bench/report';
import { withLocalGlobals } from '../../tools/bench/signing';

const TINY: BenchConfig = {
  quick: true,
  sections: ['governance', 'signing', 'http', 'lean'],
  signing: {
    budgetMs: 0,
    minN: 1,
    maxN: 2,
    warmup: 0,
    cases: ['ES256 P-256'],
    appNameCase: 'ES256 P-256',
    appNameBudgetMs: 0,
    appNameMinN: 1,
  },
  governance: { keyOptions: { alg: 'ES256' }, simulateDay: false },
  http: { concurrency: 2, durationMs: 300, warmupMs: 0 },
  lean: { compileRuns: 3, cacheCalls: 30, cliRuns: 1 },
};

const positive = expect.any(Number);

describe('npm run bench (tiny iteration counts)', () => {
  it('measures every section and reports them as a table and as JSON', async () => {
    const r = await runBench(TINY);

    expect(r.machine).toEqual({ cpus: positive, cpuModel: expect.any(String), node: process.version, v8: expect.any(String), platform: expect.any(String) });

    const s = r.signing!;
    expect(s.deployedAppName).toBe('Netscape');
    expect(s.cases.map((c) => c.id)).toEqual(['ES256 P-256']);
    const c = s.cases[0]!;
    for (const series of [c.deployed, c.nodeSameSource, c.nodeNpm, c.native]) {
      expect(series.n).toBeGreaterThanOrEqual(1);
      expect(series.medianMs).toBeGreaterThan(0);
    }
    expect(c.deployed.loadOnlyMs).toBeGreaterThan(0);
    expect(c.ratioDeployedToNode).toBeGreaterThan(0);
    expect(s.appName!.variants.map((v) => v.appName)).toEqual(['Netscape', 'Microsoft Internet Explorer', 'GraalJS']);
    expect(s.appName!.variants.map((v) => v.identicalToDeployed)).toEqual([true, false, false]);
    expect(s.appName!.variants.map((v) => v.realm.appName)).toEqual(['Netscape', 'Microsoft Internet Explorer', 'GraalJS']);

    const g = r.governance!;
    expect(g.refresher.map((f) => f.ok)).toEqual([true, true, true, true, true, true]);
    expect(g.proxy.map((f) => f.note)).toEqual(['answers the token', 'answers the token', 'answers the token', 'answers the token', 'answers unauthorized']);
    expect(g.proxy.every((f) => f.files.length > 0 && f.files.every((x) => !/jsrsasign/.test(x.path)))).toBe(true);
    expect(g.targets.map((t) => t.name)).toEqual(['proxy success, warm cache', 'script loaded per proxy call (largest case)', 'refresher run that refreshes (largest case)', 'refresher first run of an installation (once)']);
    expect(g.day).toBeNull();

    const h = r.http!;
    expect(h.targets.map((t) => t.deploymentId)).toEqual(['customdeploy_oauth_token_proxy', 'customdeploy_bench_baseline_token', 'customdeploy_oauth_token_proxy']);
    expect(h.targets.map((t) => t.heapGuard.on)).toEqual([true, true, false]);
    for (const t of h.targets) {
      expect(t.load.ok).toBeGreaterThan(0);
      expect(t.load.errors).toBe(0);
      expect(t.served.executions).toBeGreaterThan(0);
      expect(t.rss.peakBytes).toBeGreaterThanOrEqual(t.rss.beforeBytes);
    }
    expect(h.emptySuiteletMs.runs).toBeGreaterThan(0);
    // Fair: both Suitelets are mounted host files, none stored in the account's state.
    expect(h.loadedAs).toEqual({ proxy: expect.stringMatching(/ mount$/), baseline: '1 file(s), mount' });

    const l = r.lean!;
    expect(l.compile.proxy.files).toBeGreaterThan(0);
    expect(l.compile.baseline.files).toBe(1);
    expect(l.compile.proxy.uncachedMs).toBeGreaterThan(0);
    // The File Cabinet cache: steady-state proxy calls stat the built files but never re-read them.
    expect(l.standInCache.reads).toBe(0);
    expect(l.standInCache.hits).toBeGreaterThan(0);
    expect(l.standInCache.compiledScripts).toBeLessThanOrEqual(500);
    expect(l.cli.ok).toBe(true);
    expect(l.profiles.profiles).toBe(50);

    // Issue 12's table: every figure of the issue, each with a baseline, a goal and a verdict.
    const whats = r.summary.map((x) => x.what).join('\n');
    for (const figure of [/JS loaded per call/, /compile per call/, /units, warm success/, /units, rejected/, /units, cold cache/, /skip run, units/, /skip run, script loaded/, /refresh run, units/, /units per run with 50 profiles/, /proxy vs reference Suitelet over HTTP/, /peak RSS/, /File Cabinet cache/, /ns-oauth --help/]) {
      expect(whats).toMatch(figure);
    }
    for (const row of r.summary) {
      expect(row.baseline).not.toBe('');
      expect(row.goal).not.toBe('');
      expect(['meets', 'misses', 'n/a', 'info']).toContain(row.verdict);
    }
    expect(r.checks.filter((c) => c.name.startsWith('issue 12: ')).length).toBe(r.summary.filter((x) => x.verdict === 'meets' || x.verdict === 'misses').length);

    const text = formatReport(r);
    for (const heading of ['ISSUE 12', '1. SIGNING', '2. GOVERNANCE', '3. HTTP', '4. LEAN', 'CHECKS']) expect(text).toContain(heading);
    const doc = performanceMarkdown(r);
    for (const heading of ['## Reproducing', '## Issue 12: every figure', '## Governance units', '## The local stand-in over HTTP', '## Compile per call', '## Signing', '## What carries over']) expect(doc).toContain(heading);
    expect(doc).toContain('npm run bench -- --write');
    expect(JSON.parse(JSON.stringify(r))).toMatchObject({ version: 1, mode: 'quick' });
  }, 120_000);

  it('never puts a credential or a token in its output', async () => {
    const r = await runBench({ ...TINY, sections: ['http'] });
    const text = `${formatReport(r)}\n${JSON.stringify(r)}\n${performanceMarkdown(r)}`;
    expect(text).not.toMatch(/nsk_[A-Za-z0-9_-]{20,}/);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\.eyJ/);
  }, 60_000);

  it('the realm diagnostic only adds local aliases of globals to the jsrsasign module', () => {
    const src = "define(['N/crypto/random'], function (nsRandom) {\n  var x = Math.floor(1.5);\n});\n";
    const lines = withLocalGlobals(src).split('\n');
    expect(lines[1]).toMatch(/^\s*var Math = globalThis\.Math, parseInt = globalThis\.parseInt,.*;$/);
    expect([lines[0], ...lines.slice(2)].join('\n')).toBe(src);
    expect(() => withLocalGlobals('define([], function () {});')).toThrow(/define line not found/);
  });
});
