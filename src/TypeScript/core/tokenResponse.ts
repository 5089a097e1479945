/**
 * Reading the token endpoint's answer: `{"access_token", "expires_in" (number or numeric string),
 * "token_type"}` on success; `{"error": ...}` with 400/401 on refusal; 5xx and non-JSON bodies happen.
 * Refusals get plain advice; only transient failures (5xx, 429, network, garbled answers) are retried.
 */
import { TokenEndpointError } from './errors';

/**
 * Largest access token stored. NetSuite's are JWTs of one or two KB; anything far larger is not a
 * token, would fill the record's long-text field and be refused by N/cache (values up to 500 KB),
 * breaking every proxy call.
 */
export const MAX_ACCESS_TOKEN_CHARS = 16384;
/** NetSuite's tokens live 3600 s; one that lives under 2 minutes is not worth storing. */
export const MIN_EXPIRES_IN_SECONDS = 120;
/** A compact JWS: three base64url segments (header.payload.signature). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Why a value cannot be an access token worth storing, or null when it has a token's shape. */
export function accessTokenProblem(token: string): string | null {
  if (token.length > MAX_ACCESS_TOKEN_CHARS) return `an access_token of ${token.length} characters (more than ${MAX_ACCESS_TOKEN_CHARS})`;
  if (!COMPACT_JWS.test(token)) return 'an access_token that is not a JWT (header.payload.signature)';
  return null;
}

export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
  tokenType: string;
}

const ADVICE: Record<string, string> = {
  invalid_grant:
    'NetSuite rejected the client assertion. Check that the certificate id (kid) is the one in OAuth 2.0 Client Credentials (M2M) Setup and is not revoked or expired, that the key matches that certificate, that the algorithm is PS256/PS384/PS512/ES256/ES384/ES512 (never RS256), that the mapping\'s entity and role are active and the role may use REST web services, and that the account clock is right.',
  invalid_client:
    'NetSuite does not accept this client. Check the client id (the integration record\'s Consumer Key), that the integration is Enabled with "Client Credentials (Machine to Machine) Grant" checked, and that the account id is right.',
  invalid_request: 'NetSuite found the token request malformed. This is a bug in the request: report it with the script log.',
  invalid_scope: 'NetSuite refused the scope. Use restlets, rest_webservices and/or suite_analytics, and enable them on the integration record.',
  unauthorized_client: 'The integration may not use the client credentials grant: check "Client Credentials (Machine to Machine) Grant" on the integration record.',
  unsupported_grant_type: 'NetSuite refused the grant type: check that OAuth 2.0 is enabled (Setup > Company > Enable Features > SuiteCloud).',
  server_error: 'NetSuite reported a server error; the refresher retries on its next run.',
  temporarily_unavailable: 'NetSuite is temporarily unavailable; the refresher retries on its next run.',
};

export function adviceFor(oauthError: string): string {
  return ADVICE[oauthError] ?? 'See the error description from NetSuite.';
}

/** Parses a token endpoint answer; throws TokenEndpointError (transient or not) on anything but a token. */
export function parseTokenResponse(status: number, body: string | null | undefined): IssuedToken {
  const text = body ?? '';
  let json: unknown;
  try {
    json = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const obj = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;

  if (status >= 200 && status < 300) {
    if (!obj) throw new TokenEndpointError(`the token endpoint answered HTTP ${status} with ${describeBody(text)} instead of JSON`, true, status);
    const token = obj['access_token'];
    const expiresIn = toSeconds(obj['expires_in']);
    if (typeof token !== 'string' || token.length < 10) {
      throw new TokenEndpointError(`the token endpoint answered HTTP ${status} without an access_token`, true, status);
    }
    const problem = accessTokenProblem(token);
    if (problem) throw new TokenEndpointError(`the token endpoint answered HTTP ${status} with ${problem}; nothing was stored`, true, status);
    if (expiresIn === undefined) {
      throw new TokenEndpointError(`the token endpoint answered HTTP ${status} without a usable expires_in`, true, status);
    }
    if (expiresIn < MIN_EXPIRES_IN_SECONDS) {
      // Storing it would replace a token that may be valid far longer with one that is gone at once.
      throw new TokenEndpointError(`the token endpoint issued a token valid for only ${expiresIn} s; nothing was stored`, true, status);
    }
    const tokenType = typeof obj['token_type'] === 'string' ? (obj['token_type'] as string) : 'bearer';
    if (tokenType.toLowerCase() !== 'bearer') {
      throw new TokenEndpointError(`the token endpoint issued a "${tokenType.slice(0, 20)}" token, not a bearer token`, false, status);
    }
    return { accessToken: token, expiresInSeconds: expiresIn, tokenType: 'Bearer' };
  }

  const transient = status >= 500 || status === 429 || status === 408;
  const oauthError = obj && typeof obj['error'] === 'string' ? (obj['error'] as string).slice(0, 60) : undefined;
  if (oauthError) {
    const description = typeof obj?.['error_description'] === 'string' ? ` (${(obj['error_description'] as string).slice(0, 200)})` : '';
    throw new TokenEndpointError(`HTTP ${status} ${oauthError}${description}: ${adviceFor(oauthError)}`, transient, status, oauthError);
  }
  throw new TokenEndpointError(
    `the token endpoint answered HTTP ${status} with ${describeBody(text)}${transient ? '; will retry' : ''}`,
    transient || status < 400,
    status,
  );
}

function toSeconds(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 && n <= 86400 ? n : undefined;
}

function describeBody(text: string): string {
  if (text.trim() === '') return 'an empty body';
  if (/^\s*</.test(text)) return 'an HTML page';
  return 'a body that is not JSON';
}
