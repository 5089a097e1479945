// doctor --live and token against a local HTTP server wrapping the fake NetSuite token endpoint.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { adviceFor } from '../../src/TypeScript/core/tokenResponse';
import { cachedSigningKey } from '../../tools/keys';
import { ACCOUNT, CLIENT_ID, closedPortUrl, type FakeNetSuite, removeTmpDirs, run, runBin, startFakeNetSuite, tmpDir, writeKeyPair } from './helpers';

let ns: FakeNetSuite;
let dir: string;
let es256: { key: string; cert: string };
let ps: { key: string; cert: string };

beforeAll(async () => {
  const [a, b] = await Promise.all([cachedSigningKey({ alg: 'ES256' }), cachedSigningKey({ alg: 'PS256', rsaBits: 3072 })]);
  dir = tmpDir();
  es256 = writeKeyPair(dir, 'es256', a);
  ps = writeKeyPair(dir, 'ps256', b);
  ns = await startFakeNetSuite();
  ns.endpoint.registerIntegration({
    clientId: CLIENT_ID,
    certificates: [
      { certificateId: 'cert-es256', certificatePem: a.certificatePem },
      { certificateId: 'cert-ps256', certificatePem: b.certificatePem },
    ],
  });
});
afterAll(async () => {
  await ns.close();
  removeTmpDirs();
});

const es = (...extra: string[]) => ['--account-id', ACCOUNT, '--client-id', CLIENT_ID, '--certificate-id', 'cert-es256', '--alg', 'ES256', '--key', es256.key, '--cert', es256.cert, ...extra];
const local = () => ['--token-url', ns.url];
const noTokenIn = (text: string) => {
  expect(ns.issued.length).toBeGreaterThan(0);
  for (const t of ns.issued) expect(text).not.toContain(t);
};

