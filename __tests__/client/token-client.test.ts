/**
 * The Node client library (clients/node) over real HTTP against the local NetSuite account:
 * caching, single flight, retry_after on token_unavailable and rate_limited, typed errors, SuiteQL
 * paging, and the one retry after a 401; the key goes only to the proxy in X-API-Key, the token only
 * to REST.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as net from 'node:net';
import {
  ApiKeyInUrlError,
  createTokenClient,
  ForbiddenIpError,
  InvalidResponseError,
  MethodNotAllowedError,
  NetSuiteRestError,
  ProxyError,
  ProxyNetworkError,
  RateLimitedError,
  TokenUnavailableError,
  UnauthorizedError,
  type FetchLike,
  type TokenClientOptions,
} from '../../clients/node';
import { PROXY_PARAMS, SCRIPTS } from '../../src/TypeScript/core/names';
import type { LocalAccount } from '../../tools/local-account';
import { cleanup, startTemp, type Started } from '../local-account/helpers';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** The global fetch, recording every call (and optionally changing the request). */
function recordingFetch(calls: Call[], change: (c: Call) => Call = (c) => c): FetchLike {
  return async (url, init) => {
    const call = change({ url, method: init.method, headers: { ...init.headers }, ...(init.body !== undefined ? { body: init.body } : {}) });
    calls.push(call);
    return fetch(call.url, { method: call.method, headers: call.headers, ...(call.body !== undefined ? { body: call.body } : {}), ...(init.signal ? { signal: init.signal } : {}) });
  };
}

const isProxy = (c: Call) => c.url.includes('/app/site/hosting/scriptlet.nl');
const isSuiteql = (c: Call) => c.url.includes('/query/v1/suiteql');

function clientFor(s: Started, calls: Call[], extra: Partial<TokenClientOptions> = {}) {
  return createTokenClient({ proxyUrl: s.local.urls.proxy, apiKey: s.apiKey, restBaseUrl: s.local.urls.restBase, fetch: recordingFetch(calls), ...extra });
}

let main: Started;
beforeAll(async () => {
  main = await startTemp({ scheduler: false });
});
afterAll(cleanup);

