/**
 * The BUILT proxy Suitelet (oauth_token_proxy.js) in the SuiteScript runtime: every answer of
 * DESIGN.md section 3, hostile input, secrets, governance and script size.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createTestAccount, harnessKey, type TestAccount } from '../../tools/harness';
import { CLIENT_RECORD, PROXY_PARAMS, SCRIPTS } from '../../src/TypeScript/core/names';

const ERROR_CODES = ['unauthorized', 'api_key_in_url', 'forbidden_ip', 'rate_limited', 'token_unavailable', 'method_not_allowed', 'server_error'];

async function ready(): Promise<{ t: TestAccount; key: string; token: string }> {
  const t = await createTestAccount();
  t.configureRefresher();
  t.runRefresher();
  const token = t.tokenRecord()!['custrecord_oauth_token'] as string;
  const { key } = t.addApiClient({ name: 'Data warehouse' });
  return { t, key, token };
}

function expectJsonAnswer(result: { status: number; headers: Record<string, string | string[]> }): void {
  expect(result.status).toBe(200);
  const h = Object.fromEntries(Object.entries(result.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
  expect(h['content-type']).toMatch(/^application\/json/);
  expect(h['cache-control']).toBe('no-store');
}

beforeAll(async () => {
  await harnessKey(undefined);
});

describe('proxy: success', () => {
  it('answers the token with expires_at and expires_in for a valid key in X-API-Key, in any letter case', async () => {
    const { t, key, token } = await ready();
    t.clock.advance(10 * 60_000);
    for (const headerName of ['X-API-Key', 'x-api-key', 'X-Api-Key', 'X-API-KEY']) {
      const { result, json } = t.callProxy({ key, headerName });
      expectJsonAnswer(result);
      expect(json).toEqual({ access_token: token, token_type: 'Bearer', expires_at: '2026-01-15T10:59:55.000Z', expires_in: 2995 });
    }
  });

  it('accepts POST too, and costs 2 units with a warm cache and at most 12 KB of script', async () => {
    const { t, key } = await ready();
    t.callProxy({ key }); // warms the client entry
    const { result, json } = t.callProxy({ key, method: 'POST' });
    expect(json['token_type']).toBe('Bearer');
    expect(result.usage).toBe(2);
    expect(result.bytesLoaded).toBeLessThanOrEqual(12 * 1024);
    expect(result.loadedFiles.map((f) => f.path).join(' ')).not.toMatch(/jsrsasign/);
  });

  it("loads only its own file for a known client, re-check and token re-read included; first contact loads lib/proxy_slow.js", async () => {
    const { t, key } = await ready();
    const first = t.callProxy({ key }).result;
    expect(first.loadedFiles.map((f) => f.path)).toEqual(['/SuiteScripts/OAuth/oauth_token_proxy.js', '/SuiteScripts/OAuth/lib/proxy_slow.js']);
    t.clock.advance(61_000); // past the 5-second client re-check and the minute's token re-read
    const later = t.callProxy({ key });
    expect(later.json['token_type']).toBe('Bearer');
    expect(later.result.loadedFiles.map((f) => f.path)).toEqual(['/SuiteScripts/OAuth/oauth_token_proxy.js']);
    expect(later.result.bytesLoaded).toBeLessThanOrEqual(12 * 1024);
    // client entry 1 + re-check (lookupFields) 1 + token copy 1 + token record load 2 + copy put 1 + client put 1
    expect(later.result.usage).toBe(7);
  });

  it('falls back to the records when the cache is empty (cold cache) and records last use', async () => {
    const { t, key } = await ready();
    t.account.cache.evictAll();
    const { result, json } = t.callProxy({ key });
    expect(json['token_type']).toBe('Bearer');
    expect(result.usage).toBeLessThanOrEqual(40);
    const client = t.account.records.list(CLIENT_RECORD.type)[0]!;
    expect((client.values[CLIENT_RECORD.fields.lastUsed] as Date).getTime()).toBe(t.clock.now());
    // last_used is written at most every 5 minutes, not on every call.
    const again = t.callProxy({ key });
    expect(again.result.usageByApi['record.submitFields'] ?? 0).toBe(0);
  });
});

describe('proxy: refusals', () => {
  it('gives one unauthorized answer for missing, malformed, unknown, inactive and expired keys, never with the token', async () => {
    const { t, token } = await ready();
    const inactive = t.addApiClient({ name: 'old', inactive: true });
    const expired = t.addApiClient({ name: 'temp', expiresAt: new Date(t.clock.now() - 1000) });
    const answers = [
      t.callProxy({ key: null }),
      t.callProxy({ key: 'hunter2' }),
      t.callProxy({ key: `nsk_${'A'.repeat(43)}` }),
      t.callProxy({ key: inactive.key }),
      t.callProxy({ key: expired.key }),
    ];
    const bodies = new Set(answers.map((a) => a.result.body));
    expect(bodies.size).toBe(1);
    expect(answers[0]!.json).toEqual({ error: 'unauthorized', error_description: expect.any(String) });
    for (const a of answers) {
      expectJsonAnswer(a.result);
      expect(a.result.body).not.toContain(token);
    }
  });

  it('refuses a key in the query string with api_key_in_url, even when valid', async () => {
    const { t, key, token } = await ready();
    for (const parameters of [{ api_key: key }, { 'x-api-key': key }, { apikey: key }, { q: key }] as Record<string, string>[]) {
      const { result, json } = t.callProxy({ key, parameters });
      expect(json['error']).toBe('api_key_in_url');
      expect(result.body).not.toContain(token);
    }
  });

  it('checks the allow-list (IPv4, IPv6, CIDR) against the caller address', async () => {
    const { t } = await ready();
    const { key } = t.addApiClient({ name: 'warehouse', allowedIps: '198.51.100.0/24\n2001:db8:abcd::/48, 203.0.113.77' });
    expect(t.callProxy({ key, ip: '198.51.100.23' }).json['token_type']).toBe('Bearer');
    expect(t.callProxy({ key, ip: '2001:db8:abcd:1::9' }).json['token_type']).toBe('Bearer');
    expect(t.callProxy({ key, ip: '203.0.113.77' }).json['token_type']).toBe('Bearer');
    expect(t.callProxy({ key, ip: '203.0.113.78' }).json['error']).toBe('forbidden_ip');
    expect(t.callProxy({ key, ip: '2001:db8:abce::1' }).json['error']).toBe('forbidden_ip');
  });

  it('rate-limits an address after repeated failures, with retry_after, but still serves a valid key from it', async () => {
    const { t, key } = await ready();
    for (let i = 0; i < 10; i++) expect(t.callProxy({ key: `nsk_${String(i).repeat(43)}`, ip: '192.0.2.66' }).json['error']).toBe('unauthorized');
    expect(t.callProxy({ key: `nsk_${'u'.repeat(43)}`, ip: '192.0.2.66' }).json).toMatchObject({ error: 'rate_limited', retry_after: 900 });
    // failures cost the one who fails: a valid key behind the same address is served
    expect(t.callProxy({ key, ip: '192.0.2.66' }).json['token_type']).toBe('Bearer');
    expect(t.callProxy({ key: `nsk_${'u'.repeat(43)}`, ip: '192.0.2.67' }).json['error']).toBe('unauthorized');
    t.clock.advance(901_000);
    expect(t.callProxy({ key: `nsk_${'u'.repeat(43)}`, ip: '192.0.2.66' }).json['error']).toBe('unauthorized');
  });

  it('honours custscript_oauth_proxy_max_failures', async () => {
    const { t } = await ready();
    t.account.setParameters(SCRIPTS.proxy.deploymentId, { [PROXY_PARAMS.maxFailures]: 2 });
    t.callProxy({ key: 'x', ip: '192.0.2.9' });
    t.callProxy({ key: 'y', ip: '192.0.2.9' });
    expect(t.callProxy({ key: `nsk_${'u'.repeat(43)}`, ip: '192.0.2.9' }).json['error']).toBe('rate_limited');
  });

  it('answers token_unavailable with retry_after when no token is stored, and asks for a refresh once', async () => {
    const t = await createTestAccount();
    t.configureRefresher();
    const { key } = t.addApiClient();
    const first = t.callProxy({ key });
    expect(first.json).toMatchObject({ error: 'token_unavailable', retry_after: 60 });
    t.callProxy({ key });
    // The Not Scheduled deployment is submitted (a Scheduled one would wait for its schedule), once.
    expect(t.account.tasks.filter((x) => x.scriptId === SCRIPTS.refresher.scriptId).map((x) => x.deploymentId)).toEqual([SCRIPTS.refresher.onDemandDeploymentId]);
    // The requested run gets a token, and the proxy serves it (its token copy is re-read within a minute).
    t.account.runQueuedTasks();
    t.clock.advance(61_000);
    expect(t.callProxy({ key }).json['token_type']).toBe('Bearer');
  });

  it('answers token_unavailable when the token has less than the minimum validity left', async () => {
    const { t, key, token } = await ready();
    t.clock.advance(56 * 60_000); // < 5 minutes left
    const { result, json } = t.callProxy({ key });
    expect(json['error']).toBe('token_unavailable');
    expect(result.body).not.toContain(token);
    t.account.setParameters(SCRIPTS.proxy.deploymentId, { [PROXY_PARAMS.minValidity]: 1 });
    expect(t.callProxy({ key }).json['token_type']).toBe('Bearer');
  });

  it.each(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'BREW'])('refuses %s with method_not_allowed', async (method) => {
    const { t, key, token } = await ready();
    const { result, json } = t.callProxy({ key, method });
    expect(json['error']).toBe('method_not_allowed');
    expect(result.body).not.toContain(token);
  });

  it('ignores client entries planted in shared caches by another script or an installed SuiteApp', async () => {
    const { t, token } = await ready();
    const planted = `nsk_${'P'.repeat(43)}`;
    const hash = (await import('../../tools/harness')).sha256Hex(planted);
    const entry = JSON.stringify({ id: '1', name: 'x', inactive: false, expiresAtMs: null, allowedIps: '', lastUsedMs: null });
    for (const identity of [{ scriptId: 'customscript_other' }, { scriptId: 'customscript_suiteapp', bundleId: '12345' }]) {
      for (const scope of ['PUBLIC', 'PROTECTED'] as const) {
        for (const name of ['oauth_token_proxy', 'oauth_token_proxy_private', 'oauth_token_proxy_shared']) {
          t.account.cache.as(identity).getCache({ name, scope }).put({ key: `client:${hash}`, value: entry, ttl: 600 });
        }
      }
    }
    const { result, json } = t.callProxy({ key: planted });
    expect(json['error']).toBe('unauthorized');
    expect(result.body).not.toContain(token);
  });

  it('never lets another script read the access token from a cache', async () => {
    const { t, key, token } = await ready();
    t.callProxy({ key });
    const seen = t.account.cache
      .list()
      .filter((e) => e.partition !== 'PRIVATE:customscript_oauth_token_proxy')
      .map((e) => JSON.stringify(e));
    expect(seen.join('\n')).not.toContain(token);
  });
});

describe('proxy: hostile input', () => {
  it.each([
    ['a 100 KB key header', { 'X-API-Key': 'nsk_' + 'a'.repeat(100 * 1024) }],
    ['a 100 KB unrelated header', { 'X-Other': 'x'.repeat(100 * 1024) }],
    ['control characters', { 'X-API-Key': 'nsk_\u0000\u0007\r\n' + 'a'.repeat(43) }],
    ['unicode', { 'X-API-Key': 'nsk_ключ🔑' + 'ä'.repeat(43) }],
    ['two different keys', { 'X-API-Key': `nsk_${'a'.repeat(43)}`, 'x-api-key': `nsk_${'b'.repeat(43)}` }],
  ])('%s: a documented error, never a crash or the token', async (_name, headers) => {
    const { t, token } = await ready();
    const { result, json } = t.callProxy({ key: null, headers });
    expectJsonAnswer(result);
    expect(ERROR_CODES).toContain(json['error']);
    expect(result.error).toBeUndefined();
    expect(result.body).not.toContain(token);
  });

  it('hostile caller addresses and parameters do not break the audit log', async () => {
    const { t, key } = await ready();
    const { json } = t.callProxy({ key, ip: '203.0.113.10"\nFAKE outcome=issued' });
    expect(json['token_type']).toBe('Bearer');
    const audit = t.account.logs.filter((l) => l.title.startsWith('token proxy:')).at(-1)!;
    expect(audit.details).not.toContain('\n');
  });
});

describe('proxy: secrets and audit', () => {
  it('audits issued tokens per client with name, address and fingerprint, never the key or the token', async () => {
    const { t, key, token } = await ready();
    t.callProxy({ key, ip: '198.51.100.4' });
    t.callProxy({ key: `nsk_${'Z'.repeat(43)}`, ip: '198.51.100.5' });
    const audits = t.account.logs.filter((l) => l.title.startsWith('token proxy:'));
    expect(audits.map((a) => a.title)).toEqual(['token proxy: issued']);
    expect(audits[0]!.details).toMatch(/client="Data warehouse" address=198\.51\.100\.4 key=sha256:[0-9a-f]{8}/);
    // and durably on the client record: use count and last address
    const client = t.account.records.list(CLIENT_RECORD.type)[0]!;
    expect(client.values[CLIENT_RECORD.fields.useCount]).toBe(1);
    expect(client.values[CLIENT_RECORD.fields.lastAddress]).toBe('198.51.100.4');
    const surface = t.leakSurface();
    expect(surface).not.toContain(key);
    expect(surface).not.toContain(`nsk_${'Z'.repeat(43)}`);
    expect(surface).not.toContain(token);
  });
});
