/**
 * Overlapping executions, the way NetSuite can overlap them: SuiteScript runs synchronously, so a
 * second refresher run, proxy calls and key-admin actions are started from inside the token
 * endpoint's route while the first refresher run is waiting for its answer. And N/cache is best
 * effort: the proxy must fall back to the records whenever the cache is empty or drops entries.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createTestAccount, harnessKey, type TestAccount } from '../../tools/harness';
import { CLIENT_RECORD, SCRIPTS, TOKEN_RECORD } from '../../src/TypeScript/core/names';
import { adminSubmit, F, interceptTokenEndpoint, MIN, pageField, statusName, storedToken } from './helpers';

type Answer = Record<string, unknown>;
const REFUSED_IP = '198.51.100.200';

async function ready(): Promise<{ t: TestAccount; apiKey: string; oldToken: string }> {
  const t = await createTestAccount();
  t.configureRefresher();
  expect(t.runRefresher().ok).toBe(true);
  const { key: apiKey } = t.addApiClient({ name: 'warehouse' });
  return { t, apiKey, oldToken: storedToken(t) };
}

/** The proxy's answer is a token NetSuite accepts now, with an expires_at no later than the token's own expiry. */
function expectServableToken(t: TestAccount, answer: Answer): string {
  expect(answer['token_type']).toBe('Bearer');
  const token = String(answer['access_token']);
  const real = t.endpoint.verifyAccessToken(token);
  if (!real.ok) throw new Error(`the proxy served a token NetSuite refuses: ${real.reason}`);
  expect(Date.parse(String(answer['expires_at']))).toBeLessThanOrEqual(real.expiresAt);
  expect(real.expiresAt - t.clock.now()).toBeGreaterThanOrEqual(5 * MIN); // the default minimum validity
  return token;
}


beforeAll(async () => {
  await harnessKey(undefined);
});

describe('overlapping refresher runs', () => {
  it('a second run started while the first waits for its token: one record, Active, a valid token that record, cache and proxy agree on', async () => {
    const { t, apiKey, oldToken } = await ready();
    t.clock.advance(45 * MIN);
    let second: ReturnType<TestAccount['runRefresher']> | undefined;
    let started = false;
    interceptTokenEndpoint(t, (req, next) => {
      if (!started) {
        started = true;
        second = t.runRefresher(); // runs to its end while the first waits
      }
      return next(req);
    });
    const first = t.runRefresher();
    expect(first.ok).toBe(true);
    expect(second?.ok).toBe(true);
    expect(t.endpoint.requests.filter((r) => r.status === 200)).toHaveLength(3); // the initial token + one per run
    expect(t.account.records.list(TOKEN_RECORD.type)).toHaveLength(1);
    expect(statusName(t)).toBe('Active');
    expect(t.tokenRecord()![F.lastError] ?? '').toBe('');
    const token = storedToken(t);
    expect(token).not.toBe(oldToken);
    // The proxy re-reads its copy of the token within a minute.
    t.clock.advance(61_000);
    expect(expectServableToken(t, t.callProxy({ key: apiKey }).json)).toBe(token);
    t.account.cache.evictAll();
    expect(expectServableToken(t, t.callProxy({ key: apiKey }).json)).toBe(token);
  });

  it('two overlapping FIRST runs (no record yet): the proxy serves a valid token, now and over the next two hours of refreshes', async () => {
    const t = await createTestAccount();
    t.configureRefresher();
    const { key: apiKey } = t.addApiClient();
    let second = false;
    const remove = interceptTokenEndpoint(t, (req, next) => {
      if (!second) {
        second = true;
        expect(t.runRefresher().ok).toBe(true);
      }
      return next(req);
    });
    expect(t.runRefresher().ok).toBe(true);
    remove();
    expectServableToken(t, t.callProxy({ key: apiKey }).json);
    for (let i = 0; i < 8; i++) {
      t.clock.advance(15 * MIN);
      expect(t.runRefresher().ok).toBe(true);
      t.account.cache.evictAll(); // force the record path too
      expectServableToken(t, t.callProxy({ key: apiKey }).json);
    }
  });
});

