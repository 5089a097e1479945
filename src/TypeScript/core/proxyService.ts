/**
 * The token proxy's decision, as a pure function of the request and a few ports (cache-backed
 * look-ups, throttle, refresh request, audit). The Suitelet entry only wires N/* adapters to it.
 * Answers and error codes are DESIGN.md section 3; every answer is HTTP 200 (a Suitelet cannot set
 * its status), so the code is in the body.
 */
import { fingerprint, isWellFormedApiKey } from './apiKey';
import { describeError } from './errors';
import { isServable, secondsLeft } from './freshness';
import { isAllowed, parseAllowList } from './ipAllowList';
import { API_KEY_HEADER } from './names';
import { addFailure, type FailureWindow, retryAfterSeconds, type ThrottleSettings, throttleKey } from './throttle';

export type ProxyErrorCode =
  | 'unauthorized'
  | 'api_key_in_url'
  | 'forbidden_ip'
  | 'rate_limited'
  | 'token_unavailable'
  | 'method_not_allowed'
  | 'server_error';

export interface ProxySuccess {
  access_token: string;
  token_type: 'Bearer';
  expires_at: string;
  expires_in: number;
}

export interface ProxyFailure {
  error: ProxyErrorCode;
  error_description: string;
  retry_after?: number;
}

export type ProxyBody = ProxySuccess | ProxyFailure;

export interface ProxyRequest {
  method: string;
  headers: Record<string, unknown> | null | undefined;
  parameters: Record<string, unknown> | null | undefined;
  clientIp: string;
}

export interface ClientEntry {
  id: string;
  name: string;
  inactive: boolean;
  expiresAtMs: number | null;
  allowedIps: string;
  lastUsedMs: number | null;
}

export interface StoredToken {
  token: string;
  expiresAtMs: number;
}

export interface ProxySettings extends ThrottleSettings {
  /** Seconds of validity a token must still have to be handed out. */
  minValiditySeconds: number;
  /** last_used is written at most this often per client. */
  touchIntervalSeconds: number;
  /** retry_after suggested when no token can be served. */
  tokenRetryAfterSeconds: number;
}

export const DEFAULT_PROXY_SETTINGS: ProxySettings = {
  maxFailures: 10,
  windowSeconds: 900,
  minValiditySeconds: 300,
  touchIntervalSeconds: 300,
  tokenRetryAfterSeconds: 60,
};

export interface ProxyPorts {
  nowMs(): number;
  /** Lower-case hex SHA-256 of the UTF-8 string. */
  sha256(text: string): string;
  failures(key: string): FailureWindow | null;
  saveFailures(key: string, w: FailureWindow, ttlSeconds: number): void;
  findClient(keyHash: string): ClientEntry | null;
  touchClient(client: ClientEntry, keyHash: string, nowMs: number): void;
  readToken(): StoredToken | null;
  /** Ask for a refresh (implementations limit how often). */
  requestRefresh(): void;
  audit(line: AuditLine): void;
  logError(title: string, details: string): void;
}

export interface AuditLine {
  outcome: 'issued' | ProxyErrorCode;
  client: string | null;
  address: string;
  keyFingerprint: string | null;
  detail?: string;
}

const DESCRIPTIONS: Record<ProxyErrorCode, string> = {
  unauthorized: 'A valid API key is required in the X-API-Key header.',
  api_key_in_url:
    'Send the API key in the X-API-Key header, never in the URL: URLs are written to logs. Treat this key as exposed and have it rotated.',
  forbidden_ip: "This API key may not be used from the caller's address.",
  rate_limited: 'Too many failed attempts from this address; wait retry_after seconds.',
  token_unavailable: 'No access token with enough validity is available yet; a refresh has been requested. Retry after retry_after seconds.',
  method_not_allowed: 'Use GET or POST.',
  server_error: 'The token proxy failed unexpectedly; the administrator can find details in the script log.',
};

/** Query/form parameter names that mean "an API key was put in the URL". */
const KEY_PARAMETER = /^(x[-_]?)?api[-_]?key$|^key$|^apikey$|^access[-_]?key$/i;

export function failure(code: ProxyErrorCode, retryAfter?: number): ProxyFailure {
  const body: ProxyFailure = { error: code, error_description: DESCRIPTIONS[code] };
  if (retryAfter !== undefined) body.retry_after = retryAfter;
  return body;
}

