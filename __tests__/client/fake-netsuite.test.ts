/**
 * The client against small local fakes of the proxy and of NetSuite's REST SuiteQL endpoint:
 * - key paging gets every row of a query past NetSuite's 100,000-row offset limit, which plain offset
 *   paging cannot (the fake refuses offset + limit > 100,000 and limit > 1000, as NetSuite documents);
 * - NetSuite's concurrency-limit answers are retried with exponential back-off and jitter, bounded,
 *   honouring Retry-After;
 * - the proxy's server_error is a typed error, thrown at once.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTokenClient, NetSuiteRestError, ProxyServerError, type SuiteQLRow, type TokenClientOptions } from '../../clients/node';
import { json, newApiKey, PROXY_PATH, proxyQuery, restError, serve, suiteqlHandler, tokenBody, type Seen, type Server } from './fakes';

const ROWS = 100_500; // more than NetSuite returns through offsets
const INNER = 'SELECT id, name FROM big';

let netsuite: Server;
/** What the REST endpoint answers before the real handler, per request (a queue of overrides). */
const overrides: ((req: Seen, res: import('node:http').ServerResponse) => void)[] = [];
const suiteql = suiteqlHandler(ROWS, INNER);

beforeAll(async () => {
  netsuite = await serve((req, res) => {
    if (req.url.startsWith(PROXY_PATH)) return json(res, 200, tokenBody('eyJhbGciOiJQUzI1NiJ9.e30.sig'));
    const override = overrides.shift();
    if (override) return override(req, res);
    if (!suiteql(req, res)) json(res, 404, restError(404, 'NOT_FOUND', 'no such resource'));
  });
});
afterAll(() => netsuite.close());

function client(extra: Partial<TokenClientOptions> = {}) {
  return createTokenClient({ proxyUrl: `${netsuite.url}${PROXY_PATH}${proxyQuery}`, apiKey: newApiKey(), restBaseUrl: `${netsuite.url}/services/rest`, ...extra });
}

const restCalls = () => netsuite.seen.filter((s) => s.url.includes('/query/v1/suiteql'));
const queries = () => restCalls().map((s) => (JSON.parse(s.body) as { q: string }).q);

