/**
 * The client-credentials exchange from an administrator's machine: the assertion is built by the
 * same core code the refresher uses (core/assertion.ts) and signed with node:crypto; the answer is
 * read by core/tokenResponse.ts. Outcomes are classified for exit codes and plain advice.
 */
import { constants, createHash, type KeyObject, sign } from 'node:crypto';
import type { AlgorithmRule } from '../../src/TypeScript/core/algorithms';
import { assertionClaims, assertionHeader, type AssertionSigner, buildAssertion, tokenRequestBody } from '../../src/TypeScript/core/assertion';
import type { RefresherConfig } from '../../src/TypeScript/core/config';
import { TokenEndpointError } from '../../src/TypeScript/core/errors';
import { fingerprint } from '../../src/TypeScript/core/apiKey';
import { adviceFor, type IssuedToken, parseTokenResponse } from '../../src/TypeScript/core/tokenResponse';

/** JWS signatures with node:crypto: RSA-PSS with salt = hash length (RFC 7518), ECDSA as raw r||s. */
export function nodeSigner(alg: AlgorithmRule, key: KeyObject): AssertionSigner {
  const hash = alg.hash.toLowerCase();
  return {
    description: `node:crypto ${alg.name}`,
    sign(input: string): string {
      const data = Buffer.from(input, 'utf8');
      const signature = alg.family === 'RSA'
        ? sign(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: alg.hashBytes })
        : sign(hash, data, { key, dsaEncoding: 'ieee-p1363' });
      return signature.toString('base64url');
    },
  };
}

/** A signed client assertion for `config`, with `aud` = the account's token URL (what NetSuite checks). */
export function signedAssertion(config: RefresherConfig, audience: string, key: KeyObject, nowMs: number): string {
  const header = assertionHeader(config.algorithm, config.certificateId);
  const claims = assertionClaims({ clientId: config.clientId, scope: config.scope, audience, nowMs });
  return buildAssertion(header, claims, (utf8) => Buffer.from(utf8, 'utf8').toString('base64'), nodeSigner(config.algorithm, key));
}

export type TokenOutcome =
  | { kind: 'issued'; token: IssuedToken; expiresAtMs: number; elapsedMs: number }
  /** NetSuite answered and refused (4xx, or an answer that will not change by retrying). */
  | { kind: 'refused'; status: number; oauthError?: string; description?: string; message: string; advice: string }
  /** No usable answer, worth retrying later: network, timeout, 5xx/429, HTML pages. */
  | { kind: 'unavailable'; status?: number; code?: string; message: string; advice: string };

export interface RequestTokenOptions {
  url: string;
  assertion: string;
  fetch: typeof fetch;
  now: () => number;
  timeoutMs: number;
}

