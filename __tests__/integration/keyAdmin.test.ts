/**
 * The BUILT key admin Suitelet (oauth_key_admin.js): an administrator creates, rotates and revokes
 * API clients; the keys it shows work against the BUILT proxy, and stop working when they should.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN, createTestAccount, harnessKey, sha256Hex, type TestAccount } from '../../tools/harness';
import type { PageModel, SuiteletResult } from '../../tools/suitescript-runtime';
import { CLIENT_RECORD, SCRIPTS } from '../../src/TypeScript/core/names';

function adminPage(t: TestAccount, form?: Record<string, string>, user = ADMIN): SuiteletResult {
  if (!form) return t.account.runSuitelet({ deploymentId: SCRIPTS.keyAdmin.deploymentId, user });
  return t.account.runSuitelet({
    deploymentId: SCRIPTS.keyAdmin.deploymentId,
    user,
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

function field(page: PageModel | undefined, id: string): string {
  const f = page?.fields.find((x) => x.id === id);
  return f ? String(f.value ?? '') : '';
}

/** Submits the page's form as a browser would: with the anti-forgery token the GET rendered. */
function submit(t: TestAccount, values: Record<string, string>): SuiteletResult {
  const csrf = field(adminPage(t).page, 'custpage_csrf');
  expect(csrf.length).toBeGreaterThan(20);
  return adminPage(t, { custpage_csrf: csrf, ...values });
}

function messages(r: SuiteletResult): string {
  return (r.page?.messages ?? []).map((m) => `${m.type}: ${m.title}: ${m.message}`).join('\n');
}

async function ready(): Promise<TestAccount> {
  const t = await createTestAccount();
  t.configureRefresher();
  t.runRefresher();
  return t;
}

beforeAll(async () => {
  await harnessKey(undefined);
});

describe('key admin page', () => {
  it('creates a client, shows its key once with a warning, stores only the hash, and the key works', async () => {
    const t = await ready();
    const r = submit(t, { custpage_action: 'create', custpage_name: 'Data warehouse', custpage_allowed_ips: '203.0.113.0/24, 2001:db8::/32' });
    expect(r.status).toBe(200);
    const key = field(r.page, 'custpage_new_key');
    expect(key).toMatch(/^nsk_[A-Za-z0-9_-]{43}$/);
    expect(messages(r)).toMatch(/WARNING: Copy the new API key now: This is the only time/);
    const rec = t.account.records.list(CLIENT_RECORD.type)[0]!.values;
    expect(rec[CLIENT_RECORD.fields.keyHash]).toBe(sha256Hex(key));
    expect(rec[CLIENT_RECORD.fields.allowedIps]).toBe('203.0.113.0/24\n2001:db8::/32');
    expect(JSON.stringify(t.account.records.list(CLIENT_RECORD.type))).not.toContain(key);
    expect(t.callProxy({ key, ip: '203.0.113.9' }).json['token_type']).toBe('Bearer');
    // The list shows it (prefix, not the key); a later page never shows the key again.
    const list = adminPage(t);
    expect(list.page?.sublists[0]?.lines[0]).toMatchObject({ custpage_c_name: 'Data warehouse', custpage_c_prefix: `${key.slice(0, 10)}…`, custpage_c_active: 'Yes' });
    expect(list.body).not.toContain(key);
    expect(t.leakSurface()).not.toContain(key);
  });

  it('rotates a key: the new key works and the old one stops at once, even with a warm cache', async () => {
    const t = await ready();
    const created = submit(t, { custpage_action: 'create', custpage_name: 'ERP' });
    const oldKey = field(created.page, 'custpage_new_key');
    expect(t.callProxy({ key: oldKey }).json['token_type']).toBe('Bearer'); // now cached
    const id = String(t.account.records.list(CLIENT_RECORD.type)[0]!.id);
    const rotated = submit(t, { custpage_action: 'rotate', custpage_client: id });
    const newKey = field(rotated.page, 'custpage_new_key');
    expect(newKey).toMatch(/^nsk_/);
    expect(newKey).not.toBe(oldKey);
    expect(t.callProxy({ key: oldKey }).json['error']).toBe('unauthorized');
    expect(t.callProxy({ key: newKey }).json['token_type']).toBe('Bearer');
  });

  it('revokes (deactivates) a client at once, and can reactivate it', async () => {
    const t = await ready();
    const key = field(submit(t, { custpage_action: 'create', custpage_name: 'BI' }).page, 'custpage_new_key');
    expect(t.callProxy({ key }).json['token_type']).toBe('Bearer');
    const id = String(t.account.records.list(CLIENT_RECORD.type)[0]!.id);
    expect(messages(submit(t, { custpage_action: 'deactivate', custpage_client: id }))).toMatch(/Client deactivated/);
    expect(t.callProxy({ key }).json['error']).toBe('unauthorized');
    expect(adminPage(t).page?.sublists[0]?.lines[0]?.['custpage_c_active']).toBe('No');
    submit(t, { custpage_action: 'reactivate', custpage_client: id });
    expect(t.callProxy({ key }).json['token_type']).toBe('Bearer');
  });

  it('refuses bad input naming the field, and saves nothing', async () => {
    const t = await ready();
    const r = submit(t, { custpage_action: 'create', custpage_name: '', custpage_allowed_ips: 'localhost, 10.0.0.0/33' });
    expect(messages(r)).toMatch(/ERROR: Nothing was saved: Name: required.*Allowed IP addresses: localhost, 10\.0\.0\.0\/33 are not/);
    expect(field(r.page, 'custpage_new_key')).toBe('');
    expect(t.account.records.list(CLIENT_RECORD.type)).toHaveLength(0);
  });

  it('refuses a forged POST without the anti-forgery token', async () => {
    const t = await ready();
    const r = adminPage(t, { custpage_action: 'create', custpage_name: 'Evil', custpage_csrf: 'guess' });
    expect(messages(r)).toMatch(/ERROR: Nothing changed/);
    expect(t.account.records.list(CLIENT_RECORD.type)).toHaveLength(0);
  });

  it('is for administrators only', async () => {
    const t = await ready();
    const clerk = { id: 9, name: 'Clerk', roleId: 'customrole_clerk', role: 1001 };
    const r = adminPage(t, undefined, clerk);
    expect(r.page).toBeUndefined();
    expect(r.body).not.toMatch(/API clients/);
    const anonymous = t.account.runSuitelet({ deploymentId: SCRIPTS.keyAdmin.deploymentId });
    expect(anonymous.page).toBeUndefined();
    expect(t.account.records.list(CLIENT_RECORD.type)).toHaveLength(0);
  });

  it('sends Cache-Control: no-store so a shown key is not cached by the browser', async () => {
    const t = await ready();
    const r = submit(t, { custpage_action: 'create', custpage_name: 'X' });
    const h = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    expect(h['cache-control']).toBe('no-store');
  });
});