describe('proxy calls while a refresh is in flight', () => {
  it('get the old still-valid token until the new one is stored, then the new one; never anything else', async () => {
    const { t, apiKey, oldToken } = await ready();
    t.clock.advance(45 * MIN); // old token: 14:55 left, inside the refresh margin, still servable
    const during: string[] = [];
    interceptTokenEndpoint(t, (req, next) => {
      during.push(expectServableToken(t, t.callProxy({ key: apiKey }).json));
      const res = next(req); // NetSuite has issued the new token; the refresher has not stored it yet
      during.push(expectServableToken(t, t.callProxy({ key: apiKey }).json));
      t.account.cache.evictAll(); // the record path answers the same
      during.push(expectServableToken(t, t.callProxy({ key: apiKey }).json));
      return res;
    });
    expect(t.runRefresher().ok).toBe(true);
    expect(during).toEqual([oldToken, oldToken, oldToken]);
    const fresh = storedToken(t);
    expect(fresh).not.toBe(oldToken);
    // Until the proxy re-reads its copy (within a minute) the old token, still valid, may be served; then the new one.
    expect([oldToken, fresh]).toContain(expectServableToken(t, t.callProxy({ key: apiKey }).json));
    t.clock.advance(61_000);
    expect(expectServableToken(t, t.callProxy({ key: apiKey }).json)).toBe(fresh);
  });

  it('with the old token below the minimum validity: token_unavailable during the refresh (never the lapsing token), the new token after', async () => {
    const { t, apiKey, oldToken } = await ready();
    t.clock.advance(57 * MIN); // 2:55 left: below the 5-minute minimum
    const during: Answer[] = [];
    interceptTokenEndpoint(t, (req, next) => {
      during.push(t.callProxy({ key: apiKey }).json);
      const res = next(req);
      during.push(t.callProxy({ key: apiKey }).json);
      return res;
    });
    expect(t.runRefresher().ok).toBe(true);
    for (const a of during) {
      expect(a).toMatchObject({ error: 'token_unavailable', retry_after: expect.any(Number) });
      expect(JSON.stringify(a)).not.toContain(oldToken);
    }
    expectServableToken(t, t.callProxy({ key: apiKey }).json);
  });

  it('a refresh that fails while calls come in: callers keep the old valid token throughout', async () => {
    const { t, apiKey, oldToken } = await ready();
    t.clock.advance(45 * MIN);
    t.endpoint.injectFault({ kind: 'status503' }, 'always');
    const during: string[] = [];
    interceptTokenEndpoint(t, (req, next) => {
      during.push(expectServableToken(t, t.callProxy({ key: apiKey }).json));
      return next(req);
    });
    expect(t.runRefresher().ok).toBe(true);
    expect(during).toEqual([oldToken, oldToken, oldToken]); // one per attempt
    expect(statusName(t)).toBe('Error');
    expect(expectServableToken(t, t.callProxy({ key: apiKey }).json)).toBe(oldToken);
  });
});

