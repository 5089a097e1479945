// doctor/token with a config file holding several token profiles (DESIGN.md section 3), a token
// endpoint override in the config (loopback only), and --local for the local NetSuite stand-in.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cachedSigningKey } from '../../tools/keys';
import { ACCOUNT, CLIENT_ID, type FakeNetSuite, removeTmpDirs, run, startFakeNetSuite, tmpDir } from './helpers';

const WAREHOUSE_CLIENT = 'f'.repeat(64);
let ns: FakeNetSuite;
let dir: string;

const writeConfig = (config: unknown, name = 'netsuite.json'): string => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
};

beforeAll(async () => {
  const [ps, es] = await Promise.all([cachedSigningKey({ alg: 'PS256', rsaBits: 3072 }), cachedSigningKey({ alg: 'ES256' })]);
  dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'default_key.pem'), ps.privateKeyPem, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'default_cert.pem'), ps.certificatePem);
  fs.writeFileSync(path.join(dir, 'wh_key.pem'), es.privateKeyPem, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'wh_cert.pem'), es.certificatePem);
  ns = await startFakeNetSuite();
  ns.endpoint.registerIntegration({ clientId: CLIENT_ID, certificates: [{ certificateId: 'cert-default', certificatePem: ps.certificatePem }] });
  ns.endpoint.registerIntegration({ clientId: WAREHOUSE_CLIENT, certificates: [{ certificateId: 'cert-warehouse', certificatePem: es.certificatePem }] });
});
afterAll(async () => {
  await ns.close();
  removeTmpDirs();
});

const twoProfiles = (extra: Record<string, unknown> = {}) => ({
  accountId: ACCOUNT,
  clientId: CLIENT_ID,
  certificateId: 'cert-default',
  privateKeyFile: 'default_key.pem',
  certificateFile: 'default_cert.pem',
  tokenEndpoint: ns.url,
  profiles: {
    warehouse: { clientId: WAREHOUSE_CLIENT, certificateId: 'cert-warehouse', privateKeyFile: 'wh_key.pem', certificateFile: 'wh_cert.pem', algorithm: 'ES256', scope: ['rest_webservices', 'suite_analytics'] },
  },
  ...extra,
});

describe('doctor --profile', () => {
  it('checks the named profile with its own client, certificate, key and algorithm, and the shared account id', async () => {
    const config = writeConfig(twoProfiles());
    const r = await run(['doctor', '--config', config, '--profile', 'warehouse', '--live']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ profile warehouse');
    expect(r.stdout).toContain('profiles: default, warehouse');
    expect(r.stdout).toMatch(/EC P-256.*fits ES256/);
    expect(r.stdout).toContain(`! token requests go to ${ns.url} (${config}: tokenEndpoint, testing only)`);
    expect(r.stdout).toContain('✓ NetSuite issued a Bearer token');
    // Without --profile: the top-level (default) profile, PS256 with the RSA key.
    const d = await run(['doctor', '--config', config, '--live']);
    expect(d.code).toBe(0);
    expect(d.stdout).toContain('✓ profile default');
    expect(d.stdout).toMatch(/RSA 3072 bits.*fits PS256/);
  });

  it("never fills a profile from the default profile's mapping: a profile without certificateId fails on it", async () => {
    const cfg = twoProfiles();
    delete (cfg.profiles.warehouse as Record<string, unknown>)['certificateId'];
    const r = await run(['doctor', '--config', writeConfig(cfg), '--profile', 'warehouse', '--json']);
    expect(r.code).toBe(1);
    const checks = (JSON.parse(r.stdout) as { checks: { id: string; status: string; title: string }[] }).checks;
    expect(checks.filter((c) => c.status === 'fail').map((c) => c.title).join('\n')).toMatch(/certificate id/i);
    expect(JSON.stringify(checks)).not.toContain('cert-default');
  });

  it('exits 2 for an unknown profile (listing the ones there are), a shared key inside a profile, or --profile without a config', async () => {
    const config = writeConfig(twoProfiles());
    const unknown = await run(['doctor', '--config', config, '--profile', 'crm']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('has no profile "crm"');
    expect(unknown.stderr).toContain('its profiles: default, warehouse');
    const shared = twoProfiles();
    (shared.profiles.warehouse as Record<string, unknown>)['accountId'] = '7654321';
    const r = await run(['doctor', '--config', writeConfig(shared, 'shared.json'), '--profile', 'warehouse']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('profiles.warehouse.accountId is installation-wide, not part of a profile; set it at the top level');
    const none = await run(['doctor', '--profile', 'warehouse', '--account-id', ACCOUNT]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--profile warehouse needs a config file');
  });

  it('token --profile gets the profile its own token', async () => {
    const before = ns.issued.length;
    const r = await run(['token', '--config', writeConfig(twoProfiles()), '--profile', 'warehouse', '--raw']);
    expect(r.code).toBe(0);
    expect(ns.issued.length).toBe(before + 1);
    expect(r.stdout.trim()).toBe(ns.issued[ns.issued.length - 1]);
  });
});

describe('tokenEndpoint in the config and --local', () => {
  it('refuses a tokenEndpoint that is not on this machine (the signed assertion must not travel)', async () => {
    for (const url of ['http://example.com/token', 'https://10.0.0.5/services/rest/auth/oauth2/v1/token', 'ftp://127.0.0.1/x']) {
      const r = await run(['doctor', '--config', writeConfig(twoProfiles({ tokenEndpoint: url }), 'far.json')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('tokenEndpoint: only http(s) URLs on this machine');
    }
  });

  it("--local reads the stand-in's account folder (local.json, key, certificate) and asks its token endpoint", async () => {
    const local = path.join(tmpDir(), '.local-account');
    fs.mkdirSync(local);
    fs.copyFileSync(path.join(dir, 'wh_key.pem'), path.join(local, 'private_key.pem'));
    fs.copyFileSync(path.join(dir, 'wh_cert.pem'), path.join(local, 'certificate.pem'));
    fs.writeFileSync(path.join(local, 'local.json'), JSON.stringify({ version: 1, accountId: ACCOUNT, clientId: WAREHOUSE_CLIENT, certificateId: 'cert-warehouse', key: { alg: 'ES256' }, issuedTokens: [] }));
    const port = new URL(ns.url).port;
    const saved = process.env['NS_LOCAL_PORT'];
    process.env['NS_LOCAL_PORT'] = port;
    try {
      const r = await run(['doctor', '--local', local, '--live']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`! token requests go to http://127.0.0.1:${port}/services/rest/auth/oauth2/v1/token (--local, testing only)`);
      expect(r.stdout).toContain('✓ NetSuite issued a Bearer token');
    } finally {
      if (saved === undefined) delete process.env['NS_LOCAL_PORT'];
      else process.env['NS_LOCAL_PORT'] = saved;
    }
    const missing = await run(['doctor', '--local', path.join(dir, 'nothing-here')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('npm start');
  });
});
