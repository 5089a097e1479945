// Test and development key material for NetSuite's OAuth 2.0 client credentials (M2M) flow:
// a key pair plus the self-signed certificate an administrator uploads in "OAuth 2.0 Client
// Credentials (M2M) Setup". Pure Node (node:crypto); no openssl binary.
//
// NetSuite's rules (DESIGN.md section 2): RSA keys of 3072 or 4096 bits for PS256/PS384/PS512,
// EC keys on P-256/P-384/P-521 for ES256/ES384/ES512, certificates valid at most two years.
// RS256 is accepted here only to produce keys for negative tests: NetSuite rejects it.
import { createPrivateKey, createPublicKey, generateKeyPair, KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { createSelfSignedCertificate, type CertificateHash, rsaView } from './certificate';

export { createSelfSignedCertificate } from './certificate';
export type { CertificateHash, SelfSignedCertificate, SelfSignedCertificateParams } from './certificate';

import { DEFAULT_COMMON_NAME, MAX_CERTIFICATE_DAYS, NETSUITE_ALGORITHMS } from './limits';

export { DEFAULT_COMMON_NAME, MAX_CERTIFICATE_DAYS, NETSUITE_ALGORITHMS, type NetSuiteAlgorithm } from './limits';
/** Everything this module can make keys for; RS256 only for tests of the rejection. */
export const KEY_ALGORITHMS = [...NETSUITE_ALGORITHMS, 'RS256'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];
export type EcCurve = 'P-256' | 'P-384' | 'P-521';
export type RsaBits = 2048 | 3072 | 4096;

const MAX_COMMON_NAME_LENGTH = 64; // X.520 ub-common-name

const CURVE_FOR: Record<'ES256' | 'ES384' | 'ES512', EcCurve> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };
const HASH_FOR: Record<KeyAlgorithm, CertificateHash> = {
  PS256: 'sha256', PS384: 'sha384', PS512: 'sha512', RS256: 'sha256',
  ES256: 'sha256', ES384: 'sha384', ES512: 'sha512',
};
const NODE_CURVE: Record<EcCurve, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' };

export interface GenerateSigningKeyOptions {
  alg: KeyAlgorithm;
  /** RSA modulus size; PS*: 3072 or 4096 (default 4096); RS256 (tests only) also 2048. */
  rsaBits?: RsaBits;
  /** EC curve; must be the alg's own curve (ES256 P-256, ES384 P-384, ES512 P-521), which is the default. */
  curve?: EcCurve;
  /** Certificate validity in whole days, 1..730 (default 730, NetSuite's maximum). */
  days?: number;
  /** Certificate subject and issuer CN (default "netsuite-oauth-m2m"). */
  commonName?: string;
  /** Start of validity (default now); set in the past to make an expired certificate. */
  notBefore?: Date;
  /**
   * PS* only: make an RSASSA-PSS key (OID id-RSASSA-PSS, as `openssl req -x509 -newkey rsa-pss`
   * does) and sign the certificate with RSASSA-PSS. NetSuite's certificate store needs this for
   * N/crypto/certificate to sign PS256/PS384/PS512; a File Cabinet key for jsrsasign stays plain RSA.
   */
  pssKey?: boolean;
}

export type NormalizedSigningKeyOptions =
  | { alg: KeyAlgorithm; keyType: 'RSA'; rsaBits: RsaBits; days: number; commonName: string; notBefore?: Date; pssKey: boolean }
  | { alg: KeyAlgorithm; keyType: 'EC'; curve: EcCurve; days: number; commonName: string; notBefore?: Date };

interface SigningKeyMaterialBase {
  alg: KeyAlgorithm;
  /** PKCS#8, `-----BEGIN PRIVATE KEY-----`. */
  privateKeyPem: string;
  /** `-----BEGIN RSA PRIVATE KEY-----` (PKCS#1) or `-----BEGIN EC PRIVATE KEY-----` (SEC1). */
  privateKeyPkcs1OrSec1Pem: string;
  /** SPKI, `-----BEGIN PUBLIC KEY-----`. */
  publicKeyPem: string;
  /** Self-signed X.509 certificate, signed with this key; what is uploaded to NetSuite. */
  certificatePem: string;
  commonName: string;
  serialNumberHex: string;
  notBefore: Date;
  notAfter: Date;
}
export type SigningKeyMaterial = SigningKeyMaterialBase &
  ({ keyType: 'RSA'; rsaBits: RsaBits } | { keyType: 'EC'; curve: EcCurve });

