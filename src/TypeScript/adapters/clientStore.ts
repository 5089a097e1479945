/**
 * API clients (customrecord_oauth_api_client) as the proxy reads them: by key hash (a search), by
 * record id (lookupFields, to re-check a cached client), and an index of hash prefixes that lets a
 * throttled address be refused without a search. Dates arrive as text in the user's format and are
 * read with N/format (adapters/values.ts); an expiry that cannot be read counts as passed.
 */
import * as record from 'N/record';
import * as search from 'N/search';
import type { ClientFields } from '../core/proxyService';
import { CLIENT_RECORD, DEFAULT_PROFILE_KEY } from '../core/names';
import { cacheKeys, privateCache } from './sharedCache';
import { expiryMs, isChecked, selectValue } from './values';

const F = CLIENT_RECORD.fields;
const COLUMNS = ['name', 'isinactive', F.keyHash, F.allowedIps, F.expires, F.profile, F.useCount];
/** Hash prefix length in the index: 12 hex digits, so a random key matches by chance 1 in 2^48. */
const INDEX_PREFIX = 12;
/** The index is rebuilt at least this often, so a client created by a path without user events appears. */
const INDEX_TTL_SECONDS = 300;

function fields(id: string, get: (name: string) => unknown, duplicate: boolean): ClientFields {
  const profile = selectValue(get(F.profile));
  const uses = Number(get(F.useCount));
  return {
    id,
    name: String(get('name') ?? ''),
    keyHash: String(get(F.keyHash) ?? '').toLowerCase(),
    // Two clients with one hash means something is wrong: refuse both rather than guess.
    inactive: duplicate || isChecked(get('isinactive')),
    expiresAtMs: expiryMs(get(F.expires)),
    allowedIps: String(get(F.allowedIps) ?? ''),
    profileKey: profile === '' ? DEFAULT_PROFILE_KEY : profile,
    useCount: Number.isFinite(uses) && uses > 0 ? Math.floor(uses) : 0,
  };
}

/** Search by hash (10 units). */
export function searchClientByHash(keyHash: string): ClientFields | null {
  const results = search
    .create({ type: CLIENT_RECORD.type, filters: [[F.keyHash, 'is', keyHash]], columns: COLUMNS })
    .run()
    .getRange({ start: 0, end: 2 });
  const r = results[0];
  if (!r) return null;
  return fields(String(r.id), (name) => r.getValue({ name }), results.length > 1);
}

/** Re-reads a client by id (1 unit); null when the record is gone. */
export function lookupClient(id: string): ClientFields | null {
  let values: Record<string, unknown>;
  try {
    values = search.lookupFields({ type: CLIENT_RECORD.type, id, columns: COLUMNS }) as Record<string, unknown>;
  } catch {
    return null;
  }
  return fields(id, (name) => values[name], false);
}

/** Writes the use of a client (submitFields: 2 units). */
export function recordClientUse(client: ClientFields, v: { atMs: number; useCount: number; address: string }): void {
  record.submitFields({
    type: CLIENT_RECORD.type,
    id: client.id,
    values: { [F.lastUsed]: new Date(v.atMs), [F.useCount]: v.useCount, [F.lastAddress]: v.address.slice(0, 64) },
  });
}

/** Whether an active client's key hash starts like this one (1 unit; a search of all clients when rebuilt). */
export function mightBeClient(keyHash: string): boolean {
  let index = privateCache.get<string[]>(cacheKeys.clientIndex);
  if (!Array.isArray(index)) {
    index = [];
    search
      .create({ type: CLIENT_RECORD.type, filters: [['isinactive', 'is', 'F']], columns: [F.keyHash] })
      .run()
      .each((r) => {
        index!.push(String(r.getValue({ name: F.keyHash }) ?? '').toLowerCase().slice(0, INDEX_PREFIX));
        return index!.length < 4000;
      });
    privateCache.put(cacheKeys.clientIndex, index, INDEX_TTL_SECONDS);
  }
  return index.includes(keyHash.slice(0, INDEX_PREFIX));
}
