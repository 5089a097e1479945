/**
 * Signs with a PEM private key using jsrsasign, which adapters/signers/keyFileSigner.ts loads on
 * demand and passes in. PSS salts and ECDSA nonces come from N/crypto/random: the generated jsrsasign
 * module replaces the library's Math.random-seeded generator (and touches no N/* module while it loads).
 */
import * as file from 'N/file';
import type * as Jsrsasign from 'jsrsasign-amd';
import type { AlgorithmRule, KeyShape } from '../../core/algorithms';
import { keyMismatch } from '../../core/algorithms';
import type { AssertionSigner } from '../../core/assertion';
import { errorName, KeyError } from '../../core/errors';
import { requirePrivateKeyPem } from '../../core/pem';

const CURVES: Record<string, string> = { secp256r1: 'P-256', 'NIST P-256': 'P-256', prime256v1: 'P-256', secp384r1: 'P-384', 'NIST P-384': 'P-384', secp521r1: 'P-521', 'NIST P-521': 'P-521' };

/** Reads the key file by File Cabinet path or internal id (10 units). */
export function loadKeyFile(ref: string): string {
  let f: file.File;
  try {
    f = file.load({ id: /^[0-9]+$/.test(ref) ? Number(ref) : ref });
  } catch (e) {
    const name = errorName(e, '');
    throw new KeyError(
      `the private key file ${ref} cannot be read${name ? ` (${name})` : ''}: check the key file setting (custscript_oauth_private_key_file, or custrecord_oauth_profile_key_file on a token profile) and that the script's role can read that folder.`,
    );
  }
  return f.getContents();
}

function shapeOf(lib: typeof Jsrsasign, key: unknown): KeyShape {
  const { RSAKey, KJUR } = lib;
  if (key instanceof RSAKey) return { type: 'RSA', bits: (key as { n: { bitLength(): number } }).n.bitLength() };
  if (key instanceof KJUR.crypto.ECDSA) {
    const name = (key as { curveName: string }).curveName;
    return { type: 'EC', curve: CURVES[name] ?? name };
  }
  throw new KeyError('the key file holds a key type other than RSA or EC.');
}

function ecdsaRawHex(lib: typeof Jsrsasign, derHex: string, coordinateBytes: number): string {
  const { r, s } = lib.KJUR.crypto.ECDSA.parseSigHexInHexRS(derHex);
  const fix = (h: string) => {
    const t = h.replace(/^(00)+/, '');
    if (t.length > coordinateBytes * 2) throw new KeyError('ECDSA signature component is longer than the curve allows.');
    return t.padStart(coordinateBytes * 2, '0');
  };
  return fix(r) + fix(s);
}

export function createJsrsasignSigner(lib: typeof Jsrsasign, pemText: string, alg: AlgorithmRule, where: string): AssertionSigner {
  const { KEYUTIL, KJUR, hextob64u } = lib;
  const pem = requirePrivateKeyPem(pemText, where);
  let key: unknown;
  try {
    key = KEYUTIL.getKey(pem);
  } catch {
    throw new KeyError(`${where} holds a private key that cannot be parsed (damaged PEM?).`);
  }
  const shape = shapeOf(lib, key);
  const mismatch = keyMismatch(alg, shape);
  if (mismatch) throw new KeyError(`${where}: ${mismatch}`);
  const javaName = alg.family === 'RSA' ? `${alg.hash}withRSAandMGF1` : `${alg.hash}withECDSA`;
  return {
    description: `key file, ${shape.type === 'RSA' ? `RSA-${shape.bits}` : `EC ${shape.curve}`}`,
    sign(input: string): string {
      const sig = new KJUR.crypto.Signature(alg.family === 'RSA' ? { alg: javaName, psssaltlen: alg.hashBytes } : { alg: javaName });
      sig.init(key);
      sig.updateString(input);
      const hex = sig.sign();
      return hextob64u(alg.family === 'EC' ? ecdsaRawHex(lib, hex, alg.ecCoordinateBytes ?? 32) : hex);
    },
  };
}
