/**
 * What the proxy needs only for a caller it does not know yet or one that fails, built as its own
 * module (/SuiteScripts/OAuth/lib/proxy_slow.js) and loaded on demand: finding a client by key hash
 * (a search), the index of active clients, failure counters and summaries, parsing allow-lists
 * (for an address not yet admitted) and refresh requests. Calls of a known client, including the
 * 5-second re-check and the minute's token re-read, load none of it. Wiring only; rules are in core/.
 */
import { isAllowed, parseAllowList } from '../core/ipAllowList';
import type { AuditLine, ProxySettings } from '../core/proxyService';
import { AddressThrottle, type RejectionSummary, type Throttle } from '../core/throttle';
import { cacheKeys, privateCache } from './sharedCache';

export { mightBeClient, searchClientByHash } from './clientStore';
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
