import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPrivateKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Check } from '../../tools/cli/checks';
import { cachedSigningKey, createSelfSignedCertificate, encryptPrivateKey, generateSigningKey } from '../../tools/keys';
import { removeTmpDirs, run, tmpDir, writeKeyPair } from './helpers';

const DAY = 86_400_000;
type Pair = { key: string; cert: string };
let dir: string;
let es256: Pair;
let es256Other: Pair;
let es384: Pair;
let rsa3072: Pair;
let rsa2048: Pair;
let expired: Pair;
let tooLong: Pair;
let expiringSoon: Pair;
let notYetValid: Pair;
let encryptedKey: string;

beforeAll(async () => {
  dir = tmpDir();
  const now = Date.now();
  const [a, b, c, d, e, f, g, h] = await Promise.all([
    cachedSigningKey({ alg: 'ES256' }),
    generateSigningKey({ alg: 'ES256', commonName: 'other' }),
    cachedSigningKey({ alg: 'ES384' }),
    cachedSigningKey({ alg: 'PS256', rsaBits: 3072 }),
    cachedSigningKey({ alg: 'RS256', rsaBits: 2048 }), // tools/keys makes 2048-bit keys for negative tests only
    generateSigningKey({ alg: 'ES256', days: 730, notBefore: new Date(now - 800 * DAY) }),
    generateSigningKey({ alg: 'ES256', days: 40, notBefore: new Date(now - 30 * DAY) }),
    generateSigningKey({ alg: 'ES256', days: 30, notBefore: new Date(now + 2 * DAY) }),
  ]);
  es256 = writeKeyPair(dir, 'es256', a);
  es256Other = writeKeyPair(dir, 'es256-other', b);
  es384 = writeKeyPair(dir, 'es384', c);
  rsa3072 = writeKeyPair(dir, 'rsa3072', d);
  rsa2048 = writeKeyPair(dir, 'rsa2048', e);
  expired = writeKeyPair(dir, 'expired', f);
  expiringSoon = writeKeyPair(dir, 'soon', g);
  notYetValid = writeKeyPair(dir, 'future', h);
  // NetSuite refuses certificates valid for more than two years; tools/keys will not make one.
  const longCert = await createSelfSignedCertificate({ privateKey: createPrivateKey(a.privateKeyPem), commonName: 'long', notBefore: new Date(now - DAY), notAfter: new Date(now + 800 * DAY) });
  tooLong = writeKeyPair(dir, 'long', { privateKeyPem: a.privateKeyPem, certificatePem: longCert.certificatePem });
  encryptedKey = path.join(dir, 'encrypted.key.pem');
  fs.writeFileSync(encryptedKey, encryptPrivateKey(a.privateKeyPem, 'passphrase'), { mode: 0o600 });
});
afterAll(removeTmpDirs);

const IDS = ['--account-id', '1234567_SB1', '--client-id', 'client-123', '--certificate-id', 'cert-abc'];
const doctor = (...args: string[]) => run(['doctor', ...IDS, ...args], { cwd: dir });
const doctorJson = async (...args: string[]) => {
  const r = await run(['doctor', ...IDS, ...args, '--json'], { cwd: dir });
  return { code: r.code, report: JSON.parse(r.stdout) as { ok: boolean; failures: number; warnings: number; checks: Check[] } };
};
const failed = (checks: Check[]) => checks.filter((c) => c.status === 'fail');

