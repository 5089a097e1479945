/**
 * Token client for external systems (Node 18+; no dependency but the global `fetch`).
 *
 * ```ts
 * const client = createTokenClient({ proxyUrl: process.env.NS_PROXY_URL!, apiKey: process.env.NS_API_KEY!, accountId: '1234567' });
 * const token = await client.getToken();                        // cached until 60 s before expires_at
 * const rows = await client.suiteql('SELECT id, companyname FROM customer', { pageSize: 500 });
 * for await (const row of client.suiteqlRows('SELECT id FROM customer')) { ... }
 * for await (const row of client.suiteqlAll('SELECT id, tranid FROM transaction', { keyColumn: 'id' })) { ... } // past 100,000 rows
 * ```
 *
 * Built into the installable package netsuite-token-proxy-client by build.mjs (see README.md).
 *
 * - The API key goes only in the `X-API-Key` header, never in a URL, and only to the proxy; the token
 *   goes only to NetSuite's REST API. Neither is ever logged or put in an error message.
 * - The token is cached until `refreshSkewSeconds` before it expires, and concurrent callers share one
 *   request to the proxy (single flight).
 * - `token_unavailable` and `rate_limited` are retried after the proxy's `retry_after` (at most
 *   `maxRetries` times, and only when the wait is at most `maxRetryWaitSeconds`); network failures and
 *   answers that are not the proxy's JSON (HTML error pages, HTTP 5xx) are retried with a short
 *   backoff. Other codes are thrown at once as typed errors (errors.ts).
 * - SuiteQL: POST `<restBaseUrl>/query/v1/suiteql?limit=&offset=` with `Prefer: transient`, paging
 *   through `hasMore`; a 401 invalidates the cached token and retries once with a fresh one. NetSuite
 *   returns at most 100,000 rows of a query through offsets, so `keyColumn` (and `suiteqlAll`) pages by
 *   key instead: `SELECT * FROM (<query>) WHERE <key> > <last key> ORDER BY <key>`, each page at offset 0.
 * - NetSuite's concurrency-limit answers (HTTP 429, or the codes in CONCURRENCY_ERROR_CODES) are retried
 *   with exponential back-off and jitter, honouring Retry-After, at most `maxRestRetries` times.
 * - Redirects are never followed (finding 10.7): a 3xx would carry X-API-Key or the bearer token to
 *   another origin. It is an error naming the Location host.
 */
import { restBaseUrl as restBaseUrlOf } from '../../src/TypeScript/core/account';
import { isWellFormedApiKey } from '../../src/TypeScript/core/apiKey';
import {
  InvalidResponseError,
  NetSuiteRestError,
  ProxyError,
  ProxyNetworkError,
  RedirectRefusedError,
  type ProxyErrorCode,
} from './errors';

export * from './errors';

/**
 * The part of `fetch` the client uses. The client passes `redirect: 'manual'`; a fetch of your own
 * must not follow redirects either (it would re-send the API key), but return the 3xx answer.
 */
export type FetchLike = (input: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal; redirect?: 'manual' }) => Promise<{
  status: number;
  text(): Promise<string>;
  headers: { get(name: string): string | null };
}>;