describe('past the 100,000-row SuiteQL limit', () => {
  it('offset paging stops at NetSuite\'s limit with an error that says how to page by key', async () => {
    netsuite.seen.length = 0;
    const got: SuiteQLRow[] = [];
    const e = await (async () => {
      for await (const row of client().suiteqlRows(INNER)) got.push(row);
    })().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NetSuiteRestError);
    expect(e).toMatchObject({ status: 400, errorCode: 'INVALID_PARAMETER' });
    expect((e as Error).message).toMatch(/at most 100000 rows by offset.*keyColumn: 'id'/);
    expect(got).toHaveLength(100_000);
    expect(restCalls()).toHaveLength(101); // 100 pages, then the refused one
  });

  it('suiteqlAll pages by key: every row once, in order, each page at offset 0 with at most 1000 rows', async () => {
    netsuite.seen.length = 0;
    const ids: number[] = [];
    for await (const row of client().suiteqlAll(INNER, { keyColumn: 'id' })) ids.push(Number(row['id']));
    expect(ids).toHaveLength(ROWS);
    expect(ids[0]).toBe(1);
    expect(ids.every((id, i) => id === i + 1)).toBe(true);
    expect(restCalls()).toHaveLength(101);
    for (const c of restCalls()) expect(new URL(c.url, 'http://x').search).toBe('?limit=1000&offset=0');
    const q = queries();
    expect(q[0]).toBe(`SELECT * FROM (${INNER}) ORDER BY id`);
    expect(q[1]).toBe(`SELECT * FROM (${INNER}) WHERE id > 1000 ORDER BY id`);
    expect(q[100]).toBe(`SELECT * FROM (${INNER}) WHERE id > 100000 ORDER BY id`);
  });

  it('suiteql(query, { keyColumn }) gives the same rows; maxRows and pageSize apply; a trailing semicolon is dropped', async () => {
    netsuite.seen.length = 0;
    const rows = await client().suiteql(`${INNER};`, { keyColumn: 'id', pageSize: 250, maxRows: 600 });
    expect(rows.map((r) => r['id'])).toEqual(Array.from({ length: 600 }, (_, i) => String(i + 1)));
    expect(rows[0]).toEqual({ id: '1', name: 'row 1' }); // no links
    expect(queries()).toEqual([
      `SELECT * FROM (${INNER}) ORDER BY id`,
      `SELECT * FROM (${INNER}) WHERE id > 250 ORDER BY id`,
      `SELECT * FROM (${INNER}) WHERE id > 500 ORDER BY id`,
    ]);
  });

  it('refuses a key column that is not a plain name, and keys that are not unique or missing', async () => {
    expect(() => client().suiteqlAll(INNER, { keyColumn: 'id; DROP' })).toThrow(/plain column name/);
    expect(() => client().suiteqlAll(INNER, { pageSize: 1001 })).toThrow(/pageSize/);

    const page = (items: object[]) => (_req: Seen, res: import('node:http').ServerResponse) => json(res, 200, { links: [], count: items.length, hasMore: true, items, offset: 0, totalResults: 9 });
    overrides.push(page([{ id: '1' }, { id: '1' }]));
    await expect(client().suiteql(INNER, { keyColumn: 'id' })).rejects.toThrow(/does not rise/);
    overrides.push(page([{ name: 'no id' }]));
    await expect(client().suiteql(INNER, { keyColumn: 'id' })).rejects.toThrow(/never null/);
    overrides.push(page([{ id: 'CUST-1' }]));
    await expect(client().suiteql(INNER, { keyColumn: 'id' })).rejects.toThrow(/keyType: 'string'/);
    overrides.length = 0;
  });

  it("keyType 'string' quotes the last key (a quote inside is doubled)", async () => {
    netsuite.seen.length = 0;
    const answers = [
      [{ tranid: "O'1" }, { tranid: "O'2" }],
      [{ tranid: 'P' }],
    ];
    for (const [i, items] of answers.entries()) {
      overrides.push((_req, res) => json(res, 200, { links: [], count: items.length, hasMore: i === 0, items, offset: 0, totalResults: 3 }));
    }
    const rows = await client().suiteql('SELECT tranid FROM transaction', { keyColumn: 'tranid', keyType: 'string', pageSize: 2 });
    expect(rows.map((r) => r['tranid'])).toEqual(["O'1", "O'2", 'P']);
    expect(queries()[1]).toBe("SELECT * FROM (SELECT tranid FROM transaction) WHERE tranid > 'O''2' ORDER BY tranid");
  });
});

