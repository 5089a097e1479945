/**
 * The configuration `doctor` and `token` check and use: a JSON file with either the refresher's
 * script parameter names (custscript_oauth_account_id, ...) or friendly keys (accountId, ...),
 * overridden by command-line flags. Values are kept as text: the rules that judge them are the
 * refresher's own (core/config.ts), applied in checks.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REFRESHER_PARAMS as P } from '../../src/TypeScript/core/names';
import { parseLocalUrl } from './commands/shared';
import { usageError } from './exitCodes';
import { PROJECT_ROOT } from './paths';

export type ParamId = (typeof P)[keyof typeof P];

export interface ConfigFlags {
  config?: string;
  /** A named profile of the config file (`profiles.NAME`); absent or "default" = the top-level values. */
  profile?: string;
  /** Use the local stand-in's account (.local-account): its ids, key, certificate and token endpoint. */
  local?: string | boolean;
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
  /** The profile checked: "default" or a name from `profiles`. */
  profile: string;
  /** Names of the config file's profiles ("default" first), for messages. */
  profiles: string[];
  /** Token endpoint to send requests to instead of NetSuite's (loopback only): config `tokenEndpoint` or --local. */
  tokenUrl?: string;
  tokenUrlSource?: string;
}

/**
 * What one token profile holds (DESIGN.md section 3, customrecord_oauth_profile): client id, certificate
 * id, key file or signing certificate, algorithm, scope, plus the local copies of key and certificate.
 * Everything else (account id, refresh margin, alert addresses, token endpoint) is installation-wide.
 */
const PER_PROFILE = new Set<ParamId | 'keyFile' | 'certFile'>([P.clientId, P.certificateId, P.privateKeyFile, P.signingCertificate, P.algorithm, P.scope, 'keyFile', 'certFile']);
/** Config keys that are not parameters. */
const SPECIAL_KEYS = new Set(['profiles', 'tokenEndpoint']);
export const DEFAULT_PROFILE = 'default';

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
  const profile = flags.profile ?? DEFAULT_PROFILE;
  const cfg: CliConfig = { params: {}, sources: {}, profile, profiles: [DEFAULT_PROFILE] };
  if (flags.config !== undefined && flags.local !== undefined && flags.local !== false) {
    throw usageError('use either --config or --local, not both.');
  }
  if (flags.local !== undefined && flags.local !== false) readLocalAccount(typeof flags.local === 'string' ? path.resolve(cwd, flags.local) : path.join(PROJECT_ROOT, '.local-account'), cfg);
  else if (flags.config !== undefined) readConfigFile(path.resolve(cwd, flags.config), flags.config, cfg, profile);
  else if (profile !== DEFAULT_PROFILE) throw usageError(`--profile ${profile} needs a config file with a "profiles" object (--config).`, 'see docs/CLI.md for the config file with several profiles.');

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

/**
 * The local NetSuite stand-in's account (`npm start`, tools/local-account): local.json holds account,
 * client and certificate ids and the key's algorithm; the key pair sits next to it. Requests go to the
 * stand-in's token endpoint on 127.0.0.1 (port from NS_LOCAL_PORT, default 8787).
 */
function readLocalAccount(dir: string, cfg: CliConfig): void {
  let meta: { accountId?: unknown; clientId?: unknown; certificateId?: unknown; key?: { alg?: unknown } };
  try {
    meta = JSON.parse(fs.readFileSync(path.join(dir, 'local.json'), 'utf8')) as typeof meta;
  } catch {
    throw usageError(`--local: no local stand-in account in ${dir} (local.json is missing or unreadable).`, 'start it once with "npm start" in the project folder (it creates .local-account), or pass its folder: --local path/to/.local-account.');
  }
  const source = `${path.join(dir, 'local.json')}`;
  const set = (target: ParamId, value: unknown): void => {
    if (typeof value !== 'string' || value === '') return;
    cfg.params[target] = value;
    cfg.sources[target] = `--local (${source})`;
  };
  set(P.accountId, meta.accountId);
  set(P.clientId, meta.clientId);
  set(P.certificateId, meta.certificateId);
  set(P.algorithm, meta.key?.alg);
  cfg.keyFile = path.join(dir, 'private_key.pem');
  cfg.certFile = path.join(dir, 'certificate.pem');
  cfg.sources.keyFile = '--local';
  cfg.sources.certFile = '--local';
  const port = process.env['NS_LOCAL_PORT'] ?? '8787';
  cfg.tokenUrl = localUrl(`http://127.0.0.1:${port}/services/rest/auth/oauth2/v1/token`, '--local (NS_LOCAL_PORT)');
  cfg.tokenUrlSource = '--local';
}

