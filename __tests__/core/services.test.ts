import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { parseAlgorithm } from '../../src/TypeScript/core/algorithms';
import type { InstallationConfig, ProfileConfig } from '../../src/TypeScript/core/config';
import { ConfigError } from '../../src/TypeScript/core/errors';
import {
  type AuditLine,
  type ClientEntry,
  type ClientFields,
  DEFAULT_PROXY_SETTINGS,
  handleProxyRequest,
  type ProxyPorts,
  type StoredToken,
} from '../../src/TypeScript/core/proxyService';
import { isAllowed, parseAllowList } from '../../src/TypeScript/core/ipAllowList';
import { type ProfileRow, type RefresherState, type RefreshPorts, runRefresher, type StoredTokenRecord, type TokenRow } from '../../src/TypeScript/core/refreshService';
import { AddressThrottle, type FailureWindow, type RejectionSummary } from '../../src/TypeScript/core/throttle';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const KEY = `nsk_${'Q'.repeat(43)}`;
const OTHER_KEY = `nsk_${'R'.repeat(43)}`;
const TOKEN = 'eyJ.the-access-token.sig';
const OTHER_TOKEN = 'eyJ.other-profile-token.sig';

/** Counts port calls by kind, the way governance would: cache 1, lookup 1, search 10, record write 2. */
function proxyHarness(over: Partial<ProxyPorts> = {}) {
  let now = Date.UTC(2026, 0, 1);
  const cache = new Map<string, unknown>();
  const audits: AuditLine[] = [];
  const clients = new Map<string, ClientFields>([
    ['7', { id: '7', name: 'erp', keyHash: sha(KEY), inactive: false, expiresAtMs: null, allowedIps: '', profileKey: 'default', useCount: 0 }],
    ['8', { id: '8', name: 'warehouse', keyHash: sha(OTHER_KEY), inactive: false, expiresAtMs: null, allowedIps: '', profileKey: '42', useCount: 0 }],
  ]);
  const tokens = new Map<string, StoredToken | null>([
    ['default', { token: TOKEN, expiresAtMs: now + 40 * 60_000 }],
    ['42', { token: OTHER_TOKEN, expiresAtMs: now + 40 * 60_000 }],
  ]);
  const units = { total: 0 };
  const cost = (n: number) => (units.total += n);
  let refreshes = 0;
  const uses: { id: string; useCount: number }[] = [];
  const ports: ProxyPorts = {
    nowMs: () => now,
    sha256: sha,
    cachedClient: (h) => (cost(1), (cache.get(`c:${h}`) as ClientEntry) ?? null),
    saveClient: (h, e) => (cost(1), void cache.set(`c:${h}`, structuredClone(e))),
    forgetClient: (h) => void cache.delete(`c:${h}`),
    confirmClient: (id) => (cost(1), clients.has(id) ? { ...clients.get(id)! } : null),
    searchClient: (h) => (cost(10), [...clients.values()].find((c) => c.keyHash === h) ?? null),
    mightBeClient: (h) => (cost(1), [...clients.values()].some((c) => !c.inactive && c.keyHash.slice(0, 12) === h.slice(0, 12))),
    throttle: (address, now, s) =>
      new AddressThrottle(
        address,
        now,
        {
          failures: (k) => (cost(1), (cache.get(`f:${k}`) as FailureWindow) ?? null),
          saveFailures: (k, w) => (cost(1), void cache.set(`f:${k}`, { ...w })),
          rejections: () => (cost(1), (cache.get('rej') as RejectionSummary) ?? null),
          saveRejections: (s) => (cost(1), void cache.set('rej', structuredClone(s))),
          audit: (l) => void audits.push(l),
        },
        s,
      ),
    allowed: (ips, address) => isAllowed(parseAllowList(ips), address),
    profileToken: (p) => (cost(3), tokens.get(p) ?? null),
    recordUse: (c, v) => (cost(2), void uses.push({ id: c.id, useCount: v.useCount })),
    requestRefresh: () => (refreshes++, true),
    audit: (l) => void audits.push(l),
    logError: () => undefined,
    ...over,
  };
  const call = (headers: Record<string, unknown>, extra: Partial<{ method: string; parameters: Record<string, unknown>; clientIp: string }> = {}) =>
    handleProxyRequest({ method: 'GET', parameters: {}, clientIp: '203.0.113.5', headers, ...extra }, ports, DEFAULT_PROXY_SETTINGS);
  const measured = (fn: () => unknown) => {
    const before = units.total;
    fn();
    return units.total - before;
  };
  return { call, clients, tokens, audits, uses, cache, measured, advance: (ms: number) => (now += ms), refreshes: () => refreshes };
}