describe("NetSuite's concurrency limit", () => {
  const tooMany = (headers: Record<string, string> = {}) => (_req: Seen, res: import('node:http').ServerResponse) =>
    json(res, 429, restError(429, 'CONCURRENCY_LIMIT_EXCEEDED', 'Concurrent request limit exceeded. Request blocked.'), headers);

  it('429 twice, then 200: retried with exponential back-off and jitter, and the rows arrive', async () => {
    netsuite.seen.length = 0;
    overrides.push(tooMany(), tooMany());
    const sleeps: number[] = [];
    const randoms = [0, 0.5];
    const rows = await client({ sleep: async (ms) => void sleeps.push(ms), random: () => randoms.shift() ?? 0 }).suiteql(INNER, { pageSize: 3, maxRows: 3 });
    expect(rows).toHaveLength(3);
    expect(restCalls()).toHaveLength(3);
    // attempt 0: 1000 ms doubled 0 times, half fixed + half * 0 = 500; attempt 1: 2000 -> 1000 + 1000 * 0.5
    expect(sleeps).toEqual([500, 1500]);
  });

  it('the jitter spreads clients: waits stay within [half, all] of the doubled delay', async () => {
    for (let i = 0; i < 5; i++) overrides.push(tooMany());
    const sleeps: number[] = [];
    await client({ sleep: async (ms) => void sleeps.push(ms), maxRestRetries: 5 }).suiteql(INNER, { maxRows: 1, pageSize: 1 });
    expect(sleeps).toHaveLength(5);
    sleeps.forEach((ms, i) => {
      const full = Math.min(30_000, 1000 * 2 ** i);
      expect(ms).toBeGreaterThanOrEqual(full / 2);
      expect(ms).toBeLessThanOrEqual(full);
    });
  });

  it('honours Retry-After (seconds or an HTTP date)', async () => {
    overrides.push(tooMany({ 'Retry-After': '3' }), tooMany({ 'Retry-After': new Date(Date.now() + 10_000).toUTCString() }));
    const sleeps: number[] = [];
    await client({ sleep: async (ms) => void sleeps.push(ms) }).suiteql(INNER, { maxRows: 1, pageSize: 1 });
    expect(sleeps[0]).toBe(3000);
    expect(sleeps[1]).toBeGreaterThan(7000);
    expect(sleeps[1]).toBeLessThanOrEqual(10_000);
  });

  it('SSS_REQUEST_LIMIT_EXCEEDED (HTTP 400, the RESTlet form) is retried as well', async () => {
    overrides.push((_req, res) => json(res, 400, restError(400, 'SSS_REQUEST_LIMIT_EXCEEDED', 'Request limit exceeded.')));
    const sleeps: number[] = [];
    expect(await client({ sleep: async (ms) => void sleeps.push(ms) }).suiteql(INNER, { maxRows: 1, pageSize: 1 })).toHaveLength(1);
    expect(sleeps).toHaveLength(1);
  });

  it('gives up after maxRestRetries with the 429 as a NetSuiteRestError; a Retry-After beyond maxRetryWaitSeconds is not waited for', async () => {
    netsuite.seen.length = 0;
    for (let i = 0; i < 3; i++) overrides.push(tooMany());
    const sleeps: number[] = [];
    const e = await client({ sleep: async (ms) => void sleeps.push(ms), maxRestRetries: 2 }).suiteql(INNER).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NetSuiteRestError);
    expect(e).toMatchObject({ status: 429, errorCode: 'CONCURRENCY_LIMIT_EXCEEDED' });
    expect(restCalls()).toHaveLength(3);
    expect(sleeps).toHaveLength(2);

    overrides.push(tooMany({ 'Retry-After': '3600' }));
    const long: number[] = [];
    await expect(client({ sleep: async (ms) => void long.push(ms) }).suiteql(INNER)).rejects.toMatchObject({ status: 429 });
    expect(long).toEqual([]);
  });

  it('other REST errors are not retried', async () => {
    netsuite.seen.length = 0;
    const sleeps: number[] = [];
    await expect(client({ sleep: async (ms) => void sleeps.push(ms) }).suiteql('SELECT nonsense')).rejects.toMatchObject({ status: 400, errorCode: 'INVALID_PARAMETER' });
    expect(restCalls()).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});

describe('the proxy', () => {
  let proxy: Server;
  const answers: ((req: Seen, res: import('node:http').ServerResponse) => void)[] = [];
  beforeAll(async () => {
    proxy = await serve((req, res) => (answers.shift() ?? ((_q, r) => json(r, 200, tokenBody('eyJ.ok.sig'))))(req, res));
  });
  afterAll(() => proxy.close());
  const proxyClient = (extra: Partial<TokenClientOptions> = {}) => createTokenClient({ proxyUrl: `${proxy.url}${PROXY_PATH}${proxyQuery}`, apiKey: newApiKey(), ...extra });

  it('server_error is a ProxyServerError, thrown at once', async () => {
    proxy.seen.length = 0;
    answers.push((_q, r) => json(r, 200, { error: 'server_error', error_description: 'Unexpected error; see the script log.' }));
    const sleeps: number[] = [];
    const e = await proxyClient({ sleep: async (ms) => void sleeps.push(ms) }).getToken().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProxyServerError);
    expect(e).toMatchObject({ code: 'server_error', httpStatus: 200 });
    expect(proxy.seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("NetSuite's own HTTP 429 page in front of the proxy is retried after its Retry-After", async () => {
    proxy.seen.length = 0;
    answers.push((_q, r) => r.writeHead(429, { 'Content-Type': 'text/html', 'Retry-After': '2' }).end('<html>Too many requests</html>'));
    const sleeps: number[] = [];
    expect(await proxyClient({ sleep: async (ms) => void sleeps.push(ms) }).getToken()).toBe('eyJ.ok.sig');
    expect(sleeps).toEqual([2000]);
    expect(proxy.seen).toHaveLength(2);
  });
});
