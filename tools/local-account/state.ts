/**
 * What the local account keeps on disk, in its state folder (default `.local-account/`, git-ignored):
 *
 * | file | contents |
 * |---|---|
 * | `account.json` | the whole in-memory account (`account.toJSON()`): records (API clients as hashes, the token record), File Cabinet (the private key under /SuiteScripts/OAuthKeys), script parameters, logs, cache |
 * | `local.json` | the integration (client id, certificate id), key facts (no key), the profiles' certificate mappings (certificate id, role, public certificate), the clock offset, SHA-256 hashes of issued access tokens and their expiry |
 * | `private_key.pem`, `certificate.pem` | the M2M key pair's private key and certificate |
 * | `local.postman_environment.json` | a Postman environment with the local URLs (no secrets) |
 * | `lock` | the process id of the running local account |
 *
 * The folder is created with mode 0700 and every file is written with mode 0600 (atomically: a
 * temporary file renamed into place). API keys are never written: only their hashes, in the records.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { AccountState } from '../suitescript-runtime';
import type { KeyAlgorithm, SigningKeyMaterial } from '../keys';

export const STATE_FILES = {
  account: 'account.json',
  local: 'local.json',
  privateKey: 'private_key.pem',
  certificate: 'certificate.pem',
  postman: 'local.postman_environment.json',
  lock: 'lock',
} as const;

/** 2: token profiles (refresher settings as company preferences, a second profile, roles). */
export const STATE_VERSION = 2;

export interface IssuedTokenEntry {
  /** Lower-case hex SHA-256 of the access token (the token itself is never stored here). */
  sha256: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
  /** The role the token stands for (its `sub`), which REST checks permissions against. */
  role: string;
}

/** A token profile record of the local account and the M2M mapping behind it (re-registered at every start). */
export interface LocalProfileMeta {
  /** Internal id of the customrecord_oauth_profile record. */
  id: string;
  name: string;
  certificateId: string;
  /** The mapping's certificate (public); its private key is in the File Cabinet at `keyPath`. */
  certificatePem: string;
  keyPath: string;
  role: string;
  entity: string;
}

export interface LocalMeta {
  version: typeof STATE_VERSION;
  accountId: string;
  clientId: string;
  certificateId: string;
  /** Real time of the first start (ISO). */
  createdAt: string;
  /** Account time minus real time, ms. */
  clockOffsetMs: number;
  key: {
    alg: KeyAlgorithm;
    keyType: 'RSA' | 'EC';
    rsaBits?: number;
    curve?: string;
    commonName: string;
    serialNumberHex: string;
    notBefore: string;
    notAfter: string;
  };
  issuedTokens: IssuedTokenEntry[];
  /** The role and entity of the default profile's mapping. */
  defaultMapping: { role: string; entity: string };
  /** Token profile records besides the default profile. */
  profiles: LocalProfileMeta[];
}

/** A problem with the state folder; `message` says what to do. */
export class LocalStateError extends Error {
  override readonly name = 'LocalStateError';
}

export function ensureStateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    fs.chmodSync(dir, 0o700);
  } catch {
    /* not ours to change (e.g. a shared temp folder): files are 0600 anyway */
  }
}

/** Writes a file with mode 0600 via a temporary file and a rename, so a crash never leaves half a file. */
export function writePrivateFile(file: string, contents: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, contents, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

export function stateExists(dir: string): boolean {
  return fs.existsSync(path.join(dir, STATE_FILES.local));
}

function readJson<T>(file: string, what: string): T {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new LocalStateError(
      `The local account's ${what} (${file}) cannot be read: ${(e as Error).message}. Start over with --reset (it deletes the local account's state).`,
    );
  }
}

export interface LoadedState {
  meta: LocalMeta;
  account: AccountState;
  key: SigningKeyMaterial;
}

