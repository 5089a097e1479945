import { afterAll, describe, expect, it } from '@jest/globals';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { removeTmpDirs, REPO_ROOT, run, runBin, tmpDir } from './helpers';

afterAll(removeTmpDirs);

const DAY = 86_400_000;
const mode = (p: string): number => fs.statSync(p).mode & 0o777;

describe('ns-oauth keygen', () => {
  it('writes an ES256 key (0600) and a matching certificate valid --days days, and prints the next steps', async () => {
    const out = path.join(tmpDir(), 'new-folder');
    const r = await run(['keygen', '--alg', 'ES256', '--days', '365', '--out', out]);
    expect(r.code).toBe(0);
    const keyFile = path.join(out, 'private_key.pem');
    const certFile = path.join(out, 'certificate.pem');
    expect(mode(keyFile)).toBe(0o600);
    expect(mode(certFile)).toBe(0o600);
    expect(mode(out)).toBe(0o700);

    const key = createPrivateKey(fs.readFileSync(keyFile));
    expect(key.asymmetricKeyType).toBe('ec');
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const cert = new X509Certificate(fs.readFileSync(certFile));
    expect(cert.checkPrivateKey(key)).toBe(true);
    const lifetime = new Date(cert.validTo).getTime() - new Date(cert.validFrom).getTime();
    expect(lifetime).toBe(365 * DAY);

    // Next steps: which file goes where, which parameters to set; never the key itself.
    expect(r.stdout).toContain('OAuth 2.0 Client Credentials (M2M) Setup');
    expect(r.stdout).toMatch(/upload \S*certificate\.pem \(the certificate, never the key\)/);
    expect(r.stdout).toMatch(/File Cabinet: upload \S*private_key\.pem/);
    expect(r.stdout).toContain('custscript_oauth_certificate_id');
    expect(r.stdout).toContain('custscript_oauth_private_key_file');
    expect(r.stdout).toMatch(/custscript_oauth_algorithm\s+= ES256 \(required/);
    expect(r.stdout + r.stderr).not.toContain('PRIVATE KEY-----');
  });

  it('never overwrites: a second run into the same folder exits 2 and leaves both files as they were', async () => {
    const out = tmpDir();
    expect((await run(['keygen', '--alg', 'ES256', '--out', out])).code).toBe(0);
    const before = fs.readFileSync(path.join(out, 'private_key.pem'), 'utf8');
    const certBefore = fs.readFileSync(path.join(out, 'certificate.pem'), 'utf8');
    const r = await run(['keygen', '--alg', 'ES256', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/private_key\.pem already exists; ns-oauth never overwrites/);
    expect(r.stderr).toContain('fix: ');
    expect(fs.readFileSync(path.join(out, 'private_key.pem'), 'utf8')).toBe(before);
    expect(fs.readFileSync(path.join(out, 'certificate.pem'), 'utf8')).toBe(certBefore);
  });

  it('refuses when only the certificate exists, writing nothing', async () => {
    const out = tmpDir();
    fs.writeFileSync(path.join(out, 'certificate.pem'), 'old');
    const r = await run(['keygen', '--alg', 'ES256', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('certificate.pem already exists');
    expect(fs.existsSync(path.join(out, 'private_key.pem'))).toBe(false);
    expect(fs.readFileSync(path.join(out, 'certificate.pem'), 'utf8')).toBe('old');
  });

  it("refuses to write into the project's src/ folder (SDF would deploy the key), creating nothing", async () => {
    const inside = path.join(REPO_ROOT, 'src', 'FileCabinet', `cli-test-${process.pid}`);
    const r = await run(['keygen', '--alg', 'ES256', '--out', inside]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to write a private key into .*inside the SDF project/);
    expect(r.stderr).toContain('suitecloud project:deploy');
    expect(fs.existsSync(inside)).toBe(false);
    // Relative --out resolved against the working directory.
    const rel = await run(['keygen', '--alg', 'ES256', '--out', 'src'], { cwd: REPO_ROOT });
    expect(rel.code).toBe(2);
    expect(fs.existsSync(path.join(REPO_ROOT, 'src', 'private_key.pem'))).toBe(false);
  });

  it('refuses any SDF project folder (manifest.xml + deploy.xml), not only this one', async () => {
    const project = tmpDir();
    fs.writeFileSync(path.join(project, 'manifest.xml'), '<manifest/>');
    fs.writeFileSync(path.join(project, 'deploy.xml'), '<deploy/>');
    const r = await run(['keygen', '--alg', 'ES256', '--out', path.join(project, 'FileCabinet', 'SuiteScripts')]);
    expect(r.code).toBe(2);
    expect(fs.existsSync(path.join(project, 'FileCabinet'))).toBe(false);
  });

  it.each([
    [['--alg', 'RS256'], /RS256 .*not accepted.*PS256/s],
    [['--alg', 'HS256'], /HS256/],
    [['--alg', 'XYZ'], /not a signing algorithm/],
    [['--days', '731'], /--days must be a whole number from 1 to 730/],
    [['--days', '0'], /--days must be a whole number from 1 to 730/],
    [['--days', 'ten'], /--days must be a whole number/],
    [['--bits', '2048'], /--bits for PS256 must be 3072 or 4096/],
    [['--alg', 'ES256', '--bits', '4096'], /--bits does not apply to ES256/],
    [['--force'], /unknown option '--force'/],
  ])('exits 2 for %j', async (args, message) => {
    const out = tmpDir();
    const r = await run(['keygen', ...args, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it('--json describes what was written (ES384, P-384, 30 days, common name)', async () => {
    const out = tmpDir();
    const r = await run(['keygen', '--alg', 'ES384', '--days', '30', '--cn', 'acme m2m', '--out', out, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(j).toMatchObject({ algorithm: 'ES384', keyType: 'EC', curve: 'P-384', commonName: 'acme m2m', days: 30, privateKeyFile: path.join(out, 'private_key.pem') });
    expect(Date.parse(j['notAfter'] as string) - Date.parse(j['notBefore'] as string)).toBe(30 * DAY);
    expect(new X509Certificate(fs.readFileSync(path.join(out, 'certificate.pem'))).subject).toBe('CN=acme m2m');
  });

  it('end to end (bin/ns-oauth.js from another folder): defaults to PS256 with RSA 4096 and 730 days; doctor accepts the pair', async () => {
    const cwd = tmpDir();
    const r = await runBin(['keygen', '--out', 'keys'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const keyFile = path.join(cwd, 'keys', 'private_key.pem');
    const key = createPrivateKey(fs.readFileSync(keyFile));
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(4096);
    const cert = new X509Certificate(fs.readFileSync(path.join(cwd, 'keys', 'certificate.pem')));
    expect(new Date(cert.validTo).getTime() - new Date(cert.validFrom).getTime()).toBe(730 * DAY);
    expect(r.stdout).toContain('--key keys/private_key.pem --cert keys/certificate.pem --alg PS256');

    const doctor = await runBin(
      ['doctor', '--account-id', '1234567', '--client-id', 'client', '--certificate-id', 'cert', '--key', 'keys/private_key.pem', '--cert', 'keys/certificate.pem'],
      { cwd },
    );
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toContain('✓ private key keys/private_key.pem: RSA 4096 bits (PKCS#8), fits PS256');
    expect(doctor.stdout).toContain('✓ certificate matches the private key');
    expect(doctor.stdout).not.toContain('✗');
  });
});