describe('getToken', () => {
  it('caches the token until refreshSkewSeconds before it expires; invalidate() forgets it', async () => {
    const calls: Call[] = [];
    let now = Date.now();
    const client = clientFor(main, calls, { now: () => now, refreshSkewSeconds: 60 });
    const a = await client.getToken();
    expect(await client.getToken()).toBe(a);
    expect(calls.filter(isProxy)).toHaveLength(1);
    const left = (main.local.harness.tokenRecord()?.['custrecord_oauth_expires'] as Date).getTime() - main.local.clock.now();
    now += left - 61_000; // still 61 s left: cached
    await client.getToken();
    expect(calls.filter(isProxy)).toHaveLength(1);
    now += 2_000; // 59 s left: inside the skew, ask again
    await client.getToken();
    expect(calls.filter(isProxy)).toHaveLength(2);
    client.invalidate();
    await client.getToken();
    expect(calls.filter(isProxy)).toHaveLength(3);
  });

  it('shares one proxy request between 20 concurrent callers', async () => {
    const calls: Call[] = [];
    const client = clientFor(main, calls);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => client.getToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(calls.filter(isProxy)).toHaveLength(1);
    // Once settled, a later caller uses the cache.
    await client.getToken();
    expect(calls.filter(isProxy)).toHaveLength(1);
  });

  it('waits retry_after on token_unavailable while the queued refresh runs, then gets the token', async () => {
    const fresh = await startTemp({ refreshOnStart: false, scheduler: false });
    const calls: Call[] = [];
    const sleeps: number[] = [];
    const client = clientFor(fresh, calls, {
      sleep: async (ms) => {
        sleeps.push(ms);
        fresh.local.runQueuedTasks(); // the scheduler's job, done while the client waits
        fresh.local.clock.advance(ms); // and the time the client waits passes on the account
      },
    });
    const token = await client.getToken();
    expect(token).toBe(fresh.local.harness.tokenRecord()?.['custrecord_oauth_token']);
    expect(sleeps).toEqual([60_000]);
    expect(calls.filter(isProxy)).toHaveLength(2);
  });

  it('honours retry_after on rate_limited when it is short enough, and throws RateLimitedError otherwise', async () => {
    // A throttled address: unknown keys from it get rate_limited; a valid key is still served there
    // (security finding 10.2: failures cost the one who fails).
    const s = await startTemp({ scheduler: false });
    s.local.harness.account.setParameters(SCRIPTS.proxy.deploymentId, { [PROXY_PARAMS.maxFailures]: 2 });
    const unknownKey = `nsk_${'C'.repeat(43)}`;
    for (let i = 0; i < 2; i++) await fetch(s.local.urls.proxy, { headers: { 'X-API-Key': unknownKey } });

    const impatientCalls: Call[] = [];
    const impatientSleeps: number[] = [];
    const impatient = clientFor(s, impatientCalls, { apiKey: unknownKey, sleep: async (ms) => void impatientSleeps.push(ms) });
    const e = await impatient.getToken().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RateLimitedError);
    expect((e as RateLimitedError).code).toBe('rate_limited');
    expect((e as RateLimitedError).retryAfter).toBeGreaterThan(800);
    expect(impatientSleeps).toEqual([]);
    expect(impatientCalls).toHaveLength(1);

    const calls: Call[] = [];
    const sleeps: number[] = [];
    const patient = clientFor(s, calls, {
      apiKey: unknownKey,
      maxRetryWaitSeconds: 900,
      sleep: async (ms) => {
        sleeps.push(ms);
        s.local.clock.advance(ms); // time passes on the account while the client waits
      },
    });
    // After the wait the address is heard again, and the unknown key is simply refused.
    expect(await patient.getToken().catch((x: unknown) => x)).toBeInstanceOf(UnauthorizedError);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(800_000);
    expect(sleeps[0]).toBeLessThanOrEqual(900_000);
  });

  it('gives up after maxRetries', async () => {
    const fresh = await startTemp({ refreshOnStart: false, scheduler: false });
    const calls: Call[] = [];
    const sleeps: number[] = [];
    const client = clientFor(fresh, calls, { maxRetries: 2, sleep: async (ms) => void sleeps.push(ms) });
    const e = await client.getToken().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TokenUnavailableError);
    expect((e as TokenUnavailableError).retryAfter).toBe(60);
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([60_000, 60_000]);
  });
});