describe('proxy decisions', () => {
  it('hands out the token with expires_at and expires_in for a valid key in any header case', () => {
    const h = proxyHarness();
    for (const name of ['x-api-key', 'X-API-Key', 'X-Api-Key']) {
      const body = h.call({ [name]: KEY });
      expect(body).toEqual({ access_token: TOKEN, token_type: 'Bearer', expires_at: '2026-01-01T00:40:00.000Z', expires_in: 2400 });
    }
  });
  it("gives each client its own profile's token and never another's", () => {
    const h = proxyHarness();
    expect(h.call({ 'x-api-key': KEY })).toMatchObject({ access_token: TOKEN });
    expect(h.call({ 'x-api-key': OTHER_KEY })).toMatchObject({ access_token: OTHER_TOKEN });
    h.tokens.set('42', null); // profile inactive, missing or without token
    h.advance(61_000);
    expect(h.call({ 'x-api-key': OTHER_KEY })).toMatchObject({ error: 'token_unavailable' });
    expect(h.call({ 'x-api-key': KEY })).toMatchObject({ access_token: TOKEN });
  });
  it('costs 2 units on a warm successful call', () => {
    const h = proxyHarness();
    h.call({ 'x-api-key': KEY });
    expect(h.measured(() => h.call({ 'x-api-key': KEY }))).toBe(2);
  });
  it('gives one answer for missing, malformed and unknown keys, and never the token', () => {
    const h = proxyHarness();
    const answers = [h.call({}), h.call({ 'x-api-key': 'nope' }), h.call({ 'x-api-key': `nsk_${'z'.repeat(43)}` })];
    for (const a of answers) {
      expect(a).toEqual({ error: 'unauthorized', error_description: expect.any(String) });
      expect(JSON.stringify(a)).not.toContain(TOKEN);
    }
  });
  it('refuses a key in the query string even when valid, and names the client whose key it was', () => {
    const h = proxyHarness();
    expect(h.call({ 'x-api-key': KEY }, { parameters: { api_key: KEY } })).toMatchObject({ error: 'api_key_in_url' });
    expect(h.call({}, { parameters: { whatever: KEY } })).toMatchObject({ error: 'api_key_in_url' });
    const line = h.audits.find((a) => a.outcome === 'api_key_in_url');
    expect(line).toMatchObject({ client: 'erp', keyFingerprint: `sha256:${sha(KEY).slice(0, 8)}` });
    expect(JSON.stringify(h.audits)).not.toContain(KEY);
  });
  it('serves a valid key from an address that a neighbour got throttled, and refuses unknown keys there cheaply', () => {
    const h = proxyHarness();
    for (let i = 0; i < 1000; i++) h.call({ 'x-api-key': `nsk_${String(i).padStart(43, 'x')}` });
    expect(h.call({ 'x-api-key': `nsk_${'y'.repeat(43)}` })).toMatchObject({ error: 'rate_limited', retry_after: 900 });
    // cold: the key was never seen, the index says it may be a client, so it is searched and served
    expect(h.call({ 'x-api-key': KEY })).toMatchObject({ access_token: TOKEN });
    // a refused unknown key costs no search
    expect(h.measured(() => h.call({ 'x-api-key': `nsk_${'w'.repeat(43)}` }))).toBeLessThan(10);
    // bounded log: one line when throttled, no line per refused request
    expect(h.audits.length).toBeLessThanOrEqual(3);
    h.advance(900_000);
    expect(h.call({ 'x-api-key': 'bad' })).toMatchObject({ error: 'unauthorized' });
    expect(h.audits.some((a) => a.outcome === 'throttle_ended' && /990 refused|99\d refused/.test(a.detail ?? ''))).toBe(true);
  });
  it('counts IPv6 failures per /64 and per /48, so rotating /64s does not escape', () => {
    const h = proxyHarness();
    for (let i = 0; i < 60; i++) h.call({ 'x-api-key': 'bad' }, { clientIp: `2001:db8:1:${i.toString(16)}::1` });
    expect(h.call({ 'x-api-key': 'bad' }, { clientIp: '2001:db8:1:ffff::1' })).toMatchObject({ error: 'rate_limited' });
    expect(h.call({ 'x-api-key': 'bad' }, { clientIp: '2001:db8:2::1' })).toMatchObject({ error: 'unauthorized' });
  });
  it('enforces inactive, expired and allow-listed clients, re-checking the record within seconds', () => {
    const h = proxyHarness();
    expect(h.call({ 'x-api-key': KEY })).toMatchObject({ access_token: TOKEN });
    h.clients.get('7')!.inactive = true; // revoked on the record itself (UI, CSV import, another script)
    h.advance(DEFAULT_PROXY_SETTINGS.confirmSeconds * 1000);
    expect(h.call({ 'x-api-key': KEY })).toMatchObject({ error: 'unauthorized' });
    h.clients.get('7')!.inactive = false;
    h.clients.get('7')!.allowedIps = '198.51.100.0/24';
    h.advance(DEFAULT_PROXY_SETTINGS.confirmSeconds * 1000);
    expect(h.call({ 'x-api-key': KEY })).toMatchObject({ error: 'forbidden_ip' });
    h.clients.get('7')!.allowedIps = '';
    h.clients.get('7')!.expiresAtMs = Date.UTC(2025, 0, 1);
    h.advance(DEFAULT_PROXY_SETTINGS.confirmSeconds * 1000);
    expect(h.call({ 'x-api-key': KEY })).toMatchObject({ error: 'unauthorized' });
  });
  it('stops a rotated key within seconds (the record no longer has its hash)', () => {
    const h = proxyHarness();
    h.call({ 'x-api-key': KEY });
    h.clients.get('7')!.keyHash = sha(`nsk_${'N'.repeat(43)}`);
    h.advance(DEFAULT_PROXY_SETTINGS.confirmSeconds * 1000);
    expect(h.call({ 'x-api-key': KEY })).toMatchObject({ error: 'unauthorized' });
  });
  it('ignores a cache entry that does not match the presented key (a planted entry is no key)', () => {
    const h = proxyHarness();
    const planted = `nsk_${'P'.repeat(43)}`;
    h.cache.set(`c:${sha(planted)}`, { v: 2, client: { ...h.clients.get('7')!, keyHash: sha(KEY) }, confirmedAtMs: Date.UTC(2026, 0, 1), token: null, tokenReadAtMs: 0, pendingUses: 0, recordedAtMs: 0, lastAddress: '' });
    expect(h.call({ 'x-api-key': planted })).toMatchObject({ error: 'unauthorized' });
  });
  it('records use on the client record at most every few minutes, with the count', () => {
    const h = proxyHarness();
    for (let i = 0; i < 5; i++) h.call({ 'x-api-key': KEY });
    expect(h.uses).toEqual([{ id: '7', useCount: 1 }]);
    h.advance(DEFAULT_PROXY_SETTINGS.touchIntervalSeconds * 1000);
    h.call({ 'x-api-key': KEY });
    expect(h.uses).toEqual([
      { id: '7', useCount: 1 },
      { id: '7', useCount: 6 },
    ]);
    expect(h.audits.filter((a) => a.outcome === 'issued')).toHaveLength(2);
  });
  it('answers token_unavailable with retry_after and asks for a refresh when the token is too old', () => {
    const h = proxyHarness();
    h.tokens.set('default', { token: TOKEN, expiresAtMs: Date.UTC(2026, 0, 1) + 2 * 60_000 });
    const body = h.call({ 'x-api-key': KEY });
    expect(body).toMatchObject({ error: 'token_unavailable', retry_after: 60 });
    expect(JSON.stringify(body)).not.toContain(TOKEN);
    expect(h.refreshes()).toBe(1);
  });
  it('refuses other methods and turns an unexpected error into server_error', () => {
    expect(proxyHarness().call({ 'x-api-key': KEY }, { method: 'DELETE' })).toMatchObject({ error: 'method_not_allowed' });
    const broken = proxyHarness({
      searchClient: () => {
        throw new Error(`db down ${KEY}`);
      },
    });
    const body = broken.call({ 'x-api-key': KEY });
    expect(body).toMatchObject({ error: 'server_error' });
    expect(JSON.stringify(body)).not.toContain('db down');
  });
});