describe('ns-oauth doctor: a good configuration', () => {
  it('passes ES256 and PS256 (RSA 3072) with every check ✓ and exit 0', async () => {
    const r = await doctor('--key', es256.key, '--cert', es256.cert, '--alg', 'ES256');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ account id 1234567_SB1');
    expect(r.stdout).toContain('token URL: https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token');
    expect(r.stdout).toContain('✓ private key es256.key.pem: EC P-256 (PKCS#8), fits ES256');
    expect(r.stdout).toContain('✓ certificate matches the private key');
    expect(r.stdout).toMatch(/✓ certificate valid for 72\d more days/);
    expect(r.stdout).not.toMatch(/^[✗!]/m);
    const ps = await doctor('--key', rsa3072.key, '--cert', rsa3072.cert);
    expect(ps.code).toBe(0);
    expect(ps.stdout).toContain('✓ algorithm PS256 (default)');
    expect(ps.stdout).toContain('RSA 3072 bits (PKCS#8), fits PS256');
  });

  it('warns (exit 0) when no key or certificate is given, and when the certificate expires within 30 days', async () => {
    const none = await doctor();
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('! private key not checked (none given)');
    const soon = await doctor('--key', expiringSoon.key, '--cert', expiringSoon.cert, '--alg', 'ES256');
    expect(soon.code).toBe(0);
    expect(soon.stdout).toMatch(/! certificate expires in (9|10) day\(s\)\n.*\n {4}fix: rotate now: make a new key and certificate with `ns-oauth keygen`/);
  });

  it('reads a config file with friendly keys (paths relative to the file) and one with the refresher\'s parameter names; flags override it', async () => {
    const cfgDir = path.join(dir, 'cfg');
    fs.mkdirSync(cfgDir, { recursive: true });
    fs.writeFileSync(path.join(cfgDir, 'friendly.json'), JSON.stringify({
      accountId: '1234567', clientId: 'c', certificateId: 'k', algorithm: 'ES256', scope: ['rest_webservices', 'restlets'],
      privateKeyFile: '../es256.key.pem', certificateFile: '../es256.cert.pem',
    }));
    const friendly = await run(['doctor', '--config', 'cfg/friendly.json'], { cwd: dir });
    expect(friendly.code).toBe(0);
    expect(friendly.stdout).toContain('✓ scope rest_webservices,restlets');
    expect(friendly.stdout).toContain('✓ certificate matches the private key');

    fs.writeFileSync(path.join(cfgDir, 'params.json'), JSON.stringify({
      custscript_oauth_account_id: 'not an account', custscript_oauth_client_id: 'c', custscript_oauth_certificate_id: 'k',
      custscript_oauth_private_key_file: '/SuiteScripts/OAuthKeys/private_key.pem', custscript_oauth_algorithm: 'ES256', custscript_oauth_refresh_margin: 20,
    }));
    const bad = await run(['doctor', '--config', 'cfg/params.json', '--key', es256.key], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('(from cfg/params.json: custscript_oauth_account_id)');
    const overridden = await run(['doctor', '--config', 'cfg/params.json', '--key', es256.key, '--account-id', '7654321'], { cwd: dir });
    expect(overridden.code).toBe(0);
    expect(overridden.stdout).toContain('✓ account id 7654321');
  });
});

describe('ns-oauth doctor: each problem fails (exit 1) with a fix', () => {
  it.each([
    ['RSA-2048 key', () => ['--key', rsa2048.key, '--cert', rsa2048.cert], 'private-key', /the RSA key has 2048 bits; NetSuite accepts 3072 or 4096-bit RSA keys only/, /ns-oauth keygen.*--bits 3072 or 4096/],
    ['wrong curve (P-384 key for ES256)', () => ['--key', es384.key, '--alg', 'ES256'], 'private-key', /ES256 needs an EC key on P-256, but the key is on P-384/, /ES384/],
    ['EC key for PS256', () => ['--key', es256.key], 'private-key', /PS256 needs an RSA key, but the key is an EC key/, /ES256/],
    ['RS256', () => ['--key', rsa3072.key, '--alg', 'RS256'], 'algorithm', /RS256 \(RSA PKCS#1 v1.5\) is not accepted/, /PS256/],
    ['encrypted key', () => ['--key', encryptedKey, '--alg', 'ES256'], 'private-key', /holds an encrypted private key/, /unencrypted/],
    ['certificate given as key', () => ['--key', es256.cert, '--alg', 'ES256'], 'private-key', /holds a certificate, not a private key/, /--key/],
    ['key given as certificate', () => ['--key', es256.key, '--cert', es256.key, '--alg', 'ES256'], 'certificate', /holds a private key, not a certificate/, /Never upload a private key/],
    ['missing key file', () => ['--key', 'nope.pem'], 'private-key', /nope\.pem does not exist/, /path/],
    ['certificate/key mismatch', () => ['--key', es256.key, '--cert', es256Other.cert, '--alg', 'ES256'], 'certificate-key-match', /different public key/, /ns-oauth keygen writes both/],
    ['expired certificate', () => ['--key', expired.key, '--cert', expired.cert, '--alg', 'ES256'], 'certificate-validity', /certificate has expired\nvalid 20\d\d-.* to 20\d\d-/, /revoke the old mapping/],
    ['certificate not yet valid', () => ['--key', notYetValid.key, '--cert', notYetValid.cert, '--alg', 'ES256'], 'certificate-validity', /certificate is not valid yet/, /clock/],
    ['certificate valid > 730 days', () => ['--key', tooLong.key, '--cert', tooLong.cert, '--alg', 'ES256'], 'certificate-lifetime', /at most 730 days/, /--days 730/],
    ['RSA-2048 certificate without its key', () => ['--cert', rsa2048.cert], 'certificate-key-type', /2048 bits/, /keygen/],
    ['bad scope', () => ['--scope', 'rest_webservices,everything'], 'scope', /"everything" is not a NetSuite scope/, /restlets, rest_webservices/],
  ])('%s', async (_name, args, checkId, detail, fix) => {
    const { code, report } = await doctorJson(...args());
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    const check = report.checks.find((c) => c.id === checkId && c.status === 'fail');
    expect(check).toBeDefined();
    expect([check?.title, ...(check?.details ?? [])].join('\n')).toMatch(detail);
    expect(check?.fix).toMatch(fix);
    for (const c of failed(report.checks)) expect(c.fix).toEqual(expect.any(String));
  });

  it('checks the refresher-only parameters of a config file by the refresher\'s rules, one failure each', async () => {
    fs.writeFileSync(path.join(dir, 'refresher-only.json'), JSON.stringify({
      signingCertificate: 'my-cert', refreshMargin: 75, alertEmail: ['ops@example.com', 'not-an-address'],
    }));
    const { code, report } = await doctorJson('--config', 'refresher-only.json');
    expect(code).toBe(1);
    expect(failed(report.checks).map((c) => c.id)).toEqual(['signing-certificate', 'refresh-margin', 'alert-email']);
    expect(report.checks.find((c) => c.id === 'signing-certificate')?.details?.[0]).toMatch(/starting with "custcertificate"/);
  });

  it('rejects an account id that would redirect the assertion (1234567.evil.com) and shows no URL for it', async () => {
    const r = await run(['doctor', '--account-id', '1234567.evil.com', '--client-id', 'c', '--certificate-id', 'k'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ account id\n {4}custscript_oauth_account_id: is not a NetSuite account id.*\(from --account-id\)\n {4}fix: set --account-id/);
    expect(r.stdout).not.toContain('evil.com.suitetalk');
    expect(r.stdout).not.toContain('token URL');
  });

  it('reports every bad parameter at once, each with its fix', async () => {
    const r = await run(['doctor', '--account-id', '', '--client-id', 'has space', '--alg', 'RS256', '--scope', 'x'], { cwd: dir });
    expect(r.code).toBe(1);
    for (const what of ['account id', 'client id', 'certificate id', 'algorithm', 'scope']) expect(r.stdout).toContain(`✗ ${what}\n`);
    expect(r.stdout.match(/^ {4}fix: /gm)?.length).toBeGreaterThanOrEqual(5);
    expect(r.stdout).toMatch(/5 failure\(s\)/);
  });

  it('fails a key kept inside an SDF project, and warns about a key readable by others', async () => {
    const project = path.join(dir, 'sdf-project');
    fs.mkdirSync(path.join(project, 'FileCabinet'), { recursive: true });
    fs.writeFileSync(path.join(project, 'manifest.xml'), '<manifest/>');
    fs.writeFileSync(path.join(project, 'deploy.xml'), '<deploy/>');
    const inside = path.join(project, 'FileCabinet', 'key.pem');
    fs.copyFileSync(es256.key, inside);
    const { code, report } = await doctorJson('--key', inside, '--alg', 'ES256');
    expect(code).toBe(1);
    expect(report.checks.find((c) => c.id === 'private-key-location')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/move the key out of the project/) });

    const open = path.join(dir, 'open.key.pem');
    fs.copyFileSync(es256.key, open);
    fs.chmodSync(open, 0o644);
    const r = await doctor('--key', open, '--alg', 'ES256');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('! private key file is readable by other users (mode 644)\n    fix: chmod 600 open.key.pem');
  });
});

describe('ns-oauth doctor: usage errors exit 2', () => {
  it.each([
    ['a missing config file', ['--config', 'missing.json'], /cannot read the config file missing\.json: no such file/],
    ['a config file that is not JSON', ['--config', 'es256.key.pem'], /is not valid JSON/],
    ['an unknown config key', ['--config', 'typo.json'], /unknown key "acountId"/],
    ['a --token-url on another host', ['--token-url', 'https://collector.example.com/token'], /only http\(s\) URLs on this machine/],
    ['an unknown option', ['--acount-id', '1'], /unknown option '--acount-id'/],
  ])('%s', async (_name, args, message) => {
    fs.writeFileSync(path.join(dir, 'typo.json'), JSON.stringify({ acountId: '1234567' }));
    const r = await run(['doctor', ...args], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});
