/**
 * Token records (customrecord_oauth_token), one per profile: custrecord_oauth_token_profile names
 * the profile, empty for the default profile. The records are the source of truth. Tokens and dates
 * are read with record.load (Date objects, full long text), never from search text.
 */
import * as record from 'N/record';
import * as search from 'N/search';
import type { ProfileRow, StoredTokenRecord, TokenRow } from '../core/refreshService';
import { DEFAULT_PROFILE_KEY, PROFILE_RECORD, STATUS_LIST, TOKEN_RECORD, type TokenStatus } from '../core/names';
import { errorName } from '../core/errors';
import { asDate, expiryMs, isChecked, selectValue } from './values';

const F = TOKEN_RECORD.fields;

function statusFromName(name: string): TokenStatus | null {
  const n = name.trim().toLowerCase();
  for (const [key, v] of Object.entries(STATUS_LIST.values)) {
    if (v.name.toLowerCase() === n || v.scriptId === n) return key as TokenStatus;
  }
  return null;
}

function profileKeyOf(value: unknown): string {
  const v = selectValue(value);
  return v === '' ? DEFAULT_PROFILE_KEY : v;
}

/** All active token records with their profile (a search: 10 units). Expiry to the minute, from search text. */
export function listTokenRecords(): TokenRow[] {
  const rows: TokenRow[] = [];
  search
    .create({
      type: TOKEN_RECORD.type,
      filters: [['isinactive', 'is', 'F']],
      columns: [search.createColumn({ name: 'internalid', sort: search.Sort.ASC }), F.profile, F.expires, F.status],
    })
    .run()
    .each((r) => {
      const expires = expiryMs(r.getValue({ name: F.expires }));
      rows.push({
        id: String(r.id),
        profileKey: profileKeyOf(r.getValue({ name: F.profile })),
        // An unreadable expiry reads as 0: due for a refresh (fail closed).
        expiresAtMs: expires,
        status: statusFromName(String(r.getText({ name: F.status }) || '')),
      });
      return rows.length < 1000;
    });
  return rows;
}

/**
 * The record last loaded by readTokenRecord, kept for the write that usually follows in the same run,
 * so a refresh loads its record once (the failure path re-reads on purpose and keeps the newer copy).
 */
let lastLoaded: { id: string; rec: record.Record } | null = null;

/** Loads one token record (2 units); null when it no longer exists. */
export function readTokenRecord(id: string): (StoredTokenRecord & { token: string; profileKey: string }) | null {
  let rec: record.Record;
  try {
    rec = record.load({ type: TOKEN_RECORD.type, id });
  } catch {
    return null;
  }
  lastLoaded = { id, rec };
  if (isChecked(rec.getValue({ fieldId: 'isinactive' }))) return null;
  const token = String(rec.getValue({ fieldId: F.token }) ?? '');
  return {
    id,
    token,
    hasToken: token !== '',
    expiresAt: asDate(rec.getValue({ fieldId: F.expires })),
    updatedAt: asDate(rec.getValue({ fieldId: F.updated })),
    status: statusFromName(String(rec.getText({ fieldId: F.status }) ?? '')),
    lastError: String(rec.getValue({ fieldId: F.lastError }) ?? ''),
    profileKey: profileKeyOf(rec.getValue({ fieldId: F.profile })),
  };
}

/**
 * The record to write: loaded (2 units) when known, else looked up once more (a first run: 10
 * units, so two overlapping first runs share one record) or created.
 */
function openForWrite(profile: ProfileRow, stored: StoredTokenRecord | null): record.Record {
  if (stored && lastLoaded && lastLoaded.id === stored.id) {
    const rec = lastLoaded.rec;
    lastLoaded = null;
    return rec;
  }
  let id = stored ? stored.id : null;
  if (id === null) id = listTokenRecords().find((t) => t.profileKey === profile.key)?.id ?? null;
  if (id !== null) return record.load({ type: TOKEN_RECORD.type, id });
  const rec = record.create({ type: TOKEN_RECORD.type });
  if (profile.key !== DEFAULT_PROFILE_KEY) rec.setValue({ fieldId: F.profile, value: profile.key });
  return rec;
}

function setStatus(rec: record.Record, status: TokenStatus): void {
  // List values have account-specific internal ids: set by name, never by a literal id.
  rec.setText({ fieldId: F.status, text: STATUS_LIST.values[status].name });
}

