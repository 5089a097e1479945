/**
 * A whole NetSuite account in memory, wired the way a real deployment is: the SDF objects of
 * `src/Objects`, the built AMD files of `src/FileCabinet/SuiteScripts/OAuth` mounted where SDF puts
 * them, a NetSuite-like token endpoint on the account's host, an M2M integration with a generated
 * key and certificate, and the refresher's parameters. Integration tests, benchmarks and the local
 * NetSuite stand-in all start from here, so they exercise the same setup.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { tokenEndpointUrl } from '../../src/TypeScript/core/account';
import { CLIENT_RECORD, DEFAULT_PROFILE_KEY, FOLDER, PROFILE_RECORD, REFRESHER_PARAMS, SCRIPTS, TOKEN_RECORD } from '../../src/TypeScript/core/names';
import { createTokenEndpoint, isNetworkFault, type TokenEndpoint } from '../fake-netsuite';
import { cachedSigningKey, type GenerateSigningKeyOptions, type SigningKeyMaterial } from '../keys';
import { readSdfObjects, readSdfRoles } from '../sdf/readObjects';
import { type Account, createAccount, NetworkFault, type AccountState } from '../suitescript-runtime';
import type { DatePreferences, ScheduledResult, SuiteletResult, UserOptions } from '../suitescript-runtime';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const BUILT_DIR = path.join(PROJECT_ROOT, 'src', 'FileCabinet', 'SuiteScripts', 'OAuth');
export const OBJECTS_DIR = path.join(PROJECT_ROOT, 'src', 'Objects');
export const KEY_PATH = '/SuiteScripts/OAuthKeys/private_key.pem';
export const ADMIN: UserOptions = { id: 7, name: 'Alex Admin', email: 'admin@example.com', roleId: 'administrator', role: 3 };

export interface TestAccountOptions {
  accountId?: string;
  /** Key to sign with; default a cached RSA-3072 PS256 key. */
  keyOptions?: GenerateSigningKeyOptions;
  /** Start time of the account clock (ms); default 2026-01-15T10:00:00Z. */
  startMs?: number;
  clientId?: string;
  certificateId?: string;
  /** Runtime state to restore (local stand-in persistence). */
  state?: AccountState;
  /** Account and token-endpoint clock to use instead of the manual one starting at `startMs` (e.g. the local stand-in's real-time clock). */
  clock?: TestAccount['clock'];
  /** Key material to use instead of a cached generated key (e.g. the local stand-in's persisted key). */
  key?: SigningKeyMaterial;
  /** Keep at most this many logs, emails and https request records (createAccount's `historyLimit`). */
  historyLimit?: number;
  /** Company date/time preferences (date format, 12/24 h, time zone), e.g. PREFERENCE_SETS.de. */
  preferences?: Partial<DatePreferences>;
}

export interface ProfileOptions {
  name?: string;
  /** Integration client id (default: the harness's integration). */
  clientId?: string;
  certificateId?: string;
  /** Role and entity the mapping stands for (carried in the access token's `sub`). */
  role?: string;
  entity?: string;
  keyOptions?: GenerateSigningKeyOptions;
  /** Record field overrides (e.g. to make the profile invalid); null removes a field. */
  fields?: Record<string, string | boolean | null>;
  inactive?: boolean;
}

