/**
 * Secret hygiene at the runtime level: one account lives through a whole story (refreshes, proxy
 * calls with good and bad keys and a key in the URL, key admin create/rotate/revoke, failed refreshes
 * and their alerts, broken token answers), then every place a secret could end up is scanned for
 * every API key, every access token and the private key: zero hits.
 *
 * What is scanned: the account's whole serialised state (`account.toJSON()`: log lines, emails,
 * tasks, every record field, the File Cabinet, the cache, script parameters, certificates, the
 * recorded outbound https requests) and every Suitelet answer that was not meant to carry a secret.
 * What is left out, because it is where the secret is meant to be:
 *  - the token record's `custrecord_oauth_token` field (the access token's home);
 *  - the File Cabinet key file (the private key's home);
 *  - the shared cache's `token` entry (the proxy's copy of the token: server-side N/cache);
 *  - proxy answers to a valid key (they carry the token) and the admin page answer that shows a new
 *    key once (by design).
 * The recorded https requests are NOT left out: they hold the signed client assertions, which
 * contain none of these secrets (the assertion is signed with the key, it does not carry it).
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createTestAccount, harnessKey, KEY_PATH, type TestAccount } from '../../tools/harness';
import type { AccountState } from '../../tools/suitescript-runtime';
import { CACHE, CLIENT_RECORD, REFRESHER_PARAMS as P, SCRIPTS, TOKEN_RECORD } from '../../src/TypeScript/core/names';
import { adminPage, adminSubmit, F, interceptTokenEndpoint, MIN, pageField, statusName, storedToken } from './helpers';

interface Story {
  t: TestAccount;
  apiKeys: string[];
  tokens: string[];
  /** Suitelet answers that must not carry any secret. */
  answers: string[];
}

/** Substrings that betray a secret: every 16-character window of an API key's random part, a token and every 24-character window of its signature, every PEM body line. */
function fragments(s: Story, pem: string): { what: string; text: string }[] {
  const out: { what: string; text: string }[] = [];
  for (const k of new Set(s.apiKeys)) {
    const body = k.slice(4);
    for (let i = 0; i + 16 <= body.length; i++) out.push({ what: `API key ${k.slice(0, 10)}…`, text: body.slice(i, i + 16) });
  }
  for (const tok of new Set(s.tokens)) {
    // The whole token, and windows of its signature: header and payload are public claims (client id,
    // scope, audience) that the client assertion carries too; the signature is what makes it a credential.
    out.push({ what: `access token …${tok.slice(-8)}`, text: tok });
    const signature = tok.slice(tok.lastIndexOf('.') + 1);
    for (let i = 0; i + 24 <= signature.length; i += 4) out.push({ what: `access token signature …${tok.slice(-8)}`, text: signature.slice(i, i + 24) });
  }
  for (const line of pem.split('\n').filter((l) => l.length >= 32 && !l.startsWith('-----'))) out.push({ what: 'private key PEM line', text: line });
  return out;
}

/** The account state minus the documented homes of the secrets. */
function scannedState(t: TestAccount): AccountState {
  const state = structuredClone(t.account.toJSON());
  for (const r of state.data.records[TOKEN_RECORD.type] ?? []) delete (r.values as Record<string, unknown>)[F.token];
  state.fileCabinet.files = state.fileCabinet.files.filter((f) => f.path !== KEY_PATH);
  // The proxy's own (PRIVATE) copies of the token ride in its client and profile-token entries.
  state.cache = state.cache.filter(
    (e) => !(e.partition === `PRIVATE:${SCRIPTS.proxy.scriptId}` && e.name === CACHE.privateName && (e.key.startsWith('client:') || e.key.startsWith('profile-token:'))),
  );
  return state;
}

