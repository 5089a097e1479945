/**
 * N/crypto (hashes), N/crypto/random and N/crypto/certificate.
 *
 * - `crypto.createHash({ algorithm })` → `update({ input, inputEncoding })`, `digest({ outputEncoding })`; HEX output is
 *   upper case (the default output encoding is HEX). No governance.
 * - `random.generateBytes({ size })` (1..512 bytes) → Uint8Array, `generateInt({ min, max })` (min inclusive, max
 *   exclusive), `generateUUID()`, all from node:crypto. No governance.
 * - `certificate.createSigner({ certId, algorithm })` (10 units) → `update({ input, inputEncoding })`,
 *   `sign({ outputEncoding, useRawFormatForECDSA })`: RSA certificates sign RSASSA-PSS with a salt as long as the hash,
 *   EC certificates ECDSA (DER, or raw r||s with `useRawFormatForECDSA`). Output BASE_64 by default.
 */
import * as crypto from 'node:crypto';
import { sse } from '../errors';
import type { Execution } from '../execution';
import { keyEnum, missingArg, notImplemented, opts, reqNumber, reqString, strict, stubs, wrongType } from '../strict';
import { decodeText, encodeBytes, encodingName, ENCODING_ENUM } from './encoding';

const HASHES: Record<string, string> = { SHA1: 'sha1', SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512', MD5: 'md5' };

export function createCryptoModule(ex: Execution): object {
  const mod: Record<string, unknown> = {
    createHash(options?: unknown) {
      const o = options === undefined ? {} : opts(options, 'crypto.createHash');
      const alg = o['algorithm'] ?? 'SHA256';
      if (typeof alg !== 'string') throw wrongType('options.algorithm', 'string');
      const node = HASHES[alg];
      if (!node || alg === 'SHA384') throw sse('INVALID_ALGORITHM', `Invalid hash algorithm: ${alg}.`);
      const chunks: Buffer[] = [];
      return strict(ex, 'crypto.Hash', {
        update(u?: unknown): void {
          const uo = opts(u, 'Hash.update');
          const input = uo['input'];
          if (input === undefined || input === null) throw missingArg('options.input');
          if (typeof input !== 'string') throw wrongType('options.input', 'string');
          chunks.push(decodeText(input, encodingName(ex, uo['inputEncoding'], 'options.inputEncoding', 'UTF_8')));
        },
        digest(d?: unknown): string {
          const dopts = d === undefined ? {} : opts(d, 'Hash.digest');
          const enc = encodingName(ex, dopts['outputEncoding'], 'options.outputEncoding', 'HEX');
          return encodeBytes(crypto.createHash(node).update(Buffer.concat(chunks)).digest(), enc);
        },
      });
    },
    HashAlg: keyEnum(['SHA1', 'SHA256', 'SHA512', 'MD5'] as const),
    EncryptionAlg: keyEnum(['AES'] as const),
    Padding: keyEnum(['NoPadding', 'PKCS5Padding'] as const),
    Encoding: ENCODING_ENUM,
  };
  stubs(ex, 'N/crypto', mod, ['createHmac', 'createCipher', 'createDecipher', 'createSecretKey', 'checkPasswordField']);
  return strict(ex, 'N/crypto', mod);
}

export function createRandomModule(ex: Execution): object {
  return strict(ex, 'N/crypto/random', {
    generateBytes(options?: unknown): Uint8Array {
      const o = opts(options, 'random.generateBytes');
      const size = reqNumber(o, 'size', 'random.generateBytes');
      if (!Number.isInteger(size) || size < 1 || size > 512) {
        throw sse('INVALID_NUMBER_MUST_BE_BETWEEN_1_AND_2', `The number of bytes must be between 1 and 512 (got ${size}).`);
      }
      return ex.realm.toRealm(new Uint8Array(crypto.randomBytes(size)));
    },
    generateInt(options?: unknown): number {
      const o = opts(options, 'random.generateInt');
      const max = reqNumber(o, 'max', 'random.generateInt');
      const min = o['min'] === undefined || o['min'] === null ? 0 : reqNumber(o, 'min', 'random.generateInt');
      if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max <= min) {
        throw sse('INVALID_NUMBER_MUST_BE_GREATER_THAN_1', `max (${max}) must be an integer greater than min (${min}).`);
      }
      return crypto.randomInt(min, max);
    },
    generateUUID(): string {
      return crypto.randomUUID();
    },
  });
}

const SIGN_HASHES: Record<string, { node: string; bytes: number }> = {
  SHA256: { node: 'sha256', bytes: 32 },
  SHA384: { node: 'sha384', bytes: 48 },
  SHA512: { node: 'sha512', bytes: 64 },
};

export function createCertificateModule(ex: Execution): object {
  const mod: Record<string, unknown> = {
    createSigner(options?: unknown) {
      const o = opts(options, 'certificate.createSigner');
      const certId = reqString(o, 'certId', 'certificate.createSigner');
      const algorithm = reqString(o, 'algorithm', 'certificate.createSigner');
      const hash = SIGN_HASHES[algorithm];
      if (!hash) throw sse('INVALID_ALGORITHM', `Invalid hash algorithm: ${algorithm}.`);
      ex.gov.charge('N/crypto/certificate.createSigner');
      const entry = ex.account.certificates.get(certId);
      if (!entry) throw sse('RCRD_DSNT_EXIST', `That record does not exist. (certificate ${certId})`);
      if (entry.revoked) throw sse('INVALID_CERTIFICATE', `The certificate ${certId} has been revoked.`);
      if (entry.certificatePem !== undefined) {
        const cert = new crypto.X509Certificate(entry.certificatePem);
        const now = ex.now();
        if (now < Date.parse(cert.validFrom) || now > Date.parse(cert.validTo)) {
          throw sse('INVALID_CERTIFICATE', `The certificate ${certId} is not valid at this date (valid ${cert.validFrom} to ${cert.validTo}).`);
        }
      }
      const key = crypto.createPrivateKey(entry.privateKeyPem);
      const chunks: Buffer[] = [];
      return strict(ex, 'certificate.Signer', {
        update(u?: unknown): void {
          const uo = opts(u, 'Signer.update');
          const input = uo['input'];
          if (input === undefined || input === null) throw missingArg('options.input');
          if (typeof input !== 'string') throw wrongType('options.input', 'string');
          chunks.push(decodeText(input, encodingName(ex, uo['inputEncoding'], 'options.inputEncoding', 'UTF_8')));
        },
        sign(s?: unknown): string {
          const so = s === undefined ? {} : opts(s, 'Signer.sign');
          const enc = encodingName(ex, so['outputEncoding'], 'options.outputEncoding', 'BASE_64');
          const raw = so['useRawFormatForECDSA'] === true;
          const data = Buffer.concat(chunks);
          let sig: Buffer;
          if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') {
            sig = crypto.sign(hash.node, data, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: hash.bytes });
          } else if (key.asymmetricKeyType === 'ec') {
            sig = crypto.sign(hash.node, data, { key, dsaEncoding: raw ? 'ieee-p1363' : 'der' });
          } else {
            throw sse('INVALID_KEY_TYPE', `Unsupported key type ${String(key.asymmetricKeyType)} for certificate ${certId}.`);
          }
          return encodeBytes(sig, enc);
        },
      });
    },
    createVerifier: notImplemented(ex, 'N/crypto/certificate.createVerifier'),
    HashAlg: keyEnum(['SHA256', 'SHA384', 'SHA512'] as const),
  };
  stubs(ex, 'N/crypto/certificate', mod, ['signXml', 'verifyXmlSignature']);
  return strict(ex, 'N/crypto/certificate', mod);
}