/** A token endpoint override, allowed only on this machine (the signed assertion must not travel). */
function localUrl(value: string, what: string): string {
  try {
    return parseLocalUrl(value);
  } catch (e) {
    throw usageError(`${what}: ${(e as Error).message}`);
  }
}

function readConfigFile(file: string, shown: string, cfg: CliConfig, profile: string): void {
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
  const top = json as Record<string, unknown>;
  const profiles = top['profiles'];
  if (profiles !== undefined && (profiles === null || typeof profiles !== 'object' || Array.isArray(profiles))) {
    throw usageError(`the config file ${shown}: "profiles" must be an object of named profiles ({"warehouse": {"clientId": ...}}).`);
  }
  const named = (profiles ?? {}) as Record<string, unknown>;
  cfg.profiles = [DEFAULT_PROFILE, ...Object.keys(named)];
  if (Object.hasOwn(named, DEFAULT_PROFILE)) throw usageError(`the config file ${shown}: "${DEFAULT_PROFILE}" is the top-level profile; give the named profile another name.`);
  if (top['tokenEndpoint'] !== undefined) {
    if (typeof top['tokenEndpoint'] !== 'string') throw usageError(`the config file ${shown}: "tokenEndpoint" must be a string (a loopback URL).`);
    cfg.tokenUrl = localUrl(top['tokenEndpoint'], `the config file ${shown}: tokenEndpoint`);
    cfg.tokenUrlSource = `${shown}: tokenEndpoint`;
  }
  if (profile === DEFAULT_PROFILE) {
    applyConfigObject(top, { shown, prefix: '', dir, cfg, only: 'all' });
    return;
  }
  const chosen = named[profile];
  if (chosen === undefined) {
    throw usageError(`the config file ${shown} has no profile "${profile.slice(0, 60)}".`, `its profiles: ${cfg.profiles.join(', ')}.`);
  }
  if (!chosen || typeof chosen !== 'object' || Array.isArray(chosen)) throw usageError(`the config file ${shown}: profiles.${profile} must be an object.`);
  // Installation-wide values from the top level; the profile's own mapping only from the profile:
  // a profile never inherits the default profile's client, certificate or key.
  applyConfigObject(top, { shown, prefix: '', dir, cfg, only: 'shared' });
  applyConfigObject(chosen as Record<string, unknown>, { shown, prefix: `profiles.${profile}.`, dir, cfg, only: 'profile' });
}

function applyConfigObject(
  obj: Record<string, unknown>,
  o: { shown: string; prefix: string; dir: string; cfg: CliConfig; only: 'all' | 'shared' | 'profile' },
): void {
  const { shown, prefix, dir, cfg } = o;
  for (const [key, raw] of Object.entries(obj)) {
    if (o.prefix === '' && SPECIAL_KEYS.has(key)) continue;
    const target = PARAM_IDS.has(key) ? (key as ParamId) : FRIENDLY_KEYS[key];
    if (target === undefined) {
      throw usageError(
        `the config file ${shown} has an unknown key "${prefix}${key.slice(0, 60)}".`,
        `use the refresher's parameter names (${Object.values(P).join(', ')}) or the friendly keys (${Object.keys(FRIENDLY_KEYS).join(', ')})${prefix ? '' : ', "profiles" and "tokenEndpoint"'}.`,
      );
    }
    const perProfile = PER_PROFILE.has(target);
    if (o.only === 'shared' && perProfile) continue;
    if (o.only === 'profile' && !perProfile) {
      throw usageError(`the config file ${shown}: ${prefix}${key} is installation-wide, not part of a profile; set it at the top level.`, 'a profile holds clientId, certificateId, privateKeyFile or signingCertificate, certificateFile, algorithm and scope.');
    }
    const value = configValue(raw, key, shown);
    if (value === undefined) continue;
    const source = `${shown}: ${prefix}${key}`;
    if (target === 'keyFile' || target === 'certFile') {
      // Relative paths in a config file are relative to the file, not the working directory.
      cfg[target] = path.resolve(dir, value);
    } else {
      const earlier = cfg.sources[target];
      if (earlier !== undefined) throw usageError(`the config file ${shown} sets ${target} twice (${earlier.replace(`${shown}: `, '')} and ${prefix}${key}): keep one.`);
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
