/**
 * Failed-attempt throttling per caller address: a fixed window of `windowSeconds` counts failures;
 * past `maxFailures` the caller gets rate_limited until the window ends. IPv6 callers are counted per
 * /64 (one subscriber's block), so rotating addresses inside it does not reset the count. Other
 * callers are never affected.
 */
import { parseIPv4, parseIPv6 } from './ipAllowList';
import { type AuditLine, failure, type ProxyErrorCode, type ProxyFailure } from './proxyService';

export interface FailureWindow {
  count: number;
  windowStartMs: number;
  /** Requests refused with rate_limited in this window (for the one log line when it closes). */
  refused?: number;
}

export interface ThrottleSettings {
  maxFailures: number;
  windowSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = { maxFailures: 10, windowSeconds: 900 };

/** Coarser IPv6 buckets allow this many times the failures of a /64 (a /48 holds 65,536 /64s). */
export const COARSE_BUCKET_FACTOR = 5;

export interface ThrottleBucket {
  key: string;
  maxFailures: number;
}

/**
 * The buckets a failure from this address counts in: the address (IPv4) or its /64 (IPv6), and for
 * IPv6 also its /48, so rotating through the 65,536 /64s of one site does not reset the count.
 */
export function throttleBuckets(address: string | null | undefined, s: ThrottleSettings): ThrottleBucket[] {
  const key = throttleKey(address);
  const buckets: ThrottleBucket[] = [{ key, maxFailures: s.maxFailures }];
  if (key.startsWith('ip6:')) {
    const groups = key.slice(4, key.indexOf('::/64')).split(':');
    buckets.push({ key: `ip6:${groups.slice(0, 3).join(':')}::/48`, maxFailures: s.maxFailures * COARSE_BUCKET_FACTOR });
  }
  return buckets;
}

export function throttleKey(address: string | null | undefined): string {
  const text = (address ?? '').trim();
  if (parseIPv4(text)) return `ip4:${text}`;
  const v6 = parseIPv6(text);
  if (v6) {
    const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
    if (mapped) return `ip4:${v6.slice(12).join('.')}`;
    const groups: string[] = [];
    for (let i = 0; i < 8; i += 2) groups.push(((v6[i]! << 8) | v6[i + 1]!).toString(16));
    return `ip6:${groups.join(':')}::/64`;
  }
  return `other:${text.slice(0, 64).replace(/[^0-9A-Za-z.:_-]/g, '_')}`;
}

/** Seconds the caller must wait, or 0 when it may try. */
export function retryAfterSeconds(w: FailureWindow | null, nowMs: number, s: ThrottleSettings): number {
  if (!w) return 0;
  const ends = w.windowStartMs + s.windowSeconds * 1000;
  if (nowMs >= ends || w.count < s.maxFailures) return 0;
  return Math.max(1, Math.ceil((ends - nowMs) / 1000));
}

export function addFailure(w: FailureWindow | null, nowMs: number, s: ThrottleSettings): FailureWindow {
  if (!w || windowClosed(w, nowMs, s)) return { count: 1, windowStartMs: nowMs };
  return { ...w, count: w.count + 1 };
}

export function windowClosed(w: FailureWindow, nowMs: number, s: ThrottleSettings): boolean {
  return nowMs >= w.windowStartMs + s.windowSeconds * 1000;
}

/** Rejections not logged one by one, summed for the next summary log line. */
export interface RejectionSummary {
  sinceMs: number;
  count: number;
  byOutcome: Record<string, number>;
  /** A few of the addresses (bounded), for the administrator to look at. */
  addresses: string[];
}

const SUMMARY_ADDRESSES = 10;

export interface ThrottlePorts {
  failures(bucket: string): FailureWindow | null;
  saveFailures(bucket: string, w: FailureWindow, ttlSeconds: number): void;
  rejections(): RejectionSummary | null;
  saveRejections(s: RejectionSummary): void;
  audit(line: AuditLine): void;
}

/** What the proxy asks of the caller address's throttle. */
export interface Throttle {
  /** True while the address is refused (its failures reached the limit in this window). */
  limited(): boolean;
  /** A rate_limited answer, counted for the line written when the window closes. */
  refuse(): ProxyFailure;
  /** Counts a failure; `summarised` names the outcome to sum into the summary line instead of a line of its own. */
  fail(summarised: ProxyErrorCode | null, code?: ProxyErrorCode): ProxyFailure;
  summarise(outcome: ProxyErrorCode): void;
}

/**
 * The caller address's failure counters (the address or IPv6 /64, and the IPv6 /48), read only when
 * needed. Counting is best-effort: N/cache has no atomic increment, so concurrent failures may
 * count once; bursts still reach the limit a few requests later.
 */
export class AddressThrottle implements Throttle {
  private windows: { key: string; max: number; w: FailureWindow | null }[] | null = null;

