/**
 * The configuration `doctor` and `token` check and use: a JSON file with either the refresher's
 * script parameter names (custscript_oauth_account_id, ...) or friendly keys (accountId, ...),
 * overridden by command-line flags. Values are kept as text: the rules that judge them are the
 * refresher's own (core/config.ts), applied in checks.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REFRESHER_PARAMS as P } from '../../src/TypeScript/core/names';
import { usageError } from './exitCodes';

export type ParamId = (typeof P)[keyof typeof P];

export interface ConfigFlags {
  config?: string;
  accountId?: string;
  clientId?: string;
  certificateId?: string;
  key?: string;
  cert?: string;
  alg?: string;
  scope?: string;
  tokenUrl?: string;
}

export interface CliConfig {
  /** Refresher parameter values, as text (absent = not given). */
  params: Partial<Record<ParamId, string>>;
  /** Local copy of the private key (absolute path). */
  keyFile?: string;
  /** Local copy of the certificate uploaded to the M2M setup (absolute path). */
  certFile?: string;
  /** Where each value came from, for messages: "--account-id", "config.json: accountId". */
  sources: Partial<Record<ParamId | 'keyFile' | 'certFile', string>>;
}

/** Friendly config keys -> refresher parameter (or local file). */
export const FRIENDLY_KEYS: Readonly<Record<string, ParamId | 'keyFile' | 'certFile'>> = {
  accountId: P.accountId,
  clientId: P.clientId,
  certificateId: P.certificateId,
  algorithm: P.algorithm,
  scope: P.scope,
  signingCertificate: P.signingCertificate,
  privateKeyFile: 'keyFile',
  certificateFile: 'certFile',
  refreshMargin: P.refreshMargin,
  alertEmail: P.alertEmail,
};

/** How to set each value: flag, friendly config key, NetSuite parameter. */
export const HOW_TO_SET: Readonly<Record<ParamId | 'keyFile' | 'certFile', string>> = {
  [P.accountId]: `--account-id (config: accountId or ${P.accountId})`,
  [P.clientId]: `--client-id (config: clientId or ${P.clientId})`,
  [P.certificateId]: `--certificate-id (config: certificateId or ${P.certificateId})`,
  [P.algorithm]: `--alg (config: algorithm or ${P.algorithm})`,
  [P.scope]: `--scope (config: scope or ${P.scope})`,
  [P.privateKeyFile]: `config: ${P.privateKeyFile} (the File Cabinet path; the local copy is --key / privateKeyFile)`,
  [P.signingCertificate]: `config: signingCertificate or ${P.signingCertificate}`,
  [P.refreshMargin]: `config: refreshMargin or ${P.refreshMargin}`,
  [P.alertEmail]: `config: alertEmail or ${P.alertEmail}`,
  keyFile: '--key (config: privateKeyFile)',
  certFile: '--cert (config: certificateFile)',
};

const PARAM_IDS = new Set<string>(Object.values(P));
const MAX_CONFIG_BYTES = 64 * 1024;

/** Reads the config file (if any) and applies the flags over it. Throws a usage CliError for a bad file. */
export function loadCliConfig(flags: ConfigFlags, cwd: string): CliConfig {
  const cfg: CliConfig = { params: {}, sources: {} };
  if (flags.config !== undefined) readConfigFile(path.resolve(cwd, flags.config), flags.config, cfg);

  const flag = (value: string | undefined, target: ParamId, name: string): void => {
    if (value === undefined) return;
    cfg.params[target] = value;
    cfg.sources[target] = name;
  };
  flag(flags.accountId, P.accountId, '--account-id');
  flag(flags.clientId, P.clientId, '--client-id');
  flag(flags.certificateId, P.certificateId, '--certificate-id');
  flag(flags.alg, P.algorithm, '--alg');
  flag(flags.scope, P.scope, '--scope');
  if (flags.key !== undefined) {
    cfg.keyFile = path.resolve(cwd, flags.key);
    cfg.sources.keyFile = '--key';
  }
  if (flags.cert !== undefined) {
    cfg.certFile = path.resolve(cwd, flags.cert);
    cfg.sources.certFile = '--cert';
  }
  return cfg;
}

function readConfigFile(file: string, shown: string, cfg: CliConfig): void {
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw usageError(`--config ${shown} is not a file.`, 'pass the path of a JSON config file (see docs/CLI.md).');
    if (stat.size > MAX_CONFIG_BYTES) throw usageError(`--config ${shown} is larger than 64 KB: that is not a config file.`);
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof Error && e.name === 'CliError') throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw usageError(
      `cannot read the config file ${shown}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}.`,
      'pass the path of a JSON config file with --config (see docs/CLI.md for its format).',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw usageError(`the config file ${shown} is not valid JSON: ${(e as Error).message}.`, 'write a JSON object, e.g. {"accountId": "1234567", "clientId": "...", "certificateId": "...", "privateKeyFile": "private_key.pem"}.');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw usageError(`the config file ${shown} must hold a JSON object ({"accountId": ...}).`);
  }
  const dir = path.dirname(file);
  for (const [key, raw] of Object.entries(json as Record<string, unknown>)) {
    const target = PARAM_IDS.has(key) ? (key as ParamId) : FRIENDLY_KEYS[key];
    if (target === undefined) {
      throw usageError(
        `the config file ${shown} has an unknown key "${key.slice(0, 60)}".`,
        `use the refresher's parameter names (${Object.values(P).join(', ')}) or the friendly keys (${Object.keys(FRIENDLY_KEYS).join(', ')}).`,
      );
    }
    const value = configValue(raw, key, shown);
    if (value === undefined) continue;
    const source = `${shown}: ${key}`;
    if (target === 'keyFile' || target === 'certFile') {
      // Relative paths in a config file are relative to the file, not the working directory.
      cfg[target] = path.resolve(dir, value);
    } else {
      const earlier = cfg.sources[target];
      if (earlier !== undefined) throw usageError(`the config file ${shown} sets ${target} twice (${earlier.replace(`${shown}: `, '')} and ${key}): keep one.`);
      cfg.params[target] = value;
    }
    cfg.sources[target] = source;
  }
}

function configValue(raw: unknown, key: string, shown: string): string | undefined {
  if (raw === null) return undefined;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (Array.isArray(raw) && raw.every((v) => typeof v === 'string')) return raw.join(',');
  throw usageError(`the config file ${shown}: "${key}" must be a string${key === 'scope' || key === 'alertEmail' ? ' or an array of strings' : ''}.`);
}
