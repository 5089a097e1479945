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

/** Field ids (or parameter ids) that a profile's settings are read from: error messages name them. */
export interface ProfileFieldNames {
  clientId: string;
  certificateId: string;
  keyFile: string;
  signingCertificate: string;
  algorithm: string;
  scope: string;
}

/** The default profile: the refresher's own script parameters. */
export const DEFAULT_PROFILE_FIELDS: ProfileFieldNames = {
  clientId: P.clientId,
  certificateId: P.certificateId,
  keyFile: P.privateKeyFile,
  signingCertificate: P.signingCertificate,
  algorithm: P.algorithm,
  scope: P.scope,
};

/** What one M2M mapping needs to get a token (the default profile's parameters or a profile record). */
export type ProfileConfig = Pick<RefresherConfig, 'clientId' | 'certificateId' | 'keySource' | 'algorithm' | 'scope'>;

/** Settings shared by all profiles of an installation. */
export type InstallationConfig = Pick<RefresherConfig, 'accountId' | 'refreshMarginMinutes' | 'alertEmails'>;

export function parseInstallationConfig(read: ParameterReader): InstallationConfig {
  return {
    accountId: parseAccountId(read(P.accountId), P.accountId),
    refreshMarginMinutes: parseMargin(read(P.refreshMargin)),
    alertEmails: parseEmails(read(P.alertEmail), P.alertEmail),
  };
}

/**
 * Validates one profile's settings with the same rules and messages for the script parameters and
 * for profile records; `read` is given the names in `fields`, which the messages quote.
 */
export function parseProfileConfig(read: ParameterReader, fields: ProfileFieldNames = DEFAULT_PROFILE_FIELDS): ProfileConfig {
  const clientId = requiredToken(read(fields.clientId), fields.clientId, 'the integration record\'s Client ID (Consumer Key), used as the JWT "iss"');
  const certificateId = requiredToken(
    read(fields.certificateId),
    fields.certificateId,
    'the Certificate ID shown in Setup > Integration > OAuth 2.0 Client Credentials (M2M) Setup, used as the JWT "kid"',
  );
  const algorithm = parseAlgorithm(read(fields.algorithm), fields.algorithm);
  const keySource = parseKeySource(read(fields.keyFile), read(fields.signingCertificate), fields);
  const scope = parseScope(read(fields.scope), fields.scope);
  return { clientId, certificateId, keySource, algorithm, scope };
}

/** True when the default profile exists: its client id parameter is set (DESIGN.md section 3). */
export function defaultProfileConfigured(read: ParameterReader): boolean {
  return text(read(P.clientId)) !== '';
}

export function parseRefresherConfig(read: ParameterReader): RefresherConfig {
  const installation = parseInstallationConfig(read);
  const profile = parseProfileConfig(read);
  return { ...installation, ...profile };
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

function parseKeySource(fileValue: unknown, certValue: unknown, fields: ProfileFieldNames): KeySource {
  const cert = text(certValue);
  const file = text(fileValue);
  if (cert !== '' && file !== '' && fields !== DEFAULT_PROFILE_FIELDS) {
    // On a profile record both set is ambiguous (the parameters document that the certificate wins).
    throw new ConfigError(fields.signingCertificate, `set either ${fields.keyFile} or ${fields.signingCertificate}, not both.`);
  }
  if (cert !== '') {
    if (!/^custcertificate[0-9a-z_]*$/i.test(cert) || cert.length > 100) {
      throw new ConfigError(
        fields.signingCertificate,
        'must be the ID of a certificate in Setup > Company > Certificates, starting with "custcertificate" (e.g. custcertificate_oauth_m2m).',
      );
    }
    return { kind: 'certificate', certId: cert.toLowerCase() };
  }
  if (file === '') {
    throw new ConfigError(
      fields.keyFile,
      `required unless ${fields.signingCertificate} is set: the File Cabinet path (e.g. /SuiteScripts/OAuthKeys/private_key.pem) or internal id of the PEM private key.`,
    );
  }
  if (/^[0-9]+$/.test(file)) return { kind: 'file', file };
  if (!file.startsWith('/') || file.includes('..') || file.includes('\\') || /[\x00-\x1f]/.test(file) || file.length > 500) {
    throw new ConfigError(
      fields.keyFile,
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
