/**
 * Creating, listing, rotating and revoking API clients (key admin page). Keys are generated here,
 * server-side, from N/crypto/random; only their SHA-256 and a short display prefix are stored, and
 * the shared cache entry of a replaced or revoked key is removed at once.
 */
import * as random from 'N/crypto/random';
import * as record from 'N/record';
import * as search from 'N/search';
import { apiKeyFromBytes, API_KEY_RANDOM_BYTES, keyDisplayPrefix } from '../core/apiKey';
import { normalizeAllowedIps, type NewClientInput } from '../core/keyAdmin';
import { CLIENT_RECORD } from '../core/names';
import { base64UrlOfBytes, sha256Hex } from './encoding';
import { cacheKeys, cacheRemove } from './sharedCache';
import { asDate } from './values';

const F = CLIENT_RECORD.fields;
/** Display prefix of the key (not a secret: 6 of its 43+ random characters). */
const KEY_PREFIX_FIELD = F.keyPrefix;

export interface ClientRow {
  id: string;
  name: string;
  keyPrefix: string;
  allowedIps: string;
  expires: Date | null;
  lastUsed: Date | null;
  active: boolean;
}

function newKey(): string {
  return apiKeyFromBytes(random.generateBytes({ size: API_KEY_RANDOM_BYTES }), base64UrlOfBytes);
}

export function listClients(): ClientRow[] {
  const rows: ClientRow[] = [];
  search
    .create({
      type: CLIENT_RECORD.type,
      columns: [search.createColumn({ name: 'name', sort: search.Sort.ASC }), 'isinactive', KEY_PREFIX_FIELD, F.allowedIps, F.expires, F.lastUsed],
    })
    .run()
    .each((r) => {
      const inactive = r.getValue({ name: 'isinactive' });
      rows.push({
        id: String(r.id),
        name: String(r.getValue({ name: 'name' }) ?? ''),
        keyPrefix: String(r.getValue({ name: KEY_PREFIX_FIELD }) ?? ''),
        allowedIps: String(r.getValue({ name: F.allowedIps }) ?? ''),
        expires: asDate(r.getValue({ name: F.expires })),
        lastUsed: asDate(r.getValue({ name: F.lastUsed })),
        active: !(inactive === true || inactive === 'T'),
      });
      return rows.length < 1000;
    });
  return rows;
}

/** Creates the client; returns the key, which exists nowhere else and is shown once. */
export function createClient(input: NewClientInput): { id: string; key: string } {
  const key = newKey();
  const rec = record.create({ type: CLIENT_RECORD.type });
  rec.setValue({ fieldId: 'name', value: input.name.trim() });
  rec.setValue({ fieldId: F.keyHash, value: sha256Hex(key) });
  rec.setValue({ fieldId: KEY_PREFIX_FIELD, value: keyDisplayPrefix(key) });
  rec.setValue({ fieldId: F.allowedIps, value: normalizeAllowedIps(input.allowedIps) });
  if (input.expiresAt) rec.setValue({ fieldId: F.expires, value: input.expiresAt });
  const id = String(rec.save());
  return { id, key };
}

function currentHash(id: string): string {
  const values = search.lookupFields({ type: CLIENT_RECORD.type, id, columns: [F.keyHash] }) as Record<string, unknown>;
  return String(values[F.keyHash] ?? '');
}

/** Replaces the key: the old one stops working at once (its cache entry is removed). */
export function rotateClientKey(id: string): { key: string } {
  const oldHash = currentHash(id);
  const key = newKey();
  record.submitFields({ type: CLIENT_RECORD.type, id, values: { [F.keyHash]: sha256Hex(key), [KEY_PREFIX_FIELD]: keyDisplayPrefix(key) } });
  if (oldHash) cacheRemove(cacheKeys.client(oldHash));
  return { key };
}

export function setClientActive(id: string, active: boolean): void {
  const hash = currentHash(id);
  record.submitFields({ type: CLIENT_RECORD.type, id, values: { isinactive: !active } });
  if (hash) cacheRemove(cacheKeys.client(hash));
}
