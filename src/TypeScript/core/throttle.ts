/**
 * Failed-attempt throttling per caller address: a fixed window of `windowSeconds` counts failures;
 * past `maxFailures` the caller gets rate_limited until the window ends. IPv6 callers are counted per
 * /64 (one subscriber's block), so rotating addresses inside it does not reset the count. Other
 * callers are never affected.
 */
import { parseIPv4, parseIPv6 } from './ipAllowList';

export interface FailureWindow {
  count: number;
  windowStartMs: number;
}

export interface ThrottleSettings {
  maxFailures: number;
  windowSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = { maxFailures: 10, windowSeconds: 900 };

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
  if (!w || nowMs >= w.windowStartMs + s.windowSeconds * 1000) return { count: 1, windowStartMs: nowMs };
  return { count: w.count + 1, windowStartMs: w.windowStartMs };
}
