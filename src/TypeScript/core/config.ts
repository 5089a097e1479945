/**
 * The refresher's configuration, validated from its script parameters (DESIGN.md section 3).
 * A missing or malformed parameter stops the run with a ConfigError naming it, before any request.
 */
import { type AlgorithmRule, parseAlgorithm } from './algorithms';
import { parseAccountId } from './account';
import { ConfigError } from './errors';
import { REFRESHER_PARAMS as P } from './names';
import { parseScope, type Scope } from './scope';

export type KeySource =
  | { kind: 'file'; /** File Cabinet path or internal id */ file: string }
  | { kind: 'certificate'; /** custcertificate... script id */ certId: string };

export interface RefresherConfig {
  accountId: string;
  clientId: string;
  certificateId: string;
  keySource: KeySource;
  algorithm: AlgorithmRule;
  scope: Scope[];
  refreshMarginMinutes: number;
  alertEmails: string[];
}

export const DEFAULT_REFRESH_MARGIN_MINUTES = 20;
/** Assertion lifetime: NetSuite requires exp - iat < 3600 s; short is safer. */
export const ASSERTION_LIFETIME_SECONDS = 300;

/** Reads a parameter by id; returns what N/runtime's getParameter returns (string, number, null…). */
export type ParameterReader = (id: string) => unknown;

export function parseRefresherConfig(read: ParameterReader): RefresherConfig {
  const accountId = parseAccountId(read(P.accountId), P.accountId);
  const clientId = requiredToken(read(P.clientId), P.clientId, 'the integration record\'s Client ID (Consumer Key), used as the JWT "iss"');
  const certificateId = requiredToken(
    read(P.certificateId),
    P.certificateId,
    'the Certificate ID shown in Setup > Integration > OAuth 2.0 Client Credentials (M2M) Setup, used as the JWT "kid"',
  );
  const algorithm = parseAlgorithm(read(P.algorithm), P.algorithm);
  const keySource = parseKeySource(read(P.privateKeyFile), read(P.signingCertificate));
  const scope = parseScope(read(P.scope), P.scope);
  const refreshMarginMinutes = parseMargin(read(P.refreshMargin));
  const alertEmails = parseEmails(read(P.alertEmail), P.alertEmail);
  return { accountId, clientId, certificateId, keySource, algorithm, scope, refreshMarginMinutes, alertEmails };
}

function text(value: unknown): string {
  return value == null ? '' : String(value).trim();
}

function requiredToken(value: unknown, parameter: string, what: string): string {
  const t = text(value);
  if (t === '') throw new ConfigError(parameter, `required: ${what}.`);
  if (t.length > 256 || !/^[\x21-\x7e]+$/.test(t)) {
    throw new ConfigError(parameter, `must be ${what}, without spaces or control characters (at most 256 characters).`);
  }
  return t;
}

function parseKeySource(fileValue: unknown, certValue: unknown): KeySource {
  const cert = text(certValue);
  if (cert !== '') {
    if (!/^custcertificate[0-9a-z_]*$/i.test(cert) || cert.length > 100) {
      throw new ConfigError(
        P.signingCertificate,
        'must be the ID of a certificate in Setup > Company > Certificates, starting with "custcertificate" (e.g. custcertificate_oauth_m2m).',
      );
    }
    return { kind: 'certificate', certId: cert.toLowerCase() };
  }
  const file = text(fileValue);
  if (file === '') {
    throw new ConfigError(
      P.privateKeyFile,
      `required unless ${P.signingCertificate} is set: the File Cabinet path (e.g. /SuiteScripts/OAuthKeys/private_key.pem) or internal id of the PEM private key.`,
    );
  }
  if (/^[0-9]+$/.test(file)) return { kind: 'file', file };
  if (!file.startsWith('/') || file.includes('..') || file.includes('\\') || /[\x00-\x1f]/.test(file) || file.length > 500) {
    throw new ConfigError(
      P.privateKeyFile,
      'must be a File Cabinet path starting with "/" (e.g. /SuiteScripts/OAuthKeys/private_key.pem) or a file internal id.',
    );
  }
  return { kind: 'file', file };
}

function parseMargin(value: unknown): number {
  const t = text(value);
  if (t === '') return DEFAULT_REFRESH_MARGIN_MINUTES;
  const n = Number(t);
  if (!Number.isInteger(n) || n < 0 || n > 59) {
    throw new ConfigError(
      P.refreshMargin,
      'must be a whole number of minutes from 0 to 59 (a token lives 60 minutes); the default is 20, which suits a deployment that runs every 15 minutes.',
    );
  }
  return n;
}

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

export function parseEmails(value: unknown, parameter: string): string[] {
  const parts = text(value)
    .split(/[\s,;]+/)
    .filter((p) => p !== '');
  for (const p of parts) {
    if (!EMAIL.test(p) || p.length > 254) {
      throw new ConfigError(parameter, `"${p.length > 60 ? p.slice(0, 60) + '…' : p}" is not an email address; use comma-separated addresses.`);
    }
  }
  return parts;
}
