/**
 * The local account's REST surface over HTTP: NetSuite's 401 for missing, invalid and expired tokens,
 * SuiteQL's collection shape with limit/offset paging, NetSuite-style 400s for what it cannot answer,
 * and the customer record with its 404.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cleanup, getJson, proxyToken, startTemp, suiteql, type Started } from './helpers';

let s: Started;
let token: string;

const INVALID_LOGIN = {
  type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2',
  title: 'Unauthorized',
  status: 401,
  'o:errorDetails': [
    {
      detail: 'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.',
      'o:errorCode': 'INVALID_LOGIN',
    },
  ],
};

function badRequest(json: Record<string, unknown>, code: string): string {
  expect(json).toMatchObject({ type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1', title: 'Bad Request', status: 400 });
  const details = json['o:errorDetails'] as { detail: string; 'o:errorCode': string }[];
  expect(details).toHaveLength(1);
  expect(details[0]?.['o:errorCode']).toBe(code);
  return details[0]?.detail ?? '';
}

beforeAll(async () => {
  s = await startTemp({ scheduler: false });
  token = await proxyToken(s.local, s.apiKey);
});
afterAll(cleanup);

describe('REST: bearer tokens', () => {
  it('answers 401 INVALID_LOGIN without a token, with a malformed one, and with one not issued here', async () => {
    const attempts: Record<string, string>[] = [{}, { Authorization: 'Basic dXNlcjpwYXNz' }, { Authorization: 'Bearer abc.def.ghi' }, { Authorization: `Bearer ${token.slice(0, -4)}AAAA` }];
    for (const headers of attempts) {
      const r = await getJson(`${s.local.urls.restBase}/record/v1/customer/101`, { headers });
      expect(r.status).toBe(401);
      expect(r.json).toEqual(INVALID_LOGIN);
    }
    const q = await suiteql(s.local, null, 'SELECT id FROM customer');
    expect(q.status).toBe(401);
    expect(q.json).toEqual(INVALID_LOGIN);
  });

  it('answers 401 once the token has expired on the account clock (and the log says why)', async () => {
    const fresh = await proxyToken(s.local, s.apiKey);
    expect((await suiteql(s.local, fresh, 'SELECT id FROM customer')).status).toBe(200);
    s.local.clock.advance(61 * 60_000);
    try {
      const r = await suiteql(s.local, fresh, 'SELECT id FROM customer');
      expect(r.status).toBe(401);
      expect(r.json).toEqual(INVALID_LOGIN);
      expect(s.logs[s.logs.length - 1]).toMatch(/401 INVALID_LOGIN \(the access token has expired\)/);
    } finally {
      s.local.clock.advance(-61 * 60_000);
    }
  });
});

describe('REST: SuiteQL', () => {
  it("pages with limit and offset in NetSuite's collection shape", async () => {
    const r = await suiteql(s.local, token, 'SELECT id, companyname FROM customer ORDER BY id', '?limit=10&offset=10');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/vnd\.oracle\.resource\+json; type=collection/);
    const base = `${s.local.urls.suiteql}?limit=10&offset=`;
    expect(r.json['links']).toEqual([
      { rel: 'previous', href: `${base}0` },
      { rel: 'first', href: `${base}0` },
      { rel: 'next', href: `${base}20` },
      { rel: 'last', href: `${base}20` },
      { rel: 'self', href: `${base}10` },
    ]);
    expect(r.json).toMatchObject({ count: 10, hasMore: true, offset: 10, totalResults: 25 });
    const items = r.json['items'] as Record<string, unknown>[];
    expect(items.map((i) => i['id'])).toEqual(['111', '112', '113', '114', '115', '116', '117', '118', '119', '120']);
    expect(items[0]).toEqual({ links: [], id: '111', companyname: 'Cyberdyne Systems' });

    const last = await suiteql(s.local, token, 'SELECT id FROM customer', '?limit=10&offset=20');
    expect(last.json).toMatchObject({ count: 5, hasMore: false, offset: 20, totalResults: 25 });
    expect((last.json['links'] as { rel: string }[]).map((l) => l.rel)).toEqual(['previous', 'first', 'self']);
  });

  it('follows the next links through every row; the default limit is 1000', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${s.local.urls.suiteql}?limit=7`;
    while (url) {
      const r = await getJson(url, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Prefer: 'transient' }, body: JSON.stringify({ q: 'SELECT id FROM customer' }) });
      expect(r.status).toBe(200);
      seen.push(...(r.json['items'] as { id: string }[]).map((i) => i.id));
      url = (r.json['links'] as { rel: string; href: string }[]).find((l) => l.rel === 'next')?.href;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => String(101 + i)));
    const all = await suiteql(s.local, token, 'select * from customer');
    expect(all.json).toMatchObject({ count: 25, hasMore: false, offset: 0, totalResults: 25 });
    expect((all.json['links'] as { rel: string; href: string }[])).toEqual([{ rel: 'self', href: `${s.local.urls.suiteql}?limit=1000&offset=0` }]);
  });

  it('answers SELECT *, WHERE, LIKE and ORDER BY with every value a string and empty fields left out', async () => {
    const one = await suiteql(s.local, token, 'SELECT * FROM customer WHERE id = 104');
    expect(one.json['items']).toEqual([
      { links: [], id: '104', entityid: 'CUST00104', companyname: 'Umbrella Health', email: 'billing@umbrella.example.com', isinactive: 'F', datecreated: expect.stringMatching(/^\d{1,2}\/\d{1,2}\/2025$/), lastmodifieddate: expect.stringMatching(/^\d{1,2}\/\d{1,2}\/2025$/) },
    ]);
    const like = await suiteql(s.local, token, "select companyname from CUSTOMER where companyname like '%CORP%' order by companyname desc");
    expect((like.json['items'] as { companyname: string }[]).map((i) => i.companyname)).toEqual(['Oscorp Materials', 'Acme Corporation']);
    const combined = await suiteql(s.local, token, "SELECT id FROM customer WHERE isinactive = 'T' OR (id >= 101 AND id < 103)");
    expect((combined.json['items'] as { id: string }[]).map((i) => i.id)).toEqual(['101', '102', '124', '125']);
    const none = await suiteql(s.local, token, "SELECT id FROM customer WHERE email = 'nobody@example.com'");
    expect(none.json).toMatchObject({ count: 0, hasMore: false, items: [], totalResults: 0 });
  });

  it.each([
    ['a join', 'SELECT c.id FROM customer c JOIN transaction t ON t.entity = c.id', /alias|JOIN/],
    ['an aggregate', 'SELECT COUNT(*) FROM customer', /COUNT\(\) are not supported/],
    ['another table', 'SELECT id FROM transaction', /no data for "transaction"/],
    ['an unknown column', 'SELECT id, creditlimit FROM customer', /unknown column "creditlimit"/],
    ['a broken string', "SELECT id FROM customer WHERE companyname = 'Acme", /not closed/],
    ['not a query', 'DELETE FROM customer', /expected SELECT/],
  ])('refuses %s with 400 INVALID_PARAMETER and a reason', async (_what, q, why) => {
    const r = await suiteql(s.local, token, q);
    expect(r.status).toBe(400);
    expect(badRequest(r.json, 'INVALID_PARAMETER')).toMatch(/^Invalid search query\. .*Search error occurred: /);
    expect(badRequest(r.json, 'INVALID_PARAMETER')).toMatch(why);
  });

  it('refuses limit above 1000, an offset that is not a multiple of limit, GET, and a body without q', async () => {
    expect(badRequest((await suiteql(s.local, token, 'SELECT id FROM customer', '?limit=1001')).json, 'INVALID_PARAMETER')).toMatch(/limit.*1 to 1000/);
    expect(badRequest((await suiteql(s.local, token, 'SELECT id FROM customer', '?limit=10&offset=5')).json, 'INVALID_PARAMETER')).toMatch(/multiple of the limit/);
    expect(badRequest((await suiteql(s.local, token, { query: 'SELECT id FROM customer' })).json, 'INVALID_CONTENT')).toMatch(/"q"/);
    const get = await getJson(s.local.urls.suiteql, { headers: { Authorization: `Bearer ${token}` } });
    expect(get.status).toBe(405);
    expect(get.json).toMatchObject({ status: 405, 'o:errorDetails': [{ 'o:errorCode': 'INVALID_METHOD' }] });
  });
});

describe('REST: customer records', () => {
  it('answers a customer in the record shape, and 404 NONEXISTENT_ID for an unknown id', async () => {
    const r = await getJson(`${s.local.urls.restBase}/record/v1/customer/101`, { headers: { Authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      links: [{ rel: 'self', href: `${s.local.urls.restBase}/record/v1/customer/101` }],
      id: '101',
      entityId: 'CUST00101',
      companyName: 'Acme Corporation',
      email: 'billing@acme.example.com',
      phone: '+1 415 555 0100',
      isInactive: false,
      isPerson: false,
      dateCreated: expect.stringMatching(/^2025-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      lastModifiedDate: expect.stringMatching(/^2025-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    const missing = await getJson(`${s.local.urls.restBase}/record/v1/customer/999`, { headers: { Authorization: `Bearer ${token}` } });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({
      type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.5',
      title: 'Not Found',
      status: 404,
      'o:errorDetails': [{ detail: 'The record instance does not exist. Provide a valid record instance ID.', 'o:errorCode': 'NONEXISTENT_ID' }],
    });
  });
});

describe('REST: token profiles (each role gets what it may)', () => {
  const subOf = (t: string) => (JSON.parse(Buffer.from(t.split('.')[1] as string, 'base64url').toString('utf8')) as { sub: string }).sub;

  it('ships two profiles, each with its own client: the keys get different tokens standing for different roles', async () => {
    expect(s.reportingKey).toMatch(/^nsk_/);
    expect(s.local.status().profiles.map((p) => [p.name, p.role?.name, p.role?.customers])).toEqual([
      ['Default', 'Customer Sync', true],
      ['Reporting (no customers)', 'Reporting', false],
    ]);
    expect(s.local.status().apiClients.map((c) => [c.name, c.profile])).toEqual([
      ['local-dev', 'Default'],
      ['reporting', 'Reporting (no customers)'],
    ]);
    const reporting = await proxyToken(s.local, s.reportingKey);
    expect(reporting).not.toBe(token);
    expect(reporting).toBe(s.local.harness.tokenRecord(s.local.profileId('Reporting (no customers)'))?.['custrecord_oauth_token']);
    expect([subOf(token), subOf(reporting)]).toEqual(['1001;-5', '1002;-5']);
  });

  it("answers the Reporting role's SuiteQL on customer with NetSuite's error for a table it cannot see, and its record GET with 403", async () => {
    const reporting = await proxyToken(s.local, s.reportingKey);
    const q = await suiteql(s.local, reporting, 'SELECT id, companyname FROM customer ORDER BY id');
    expect(q.status).toBe(400);
    expect(badRequest(q.json, 'INVALID_PARAMETER')).toBe("Invalid search query. Detailed unprocessed description follows. Search error occurred: Record 'customer' was not found.");
    expect(q.text).not.toContain('Acme');
    expect(s.logs[s.logs.length - 1]).toMatch(/400 INVALID_PARAMETER \(role 1002 Reporting has no Lists > Customers permission\)/);
    const record = await getJson(`${s.local.urls.restBase}/record/v1/customer/101`, { headers: { Authorization: `Bearer ${reporting}` } });
    expect(record.status).toBe(403);
    expect(record.json).toMatchObject({ title: 'Forbidden', status: 403, 'o:errorDetails': [{ 'o:errorCode': 'INSUFFICIENT_PERMISSION' }] });
    expect(record.text).not.toContain('Acme');
    // A query the parser refuses still says why (syntax before permissions), and the default role is unaffected.
    expect(badRequest((await suiteql(s.local, reporting, 'SELECT COUNT(*) FROM customer')).json, 'INVALID_PARAMETER')).toMatch(/COUNT/);
    expect((await suiteql(s.local, token, 'SELECT id FROM customer')).status).toBe(200);
  });

  it('keeps each role after a restart (the mappings are registered again; tokens issued before still carry theirs)', async () => {
    const other = await startTemp({ scheduler: false });
    const before = await proxyToken(other.local, other.reportingKey);
    await other.local.stop();
    const { startLocalAccount } = await import('../../tools/local-account');
    const again = await startLocalAccount({ stateDir: other.dir, port: 0, scheduler: false, refreshOnStart: false });
    try {
      expect((await suiteql(again, before, 'SELECT id FROM customer')).status).toBe(400);
      // A new token for the profile (its certificate is mapped again with its role).
      again.clock.advance(50 * 60_000);
      expect(again.runRefresher()).toMatchObject({ ok: true, outcome: 'refreshed' });
      const after = await proxyToken(again, other.reportingKey);
      expect(after).not.toBe(before);
      expect(subOf(after)).toBe('1002;-5');
      expect((await suiteql(again, after, 'SELECT id FROM customer')).status).toBe(400);
      expect((await suiteql(again, await proxyToken(again, other.apiKey), 'SELECT id FROM customer')).status).toBe(200);
    } finally {
      await again.stop();
    }
  });
});
