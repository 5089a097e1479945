// Test helpers: client assertions signed with node:crypto (not jsrsasign, not the endpoint's jose).
import { constants, createHmac, createPrivateKey, sign } from 'node:crypto';
import type { TokenEndpoint, TokenRequest, TokenResponse } from '../../tools/fake-netsuite';

const HASH: Record<string, string> = { 256: 'sha256', 384: 'sha384', 512: 'sha512' };

function b64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');
}

/** Signs a compact JWS: PS* (PSS, salt = hash length), ES* (raw r||s), RS256, HS256 (with `privateKeyPem` as secret) or none. */
export function signJwt(header: Record<string, unknown>, payload: Record<string, unknown> | string, privateKeyPem: string, alg = String(header['alg'])): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  const data = Buffer.from(input);
  const bits = alg.slice(2);
  const hash = HASH[bits] ?? 'sha256';
  let signature: Buffer;
  if (alg.startsWith('PS')) {
    signature = sign(hash, data, { key: createPrivateKey(privateKeyPem), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(bits) / 8 });
  } else if (alg.startsWith('ES')) {
    signature = sign(hash, data, { key: createPrivateKey(privateKeyPem), dsaEncoding: 'ieee-p1363' });
  } else if (alg === 'RS256') {
    signature = sign('sha256', data, createPrivateKey(privateKeyPem));
  } else if (alg === 'HS256') {
    signature = createHmac('sha256', privateKeyPem).update(data).digest();
  } else {
    signature = Buffer.alloc(0);
  }
  return `${input}.${signature.toString('base64url')}`;
}

export interface AssertionParams {
  endpoint: TokenEndpoint;
  clientId: string;
  kid: string;
  privateKeyPem: string;
  alg: string;
  /** ms clock used for iat/exp (default the endpoint's own clock must be passed by the caller). */
  nowMs: number;
  lifetimeSeconds?: number;
  scope?: unknown;
  header?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  /** Remove these payload claims. */
  omit?: string[];
}

export function makeAssertion(p: AssertionParams): string {
  const iat = Math.floor(p.nowMs / 1000);
  const payload: Record<string, unknown> = {
    iss: p.clientId,
    scope: p.scope ?? ['rest_webservices'],
    aud: p.endpoint.url,
    iat,
    exp: iat + (p.lifetimeSeconds ?? 300),
    ...p.payload,
  };
  for (const claim of p.omit ?? []) delete payload[claim];
  return signJwt({ typ: 'JWT', alg: p.alg, kid: p.kid, ...p.header }, payload, p.privateKeyPem, p.alg);
}

export function formBody(fields: Record<string, string>): string {
  return Object.entries(fields).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

export function tokenForm(assertion: string): string {
  return formBody({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
  });
}

export function tokenRequest(endpoint: TokenEndpoint, body: string, overrides: Partial<TokenRequest> = {}): TokenRequest {
  return {
    method: 'POST',
    url: endpoint.url,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
    ...overrides,
  };
}

export function json(res: TokenResponse): Record<string, unknown> {
  return JSON.parse(res.body) as Record<string, unknown>;
}

/** The error answer, as `${code} ${error}` for readable expectations. */
export function errorOf(res: TokenResponse): string {
  return `${res.code} ${String(json(res)['error'])}`;
}