describe('typed errors', () => {
  async function failure(client: ReturnType<typeof createTokenClient>): Promise<ProxyError> {
    const e = await client.getToken().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProxyError);
    return e as ProxyError;
  }

  it('unauthorized, forbidden_ip, api_key_in_url and method_not_allowed, each at once (no retry)', async () => {
    const l: LocalAccount = main.local;
    const calls: Call[] = [];
    const sleeps: number[] = [];
    const opts = { restBaseUrl: l.urls.restBase, fetch: recordingFetch(calls), sleep: async (ms: number) => void sleeps.push(ms) };

    const wrongKey = `nsk_${'D'.repeat(43)}`;
    const unauthorized = await failure(createTokenClient({ ...opts, proxyUrl: l.urls.proxy, apiKey: wrongKey }));
    expect(unauthorized).toBeInstanceOf(UnauthorizedError);
    expect(unauthorized.code).toBe('unauthorized');
    expect(unauthorized.message).not.toContain(wrongKey);

    const office = l.addApiClient({ name: 'office', allowedIps: '10.0.0.0/8' });
    const forbidden = await failure(createTokenClient({ ...opts, proxyUrl: l.urls.proxy, apiKey: office.key }));
    expect(forbidden).toBeInstanceOf(ForbiddenIpError);

    const inUrl = await failure(createTokenClient({ ...opts, proxyUrl: `${l.urls.proxy}&ref=nsk_pasted-here-by-mistake`, apiKey: main.apiKey }));
    expect(inUrl).toBeInstanceOf(ApiKeyInUrlError);

    const put = await failure(createTokenClient({ ...opts, proxyUrl: l.urls.proxy, apiKey: main.apiKey, fetch: recordingFetch(calls, (c) => ({ ...c, method: 'PUT' })) }));
    expect(put).toBeInstanceOf(MethodNotAllowedError);

    // server_error (the proxy failing inside) is covered against a fake proxy in fake-proxy.test.ts.
    expect(sleeps).toEqual([]);
    expect(calls.filter(isProxy)).toHaveLength(4);
  });

  it('invalid_response for an HTML page, network after bounded retries', async () => {
    const calls: Call[] = [];
    const sleeps: number[] = [];
    const html = await failure(
      createTokenClient({ proxyUrl: main.local.urls.proxy.replace(/ns-at=\w+/, 'ns-at=wrong'), apiKey: main.apiKey, fetch: recordingFetch(calls), sleep: async (ms) => void sleeps.push(ms) }),
    );
    expect(html).toBeInstanceOf(InvalidResponseError);
    expect(html.httpStatus).toBe(200);

    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const network = await failure(
      createTokenClient({
        proxyUrl: `http://127.0.0.1:${port}/app/site/hosting/scriptlet.nl?script=1&deploy=1`,
        apiKey: main.apiKey,
        maxRetries: 2,
        sleep: async (ms) => void sleeps.push(ms),
        random: () => 1, // the top of the jitter range: the doubled delay itself
      }),
    );
    expect(network).toBeInstanceOf(ProxyNetworkError);
    expect(network.code).toBe('network');
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('refuses options that would leak the key, without repeating it', () => {
    const key = main.apiKey;
    const base = { restBaseUrl: main.local.urls.restBase };
    expect(() => createTokenClient({ ...base, proxyUrl: `${main.local.urls.proxy}&k=${key}`, apiKey: key })).toThrow(/must not carry an API key/);
    expect(() => createTokenClient({ ...base, proxyUrl: `${main.local.urls.proxy}&api_key=x`, apiKey: key })).toThrow(/must not carry an API key/);
    expect(() => createTokenClient({ ...base, proxyUrl: 'http://proxy.example.com/app/site/hosting/scriptlet.nl', apiKey: key })).toThrow(/https/);
    expect(() => createTokenClient({ ...base, proxyUrl: main.local.urls.proxy, apiKey: 'secret-but-not-a-key' })).toThrow(/not an API key/);
    try {
      createTokenClient({ ...base, proxyUrl: `${main.local.urls.proxy}&k=${key}`, apiKey: key });
    } catch (e) {
      expect((e as Error).message).not.toContain(key);
    }
  });
});

describe('suiteql', () => {
  it('pages through hasMore/offset with Prefer: transient; maxRows stops early; rows have no links', async () => {
    const calls: Call[] = [];
    const client = clientFor(main, calls);
    const rows = await client.suiteql('SELECT id, companyname FROM customer ORDER BY id', { pageSize: 10 });
    expect(rows.map((r) => r['id'])).toEqual(Array.from({ length: 25 }, (_, i) => String(101 + i)));
    expect(rows[0]).toEqual({ id: '101', companyname: 'Acme Corporation' });
    const posts = calls.filter(isSuiteql);
    expect(posts.map((c) => new URL(c.url).search)).toEqual(['?limit=10&offset=0', '?limit=10&offset=10', '?limit=10&offset=20']);
    for (const c of posts) {
      expect(c.method).toBe('POST');
      expect(c.headers).toMatchObject({ Prefer: 'transient', 'Content-Type': 'application/json', Authorization: expect.stringMatching(/^Bearer ey/) });
      expect(JSON.parse(c.body as string)).toEqual({ q: 'SELECT id, companyname FROM customer ORDER BY id' });
    }

    calls.length = 0;
    const some = await client.suiteql('SELECT id FROM customer', { pageSize: 10, maxRows: 15 });
    expect(some).toHaveLength(15);
    expect(calls.filter(isSuiteql)).toHaveLength(2);

    calls.length = 0;
    const seen: unknown[] = [];
    for await (const row of client.suiteqlRows('SELECT id FROM customer', { pageSize: 5 })) {
      seen.push(row['id']);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(['101', '102', '103']);
    expect(calls.filter(isSuiteql)).toHaveLength(1);
  });

  it('on a 401 gets a fresh token and retries once (the token expired on the account)', async () => {
    const s = await startTemp({ scheduler: false });
    const calls: Call[] = [];
    const client = clientFor(s, calls, { sleep: async () => void s.local.runQueuedTasks() });
    const old = await client.getToken();
    s.local.clock.advance(61 * 60_000); // NetSuite now refuses the cached token; the proxy has none to hand out
    const rows = await client.suiteql("SELECT id FROM customer WHERE companyname LIKE 'A%'");
    expect(rows).toEqual([{ id: '101' }, { id: '120' }]);
    const posts = calls.filter(isSuiteql);
    expect(posts).toHaveLength(2);
    expect(posts[0]?.headers['Authorization']).toBe(`Bearer ${old}`);
    expect(posts[1]?.headers['Authorization']).not.toBe(`Bearer ${old}`);
    // proxy: the first token, token_unavailable (refresh queued), the new token
    expect(calls.filter(isProxy)).toHaveLength(3);
  });

  it('throws NetSuiteRestError for what NetSuite refuses (no retry)', async () => {
    const calls: Call[] = [];
    const client = clientFor(main, calls);
    const e = await client.suiteql('SELECT COUNT(*) FROM customer').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NetSuiteRestError);
    expect(e).toMatchObject({ status: 400, errorCode: 'INVALID_PARAMETER' });
    expect(calls.filter(isSuiteql)).toHaveLength(1);
  });

  it('sends the key only to the proxy (X-API-Key) and the token only to REST', async () => {
    const calls: Call[] = [];
    const client = clientFor(main, calls, { method: 'POST' });
    await client.suiteql('SELECT id FROM customer', { pageSize: 25 });
    const token = await client.getToken();
    for (const c of calls) {
      expect(c.url).not.toContain(main.apiKey);
      expect(c.url).not.toContain(token);
      if (isProxy(c)) {
        expect(c.headers['X-API-Key']).toBe(main.apiKey);
        expect(c.headers['Authorization']).toBeUndefined();
        expect(c.method).toBe('POST');
      } else {
        expect(JSON.stringify(c.headers)).not.toContain(main.apiKey);
      }
    }
  });

  it('derives the REST base URL from accountId', async () => {
    const urls: string[] = [];
    const fake: FetchLike = async (url) => {
      urls.push(url);
      const body = url.includes('scriptlet.nl')
        ? { access_token: 'eyJ.a.b', token_type: 'Bearer', expires_at: new Date(Date.now() + 3_600_000).toISOString(), expires_in: 3600 }
        : { links: [], count: 0, hasMore: false, items: [], offset: 0, totalResults: 0 };
      return { status: 200, text: async () => JSON.stringify(body), headers: { get: () => null } };
    };
    const client = createTokenClient({ proxyUrl: 'https://1234567-sb1.extforms.netsuite.com/app/site/hosting/scriptlet.nl?script=1&deploy=1', apiKey: main.apiKey, accountId: '1234567_SB1', fetch: fake });
    await client.suiteql('SELECT id FROM customer');
    expect(urls[1]).toBe('https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/query/v1/suiteql?limit=1000&offset=0');
  });
});