export interface TokenClientOptions {
  /** The proxy Suitelet's external URL (`https://<account>.extforms.netsuite.com/app/site/hosting/scriptlet.nl?...`). */
  proxyUrl: string;
  /** `nsk_...`: sent only in the X-API-Key header. */
  apiKey: string;
  /** NetSuite account id (e.g. `1234567_SB1`): gives the default REST base URL. */
  accountId?: string;
  /** REST base URL, e.g. `https://1234567-sb1.suitetalk.api.netsuite.com/services/rest` (or the local account's). */
  restBaseUrl?: string;
  /** Default: the global fetch. */
  fetch?: FetchLike;
  /** Clock in ms (default Date.now). */
  now?: () => number;
  /** Ask for a new token this many seconds before the cached one expires (default 60). */
  refreshSkewSeconds?: number;
  /** Retries of one token request (default 3). */
  maxRetries?: number;
  /** A retry_after longer than this is not waited for: the error is thrown (default 120). */
  maxRetryWaitSeconds?: number;
  /** How to wait (default setTimeout); tests inject their own. */
  sleep?: (ms: number) => Promise<void>;
  /** Time limit of each HTTP request in ms (default 30,000). */
  timeoutMs?: number;
  /** `GET` (default) or `POST`: the proxy accepts both. */
  method?: 'GET' | 'POST';
  /** Retries of one REST request refused by NetSuite's concurrency limit (HTTP 429 and the like; default 4). */
  maxRestRetries?: number;
  /** First back-off wait in ms, doubled at each retry, up to `backoffMaxMs` (defaults 1,000 and 30,000). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Random numbers in [0, 1) for the back-off jitter (default Math.random); tests inject their own. */
  random?: () => number;
}

export interface SuiteQLOptions {
  /** Rows per request, 1..1000 (default 1000; NetSuite's maximum). */
  pageSize?: number;
  /** Stop after this many rows (default: all). */
  maxRows?: number;
  /**
   * Page by this column instead of by offset, to get past NetSuite's 100,000-row limit: a unique,
   * never-null column of the query's results (usually `id`; an alias works). The query is wrapped as
   * `SELECT * FROM (<query>) WHERE <keyColumn> > <last key> ORDER BY <keyColumn>`, so its own
   * ORDER BY does not decide the order.
   */
  keyColumn?: string;
  /** How key values are compared and written into the query: `number` (default: internal ids) or `string`. */
  keyType?: 'number' | 'string';
}

/** Options of `suiteqlAll`: `keyColumn` defaults to `id`. */
export type SuiteQLAllOptions = SuiteQLOptions;

export type SuiteQLRow = Record<string, unknown>;

export interface TokenClient {
  /** A valid access token (from the cache, or one request to the proxy shared by all callers). */
  getToken(): Promise<string>;
  /** All rows of a SuiteQL query (paged). */
  suiteql(query: string, options?: SuiteQLOptions): Promise<SuiteQLRow[]>;
  /** The rows of a SuiteQL query one by one, fetching the next page when needed. */
  suiteqlRows(query: string, options?: SuiteQLOptions): AsyncIterable<SuiteQLRow>;
  /** Every row of a SuiteQL query, any number of them, paged by key (`keyColumn`, default `id`). */
  suiteqlAll(query: string, options?: SuiteQLAllOptions): AsyncIterable<SuiteQLRow>;
  /** Forgets the cached token (the next getToken asks the proxy). */
  invalidate(): void;
}

const RETRIED: readonly ProxyErrorCode[] = ['token_unavailable', 'rate_limited'];

/**
 * NetSuite's answers when an account is over its concurrency limit. REST web services answer HTTP 429;
 * RESTlets answer HTTP 400 with SSS_REQUEST_LIMIT_EXCEEDED; SOAP uses WS_REQUEST_BLOCKED and
 * WS_CONCUR_SESSION_DISALLWD ("Errors Related to Concurrency Violations",
 * https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/bridgehead_1525252812.html). Oracle asks
 * clients to retry after a growing delay without synchronising retries ("Retrying Failed Web Services
 * Requests", https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/bridgehead_1509974866.html).
 */
export const CONCURRENCY_ERROR_CODES = [
  'CONCURRENCY_LIMIT_EXCEEDED',
  'SSS_REQUEST_LIMIT_EXCEEDED',
  'WS_REQUEST_BLOCKED',
  'WS_CONCUR_SESSION_DISALLWD',
] as const;

/**
 * NetSuite returns at most 100,000 results of a SuiteQL query through limit/offset paging, 1000 per
 * page ("Executing SuiteQL Queries Through REST Web Services",
 * https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_157909186990.html, and
 * "Collection Paging", section_156414087576.html).
 */
