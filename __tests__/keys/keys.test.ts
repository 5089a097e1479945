import { constants, createPrivateKey, createPublicKey, sign, verify, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { importX509 } from 'jose';
import {
  cachedSigningKey,
  createSelfSignedCertificate,
  encryptPrivateKey,
  generateSigningKey,
  KeyOptionsError,
  MAX_CERTIFICATE_DAYS,
  normalizeSigningKeyOptions,
  type GenerateSigningKeyOptions,
  type SigningKeyMaterial,
} from '../../tools/keys';

const DAY = 86_400_000;

function spkiDer(pem: string): string {
  return createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');
}

/** Checks what every generated key must satisfy; returns the parsed certificate. */
function checkMaterial(k: SigningKeyMaterial): X509Certificate {
  expect(k.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  expect(k.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  expect(k.certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
  const cert = new X509Certificate(k.certificatePem);
  // Self-signed with the key itself: the certificate verifies with its own public key...
  expect(cert.verify(createPublicKey(k.publicKeyPem))).toBe(true);
  expect(cert.checkPrivateKey(createPrivateKey(k.privateKeyPem))).toBe(true);
  // ...which is the key pair's public key, also behind the PKCS#8 and PKCS#1/SEC1 private keys.
  expect(spkiDer(cert.publicKey.export({ type: 'spki', format: 'pem' }).toString())).toBe(spkiDer(k.publicKeyPem));
  expect(spkiDer(k.privateKeyPkcs1OrSec1Pem)).toBe(spkiDer(k.publicKeyPem));
  expect(cert.subject.replace(/\\(.)/g, '$1')).toBe(`CN=${k.commonName}`); // Node escapes "," as "\,"
  expect(cert.issuer).toBe(cert.subject);
  expect(cert.ca).toBe(false);
  expect(Date.parse(cert.validFrom)).toBe(k.notBefore.getTime());
  expect(Date.parse(cert.validTo)).toBe(k.notAfter.getTime());
  expect(k.notAfter.getTime() - k.notBefore.getTime()).toBeLessThanOrEqual(MAX_CERTIFICATE_DAYS * DAY);
  expect(cert.serialNumber.toLowerCase()).toBe(k.serialNumberHex);
  return cert;
}

let ps4096: SigningKeyMaterial;
beforeAll(async () => {
  ps4096 = await cachedSigningKey({ alg: 'PS256' });
});

describe('generateSigningKey', () => {
  it('defaults PS256 to RSA-4096 with a 730-day self-signed certificate', async () => {
    expect(ps4096).toMatchObject({ alg: 'PS256', keyType: 'RSA', rsaBits: 4096, commonName: 'netsuite-oauth-m2m' });
    const cert = checkMaterial(ps4096);
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(4096);
    expect(ps4096.notAfter.getTime() - ps4096.notBefore.getTime()).toBe(730 * DAY);
    expect(Math.abs(ps4096.notBefore.getTime() - Date.now())).toBeLessThan(60_000);
    expect((await importX509(ps4096.certificatePem, 'PS256')).algorithm).toMatchObject({ name: 'RSA-PSS', modulusLength: 4096 });
  });

  it('writes a real PKCS#1 RSA private key', () => {
    expect(ps4096.privateKeyPkcs1OrSec1Pem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    const pkcs1 = createPrivateKey({ key: ps4096.privateKeyPkcs1OrSec1Pem, format: 'pem' });
    expect(pkcs1.asymmetricKeyType).toBe('rsa');
    expect(pkcs1.export({ type: 'pkcs8', format: 'pem' })).toBe(ps4096.privateKeyPem);
  });

  it('signs PS256 that the certificate verifies', () => {
    const data = Buffer.from('header.payload');
    const pss = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
    const signature = sign('sha256', data, { key: createPrivateKey(ps4096.privateKeyPem), ...pss });
    expect(verify('sha256', data, { key: new X509Certificate(ps4096.certificatePem).publicKey, ...pss }, signature)).toBe(true);
  });

  it.each([
    ['ES256', 'P-256', 'prime256v1'],
    ['ES384', 'P-384', 'secp384r1'],
    ['ES512', 'P-521', 'secp521r1'],
  ] as const)('makes %s keys on %s with a real SEC1 EC private key', async (alg, curve, nodeCurve) => {
    const k = await generateSigningKey({ alg, commonName: 'Integration, Inc. (test)', days: 365 });
    expect(k).toMatchObject({ alg, keyType: 'EC', curve });
    const cert = checkMaterial(k);
    expect(cert.subject).toBe('CN=Integration\\, Inc. (test)');
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe(nodeCurve);
    expect(k.notAfter.getTime() - k.notBefore.getTime()).toBe(365 * DAY);
    expect(k.privateKeyPkcs1OrSec1Pem).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    const sec1 = createPrivateKey({ key: k.privateKeyPkcs1OrSec1Pem, format: 'pem' });
    expect(sec1.asymmetricKeyDetails?.namedCurve).toBe(nodeCurve);
    expect((await importX509(k.certificatePem, alg)).algorithm).toMatchObject({ name: 'ECDSA', namedCurve: curve });
    await expect(importX509(k.certificatePem, alg === 'ES256' ? 'ES384' : 'ES256')).rejects.toThrow();
  });

  it('makes RSA-3072 keys on request, and RS256 (test-only) RSA-2048 keys', async () => {
    const [k3072, k2048] = await Promise.all([generateSigningKey({ alg: 'PS512', rsaBits: 3072, days: 1 }), generateSigningKey({ alg: 'RS256', rsaBits: 2048 })]);
    expect(checkMaterial(k3072).publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(k3072.notAfter.getTime() - k3072.notBefore.getTime()).toBe(DAY);
    expect(checkMaterial(k2048).publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('honours notBefore (whole seconds), e.g. to make an already expired certificate', async () => {
    const notBefore = new Date(Date.now() - 800 * DAY + 123);
    const k = await generateSigningKey({ alg: 'ES256', notBefore });
    expect(k.notBefore.getTime()).toBe(Math.floor(notBefore.getTime() / 1000) * 1000);
    expect(Date.parse(new X509Certificate(k.certificatePem).validTo)).toBeLessThan(Date.now());
  });

  it('encodes validity dates from 2050 on as GeneralizedTime', async () => {
    const k = await generateSigningKey({ alg: 'ES256', notBefore: new Date('2049-06-30T12:00:00Z'), days: 730 });
    const cert = checkMaterial(k);
    expect(cert.validFrom).toBe('Jun 30 12:00:00 2049 GMT');
    expect(new Date(cert.validTo).toISOString()).toBe('2051-06-30T12:00:00.000Z');
  });

  it('gives a fresh key each call, and cachedSigningKey one key per options in a process', async () => {
    const [a, b] = await Promise.all([generateSigningKey({ alg: 'ES256' }), generateSigningKey({ alg: 'ES256' })]);
    expect(a.privateKeyPem).not.toBe(b.privateKeyPem);
    expect(a.serialNumberHex).not.toBe(b.serialNumberHex);
    expect(await cachedSigningKey({ alg: 'PS256', rsaBits: 4096 })).toBe(ps4096);
    const es = await cachedSigningKey({ alg: 'ES384' });
    expect(await cachedSigningKey({ alg: 'ES384', curve: 'P-384' })).toBe(es);
    expect(await cachedSigningKey({ alg: 'ES384', days: 30 })).not.toBe(es);
  });
});

describe('createSelfSignedCertificate', () => {
  it('builds a certificate for an existing key with the given serial and hash', async () => {
    const key = createPrivateKey(ps4096.privateKeyPem);
    const { certificatePem, serialNumberHex } = await createSelfSignedCertificate({
      privateKey: key, commonName: 'rotation', notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2026-12-31T00:00:00Z'), hash: 'sha512', serialNumberHex: '0A1B',
    });
    const cert = new X509Certificate(certificatePem);
    expect(serialNumberHex).toBe('0a1b');
    expect(cert.serialNumber).toBe('0A1B');
    expect(cert.verify(createPublicKey(key))).toBe(true);
    await expect(createSelfSignedCertificate({ privateKey: createPublicKey(key), commonName: 'x', notBefore: new Date(), notAfter: new Date(Date.now() + DAY) })).rejects.toThrow(/private key/);
    const instant = new Date();
    await expect(createSelfSignedCertificate({ privateKey: key, commonName: 'x', notBefore: instant, notAfter: instant })).rejects.toThrow(/notAfter/);
  });
});

describe('encryptPrivateKey', () => {
  it('makes an ENCRYPTED PRIVATE KEY that only the passphrase opens', async () => {
    const k = await cachedSigningKey({ alg: 'ES256' });
    for (const input of [k.privateKeyPem, k.privateKeyPkcs1OrSec1Pem]) {
      const encrypted = encryptPrivateKey(input, 'correct horse');
      expect(encrypted).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
      expect(encrypted).not.toContain(k.privateKeyPem.split('\n')[1]);
      expect(() => createPrivateKey(encrypted)).toThrow();
      expect(() => createPrivateKey({ key: encrypted, passphrase: 'wrong' })).toThrow();
      expect(createPrivateKey({ key: encrypted, passphrase: 'correct horse' }).export({ type: 'pkcs8', format: 'pem' })).toBe(k.privateKeyPem);
    }
  });

  it('refuses an empty passphrase or a non-key', () => {
    expect(() => encryptPrivateKey(ps4096.privateKeyPem, '')).toThrow(KeyOptionsError);
    expect(() => encryptPrivateKey(ps4096.certificatePem, 'x')).toThrow(/not an unencrypted PEM private key/);
    expect(() => encryptPrivateKey(encryptPrivateKey(ps4096.privateKeyPem, 'a'), 'b')).toThrow(KeyOptionsError);
  });
});

describe('option validation', () => {
  it.each<[string, GenerateSigningKeyOptions, RegExp]>([
    ['PS256 with RSA-2048', { alg: 'PS256', rsaBits: 2048 }, /rsaBits for PS256 must be 3072 or 4096/],
    ['PS384 with RSA-1024', { alg: 'PS384', rsaBits: 1024 as never }, /rsaBits for PS384 must be 3072 or 4096/],
    ['RS256 with RSA-1024', { alg: 'RS256', rsaBits: 1024 as never }, /2048 or 3072 or 4096/],
    ['ES256 on P-384', { alg: 'ES256', curve: 'P-384' }, /ES256 requires P-256/],
    ['ES512 on P-512', { alg: 'ES512', curve: 'P-512' as never }, /ES512 requires P-521/],
    ['rsaBits for an EC alg', { alg: 'ES384', rsaBits: 4096 }, /rsaBits does not apply to ES384/],
    ['curve for an RSA alg', { alg: 'PS256', curve: 'P-256' }, /curve does not apply to PS256/],
    ['an unknown alg', { alg: 'HS256' as never }, /alg must be one of PS256, PS384, PS512, ES256, ES384, ES512, RS256/],
    ['731 days', { alg: 'ES256', days: 731 }, /days must be a whole number from 1 to 730/],
    ['0 days', { alg: 'ES256', days: 0 }, /days must be a whole number from 1 to 730/],
    ['1.5 days', { alg: 'ES256', days: 1.5 }, /days must be a whole number/],
    ['an empty common name', { alg: 'ES256', commonName: ' ' }, /commonName must be 1 to 64 printable characters/],
    ['a 65-character common name', { alg: 'ES256', commonName: 'x'.repeat(65) }, /commonName/],
    ['a control character in the common name', { alg: 'ES256', commonName: 'a\nb' }, /commonName/],
    ['an invalid notBefore', { alg: 'ES256', notBefore: new Date('nope') }, /notBefore must be a valid Date/],
  ])('rejects %s with a KeyOptionsError', async (_what, opts, message) => {
    expect(() => normalizeSigningKeyOptions(opts)).toThrow(message);
    expect(() => normalizeSigningKeyOptions(opts)).toThrow(KeyOptionsError);
    await expect(generateSigningKey(opts)).rejects.toThrow(message);
    await expect(cachedSigningKey(opts)).rejects.toThrow(KeyOptionsError);
  });

  it('fills in the defaults', () => {
    expect(normalizeSigningKeyOptions({ alg: 'PS384' })).toEqual({ alg: 'PS384', keyType: 'RSA', rsaBits: 4096, days: 730, commonName: 'netsuite-oauth-m2m', pssKey: false });
    expect(normalizeSigningKeyOptions({ alg: 'PS256', pssKey: true })).toMatchObject({ keyType: 'RSA', pssKey: true });
    expect(() => normalizeSigningKeyOptions({ alg: 'RS256', pssKey: true })).toThrow(/pssKey does not apply to RS256/);
    expect(normalizeSigningKeyOptions({ alg: 'ES512', days: 1 })).toEqual({ alg: 'ES512', keyType: 'EC', curve: 'P-521', days: 1, commonName: 'netsuite-oauth-m2m' });
    expect(normalizeSigningKeyOptions({ alg: 'RS256', rsaBits: 2048 })).toMatchObject({ keyType: 'RSA', rsaBits: 2048 });
  });
});

describe('RSASSA-PSS keys for the certificate store (pssKey)', () => {
  it('makes an id-RSASSA-PSS key and a PSS-signed certificate over it; the PKCS#1 form is its RSAPrivateKey', async () => {
    const m = await generateSigningKey({ alg: 'PS384', rsaBits: 3072, pssKey: true, days: 10 });
    const key = createPrivateKey(m.privateKeyPem);
    expect(key.asymmetricKeyType).toBe('rsa-pss');
    const cert = new X509Certificate(m.certificatePem);
    expect(cert.publicKey.asymmetricKeyType).toBe('rsa-pss');
    expect(cert.checkPrivateKey(key)).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    // The plain PKCS#1 export is the same key: it verifies what the PSS key signed.
    const plain = createPrivateKey(m.privateKeyPkcs1OrSec1Pem);
    expect(plain.asymmetricKeyType).toBe('rsa');
    const data = Buffer.from('payload');
    const sig = sign('sha384', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 });
    expect(verify('sha384', data, { key: plain, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 }, sig)).toBe(true);
  });
});