/** Bad options for key generation; the message names the option and what is allowed. */
export class KeyOptionsError extends Error {
  override readonly name = 'KeyOptionsError';
  constructor(message: string) {
    super(message);
  }
}

function isOneOf<T extends string | number>(values: readonly T[], value: unknown): value is T {
  return (values as readonly unknown[]).includes(value);
}

/** The EC curve an ES* algorithm requires (undefined for RSA algorithms). */
export function curveForAlgorithm(alg: KeyAlgorithm): EcCurve | undefined {
  return alg === 'ES256' || alg === 'ES384' || alg === 'ES512' ? CURVE_FOR[alg] : undefined;
}

/** Validates options (throws KeyOptionsError) and fills in defaults. */
export function normalizeSigningKeyOptions(opts: GenerateSigningKeyOptions): NormalizedSigningKeyOptions {
  if (opts === null || typeof opts !== 'object') throw new KeyOptionsError('key options must be an object with at least "alg"');
  const { alg } = opts;
  if (!isOneOf(KEY_ALGORITHMS, alg)) {
    throw new KeyOptionsError(`alg must be one of ${KEY_ALGORITHMS.join(', ')} (got ${JSON.stringify(alg)})`);
  }
  const days = opts.days ?? MAX_CERTIFICATE_DAYS;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_CERTIFICATE_DAYS) {
    throw new KeyOptionsError(`days must be a whole number from 1 to ${MAX_CERTIFICATE_DAYS} (NetSuite accepts certificates valid at most two years); got ${JSON.stringify(days)}`);
  }
  const commonName = opts.commonName ?? DEFAULT_COMMON_NAME;
  if (typeof commonName !== 'string' || commonName.trim() === '' || commonName.length > MAX_COMMON_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(commonName)) {
    throw new KeyOptionsError(`commonName must be 1 to ${MAX_COMMON_NAME_LENGTH} printable characters`);
  }
  if (opts.notBefore !== undefined && (!(opts.notBefore instanceof Date) || Number.isNaN(opts.notBefore.getTime()))) {
    throw new KeyOptionsError('notBefore must be a valid Date');
  }
  const common = { alg, days, commonName, ...(opts.notBefore ? { notBefore: opts.notBefore } : {}) };
  const curveOfAlg = curveForAlgorithm(alg);
  if (curveOfAlg) {
    if (opts.rsaBits !== undefined) throw new KeyOptionsError(`rsaBits does not apply to ${alg}: it uses an EC key (${curveOfAlg})`);
    const curve = opts.curve ?? curveOfAlg;
    if (curve !== curveOfAlg) {
      throw new KeyOptionsError(`curve ${JSON.stringify(curve)} does not fit ${alg}: ${alg} requires ${curveOfAlg} (ES256 P-256, ES384 P-384, ES512 P-521)`);
    }
    return { ...common, keyType: 'EC', curve };
  }
  if (opts.curve !== undefined) throw new KeyOptionsError(`curve does not apply to ${alg}: it uses an RSA key`);
  const allowedBits: readonly RsaBits[] = alg === 'RS256' ? [2048, 3072, 4096] : [3072, 4096];
  const rsaBits = opts.rsaBits ?? 4096;
  if (!isOneOf(allowedBits, rsaBits)) {
    throw new KeyOptionsError(`rsaBits for ${alg} must be ${allowedBits.join(' or ')} (NetSuite requires RSA keys of 3072 or 4096 bits); got ${JSON.stringify(rsaBits)}`);
  }
  if (opts.pssKey && alg === 'RS256') throw new KeyOptionsError('pssKey does not apply to RS256: an RSASSA-PSS key cannot sign PKCS#1 v1.5');
  return { ...common, keyType: 'RSA', rsaBits, pssKey: opts.pssKey === true };
}

const generateKeyPairAsync = promisify(generateKeyPair);