export const SUITEQL_MAX_OFFSET_RESULTS = 100_000;
export const SUITEQL_MAX_PAGE_SIZE = 1000;

const KEY_COLUMN = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const NUMERIC_KEY = /^-?\d{1,30}(\.\d{1,30})?$/;
const KEY_PARAMETER = /^(x[-_]?)?api[-_]?key$|^key$|^apikey$|^access[-_]?key$/i;

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function checkUrl(text: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`${what} is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new TypeError(`${what} must use https (plain http only for 127.0.0.1/localhost)`);
  }
  if (url.username || url.password) throw new TypeError(`${what} must not contain a user name or password`);
  return url;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds or an HTTP date (RFC 9110 section 10.2.3) -> ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

/** The `host[:port]` a Location header points to (relative to the request URL), never its path or query. */
function locationHost(location: string | null, requestUrl: string): string | undefined {
  if (!location) return undefined;
  try {
    return new URL(location, requestUrl).host;
  } catch {
    return '(an unreadable Location)';
  }
}

interface Answer {
  status: number;
  text: string;
  retryAfter: string | null;
  location: string | null;
}

/** A SuiteQL key value written into the query: a number as is, a string quoted ('' inside). */
function keyLiteral(value: unknown, keyType: 'number' | 'string', keyColumn: string): string {
  if (value === null || value === undefined || value === '') {
    throw new TypeError(`keyColumn ${keyColumn} is empty in a row: page by a column that is never null (e.g. id)`);
  }
  const text = String(value);
  if (keyType === 'string') return `'${text.replace(/'/g, "''")}'`;
  if (!NUMERIC_KEY.test(text)) throw new TypeError(`keyColumn ${keyColumn} has a value that is not a number; pass keyType: 'string'`);
  return text;
}

