import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { parseAlgorithm } from '../../src/TypeScript/core/algorithms';
import type { RefresherConfig } from '../../src/TypeScript/core/config';
import { ConfigError } from '../../src/TypeScript/core/errors';
import { type ClientEntry, DEFAULT_PROXY_SETTINGS, handleProxyRequest, type ProxyPorts } from '../../src/TypeScript/core/proxyService';
import { type RefreshPorts, runRefresh, type StoredTokenRecord } from '../../src/TypeScript/core/refreshService';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const KEY = `nsk_${'Q'.repeat(43)}`;
const TOKEN = 'eyJ.the-access-token.sig';

function proxyHarness(over: Partial<ProxyPorts> = {}) {
  let now = Date.UTC(2026, 0, 1);
  const failures = new Map<string, { count: number; windowStartMs: number }>();
  const audits: unknown[] = [];
  const client: ClientEntry = { id: '7', name: 'erp', inactive: false, expiresAtMs: null, allowedIps: '', lastUsedMs: null };
  let refreshes = 0;
  const ports: ProxyPorts = {
    nowMs: () => now,
    sha256: sha,
    failures: (k) => failures.get(k) ?? null,
    saveFailures: (k, w) => void failures.set(k, w),
    findClient: (h) => (h === sha(KEY) ? client : null),
    touchClient: (c, _h, t) => void (c.lastUsedMs = t),
    readToken: () => ({ token: TOKEN, expiresAtMs: now + 40 * 60_000 }),
    requestRefresh: () => void refreshes++,
    audit: (l) => void audits.push(l),
    logError: () => undefined,
    ...over,
  };
  const call = (headers: Record<string, unknown>, extra: Partial<{ method: string; parameters: Record<string, unknown>; clientIp: string }> = {}) =>
    handleProxyRequest({ method: 'GET', parameters: {}, clientIp: '203.0.113.5', headers, ...extra }, ports, DEFAULT_PROXY_SETTINGS);
  return { call, client, audits, advance: (ms: number) => (now += ms), refreshes: () => refreshes };
}

describe('proxy decisions', () => {
  it('hands out the token with expires_at and expires_in for a valid key in any header case', () => {
    const h = proxyHarness();
    for (const name of ['x-api-key', 'X-API-Key', 'X-Api-Key']) {
      const body = h.call({ [name]: KEY });
      expect(body).toEqual({ access_token: TOKEN, token_type: 'Bearer', expires_at: '2026-01-01T00:40:00.000Z', expires_in: 2400 });
    }
  });
  it('gives one answer for missing, malformed and unknown keys, and never the token', () => {
    const h = proxyHarness();
    const answers = [h.call({}), h.call({ 'x-api-key': 'nope' }), h.call({ 'x-api-key': `nsk_${'z'.repeat(43)}` })];
    for (const a of answers) {
      expect(a).toEqual({ error: 'unauthorized', error_description: expect.any(String) });
      expect(JSON.stringify(a)).not.toContain(TOKEN);
    }
  });
  it('refuses a key in the query string even when valid', () => {
    const h = proxyHarness();
    expect(h.call({ 'x-api-key': KEY }, { parameters: { api_key: KEY } })).toMatchObject({ error: 'api_key_in_url' });
    expect(h.call({}, { parameters: { whatever: KEY } })).toMatchObject({ error: 'api_key_in_url' });
  });
  it('rate-limits an address after repeated failures without locking out others', () => {
    const h = proxyHarness();
    for (let i = 0; i < 10; i++) h.call({ 'x-api-key': 'bad' });
    const limited = h.call({ 'x-api-key': KEY });
    expect(limited).toMatchObject({ error: 'rate_limited', retry_after: 900 });
    expect(h.call({ 'x-api-key': KEY }, { clientIp: '198.51.100.1' })).toMatchObject({ token_type: 'Bearer' });
    h.advance(900_000);
    expect(h.call({ 'x-api-key': KEY })).toMatchObject({ token_type: 'Bearer' });
  });
  it('enforces inactive, expired and allow-listed clients', () => {
    const h = proxyHarness();
    h.client.allowedIps = '198.51.100.0/24';
    expect(h.call({ 'x-api-key': KEY })).toMatchObject({ error: 'forbidden_ip' });
    h.client.allowedIps = '';
    h.client.expiresAtMs = Date.UTC(2025, 0, 1);
    expect(h.call({ 'x-api-key': KEY })).toMatchObject({ error: 'unauthorized' });
    h.client.expiresAtMs = null;
    h.client.inactive = true;
    expect(h.call({ 'x-api-key': KEY })).toMatchObject({ error: 'unauthorized' });
  });
  it('answers token_unavailable with retry_after and asks for a refresh when the token is too old', () => {
    let left = 2 * 60_000;
    const h = proxyHarness({ readToken: () => ({ token: TOKEN, expiresAtMs: Date.UTC(2026, 0, 1) + left }) });
    const body = h.call({ 'x-api-key': KEY });
    expect(body).toMatchObject({ error: 'token_unavailable', retry_after: 60 });
    expect(JSON.stringify(body)).not.toContain(TOKEN);
    expect(h.refreshes()).toBe(1);
    left = 0;
    expect(h.call({ 'x-api-key': KEY })).toMatchObject({ error: 'token_unavailable' });
  });
  it('refuses other methods and turns an unexpected error into server_error', () => {
    expect(proxyHarness().call({ 'x-api-key': KEY }, { method: 'DELETE' })).toMatchObject({ error: 'method_not_allowed' });
    const broken = proxyHarness({
      findClient: () => {
        throw new Error(`db down ${KEY}`);
      },
    });
    const body = broken.call({ 'x-api-key': KEY });
    expect(body).toMatchObject({ error: 'server_error' });
    expect(JSON.stringify(body)).not.toContain('db down');
  });
  it('audits the client name, address and outcome but never the key', () => {
    const h = proxyHarness();
    h.call({ 'x-api-key': KEY });
    expect(h.audits[0]).toEqual({ outcome: 'issued', client: 'erp', address: '203.0.113.5', keyFingerprint: `sha256:${sha(KEY).slice(0, 8)}` });
    expect(JSON.stringify(h.audits)).not.toContain(KEY);
  });
});

