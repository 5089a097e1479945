/**
 * `npm run bench` (= `npm run build && tsx tools/bench/run.ts`).
 *
 *   --quick                 small iteration counts and a 2 s HTTP run (also: BENCH_QUICK=1)
 *   --only=signing,governance,http
 *   --concurrency=50        HTTP clients          (BENCH_CONCURRENCY)
 *   --duration=10           HTTP seconds per Suitelet (BENCH_DURATION)
 *   --out=.bench/bench-results.json   where the JSON goes (BENCH_OUT)
 *   --strict                exit 1 when a check FAILs or an issue-12 goal is missed (figures are not gated by default)
 *   --write                 also regenerate docs/PERFORMANCE.md from this run (tools/bench/docs.ts)
 *
 * Prints the report as a table and writes the same figures as JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../harness';
import { defaultConfig, runBench, SECTIONS, type Section } from './index';
import { performanceMarkdown } from './docs';
import { formatReport } from './report';

function flag(name: string): string | undefined {
  const prefix = `--${name}=`;
  const hit = process.argv.slice(2).find((a) => a === `--${name}` || a.startsWith(prefix));
  if (hit === undefined) return undefined;
  return hit.startsWith(prefix) ? hit.slice(prefix.length) : '';
}

function positiveNumber(text: string | undefined, what: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${what} must be a positive number (got "${text}")`);
  return n;
}

async function main(): Promise<void> {
  const known = ['quick', 'only', 'concurrency', 'duration', 'out', 'strict', 'write', 'help'];
  for (const a of process.argv.slice(2)) {
    const name = a.replace(/^--/, '').split('=')[0] ?? '';
    if (!a.startsWith('--') || !known.includes(name)) throw new Error(`unknown argument ${a} (known: ${known.map((k) => `--${k}`).join(', ')})`);
  }
  if (flag('help') !== undefined) {
    console.log('usage: npm run bench -- [--quick] [--only=signing,governance,http,lean] [--concurrency=N] [--duration=S] [--out=FILE] [--strict] [--write]');
    return;
  }
  const quick = flag('quick') !== undefined || /^(1|true|yes)$/i.test(process.env['BENCH_QUICK'] ?? '');
  const config = defaultConfig(quick);
  const only = flag('only');
  if (only) {
    const wanted = only.split(',').map((s) => s.trim()) as Section[];
    const bad = wanted.filter((s) => !SECTIONS.includes(s));
    if (bad.length) throw new Error(`--only: unknown section(s) ${bad.join(', ')} (known: ${SECTIONS.join(', ')})`);
    config.sections = wanted;
  }
  const concurrency = positiveNumber(flag('concurrency') ?? process.env['BENCH_CONCURRENCY'], '--concurrency');
  const duration = positiveNumber(flag('duration') ?? process.env['BENCH_DURATION'], '--duration');
  if (concurrency) config.http.concurrency = Math.min(500, Math.round(concurrency));
  if (duration) config.http.durationMs = Math.min(120_000, Math.round(duration * 1000));
  const out = path.resolve(PROJECT_ROOT, flag('out') || process.env['BENCH_OUT'] || path.join('.bench', 'bench-results.json'));

  const results = await runBench(config, (line) => process.stderr.write(`  ${line}\n`));
  if (only || concurrency || duration) results.mode = 'custom';
  console.log(formatReport(results));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nJSON: ${path.relative(process.cwd(), out) || out}`);
  if (flag('write') !== undefined) {
    const doc = path.join(PROJECT_ROOT, 'docs', 'PERFORMANCE.md');
    writeFileSync(doc, performanceMarkdown(results));
    console.log(`wrote ${path.relative(process.cwd(), doc) || doc}${results.mode === 'full' ? '' : ` (from a ${results.mode} run: run the full bench before committing it)`}`);
  }
  if (flag('strict') !== undefined && results.checks.some((c) => !c.pass)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
});