export function loadState(dir: string): LoadedState {
  const meta = readJson<LocalMeta>(path.join(dir, STATE_FILES.local), 'settings');
  if (meta.version !== STATE_VERSION) {
    throw new LocalStateError(`The local account in ${dir} was written by another version (${String(meta.version)}). Start over with --reset.`);
  }
  const account = readJson<AccountState>(path.join(dir, STATE_FILES.account), 'records');
  let privateKeyPem: string;
  let certificatePem: string;
  try {
    privateKeyPem = fs.readFileSync(path.join(dir, STATE_FILES.privateKey), 'utf8');
    certificatePem = fs.readFileSync(path.join(dir, STATE_FILES.certificate), 'utf8');
  } catch (e) {
    throw new LocalStateError(`The local account's key or certificate in ${dir} cannot be read: ${(e as Error).message}. Start over with --reset.`);
  }
  const privateKey = createPrivateKey(privateKeyPem);
  const base = {
    alg: meta.key.alg,
    privateKeyPem,
    privateKeyPkcs1OrSec1Pem: privateKey.export({ type: meta.key.keyType === 'RSA' ? 'pkcs1' : 'sec1', format: 'pem' }).toString(),
    publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
    certificatePem,
    commonName: meta.key.commonName,
    serialNumberHex: meta.key.serialNumberHex,
    notBefore: new Date(meta.key.notBefore),
    notAfter: new Date(meta.key.notAfter),
  };
  const key = (meta.key.keyType === 'RSA'
    ? { ...base, keyType: 'RSA', rsaBits: meta.key.rsaBits }
    : { ...base, keyType: 'EC', curve: meta.key.curve }) as SigningKeyMaterial;
  return { meta, account, key };
}

export function keyFacts(key: SigningKeyMaterial): LocalMeta['key'] {
  return {
    alg: key.alg,
    keyType: key.keyType,
    ...(key.keyType === 'RSA' ? { rsaBits: key.rsaBits } : { curve: key.curve }),
    commonName: key.commonName,
    serialNumberHex: key.serialNumberHex,
    notBefore: key.notBefore.toISOString(),
    notAfter: key.notAfter.toISOString(),
  };
}

export function saveKey(dir: string, key: SigningKeyMaterial): void {
  writePrivateFile(path.join(dir, STATE_FILES.privateKey), key.privateKeyPem);
  writePrivateFile(path.join(dir, STATE_FILES.certificate), key.certificatePem);
}

export function saveState(dir: string, meta: LocalMeta, account: AccountState): void {
  writePrivateFile(path.join(dir, STATE_FILES.account), JSON.stringify(account));
  writePrivateFile(path.join(dir, STATE_FILES.local), `${JSON.stringify(meta, null, 2)}\n`);
}

/**
 * Deletes the local account's own files (never anything else: --reset on a wrong folder must not
 * wipe it) and then the folder if it is empty. Returns whether there was a state to delete.
 */
export function resetState(dir: string): boolean {
  if (!fs.existsSync(dir)) return false;
  const had = stateExists(dir) || fs.existsSync(path.join(dir, STATE_FILES.account));
  for (const name of Object.values(STATE_FILES)) fs.rmSync(path.join(dir, name), { force: true });
  for (const name of fs.readdirSync(dir)) if (/\.\d+\.tmp$/.test(name)) fs.rmSync(path.join(dir, name), { force: true });
  try {
    fs.rmdirSync(dir);
  } catch {
    /* not empty: other files are not ours to delete */
  }
  return had;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** State folders locked by this process (a second start in the same process is refused too). */
const HELD = new Set<string>();

/** Takes the state folder for this process; refuses while another live process holds it. */
export function acquireLock(dir: string): () => void {
  const file = path.join(dir, STATE_FILES.lock);
  const id = fs.realpathSync(dir);
  if (HELD.has(id)) {
    throw new LocalStateError(`A local account of this process is already running on ${dir}. Stop it first, or use another --state-dir.`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      HELD.add(id);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        HELD.delete(id);
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file, { force: true });
        } catch {
          /* already gone */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid)) {
        throw new LocalStateError(
          `Another local account (process ${pid}) is running on ${dir}. Stop it first (Ctrl-C in its terminal), or use another --state-dir.`,
        );
      }
      fs.rmSync(file, { force: true }); // left behind by a process that is gone
    }
  }
  throw new LocalStateError(`Cannot lock ${dir}: remove ${file} if no local account is running.`);
}
