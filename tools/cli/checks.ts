/**
 * Checks of a client-credentials configuration against NetSuite's rules, shared by `doctor` (which
 * prints them all) and `token` (which refuses to send a request when one fails). Parameter rules
 * are the refresher's own (core/config.ts), key rules core/algorithms.ts and core/pem.ts.
 */
import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import { tokenEndpointUrl } from '../../src/TypeScript/core/account';
import { type AlgorithmRule, keyMismatch, type KeyShape } from '../../src/TypeScript/core/algorithms';
import { parseRefresherConfig, type RefresherConfig } from '../../src/TypeScript/core/config';
import { ConfigError, KeyError } from '../../src/TypeScript/core/errors';
import { REFRESHER_PARAMS as P } from '../../src/TypeScript/core/names';
import { classifyPem, requirePrivateKeyPem } from '../../src/TypeScript/core/pem';
import { MAX_CERTIFICATE_DAYS } from '../keys';
import { type CliConfig, HOW_TO_SET, type ParamId } from './config';
import { enclosingGitTree, enclosingSdfProject, shownPath } from './paths';

export type CheckStatus = 'ok' | 'fail' | 'warn' | 'skip';

export interface Check {
  id: string;
  status: CheckStatus;
  title: string;
  /** Further lines: values found, what is wrong. */
  details?: string[];
  /** How to put it right (failures and warnings). */
  fix?: string;
}

export interface Evaluation {
  checks: Check[];
  /** The refresher configuration, when every parameter is valid. */
  config?: RefresherConfig;
  /** The token URL NetSuite expects as the assertion's `aud` (derived from the account id). */
  audience?: string;
  /** The loaded private key, when it is readable and fits the algorithm. */
  privateKey?: KeyObject;
}

/** A certificate expiring sooner than this gets a warning. */
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;
const MAX_PEM_BYTES = 1024 * 1024;

const NODE_CURVES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

/** Valid stand-ins, used only to keep checking the other parameters after one is found invalid. */
const STAND_IN: Partial<Record<ParamId, string>> = {
  [P.accountId]: '1234567',
  [P.clientId]: 'client-id',
  [P.certificateId]: 'certificate-id',
  [P.privateKeyFile]: '/SuiteScripts/OAuthKeys/private_key.pem',
};

/**
 * Every problem of the parameters, by the refresher's own rules (parseRefresherConfig). It stops at
 * the first invalid parameter, so that one is replaced by a valid stand-in and the rest checked again.
 */
export function parameterProblems(params: CliConfig['params']): { problems: Map<ParamId, string>; config: RefresherConfig } {
  const problems = new Map<ParamId, string>();
  const replaced = new Set<string>();
  // The local tools sign with a local key file: a File Cabinet path is only checked when given.
  if (params[P.privateKeyFile] === undefined) replaced.add(P.privateKeyFile);
  for (let i = 0; i <= Object.keys(P).length; i++) {
    try {
      const config = parseRefresherConfig((id) => (replaced.has(id) ? (STAND_IN[id as ParamId] ?? '') : params[id as ParamId]));
      return { problems, config };
    } catch (e) {
      if (!(e instanceof ConfigError) || replaced.has(e.parameter)) throw e;
      problems.set(e.parameter as ParamId, e.message);
      replaced.add(e.parameter);
    }
  }
  throw new Error('parameter checks did not converge');
}

export interface EvaluateOptions {
  cwd: string;
  nowMs: number;
  /** The command cannot go on without the private key (token, doctor --live). */
  requireKey: boolean;
}