async function liveTheStory(): Promise<Story> {
  const t = await createTestAccount();
  const s: Story = { t, apiKeys: [], tokens: [], answers: [] };
  const keepToken = () => {
    const tok = storedToken(t);
    if (tok) s.tokens.push(tok);
  };
  const refused = (o: Parameters<TestAccount['callProxy']>[0]) => {
    const { result, json } = t.callProxy(o);
    expect(json['error']).toEqual(expect.any(String));
    s.answers.push(result.body);
    return json;
  };

  // 1. A misconfigured first run, then a good one.
  t.configureRefresher({ [P.algorithm]: 'RS256' });
  t.runRefresher();
  t.configureRefresher();
  expect(t.runRefresher().ok).toBe(true);
  keepToken();

  // 2. The administrator creates three clients on the admin page and looks at the list.
  const created = (name: string, ips = '') => {
    const r = adminSubmit(t, { custpage_action: 'create', custpage_name: name, custpage_allowed_ips: ips });
    const key = pageField(r.page, 'custpage_new_key');
    expect(key).toMatch(/^nsk_/);
    s.apiKeys.push(key);
    return key;
  };
  const erp = created('ERP');
  const bi = created('BI', '198.51.100.0/24');
  const crm = created('CRM');
  s.answers.push(adminPage(t).body);
  const idOf = (name: string) => String(t.account.records.list(CLIENT_RECORD.type).find((r) => r.values['name'] === name)!.id);

  // 3. Callers: good keys, bad keys, keys in the URL, wrong address, wrong method, a rate-limited address.
  expect(t.callProxy({ key: erp }).json['access_token']).toBe(s.tokens[0]);
  expect(t.callProxy({ key: erp, method: 'POST', headerName: 'x-api-key' }).json['token_type']).toBe('Bearer');
  const typo = `${erp.slice(0, -1)}${erp.endsWith('A') ? 'B' : 'A'}`;
  const guesses = [typo, `nsk_${randomBytes(32).toString('base64url')}`, erp.slice(0, 30), `${erp}x`, `Bearer ${erp}`];
  s.apiKeys.push(typo, guesses[1]!);
  for (const g of guesses) refused({ key: g, ip: '192.0.2.50' });
  refused({ key: erp, parameters: { api_key: erp } });
  refused({ key: null, parameters: { q: crm } });
  refused({ key: bi, ip: '203.0.113.99' });
  refused({ key: erp, method: 'DELETE' });
  for (let i = 0; i < 12; i++) refused({ key: `nsk_${randomBytes(32).toString('base64url')}`, ip: '192.0.2.66' });
  // a valid key is served even from an address other callers got throttled (failures cost the one who fails)
  expect(t.callProxy({ key: erp, ip: '192.0.2.66' }).json['token_type']).toBe('Bearer');

  // 4. Rotate ERP, revoke CRM; the old and the revoked keys are refused.
  const rotated = pageField(adminSubmit(t, { custpage_action: 'rotate', custpage_client: idOf('ERP') }).page, 'custpage_new_key');
  s.apiKeys.push(rotated);
  adminSubmit(t, { custpage_action: 'deactivate', custpage_client: idOf('CRM') });
  t.clock.advance(5_000); // the proxy re-checks cached clients against their records every 5 seconds
  refused({ key: erp, ip: '192.0.2.70' });
  refused({ key: crm, ip: '192.0.2.70' });
  expect(t.callProxy({ key: rotated }).json['token_type']).toBe('Bearer');
  s.answers.push(adminPage(t).body);

  // 5. Failed refreshes and their alerts: refusals, outages, then broken answers that DO carry a token.
  t.clock.advance(45 * MIN);
  t.endpoint.injectFault({ kind: 'status', code: 400, error: 'invalid_grant' }, 'always');
  t.runRefresher();
  t.endpoint.clearFaults();
  t.endpoint.injectFault({ kind: 'network' }, 'always');
  t.runRefresher();
  t.endpoint.clearFaults();
  const brokenToken = `eyJhbGciOiJSUzI1NiJ9.${randomBytes(300).toString('base64url')}.${randomBytes(256).toString('base64url')}`;
  s.tokens.push(brokenToken);
  const remove = interceptTokenEndpoint(t, () => ({
    code: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ access_token: brokenToken, expires_in: 'soon', token_type: 'mac' }),
  }));
  t.runRefresher();
  remove();
  const removeHtml = interceptTokenEndpoint(t, () => ({ code: 502, headers: { 'Content-Type': 'text/html' }, body: `<html>upstream said ${brokenToken}</html>` }));
  t.runRefresher();
  removeHtml();
  expect(statusName(t)).toBe('Error');
  expect(t.account.emails.length).toBeGreaterThanOrEqual(1);

  // 6. The token lapses: Expired, callers get token_unavailable and a refresh is requested; then recovery.
  t.clock.advance(20 * MIN);
  t.endpoint.injectFault({ kind: 'status503' }, 'always');
  t.runRefresher();
  expect(statusName(t)).toBe('Expired');
  refused({ key: rotated });
  t.endpoint.clearFaults();
  t.account.runQueuedTasks();
  expect(statusName(t)).toBe('Active');
  keepToken();
  expect(t.callProxy({ key: rotated }).json['access_token']).toBe(storedToken(t));

  // 7. The key file is replaced by the certificate, then restored; the next refresh works.
  t.clock.advance(45 * MIN);
  t.account.addFile({ path: KEY_PATH, contents: t.key.certificatePem });
  t.runRefresher();
  t.account.addFile({ path: KEY_PATH, contents: t.key.privateKeyPem });
  t.runRefresher();
  keepToken();
  expect(statusName(t)).toBe('Active');
  return s;
}

