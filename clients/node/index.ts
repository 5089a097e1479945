/**
 * Token client for external systems (Node 18+; no dependency but the global `fetch`).
 *
 * ```ts
 * const client = createTokenClient({ proxyUrl: process.env.NS_PROXY_URL!, apiKey: process.env.NS_API_KEY!, accountId: '1234567' });
 * const token = await client.getToken();                        // cached until 60 s before expires_at
 * const rows = await client.suiteql('SELECT id, companyname FROM customer', { pageSize: 500 });
 * for await (const row of client.suiteqlRows('SELECT id FROM customer')) { ... }
 * ```
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
 *   through `hasMore`; a 401 invalidates the cached token and retries once with a fresh one.
 */
import { restBaseUrl as restBaseUrlOf } from '../../src/TypeScript/core/account';
import { isWellFormedApiKey } from '../../src/TypeScript/core/apiKey';
import {
  InvalidResponseError,
  NetSuiteRestError,
  ProxyError,
  ProxyNetworkError,
  type ProxyErrorCode,
} from './errors';

export * from './errors';

export type FetchLike = (input: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<{
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
}

export interface SuiteQLOptions {
  /** Rows per request, 1..1000 (default 1000). */
  pageSize?: number;
  /** Stop after this many rows (default: all). */
  maxRows?: number;
}

export type SuiteQLRow = Record<string, unknown>;

export interface TokenClient {
  /** A valid access token (from the cache, or one request to the proxy shared by all callers). */
  getToken(): Promise<string>;
  /** All rows of a SuiteQL query (paged). */
  suiteql(query: string, options?: SuiteQLOptions): Promise<SuiteQLRow[]>;
  /** The rows of a SuiteQL query one by one, fetching the next page when needed. */
  suiteqlRows(query: string, options?: SuiteQLOptions): AsyncIterable<SuiteQLRow>;
  /** Forgets the cached token (the next getToken asks the proxy). */
  invalidate(): void;
}

const RETRIED: readonly ProxyErrorCode[] = ['token_unavailable', 'rate_limited'];
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
  if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 20) throw new TypeError('maxRetries must be a whole number from 0 to 20');
  if (!Number.isFinite(skewMs) || skewMs < 0) throw new TypeError('refreshSkewSeconds must be a number of at least 0');

  let cached: { token: string; expiresAtMs: number } | null = null;
  let inflight: Promise<string> | null = null;

  async function request(url: string, init: { method: string; headers: Record<string, string>; body?: string }) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await doFetch(url, { ...init, signal: controller.signal });
      return { status: res.status, text: await res.text() };
    } finally {
      clearTimeout(timer);
    }
  }

  /** One call to the proxy: a token, or a ProxyError. */
  async function askProxy(): Promise<{ token: string; expiresAtMs: number }> {
    let answer: { status: number; text: string };
    try {
      answer = await request(proxyUrl.toString(), { method, headers: { 'X-API-Key': apiKey, Accept: 'application/json' } });
    } catch (e) {
      const name = (e as Error)?.name === 'AbortError' ? `no answer within ${timeoutMs} ms` : 'the request failed';
      throw new ProxyNetworkError(`${name} (${String((e as { cause?: { code?: string } })?.cause?.code ?? (e as Error)?.name ?? 'error')})`);
    }
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(answer.text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      throw new InvalidResponseError(`HTTP ${answer.status} with a body that is not the proxy's JSON`, answer.status);
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
          waitMs = Math.min(1000 * 2 ** attempt, 10_000);
        } else {
          throw e;
        }
        await sleep(waitMs);
      }
    }
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
      const rows: SuiteQLRow[] = [];
      for await (const row of client.suiteqlRows(query, opts)) rows.push(row);
      return rows;
    },

    suiteqlRows(query, opts = {}) {
      if (!restBase) throw new TypeError('suiteql needs restBaseUrl or accountId in the client options');
      const base = restBase;
      const pageSize = opts.pageSize ?? 1000;
      const maxRows = opts.maxRows ?? Infinity;
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new TypeError('pageSize must be a whole number from 1 to 1000');
      if (typeof query !== 'string' || query.trim() === '') throw new TypeError('query must be a non-empty SuiteQL string');

      async function page(offset: number): Promise<{ items: SuiteQLRow[]; hasMore: boolean }> {
        const url = `${base}/query/v1/suiteql?limit=${pageSize}&offset=${offset}`;
        for (let attempt = 0; ; attempt++) {
          const token = await client.getToken();
          let answer: { status: number; text: string };
          try {
            answer = await request(url, {
              method: 'POST',
              headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Prefer: 'transient', Accept: 'application/json' },
              body: JSON.stringify({ q: query }),
            });
          } catch (e) {
            throw new NetSuiteRestError(0, 'NETWORK', (e as Error)?.name === 'AbortError' ? `no answer within ${timeoutMs} ms` : 'the request failed');
          }
          if (answer.status === 401 && attempt === 0) {
            // The token may have expired early or been revoked: get a fresh one, once.
            if (cached?.token === token) cached = null;
            continue;
          }
          if (answer.status !== 200) throw NetSuiteRestError.fromResponse(answer.status, answer.text);
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

      return {
        async *[Symbol.asyncIterator]() {
          let offset = 0;
          let yielded = 0;
          for (;;) {
            if (yielded >= maxRows) return;
            const p = await page(offset);
            for (const row of p.items) {
              if (yielded >= maxRows) return;
              yielded++;
              yield row;
            }
            if (!p.hasMore || p.items.length === 0) return;
            offset += pageSize;
          }
        },
      };
    },
  };
  return client;
}