export function evaluateConfig(cfg: CliConfig, opts: EvaluateOptions): Evaluation {
  const checks: Check[] = [];
  const add = (c: Check): Check => (checks.push(c), c);
  const { problems, config } = parameterProblems(cfg.params);
  const problem = (id: ParamId): string | undefined => problems.get(id);
  const setHint = (id: ParamId | 'keyFile' | 'certFile'): string => `set ${HOW_TO_SET[id]}`;
  const src = (id: ParamId): string => (cfg.sources[id] ? ` (from ${cfg.sources[id]})` : '');

  // Account id and the URL it gives.
  const accountProblem = problem(P.accountId);
  let audience: string | undefined;
  if (accountProblem) {
    add({
      id: 'account-id', status: 'fail', title: 'account id', details: [accountProblem + src(P.accountId)],
      fix: `${setHint(P.accountId)} to the account id from Setup > Company > Company Information (e.g. 1234567, or 1234567_SB1 for a sandbox).`,
    });
  } else {
    audience = tokenEndpointUrl(config.accountId);
    add({ id: 'account-id', status: 'ok', title: `account id ${config.accountId}`, details: [`token URL: ${audience}`] });
  }

  const tokenParam = (id: ParamId, check: string, label: string, value: string, where: string): void => {
    const p = problem(id);
    if (p) add({ id: check, status: 'fail', title: label, details: [p + src(id)], fix: `${setHint(id)}: ${where}.` });
    else add({ id: check, status: 'ok', title: `${label} ${value}` });
  };
  tokenParam(P.clientId, 'client-id', 'client id', config.clientId,
    'the Client ID (Consumer Key) shown once when the integration record was saved (Setup > Integration > Manage Integrations)');
  tokenParam(P.certificateId, 'certificate-id', 'certificate id', config.certificateId,
    'the Certificate ID from Setup > Integration > OAuth 2.0 Client Credentials (M2M) Setup');

  const algProblem = problem(P.algorithm);
  const alg: AlgorithmRule | undefined = algProblem ? undefined : config.algorithm;
  if (algProblem) {
    add({ id: 'algorithm', status: 'fail', title: 'algorithm', details: [algProblem + src(P.algorithm)], fix: `${setHint(P.algorithm)} to PS256 (the default, RSA 3072/4096 key) or ES256/ES384/ES512 (EC key).` });
  } else {
    add({ id: 'algorithm', status: 'ok', title: `algorithm ${config.algorithm.name}${cfg.params[P.algorithm] ? '' : ' (default)'}` });
  }

  const scopeProblem = problem(P.scope);
  if (scopeProblem) add({ id: 'scope', status: 'fail', title: 'scope', details: [scopeProblem + src(P.scope)], fix: `${setHint(P.scope)}: restlets, rest_webservices and/or suite_analytics, comma-separated.` });
  else add({ id: 'scope', status: 'ok', title: `scope ${config.scope.join(',')}${cfg.params[P.scope] ? '' : ' (default)'}` });

  // Parameters only the refresher uses: checked when given.
  for (const [id, check, label] of [
    [P.privateKeyFile, 'key-file-parameter', 'File Cabinet key file'],
    [P.signingCertificate, 'signing-certificate', 'signing certificate'],
    [P.refreshMargin, 'refresh-margin', 'refresh margin'],
    [P.alertEmail, 'alert-email', 'alert email'],
  ] as const) {
    const p = problem(id);
    if (p) add({ id: check, status: 'fail', title: label, details: [p + src(id)], fix: `correct ${id} (${HOW_TO_SET[id]}).` });
  }

  // The private key (local copy).
  const key = cfg.keyFile === undefined ? undefined : checkPrivateKey(cfg.keyFile, alg, opts, add);
  if (cfg.keyFile === undefined) {
    add(opts.requireKey
      ? { id: 'private-key', status: 'fail', title: 'private key not given', fix: `${setHint('keyFile')}: the PEM private key whose certificate is mapped in the M2M setup.` }
      : { id: 'private-key', status: 'warn', title: 'private key not checked (none given)', fix: `${setHint('keyFile')} to check the key that signs the assertions (a local copy of the File Cabinet file).` });
  }

  // The certificate (local copy of what was uploaded to the M2M setup).
  if (cfg.certFile !== undefined) checkCertificate(cfg.certFile, alg, key, opts, add);
  else add({ id: 'certificate', status: 'warn', title: 'certificate not checked (none given)', fix: `${setHint('certFile')} to check it against the key and NetSuite's validity rules.` });

  const evaluation: Evaluation = { checks };
  if (problems.size === 0) evaluation.config = config;
  if (audience) evaluation.audience = audience;
  if (key?.fits) evaluation.privateKey = key.key;
  return evaluation;
}

