// Access tokens of the fake endpoint: JWTs shaped like NetSuite's ("OAuth 2.0 Access and Refresh
// Token Structure": PS256, kid, iss https://system.netsuite.com, sub "role;entity", aud
// ["<application id>;<account>", "<client id>"], scope), plus a random jti so every token is unique.
// Signed and verified synchronously with node:crypto (the product never verifies them; a REST
// stand-in does, offline, through verifyAccessToken).
import { constants, createPublicKey, generateKeyPairSync, KeyObject, randomBytes, sign, verify } from 'node:crypto';

export const ACCESS_TOKEN_ISSUER = 'https://system.netsuite.com';

/** One RSA key per process, made on first use (RSA generation costs ~0.3 s): endpoints tell their
 * tokens apart by a per-endpoint kid and the account in aud, which verification checks. */
let processKey: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
function signingKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  if (!processKey) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    processKey = { privateKey, publicKey: createPublicKey(privateKey) };
  }
  return processKey;
}

const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };

export interface AccessTokenClaims {
  clientId: string;
  applicationId: string;
  accountId: string;
  entity: string;
  role: string;
  scopes: string[];
  issuedAtSeconds: number;
  expiresAtSeconds: number;
}

export function signAccessToken(kid: string, c: AccessTokenClaims): string {
  const header = { kid, typ: 'JWT', alg: 'PS256' };
  const payload = {
    sub: `${c.role};${c.entity}`,
    aud: [`${c.applicationId};${c.accountId}`, c.clientId],
    scope: c.scopes,
    iss: ACCESS_TOKEN_ISSUER,
    exp: c.expiresAtSeconds,
    iat: c.issuedAtSeconds,
    jti: randomBytes(16).toString('hex'),
  };
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = sign('sha256', Buffer.from(input), { key: signingKey().privateKey, ...PSS });
  return `${input}.${signature.toString('base64url')}`;
}

export type AccessTokenCheck =
  | { ok: true; clientId: string; scopes: string[]; expiresAt: number; issuedAt: number; entity: string; role: string; jti: string }
  | { ok: false; reason: string };

/** Verifies a token issued with `kid` for `accountId`; `nowMs` decides expiry (exp is exclusive). */
export function verifyAccessTokenWith(kid: string, accountId: string, token: string, nowMs: number): AccessTokenCheck {
  if (typeof token !== 'string') return { ok: false, reason: 'malformed: not a string' };
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) return { ok: false, reason: 'malformed: not a compact JWT' };
  const [h, p, s] = parts as [string, string, string];
  const header = parseJson(h);
  const payload = parseJson(p);
  if (!header || !payload) return { ok: false, reason: 'malformed: header or payload is not a JSON object' };
  if (header['alg'] !== 'PS256' || header['kid'] !== kid) return { ok: false, reason: 'not issued by this endpoint (kid/alg)' };
  if (!processKey || !verify('sha256', Buffer.from(`${h}.${p}`), { key: processKey.publicKey, ...PSS }, Buffer.from(s, 'base64url'))) {
    return { ok: false, reason: 'bad signature' };
  }
  const aud = payload['aud'];
  const scope = payload['scope'];
  const [sub, exp, iat, jti] = [payload['sub'], payload['exp'], payload['iat'], payload['jti']];
  if (!Array.isArray(aud) || aud.length !== 2 || typeof aud[0] !== 'string' || typeof aud[1] !== 'string' || !aud[0].endsWith(`;${accountId}`)) {
    return { ok: false, reason: 'not issued for this account (aud)' };
  }
  if (!Array.isArray(scope) || !scope.every((x): x is string => typeof x === 'string') || typeof sub !== 'string'
    || typeof exp !== 'number' || typeof iat !== 'number' || typeof jti !== 'string') {
    return { ok: false, reason: 'malformed: claims' };
  }
  if (nowMs >= exp * 1000) return { ok: false, reason: 'expired' };
  const [role = '', entity = ''] = sub.split(';');
  return { ok: true, clientId: aud[1], scopes: scope, expiresAt: exp * 1000, issuedAt: iat * 1000, entity, role, jti };
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function parseJson(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
