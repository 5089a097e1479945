/**
 * `npm run bench`: reproducible benchmarks of the BUILT scripts, measured in one process and one run so that the
 * ratios between them mean something. See docs/PERFORMANCE.md for the figures and what they mean.
 *
 * 1. signing: time per client assertion (deployed jsrsasign in the SuiteScript runtime, the same file in Node's
 *    main context, npm's jsrsasign, node:crypto), and the `navigator.appName` comparison behind the build's choice;
 * 2. governance: units and script bytes per refresher run and per proxy call, against the targets;
 * 3. http: proxy throughput and latency over HTTP on 127.0.0.1, side by side with the reference guide's Suitelet,
 *    and the server's peak RSS;
 * 4. lean: compile per call, the local stand-in's File Cabinet cache on and off, `ns-oauth --help` start, and the
 *    refresher with 50 profiles (when the harness can make them).
 *
 * `summary.ts` turns the figures into issue 12's table (baseline, figure, goal, meets or misses).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import { requireBuild } from '../harness';
import { createTestAccount } from '../harness';
import { benchGovernance, type GovernanceOptions, type GovernanceResults } from './governance';
import { benchHttp, type HttpOptions, type HttpResults } from './http';
import { benchLean, type LeanOptions, type LeanResults } from './lean';
import { benchSigning, type SigningOptions, type SigningResults } from './signing';
import { summaryRows, type SummaryRow } from './summary';

export type Section = 'signing' | 'governance' | 'http' | 'lean';
export const SECTIONS: readonly Section[] = ['signing', 'governance', 'http', 'lean'];

export interface BenchConfig {
  quick: boolean;
  sections: readonly Section[];
  signing: Omit<SigningOptions, 'log'>;
  governance: GovernanceOptions;
  http: Omit<HttpOptions, 'log'>;
  lean?: Omit<LeanOptions, 'log'>;
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  v8: string;
  platform: string;
}

export interface BenchResults {
  version: 1;
  startedAt: string;
  elapsedMs: number;
  mode: 'full' | 'quick' | 'custom';
  machine: Machine;
  config: BenchConfig;
  signing: SigningResults | null;
  governance: GovernanceResults | null;
  http: HttpResults | null;
  lean: LeanResults | null;
  /** Issue 12's table: each figure, its baseline, its goal and whether it meets it. */
  summary: SummaryRow[];
  /** Every PASS/FAIL check in one list. */
  checks: { name: string; pass: boolean; detail: string }[];
}

/** Defaults: full (~2 minutes on 2 cores) or quick (~30 s). */
export function defaultConfig(quick: boolean): BenchConfig {
  return quick
    ? {
        quick,
        sections: SECTIONS,
        signing: { budgetMs: 250, minN: 2, maxN: 50, warmup: 1, appNameBudgetMs: 250, appNameMinN: 1 },
        governance: { simulateDay: true },
        http: { concurrency: 10, durationMs: 2_000, warmupMs: 300 },
        lean: { compileRuns: 60, cacheCalls: 150, cliRuns: 3 },
      }
    : {
        quick,
        sections: SECTIONS,
        signing: { budgetMs: 1_500, minN: 5, maxN: 500, warmup: 3, appNameBudgetMs: 1_500, appNameMinN: 2 },
        governance: { simulateDay: true },
        http: { concurrency: 50, durationMs: 10_000, warmupMs: 1_000 },
        lean: { compileRuns: 300, cacheCalls: 900, cliRuns: 5 },
      };
}

export function machine(): Machine {
  let cpuModel = os.cpus()[0]?.model ?? '?';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m?.[1]) cpuModel = m[1].trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  let cpus = os.availableParallelism?.() ?? os.cpus().length;
  try {
    cpus = Number(execFileSync('nproc', { encoding: 'utf8', timeout: 5_000 }).trim()) || cpus;
  } catch {
    // no nproc
  }
  return { cpus, cpuModel, node: process.version, v8: process.versions.v8, platform: `${os.platform()} ${os.arch()}` };
}

export async function runBench(config: BenchConfig, log: (line: string) => void = () => undefined): Promise<BenchResults> {
  requireBuild();
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const results: BenchResults = {
    version: 1,
    startedAt,
    elapsedMs: 0,
    mode: config.quick ? 'quick' : 'full',
    machine: machine(),
    config,
    signing: null,
    governance: null,
    http: null,
    lean: null,
    summary: [],
    checks: [],
  };
  // First, in a process that has not yet run anything else: the HTTP section reports the server's peak RSS, which
  // the heaps of the other sections would inflate. Its last run (memory bound off) is followed by full collections.
  if (config.sections.includes('http')) {
    results.http = await benchHttp({ ...config.http, log });
  }
  if (config.sections.includes('governance')) {
    log('governance ...');
    results.governance = await benchGovernance(config.governance);
  }
  if (config.sections.includes('signing')) {
    const t = await createTestAccount({ historyLimit: 200 });
    results.signing = await benchSigning(t, { ...config.signing, log });
  }
  if (config.sections.includes('lean')) {
    results.lean = await benchLean({ ...config.lean, log });
  }
  results.summary = summaryRows(results);

  const checks = results.checks;
  if (results.signing) {
    for (const c of results.signing.cases) {
      checks.push({
        name: `signing ${c.id}: deployed ≤ ${results.signing.targetRatio}x plain Node`,
        pass: c.ratioDeployedToNode <= results.signing.targetRatio,
        detail: `${c.ratioDeployedToNode}x (${c.deployed.medianMs} ms vs ${c.nodeSameSource.medianMs} ms)`,
      });
    }
  }
  if (results.governance) {
    for (const t of results.governance.targets) {
      checks.push({ name: `governance: ${t.name} ≤ ${t.limit} ${t.unit}`, pass: t.pass, detail: `${t.actual} ${t.unit}` });
    }
    const failed = [...results.governance.refresher, ...results.governance.proxy].filter((f) => !f.ok);
    checks.push({ name: 'governance: every measured execution succeeded', pass: failed.length === 0, detail: failed.map((f) => f.case).join('; ') || 'all ok' });
  }
  if (results.http) {
    for (const t of results.http.targets) {
      checks.push({ name: `http: ${t.name} answered without errors`, pass: t.load.errors === 0 && t.load.ok > 0, detail: `${t.load.ok} ok, ${t.load.errors} errors` });
    }
  }
  for (const row of results.summary) {
    if (row.verdict === 'meets' || row.verdict === 'misses') checks.push({ name: `issue 12: ${row.what}: ${row.goal}`, pass: row.verdict === 'meets', detail: row.measured });
  }
  results.elapsedMs = Math.round(performance.now() - started);
  return results;
}