  constructor(
    private readonly address: string,
    private readonly now: number,
    private readonly ports: ThrottlePorts,
    private readonly s: ThrottleSettings & { summarySeconds: number },
  ) {}

  private read() {
    if (!this.windows) {
      this.windows = throttleBuckets(this.address, this.s).map((b) => {
        let w = this.ports.failures(b.key);
        if (w && windowClosed(w, this.now, this.s)) {
          if (w.count >= b.maxFailures) {
            this.ports.audit({
              outcome: 'throttle_ended',
              client: null,
              address: this.address,
              keyFingerprint: null,
              detail: `${b.key}: ${w.count} failed, ${w.refused ?? 0} refused since ${new Date(w.windowStartMs).toISOString()}`,
            });
          }
          w = null;
        }
        return { key: b.key, max: b.maxFailures, w };
      });
    }
    return this.windows;
  }

  /** Seconds to wait when the address is throttled, else 0. */
  wait(): number {
    let wait = 0;
    for (const b of this.read()) wait = Math.max(wait, retryAfterSeconds(b.w, this.now, { maxFailures: b.max, windowSeconds: this.s.windowSeconds }));
    return wait;
  }

  limited(): boolean {
    return this.wait() > 0;
  }

  refuse(): ProxyFailure {
    const wait = this.wait();
    for (const b of this.read()) {
      if (b.w && b.w.count >= b.max) {
        b.w = { ...b.w, refused: (b.w.refused ?? 0) + 1 };
        this.ports.saveFailures(b.key, b.w, this.s.windowSeconds);
      }
    }
    return failure('rate_limited', wait);
  }

  /** Counts a failure; `summarised` names the outcome to add to the summary line instead of a line of its own. */
  fail(summarised: ProxyErrorCode | null, code: ProxyErrorCode = summarised ?? 'unauthorized'): ProxyFailure {
    for (const b of this.read()) {
      const before = b.w?.count ?? 0;
      b.w = addFailure(b.w, this.now, { maxFailures: b.max, windowSeconds: this.s.windowSeconds });
      this.ports.saveFailures(b.key, b.w, this.s.windowSeconds);
      if (before < b.max && b.w.count >= b.max) {
        this.ports.audit({
          outcome: 'throttled',
          client: null,
          address: this.address,
          keyFingerprint: null,
          detail: `${b.key}: ${b.w.count} failed since ${new Date(b.w.windowStartMs).toISOString()}`,
        });
      }
    }
    if (summarised) this.summarise(summarised);
    return failure(code);
  }

  /** Adds a rejection to the summary; writes the summary line when it is old enough. */
  summarise(outcome: ProxyErrorCode): void {
    let s = this.ports.rejections();
    if (!s || typeof s.count !== 'number' || typeof s.sinceMs !== 'number') s = { sinceMs: this.now, count: 0, byOutcome: {}, addresses: [] };
    s.count += 1;
    s.byOutcome[outcome] = (s.byOutcome[outcome] ?? 0) + 1;
    if (!s.addresses.includes(this.address) && s.addresses.length < SUMMARY_ADDRESSES) s.addresses.push(this.address.slice(0, 64));
    if (this.now - s.sinceMs >= this.s.summarySeconds * 1000) {
      this.ports.audit({
        outcome: 'rejected_summary',
        client: null,
        address: s.addresses.join(' '),
        keyFingerprint: null,
        detail: `${s.count} rejected since ${new Date(s.sinceMs).toISOString()}: ${Object.entries(s.byOutcome)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      });
      s = { sinceMs: this.now, count: 0, byOutcome: {}, addresses: [] };
    }
    this.ports.saveRejections(s);
  }
}
