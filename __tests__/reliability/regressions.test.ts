/**
 * Races and timing found by the reliability work, each a bug that was fixed: kept as regressions.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createTestAccount, harnessKey } from '../../tools/harness';
import { CACHE, CLIENT_RECORD, TOKEN_RECORD } from '../../src/TypeScript/core/names';
import { adminSubmit, F, interceptTokenEndpoint, MIN, pageField, statusName, storedToken } from './helpers';

beforeAll(async () => {
  await harnessKey(undefined);
});

describe('fixed races', () => {
  it.each(['deactivate', 'rotate'] as const)('a key revoked (%s) while a proxy call is in flight stops working within 5 seconds', async (action) => {
    const t = await createTestAccount();
    t.configureRefresher();
    t.runRefresher();
    const key = pageField(adminSubmit(t, { custpage_action: 'create', custpage_name: 'BI' }).page, 'custpage_new_key');
    const id = String(t.account.records.list(CLIENT_RECORD.type)[0]!.id);
    const store = t.account.cache;
    const get = store.get.bind(store);
    let armed = true;
    // The administrator acts between the proxy's client look-up and its last-used write.
    store.get = (p: string, name: string, k: string) => {
      if (armed && name === CACHE.privateName && k.startsWith('profile-token:')) {
        armed = false;
        adminSubmit(t, { custpage_action: action, custpage_client: id });
      }
      return get(p, name, k);
    };
    t.callProxy({ key });
    expect(armed).toBe(false);
    t.clock.advance(5_000);
    expect(t.callProxy({ key, ip: '198.51.100.9' }).json['error']).toBe('unauthorized');
    for (let i = 0; i < 3; i++) {
      t.clock.advance(60_000);
      expect(t.callProxy({ key, ip: '198.51.100.9' }).json['error']).toBe('unauthorized');
    }
  });

  it('a failed run overlapping a successful one keeps the token the other run stored', async () => {
    const t = await createTestAccount();
    t.configureRefresher();
    t.runRefresher();
    const { key } = t.addApiClient();
    t.clock.advance(61 * MIN); // the stored token has lapsed
    let started = false;
    interceptTokenEndpoint(t, (req, next) => {
      if (!started) {
        started = true;
        expect(t.runRefresher().ok).toBe(true); // a second run succeeds meanwhile
        t.endpoint.injectFault({ kind: 'status', code: 400, error: 'invalid_grant' });
      }
      return next(req);
    });
    t.runRefresher();
    expect(storedToken(t)).not.toBe('');
    expect(statusName(t)).toBe('Active');
    t.account.cache.evictAll();
    expect(t.callProxy({ key }).json['token_type']).toBe('Bearer');
  });

  it('an answer arriving late does not push the stored expiry past the real one', async () => {
    const t = await createTestAccount();
    t.configureRefresher();
    interceptTokenEndpoint(t, (req, next) => {
      const res = next(req);
      t.clock.advance(30_000);
      return res;
    });
    t.runRefresher();
    const real = t.endpoint.verifyAccessToken(storedToken(t));
    if (!real.ok) throw new Error(real.reason);
    expect((t.tokenRecord()![F.expires] as Date).getTime()).toBeLessThanOrEqual(real.expiresAt);
  });

  it('overlapping first runs leave one token record', async () => {
    const t = await createTestAccount();
    t.configureRefresher();
    let started = false;
    const remove = interceptTokenEndpoint(t, (req, next) => {
      if (!started) {
        started = true;
        t.runRefresher();
      }
      return next(req);
    });
    t.runRefresher();
    remove();
    t.clock.advance(2 * 60 * MIN);
    t.runRefresher();
    expect(t.account.records.list(TOKEN_RECORD.type)).toHaveLength(1);
  });
});