/** Header value of X-API-Key in any letter case; null when absent, '' when ambiguous. */
export function apiKeyFromHeaders(headers: Record<string, unknown> | null | undefined): string | null {
  if (!headers) return null;
  let found: string | null = null;
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() !== API_KEY_HEADER) continue;
    const raw = headers[name];
    const value = typeof raw === 'string' ? raw.trim() : Array.isArray(raw) ? '' : raw == null ? '' : String(raw);
    if (found !== null && found !== value) return '';
    found = value;
  }
  return found;
}

function keyInParameters(parameters: Record<string, unknown> | null | undefined): boolean {
  if (!parameters) return false;
  for (const name of Object.keys(parameters)) {
    if (KEY_PARAMETER.test(name)) return true;
    const v = parameters[name];
    if (typeof v === 'string' && v.trim().startsWith('nsk_')) return true;
  }
  return false;
}

export function handleProxyRequest(req: ProxyRequest, ports: ProxyPorts, settings: ProxySettings): ProxyBody {
  const address = typeof req.clientIp === 'string' ? req.clientIp : '';
  const audit = (outcome: AuditLine['outcome'], client: ClientEntry | null, keyHash: string | null, detail?: string) => {
    const line: AuditLine = { outcome, client: client ? client.name : null, address, keyFingerprint: keyHash ? fingerprint(keyHash) : null };
    if (detail) line.detail = detail;
    ports.audit(line);
  };
  try {
    const method = typeof req.method === 'string' ? req.method.toUpperCase() : '';
    if (method !== 'GET' && method !== 'POST') {
      audit('method_not_allowed', null, null);
      return failure('method_not_allowed');
    }
    if (keyInParameters(req.parameters)) {
      audit('api_key_in_url', null, null);
      return failure('api_key_in_url');
    }
    const now = ports.nowMs();
    const tKey = throttleKey(address);
    const window = ports.failures(tKey);
    const wait = retryAfterSeconds(window, now, settings);
    if (wait > 0) {
      audit('rate_limited', null, null);
      return failure('rate_limited', wait);
    }
    const fail = (code: 'unauthorized' | 'forbidden_ip', client: ClientEntry | null, keyHash: string | null, detail: string): ProxyFailure => {
      ports.saveFailures(tKey, addFailure(window, now, settings), settings.windowSeconds);
      audit(code, client, keyHash, detail);
      return failure(code);
    };

    const presented = apiKeyFromHeaders(req.headers);
    // Hash even a malformed or missing key, so every rejection costs about the same time.
    const wellFormed = isWellFormedApiKey(presented);
    const keyHash = ports.sha256(wellFormed ? presented : 'nsk_not-a-key');
    if (!wellFormed) return fail('unauthorized', null, null, presented === null ? 'no key' : 'malformed key');
    const client = ports.findClient(keyHash);
    if (!client) return fail('unauthorized', null, keyHash, 'unknown key');
    if (client.inactive) return fail('unauthorized', client, keyHash, 'inactive client');
    if (client.expiresAtMs !== null && client.expiresAtMs <= now) return fail('unauthorized', client, keyHash, 'expired client');
    const allow = parseAllowList(client.allowedIps);
    if (!isAllowed(allow, address)) return fail('forbidden_ip', client, keyHash, 'address not in allow-list');

    const stored = ports.readToken();
    const expiresAt = stored ? new Date(stored.expiresAtMs) : null;
    if (!stored || !isServable(expiresAt, now, settings.minValiditySeconds)) {
      try {
        ports.requestRefresh();
      } catch (e) {
        ports.logError('refresh request failed', describeError(e));
      }
      audit('token_unavailable', client, keyHash, stored ? `token has ${secondsLeft(expiresAt, now)} s left` : 'no stored token');
      return failure('token_unavailable', settings.tokenRetryAfterSeconds);
    }
    if (client.lastUsedMs === null || now - client.lastUsedMs >= settings.touchIntervalSeconds * 1000) {
      try {
        ports.touchClient(client, keyHash, now);
      } catch (e) {
        ports.logError('could not record last use', describeError(e));
      }
    }
    audit('issued', client, keyHash);
    return {
      access_token: stored.token,
      token_type: 'Bearer',
      expires_at: new Date(stored.expiresAtMs).toISOString(),
      expires_in: secondsLeft(expiresAt, now),
    };
  } catch (e) {
    ports.logError('token proxy failed', describeError(e));
    try {
      audit('server_error', null, null);
    } catch {
      /* the answer matters more than the audit line */
    }
    return failure('server_error');
  }
}
