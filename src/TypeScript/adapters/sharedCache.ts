/**
 * N/cache, in the narrowest scope that works for each entry (DESIGN.md 2a):
 *
 * - PRIVATE (only the script that wrote it): the proxy's clients, copies of access tokens and
 *   failure counters; the refresher's view of the profiles. No other script, and no installed
 *   SuiteApp, can read a token from the cache or plant an entry there.
 *   The proxy's client entries are re-checked against their records every few seconds, so a change
 *   to a client record by any path (admin page, record UI, CSV import, another script) takes effect
 *   within seconds without anyone having to reach into the proxy's cache.
 * - PROTECTED (scripts outside any bundle share it; an installed SuiteApp has its own): a marker
 *   that profiles changed and the "refresh now" requests, written by the key admin page, the
 *   profile user event script and the proxy. No secrets; at worst they cause an extra listing or
 *   refresh, never a skipped one.
 *
 * N/cache is best-effort: every read falls back to the records, and no cache write may fail a call.
 */
import * as cache from 'N/cache';
import { CACHE } from '../core/names';

/** N/cache's minimum time to live. */
export const MIN_TTL_SECONDS = 300;

type Scope = 'private' | 'protected';
const caches: Partial<Record<Scope, cache.Cache>> = {};

function open(scope: Scope): cache.Cache {
  let c = caches[scope];
  if (!c) {
    c = cache.getCache({ name: scope === 'private' ? CACHE.privateName : CACHE.protectedName, scope: scope === 'private' ? cache.Scope.PRIVATE : cache.Scope.PROTECTED });
    caches[scope] = c;
  }
  return c;
}

function getJson<T>(scope: Scope, key: string): T | null {
  let raw: unknown;
  try {
    raw = open(scope).get({ key });
  } catch {
    return null; // N/cache unavailable: callers fall back to the records
  }
  if (typeof raw !== 'string' || raw === '') return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

/** Never throws: a value the cache refuses (too large, cache unavailable) only costs a later re-read. */
function putJson(scope: Scope, key: string, value: unknown, ttlSeconds: number): boolean {
  try {
    open(scope).put({ key, value: JSON.stringify(value), ttl: Math.max(MIN_TTL_SECONDS, Math.floor(ttlSeconds)) });
    return true;
  } catch {
    return false;
  }
}

function remove(scope: Scope, key: string): void {
  try {
    open(scope).remove({ key });
  } catch {
    /* best effort: entries expire on their own and are re-checked against the records */
  }
}

/** Entries only the current script sees. */
export const privateCache = {
  get: <T>(key: string) => getJson<T>('private', key),
  put: (key: string, value: unknown, ttlSeconds: number) => putJson('private', key, value, ttlSeconds),
  remove: (key: string) => remove('private', key),
};

/** Entries the refresher, the key admin page and the record user event script share (hints only, no secrets). */
export const sharedHints = {
  get: <T>(key: string) => getJson<T>('protected', key),
  put: (key: string, value: unknown, ttlSeconds: number) => putJson('protected', key, value, ttlSeconds),
  remove: (key: string) => remove('protected', key),
};

export const cacheKeys = {
  /** PRIVATE (proxy): failed attempts per address bucket. */
  failures: (throttleKey: string) => `fail:${throttleKey}`,
  /** PRIVATE (proxy): rejections counted for the next summary log line. */
  rejections: 'rejections',
  /** PRIVATE (proxy): when an on-demand refresh was last submitted. */
  refreshRequested: 'refresh-requested',
  /** PRIVATE (proxy): what it knows of a client, by key hash (re-checked against the record every few seconds). */
  client: (keyHash: string) => `client:${keyHash}`,
  /** PRIVATE (proxy): short prefixes of all active clients' key hashes (cheap refusals when throttled). */
  clientIndex: 'client-index',
  /** PRIVATE (proxy): a profile's token as last read from its record. */
  profileToken: (profileKey: string) => `profile-token:${profileKey}`,
  /** PRIVATE (refresher): its view of profiles and their tokens. */
  refresherState: 'refresher-state',
  /** PROTECTED: changes when a profile changes or a refresh is forced (the refresher then lists profiles again). */
  profilesChanged: 'profiles-changed',
  /** PROTECTED: profile keys an administrator asked to refresh now. */
  forcedRefresh: 'refresh-forced',
};

/**
 * Any change to a profile (or a forced refresh): the refresher lists the profiles again on its next
 * run. Only a marker is shared; the refresher's own view stays in its PRIVATE cache, so another
 * script can make it list again (a few units) but never make it skip a refresh.
 */
export function forgetProfiles(): void {
  sharedHints.put(cacheKeys.profilesChanged, `${Date.now()}-${Math.floor(Math.random() * 1e9)}`, 7 * 24 * 3600);
}
