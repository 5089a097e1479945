/**
 * The proxy's copy of each profile's token, in its own PRIVATE cache: shared by the profile's
 * clients, re-read from the profile's records every minute (and at once when it is no longer
 * servable). No servable token is never remembered, so the first call after a refresh stores one
 * gets it.
 */
import type { ProxySettings } from '../core/proxyService';
import { recent } from '../core/proxyService';
import { cacheKeys, privateCache } from './sharedCache';
import { readProfileToken } from './tokenStore';

type ProfileTokenEntry = { token: string; expiresAtMs: number; recordId: string | null; readAtMs: number };

/** A profile's current token (1 unit from the copy; 3 to 13 units from the records). */
export function profileToken(profileKey: string, nowMs: number, s: ProxySettings): { token: string; expiresAtMs: number; readAtMs: number } | null {
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
  return fresh ? { token: fresh.token, expiresAtMs: fresh.expiresAtMs, readAtMs: nowMs } : null;
}
