/**
 * API keys: `nsk_` followed by at least 32 random bytes in base64url (43+ characters). Only the
 * lower-case hex SHA-256 of the whole key string (UTF-8) is stored; logs show a short fingerprint.
 */

export const API_KEY_PREFIX = 'nsk_';
/** 32 random bytes: 43 base64url characters without padding. */
export const API_KEY_RANDOM_BYTES = 32;
const MAX_KEY_LENGTH = 200;
const KEY_FORMAT = /^nsk_[A-Za-z0-9_-]{43,196}$/;

/** True when the text has the shape of an API key (not whether it is a valid one). */
export function isWellFormedApiKey(text: unknown): text is string {
  return typeof text === 'string' && text.length <= MAX_KEY_LENGTH && KEY_FORMAT.test(text);
}

/** Builds a key from random bytes (from N/crypto/random or node:crypto). */
export function apiKeyFromBytes(bytes: ArrayLike<number>, toBase64Url: (bytes: ArrayLike<number>) => string): string {
  if (bytes.length < API_KEY_RANDOM_BYTES) throw new RangeError(`an API key needs at least ${API_KEY_RANDOM_BYTES} random bytes`);
  const key = API_KEY_PREFIX + toBase64Url(bytes).replace(/=+$/, '');
  if (!isWellFormedApiKey(key)) throw new Error('generated API key does not have the expected format');
  return key;
}

/** Normalises a SHA-256 digest from any encoder (NetSuite gives upper-case HEX) to stored form. */
export function normalizeKeyHash(hex: string): string {
  const h = hex.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(h)) throw new Error('a key hash must be 64 hex characters (SHA-256)');
  return h;
}

export function isKeyHash(text: unknown): boolean {
  return typeof text === 'string' && /^[0-9a-f]{64}$/.test(text);
}

/** What logs and audit lines show instead of a secret: the first 8 hex digits of its SHA-256. */
export function fingerprint(hashHex: string): string {
  return `sha256:${hashHex.slice(0, 8).toLowerCase()}`;
}

/** What the admin page shows of a key: its prefix and first random characters. */
export function keyDisplayPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 6);
}