describe('ns-oauth doctor --live', () => {
  it('requests a token with the configuration (ES256) and prints its length and expiry, never the token', async () => {
    const before = ns.issued.length;
    const r = await run(['doctor', ...es('--live'), ...local()]);
    expect(r.code).toBe(0);
    expect(ns.issued.length).toBe(before + 1);
    const token = ns.issued[ns.issued.length - 1] as string;
    expect(r.stdout).toContain(`✓ NetSuite issued a Bearer token (${token.length} characters, sha256:`);
    expect(r.stdout).toMatch(/valid 3600 s, until 20\d\d-\d\d-\d\dT/);
    // --token-url is a warning naming NetSuite's URL, which stays the assertion's audience.
    expect(r.stdout).toContain(`! token requests go to ${ns.url} (--token-url, testing only)`);
    expect(r.stdout).toContain("NetSuite's URL https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token stays the assertion's audience");
    noTokenIn(r.stdout + r.stderr);
    const json = await run(['doctor', ...es('--live', '--json'), ...local()]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).token).toEqual({ length: expect.any(Number), fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{8}$/), expires_in: 3600, expires_at: expect.any(String) });
    noTokenIn(json.stdout + json.stderr);
  });

  it('signs PS256 (RSA-PSS, RSA 3072) with the same core assertion code and gets a token', async () => {
    const r = await run(['doctor', '--account-id', ACCOUNT, '--client-id', CLIENT_ID, '--certificate-id', 'cert-ps256', '--key', ps.key, '--live', ...local()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ NetSuite issued a Bearer token');
    const last = ns.endpoint.requests[ns.endpoint.requests.length - 1];
    expect(last?.outcome).toMatch(/^issued: .*certificate cert-ps256, PS256/);
  });

  it('wrong certificate id (kid): exit 1, advice about the kid and its mapping', async () => {
    const r = await run(['doctor', ...es('--live'), ...local(), '--certificate-id', 'cert-unknown']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ NetSuite refused the token request: HTTP 40\d invalid_(client|grant)/);
    expect(r.stdout).toMatch(/certificate id \(kid\) "cert-unknown" is mapped to this client id/);
    expect(r.stdout).toContain('OAuth 2.0 Client Credentials (M2M) Setup');
  });

  it('invalid_grant (assertion already expired by NetSuite\'s clock): exit 1 with the invalid_grant advice', async () => {
    const ahead = await startFakeNetSuite({ now: () => Date.now() + 2 * 3600_000 });
    try {
      const a = await cachedSigningKey({ alg: 'ES256' });
      ahead.endpoint.registerIntegration({ clientId: CLIENT_ID, certificates: [{ certificateId: 'cert-es256', certificatePem: a.certificatePem }] });
      const r = await run(['doctor', ...es('--live'), '--token-url', ahead.url]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('✗ NetSuite refused the token request: HTTP 400 invalid_grant');
      expect(r.stdout).toContain(`fix: ${adviceFor('invalid_grant')}`);
      expect(r.stdout).toContain('Login Audit Trail');
    } finally {
      await ahead.close();
    }
  });

  it('invalid_client (unknown client id): exit 1 with advice about the client id and the integration', async () => {
    const r = await run(['doctor', ...es('--live'), ...local(), '--client-id', 'someone-else']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('HTTP 401 invalid_client');
    expect(r.stdout).toContain(adviceFor('invalid_client'));
  });

  it('network error (closed port): exit 3 with DNS/proxy/firewall advice', async () => {
    const r = await run(['doctor', ...es('--live'), '--token-url', await closedPortUrl()]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/✗ token request failed: could not reach 127\.0\.0\.1:\d+: ECONNREFUSED\n {4}fix: .*firewall or proxy/);
  });

  it('skips the request when a local check fails (nothing is sent)', async () => {
    const sent = ns.endpoint.requests.length;
    const r = await run(['doctor', ...es('--live'), ...local(), '--alg', 'RS256']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('- live token request skipped\n    fix: fix the failures above first.');
    expect(ns.endpoint.requests.length).toBe(sent);
  });

  it('needs the private key for --live', async () => {
    const r = await run(['doctor', '--account-id', ACCOUNT, '--client-id', CLIENT_ID, '--certificate-id', 'cert-es256', '--live', ...local()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ private key not given');
  });
});

describe('ns-oauth token', () => {
  it('--json prints {access_token, token_type, expires_in, expires_at} for a token NetSuite accepts', async () => {
    const started = Date.now();
    const r = await run(['token', ...es('--json'), ...local()]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual(['access_token', 'token_type', 'expires_in', 'expires_at']);
    expect(j['access_token']).toBe(ns.issued[ns.issued.length - 1]);
    expect(j['token_type']).toBe('Bearer');
    expect(j['expires_in']).toBe(3600);
    const expiresAt = Date.parse(j['expires_at'] as string);
    expect(expiresAt).toBeGreaterThanOrEqual(started + 3600_000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000);
    expect(ns.endpoint.verifyAccessToken(j['access_token'] as string)).toMatchObject({ ok: true, clientId: CLIENT_ID });
    expect(r.stderr).toContain('--token-url, testing only');
  });

  it('prints JSON by default, and only the token with --raw (for ACCESS_TOKEN=$(ns-oauth token --raw ...))', async () => {
    const json = await run(['token', ...es(), ...local()]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ access_token: ns.issued[ns.issued.length - 1], token_type: 'Bearer' });
    const r = await run(['token', ...es('--raw'), ...local()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${ns.issued[ns.issued.length - 1]}\n`);
  });

  it('refused: exit 1, advice on stderr, nothing on stdout', async () => {
    const r = await run(['token', ...es(), ...local(), '--certificate-id', 'cert-unknown']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^ns-oauth token: NetSuite refused the token request: HTTP 401 invalid_client\n {2}fix: /m);
    expect(r.stderr).toContain('kid');
  });

  it('HTTP 503 or a dropped connection: exit 3 (retry later)', async () => {
    ns.endpoint.injectFault({ kind: 'status503' });
    const r = await run(['token', ...es(), ...local()]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('HTTP 503');
    ns.endpoint.injectFault({ kind: 'network' });
    const dropped = await run(['token', ...es(), ...local()]);
    expect(dropped.code).toBe(3);
    expect(dropped.stderr).toMatch(/could not reach 127\.0\.0\.1:\d+/);
    expect(dropped.stdout).toBe('');
  });

  it('an invalid configuration exits 2 and sends nothing', async () => {
    const sent = ns.endpoint.requests.length;
    const r = await run(['token', ...es(), ...local(), '--alg', 'RS256']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('✗ algorithm');
    expect(r.stderr).toContain('no request was sent');
    const noKey = await run(['token', '--account-id', ACCOUNT, '--client-id', CLIENT_ID, '--certificate-id', 'cert-es256', ...local()]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('✗ private key not given');
    expect(ns.endpoint.requests.length).toBe(sent);
  });

  it('end to end (bin/ns-oauth.js): token --json with a config file exits 0; doctor --live on a closed port exits 3', async () => {
    const cfg = path.join(dir, 'netsuite.json');
    fs.writeFileSync(cfg, JSON.stringify({ accountId: ACCOUNT, clientId: CLIENT_ID, certificateId: 'cert-es256', algorithm: 'ES256', privateKeyFile: 'es256.key.pem' }));
    const [ok, down] = await Promise.all([
      runBin(['token', '--config', cfg, '--json', '--token-url', ns.url]),
      runBin(['doctor', '--config', cfg, '--live', '--token-url', await closedPortUrl()]),
    ]);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as { access_token: string }).access_token).toBe(ns.issued[ns.issued.length - 1]);
    expect(down.code).toBe(3);
    expect(down.stdout).toContain('ECONNREFUSED');
  });
});
