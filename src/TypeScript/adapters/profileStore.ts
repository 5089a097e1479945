/**
 * Token profile records (customrecord_oauth_profile) and the refresher's cached view of them. Each
 * record is validated with the same rules and messages as the script parameters (core/config.ts),
 * naming the record's field ids.
 */
import * as search from 'N/search';
import { parseProfileConfig, type ProfileFieldNames } from '../core/config';
import { ConfigError, describeError } from '../core/errors';
import { PROFILE_RECORD } from '../core/names';
import type { ProfileRow, RefresherState } from '../core/refreshService';
import { cacheKeys, privateCache, sharedHints } from './sharedCache';
import { isChecked } from './values';

const F = PROFILE_RECORD.fields;
export const PROFILE_FIELDS: ProfileFieldNames = {
  clientId: F.clientId,
  certificateId: F.certificateId,
  keyFile: F.keyFile,
  signingCertificate: F.signingCertificate,
  algorithm: F.algorithm,
  scope: F.scope,
};
const STATE_TTL_SECONDS = 6 * 3600;

/** Active profile records with their validated settings (a search: 10 units). */
export function listProfiles(): ProfileRow[] {
  const rows: ProfileRow[] = [];
  search
    .create({
      type: PROFILE_RECORD.type,
      filters: [['isinactive', 'is', 'F']],
      columns: [search.createColumn({ name: 'internalid', sort: search.Sort.ASC }), 'name', ...Object.values(PROFILE_FIELDS)],
    })
    .run()
    .each((r) => {
      const config = validated((id) => r.getValue({ name: id }));
      rows.push({ key: String(r.id), name: String(r.getValue({ name: 'name' }) || `profile ${r.id}`), config });
      return rows.length < 1000;
    });
  return rows;
}

/** One profile record by id (lookupFields: 1 unit); null when it is inactive or gone. */
export function readProfile(key: string): ProfileRow | null {
  let values: Record<string, unknown>;
  try {
    values = search.lookupFields({ type: PROFILE_RECORD.type, id: key, columns: ['name', 'isinactive', ...Object.values(PROFILE_FIELDS)] }) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (isChecked(values['isinactive'])) return null;
  return { key, name: String(values['name'] || `profile ${key}`), config: validated((id) => values[id]) };
}

function validated(read: (id: string) => unknown): ProfileRow['config'] {
  try {
    return parseProfileConfig(read, PROFILE_FIELDS);
  } catch (e) {
    return e instanceof ConfigError ? e : new ConfigError(PROFILE_RECORD.type, describeError(e));
  }
}

/** The refresher's own view (PRIVATE: no other script can make it skip). */
export function loadRefresherState(): RefresherState | null {
  return privateCache.get<RefresherState>(cacheKeys.refresherState);
}

export function saveRefresherState(s: RefresherState): void {
  privateCache.put(cacheKeys.refresherState, s, STATE_TTL_SECONDS);
}

/** The shared marker that profiles changed (1 unit). */
export function profilesChangedMarker(): string | null {
  const v = sharedHints.get<string>(cacheKeys.profilesChanged);
  return typeof v === 'string' ? v : null;
}

/** Profiles an administrator asked to refresh now; the list is consumed. */
export function takeForcedRefreshes(): string[] {
  const list = sharedHints.get<string[]>(cacheKeys.forcedRefresh);
  if (!Array.isArray(list) || list.length === 0) return [];
  sharedHints.remove(cacheKeys.forcedRefresh);
  return list.map(String);
}
