/**
 * `npm run fuzz` (tsx tools/fuzz/run.ts): the property suites of __tests__/properties with many
 * more cases — 100,000 per property by default — printing each property's case count and duration.
 * Exits 1 on a counterexample, printing the shrunk input with the seed and path that replay it
 * (FUZZ_SEED=... FUZZ_PATH=... npx jest __tests__/properties, or --seed/--path here).
 *
 *   tsx tools/fuzz/run.ts [--runs N] [--proxy-runs N] [--time-limit SECONDS] [--only TEXT] [--seed N] [--path P]
 *
 * --time-limit bounds each property's time (bounded-time mode): a property stopped by it reports
 * the number of cases it really ran, marked "time limit", and does not fail the run.
 * Needs the built SuiteScripts (npm run build) for the built-proxy properties.
 */
import fc from 'fast-check';
import { CORE_PROPERTIES } from './properties/core';
import { createProxyFixture, proxyProperties, type ProxyFixture } from './properties/proxy';
import type { NamedProperty } from './properties/types';

interface Options {
  runs: number;
  proxyRuns: number | undefined;
  timeLimitSeconds: number | undefined;
  only: string | undefined;
  seed: number | undefined;
  path: string | undefined;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { runs: 100_000, proxyRuns: undefined, timeLimitSeconds: undefined, only: undefined, seed: undefined, path: undefined };
  const int = (name: string, v: string | undefined, min = 1): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min) throw new Error(`${name} needs a whole number >= ${min} (got ${String(v)})`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    switch (a) {
      case '--runs':
        o.runs = int(a, v);
        i++;
        break;
      case '--proxy-runs':
        o.proxyRuns = int(a, v);
        i++;
        break;
      case '--time-limit':
        o.timeLimitSeconds = int(a, v);
        i++;
        break;
      case '--only':
        o.only = v;
        i++;
        break;
      case '--seed':
        o.seed = int(a, v, -(2 ** 31));
        i++;
        break;
      case '--path':
        o.path = v;
        i++;
        break;
      case '--help':
      case '-h':
        console.log('usage: tsx tools/fuzz/run.ts [--runs N] [--proxy-runs N] [--time-limit SECONDS] [--only TEXT] [--seed N] [--path P]');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${String(a)} (try --help)`);
    }
  }
  return o;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  let fixture: ProxyFixture | undefined;
  const all: NamedProperty[] = [...CORE_PROPERTIES, ...proxyProperties(() => fixture!)];
  const selected = all.filter((p) => !o.only || p.name.toLowerCase().includes(o.only.toLowerCase()));
  if (selected.length === 0) throw new Error(`no property matches ${JSON.stringify(o.only)}`);
  if (selected.some((p) => p.kind === 'proxy')) fixture = await createProxyFixture();

  console.log(`fuzz: ${selected.length} properties, ${o.runs} cases each${o.proxyRuns ? ` (${o.proxyRuns} on the built proxy)` : ''}${o.timeLimitSeconds ? `, at most ${o.timeLimitSeconds} s each` : ''}`);
  const started = performance.now();
  let failures = 0;
  let total = 0;
  for (const p of selected) {
    const numRuns = p.kind === 'proxy' ? (o.proxyRuns ?? o.runs) : o.runs;
    const t0 = performance.now();
    const details = fc.check(p.property(), {
      numRuns,
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      ...(o.path !== undefined ? { path: o.path } : {}),
      ...(o.timeLimitSeconds !== undefined ? { plugins: [fc.interruptAfterTimeLimit(o.timeLimitSeconds * 1000)] } : {}),
    });
    const ms = performance.now() - t0;
    total += details.numRuns;
    const rate = details.numRuns / Math.max(ms / 1000, 1e-9);
    const note = details.interrupted ? ` (time limit: ${details.numRuns} of ${numRuns})` : '';
    const skips = details.numSkips ? `, ${details.numSkips} skipped` : '';
    // A counterexample, or too many skipped cases, fails; being stopped by --time-limit does not.
    const failed = details.failed && (details.counterexample !== null || !details.interrupted);
    const status = failed ? 'FAIL' : 'ok  ';
    console.log(`${status} ${String(details.numRuns).padStart(7)} cases${skips} in ${formatDuration(ms).padStart(8)} (${rate.toFixed(0)}/s)${note}  [${p.kind}] ${p.name}`);
    if (failed) {
      failures++;
      console.log(fc.defaultReportMessage(details)?.replace(/^/gm, '    ') ?? '    (no report)');
      const cause = details.errorInstance;
      if (cause !== null && cause !== undefined) console.log(`    cause: ${cause instanceof Error ? cause.message : String(cause)}`.replace(/\n/g, '\n    '));
      console.log(`    replay: tsx tools/fuzz/run.ts --only ${JSON.stringify(p.name.slice(0, 40))} --seed ${details.seed}${details.counterexamplePath ? ` --path ${JSON.stringify(details.counterexamplePath)}` : ''}`);
    }
  }
  console.log(`fuzz: ${total} cases in ${formatDuration(performance.now() - started)}; ${failures === 0 ? 'no counterexample' : `${failures} propert${failures === 1 ? 'y' : 'ies'} FAILED`}`);
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
