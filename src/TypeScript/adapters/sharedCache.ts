/**
 * The N/cache shared by the refresher, the proxy and the key admin page. PUBLIC scope so that all
 * three scripts see (and can invalidate) the same entries; the records stay the source of truth and
 * every read falls back to them, because N/cache is best-effort.
 */
import * as cache from 'N/cache';
import { CACHE } from '../core/names';

/** N/cache's minimum time to live. */
export const MIN_TTL_SECONDS = 300;

let instance: cache.Cache | null = null;
function shared(): cache.Cache {
  if (!instance) instance = cache.getCache({ name: CACHE.name, scope: cache.Scope.PUBLIC });
  return instance;
}

export function cacheGetJson<T>(key: string): T | null {
  const raw = shared().get({ key });
  if (typeof raw !== 'string' || raw === '') return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

export function cachePutJson(key: string, value: unknown, ttlSeconds: number): void {
  shared().put({ key, value: JSON.stringify(value), ttl: Math.max(MIN_TTL_SECONDS, Math.floor(ttlSeconds)) });
}

export function cacheRemove(key: string): void {
  shared().remove({ key });
}

export const cacheKeys = {
  token: CACHE.tokenKey,
  client: (keyHash: string) => `client:${keyHash}`,
  failures: (throttleKey: string) => `fail:${throttleKey}`,
  refreshRequested: 'refresh-requested',
};
