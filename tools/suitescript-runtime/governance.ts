/**
 * Governance: usage units per API call at NetSuite's costs, and per-script-type limits.
 *
 * Costs come from NetSuite's "SuiteScript 2.x API Governance" table and the `@governance` notes of Oracle's
 * SuiteCloud unit-testing stubs (custom records: create/load/submitFields/copy 2, save/delete 4).
 */
import { sse } from './errors';

/** Units charged per API, by the label the runtime meters under. */
export const UNIT_COSTS = {
  'N/record.create': 2,
  'N/record.load': 2,
  'N/record.copy': 2,
  'N/record.submitFields': 2,
  'N/record.delete': 4,
  'Record.save': 4,
  'N/search.lookupFields': 1,
  'ResultSet.getRange': 10,
  'ResultSet.each': 10,
  'N/file.load': 10,
  'N/https.get': 10,
  'N/https.post': 10,
  'N/https.put': 10,
  'N/https.delete': 10,
  'N/https.request': 10,
  'N/http.get': 10,
  'N/http.post': 10,
  'N/http.put': 10,
  'N/http.delete': 10,
  'N/http.request': 10,
  'N/email.send': 20,
  'ScheduledScriptTask.submit': 20,
  'N/crypto/certificate.createSigner': 10,
  'Cache.get': 1,
  'Cache.get (loader)': 2,
  'Cache.put': 1,
  'Cache.remove': 1,
} as const;

/** A metered API label. */
export type MeteredApi = keyof typeof UNIT_COSTS;

/** Usage limits per script type (units per execution). */
export const USAGE_LIMITS = { ScheduledScript: 10_000, Suitelet: 1_000, UserEventScript: 1_000 } as const;

/** The usage meter of one execution. */
export class Governance {
  /** Units available to the execution. */
  readonly limit: number;
  /** Units already consumed when the execution started (simulates "governance running low"). */
  readonly startedUsed: number;
  private used: number;
  /** Set once a call was refused for lack of units; the execution is then failed whatever the script does. */
  exceeded = false;
  /** Units per API label. */
  readonly byApi: Record<string, number> = {};

  constructor(limit: number, remainingAtStart?: number) {
    this.limit = limit;
    const remaining = remainingAtStart === undefined ? limit : Math.max(0, Math.min(limit, Math.floor(remainingAtStart)));
    this.startedUsed = limit - remaining;
    this.used = this.startedUsed;
  }

  /** Units used by this execution (excluding the simulated head start). */
  get usage(): number {
    return this.used - this.startedUsed;
  }

  /** `Script.getRemainingUsage()` */
  get remaining(): number {
    return this.limit - this.used;
  }

  /** Charges `api`'s units, or throws `SSS_USAGE_LIMIT_EXCEEDED` (charging nothing) when they are not left. */
  charge(api: MeteredApi): void {
    const units = UNIT_COSTS[api];
    if (this.exceeded || this.used + units > this.limit) {
      this.exceeded = true;
      throw sse('SSS_USAGE_LIMIT_EXCEEDED', 'Script Execution Usage Limit Exceeded');
    }
    this.used += units;
    this.byApi[api] = (this.byApi[api] ?? 0) + units;
  }
}
