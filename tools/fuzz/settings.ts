/**
 * Runner settings shared by the property suites (__tests__/properties) and the long fuzz run
 * (tools/fuzz/run.ts, `npm run fuzz`).
 *
 * CI runs a bounded number of cases so the property suites stay fast: 200 per property on the pure
 * core rules, 100 on the BUILT proxy (each case is a whole Suitelet execution in the SuiteScript
 * runtime). Environment overrides:
 *   FUZZ_RUNS=N        cases per property (both kinds)
 *   FUZZ_PROXY_RUNS=N  cases per built-proxy property (wins over FUZZ_RUNS for those)
 *   FUZZ_SEED=N        replay a reported seed (with FUZZ_PATH=... to replay the shrunk case directly)
 */
import type { Parameters } from 'fast-check';

export type PropertyKind = 'core' | 'proxy';

export const CI_RUNS: Record<PropertyKind, number> = { core: 200, proxy: 100 };

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number (got ${JSON.stringify(raw)})`);
  return n;
}

/** Cases per property of this kind. */
export function numRuns(kind: PropertyKind): number {
  if (kind === 'proxy') return envInt('FUZZ_PROXY_RUNS') ?? envInt('FUZZ_RUNS') ?? CI_RUNS.proxy;
  return envInt('FUZZ_RUNS') ?? CI_RUNS.core;
}

/** fast-check parameters for a property of this kind (seed/path replay from the environment). */
export function fcParams<T>(kind: PropertyKind, overrides: Parameters<T> = {}): Parameters<T> {
  const seed = envInt('FUZZ_SEED');
  const path = process.env['FUZZ_PATH'];
  return {
    numRuns: numRuns(kind),
    ...(seed !== undefined ? { seed } : {}),
    ...(path ? { path } : {}),
    ...overrides,
  };
}