export async function requestToken(opts: RequestTokenOptions): Promise<TokenOutcome> {
  const started = opts.now();
  let status: number;
  let body: string;
  try {
    const res = await opts.fetch(opts.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: tokenRequestBody(opts.assertion),
      // A redirect would carry the signed assertion elsewhere: never follow one.
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    status = res.status;
    body = await res.text();
    if (status >= 300 && status < 400) {
      return {
        kind: 'refused', status, message: `the token endpoint answered HTTP ${status} (a redirect${res.headers.get('location') ? ` to ${res.headers.get('location')?.slice(0, 120)}` : ''})`,
        advice: 'NetSuite\'s token endpoint never redirects: check the account id (it gives the host name) and any proxy between this machine and NetSuite. The assertion was not sent on.',
      };
    }
  } catch (e) {
    return networkOutcome(e, opts);
  }
  try {
    const token = parseTokenResponse(status, body);
    return { kind: 'issued', token, expiresAtMs: started + token.expiresInSeconds * 1000, elapsedMs: opts.now() - started };
  } catch (e) {
    if (!(e instanceof TokenEndpointError)) throw e;
    const description = errorDescription(body);
    if (e.transient) {
      return { kind: 'unavailable', status, message: e.message, advice: 'NetSuite did not give a usable answer; this is usually temporary (maintenance, overload). Try again in a few minutes; check https://status.netsuite.com if it persists.' };
    }
    if (e.oauthError) {
      return { kind: 'refused', status, oauthError: e.oauthError, ...(description ? { description } : {}), message: `HTTP ${status} ${e.oauthError}${description ? ` (${description})` : ''}`, advice: adviceFor(e.oauthError) };
    }
    return { kind: 'refused', status, message: e.message, advice: 'The answer is not what NetSuite\'s token endpoint sends: check the URL (account id) and any proxy in between.' };
  }
}

function errorDescription(body: string): string | undefined {
  try {
    const json = JSON.parse(body) as unknown;
    const d = json && typeof json === 'object' ? (json as Record<string, unknown>)['error_description'] : undefined;
    return typeof d === 'string' && d.trim() !== '' ? d.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

const NETWORK_ADVICE: Record<string, string> = {
  ENOTFOUND: 'the host name does not resolve: check the account id (a sandbox is 1234567_SB1, giving 1234567-sb1) and this machine\'s DNS.',
  EAI_AGAIN: 'DNS did not answer: check this machine\'s network and DNS settings, then retry.',
  ECONNREFUSED: 'the connection was refused: nothing listens there. Check a firewall or proxy between this machine and NetSuite (outbound HTTPS to *.suitetalk.api.netsuite.com must be allowed), or the --token-url.',
  ECONNRESET: 'the connection was reset: a firewall or proxy may block it; retry, then check outbound HTTPS to *.suitetalk.api.netsuite.com.',
  ETIMEDOUT: 'the connection timed out: a firewall may drop outbound HTTPS to *.suitetalk.api.netsuite.com.',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out: a firewall may drop outbound HTTPS to *.suitetalk.api.netsuite.com.',
  EHOSTUNREACH: 'the host is unreachable: check this machine\'s network and routes.',
  ENETUNREACH: 'the network is unreachable: check this machine\'s network connection.',
  SELF_SIGNED_CERT_IN_CHAIN: 'a TLS certificate in the chain is not trusted: a TLS-inspecting proxy is likely; give Node its CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem.',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the TLS certificate\'s issuer is not trusted: a TLS-inspecting proxy is likely; give Node its CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem.',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the TLS certificate cannot be verified: a TLS-inspecting proxy is likely; give Node its CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem.',
  CERT_HAS_EXPIRED: 'the server\'s TLS certificate has expired, or this machine\'s clock is wrong.',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the TLS certificate does not match the host name: a proxy may intercept the connection.',
};

function networkOutcome(e: unknown, opts: RequestTokenOptions): TokenOutcome {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return { kind: 'unavailable', code: 'TIMEOUT', message: `no answer from ${hostOf(opts.url)} within ${Math.round(opts.timeoutMs / 1000)} s`, advice: 'NetSuite or the network is slow, or a firewall drops the connection: retry later, or raise --timeout.' };
  }
  const code = err?.cause?.code;
  const advice = (code && NETWORK_ADVICE[code]) ?? 'check this machine\'s network, DNS, proxy and firewall (outbound HTTPS to *.suitetalk.api.netsuite.com). Note: Node\'s built-in fetch does not use HTTP(S)_PROXY; run from a machine with direct HTTPS access.';
  return {
    kind: 'unavailable', ...(code ? { code } : {}),
    message: `could not reach ${hostOf(opts.url)}: ${code ?? err?.cause?.message ?? err?.message ?? 'network error'}`,
    advice: advice.charAt(0).toUpperCase() + advice.slice(1),
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** What logs may show instead of a token: the first 8 hex digits of its SHA-256. */
export function tokenFingerprint(token: string): string {
  return fingerprint(createHash('sha256').update(token, 'utf8').digest('hex'));
}
