/**
 * API clients (customrecord_oauth_api_client), looked up by the SHA-256 of the presented key.
 * Found and unknown hashes are both cached briefly, so a hit costs 1 unit and a flood of unknown keys
 * does not run a search each time; the key admin page invalidates entries when it rotates or revokes.
 */
import * as record from 'N/record';
import * as search from 'N/search';
import type { ClientEntry } from '../core/proxyService';
import { CLIENT_RECORD } from '../core/names';
import { cacheGetJson, cacheKeys, cachePutJson, MIN_TTL_SECONDS } from './sharedCache';
import { asDate } from './values';

const F = CLIENT_RECORD.fields;
type Cached = ClientEntry | { unknown: true };

function dateMs(v: unknown): number | null {
  return asDate(v)?.getTime() ?? null;
}

/** Search by hash (10 units). */
function searchClient(keyHash: string): ClientEntry | null {
  const results = search
    .create({
      type: CLIENT_RECORD.type,
      filters: [[F.keyHash, 'is', keyHash]],
      columns: ['name', 'isinactive', F.allowedIps, F.expires, F.lastUsed],
    })
    .run()
    .getRange({ start: 0, end: 2 });
  const r = results[0];
  if (!r) return null;
  const inactive = r.getValue({ name: 'isinactive' });
  return {
    id: String(r.id),
    name: String(r.getValue({ name: 'name' }) ?? ''),
    // Two clients with one hash means something is wrong: refuse both rather than guess.
    inactive: results.length > 1 || inactive === true || inactive === 'T',
    expiresAtMs: dateMs(r.getValue({ name: F.expires })),
    allowedIps: String(r.getValue({ name: F.allowedIps }) ?? ''),
    lastUsedMs: dateMs(r.getValue({ name: F.lastUsed })),
  };
}

export function findClientByHash(keyHash: string): ClientEntry | null {
  const cached = cacheGetJson<Cached>(cacheKeys.client(keyHash));
  if (cached) return 'unknown' in cached ? null : cached;
  const found = searchClient(keyHash);
  cachePutJson(cacheKeys.client(keyHash), found ?? { unknown: true }, MIN_TTL_SECONDS);
  return found;
}

/**
 * Records the last use (2 units) and refreshes the cached entry so the next calls skip it (1-2
 * units, every 5 minutes at most). The entry is refreshed only if it is still cached as this very
 * client: if the key admin page removed it meanwhile (revoke, rotate), writing back what this call
 * read would revive a revoked key for the cache's lifetime.
 */
export function touchClient(client: ClientEntry, keyHash: string, nowMs: number): void {
  record.submitFields({ type: CLIENT_RECORD.type, id: client.id, values: { [F.lastUsed]: new Date(nowMs) } });
  const current = cacheGetJson<Cached>(cacheKeys.client(keyHash));
  if (current && !('unknown' in current) && current.id === client.id && !current.inactive) {
    cachePutJson(cacheKeys.client(keyHash), { ...current, lastUsedMs: nowMs }, MIN_TTL_SECONDS);
  }
}
