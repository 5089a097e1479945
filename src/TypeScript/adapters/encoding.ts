/** N/encode and N/crypto helpers, normalised: NetSuite emits upper-case HEX and may pad base64url. */
import * as crypto from 'N/crypto';
import * as encode from 'N/encode';
import { toBase64Url } from '../core/base64url';
import { normalizeKeyHash } from '../core/apiKey';

export function base64UrlOfUtf8(text: string): string {
  return toBase64Url(encode.convert({ string: text, inputEncoding: encode.Encoding.UTF_8, outputEncoding: encode.Encoding.BASE_64_URL_SAFE }));
}

export function base64UrlOfBytes(bytes: ArrayLike<number>): string {
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += (bytes[i]! & 0xff).toString(16).padStart(2, '0');
  return toBase64Url(encode.convert({ string: hex, inputEncoding: encode.Encoding.HEX, outputEncoding: encode.Encoding.BASE_64_URL_SAFE }));
}

/** Lower-case hex SHA-256 of a UTF-8 string (0 governance units). */
export function sha256Hex(text: string): string {
  const hash = crypto.createHash({ algorithm: crypto.HashAlg.SHA256 });
  hash.update({ input: text, inputEncoding: encode.Encoding.UTF_8 });
  return normalizeKeyHash(hash.digest({ outputEncoding: encode.Encoding.HEX }));
}

/** A short fingerprint of a secret for logs: never the secret itself. */
export function secretFingerprint(secret: string): string {
  return `sha256:${sha256Hex(secret).slice(0, 8)}`;
}
