import { afterAll, describe, expect, it } from '@jest/globals';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { removeTmpDirs, REPO_ROOT, run, runBin, tmpDir } from './helpers';

afterAll(removeTmpDirs);

const DAY = 86_400_000;
const mode = (p: string): number => fs.statSync(p).mode & 0o777;

/** PEM blocks of a file, in order: [label, body]. */
const pemBlocks = (text: string): [string, string][] =>
  [...text.matchAll(/-----BEGIN ([A-Z ]+)-----\r?\n([\s\S]*?)-----END \1-----/g)].map((m) => [m[1] as string, m[0]]);

describe('ns-oauth keygen --for certificate-store', () => {
  it('PS256: one PEM with certificate then an RSASSA-PSS key (OID 1.2.840.113549.1.1.10), the certificate alone, and which file goes where', async () => {
    const out = tmpDir();
    const r = await run(['keygen', '--for', 'certificate-store', '--bits', '3072', '--days', '365', '--out', out]);
    expect(r.code).toBe(0);
    const storeFile = path.join(out, 'certificate_store_import.pem');
    const certFile = path.join(out, 'certificate.pem');
    expect(fs.existsSync(path.join(out, 'private_key.pem'))).toBe(false);
    expect(mode(storeFile)).toBe(0o600);

    const blocks = pemBlocks(fs.readFileSync(storeFile, 'utf8'));
    expect(blocks.map(([label]) => label)).toEqual(['CERTIFICATE', 'PRIVATE KEY']); // unencrypted PKCS#8, as Oracle's -nodes recipe
    const key = createPrivateKey(blocks[1]![1]);
    expect(key.asymmetricKeyType).toBe('rsa-pss');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(3072);
    const cert = new X509Certificate(blocks[0]![1]);
    expect(cert.raw.equals(new X509Certificate(fs.readFileSync(certFile)).raw)).toBe(true);
    expect(cert.publicKey.asymmetricKeyType).toBe('rsa-pss');
    expect(cert.checkPrivateKey(key)).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    const parsed = new x509.X509Certificate(cert.raw);
    expect(parsed.publicKey.algorithm).toMatchObject({ name: 'RSA-PSS' });
    expect(parsed.signatureAlgorithm).toMatchObject({ name: 'RSA-PSS', hash: { name: 'SHA-256' }, saltLength: 32 });
    // The DER itself carries the RSASSA-PSS OID in SubjectPublicKeyInfo, as openssl -newkey rsa-pss writes it.
    const spkiOid = new x509.PublicKey(cert.publicKey.export({ type: 'spki', format: 'der' })).algorithm;
    expect(spkiOid).toMatchObject({ name: 'RSA-PSS' });
    expect(key.export({ type: 'pkcs8', format: 'der' }).includes(Buffer.from('06092a864886f70d01010a', 'hex'))).toBe(true); // OID 1.2.840.113549.1.1.10

    expect(r.stdout).toMatch(/certificate_store_import\.pem\s+->\s+Setup > Company > Preferences > Certificates > Create New/);
    expect(r.stdout).toMatch(/certificate\.pem\s+->\s+Setup > Integration > OAuth 2\.0 Client Credentials \(M2M\) Setup/);
    expect(r.stdout).toContain('custscript_oauth_signing_certificate = ');
    expect(r.stdout).toContain('Password: leave empty');
    expect(r.stdout + r.stderr).not.toContain('PRIVATE KEY-----');
  });

  it('ES384: an EC P-384 key and an ECDSA certificate in the import file', async () => {
    const out = tmpDir();
    const r = await run(['keygen', '--for', 'certificate-store', '--alg', 'ES384', '--out', out, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(j).toMatchObject({ for: 'certificate-store', algorithm: 'ES384', keyType: 'EC', curve: 'P-384', certificateStoreFile: path.join(out, 'certificate_store_import.pem') });
    const text = fs.readFileSync(path.join(out, 'certificate_store_import.pem'), 'utf8');
    const key = createPrivateKey(text);
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
    const cert = new X509Certificate(text);
    expect(cert.checkPrivateKey(key)).toBe(true);
    expect(new x509.X509Certificate(cert.raw).signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-384' } });
  });

  it('the default (--for m2m) keeps a plain RSA key for the File Cabinet, and --for refuses other targets', async () => {
    const bad = await run(['keygen', '--for', 'file-cabinet', '--out', tmpDir()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are m2m, certificate-store/);
  });
});

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

  it('refuses kernel and device folders (/proc, /sys, /dev) at once instead of spinning in mkdir', async () => {
    for (const out of ['/proc/ns-oauth-x', '/sys/ns-oauth/x', '/dev/null']) {
      const started = Date.now();
      const r = await runBin(['keygen', '--alg', 'ES256', '--out', out], { timeoutMs: 8000 });
      expect(Date.now() - started).toBeLessThan(8000);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`refusing --out ${out}: /(proc|sys|dev) holds devices and kernel interfaces`));
      expect(fs.existsSync(out === '/dev/null' ? '/dev/null/private_key.pem' : out)).toBe(false);
    }
  }, 30_000);

  it('refuses an --out below a file, and a folder it cannot write to, before making a key', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'afile'), 'x');
    const below = await run(['keygen', '--alg', 'ES256', '--out', path.join(dir, 'afile', 'keys')]);
    expect(below.code).toBe(2);
    expect(below.stderr).toContain('afile is a file, not a folder');
    if (process.getuid?.() !== 0) {
      const locked = path.join(dir, 'locked');
      fs.mkdirSync(locked, { mode: 0o500 });
      const r = await run(['keygen', '--alg', 'ES256', '--out', path.join(locked, 'keys')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('permission denied');
    }
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
