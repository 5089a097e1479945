/**
 * Creating, listing, rotating and revoking API clients (key admin page). Keys are generated here,
 * server-side, from N/crypto/random; only their SHA-256 and a short display prefix are stored. The
 * proxy's client cache is its own (PRIVATE) and is re-checked against the record within seconds, and
 * the record's user event script reacts to every change: a replaced or revoked key stops at once.
 */
import * as random from 'N/crypto/random';
import * as record from 'N/record';
import * as search from 'N/search';
import { apiKeyFromBytes, API_KEY_RANDOM_BYTES, keyDisplayPrefix } from '../core/apiKey';
import { normalizeAllowedIps, type NewClientInput } from '../core/keyAdmin';
import { CLIENT_RECORD } from '../core/names';
import { base64UrlOfBytes, sha256Hex } from './encoding';
import { isChecked } from './values';
const F = CLIENT_RECORD.fields;

export interface ClientRow {
  id: string;
  name: string;
  keyPrefix: string;
  allowedIps: string;
  /** Dates as NetSuite's search writes them: the administrator's format and time zone ('' = none). */
  expiresText: string;
  lastUsedText: string;
  /** Profile record id ('' = the default profile) and its name as NetSuite shows it. */
  profileId: string;
  profileName: string;
  useCount: string;
  lastAddress: string;
  active: boolean;
}

const COLUMNS = [F.keyPrefix, F.allowedIps, F.expires, F.lastUsed, F.profile, F.useCount, F.lastAddress];

function newKey(): string {
  return apiKeyFromBytes(random.generateBytes({ size: API_KEY_RANDOM_BYTES }), base64UrlOfBytes);
}

function rowOf(r: search.Result): ClientRow {
  const inactive = r.getValue({ name: F.inactive });
  const text = (name: string) => String(r.getValue({ name }) ?? '');
  return {
    id: String(r.id),
    name: text(F.name),
    keyPrefix: text(F.keyPrefix),
    allowedIps: text(F.allowedIps),
    expiresText: text(F.expires),
    lastUsedText: text(F.lastUsed),
    profileId: text(F.profile),
    profileName: String(r.getText({ name: F.profile }) ?? ''),
    useCount: text(F.useCount),
    lastAddress: text(F.lastAddress),
    active: !isChecked(inactive),
  };
}

function searchClients(filters: unknown[]): ClientRow[] {
  const rows: ClientRow[] = [];
  search
    .create({ type: CLIENT_RECORD.type, filters: filters as search.Filter[], columns: [search.createColumn({ name: F.name, sort: search.Sort.ASC }), F.inactive, ...COLUMNS] })
    .run()
    .each((r) => {
      rows.push(rowOf(r));
      return rows.length < 1000;
    });
  return rows;
}

/** All clients by name (search: 10 units). */
export function listClients(): ClientRow[] {
  return searchClients([]);
}

/** One client, or null (search: 10 units; dates as text like the list). */
export function getClient(id: string): ClientRow | null {
  return searchClients([['internalid', 'anyof', id]])[0] ?? null;
}

/** Creates the client; returns the key, which exists nowhere else and is shown once. */
export function createClient(input: NewClientInput & { profileId: string }): { id: string; key: string } {
  const key = newKey();
  const rec = record.create({ type: CLIENT_RECORD.type });
  rec.setValue({ fieldId: F.name, value: input.name.trim() });
  rec.setValue({ fieldId: F.keyHash, value: sha256Hex(key) });
  rec.setValue({ fieldId: F.keyPrefix, value: keyDisplayPrefix(key) });
  rec.setValue({ fieldId: F.allowedIps, value: normalizeAllowedIps(input.allowedIps) });
  if (input.profileId) rec.setValue({ fieldId: F.profile, value: input.profileId });
  if (input.expiresAt) rec.setValue({ fieldId: F.expires, value: input.expiresAt });
  const id = String(rec.save());
  return { id, key };
}

/** Replaces the key: the old one stops working at once. */
export function rotateClientKey(id: string): { key: string; prefix: string } {
  const key = newKey();
  record.submitFields({ type: CLIENT_RECORD.type, id, values: { [F.keyHash]: sha256Hex(key), [F.keyPrefix]: keyDisplayPrefix(key) } });
  return { key, prefix: keyDisplayPrefix(key) };
}

export function setClientActive(id: string, active: boolean): void {
  record.submitFields({ type: CLIENT_RECORD.type, id, values: { [F.inactive]: !active } });
}