export interface TestAccount {
  account: Account;
  endpoint: TokenEndpoint;
  key: SigningKeyMaterial;
  clientId: string;
  certificateId: string;
  clock: { now(): number; advance(ms: number): void; set(ms: number): void };
  /** Sets the refresher's parameters (company preferences, shared by both deployments; key file mode by default) and uploads the key file. */
  configureRefresher(overrides?: Record<string, string | number | boolean | null>): void;
  runRefresher(opts?: { remainingUsage?: number; deploymentId?: string }): ScheduledResult;
  /** Adds a token profile record with its own M2M certificate (registered at the token endpoint) and key file. */
  addProfile(o?: ProfileOptions): Promise<{ id: string; name: string; certificateId: string; keyPath: string }>;
  /** Inserts an API client record directly (as an administrator would) and returns its key. */
  addApiClient(c?: { name?: string; allowedIps?: string; expiresAt?: Date; inactive?: boolean; profile?: string }): { id: string; key: string; hash: string };
  callProxy(opts?: { key?: string | null; headerName?: string; method?: string; parameters?: Record<string, string>; ip?: string; headers?: Record<string, string> }): {
    result: SuiteletResult;
    json: Record<string, unknown>;
  };
  /** The token record of a profile (default: the default profile). */
  tokenRecord(profileKey?: string): (Record<string, unknown> & { id: number }) | null;
  /** Every place a secret could leak to, as text: logs, emails, record fields except the token field, task params. */
  leakSurface(): string;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function newApiKey(): string {
  return `nsk_${randomBytes(32).toString('base64url')}`;
}

export function requireBuild(): void {
  if (!existsSync(path.join(BUILT_DIR, SCRIPTS.refresher.file))) {
    throw new Error(`The built SuiteScripts are missing under ${BUILT_DIR}: run "npm run build" first.`);
  }
}

/** Start of the harness clock unless a test says otherwise. */
export const DEFAULT_START_MS = Date.UTC(2026, 0, 15, 10, 0, 0);

/**
 * The (cached) key and certificate the harness registers: the certificate is valid from a day before
 * the account clock starts, as a certificate uploaded to NetSuite would be.
 */
export function harnessKey(keyOptions: GenerateSigningKeyOptions | undefined, startMs = DEFAULT_START_MS): Promise<SigningKeyMaterial> {
  const day = 86_400_000;
  const options: GenerateSigningKeyOptions = keyOptions ?? { alg: 'PS256', rsaBits: 3072 };
  return cachedSigningKey({ ...options, notBefore: new Date(Math.floor((startMs - day) / day) * day) });
}

export async function createTestAccount(opts: TestAccountOptions = {}): Promise<TestAccount> {
  requireBuild();
  let nowMs = opts.startMs ?? DEFAULT_START_MS;
  const clock = opts.clock ?? { now: () => nowMs, advance: (ms: number) => void (nowMs += ms), set: (ms: number) => void (nowMs = ms) };
  const accountId = opts.accountId ?? '1234567_SB1';
  const clientId = opts.clientId ?? 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';
  const certificateId = opts.certificateId ?? 'Zk3mQ1_local-certificate';
  const key = opts.key ?? (await harnessKey(opts.keyOptions, nowMs));

  const account = createAccount({
    accountId,
    now: clock.now,
    ...(opts.state ? { state: opts.state } : {}),
    ...(opts.historyLimit !== undefined ? { historyLimit: opts.historyLimit } : {}),
    ...(opts.preferences ? { preferences: opts.preferences } : {}),
  });
  account.mount(FOLDER, BUILT_DIR);
  account.defineObjects([...readSdfObjects(OBJECTS_DIR), ...readSdfRoles(OBJECTS_DIR)]);

  const endpoint = createTokenEndpoint({ accountId, now: clock.now });
  endpoint.registerIntegration({ clientId, certificates: [{ certificateId, certificatePem: key.certificatePem }] });
  const tokenUrl = new URL(tokenEndpointUrl(accountId));
  account.https.route(
    (u: URL) => u.hostname === tokenUrl.hostname,
    (req) => {
      try {
        return endpoint.handle(req);
      } catch (e) {
        if (isNetworkFault(e)) throw new NetworkFault('SSS_CONNECTION_CLOSED', 'The connection was closed by the remote host.');
        throw e;
      }
    },
  );

  let profileCount = 0;
  const registered = new Set<string>();
  const t: TestAccount = {
    account,
    endpoint,
    key,
    clientId,
    certificateId,
    clock,
    configureRefresher(overrides = {}) {
      if (!account.getFile(KEY_PATH)) account.addFile({ path: KEY_PATH, contents: key.privateKeyPem, fileType: 'PLAINTEXT' });
      const values: Record<string, string | number | boolean> = {
        [REFRESHER_PARAMS.accountId]: accountId,
        [REFRESHER_PARAMS.clientId]: clientId,
        [REFRESHER_PARAMS.certificateId]: certificateId,
        [REFRESHER_PARAMS.privateKeyFile]: KEY_PATH,
        [REFRESHER_PARAMS.algorithm]: key.alg,
        [REFRESHER_PARAMS.alertEmail]: 'ops@example.com',
      };
      for (const [k, v] of Object.entries(overrides)) {
        if (v === null) delete values[k];
        else values[k] = v;
      }
      // Company preferences (Setup > Company > General Preferences > Custom Preferences): one value
      // for both deployments; unset ones are cleared.
      const all: Record<string, string | number | boolean | null> = {};
      for (const id of Object.values(REFRESHER_PARAMS)) all[id] = values[id] ?? null;
      account.setCompanyPreferences(all);
    },
    runRefresher(o = {}) {
      return account.runScheduled({ deploymentId: o.deploymentId ?? SCRIPTS.refresher.deploymentId, ...(o.remainingUsage !== undefined ? { remainingUsage: o.remainingUsage } : {}) });
    },
    async addProfile(o = {}) {
      profileCount += 1;
      const name = o.name ?? `profile ${profileCount}`;
      const profileKey = o.keyOptions ? await harnessKey(o.keyOptions, clock.now()) : key;
      const certificateId = o.certificateId ?? `cert-${profileCount}-${name.replace(/[^A-Za-z0-9]/g, '')}`;
      const integration = o.clientId ?? clientId;
      const mapping = { certificateId, certificatePem: profileKey.certificatePem, ...(o.role ? { role: o.role } : {}), ...(o.entity ? { entity: o.entity } : {}) };
      if (integration === clientId || registered.has(integration)) endpoint.addCertificate(integration, mapping);
      else {
        endpoint.registerIntegration({ clientId: integration, certificates: [mapping] });
        registered.add(integration);
      }
      const keyPath = `/SuiteScripts/OAuthKeys/profile_${profileCount}.pem`;
      account.addFile({ path: keyPath, contents: profileKey.privateKeyPem, fileType: 'PLAINTEXT' });
      const F = PROFILE_RECORD.fields;
      const values: Record<string, unknown> = {
        name,
        isinactive: o.inactive ?? false,
        [F.clientId]: integration,
        [F.certificateId]: certificateId,
        [F.keyFile]: keyPath,
        [F.algorithm]: profileKey.alg,
      };
      for (const [k, v] of Object.entries(o.fields ?? {})) {
        if (v === null) delete values[k];
        else values[k] = v;
      }
      const id = String(account.records.insert(PROFILE_RECORD.type, values as never));
      return { id, name, certificateId, keyPath };
    },
    addApiClient(c = {}) {
      const apiKey = newApiKey();
      const hash = sha256Hex(apiKey);
      const values: Record<string, unknown> = {
        name: c.name ?? 'erp',
        isinactive: c.inactive ?? false,
        [CLIENT_RECORD.fields.keyHash]: hash,
        [CLIENT_RECORD.fields.keyPrefix]: apiKey.slice(0, 10),
        [CLIENT_RECORD.fields.allowedIps]: c.allowedIps ?? '',
      };
      if (c.profile) values[CLIENT_RECORD.fields.profile] = Number(c.profile);
      if (c.expiresAt) values[CLIENT_RECORD.fields.expires] = c.expiresAt;
      const id = String(account.records.insert(CLIENT_RECORD.type, values as never));
      return { id, key: apiKey, hash };
    },
    callProxy(o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      if (o.key !== null && o.key !== undefined) headers[o.headerName ?? 'X-API-Key'] = o.key;
      const result = account.runSuitelet({
        deploymentId: SCRIPTS.proxy.deploymentId,
        method: o.method ?? 'GET',
        headers,
        ...(o.parameters ? { parameters: o.parameters } : {}),
        clientIpAddress: o.ip ?? '203.0.113.10',
      });
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(result.body) as Record<string, unknown>;
      } catch {
        json = { unparsable: result.body.slice(0, 200) };
      }
      return { result, json };
    },
    tokenRecord(profileKey = DEFAULT_PROFILE_KEY) {
      const rows = account.records
        .list(TOKEN_RECORD.type)
        .filter((r) => String(r.values[TOKEN_RECORD.fields.profile] ?? '') === (profileKey === DEFAULT_PROFILE_KEY ? '' : profileKey));
      return rows[0] ? { id: rows[0].id, ...rows[0].values } : null;
    },
    leakSurface() {
      const parts: string[] = [];
      for (const l of account.logs) parts.push(`${l.title} ${l.details}`);
      for (const e of account.emails) parts.push(JSON.stringify(e));
      for (const type of [TOKEN_RECORD.type, CLIENT_RECORD.type, PROFILE_RECORD.type]) {
        for (const r of account.records.list(type)) {
          const copy: Record<string, unknown> = { ...r.values };
          delete copy[TOKEN_RECORD.fields.token];
          parts.push(JSON.stringify(copy));
        }
      }
      parts.push(JSON.stringify(account.tasks));
      return parts.join('\n');
    },
  };
  return t;
}