// ---------------------------------------------------------------------------------------------

const INSTALLATION: InstallationConfig = { accountId: '1234567', refreshMarginMinutes: 20, alertEmails: ['ops@example.com'] };
const PROFILE: ProfileConfig = { clientId: 'client', certificateId: 'kid', keySource: { kind: 'file', file: '/k.pem' }, algorithm: parseAlgorithm('PS256'), scope: ['rest_webservices'] };
const ok = (t = 'eyJ.new-token.sig') => () => ({ status: 200, body: JSON.stringify({ access_token: t, expires_in: '3600', token_type: 'bearer' }) });
const html500 = () => ({ status: 500, body: '<html>down</html>' });
const grant = () => ({ status: 400, body: '{"error":"invalid_grant"}' });

function refreshHarness(opts: { profiles?: ProfileRow[]; default?: ProfileConfig | ConfigError | null; post?: (clientId: string) => { status: number; body: string }; units?: number } = {}) {
  let now = Date.UTC(2026, 0, 1, 12);
  const records = new Map<string, StoredTokenRecord & { profileKey: string }>();
  const st = { state: null as RefresherState | null, marker: null as string | null, alerts: [] as string[], posts: 0, logs: [] as string[], units: opts.units ?? 10_000, searches: 0 };
  let nextId = 1;
  const save = (p: ProfileRow, stored: StoredTokenRecord | null, patch: Partial<StoredTokenRecord>) => {
    const id = stored?.id ?? [...records.values()].find((r) => r.profileKey === p.key)?.id ?? String(nextId++);
    const prev = records.get(id) ?? { id, hasToken: false, expiresAt: null, updatedAt: null, status: null, lastError: '', profileKey: p.key };
    records.set(id, { ...prev, ...patch });
    return id;
  };
  const ports: RefreshPorts = {
    nowMs: () => now,
    readInstallation: () => INSTALLATION,
    readDefaultProfile: () => (opts.default === undefined ? PROFILE : opts.default),
    loadState: () => (st.units--, st.state && structuredClone(st.state)),
    saveState: (s) => void (st.state = structuredClone(s)),
    changeMarker: () => (st.units--, st.marker),
    listProfiles: () => (st.searches++, (st.units -= 10), opts.profiles ?? []),
    readProfile: (key) => ((st.units -= 1), opts.profiles?.find((p) => p.key === key) ?? null),
    listTokenRecords: () => (st.searches++, (st.units -= 10), [...records.values()].map((r): TokenRow => ({ id: r.id, profileKey: r.profileKey, expiresAtMs: r.expiresAt?.getTime() ?? null, status: r.status }))),
    takeForced: () => [],
    readStored: (id) => ((st.units -= 2), records.has(id) ? { ...records.get(id)! } : null),
    saveSuccess: (p, s, v) => ((st.units -= 6), save(p, s, { hasToken: true, expiresAt: v.expiresAt, updatedAt: v.updatedAt, status: 'active', lastError: '' })),
    saveFailure: (p, s, v) => ((st.units -= 6), save(p, s, { status: v.status, lastError: v.lastError, ...(v.clearToken ? { hasToken: false } : {}) })),
    createSigner: (c) => ({ description: `signer for ${c.clientId}`, sign: () => 'c2ln' }),
    base64Url: (s) => Buffer.from(s).toString('base64url'),
    post: (_url, body) => {
      st.posts++;
      st.units -= 20;
      const clientId = JSON.parse(Buffer.from(decodeURIComponent(/client_assertion=([^&]+)/.exec(body)![1]!).split('.')[1]!, 'base64url').toString()).iss as string;
      return (opts.post ?? ok())(clientId);
    },
    fingerprint: (s) => `sha256:${sha(s).slice(0, 8)}`,
    sendAlert: (_r, subject, body) => void st.alerts.push(`${subject}\n${body}`),
    remainingUsage: () => st.units,
    log: { audit: (t, d) => void st.logs.push(`${t} ${d}`), error: (t, d) => void st.logs.push(`${t} ${d}`), debug: (t, d) => void st.logs.push(`${t} ${d}`) },
  };
  return { st, records, run: () => runRefresher(ports), advance: (ms: number) => (now += ms), recordOf: (key: string) => [...records.values()].find((r) => r.profileKey === key) };
}