const CONFIG: RefresherConfig = {
  accountId: '1234567',
  clientId: 'client',
  certificateId: 'kid',
  keySource: { kind: 'file', file: '/k.pem' },
  algorithm: parseAlgorithm('PS256'),
  scope: ['rest_webservices'],
  refreshMarginMinutes: 20,
  alertEmails: ['ops@example.com'],
};

function refreshHarness(responses: (() => { status: number; body: string })[], stored: StoredTokenRecord | null, config: () => RefresherConfig = () => CONFIG) {
  const now = Date.UTC(2026, 0, 1, 12);
  const state = { stored, saved: [] as unknown[], alerts: [] as string[], posts: 0, logs: [] as string[] };
  const ports: RefreshPorts = {
    nowMs: () => now,
    readConfig: config,
    readStored: () => state.stored,
    saveSuccess: (_s, v) => {
      state.saved.push({ ok: v });
      state.stored = { id: '1', hasToken: true, expiresAt: v.expiresAt, updatedAt: v.updatedAt, status: 'active', lastError: '' };
    },
    saveFailure: (_s, v) => {
      state.saved.push({ failed: v });
      state.stored = { id: '1', hasToken: !v.clearToken && !!state.stored?.hasToken, expiresAt: state.stored?.expiresAt ?? null, updatedAt: state.stored?.updatedAt ?? null, status: v.status, lastError: v.lastError };
    },
    createSigner: () => ({ description: 'test', sign: () => 'c2ln' }),
    base64Url: (s) => Buffer.from(s).toString('base64url'),
    post: () => {
      const r = responses[Math.min(state.posts, responses.length - 1)]!;
      state.posts++;
      return r();
    },
    fingerprint: (s) => `sha256:${sha(s).slice(0, 8)}`,
    sendAlert: (_r, subject, body) => void state.alerts.push(`${subject}\n${body}`),
    remainingUsage: () => 10_000,
    log: { audit: (t, d) => void state.logs.push(`${t} ${d}`), error: (t, d) => void state.logs.push(`${t} ${d}`), debug: (t, d) => void state.logs.push(`${t} ${d}`) },
  };
  return { state, run: () => runRefresh(ports), now };
}

const ok = () => ({ status: 200, body: JSON.stringify({ access_token: 'eyJ.new-token.sig', expires_in: '3600', token_type: 'bearer' }) });
const html500 = () => ({ status: 500, body: '<html>down</html>' });
const grant = () => ({ status: 400, body: '{"error":"invalid_grant"}' });

describe('refresh runs', () => {
  it('retries transient failures within the run, then stores the token', () => {
    const h = refreshHarness([html500, html500, ok], null);
    expect(h.run()).toMatchObject({ kind: 'refreshed', attempts: 3 });
    expect(h.state.logs.join('\n')).not.toContain('new-token');
  });
  it('does not retry a refusal, keeps a still-valid token and alerts once per change of state', () => {
    const valid = { id: '1', hasToken: true, expiresAt: new Date(Date.UTC(2026, 0, 1, 12, 10)), updatedAt: new Date(Date.UTC(2026, 0, 1, 11, 10)), status: 'active' as const, lastError: '' };
    const h = refreshHarness([grant], valid);
    expect(h.run()).toMatchObject({ kind: 'failed', status: 'error' });
    expect(h.state.posts).toBe(1);
    expect(h.state.saved[0]).toMatchObject({ failed: { status: 'error', clearToken: false } });
    expect(h.state.alerts).toHaveLength(1);
    h.run();
    expect(h.state.alerts).toHaveLength(1);
  });
  it('marks the token Expired (and drops it) once it has lapsed', () => {
    const lapsed = { id: '1', hasToken: true, expiresAt: new Date(Date.UTC(2026, 0, 1, 11)), updatedAt: new Date(Date.UTC(2026, 0, 1, 10)), status: 'error' as const, lastError: 'x' };
    const h = refreshHarness([html500], lapsed);
    expect(h.run()).toMatchObject({ kind: 'failed', status: 'expired' });
    expect(h.state.saved[0]).toMatchObject({ failed: { status: 'expired', clearToken: true } });
    expect(h.state.alerts[0]).toMatch(/no valid token/);
  });
  it('stops on a configuration error before any request and records it', () => {
    const h = refreshHarness([ok], null, () => {
      throw new ConfigError('custscript_oauth_client_id', 'required');
    });
    expect(h.run()).toMatchObject({ kind: 'failed', status: 'config' });
    expect(h.state.posts).toBe(0);
    expect(h.state.saved[0]).toMatchObject({ failed: { lastError: expect.stringContaining('custscript_oauth_client_id') } });
  });
  it('skips while the stored token has more than the margin left', () => {
    const fresh = { id: '1', hasToken: true, expiresAt: new Date(Date.UTC(2026, 0, 1, 12, 45)), updatedAt: new Date(Date.UTC(2026, 0, 1, 11, 45)), status: 'active' as const, lastError: '' };
    const h = refreshHarness([ok], fresh);
    expect(h.run()).toMatchObject({ kind: 'skipped' });
    expect(h.state.posts).toBe(0);
  });
});
