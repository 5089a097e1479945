/**
 * The BUILT refresher (src/FileCabinet/SuiteScripts/OAuth/oauth_token_refresher.js), run in the
 * SuiteScript runtime against the NetSuite-like token endpoint (which verifies with jose).
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { cachedSigningKey } from '../../tools/keys';
import { createTestAccount, harnessKey, KEY_PATH, type TestAccount } from '../../tools/harness';
import { REFRESHER_PARAMS as P, STATUS_LIST, TOKEN_RECORD } from '../../src/TypeScript/core/names';

const F = TOKEN_RECORD.fields;
const MIN = 60_000;

function issuedTokens(t: TestAccount): string[] {
  // The tokens the endpoint issued, read from the record (the only place they are stored).
  const rec = t.tokenRecord();
  return rec && typeof rec[F.token] === 'string' && rec[F.token] !== '' ? [rec[F.token] as string] : [];
}

function statusName(t: TestAccount): string | undefined {
  const rec = t.tokenRecord();
  if (!rec) return undefined;
  const id = String(rec[F.status]);
  return t.account.lists.values(STATUS_LIST.scriptId).find((v) => String(v.id) === id)?.name;
}

function expectNoSecrets(t: TestAccount, secrets: string[]): void {
  const surface = t.leakSurface();
  for (const s of secrets) {
    expect(s.length).toBeGreaterThan(20);
    expect(surface.includes(s)).toBe(false);
  }
  // No PEM body either.
  expect(surface).not.toMatch(/PRIVATE KEY/);
}

beforeAll(async () => {
  // Warm the key cache so individual tests measure behaviour, not key generation.
  await Promise.all([harnessKey({ alg: 'PS256', rsaBits: 3072 }), harnessKey({ alg: 'PS256', rsaBits: 4096 }), harnessKey({ alg: 'ES256' })]);
});

describe('refresher: signing and storing a token', () => {
  it.each([
    ['PS256', { alg: 'PS256' as const, rsaBits: 3072 as const }],
    ['PS256', { alg: 'PS256' as const, rsaBits: 4096 as const }],
    ['ES256', { alg: 'ES256' as const }],
  ])('%s (%j): gets a token NetSuite accepts and stores it Active', async (_name, keyOptions) => {
    const t = await createTestAccount({ keyOptions });
    t.configureRefresher();
    const run = t.runRefresher();
    expect(run.ok).toBe(true);
    expect(run.faults).toEqual([]);
    expect(t.endpoint.requests.map((r) => r.status)).toEqual([200]);
    const rec = t.tokenRecord()!;
    const token = rec[F.token] as string;
    expect(t.endpoint.verifyAccessToken(token)).toMatchObject({ ok: true, clientId: t.clientId });
    expect((rec[F.expires] as Date).getTime()).toBe(t.clock.now() + (3600 - 5) * 1000);
    const firstToken = token;
    expect((rec[F.updated] as Date).getTime()).toBe(t.clock.now());
    expect(rec[F.lastError] ?? '').toBe('');
    expect(statusName(t)).toBe('Active');
    // PSS salts and ECDSA nonces come from N/crypto/random: Math.random is never called while signing.
    expect(run.mathRandom.duringEntry).toBe(0);
    // The first run ever lists profiles and token records, and looks for the record again before
    // creating it (so overlapping first runs share one): 59 units, once per installation.
    expect(run.usage).toBeLessThanOrEqual(60);
    // A steady-state refresh works from its cached view and loads the record once: about 28 units
    // plus the key file (10).
    t.clock.advance(45 * MIN);
    const refresh = t.runRefresher();
    expect(t.endpoint.requests.map((r) => r.status)).toEqual([200, 200]);
    expect(refresh.usage).toBeLessThanOrEqual(40);
    // and a skip costs 2 units (its own cached view, and the shared "profiles changed" marker)
    t.clock.advance(5 * MIN);
    expect(t.runRefresher().usage).toBe(2);
    expect(refresh.mathRandom.duringEntry).toBe(0);
    expectNoSecrets(t, [firstToken, issuedTokens(t)[0]!, t.key.privateKeyPem.split('\n')[1]!]);
    // The log carries a fingerprint instead.
    expect(t.account.logs.some((l) => /token sha256:[0-9a-f]{8} expires/.test(l.details))).toBe(true);
  });

  it('sends the request NetSuite documents: form-encoded fields, header typ/alg/kid, claims with a 300 s lifetime', async () => {
    const t = await createTestAccount();
    t.configureRefresher({ [P.scope]: 'rest_webservices, suite_analytics' });
    t.runRefresher();
    const req = t.account.https.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(req.body);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const [h, p, sig] = form.get('client_assertion')!.split('.');
    expect(sig).toMatch(/^[A-Za-z0-9_-]+$/); // base64url, no padding
    expect(JSON.parse(Buffer.from(h!, 'base64url').toString())).toEqual({ typ: 'JWT', alg: 'PS256', kid: t.certificateId });
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    expect(claims).toEqual({ iss: t.clientId, scope: ['rest_webservices', 'suite_analytics'], aud: req.url, iat: t.clock.now() / 1000, exp: t.clock.now() / 1000 + 300 });
  });

  it('derives the sandbox host from the account id (1234567_SB1 -> 1234567-sb1)', async () => {
    const t = await createTestAccount({ accountId: '1234567_SB1' });
    t.configureRefresher();
    t.runRefresher();
    expect(new URL(t.account.https.requests[0]!.url).hostname).toBe('1234567-sb1.suitetalk.api.netsuite.com');
  });

  it('reads the key by internal id as well as by path, and PKCS#1 keys too', async () => {
    const t = await createTestAccount();
    const { id } = t.account.addFile({ path: '/SuiteScripts/OAuthKeys/rsa_pkcs1.pem', contents: t.key.privateKeyPkcs1OrSec1Pem });
    t.configureRefresher({ [P.privateKeyFile]: String(id) });
    expect(t.runRefresher().ok).toBe(true);
    expect(statusName(t)).toBe('Active');
  });

  it('signs through N/crypto/certificate when a signing certificate is set (no key file read)', async () => {
    const t = await createTestAccount({ keyOptions: { alg: 'ES256' } });
    t.account.addCertificate({ scriptId: 'custcertificate_oauth_m2m', privateKeyPem: t.key.privateKeyPem, certificatePem: t.key.certificatePem });
    t.configureRefresher({ [P.privateKeyFile]: null, [P.signingCertificate]: 'custcertificate_oauth_m2m' });
    const run = t.runRefresher();
    expect(run.ok).toBe(true);
    expect(t.endpoint.requests.map((r) => r.status)).toEqual([200]);
    expect(statusName(t)).toBe('Active');
    expect(run.usageByApi['file.load'] ?? 0).toBe(0);
    expect(run.loadedFiles.map((f) => f.path)).toContain('/SuiteScripts/OAuth/oauth_token_refresher.js');
  });

  it('skips the request while the stored token has more than the refresh margin left, and refreshes inside it', async () => {
    const t = await createTestAccount();
    t.configureRefresher();
    t.runRefresher();
    t.clock.advance(30 * MIN); // ~30 min left > 20 min margin
    const skip = t.runRefresher();
    expect(t.endpoint.requests).toHaveLength(1);
    expect(skip.usage).toBeLessThanOrEqual(15);
    t.clock.advance(15 * MIN); // ~15 min left < 20 min margin
    t.runRefresher();
    expect(t.endpoint.requests).toHaveLength(2);
  });
});

describe('refresher: configuration errors stop the run before any request', () => {
  it.each([
    [P.accountId, { [P.accountId]: null }],
    [P.clientId, { [P.clientId]: null }],
    [P.certificateId, { [P.certificateId]: null }],
    [P.privateKeyFile, { [P.privateKeyFile]: null }],
    [P.accountId, { [P.accountId]: '1234567.evil.example' }],
    [P.algorithm, { [P.algorithm]: 'RS256' }],
  ])('%s', async (param, overrides) => {
    const t = await createTestAccount();
    t.configureRefresher(overrides);
    t.runRefresher();
    expect(t.account.https.requests).toHaveLength(0);
    const rec = t.tokenRecord()!;
    expect(String(rec[F.lastError])).toContain(param);
    expect(t.account.logs.some((l) => l.level === 'ERROR' && l.details.includes(param))).toBe(true);
  });

  it('RS256 is refused with a message that says NetSuite no longer accepts it', async () => {
    const t = await createTestAccount();
    t.configureRefresher({ [P.algorithm]: 'RS256' });
    t.runRefresher();
    expect(String(t.tokenRecord()![F.lastError])).toMatch(/RS256.*NetSuite no longer accepts it/);
  });
});

describe('refresher: key problems are named', () => {
  it.each([
    ['an encrypted key', async (t: TestAccount) => (await import('../../tools/keys')).encryptPrivateKey(t.key.privateKeyPem, 'pw'), /encrypted private key/],
    ['a certificate given as the key', async (t: TestAccount) => t.key.certificatePem, /certificate, not a private key/],
    ['an RSA-2048 key', async () => (await cachedSigningKey({ alg: 'RS256', rsaBits: 2048 })).privateKeyPem, /3072 or 4096/],
    ['an EC key for PS256', async () => (await cachedSigningKey({ alg: 'ES256' })).privateKeyPem, /needs an RSA key/],
  ])('%s', async (_name, contents, message) => {
    const t = await createTestAccount();
    t.account.addFile({ path: KEY_PATH, contents: await contents(t) });
    t.configureRefresher();
    t.runRefresher();
    expect(t.account.https.requests).toHaveLength(0);
    expect(String(t.tokenRecord()![F.lastError])).toMatch(message);
  });

  it('a missing key file', async () => {
    const t = await createTestAccount();
    t.configureRefresher({ [P.privateKeyFile]: '/SuiteScripts/OAuthKeys/missing.pem' });
    t.runRefresher();
    expect(String(t.tokenRecord()![F.lastError])).toMatch(/missing\.pem cannot be read/);
  });
});

describe('refresher: token endpoint faults', () => {
  async function withValidToken(): Promise<{ t: TestAccount; token: string }> {
    const t = await createTestAccount();
    t.configureRefresher();
    t.runRefresher();
    const token = issuedTokens(t)[0]!;
    t.clock.advance(45 * MIN); // inside the margin: the next run refreshes, the token is still valid
    t.account.emails.length = 0;
    return { t, token };
  }

  it.each([
    ['400 invalid_grant', { kind: 'status', code: 400, error: 'invalid_grant' } as const, 1, /invalid_grant/],
    ['401 invalid_client', { kind: 'status', code: 401, error: 'invalid_client' } as const, 1, /invalid_client/],
    ['500 with an HTML page', { kind: 'html500' } as const, 3, /HTML page/],
    ['503', { kind: 'status503' } as const, 3, /HTTP 503/],
    ['a non-JSON body', { kind: 'nonJson' } as const, 3, /instead of JSON/],
    ['an empty body', { kind: 'emptyBody' } as const, 3, /empty body/],
    ['a network error', { kind: 'network' } as const, 3, /network error/],
  ])('%s: keeps the valid token, records the error, alerts once; the next good run clears it', async (_name, fault, attempts, message) => {
    const { t, token } = await withValidToken();
    t.endpoint.injectFault(fault, 'always');
    const before = t.endpoint.requests.length;
    const run = t.runRefresher();
    expect(run.ok).toBe(true); // handled: no uncaught error, no NetSuite error email to the owner
    expect(t.endpoint.requests.length - before).toBe(attempts); // refusals are not retried; transient errors are
    const rec = t.tokenRecord()!;
    expect(rec[F.token]).toBe(token);
    expect(statusName(t)).toBe('Error');
    expect(String(rec[F.lastError])).toMatch(message);
    expect(String(rec[F.lastError])).toMatch(/^2026-01-15T10:45:00\.000Z /);
    expect(t.account.emails).toHaveLength(1);
    expect(t.account.emails[0]!.recipients).toEqual(['ops@example.com']);
    // A persisting failure does not alert again.
    t.runRefresher();
    expect(t.account.emails).toHaveLength(1);
    // Once the old token lapses: Expired, token cleared, one more alert.
    t.clock.advance(20 * MIN);
    t.runRefresher();
    expect(statusName(t)).toBe('Expired');
    expect(t.tokenRecord()![F.token] ?? '').toBe('');
    expect(t.account.emails).toHaveLength(2);
    // The next good run clears the error and says so.
    t.endpoint.clearFaults();
    t.runRefresher();
    expect(statusName(t)).toBe('Active');
    expect(t.tokenRecord()![F.lastError] ?? '').toBe('');
    expect(t.account.emails.at(-1)!.subject).toMatch(/recovered/);
    expectNoSecrets(t, [token, issuedTokens(t)[0]!]);
  });
});