async function newKeyPair(o: NormalizedSigningKeyOptions): Promise<KeyObject> {
  // Asynchronous generation runs on the libuv pool: an RSA-4096 key (1-3 s) does not block the event loop.
  const pair = o.keyType === 'RSA'
    ? o.pssKey
      ? await generateKeyPairAsync('rsa-pss', { modulusLength: o.rsaBits, publicExponent: 0x10001 })
      : await generateKeyPairAsync('rsa', { modulusLength: o.rsaBits, publicExponent: 0x10001 })
    : await generateKeyPairAsync('ec', { namedCurve: NODE_CURVE[o.curve] });
  return pair.privateKey;
}

/**
 * Generates a key pair and its self-signed certificate (validity `days` from `notBefore`, whole
 * seconds). Throws KeyOptionsError for options NetSuite would not accept.
 */
export async function generateSigningKey(opts: GenerateSigningKeyOptions): Promise<SigningKeyMaterial> {
  const o = normalizeSigningKeyOptions(opts);
  const privateKey = await newKeyPair(o);
  const notBefore = new Date(Math.floor((o.notBefore ?? new Date()).getTime() / 1000) * 1000);
  const notAfter = new Date(notBefore.getTime() + o.days * 86_400_000);
  const { certificatePem, serialNumberHex } = await createSelfSignedCertificate({
    privateKey, commonName: o.commonName, notBefore, notAfter, hash: HASH_FOR[o.alg],
  });
  const base: SigningKeyMaterialBase = {
    alg: o.alg,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKeyPkcs1OrSec1Pem: pkcs1OrSec1Pem(privateKey),
    publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
    certificatePem,
    commonName: o.commonName,
    serialNumberHex,
    notBefore,
    notAfter,
  };
  return o.keyType === 'RSA' ? { ...base, keyType: 'RSA', rsaBits: o.rsaBits } : { ...base, keyType: 'EC', curve: o.curve };
}

/** PKCS#1 (RSA, also the RSAPrivateKey inside an RSASSA-PSS PKCS#8) or SEC1 (EC) PEM. */
function pkcs1OrSec1Pem(key: KeyObject): string {
  if (key.asymmetricKeyType === 'ec') return key.export({ type: 'sec1', format: 'pem' }).toString();
  return rsaView(key).export({ type: 'pkcs1', format: 'pem' }).toString();
}

const memo = new Map<string, Promise<SigningKeyMaterial>>();

/**
 * Like generateSigningKey, but memoised in this process per normalised options (alg, key size or
 * curve, days, common name, notBefore): test files share one slow RSA-4096 key instead of making many.
 * A failed generation is not cached.
 */
export function cachedSigningKey(opts: GenerateSigningKeyOptions): Promise<SigningKeyMaterial> {
  let o: NormalizedSigningKeyOptions;
  try {
    o = normalizeSigningKeyOptions(opts);
  } catch (error) {
    return Promise.reject(error);
  }
  const key = JSON.stringify([o.alg, o.keyType === 'RSA' ? o.rsaBits : o.curve, o.keyType === 'RSA' && o.pssKey, o.days, o.commonName, o.notBefore?.getTime() ?? null]);
  let pending = memo.get(key);
  if (!pending) {
    pending = generateSigningKey(opts);
    memo.set(key, pending);
    pending.catch(() => memo.delete(key));
  }
  return pending;
}

export type PrivateKeyCipher = 'aes-256-cbc' | 'aes-128-cbc' | 'des-ede3-cbc';

/**
 * Re-exports a private key (any PEM form Node reads) as a passphrase-protected PKCS#8
 * `-----BEGIN ENCRYPTED PRIVATE KEY-----`, e.g. to test that encrypted keys are refused.
 */
export function encryptPrivateKey(pem: string, passphrase: string, cipher: PrivateKeyCipher = 'aes-256-cbc'): string {
  if (typeof passphrase !== 'string' || passphrase.length === 0) throw new KeyOptionsError('passphrase must be a non-empty string');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new KeyOptionsError('encryptPrivateKey: the input is not an unencrypted PEM private key');
  }
  return key.export({ type: 'pkcs8', format: 'pem', cipher, passphrase }).toString();
}
