/**
 * The token proxy's decision, as a pure function of the request and a few ports (the proxy's own
 * cache, the client and token records, the refresh request, logs). The Suitelet entry only wires
 * N/* adapters to it. Answers and error codes are DESIGN.md section 3; every answer is HTTP 200 (a
 * Suitelet cannot set its status), so the code is in the body.
 *
 * Order matters:
 * 1. method, then a key in the URL (refused even when valid);
 * 2. the key: a client the proxy has seen is in its own cache (1 unit) and is re-checked against
 *    its record every few seconds (1 unit), so a change to the record by any path (admin page, record
 *    UI, CSV import, another script) stops the key within seconds;
 * 3. only a failure, or a key the proxy has not seen, reads the failure counter of the caller's
 *    address: a throttled address is refused before any search, but a valid key from it is still
 *    served (failures cost the one who fails, not its neighbours behind the same NAT);
 * 4. the client's own profile's token, never another's.
 * A warm successful call costs 2 units: its client entry is read and written back (with the use
 * count); the token copy rides in that entry and is re-read from the profile's record every minute.
 *
 * Logs are rationed by NetSuite, so a public endpoint must not write a line per rejected request:
 * rejections are summed into one line every few minutes, a throttled address is logged when it is
 * throttled and once when its window closes (with the count), and issued tokens are logged per
 * client when its use is recorded on the client record (at most every few minutes), which is the
 * durable audit trail.
 */
import { fingerprint, isWellFormedApiKey } from './apiKey';
import { describeError } from './errors';
import { isServable, secondsLeft } from './freshness';
import { API_KEY_HEADER } from './names';
export { DEFAULT_PROFILE_KEY } from './names';
import type { Throttle, ThrottleSettings } from './throttle';

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

/** An API client as its record says (dates already read as instants). */
export interface ClientFields {
  id: string;
  name: string;
  keyHash: string;
  inactive: boolean;
  /** null = no expiry; NaN never: an expiry that cannot be read is stored as 0 (already passed). */
  expiresAtMs: number | null;
  allowedIps: string;
  /** DEFAULT_PROFILE_KEY or the profile record's id. */
  profileKey: string;
  useCount: number;
}

export interface StoredToken {
  token: string;
  expiresAtMs: number;
  /** When it was read from the profile's records (a shared copy may be older than this call). */
  readAtMs?: number;
}

/** What the proxy keeps per client in its own (PRIVATE) cache. */
export interface ClientEntry {
  v: 2;
  client: ClientFields;
  /** When the fields were last read from the record. */
  confirmedAtMs: number;
  /** The profile's token as last read, and when. */
  token: StoredToken | null;
  tokenReadAtMs: number;
  /** Calls served since the last write to the client record. */
  pendingUses: number;
  /** The last address the allow-list admitted (checked again whenever the address or the list changes). */
  allowedAddress?: string;
  /** When use was last written to the client record (0 = never by this cache entry). */
  recordedAtMs: number;
  lastAddress: string;
}

export interface ProxySettings extends ThrottleSettings {
  /** Seconds of validity a token must still have to be handed out. */
  minValiditySeconds: number;
  /** Last used, use count and last address are written at most this often per client. */
  touchIntervalSeconds: number;
  /** retry_after suggested when no token can be served. */
  tokenRetryAfterSeconds: number;
  /** A cached client is re-read from its record when its copy is older than this. */
  confirmSeconds: number;
  /** A cached token copy is re-read from its profile's record when older than this. */
  tokenRecheckSeconds: number;
  /** Rejections are summed into one log line per this many seconds. */
  summarySeconds: number;
}

export const DEFAULT_PROXY_SETTINGS: ProxySettings = {
  maxFailures: 10,
  windowSeconds: 900,
  minValiditySeconds: 300,
  touchIntervalSeconds: 300,
  tokenRetryAfterSeconds: 60,
  confirmSeconds: 5,
  tokenRecheckSeconds: 60,
  summarySeconds: 300,
};

/** Rejections not logged one by one, summed for the next summary line. */
export interface RejectionSummary {
  sinceMs: number;
  count: number;
  byOutcome: Record<string, number>;
  /** A few of the addresses (bounded), for the administrator to look at. */
  addresses: string[];
}

export interface ProxyPorts {
  nowMs(): number;
  /** Lower-case hex SHA-256 of the UTF-8 string. */
  sha256(text: string): string;
  /** The proxy's own cache entry for a key hash (1 unit). */
  cachedClient(keyHash: string): ClientEntry | null;
  /** Writes it back (1 unit); never fails the call. */
  saveClient(keyHash: string, entry: ClientEntry): void;
  forgetClient(keyHash: string): void;
  /** Re-reads a client by record id (1 unit); null when the record is gone. */
  confirmClient(id: string): ClientFields | null;
  /** Finds a client by key hash (a search: 10 units). */
  searchClient(keyHash: string): ClientFields | null;
  /** Whether any active client's key hash could be this one (a cached index: 1 unit). */
  mightBeClient(keyHash: string): boolean;
  /** The caller address's failure counters and the rejection summary (read only when needed). */
  throttle(address: string, nowMs: number, settings: ProxySettings): Throttle;
  /** Whether the allow-list admits the address (core/ipAllowList.ts). */
  allowed(allowedIps: string, address: string): boolean;
  /** The profile's current token, from its records; null when the profile is inactive, missing or has none. */
  profileToken(profileKey: string): StoredToken | null;
  /** Writes Last Used, use count and last address to the client record (2 units). */
  recordUse(client: ClientFields, v: { atMs: number; useCount: number; address: string }): void;
  /** Asks for a refresh (implementations limit how often); true when one was submitted now. */
  requestRefresh(profileKey: string): boolean;
  audit(line: AuditLine): void;
  logError(title: string, details: string): void;
}