describe('best-effort cache: the records stay the source of truth', () => {
  it('a cache that drops every entry (setDropRate(1)): tokens and clients come from the records, revocation and rotation hold', async () => {
    const { t, apiKey } = await ready();
    const other = t.addApiClient({ name: 'bi' });
    const inactive = t.addApiClient({ name: 'old', inactive: true });
    t.account.cache.setDropRate(1);
    const first = t.callProxy({ key: apiKey });
    expect(first.result.usageByApi['ResultSet.getRange']).toBeGreaterThanOrEqual(20); // client search + token search
    const token = expectServableToken(t, first.json);
    expect(token).toBe(storedToken(t));
    expect(expectServableToken(t, t.callProxy({ key: other.key }).json)).toBe(token);
    expect(t.callProxy({ key: inactive.key }).json['error']).toBe('unauthorized');
    expect(t.callProxy({ key: `nsk_${'Q'.repeat(43)}` }).json['error']).toBe('unauthorized');
    // A refresh while the cache drops everything: the proxy serves the new token from the record.
    t.clock.advance(45 * MIN);
    expect(t.runRefresher().ok).toBe(true);
    expect(expectServableToken(t, t.callProxy({ key: apiKey }).json)).toBe(storedToken(t));
    // The admin page revokes one client and rotates the other (its form token lives in N/cache, so it
    // needs the cache to hold for a moment); then the cache drops everything again.
    t.account.cache.setDropRate(0);
    adminSubmit(t, { custpage_action: 'deactivate', custpage_client: other.id });
    const rotated = pageField(adminSubmit(t, { custpage_action: 'rotate', custpage_client: clientId(t, 'warehouse') }).page, 'custpage_new_key');
    expect(rotated).toMatch(/^nsk_/);
    t.account.cache.setDropRate(1);
    expect(t.callProxy({ key: other.key }).json['error']).toBe('unauthorized');
    expect(t.callProxy({ key: apiKey }).json['error']).toBe('unauthorized');
    expectServableToken(t, t.callProxy({ key: rotated }).json);
  });

  it('the cache emptied while a refresh is in flight, and again after it: the proxy serves the stored token each time', async () => {
    const { t, apiKey, oldToken } = await ready();
    t.clock.advance(45 * MIN);
    interceptTokenEndpoint(t, (req, next) => {
      t.account.cache.evictAll();
      expect(expectServableToken(t, t.callProxy({ key: apiKey }).json)).toBe(oldToken);
      const res = next(req);
      t.account.cache.evictAll();
      return res;
    });
    expect(t.runRefresher().ok).toBe(true);
    const fresh = storedToken(t);
    expect(expectServableToken(t, t.callProxy({ key: apiKey }).json)).toBe(fresh);
    t.account.cache.evictAll();
    expect(expectServableToken(t, t.callProxy({ key: apiKey }).json)).toBe(fresh);
  });
});

function clientId(t: TestAccount, name: string): string {
  const row = t.account.records.list(CLIENT_RECORD.type).find((r) => r.values['name'] === name);
  if (!row) throw new Error(`no client ${name}`);
  return String(row.id);
}

describe('revocation with overlapping executions and a warm shared cache', () => {
  it('revoke and rotate from the admin page while a refresh is in flight and callers are served: no later call gets a token with a revoked or replaced key', async () => {
    const { t, apiKey } = await ready();
    const bi = t.addApiClient({ name: 'bi' });
    const keep = t.addApiClient({ name: 'crm' });
    // Warm the shared cache with every client entry (and last-used writes done).
    for (const k of [apiKey, bi.key, keep.key]) expectServableToken(t, t.callProxy({ key: k }).json);
    t.clock.advance(45 * MIN);
    let rotated = '';
    interceptTokenEndpoint(t, (req, next) => {
      if (!rotated) {
        expectServableToken(t, t.callProxy({ key: bi.key }).json);
        adminSubmit(t, { custpage_action: 'deactivate', custpage_client: bi.id });
        rotated = pageField(adminSubmit(t, { custpage_action: 'rotate', custpage_client: clientId(t, 'warehouse') }).page, 'custpage_new_key');
        // The proxy re-checks a cached client against its record every 5 seconds.
        t.clock.advance(5_000);
        expect(t.callProxy({ key: bi.key, ip: REFUSED_IP }).json['error']).toBe('unauthorized');
        expect(t.callProxy({ key: apiKey, ip: REFUSED_IP }).json['error']).toBe('unauthorized');
      }
      return next(req);
    });
    expect(t.runRefresher().ok).toBe(true);
    for (let minute = 0; minute <= 6; minute += 2) {
      // (refused calls come from another address: ten failures would rate-limit the shared one)
      expect(t.callProxy({ key: bi.key, ip: REFUSED_IP }).json['error']).toBe('unauthorized');
      expect(t.callProxy({ key: apiKey, ip: REFUSED_IP }).json['error']).toBe('unauthorized');
      expectServableToken(t, t.callProxy({ key: rotated }).json);
      expectServableToken(t, t.callProxy({ key: keep.key }).json);
      t.clock.advance(2 * MIN);
    }
    // The deployment the proxy asked to run is the refresher's; no other script was queued.
    expect(t.account.tasks.every((x) => x.scriptId === SCRIPTS.refresher.scriptId)).toBe(true);
  });
});
