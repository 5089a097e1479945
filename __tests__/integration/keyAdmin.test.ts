/**
 * The BUILT key admin Suitelet (oauth_key_admin.js), driven as an administrator's browser would:
 * GET a view, follow its links, submit its forms with the anti-forgery token the page rendered.
 * Checks what a person sees (page text, messages, lists) and what it does to the records and keys.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN, createTestAccount, harnessKey, sha256Hex, type TestAccount } from '../../tools/harness';
import type { SuiteletResult } from '../../tools/suitescript-runtime';
import { CLIENT_RECORD, PROFILE_RECORD, SCRIPTS, TOKEN_RECORD } from '../../src/TypeScript/core/names';
import {
  adminPost as post,
  linkTo,
  pageField as field,
  pageMessages as messages,
  sublistRows as rows,
  submitPage,
  visible,
} from './scenarioHelpers';

const DEPLOY = SCRIPTS.keyAdmin.deploymentId;

function get(t: TestAccount, query = '', user: typeof ADMIN | null = ADMIN): SuiteletResult {
  return t.account.runSuitelet({ deploymentId: DEPLOY, ...(user ? { user } : {}), ...(query ? { path: `?${query}` } : {}) });
}

const GOOD_PROFILE = { custpage_name: 'Warehouse (read only)', custpage_client_id: 'wh-client-id', custpage_cert_id: 'wh-cert-id', custpage_key_file: '/SuiteScripts/OAuthKeys/warehouse.pem', custpage_signing_cert: '', custpage_algorithm: 'PS256', custpage_scope: 'rest_webservices' };

/** A new account with the project deployed (the page needs no refresher parameters). */
async function fresh(): Promise<TestAccount> {
  return createTestAccount();
}

function createProfile(t: TestAccount, values: Record<string, string> = GOOD_PROFILE): SuiteletResult {
  return submitPage(t, get(t, 'view=profile_new'), values);
}

function createClient(t: TestAccount, values: Record<string, string>): { r: SuiteletResult; key: string } {
  const r = submitPage(t, get(t, 'view=client_new'), values);
  return { r, key: field(r.page, 'custpage_new_key') };
}

beforeAll(async () => {
  await harnessKey(undefined);
});

