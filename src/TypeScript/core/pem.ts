/**
 * What a PEM file holds, and a clear error for everything that is not an unencrypted private key.
 * Shared by the refresher (key from the File Cabinet) and the admin tools.
 */
import { KeyError } from './errors';

export type PemKind = 'pkcs8' | 'pkcs1' | 'sec1' | 'encrypted' | 'certificate' | 'public' | 'none';

export function classifyPem(text: string): PemKind {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text) || /Proc-Type:\s*4,ENCRYPTED/.test(text)) return 'encrypted';
  if (/-----BEGIN PRIVATE KEY-----/.test(text)) return 'pkcs8';
  if (/-----BEGIN RSA PRIVATE KEY-----/.test(text)) return 'pkcs1';
  if (/-----BEGIN EC PRIVATE KEY-----/.test(text)) return 'sec1';
  if (/-----BEGIN CERTIFICATE-----/.test(text)) return 'certificate';
  if (/-----BEGIN (RSA |EC )?PUBLIC KEY-----/.test(text)) return 'public';
  return 'none';
}

/** Returns the private key PEM block (PKCS#8, PKCS#1 or SEC1), or throws a KeyError saying what is wrong. */
export function requirePrivateKeyPem(text: string, where: string): string {
  const kind = classifyPem(text);
  switch (kind) {
    case 'encrypted':
      throw new KeyError(
        `${where} holds an encrypted private key; a scheduled script cannot supply a passphrase. Store an unencrypted PKCS#8 key in a File Cabinet folder restricted to administrators, or use a certificate from Setup > Company > Certificates (custscript_oauth_signing_certificate).`,
      );
    case 'certificate':
      throw new KeyError(
        `${where} holds a certificate, not a private key. The certificate goes to NetSuite (OAuth 2.0 Client Credentials (M2M) Setup); the refresher needs the matching private key file.`,
      );
    case 'public':
      throw new KeyError(`${where} holds a public key, not the private key.`);
    case 'none':
      throw new KeyError(`${where} is not a PEM private key (expected "-----BEGIN PRIVATE KEY-----").`);
    default: {
      const m = /-----BEGIN (PRIVATE KEY|RSA PRIVATE KEY|EC PRIVATE KEY)-----[\s\S]*?-----END \1-----/.exec(text);
      if (!m) throw new KeyError(`${where} has a truncated PEM private key (no END line).`);
      return m[0];
    }
  }
}