/**
 * Writes with the copy loaded earlier in the run; when another run saved the record meanwhile
 * (optimistic locking: RCRD_HAS_BEEN_CHANGED), loads it again and writes once more.
 */
function write(profile: ProfileRow, stored: StoredTokenRecord | null, apply: (rec: record.Record) => void, isFailure = false): string {
  const rec = openForWrite(profile, stored);
  apply(rec);
  try {
    return String(rec.save());
  } catch (e) {
    if (errorName(e) !== 'RCRD_HAS_BEEN_CHANGED' || rec.id == null) throw e;
    const again = record.load({ type: TOKEN_RECORD.type, id: rec.id });
    // A failure is recorded on the record it was decided on: if another run stored a token meanwhile
    // (its last successful refresh moved), this failure must not clear or mark that token.
    const refreshed = asDate(again.getValue({ fieldId: F.updated }))?.getTime() ?? 0;
    if (isFailure && refreshed > (stored?.updatedAt?.getTime() ?? 0)) return String(rec.id);
    apply(again);
    return String(again.save());
  }
}

export function saveTokenSuccess(profile: ProfileRow, stored: StoredTokenRecord | null, v: { token: string; expiresAt: Date; updatedAt: Date }): string {
  return write(profile, stored, (rec) => {
    rec.setValue({ fieldId: F.token, value: v.token });
    rec.setValue({ fieldId: F.expires, value: v.expiresAt });
    rec.setValue({ fieldId: F.updated, value: v.updatedAt });
    rec.setValue({ fieldId: F.lastError, value: '' });
    setStatus(rec, 'active');
  });
}

export function saveTokenFailure(profile: ProfileRow, stored: StoredTokenRecord | null, v: { status: 'error' | 'expired'; lastError: string; clearToken: boolean }): string {
  return write(
    profile,
    stored,
    (rec) => {
      if (v.clearToken) rec.setValue({ fieldId: F.token, value: '' });
      rec.setValue({ fieldId: F.lastError, value: v.lastError });
      setStatus(rec, v.status);
    },
    true,
  );
}

/**
 * The proxy's read of a profile's token: the profile must be active (1 unit) and its token record
 * is found (10 units, or 0 with a remembered id) and loaded (2 units). Null when the profile is
 * inactive or missing, or has no token: the caller then gets token_unavailable, never another
 * profile's token.
 */
export function readProfileToken(profileKey: string, rememberedRecordId: string | null): { token: string; expiresAtMs: number; recordId: string } | null {
  if (profileKey !== DEFAULT_PROFILE_KEY) {
    try {
      const p = search.lookupFields({ type: PROFILE_RECORD.type, id: profileKey, columns: ['isinactive'] }) as Record<string, unknown>;
      if (isChecked(p['isinactive'])) return null;
    } catch {
      return null;
    }
  }
  let found = rememberedRecordId ? loadToken(rememberedRecordId) : null;
  if (!found || found.profileKey !== profileKey) {
    // The lowest active record of the profile, as the refresher writes it (a search: 10 units).
    const filters: unknown[] = [['isinactive', 'is', 'F'], 'AND', [F.profile, 'anyof', profileKey === DEFAULT_PROFILE_KEY ? '@NONE@' : profileKey]];
    const first = search
      .create({ type: TOKEN_RECORD.type, filters, columns: [search.createColumn({ name: 'internalid', sort: search.Sort.ASC })] })
      .run()
      .getRange({ start: 0, end: 1 })[0];
    found = first ? loadToken(String(first.id)) : null;
  }
  return found && found.profileKey === profileKey ? found : null;
}

/** The token of one record (2 units): only a stored token with a readable expiry counts. */
function loadToken(id: string): { token: string; expiresAtMs: number; recordId: string; profileKey: string } | null {
  let rec: record.Record;
  try {
    rec = record.load({ type: TOKEN_RECORD.type, id });
  } catch {
    return null;
  }
  const token = String(rec.getValue({ fieldId: F.token }) ?? '');
  const expires = asDate(rec.getValue({ fieldId: F.expires }));
  if (isChecked(rec.getValue({ fieldId: 'isinactive' })) || token === '' || !expires) return null;
  return { token, expiresAtMs: expires.getTime(), recordId: id, profileKey: profileKeyOf(rec.getValue({ fieldId: F.profile })) };
}