export function createTokenClient(options: TokenClientOptions): TokenClient {
  const apiKey = options.apiKey;
  if (!isWellFormedApiKey(apiKey)) throw new TypeError('apiKey is not an API key of the token proxy (nsk_ followed by at least 43 base64url characters)');
  const proxyUrl = checkUrl(options.proxyUrl, 'proxyUrl');
  if (options.proxyUrl.includes(apiKey) || [...proxyUrl.searchParams.keys()].some((k) => KEY_PARAMETER.test(k))) {
    throw new TypeError('proxyUrl must not carry an API key: the key is sent in the X-API-Key header only (URLs end up in logs)');
  }
  let restBase: string | undefined;
  if (options.restBaseUrl !== undefined) restBase = checkUrl(options.restBaseUrl, 'restBaseUrl').toString().replace(/\/+$/, '');
  else if (options.accountId !== undefined) restBase = restBaseUrlOf(options.accountId);
  const doFetch: FetchLike = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
  if (typeof doFetch !== 'function') throw new TypeError('no fetch: pass options.fetch (Node 18+ has a global fetch)');
  const now = options.now ?? Date.now;
  const skewMs = (options.refreshSkewSeconds ?? 60) * 1000;
  const maxRetries = options.maxRetries ?? 3;
  const maxWaitSeconds = options.maxRetryWaitSeconds ?? 120;
  const sleep = options.sleep ?? defaultSleep;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const method = options.method ?? 'GET';
  const maxRestRetries = options.maxRestRetries ?? 4;
  const backoffBaseMs = options.backoffBaseMs ?? 1000;
  const backoffMaxMs = options.backoffMaxMs ?? 30_000;
  const random = options.random ?? Math.random;
  if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 20) throw new TypeError('maxRetries must be a whole number from 0 to 20');
  if (!Number.isInteger(maxRestRetries) || maxRestRetries < 0 || maxRestRetries > 20) throw new TypeError('maxRestRetries must be a whole number from 0 to 20');
  if (!Number.isFinite(skewMs) || skewMs < 0) throw new TypeError('refreshSkewSeconds must be a number of at least 0');
  if (!(backoffBaseMs >= 0) || !(backoffMaxMs >= backoffBaseMs)) throw new TypeError('backoffBaseMs must be at least 0 and backoffMaxMs at least backoffBaseMs');

  let cached: { token: string; expiresAtMs: number } | null = null;
  let inflight: Promise<string> | null = null;

  /**
   * Exponential back-off with "equal jitter": half the doubled delay for sure, the other half at
   * random, so that many clients refused at once do not retry in step.
   */
  function backoff(attempt: number): number {
    const full = Math.min(backoffMaxMs, backoffBaseMs * 2 ** attempt);
    return Math.round(full / 2 + (full / 2) * random());
  }

  /** One HTTP exchange. Redirects are never followed: the caller sees the 3xx and refuses it. */
  async function request(url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Answer> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await doFetch(url, { ...init, signal: controller.signal, redirect: 'manual' });
      return { status: res.status, text: await res.text(), retryAfter: res.headers.get('retry-after'), location: res.headers.get('location') };
    } finally {
      clearTimeout(timer);
    }
  }

  /** One call to the proxy: a token, or a ProxyError. */
  async function askProxy(): Promise<{ token: string; expiresAtMs: number }> {
    const url = proxyUrl.toString();
    let answer: Answer;
    try {
      answer = await request(url, { method, headers: { 'X-API-Key': apiKey, Accept: 'application/json' } });
    } catch (e) {
      const name = (e as Error)?.name === 'AbortError' ? `no answer within ${timeoutMs} ms` : 'the request failed';
      throw new ProxyNetworkError(`${name} (${String((e as { cause?: { code?: string } })?.cause?.code ?? (e as Error)?.name ?? 'error')})`);
    }
    if (answer.status >= 300 && answer.status < 400) throw new RedirectRefusedError(answer.status, locationHost(answer.location, url));
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(answer.text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      throw Object.assign(new InvalidResponseError(`HTTP ${answer.status} with a body that is not the proxy's JSON`, answer.status), {
        retryAfterMs: parseRetryAfter(answer.retryAfter, now()),
      });
    }
    if (typeof body['error'] === 'string') throw ProxyError.fromBody(body as { error: string }, answer.status);
    const token = body['access_token'];
    if (typeof token !== 'string' || token === '' || String(body['token_type']).toLowerCase() !== 'bearer') {
      throw new InvalidResponseError(`HTTP ${answer.status}: the answer has no bearer access_token`, answer.status);
    }
    const expiresIn = typeof body['expires_in'] === 'number' ? body['expires_in'] : Number(body['expires_in']);
    const expiresAt = typeof body['expires_at'] === 'string' ? Date.parse(body['expires_at']) : NaN;
    // expires_in is relative, so a skewed local clock does not matter; expires_at is the fallback.
    const expiresAtMs = Number.isFinite(expiresIn) && expiresIn >= 0 ? now() + expiresIn * 1000 : expiresAt;
    if (!Number.isFinite(expiresAtMs)) throw new InvalidResponseError(`HTTP ${answer.status}: the answer has neither expires_in nor expires_at`, answer.status);
    return { token, expiresAtMs };
  }

  async function fetchToken(): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      try {
        const got = await askProxy();
        cached = got;
        return got.token;
      } catch (e) {
        if (!(e instanceof ProxyError) || attempt >= maxRetries) throw e;
        let waitMs: number;
        if ((RETRIED as readonly string[]).includes(e.code)) {
          const seconds = e.retryAfter ?? 5;
          if (seconds > maxWaitSeconds) throw e;
          waitMs = seconds * 1000;
        } else if (e.code === 'network' || (e.code === 'invalid_response' && (e.httpStatus === undefined || e.httpStatus >= 500 || e.httpStatus === 429))) {
          // Not the proxy's answer (NetSuite's own error page, an overloaded front end): back off,
          // or wait what Retry-After asks if it says so.
          const asked = (e as { retryAfterMs?: number }).retryAfterMs;
          if (asked !== undefined && asked > maxWaitSeconds * 1000) throw e;
          waitMs = asked ?? backoff(attempt);
        } else {
          throw e;
        }
        await sleep(waitMs);
      }
    }
  }

  /** True for NetSuite's concurrency-limit answers (retried with back-off). */
  function isConcurrencyLimit(status: number, error: NetSuiteRestError): boolean {
    return status === 429 || (CONCURRENCY_ERROR_CODES as readonly string[]).includes(error.errorCode);
  }

  /** One SuiteQL page, with a fresh token after a 401 (once) and back-off on concurrency limits. */
  async function suiteqlPage(base: string, query: string, limit: number, offset: number): Promise<{ items: SuiteQLRow[]; hasMore: boolean }> {
    const url = `${base}/query/v1/suiteql?limit=${limit}&offset=${offset}`;
    let refreshed = false;
    for (let busy = 0; ; ) {
      const token = await client.getToken();
      let answer: Answer;
      try {
        answer = await request(url, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Prefer: 'transient', Accept: 'application/json' },
          body: JSON.stringify({ q: query }),
        });
      } catch (e) {
        throw new NetSuiteRestError(0, 'NETWORK', (e as Error)?.name === 'AbortError' ? `no answer within ${timeoutMs} ms` : 'the request failed');
      }
      if (answer.status >= 300 && answer.status < 400) {
        const host = locationHost(answer.location, url) ?? '(no Location header)';
        throw new NetSuiteRestError(answer.status, 'REDIRECT_REFUSED', `REST redirects to ${host}; redirects are not followed because they would send the bearer token there. Check restBaseUrl`);
      }
      if (answer.status === 401 && !refreshed) {
        // The token may have expired early or been revoked: get a fresh one, once.
        refreshed = true;
        if (cached?.token === token) cached = null;
        continue;
      }
      if (answer.status !== 200) {
        const error = NetSuiteRestError.fromResponse(answer.status, answer.text);
        if (isConcurrencyLimit(answer.status, error) && busy < maxRestRetries) {
          const asked = parseRetryAfter(answer.retryAfter, now());
          if (asked !== undefined && asked > maxWaitSeconds * 1000) throw error;
          await sleep(asked ?? backoff(busy));
          busy++;
          continue;
        }
        if (answer.status === 400 && offset + limit > SUITEQL_MAX_OFFSET_RESULTS) {
          throw new NetSuiteRestError(
            error.status,
            error.errorCode,
            `${error.detail} (NetSuite returns at most ${SUITEQL_MAX_OFFSET_RESULTS} rows by offset: page by key with suiteqlAll(query, { keyColumn: 'id' }))`,
          );
        }
        throw error;
      }
      let body: { items?: unknown; hasMore?: unknown };
      try {
        body = JSON.parse(answer.text) as typeof body;
      } catch {
        throw new NetSuiteRestError(200, 'NOT_JSON', 'the SuiteQL answer is not JSON');
      }
      if (!Array.isArray(body.items)) throw new NetSuiteRestError(200, 'NO_ITEMS', 'the SuiteQL answer has no items');
      const items = body.items.map((item: unknown) => {
        const { links: _links, ...row } = (item ?? {}) as Record<string, unknown>;
        return row;
      });
      return { items, hasMore: body.hasMore === true };
    }
  }

  /** limit/offset paging, as NetSuite's collections page (up to 100,000 rows). */
  async function* byOffset(base: string, query: string, pageSize: number, maxRows: number): AsyncGenerator<SuiteQLRow> {
    let offset = 0;
    let yielded = 0;
    for (;;) {
      if (yielded >= maxRows) return;
      const p = await suiteqlPage(base, query, pageSize, offset);
      for (const row of p.items) {
        if (yielded >= maxRows) return;
        yielded++;
        yield row;
      }
      if (!p.hasMore || p.items.length === 0) return;
      offset += pageSize;
    }
  }

  /**
   * Key paging ("keyset"): each page is the first `pageSize` rows after the last key seen, always at
   * offset 0, so no offset ever nears the 100,000 limit. Keys must be unique: a repeated or falling
   * key would skip or repeat rows, so it is an error.
   */
  async function* byKey(base: string, query: string, pageSize: number, maxRows: number, keyColumn: string, keyType: 'number' | 'string'): AsyncGenerator<SuiteQLRow> {
    const inner = query.trim().replace(/;+\s*$/, '');
    let last: string | undefined; // the last key, as a SuiteQL literal
    let lastNumber = -Infinity;
    let yielded = 0;
    for (;;) {
      if (yielded >= maxRows) return;
      const q = `SELECT * FROM (${inner})${last === undefined ? '' : ` WHERE ${keyColumn} > ${last}`} ORDER BY ${keyColumn}`;
      const p = await suiteqlPage(base, q, pageSize, 0);
      const before = last;
      for (const row of p.items) {
        const value = keyColumn in row ? row[keyColumn] : row[keyColumn.toLowerCase()];
        const literal = keyLiteral(value, keyType, keyColumn);
        if (keyType === 'number') {
          const n = Number(literal);
          if (!(n > lastNumber)) throw new TypeError(`keyColumn ${keyColumn} does not rise from row to row (${n} after ${lastNumber}): page by a unique column`);
          lastNumber = n;
        } else if (literal === last) {
          throw new TypeError(`keyColumn ${keyColumn} repeats a value: page by a unique column`);
        }
        last = literal;
        if (yielded >= maxRows) return;
        yielded++;
        yield row;
      }
      if (!p.hasMore || p.items.length === 0) return;
      if (last === before) throw new TypeError(`keyColumn ${keyColumn}: a page brought no new key`);
    }
  }

  function rows(query: string, opts: SuiteQLOptions, defaultKey?: string): AsyncIterable<SuiteQLRow> {
    if (!restBase) throw new TypeError('suiteql needs restBaseUrl or accountId in the client options');
    const base = restBase;
    const pageSize = opts.pageSize ?? SUITEQL_MAX_PAGE_SIZE;
    const maxRows = opts.maxRows ?? Infinity;
    const keyColumn = opts.keyColumn ?? defaultKey;
    const keyType = opts.keyType ?? 'number';
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > SUITEQL_MAX_PAGE_SIZE) throw new TypeError(`pageSize must be a whole number from 1 to ${SUITEQL_MAX_PAGE_SIZE}`);
    if (typeof query !== 'string' || query.trim() === '') throw new TypeError('query must be a non-empty SuiteQL string');
    if (keyColumn !== undefined && !KEY_COLUMN.test(keyColumn)) throw new TypeError('keyColumn must be a plain column name or alias (letters, digits, _)');
    if (keyType !== 'number' && keyType !== 'string') throw new TypeError("keyType must be 'number' or 'string'");
    return {
      [Symbol.asyncIterator]: () =>
        keyColumn === undefined ? byOffset(base, query, pageSize, maxRows) : byKey(base, query, pageSize, maxRows, keyColumn, keyType),
    };
  }

  const client: TokenClient = {
    getToken() {
      if (cached && now() < cached.expiresAtMs - skewMs) return Promise.resolve(cached.token);
      if (!inflight) {
        inflight = fetchToken().finally(() => {
          inflight = null;
        });
      }
      return inflight;
    },

    invalidate() {
      cached = null;
    },

    async suiteql(query, opts = {}) {
      const all: SuiteQLRow[] = [];
      for await (const row of client.suiteqlRows(query, opts)) all.push(row);
      return all;
    },

    suiteqlRows(query, opts = {}) {
      return rows(query, opts);
    },

    suiteqlAll(query, opts = {}) {
      return rows(query, opts, 'id');
    },
  };
  return client;
}