function readPem(file: string, what: string, shown: string): { text: string } | { problem: string; fix: string } {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { problem: `${shown} is not a file`, fix: `pass the path of the ${what} PEM file.` };
    if (stat.size > MAX_PEM_BYTES) return { problem: `${shown} is larger than 1 MB: not a PEM ${what}`, fix: `pass the path of the ${what} PEM file.` };
    return { text: fs.readFileSync(file, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { problem: `${shown} does not exist`, fix: `check the path of the ${what} file.` };
    if (code === 'EACCES') return { problem: `${shown} is not readable by this user`, fix: `run as the file's owner, or check its permissions.` };
    return { problem: `cannot read ${shown} (${code ?? (e as Error).message})`, fix: `check the path of the ${what} file.` };
  }
}

/** RSA modulus bits or EC curve of a key, or why NetSuite cannot use that kind of key. */
export function keyShapeOf(key: KeyObject): KeyShape | { problem: string } {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { type: 'RSA', bits: details.modulusLength ?? 0 };
    case 'ec':
      return { type: 'EC', curve: NODE_CURVES[details.namedCurve ?? ''] ?? details.namedCurve ?? 'an unknown curve' };
    case 'rsa-pss':
      return { problem: 'it is an RSA-PSS-only key (id-RSASSA-PSS, as made by "openssl genpkey -algorithm rsa-pss"), which jsrsasign and NetSuite\'s signers cannot load; use an ordinary RSA key (PS256 still signs with PSS)' };
    default:
      return { problem: `it is a ${key.asymmetricKeyType ?? 'unknown'} key; NetSuite accepts RSA 3072/4096 (PS256/PS384/PS512) or EC P-256/P-384/P-521 (ES256/ES384/ES512)` };
  }
}

export function describeShape(shape: KeyShape): string {
  return shape.type === 'RSA' ? `RSA ${shape.bits} bits` : `EC ${shape.curve}`;
}

const KEYGEN_FIX = 'make a new key and certificate with `ns-oauth keygen` (PS256, RSA 4096 by default), map the certificate in the M2M setup and use its new certificate id';

