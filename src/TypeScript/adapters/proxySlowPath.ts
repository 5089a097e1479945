/**
 * What the proxy needs only off its warm path, built as its own module
 * (/SuiteScripts/OAuth/lib/proxy_slow.js) and loaded on demand: finding a client it has not seen
 * (a search), re-checking a cached client (every few seconds), reading a profile's token from its
 * records (every minute), failure counters and summaries, allow-lists, use records and refresh
 * requests. A warm successful call loads none of it. Wiring only; the rules are in core/.
 */
import { isAllowed, parseAllowList } from '../core/ipAllowList';
import type { AuditLine, ProxySettings } from '../core/proxyService';
import { AddressThrottle, type RejectionSummary, type Throttle } from '../core/throttle';
import { recent } from '../core/proxyService';
import { cacheKeys, privateCache } from './sharedCache';
import { readProfileToken } from './tokenStore';

export { lookupClient, mightBeClient, recordClientUse, searchClientByHash } from './clientStore';
export { requestRefreshFromProxy } from './refreshTrigger';

export function createThrottle(address: string, nowMs: number, settings: ProxySettings, audit: (line: AuditLine) => void): Throttle {
  return new AddressThrottle(
    address,
    nowMs,
    {
      failures: (bucket) => privateCache.get(cacheKeys.failures(bucket)),
      saveFailures: (bucket, w, ttl) => privateCache.put(cacheKeys.failures(bucket), w, ttl),
      rejections: () => privateCache.get<RejectionSummary>(cacheKeys.rejections),
      saveRejections: (s) => privateCache.put(cacheKeys.rejections, s, 3600),
      audit,
    },
    settings,
  );
}

export function allowed(allowedIps: string, address: string): boolean {
  return isAllowed(parseAllowList(allowedIps), address);
}

type ProfileTokenEntry = { token: string; expiresAtMs: number; recordId: string | null; readAtMs: number };

/** A profile's token, shared by its clients' calls: the proxy's own copy (1 unit), re-read from the records every minute. */
export function profileToken(profileKey: string, nowMs: number, s: ProxySettings): { token: string; expiresAtMs: number } | null {
  const key = cacheKeys.profileToken(profileKey);
  const cached = privateCache.get<ProfileTokenEntry>(key);
  // A copy is used while recent and servable; a lapsing one sends the call to the record at once.
  if (
    cached &&
    typeof cached.readAtMs === 'number' &&
    recent(cached.readAtMs, nowMs, s.tokenRecheckSeconds) &&
    typeof cached.token === 'string' &&
    typeof cached.expiresAtMs === 'number' &&
    cached.expiresAtMs - nowMs >= s.minValiditySeconds * 1000
  ) {
    return cached;
  }
  // No servable token is never remembered: the first call after the refresher stores one gets it.
  const fresh = readProfileToken(profileKey, cached && typeof cached.recordId === 'string' ? cached.recordId : null);
  if (fresh) privateCache.put(key, { ...fresh, readAtMs: nowMs }, 300);
  return fresh ? { token: fresh.token, expiresAtMs: fresh.expiresAtMs } : null;
}