export interface AuditLine {
  outcome: 'issued' | 'throttled' | 'throttle_ended' | 'rejected_summary' | ProxyErrorCode;
  client: string | null;
  address: string;
  keyFingerprint: string | null;
  detail?: string;
}

const DESCRIPTIONS: Record<ProxyErrorCode, string> = {
  unauthorized: 'A valid API key is required in the X-API-Key header.',
  api_key_in_url: 'Send the API key in the X-API-Key header, never in the URL (URLs end up in logs); have this key rotated.',
  forbidden_ip: "This API key may not be used from the caller's address.",
  rate_limited: 'Too many failed attempts from this address; wait retry_after seconds.',
  token_unavailable: 'No access token with enough validity is available yet; a refresh was requested. Retry after retry_after seconds.',
  method_not_allowed: 'Use GET or POST.',
  server_error: 'The token proxy failed unexpectedly; details are in the script log.',
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

/** A key put in the URL: null when none; the value when it looks like an API key, else ''. */
export function keyInParameters(parameters: Record<string, unknown> | null | undefined): string | null {
  if (!parameters) return null;
  let found: string | null = null;
  for (const name of Object.keys(parameters)) {
    const v = parameters[name];
    const value = typeof v === 'string' ? v.trim() : '';
    const prefixed = value.startsWith('nsk_');
    if (isWellFormedApiKey(value)) return value;
    if (KEY_PARAMETER.test(name) || prefixed) found = '';
  }
  return found;
}

function newEntry(client: ClientFields, nowMs: number): ClientEntry {
  return { v: 2, client, confirmedAtMs: nowMs, token: null, tokenReadAtMs: 0, pendingUses: 0, recordedAtMs: 0, lastAddress: '' };
}

/** A cache entry is a hint: anything that does not look exactly like ours is ignored. */
export function isClientEntry(e: unknown, keyHash: string): e is ClientEntry {
  const x = e as ClientEntry | null;
  return (
    !!x &&
    typeof x === 'object' &&
    x.v === 2 &&
    !!x.client &&
    typeof x.client.id === 'string' &&
    x.client.keyHash === keyHash &&
    typeof x.confirmedAtMs === 'number' &&
    typeof x.client.allowedIps === 'string' &&
    typeof x.client.profileKey === 'string'
  );
}

export function handleProxyRequest(req: ProxyRequest, ports: ProxyPorts, settings: ProxySettings): ProxyBody {
  const address = typeof req.clientIp === 'string' ? req.clientIp : '';
  try {
    return decide(req, address, ports, settings);
  } catch (e) {
    ports.logError('token proxy failed', describeError(e));
    return failure('server_error');
  }
}

function decide(req: ProxyRequest, address: string, ports: ProxyPorts, settings: ProxySettings): ProxyBody {
  const now = ports.nowMs();
  const method = typeof req.method === 'string' ? req.method.toUpperCase() : '';
  // Created on first use: a valid key never reads the caller's failure counters.
  let made: Throttle | null = null;
  const throttle = {
    get: () => (made ??= ports.throttle(address, now, settings)),
    limited: () => throttle.get().limited(),
    refuse: () => throttle.get().refuse(),
    fail: (summarised: ProxyErrorCode | null, code?: ProxyErrorCode) => throttle.get().fail(summarised, code),
    summarise: (outcome: ProxyErrorCode) => throttle.get().summarise(outcome),
  };
  if (method !== 'GET' && method !== 'POST') {
    throttle.summarise('method_not_allowed');
    return failure('method_not_allowed');
  }

  const inUrl = keyInParameters(req.parameters);
  if (inUrl !== null) {
    // Refused even when valid. When it looks like a key, say which one, so it can be rotated.
    if (inUrl !== '') {
      const hash = ports.sha256(inUrl);
      const cached = ports.cachedClient(hash);
      const known = isClientEntry(cached, hash) ? cached.client : throttle.limited() ? null : ports.searchClient(hash);
      if (known) {
        // Named once per window: a loop of such requests is throttled like any failure.
        if (!throttle.limited()) ports.audit({ outcome: 'api_key_in_url', client: known.name, address, keyFingerprint: fingerprint(hash), detail: 'rotate this key' });
        throttle.fail(null);
        return failure('api_key_in_url');
      }
    }
    throttle.fail('api_key_in_url');
    return failure('api_key_in_url');
  }

  const presented = apiKeyFromHeaders(req.headers);
  const wellFormed = isWellFormedApiKey(presented);
  // Hash even a malformed or missing key, so every rejection costs about the same time.
  const keyHash = ports.sha256(wellFormed ? presented : 'nsk_not-a-key');

  let entry: ClientEntry | null = null;
  if (wellFormed) {
    const cached = ports.cachedClient(keyHash);
    if (isClientEntry(cached, keyHash)) entry = cached;
  }
  if (entry && !recent(entry.confirmedAtMs, now, settings.confirmSeconds)) {
    const fields = ports.confirmClient(entry.client.id);
    if (!fields || fields.keyHash !== keyHash) {
      ports.forgetClient(keyHash);
      entry = null;
    } else {
      if (fields.profileKey !== entry.client.profileKey) entry.token = null;
      if (fields.allowedIps !== entry.client.allowedIps) delete entry.allowedAddress;
      entry.client = fields;
      entry.confirmedAtMs = now;
    }
  }

  if (!entry) {
    // Not a client the proxy knows: only now does the caller's address matter.
    if (throttle.limited() && (!wellFormed || !ports.mightBeClient(keyHash))) return throttle.refuse();
    if (!wellFormed) return throttle.fail('unauthorized');
    const found = ports.searchClient(keyHash);
    if (!found || found.keyHash !== keyHash) return throttle.fail('unauthorized');
    entry = newEntry(found, now);
  }

  const client = entry.client;
  const named = { client: client.name, address, keyFingerprint: fingerprint(keyHash) };
  const refuse = (code: 'unauthorized' | 'forbidden_ip', detail: string): ProxyFailure => {
    ports.saveClient(keyHash, entry!);
    // A known client's refusal is worth a line of its own (the throttle bounds how many).
    if (!throttle.limited()) ports.audit({ outcome: code, ...named, detail });
    return throttle.limited() ? throttle.refuse() : throttle.fail(null, code);
  };
  if (client.inactive) return refuse('unauthorized', 'inactive client');
  if (client.expiresAtMs !== null && client.expiresAtMs <= now) return refuse('unauthorized', 'expired client');
  if (client.allowedIps.trim() !== '' && entry.allowedAddress !== address) {
    if (!ports.allowed(client.allowedIps, address)) return refuse('forbidden_ip', 'address not in allow-list');
    entry.allowedAddress = address;
  }

  if (!entry.token || !recent(entry.tokenReadAtMs, now, settings.tokenRecheckSeconds) || !servable(entry.token, now, settings)) {
    const read = ports.profileToken(client.profileKey);
    // The copy is as old as its read from the records, not as this call: a deactivated profile or a
    // new token is seen within tokenRecheckSeconds, not twice that.
    entry.token = read ? { token: read.token, expiresAtMs: read.expiresAtMs } : null;
    entry.tokenReadAtMs = read && typeof read.readAtMs === 'number' && read.readAtMs <= now ? read.readAtMs : now;
  }
  const token = entry.token;
  if (!token || !servable(token, now, settings)) {
    let submitted = false;
    try {
      submitted = ports.requestRefresh(client.profileKey);
    } catch (e) {
      ports.logError('refresh request failed', describeError(e));
    }
    entry.token = null;
    ports.saveClient(keyHash, entry);
    // One line per refresh request (at most every few minutes), not one per call.
    if (submitted) {
      ports.audit({
        outcome: 'token_unavailable',
        ...named,
        detail: `profile ${client.profileKey}: ${token ? secondsLeft(new Date(token.expiresAtMs), now) : 0} s left; refresh requested`,
      });
    }
    return failure('token_unavailable', settings.tokenRetryAfterSeconds);
  }

  entry.pendingUses += 1;
  entry.lastAddress = address;
  if (now - entry.recordedAtMs >= settings.touchIntervalSeconds * 1000) {
    try {
      const useCount = client.useCount + entry.pendingUses;
      ports.recordUse(client, { atMs: now, useCount, address });
      ports.audit({ outcome: 'issued', ...named, detail: `profile ${client.profileKey}; ${entry.pendingUses} since last record, ${useCount} in all` });
      client.useCount = useCount;
      entry.pendingUses = 0;
      entry.recordedAtMs = now;
    } catch (e) {
      ports.logError('could not record use', describeError(e));
    }
  }
  ports.saveClient(keyHash, entry);
  return {
    access_token: token.token,
    token_type: 'Bearer',
    expires_at: new Date(token.expiresAtMs).toISOString(),
    expires_in: secondsLeft(new Date(token.expiresAtMs), now),
  };
}

/** Read less than `seconds` ago; a time in the future (a clock set back, a planted entry) is not recent. */
export function recent(atMs: number, now: number, seconds: number): boolean {
  return atMs <= now && now - atMs < seconds * 1000;
}

function servable(t: StoredToken, now: number, s: ProxySettings): boolean {
  return typeof t.token === 'string' && t.token !== '' && isServable(new Date(t.expiresAtMs), now, s.minValiditySeconds);
}
