// Self-signed X.509 v3 certificates, built with @peculiar/x509 over Node's WebCrypto (no openssl).
import 'reflect-metadata'; // @peculiar/x509's dependency injection needs the Reflect metadata API
import * as x509 from '@peculiar/x509';
import { createPrivateKey, createPublicKey, KeyObject, randomBytes, webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export type CertificateHash = 'sha256' | 'sha384' | 'sha512';

export interface SelfSignedCertificateParams {
  /** The private key that signs the certificate (its own public key goes into the certificate). */
  privateKey: KeyObject;
  commonName: string;
  notBefore: Date;
  notAfter: Date;
  /** Digest of the certificate signature; default sha256. */
  hash?: CertificateHash;
  /** Hex serial number; default 16 random bytes. */
  serialNumberHex?: string;
}

export interface SelfSignedCertificate {
  certificatePem: string;
  serialNumberHex: string;
}

const WEB_HASH: Record<CertificateHash, string> = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };
const WEB_CURVE: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

/** The WebCrypto algorithm the certificate is signed with: RSA PKCS#1 v1.5 or ECDSA, as OpenSSL does. */
function algorithmFor(key: KeyObject, hash: CertificateHash): { import: webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams; sign: webcrypto.Algorithm } {
  if (key.asymmetricKeyType === 'rsa') {
    return { import: { name: 'RSASSA-PKCS1-v1_5', hash: WEB_HASH[hash] }, sign: { name: 'RSASSA-PKCS1-v1_5' } };
  }
  if (key.asymmetricKeyType === 'ec') {
    const curve = WEB_CURVE[key.asymmetricKeyDetails?.namedCurve ?? ''];
    if (!curve) throw new Error(`Cannot build a certificate for an EC key on ${key.asymmetricKeyDetails?.namedCurve ?? 'an unknown curve'}`);
    return { import: { name: 'ECDSA', namedCurve: curve }, sign: { name: 'ECDSA', hash: WEB_HASH[hash] } as webcrypto.EcdsaParams };
  }
  throw new Error(`Cannot build a certificate for a ${key.asymmetricKeyType ?? 'unknown'} key: only RSA and EC keys are supported`);
}

/**
 * The plain-RSA view of an RSASSA-PSS key: the same RSAPrivateKey, re-labelled rsaEncryption.
 * Node's WebCrypto refuses id-RSASSA-PSS keys, but the key material is identical, so the signature
 * made through this view is the RSASSA-PSS key's own. Plain RSA and EC keys are returned unchanged.
 */
export function rsaView(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'rsa-pss') return key;
  // PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier, privateKey OCTET STRING (RSAPrivateKey) }
  const [, , octets] = derChildren(key.export({ type: 'pkcs8', format: 'der' }));
  if (!octets || octets.tag !== 0x04) throw new Error('rsaView: not a PKCS#8 private key');
  return createPrivateKey({ key: octets.value, format: 'der', type: 'pkcs1' });
}

/** The TLVs inside the DER SEQUENCE `der` (definite lengths only, as DER requires). */
function derChildren(der: Buffer): { tag: number; value: Buffer }[] {
  const header = (at: number): { tag: number; start: number; end: number } => {
    const tag = der[at] ?? 0;
    let len = der[at + 1] ?? 0;
    let start = at + 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + (der[start + i] ?? 0);
      start += n;
    }
    return { tag, start, end: start + len };
  };
  const outer = header(0);
  const out: { tag: number; value: Buffer }[] = [];
  for (let at = outer.start; at < outer.end; ) {
    const h = header(at);
    out.push({ tag: h.tag, value: der.subarray(h.start, h.end) });
    at = h.end;
  }
  return out;
}

const HASH_BYTES: Record<CertificateHash, number> = { sha256: 32, sha384: 48, sha512: 64 };

/**
 * A self-signed certificate for an RSASSA-PSS key, signed with RSASSA-PSS (salt = hash length), its
 * SubjectPublicKeyInfo keeping the id-RSASSA-PSS OID: what `openssl req -x509 -newkey rsa-pss` makes
 * and what NetSuite's certificate store needs to sign PS* with N/crypto/certificate.
 */
