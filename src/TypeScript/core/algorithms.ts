/**
 * Signing algorithms NetSuite accepts for client-credentials assertions since 1 March 2025, and the
 * key each one needs. RS256 (RSA PKCS#1 v1.5) is refused by NetSuite with invalid_grant, so it is
 * refused here first, with a message that says so.
 */
import { ConfigError } from './errors';

export type HashName = 'SHA256' | 'SHA384' | 'SHA512';
export type Curve = 'P-256' | 'P-384' | 'P-521';

export type JwtAlgorithm = 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512';

export interface AlgorithmRule {
  readonly name: JwtAlgorithm;
  readonly family: 'RSA' | 'EC';
  readonly hash: HashName;
  /** PSS salt length in bytes (the hash length, as RFC 7518 requires). */
  readonly hashBytes: number;
  /** For ES*: the only curve allowed. */
  readonly curve?: Curve;
  /** For ES*: bytes of each of r and s in the raw (JWS) signature. */
  readonly ecCoordinateBytes?: number;
}

export const ALGORITHMS = {
  PS256: { name: 'PS256', family: 'RSA', hash: 'SHA256', hashBytes: 32 },
  PS384: { name: 'PS384', family: 'RSA', hash: 'SHA384', hashBytes: 48 },
  PS512: { name: 'PS512', family: 'RSA', hash: 'SHA512', hashBytes: 64 },
  ES256: { name: 'ES256', family: 'EC', hash: 'SHA256', hashBytes: 32, curve: 'P-256', ecCoordinateBytes: 32 },
  ES384: { name: 'ES384', family: 'EC', hash: 'SHA384', hashBytes: 48, curve: 'P-384', ecCoordinateBytes: 48 },
  ES512: { name: 'ES512', family: 'EC', hash: 'SHA512', hashBytes: 64, curve: 'P-521', ecCoordinateBytes: 66 },
} as const satisfies Record<JwtAlgorithm, AlgorithmRule>;
export const DEFAULT_ALGORITHM: JwtAlgorithm = 'PS256';
export const ACCEPTED_ALGORITHMS = Object.keys(ALGORITHMS) as JwtAlgorithm[];
/** RSA modulus sizes NetSuite accepts for M2M certificates. */
export const RSA_BITS = [3072, 4096] as const;

const REFUSED: Record<string, string> = {
  RS256: 'RSA PKCS#1 v1.5',
  RS384: 'RSA PKCS#1 v1.5',
  RS512: 'RSA PKCS#1 v1.5',
  HS256: 'a shared secret (HMAC)',
  HS384: 'a shared secret (HMAC)',
  HS512: 'a shared secret (HMAC)',
  NONE: 'no signature',
};

/** Parses an algorithm name (case-insensitive, trimmed). Empty means the default, PS256. */
export function parseAlgorithm(value: unknown, parameter = 'algorithm'): AlgorithmRule {
  const text = value == null ? '' : String(value).trim().toUpperCase();
  if (text === '') return ALGORITHMS[DEFAULT_ALGORITHM];
  if (text in ALGORITHMS) return ALGORITHMS[text as JwtAlgorithm];
  const refused = REFUSED[text];
  if (refused) {
    throw new ConfigError(
      parameter,
      `${text} (${refused}) is not accepted: NetSuite no longer accepts it for OAuth 2.0 client credentials ` +
        `(since 1 March 2025 it answers invalid_grant). Use PS256 (the default) with an RSA 3072/4096 key, ` +
        `or ES256/ES384/ES512 with an EC key.`,
    );
  }
  throw new ConfigError(parameter, `"${clip(text)}" is not a signing algorithm; use one of ${ACCEPTED_ALGORITHMS.join(', ')}.`);
}

export type KeyShape = { type: 'RSA'; bits: number } | { type: 'EC'; curve: string };

/** Why this key cannot sign with this algorithm for NetSuite, or null when it fits. */
export function keyMismatch(alg: AlgorithmRule, key: KeyShape): string | null {
  if (alg.family === 'RSA') {
    if (key.type !== 'RSA') return `${alg.name} needs an RSA key, but the key is an EC key (${key.curve}); use ES256/ES384/ES512 for EC keys.`;
    if (!(RSA_BITS as readonly number[]).includes(key.bits)) {
      return `the RSA key has ${key.bits} bits; NetSuite accepts 3072 or 4096-bit RSA keys only.`;
    }
    return null;
  }
  if (key.type !== 'EC') return `${alg.name} needs an EC key on ${alg.curve}, but the key is RSA; use PS256 for RSA keys.`;
  if (key.curve !== alg.curve) return `${alg.name} needs an EC key on ${alg.curve}, but the key is on ${key.curve}.`;
  return null;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