const profile = (key: string, name: string, config: ProfileConfig | ConfigError = { ...PROFILE, clientId: `client-${key}` }): ProfileRow => ({ key, name, config });

describe('refresh runs', () => {
  it('retries transient failures within the run, then stores the token', () => {
    let n = 0;
    const h = refreshHarness({ post: () => (++n < 3 ? html500() : ok()()) });
    expect(h.run().profiles['default']).toMatchObject({ kind: 'refreshed', attempts: 3 });
    expect(h.st.logs.join('\n')).not.toContain('new-token');
  });
  it('does not retry a refusal, keeps a still-valid token and alerts once per change of state', () => {
    let answer = ok();
    const h = refreshHarness({ post: () => answer() });
    h.run();
    h.advance(45 * 60_000); // 15 min left: inside the margin
    answer = grant;
    const posts = h.st.posts;
    expect(h.run().profiles['default']).toMatchObject({ kind: 'failed', status: 'error' });
    expect(h.st.posts - posts).toBe(1);
    expect(h.recordOf('default')).toMatchObject({ status: 'error', hasToken: true });
    expect(h.st.alerts).toHaveLength(1);
    h.run();
    expect(h.st.alerts).toHaveLength(1);
  });
  it('marks the token Expired (and drops it) once it has lapsed', () => {
    let answer = ok();
    const h = refreshHarness({ post: () => answer() });
    h.run();
    h.advance(61 * 60_000);
    answer = html500;
    expect(h.run().profiles['default']).toMatchObject({ kind: 'failed', status: 'expired' });
    expect(h.recordOf('default')).toMatchObject({ status: 'expired', hasToken: false });
    expect(h.st.alerts[0]).toMatch(/no valid token/);
  });
  it('records a configuration error before any request', () => {
    const h = refreshHarness({ default: new ConfigError('custscript_oauth_certificate_id', 'required') });
    expect(h.run().profiles['default']).toMatchObject({ kind: 'failed', status: 'config' });
    expect(h.st.posts).toBe(0);
    expect(h.recordOf('default')?.lastError).toContain('custscript_oauth_certificate_id');
  });
  it('skips on its own cached state for 2 units while every token has more than the margin left; a changed marker makes it list again', () => {
    const h = refreshHarness();
    h.run();
    const before = h.st.units;
    expect(h.run().kind).toBe('skipped');
    expect(before - h.st.units).toBe(2);
    expect(h.st.posts).toBe(1);
    h.st.marker = 'profiles changed';
    const searches = h.st.searches;
    expect(h.run().kind).toBe('ran');
    expect(h.st.searches - searches).toBe(2);
    expect(h.st.posts).toBe(1); // listed again, nothing was due
  });
  it('keeps one token per profile, and one failing profile leaves the others alone', () => {
    const h = refreshHarness({
      profiles: [profile('41', 'warehouse'), profile('42', 'broken', new ConfigError('custrecord_oauth_profile_cert_id', 'required'))],
      post: (clientId) => (clientId === 'client-41' ? ok('eyJ.warehouse.sig')() : ok()()),
    });
    const run = h.run();
    expect(run.profiles['default']).toMatchObject({ kind: 'refreshed' });
    expect(run.profiles['41']).toMatchObject({ kind: 'refreshed' });
    expect(run.profiles['42']).toMatchObject({ kind: 'failed', status: 'config' });
    expect(h.recordOf('42')?.lastError).toContain('custrecord_oauth_profile_cert_id');
    expect(h.recordOf('default')?.status).toBe('active');
    expect(h.recordOf('41')?.status).toBe('active');
    expect(h.st.alerts).toHaveLength(1);
    expect(h.st.alerts[0]).toContain('broken');
  });
  it('refreshes 50 profiles within the scheduled limit, and a run cut short resumes where it stopped', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => profile(String(100 + i), `p${i}`));
    const h = refreshHarness({ profiles: fifty, units: 10_000 });
    const full = h.run();
    expect(Object.values(full.profiles).filter((p) => p.kind === 'refreshed')).toHaveLength(51);
    expect(10_000 - h.st.units).toBeLessThan(10_000);

    const short = refreshHarness({ profiles: fifty, units: 1000 });
    const first = short.run();
    expect(first.deferred.length).toBeGreaterThan(0);
    const done = new Set(Object.entries(first.profiles).filter(([, p]) => p.kind === 'refreshed').map(([k]) => k));
    short.st.units = 10_000;
    const second = short.run();
    for (const k of first.deferred) expect(second.profiles[k]).toMatchObject({ kind: 'refreshed' });
    for (const k of done) expect(second.profiles[k]?.kind).toBe('skipped');
  });
  it("refreshes a profile at once when its settings change, and does not keep its old token if that fails", () => {
    const profiles = [profile('41', 'warehouse')];
    let failFor = '';
    const h = refreshHarness({ profiles, post: (clientId) => (clientId === failFor ? grant() : ok()()) });
    h.run();
    expect(h.recordOf('41')).toMatchObject({ status: 'active', hasToken: true });
    // The administrator points the profile at another integration (another role); the change marker moves.
    profiles[0] = profile('41', 'warehouse', { ...PROFILE, clientId: 'client-narrower' });
    failFor = 'client-narrower';
    h.st.marker = 'profile 41 edited';
    h.advance(60_000);
    const run = h.run();
    expect(run.profiles['41']).toMatchObject({ kind: 'failed' });
    // the token issued for the old mapping is withdrawn, not served until it lapses
    expect(h.recordOf('41')).toMatchObject({ status: 'expired', hasToken: false });
    expect(h.recordOf('default')).toMatchObject({ status: 'active', hasToken: true });
  });

  it('a profile changed without a marker (a CSV import without server scripts) is caught when it is due: new settings read, old token not kept on failure', () => {
    const profiles = [profile('41', 'warehouse')];
    let failFor = '';
    const h = refreshHarness({ profiles, post: (clientId) => (clientId === failFor ? grant() : ok()()) });
    h.run();
    profiles[0] = profile('41', 'warehouse', { ...PROFILE, clientId: 'client-moved' });
    failFor = 'client-moved';
    h.advance(45 * 60_000); // due again; no marker change
    h.run();
    expect(h.recordOf('41')).toMatchObject({ status: 'expired', hasToken: false });
  });

  it('withdraws the default token when nothing is configured any more', () => {
    const h = refreshHarness();
    h.run();
    const gone = refreshHarness({ default: null });
    for (const [k, v] of h.records) gone.records.set(k, v);
    gone.advance(60_000);
    gone.run();
    expect(gone.recordOf('default')).toMatchObject({ status: 'expired', hasToken: false });
  });

  it('withdraws the default token when the default profile is no longer configured', () => {
    const h = refreshHarness({ profiles: [profile('41', 'warehouse')] });
    h.run();
    const withdrawn = refreshHarness({ profiles: [profile('41', 'warehouse')], default: null });
    for (const [k, v] of h.records) withdrawn.records.set(k, v);
    withdrawn.run();
    expect(withdrawn.recordOf('default')).toMatchObject({ status: 'expired', hasToken: false });
    expect(withdrawn.recordOf('41')).toMatchObject({ status: 'active' });
  });
});