describe('key admin page: the home view', () => {
  it('shows health first, then profiles and clients; the default profile says where it is configured', async () => {
    const t = await fresh();
    const r = get(t);
    expect(r.page?.title).toBe('OAuth Token Proxy');
    expect(r.page?.sublists.map((s) => s.label)).toEqual(['Token health', 'Token profiles (1)', 'API clients (0)']);
    expect(rows(r, 'custpage_health')[0]).toMatchObject({ Profile: 'Default', Status: 'No token yet: the refresher has not run for this profile', Action: 'Refresh now' });
    expect(rows(r, 'custpage_profiles')[0]?.['Signs with']).toMatch(/configured by the refresher's parameters \(Setup > Company > General Preferences > Custom Preferences\)/);
  });

  it('sends no-store, X-Frame-Options DENY and a CSP that forbids framing', async () => {
    const t = await fresh();
    const h = Object.fromEntries(Object.entries(get(t).headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    expect(h).toMatchObject({ 'cache-control': 'no-store', 'x-frame-options': 'DENY', 'content-security-policy': "frame-ancestors 'none'" });
  });

  it('is for administrators only, and refuses a forged POST', async () => {
    const t = await fresh();
    const clerk = { id: 9, name: 'Clerk', roleId: 'customrole_clerk', role: 1001 };
    const r = t.account.runSuitelet({ deploymentId: DEPLOY, user: clerk });
    expect(r.page).toBeUndefined();
    expect(r.body).not.toMatch(/API clients/);
    expect(get(t, '', null).page).toBeUndefined();
    const forged = post(t, { custpage_do: 'client_create', custpage_name: 'Evil', custpage_csrf: 'guess' });
    expect(messages(forged)).toMatch(/ERROR: Nothing changed: The form has expired or did not come from this page/);
    expect(t.account.records.list(CLIENT_RECORD.type)).toHaveLength(0);
  });
});

describe('key admin page: token profiles', () => {
  it('creates a profile that the health panel and the client form then offer', async () => {
    const t = await fresh();
    const r = createProfile(t);
    expect(messages(r)).toMatch(/CONFIRMATION: Profile "Warehouse \(read only\)" created/);
    const recs = t.account.records.list(PROFILE_RECORD.type);
    expect(recs).toHaveLength(1);
    expect(recs[0]!.values).toMatchObject({ name: 'Warehouse (read only)', [PROFILE_RECORD.fields.clientId]: 'wh-client-id', [PROFILE_RECORD.fields.keyFile]: '/SuiteScripts/OAuthKeys/warehouse.pem' });
    expect(rows(r, 'custpage_profiles')[1]).toMatchObject({ Name: 'Warehouse (read only)', 'Client ID': 'wh-client-id', 'Signs with': 'key file /SuiteScripts/OAuthKeys/warehouse.pem', Status: 'Active' });
    expect(rows(r, 'custpage_health').map((x) => x['Profile'])).toEqual(['Default', 'Warehouse (read only)']);
    const form = get(t, 'view=client_new');
    expect(form.page?.fields.find((f) => f.id === 'custpage_profile')?.options?.map((o) => o.text)).toEqual(['Default', 'Warehouse (read only)']);
  });

  it('refuses an invalid profile with the refresher\'s own messages, all at once, and saves nothing', async () => {
    const t = await fresh();
    const r = createProfile(t, { ...GOOD_PROFILE, custpage_client_id: '', custpage_algorithm: 'RS256', custpage_signing_cert: 'custcertificate_wh', custpage_scope: 'everything' });
    const m = messages(r);
    expect(m).toMatch(/ERROR: Nothing was saved/);
    expect(m).toMatch(/Client ID: required: the integration record's Client ID/);
    expect(m).toMatch(/Algorithm: .*RS256/);
    expect(m).toMatch(/Signing certificate: set either Private key file or Signing certificate, not both/);
    expect(m).toMatch(/Scope: "everything" is not a NetSuite scope/);
    expect(t.account.records.list(PROFILE_RECORD.type)).toHaveLength(0);
    // The form keeps what was typed.
    expect(field(r.page, 'custpage_name')).toBe('Warehouse (read only)');
  });

  it('edits and deactivates a profile from its own row, with a confirmation', async () => {
    const t = await fresh();
    const home = createProfile(t);
    const edit = get(t, linkTo(home, 'Edit'));
    expect(field(edit.page, 'custpage_client_id')).toBe('wh-client-id');
    const saved = submitPage(t, edit, { ...GOOD_PROFILE, custpage_scope: 'rest_webservices, suite_analytics' });
    expect(messages(saved)).toMatch(/Profile "Warehouse \(read only\)" saved/);
    expect(t.account.records.list(PROFILE_RECORD.type)[0]!.values[PROFILE_RECORD.fields.scope]).toBe('rest_webservices,suite_analytics');

    const confirm = get(t, linkTo(saved, 'Deactivate', 'custpage_profiles'));
    expect(visible(confirm.body)).toMatch(/Deactivate the profile "Warehouse \(read only\)"\? .*token_unavailable/);
    expect(t.account.records.list(PROFILE_RECORD.type)[0]!.values['isinactive']).toBe(false); // GET changed nothing
    const done = submitPage(t, confirm);
    expect(messages(done)).toMatch(/Profile "Warehouse \(read only\)" deactivated/);
    expect(t.account.records.list(PROFILE_RECORD.type)[0]!.values['isinactive']).toBe(true);
    expect(rows(done, 'custpage_health')[1]?.['Status']).toMatch(/Profile inactive/);
  });
});

describe('key admin page: API clients', () => {
  it('a resubmitted create form (a reload of the result, a double click) creates no second client', async () => {
    const t = await fresh();
    const form = get(t, 'view=client_new');
    const first = submitPage(t, form, { custpage_name: 'Data warehouse' });
    expect(field(first.page, 'custpage_new_key')).toMatch(/^nsk_/);
    const again = submitPage(t, form, { custpage_name: 'Data warehouse' });
    expect(messages(again)).toMatch(/already submitted/);
    expect(t.account.records.list(CLIENT_RECORD.type)).toHaveLength(1);
  });

  it('creates a client for a profile, shows its key once, stores only the hash, and lists it', async () => {
    const t = await fresh();
    createProfile(t);
    const profileId = String(t.account.records.list(PROFILE_RECORD.type)[0]!.id);
    const { r, key } = createClient(t, { custpage_name: 'Data warehouse', custpage_profile: profileId, custpage_allowed_ips: '203.0.113.0/24, 2001:db8::/32' });
    expect(key).toMatch(/^nsk_[A-Za-z0-9_-]{43}$/);
    expect(messages(r)).toMatch(/WARNING: Copy the new API key now: This is the only time the key of "Data warehouse" is shown/);
    const rec = t.account.records.list(CLIENT_RECORD.type)[0]!.values;
    expect(rec[CLIENT_RECORD.fields.keyHash]).toBe(sha256Hex(key));
    expect(String(rec[CLIENT_RECORD.fields.profile])).toBe(profileId);
    expect(JSON.stringify(t.account.records.list(CLIENT_RECORD.type))).not.toContain(key);

    const home = get(t);
    expect(rows(home, 'custpage_clients')[0]).toMatchObject({
      Name: 'Data warehouse',
      Profile: 'Warehouse (read only)',
      'Key prefix': `${key.slice(0, 10)}…`,
      'Allowed addresses': '203.0.113.0/24, 2001:db8::/32',
      Expires: 'never',
      'Last used': 'never',
      Uses: '0',
      Status: 'Active',
      Actions: 'Rotate key · Deactivate',
    });
    expect(home.body).not.toContain(key);
    expect(t.leakSurface()).not.toContain(key);
  });

  it('warns about a CIDR that allows more than it says, and names the range it really allows', async () => {
    const t = await fresh();
    const { r } = createClient(t, { custpage_name: 'Branch office', custpage_allowed_ips: '10.9.9.9/8' });
    expect(messages(r)).toMatch(/WARNING: Allowed addresses: wider than written: 10\.9\.9\.9\/8 allows all of 10\.0\.0\.0\/8 \(16,777,216 addresses\)/);
    const id = String(t.account.records.list(CLIENT_RECORD.type)[0]!.id);
    expect(messages(get(t, `view=client&id=${id}`))).toMatch(/10\.9\.9\.9\/8 allows all of 10\.0\.0\.0\/8/);
  });

  it('rotates a key after a confirmation; the old key stops; a second submit of the same confirmation changes nothing', async () => {
    const t = await fresh();
    const { key: oldKey } = createClient(t, { custpage_name: 'ERP' });
    const confirm = get(t, linkTo(get(t), 'Rotate key'));
    expect(visible(confirm.body)).toMatch(new RegExp(`Rotate the key of "ERP"\\? A new key is made and shown once. The current key \\(key ${oldKey.slice(0, 10)}…\\) stops working at once`));
    expect(t.account.records.list(CLIENT_RECORD.type)[0]!.values[CLIENT_RECORD.fields.keyHash]).toBe(sha256Hex(oldKey));
    const rotated = submitPage(t, confirm);
    const newKey = field(rotated.page, 'custpage_new_key');
    expect(newKey).toMatch(/^nsk_/);
    expect(newKey).not.toBe(oldKey);
    expect(messages(rotated)).toMatch(/Key of "ERP" rotated/);
    expect(messages(rotated)).not.toMatch(/client \d/); // names, not internal ids
    expect(t.account.records.list(CLIENT_RECORD.type)[0]!.values[CLIENT_RECORD.fields.keyHash]).toBe(sha256Hex(newKey));
    const again = submitPage(t, confirm); // reload / double click
    expect(messages(again)).toMatch(/ERROR: Nothing changed: The key of "ERP" changed after the confirmation was shown/);
    expect(field(again.page, 'custpage_new_key')).toBe('');
    expect(t.account.records.list(CLIENT_RECORD.type)[0]!.values[CLIENT_RECORD.fields.keyHash]).toBe(sha256Hex(newKey));
  });

  it('deactivates and reactivates a client from its own page, each after a confirmation', async () => {
    const t = await fresh();
    createClient(t, { custpage_name: 'BI' });
    const page = get(t, linkTo(get(t), 'BI'));
    expect(page.page?.title).toBe('API client');
    expect(field(page.page, 'custpage_status')).toBe('Active');
    const done = submitPage(t, get(t, linkTo(page, 'Deactivate')));
    expect(messages(done)).toMatch(/CONFIRMATION: "BI" deactivated: Its key no longer works/);
    expect(t.account.records.list(CLIENT_RECORD.type)[0]!.values['isinactive']).toBe(true);
    expect(rows(done, 'custpage_clients')[0]).toMatchObject({ Status: 'Inactive', Actions: 'Rotate key · Reactivate' });
    const back = submitPage(t, get(t, linkTo(done, 'Reactivate', 'custpage_clients')));
    expect(messages(back)).toMatch(/"BI" reactivated/);
    expect(t.account.records.list(CLIENT_RECORD.type)[0]!.values['isinactive']).toBe(false);
  });

  it('still accepts the previous page\'s one-step form (custpage_action), with the anti-forgery token', async () => {
    const t = await fresh();
    const csrf = field(get(t).page, 'custpage_csrf');
    const key = field(post(t, { custpage_csrf: csrf, custpage_action: 'create', custpage_name: 'Legacy' }).page, 'custpage_new_key');
    expect(key).toMatch(/^nsk_/);
    const id = String(t.account.records.list(CLIENT_RECORD.type)[0]!.id);
    expect(messages(post(t, { custpage_csrf: csrf, custpage_action: 'deactivate', custpage_client: id }))).toMatch(/"Legacy" deactivated/);
    expect(messages(post(t, { custpage_csrf: 'wrong', custpage_action: 'reactivate', custpage_client: id }))).toMatch(/ERROR: Nothing changed/);
    expect(t.account.records.list(CLIENT_RECORD.type)[0]!.values['isinactive']).toBe(true);
  });

  it('refuses bad input naming the field, keeps what was typed, and saves nothing', async () => {
    const t = await fresh();
    const { r, key } = createClient(t, { custpage_name: '', custpage_allowed_ips: 'localhost, 10.0.0.0/33' });
    expect(messages(r)).toMatch(/ERROR: Nothing was saved: Name: required.*Allowed IP addresses: localhost, 10\.0\.0\.0\/33 are not/);
    expect(key).toBe('');
    expect(field(r.page, 'custpage_allowed_ips')).toBe('localhost, 10.0.0.0/33');
    expect(t.account.records.list(CLIENT_RECORD.type)).toHaveLength(0);
  });

  it('shows names as text: markup in a name or address never becomes HTML', async () => {
    const t = await fresh();
    const evil = '<img src=x onerror=alert(1)>';
    createProfile(t, { ...GOOD_PROFILE, custpage_name: `P ${evil}` });
    const profileId = String(t.account.records.list(PROFILE_RECORD.type)[0]!.id);
    // A name planted on the record by another path (CSV import, another script).
    const { r } = createClient(t, { custpage_name: `C ${evil}`, custpage_profile: profileId });
    for (const page of [r, get(t), get(t, linkTo(get(t), 'Rotate key'))]) {
      expect(page.body).not.toMatch(/<img/i);
      expect(page.body).not.toMatch(/<[^>]*onerror/i); // escaped text may say it; no tag carries it
    }
    expect(rows(get(t), 'custpage_clients')[0]?.['Name']).toBe(`C ${evil}`);
    expect(messages(r)).toContain(`the key of "C ${evil}" is shown`);
  });
});

describe('key admin page: health and refresh now', () => {
  it('shows status, expiry and last refresh in the administrator\'s own date format and time zone', async () => {
    const t = await fresh();
    // A token record for the default profile, as the refresher leaves it.
    t.account.records.insert(TOKEN_RECORD.type, {
      name: 'OAuth access token',
      [TOKEN_RECORD.fields.expires]: new Date(Date.UTC(2026, 0, 15, 10, 45)),
      [TOKEN_RECORD.fields.updated]: new Date(Date.UTC(2026, 0, 15, 9, 45)),
      [TOKEN_RECORD.fields.lastError]: '',
    });
    t.account.setPreferences({ dateFormat: 'D.M.YYYY', timeFormat: 'HH:mm', timeZone: 'Europe/Berlin' }, { userId: ADMIN.id });
    const row = rows(get(t), 'custpage_health')[0]!;
    expect(row['Expires']).toBe('15.1.2026 11:45');
    expect(row['Last successful refresh']).toBe('15.1.2026 10:45');
  });

  it('"refresh now" asks first, then queues the on-demand deployment', async () => {
    const t = await fresh();
    const confirm = get(t, linkTo(get(t), 'Refresh now'));
    expect(visible(confirm.body)).toMatch(/Refresh the token of "Default" now\?/);
    expect(t.account.tasks).toHaveLength(0);
    const r = submitPage(t, confirm);
    expect(messages(r)).toMatch(/CONFIRMATION: Refresh of "Default" queued/);
    expect(t.account.tasks.map((x) => x.deploymentId)).toEqual([SCRIPTS.refresher.onDemandDeploymentId]);
    const again = submitPage(t, confirm);
    expect(messages(again)).toMatch(/INFORMATION: A refresh is already queued or running/);
  });

  it('refuses a posted record id this page never produced (e.g. 012 for 12), changing nothing', async () => {
    const t = await fresh();
    const confirm = get(t, linkTo(get(t), 'Refresh now'));
    for (const id of ['012', '12 OR 1', '-1']) {
      const r = submitPage(t, confirm, { custpage_id: id });
      expect(messages(r)).toMatch(/Nothing changed|Unknown record/);
    }
    expect(t.account.tasks).toHaveLength(0);
  });
});