function checkPrivateKey(
  file: string,
  alg: AlgorithmRule | undefined,
  opts: EvaluateOptions,
  add: (c: Check) => Check,
): { key: KeyObject; fits: boolean } | undefined {
  const shown = shownPath(file, opts.cwd);
  const read = readPem(file, 'private key', shown);
  if ('problem' in read) {
    add({ id: 'private-key', status: 'fail', title: `private key ${shown}`, details: [read.problem], fix: read.fix });
    return undefined;
  }
  let pem: string;
  try {
    pem = requirePrivateKeyPem(read.text, shown);
  } catch (e) {
    if (!(e instanceof KeyError)) throw e;
    const kind = classifyPem(read.text);
    const fix = kind === 'encrypted'
      ? `write an unencrypted copy (e.g. openssl pkey -in ${shown} -out private_key.pem), keep it in a folder only administrators can read, or import the key under Setup > Company > Certificates and set ${P.signingCertificate}.`
      : kind === 'certificate'
        ? 'pass the private key with --key and the certificate with --cert.'
        : 'pass the PEM private key file ("-----BEGIN PRIVATE KEY-----").';
    add({ id: 'private-key', status: 'fail', title: `private key ${shown}`, details: [e.message], fix });
    return undefined;
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    add({ id: 'private-key', status: 'fail', title: `private key ${shown}`, details: [`${shown} holds a PEM block that is not a readable private key (damaged or truncated)`], fix: 'export the key again, or ' + KEYGEN_FIX + '.' });
    return undefined;
  }
  const format = { pkcs8: 'PKCS#8', pkcs1: 'PKCS#1', sec1: 'SEC1' }[classifyPem(pem) as 'pkcs8' | 'pkcs1' | 'sec1'] ?? 'PEM';
  const shape = keyShapeOf(key);
  let fits = false;
  if ('problem' in shape) {
    add({ id: 'private-key', status: 'fail', title: `private key ${shown}`, details: [shape.problem], fix: KEYGEN_FIX + '.' });
  } else if (!alg) {
    add({ id: 'private-key', status: 'ok', title: `private key ${shown}: ${describeShape(shape)} (${format}); fit not checked (the algorithm is invalid)` });
  } else {
    const mismatch = keyMismatch(alg, shape);
    if (mismatch) {
      const fix = shape.type === 'EC' && alg.family === 'EC'
        ? `use the algorithm of this key's curve (${{ 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[shape.curve] ?? 'none: NetSuite accepts P-256, P-384 or P-521 only'}), or ${KEYGEN_FIX}.`
        : shape.type === 'RSA' && alg.family === 'RSA'
          ? `${KEYGEN_FIX} (--bits 3072 or 4096).`
          : `use ${shape.type === 'RSA' ? 'PS256' : 'ES256/ES384/ES512 (by curve)'} with this key, or ${KEYGEN_FIX}.`;
      add({ id: 'private-key', status: 'fail', title: `private key ${shown}: ${describeShape(shape)}`, details: [mismatch], fix });
    } else {
      fits = true;
      add({ id: 'private-key', status: 'ok', title: `private key ${shown}: ${describeShape(shape)} (${format}), fits ${alg.name}` });
    }
  }
  // Where the key is kept.
  const sdf = enclosingSdfProject(file);
  if (sdf) {
    fits = false;
    add({
      id: 'private-key-location', status: 'fail', title: 'private key is inside an SDF project folder',
      details: [`${shown} is under ${shownPath(sdf, opts.cwd)}: "suitecloud project:deploy" can upload it, and SDF overwrites the File Cabinet on each deploy`],
      fix: 'move the key out of the project (e.g. ~/netsuite-keys/) and upload it to a File Cabinet folder only administrators can see.',
    });
  } else {
    const git = enclosingGitTree(file);
    if (git) add({ id: 'private-key-location', status: 'warn', title: 'private key is inside a git working tree', details: [`${shown} is under ${shownPath(git, opts.cwd)}`], fix: 'keep private keys out of repositories: move it elsewhere (e.g. ~/netsuite-keys/).' });
  }
  if (process.platform !== 'win32') {
    try {
      const mode = fs.statSync(file).mode & 0o777;
      if ((mode & 0o077) !== 0) {
        add({ id: 'private-key-permissions', status: 'warn', title: `private key file is readable by other users (mode ${mode.toString(8)})`, fix: `chmod 600 ${shown}` });
      }
    } catch {
      /* already read above; a race is not worth a check line */
    }
  }
  return { key, fits };
}