let story: Story;

beforeAll(async () => {
  await harnessKey(undefined);
  story = await liveTheStory();
});

describe('secret hygiene over a whole story', () => {
  it('the story produced the secrets it is meant to check: 3 issued tokens plus one in a broken answer, 6 API keys, failures logged and alerted', () => {
    const { t } = story;
    expect(new Set(story.tokens).size).toBe(4); // three issued + one from a broken answer
    expect(new Set(story.apiKeys).size).toBe(6);
    expect(t.account.logs.filter((l) => l.level === 'ERROR').length).toBeGreaterThan(5);
    expect(t.account.emails.length).toBeGreaterThanOrEqual(3);
    expect(t.account.tasks.some((x) => x.scriptId === SCRIPTS.refresher.scriptId)).toBe(true);
    // The scan below would find them if they leaked: the excluded homes really hold them.
    const full = JSON.stringify(t.account.toJSON());
    expect(full).toContain(storedToken(t));
    expect(full).toContain(t.key.privateKeyPem.split('\n')[1]!);
  });

  it('no log line, email, record field, task, cache entry, parameter or recorded request holds a key, a token or the private key', () => {
    const surface = JSON.stringify(scannedState(story.t));
    const hits = fragments(story, story.t.key.privateKeyPem).filter((f) => surface.includes(f.text));
    expect(hits.map((h) => h.what)).toEqual([]);
    expect(surface).not.toMatch(/PRIVATE KEY/);
    // The harness's own leak surface (logs, emails, record fields, tasks) agrees.
    const legacy = story.t.leakSurface();
    expect(fragments(story, story.t.key.privateKeyPem).filter((f) => legacy.includes(f.text)).map((h) => h.what)).toEqual([]);
  });

  it('no Suitelet answer to a caller without a valid key, and no later admin page, holds a key, a token or the private key', () => {
    expect(story.answers.length).toBeGreaterThan(20);
    const surface = story.answers.join('\n');
    const hits = fragments(story, story.t.key.privateKeyPem).filter((f) => surface.includes(f.text));
    expect(hits.map((h) => h.what)).toEqual([]);
  });

  it('logs carry fingerprints instead: the audit lines name clients and key fingerprints, the refresh lines token fingerprints', () => {
    const logs = story.t.account.logs.map((l) => `${l.title} ${l.details}`).join('\n');
    expect(logs).toMatch(/key=sha256:[0-9a-f]{8}/);
    expect(logs).toMatch(/token sha256:[0-9a-f]{8} expires/);
  });
});