async function createPssCertificate(params: SelfSignedCertificateParams, hash: CertificateHash, serialNumberHex: string): Promise<x509.X509Certificate> {
  const alg = { name: 'RSA-PSS', hash: WEB_HASH[hash] };
  const signingKey = await webcrypto.subtle.importKey('pkcs8', rsaView(params.privateKey).export({ type: 'pkcs8', format: 'der' }), alg, false, ['sign']);
  const spki = new Uint8Array(createPublicKey(params.privateKey).export({ type: 'spki', format: 'der' }));
  type CreateParams = Parameters<typeof x509.X509CertificateGenerator.create>[0];
  const name = [{ CN: [params.commonName] }];
  return x509.X509CertificateGenerator.create({
    serialNumber: serialNumberHex.length % 2 ? `0${serialNumberHex}` : serialNumberHex,
    subject: name,
    issuer: name,
    notBefore: params.notBefore,
    notAfter: params.notAfter,
    signingAlgorithm: { name: 'RSA-PSS', hash: WEB_HASH[hash], saltLength: HASH_BYTES[hash] },
    publicKey: spki,
    signingKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(spki as unknown as Parameters<typeof x509.SubjectKeyIdentifierExtension.create>[0]),
    ],
  } as unknown as CreateParams);
}

/**
 * Builds a self-signed end-entity certificate (basicConstraints CA:false, keyUsage digitalSignature,
 * subjectKeyIdentifier) for the key pair of `privateKey`, signed by that same key: RSA keys sign with
 * PKCS#1 v1.5 (`sha*WithRSAEncryption`), RSASSA-PSS keys with RSASSA-PSS, EC keys with ECDSA (`ecdsa-with-SHA*`).
 * Validity is stored with whole-second precision: pass dates without milliseconds to get them back unchanged.
 */
export async function createSelfSignedCertificate(params: SelfSignedCertificateParams): Promise<SelfSignedCertificate> {
  const { privateKey, commonName, notBefore, notAfter } = params;
  const hash = params.hash ?? 'sha256';
  if (privateKey.type !== 'private') throw new Error('createSelfSignedCertificate: privateKey must be a private key');
  if (!(notAfter.getTime() > notBefore.getTime())) throw new Error('createSelfSignedCertificate: notAfter must be after notBefore');
  const serialNumberHex = (params.serialNumberHex ?? randomSerialHex()).toLowerCase();
  if (!/^[0-9a-f]{1,40}$/.test(serialNumberHex) || /^0+$/.test(serialNumberHex)) {
    throw new Error('createSelfSignedCertificate: serialNumberHex must be 1 to 40 hex digits, not zero');
  }
  if (privateKey.asymmetricKeyType === 'rsa-pss') {
    const pem = (await createPssCertificate(params, hash, serialNumberHex)).toString('pem');
    return { certificatePem: pem.endsWith('\n') ? pem : `${pem}\n`, serialNumberHex };
  }
  const alg = algorithmFor(privateKey, hash);
  const subtle = webcrypto.subtle;
  const keys = {
    privateKey: await subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), alg.import, false, ['sign']),
    publicKey: await subtle.importKey('spki', createPublicKey(privateKey).export({ type: 'spki', format: 'der' }), alg.import, true, ['verify']),
  };
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumberHex.length % 2 ? `0${serialNumberHex}` : serialNumberHex,
    name: [{ CN: [commonName] }],
    notBefore,
    notAfter,
    signingAlgorithm: alg.sign,
    keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as unknown as Parameters<typeof x509.SubjectKeyIdentifierExtension.create>[0]),
    ],
  });
  const pem = cert.toString('pem');
  return { certificatePem: pem.endsWith('\n') ? pem : `${pem}\n`, serialNumberHex };
}

function randomSerialHex(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01; // positive and never zero, 16 bytes long
  return bytes.toString('hex');
}