function checkCertificate(
  file: string,
  alg: AlgorithmRule | undefined,
  key: { key: KeyObject; fits: boolean } | undefined,
  opts: EvaluateOptions,
  add: (c: Check) => Check,
): void {
  const shown = shownPath(file, opts.cwd);
  const read = readPem(file, 'certificate', shown);
  if ('problem' in read) {
    add({ id: 'certificate', status: 'fail', title: `certificate ${shown}`, details: [read.problem], fix: read.fix });
    return;
  }
  const kind = classifyPem(read.text);
  if (kind !== 'certificate') {
    const isPrivate = kind === 'pkcs8' || kind === 'pkcs1' || kind === 'sec1' || kind === 'encrypted';
    add({
      id: 'certificate', status: 'fail', title: `certificate ${shown}`,
      details: [isPrivate ? `${shown} holds a private key, not a certificate` : `${shown} is not a PEM certificate (expected "-----BEGIN CERTIFICATE-----")`],
      fix: isPrivate
        ? 'pass the certificate with --cert. Never upload a private key to the M2M setup: only the certificate goes there.'
        : 'pass the X.509 certificate (PEM) uploaded to the M2M setup.',
    });
    return;
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(read.text);
  } catch {
    add({ id: 'certificate', status: 'fail', title: `certificate ${shown}`, details: [`${shown} holds a PEM certificate block that does not parse as X.509 (damaged or truncated)`], fix: KEYGEN_FIX + '.' });
    return;
  }
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  const shape = keyShapeOf(cert.publicKey);
  const shapeText = 'problem' in shape ? cert.publicKey.asymmetricKeyType ?? 'unknown key' : describeShape(shape);
  add({ id: 'certificate', status: 'ok', title: `certificate ${shown}: ${shapeText}, subject ${cert.subject.replace(/\n/g, ', ')}`, details: [`SHA-256 fingerprint ${cert.fingerprint256}`] });

  // Same public key as the private key?
  if (key) {
    const same = cert.publicKey.export({ type: 'spki', format: 'der' }).equals(createPublicKey(key.key).export({ type: 'spki', format: 'der' }));
    if (same) add({ id: 'certificate-key-match', status: 'ok', title: 'certificate matches the private key' });
    else add({
      id: 'certificate-key-match', status: 'fail', title: 'certificate does not match the private key',
      details: ['the certificate holds a different public key: NetSuite cannot verify assertions signed with this key against it (invalid_client / invalid_grant)'],
      fix: 'use the key that made this certificate, or upload the certificate made with this key (ns-oauth keygen writes both together) and use its new certificate id.',
    });
  } else if (alg) {
    // No key to compare with: the certificate's key itself must fit the algorithm.
    if ('problem' in shape) add({ id: 'certificate-key-type', status: 'fail', title: 'certificate key type', details: [shape.problem], fix: KEYGEN_FIX + '.' });
    else {
      const mismatch = keyMismatch(alg, shape);
      if (mismatch) add({ id: 'certificate-key-type', status: 'fail', title: `certificate key ${describeShape(shape)}`, details: [mismatch], fix: KEYGEN_FIX + '.' });
    }
  }

  // Validity window.
  const now = opts.nowMs;
  const day = (d: Date): string => d.toISOString().replace(/\.000Z$/, 'Z');
  const span = `valid ${day(notBefore)} to ${day(notAfter)}`;
  if (now < notBefore.getTime()) {
    add({ id: 'certificate-validity', status: 'fail', title: 'certificate is not valid yet', details: [span], fix: 'check this computer\'s clock; or wait until it becomes valid, or make a certificate valid from now (ns-oauth keygen).' });
  } else if (now >= notAfter.getTime()) {
    add({ id: 'certificate-validity', status: 'fail', title: 'certificate has expired', details: [span], fix: `${KEYGEN_FIX}; then revoke the old mapping.` });
  } else {
    const daysLeft = Math.floor((notAfter.getTime() - now) / DAY_MS);
    if (daysLeft < EXPIRY_WARNING_DAYS) {
      add({ id: 'certificate-validity', status: 'warn', title: `certificate expires in ${daysLeft} day(s)`, details: [span], fix: `rotate now: ${KEYGEN_FIX}; update ${P.certificateId} (and the key file), then revoke the old mapping.` });
    } else {
      add({ id: 'certificate-validity', status: 'ok', title: `certificate valid for ${daysLeft} more days`, details: [span] });
    }
  }
  const lifetimeDays = (notAfter.getTime() - notBefore.getTime()) / DAY_MS;
  if (lifetimeDays > MAX_CERTIFICATE_DAYS) {
    add({
      id: 'certificate-lifetime', status: 'fail', title: `certificate is valid for ${Math.round(lifetimeDays)} days`,
      details: [`NetSuite accepts certificates valid at most ${MAX_CERTIFICATE_DAYS} days (two years)`],
      fix: `make a certificate valid at most ${MAX_CERTIFICATE_DAYS} days: ns-oauth keygen --days ${MAX_CERTIFICATE_DAYS} (or openssl ... -days ${MAX_CERTIFICATE_DAYS}).`,
    });
  }
}
