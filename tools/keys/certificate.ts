// Self-signed X.509 v3 certificates built with node:crypto and a small DER writer (no openssl).
import { createHash, createPublicKey, KeyObject, randomBytes, sign as cryptoSign } from 'node:crypto';
import * as der from './der';

export type CertificateHash = 'sha256' | 'sha384' | 'sha512';

const RSA_SIGNATURE_OID: Record<CertificateHash, string> = {
  sha256: '1.2.840.113549.1.1.11', // sha256WithRSAEncryption
  sha384: '1.2.840.113549.1.1.12',
  sha512: '1.2.840.113549.1.1.13',
};
const ECDSA_SIGNATURE_OID: Record<CertificateHash, string> = {
  sha256: '1.2.840.10045.4.3.2', // ecdsa-with-SHA256
  sha384: '1.2.840.10045.4.3.3',
  sha512: '1.2.840.10045.4.3.4',
};
const OID_COMMON_NAME = '2.5.4.3';
const OID_BASIC_CONSTRAINTS = '2.5.29.19';
const OID_KEY_USAGE = '2.5.29.15';
const OID_SUBJECT_KEY_IDENTIFIER = '2.5.29.14';

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

function signatureAlgorithm(keyType: string | undefined, hash: CertificateHash): Buffer {
  if (keyType === 'rsa') return der.sequence(der.objectIdentifier(RSA_SIGNATURE_OID[hash]), der.nullValue());
  if (keyType === 'ec') return der.sequence(der.objectIdentifier(ECDSA_SIGNATURE_OID[hash]));
  throw new Error(`Cannot build a certificate for a ${keyType ?? 'unknown'} key: only RSA and EC keys are supported`);
}

function name(commonName: string): Buffer {
  return der.sequence(der.set(der.sequence(der.objectIdentifier(OID_COMMON_NAME), der.utf8String(commonName))));
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return der.sequence(der.objectIdentifier(oid), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
}

/**
 * Builds a self-signed end-entity certificate (basicConstraints CA:false, keyUsage digitalSignature,
 * subjectKeyIdentifier) for the key pair of `privateKey`, signed by that same key: RSA keys sign with
 * PKCS#1 v1.5 (`sha*WithRSAEncryption`), EC keys with ECDSA (`ecdsa-with-SHA*`).
 * Validity is stored with whole-second precision: pass dates without milliseconds to get them back unchanged.
 */
export function createSelfSignedCertificate(params: SelfSignedCertificateParams): SelfSignedCertificate {
  const { privateKey, commonName, notBefore, notAfter } = params;
  const hash = params.hash ?? 'sha256';
  if (privateKey.type !== 'private') throw new Error('createSelfSignedCertificate: privateKey must be a private key');
  if (!(notAfter.getTime() > notBefore.getTime())) throw new Error('createSelfSignedCertificate: notAfter must be after notBefore');
  const serialNumberHex = params.serialNumberHex ?? randomSerialHex();
  if (!/^[0-9a-fA-F]{1,40}$/.test(serialNumberHex) || /^0+$/.test(serialNumberHex)) {
    throw new Error('createSelfSignedCertificate: serialNumberHex must be 1 to 40 hex digits, not zero');
  }
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const algorithm = signatureAlgorithm(privateKey.asymmetricKeyType, hash);
  const subject = name(commonName);
  // RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING value. Node gives the whole
  // SPKI; hashing it instead is also allowed ("other methods"), and keeps this writer reader-free.
  const keyId = createHash('sha1').update(spki).digest();
  const extensions = der.sequence(
    extension(OID_BASIC_CONSTRAINTS, true, der.sequence()),
    extension(OID_KEY_USAGE, true, der.bitString(Buffer.from([0x80]), 7)), // digitalSignature
    extension(OID_SUBJECT_KEY_IDENTIFIER, false, der.octetString(keyId)),
  );
  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)), // v3
    der.unsignedInteger(Buffer.from(serialNumberHex.length % 2 ? `0${serialNumberHex}` : serialNumberHex, 'hex')),
    algorithm,
    subject, // issuer = subject: self-signed
    der.sequence(der.x509Time(notBefore), der.x509Time(notAfter)),
    subject,
    spki,
    der.explicit(3, extensions),
  );
  // For EC keys node:crypto emits the DER (r, s) form that X.509 expects.
  const signature = cryptoSign(hash, tbs, privateKey);
  const certificate = der.sequence(tbs, algorithm, der.bitString(signature));
  return { certificatePem: der.toPem('CERTIFICATE', certificate), serialNumberHex: serialNumberHex.toLowerCase() };
}

function randomSerialHex(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01; // positive and never zero, 16 bytes long
  return bytes.toString('hex');
}
