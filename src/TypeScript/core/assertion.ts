/**
 * The JWT client assertion NetSuite expects (DESIGN.md section 2): header {typ, alg, kid}, payload
 * {iss, scope[], aud, iat, exp} with a short lifetime (exp - iat < 3600 s, here 300 s).
 * Encoding and signing are injected so the same rules serve jsrsasign, N/crypto/certificate and Node.
 */
import type { AlgorithmRule } from './algorithms';
import { ASSERTION_LIFETIME_SECONDS } from './config';
import type { Scope } from './scope';
import { toBase64Url } from './base64url';

export interface AssertionHeader {
  typ: 'JWT';
  alg: string;
  kid: string;
}

export interface AssertionClaims {
  iss: string;
  scope: Scope[];
  aud: string;
  iat: number;
  exp: number;
}

export function assertionHeader(alg: AlgorithmRule, certificateId: string): AssertionHeader {
  return { typ: 'JWT', alg: alg.name, kid: certificateId };
}

export function assertionClaims(opts: { clientId: string; scope: Scope[]; audience: string; nowMs: number; lifetimeSeconds?: number }): AssertionClaims {
  const lifetime = opts.lifetimeSeconds ?? ASSERTION_LIFETIME_SECONDS;
  if (!(lifetime > 0 && lifetime < 3600)) throw new RangeError('assertion lifetime must be between 1 and 3599 seconds');
  const iat = Math.floor(opts.nowMs / 1000);
  return { iss: opts.clientId, scope: [...opts.scope], aud: opts.audience, iat, exp: iat + lifetime };
}


/** Encodes a UTF-8 string as base64url; supplied by the platform (N/encode, jsrsasign, Buffer). */
export type Base64UrlEncoder = (utf8: string) => string;

/** `base64url(header).base64url(payload)`: what gets signed. */
export function signingInput(header: AssertionHeader, claims: AssertionClaims, encode: Base64UrlEncoder): string {
  return `${toBase64Url(encode(JSON.stringify(header)))}.${toBase64Url(encode(JSON.stringify(claims)))}`;
}

/** A signer returns the JWS signature (raw r||s for ECDSA) in base64 or base64url. */
export interface AssertionSigner {
  readonly description: string;
  sign(input: string): string;
}

export function buildAssertion(header: AssertionHeader, claims: AssertionClaims, encode: Base64UrlEncoder, signer: AssertionSigner): string {
  const input = signingInput(header, claims, encode);
  return `${input}.${toBase64Url(signer.sign(input))}`;
}

/** The form body of the client-credentials token request, each field form-encoded. */
export function tokenRequestBody(assertion: string): string {
  return [
    ['grant_type', 'client_credentials'],
    ['client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'],
    ['client_assertion', assertion],
  ]
    .map(([k, v]) => `${formEncode(k as string)}=${formEncode(v as string)}`)
    .join('&');
}

export function formEncode(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
