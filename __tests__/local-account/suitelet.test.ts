/**
 * The built Suitelets at NetSuite's URL shapes over HTTP: the proxy at its external URL (every answer
 * 200, the caller's address from the socket), the key admin page behind a local administrator
 * session, and the scheduler running the refresh the proxy asks for.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SCRIPTS } from '../../src/TypeScript/core/names';
import { cleanup, getJson, startTemp, suiteql, type Started } from './helpers';

let s: Started;

beforeAll(async () => {
  s = await startTemp({ scheduler: false });
});
afterAll(cleanup);

describe('proxy Suitelet at its external URL', () => {
  it('hands the stored token to the printed key, as JSON with no-store, and the token works at REST', async () => {
    expect(s.local.urls.proxy).toMatch(/\/app\/site\/hosting\/scriptlet\.nl\?script=\d+&deploy=1&compid=1234567_SB1&ns-at=[0-9a-f]{40}$/);
    const r = await getJson(s.local.urls.proxy, { headers: { 'x-api-key': s.apiKey } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.json).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_at: expect.any(String), expires_in: expect.any(Number) });
    expect(r.json['access_token']).toBe(s.local.harness.tokenRecord()?.['custrecord_oauth_token']);
    expect((await suiteql(s.local, r.json['access_token'] as string, 'SELECT id FROM customer')).status).toBe(200);
    // The proxy audits the caller's address as the socket reports it.
    expect(s.local.harness.account.logs.some((l) => l.title === 'token proxy: issued' && l.details.includes('address=127.0.0.1'))).toBe(true);
    // POST works too, with the key in any letter case.
    const post = await getJson(s.local.urls.proxy, { method: 'POST', headers: { 'X-Api-Key': s.apiKey } });
    expect(post.json['access_token']).toBe(r.json['access_token']);
  });

  it('answers 200 with the error code for a wrong key, a key in the URL and another method', async () => {
    const wrong = await getJson(s.local.urls.proxy, { headers: { 'X-API-Key': `nsk_${'B'.repeat(43)}` } });
    expect([wrong.status, wrong.json['error']]).toEqual([200, 'unauthorized']);
    const missing = await getJson(s.local.urls.proxy);
    expect([missing.status, missing.json['error']]).toEqual([200, 'unauthorized']);
    const inUrl = await getJson(`${s.local.urls.proxy}&apikey=${s.apiKey}`, { headers: { 'X-API-Key': s.apiKey } });
    expect([inUrl.status, inUrl.json['error']]).toEqual([200, 'api_key_in_url']);
    const put = await getJson(s.local.urls.proxy, { method: 'PUT', headers: { 'X-API-Key': s.apiKey } });
    expect([put.status, put.json['error']]).toEqual([200, 'method_not_allowed']);
    for (const r of [wrong, missing, inUrl, put]) expect(r.json).not.toHaveProperty('access_token');
  });

  it("applies a client's allow-list to the socket address (127.0.0.1)", async () => {
    const outside = s.local.addApiClient({ name: 'office', allowedIps: '10.0.0.0/8' });
    const inside = s.local.addApiClient({ name: 'this machine', allowedIps: '127.0.0.1' });
    expect((await getJson(s.local.urls.proxy, { headers: { 'X-API-Key': outside.key } })).json['error']).toBe('forbidden_ip');
    expect(typeof (await getJson(s.local.urls.proxy, { headers: { 'X-API-Key': inside.key } })).json['access_token']).toBe('string');
  });

  it('refuses an external URL whose ns-at or compid do not match, and unknown scripts', async () => {
    for (const url of [s.local.urls.proxy.replace(/ns-at=[0-9a-f]+/, `ns-at=${'0'.repeat(40)}`), s.local.urls.proxy.replace('compid=1234567_SB1', 'compid=7654321')]) {
      const r = await getJson(url, { headers: { 'X-API-Key': s.apiKey } });
      expect(r.text).toMatch(/INVALID_EXTERNAL_URL/);
      expect(r.text).not.toMatch(/access_token/);
    }
    const unknown = await getJson(`${s.local.urls.base}/app/site/hosting/scriptlet.nl?script=9999&deploy=1&compid=1234567_SB1&ns-at=x`);
    expect(unknown.text).toMatch(/SSS_INVALID_SCRIPTLET_ID/);
  });
});

describe('key admin page (internal URL, administrators only)', () => {
  it('redirects to the local login without a session, and refuses a wrong login code', async () => {
    const r = await fetch(s.local.urls.keyAdmin, { redirect: 'manual' });
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe('/local/login');
    const wrong = await fetch(`${s.local.urls.base}/local/login?code=nope`, { redirect: 'manual' });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('works with the printed administrator link: the page lists clients and creates one whose key works at the proxy', async () => {
    const login = await fetch(s.local.urls.adminLogin, { redirect: 'manual' });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toBe(s.local.urls.keyAdmin);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(cookie).toMatch(/^ns_local_admin=/);
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);

    const page = await (await fetch(s.local.urls.keyAdmin, { headers: { Cookie: cookie } })).text();
    expect(page).toMatch(/API clients/);
    expect(page).toMatch(/local-dev/);
    const csrf = /name="custpage_csrf" id="custpage_csrf" value="([^"]+)"/.exec(page)?.[1] as string;
    expect(csrf).toBeTruthy();
    const created = await (
      await fetch(s.local.urls.keyAdmin, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ custpage_csrf: csrf, custpage_action: 'create', custpage_name: 'warehouse', submitter: 'Apply' }).toString(),
      })
    ).text();
    const newKey = /nsk_[A-Za-z0-9_-]{43,}/.exec(created)?.[0] as string;
    expect(newKey).toBeTruthy();
    const r = await getJson(s.local.urls.proxy, { headers: { 'X-API-Key': newKey } });
    expect(typeof r.json['access_token']).toBe('string');
    // The local session cookie never reaches the scripts.
    expect(JSON.stringify(s.local.harness.account.logs)).not.toContain(cookie.split('=')[1]);
  });
});

describe('refresher and queue', () => {
  it('POST /local/refresher/run runs the refresher and tells the outcome (never the token)', async () => {
    const r = await getJson(`${s.local.urls.base}/local/refresher/run`, { method: 'POST' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: true, outcome: 'skipped', token: { status: 'Active', fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{8}$/) } });
    expect(r.text).not.toContain(String(s.local.harness.tokenRecord()?.['custrecord_oauth_token']));
    const foreign = await getJson(`${s.local.urls.base}/local/refresher/run`, { method: 'POST', headers: { Origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
  });

  it('runs the refresh the proxy queues when it has no token (scheduler on)', async () => {
    const fresh = await startTemp({ refreshOnStart: false });
    const first = await getJson(fresh.local.urls.proxy, { headers: { 'X-API-Key': fresh.apiKey } });
    expect(first.json).toMatchObject({ error: 'token_unavailable', retry_after: expect.any(Number) });
    let token: unknown;
    for (let i = 0; i < 30 && typeof token !== 'string'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      token = (await getJson(fresh.local.urls.proxy, { headers: { 'X-API-Key': fresh.apiKey } })).json['access_token'];
    }
    expect(typeof token).toBe('string');
    expect(fresh.local.harness.account.tasks.map((t) => [t.deploymentId, t.status])).toEqual([[SCRIPTS.refresher.onDemandDeploymentId, 'COMPLETE']]);
    expect(fresh.logs.some((l) => /refresher \(queued task\) → refreshed/.test(l))).toBe(true);
  });

  it('runs the refresher on its 15-minute schedule of the account clock (--speed)', async () => {
    const fast = await startTemp({ speed: 3600 }); // one account hour per real second
    const before = fast.local.nextRefresherRunAt as number;
    expect(before % (15 * 60_000)).toBe(0);
    for (let i = 0; i < 40 && !fast.logs.some((l) => l.includes('refresher (schedule)')); i++) await new Promise((r) => setTimeout(r, 50));
    expect(fast.logs.some((l) => l.includes('refresher (schedule)'))).toBe(true);
    expect(fast.local.nextRefresherRunAt).toBeGreaterThan(before);
  });
});
