/**
 * The token record (customrecord_oauth_token) and its cache entry. The record is the source of
 * truth; the cache spares the proxy a search on every call. One record: created on the first run,
 * so the administrator has no record id to configure.
 */
import * as record from 'N/record';
import * as search from 'N/search';
import type { StoredTokenRecord } from '../core/refreshService';
import type { StoredToken } from '../core/proxyService';
import { STATUS_LIST, TOKEN_RECORD, type TokenStatus } from '../core/names';
import { cacheGetJson, cacheKeys, cachePutJson } from './sharedCache';
import { asDate } from './values';

const F = TOKEN_RECORD.fields;

/** Internal id of the token record, or null when none exists yet (search: 10 units). */
function findTokenRecordId(): string | null {
  const results = search
    .create({
      type: TOKEN_RECORD.type,
      filters: [['isinactive', 'is', 'F']],
      columns: [search.createColumn({ name: 'internalid', sort: search.Sort.ASC })],
    })
    .run()
    .getRange({ start: 0, end: 1 });
  const first = results[0];
  return first ? String(first.id) : null;
}

function statusFromName(name: string): TokenStatus | null {
  const n = name.trim().toLowerCase();
  for (const [key, v] of Object.entries(STATUS_LIST.values)) {
    if (v.name.toLowerCase() === n || v.scriptId === n) return key as TokenStatus;
  }
  return null;
}

/** Loads the token record (search 10 + load 2 units). Long text is read with record.load, never from search columns. */
export function readTokenRecord(): (StoredTokenRecord & { token: string }) | null {
  const id = findTokenRecordId();
  if (id === null) return null;
  const rec = record.load({ type: TOKEN_RECORD.type, id });
  const token = String(rec.getValue({ fieldId: F.token }) ?? '');
  return {
    id,
    token,
    hasToken: token !== '',
    expiresAt: asDate(rec.getValue({ fieldId: F.expires })),
    updatedAt: asDate(rec.getValue({ fieldId: F.updated })),
    status: statusFromName(String(rec.getText({ fieldId: F.status }) ?? '')),
    lastError: String(rec.getValue({ fieldId: F.lastError }) ?? ''),
  };
}

/**
 * Loads the record to write (2 units). When the run started without one (the first run), looks
 * again first (10 units, once per installation), so two overlapping first runs share one record.
 */
function openForWrite(stored: StoredTokenRecord | null): record.Record {
  const id = stored ? stored.id : findTokenRecordId();
  return id !== null ? record.load({ type: TOKEN_RECORD.type, id }) : record.create({ type: TOKEN_RECORD.type });
}

function setStatus(rec: record.Record, status: TokenStatus): void {
  // List values have account-specific internal ids: set by name, never by a literal id.
  rec.setText({ fieldId: F.status, text: STATUS_LIST.values[status].name });
}

export function saveTokenSuccess(stored: StoredTokenRecord | null, v: { token: string; expiresAt: Date; updatedAt: Date }): void {
  const rec = openForWrite(stored);
  if (rec.id == null) rec.setValue({ fieldId: 'name', value: 'OAuth access token' });
  rec.setValue({ fieldId: F.token, value: v.token });
  rec.setValue({ fieldId: F.expires, value: v.expiresAt });
  rec.setValue({ fieldId: F.updated, value: v.updatedAt });
  rec.setValue({ fieldId: F.lastError, value: '' });
  setStatus(rec, 'active');
  rec.save();
  const cached: StoredToken = { token: v.token, expiresAtMs: v.expiresAt.getTime() };
  cachePutJson(cacheKeys.token, cached, (v.expiresAt.getTime() - v.updatedAt.getTime()) / 1000);
}

export function saveTokenFailure(stored: StoredTokenRecord | null, v: { status: 'error' | 'expired'; lastError: string; clearToken: boolean }): void {
  const rec = openForWrite(stored);
  if (rec.id == null) rec.setValue({ fieldId: 'name', value: 'OAuth access token' });
  if (v.clearToken) rec.setValue({ fieldId: F.token, value: '' });
  rec.setValue({ fieldId: F.lastError, value: v.lastError });
  setStatus(rec, v.status);
  rec.save();
}

/** The proxy's read: cache first (1 unit), the record on a miss (12 units), then cached again. */
export function readServableToken(nowMs: number): StoredToken | null {
  const cached = cacheGetJson<StoredToken>(cacheKeys.token);
  if (cached && typeof cached.token === 'string' && typeof cached.expiresAtMs === 'number' && cached.expiresAtMs > nowMs) return cached;
  const rec = readTokenRecord();
  if (!rec || !rec.hasToken || !rec.expiresAt || rec.expiresAt.getTime() <= nowMs) return null;
  const fresh: StoredToken = { token: rec.token, expiresAtMs: rec.expiresAt.getTime() };
  cachePutJson(cacheKeys.token, fresh, (fresh.expiresAtMs - nowMs) / 1000);
  return fresh;
}
