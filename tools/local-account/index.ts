/**
 * The local NetSuite account: the project's BUILT SuiteScripts running in the in-memory runtime
 * (tools/harness, tools/suitescript-runtime), served over HTTP on 127.0.0.1 the way NetSuite serves
 * them, with state kept in a git-ignored folder. `npm start` (tools/start.ts) prints what to do with
 * it; tests and `npm run demo` use {@link startLocalAccount} directly.
 *
 * | URL | what |
 * |---|---|
 * | `POST /services/rest/auth/oauth2/v1/token` | the OAuth 2.0 client-credentials token endpoint (tools/fake-netsuite) |
 * | `POST /services/rest/query/v1/suiteql`, `GET /services/rest/record/v1/customer/{id}` | REST with Bearer tokens (rest.ts) |
 * | `GET/POST /app/site/hosting/scriptlet.nl?script=&deploy=&compid=&ns-at=` | the Suitelets: the proxy at its external URL; the key admin page at its internal URL with a local admin session |
 * | `GET /local/login?code=` | starts a local administrator session (the link is printed at start) |
 * | `GET /local/status`, `POST /local/refresher/run`, `POST /local/clock` | the local account's own controls |
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { restBaseUrl as netsuiteRestBaseUrl } from '../../src/TypeScript/core/account';
import { fingerprint } from '../../src/TypeScript/core/apiKey';
import { CLIENT_RECORD, DEFAULT_PROFILE_KEY, DEFAULT_PROFILE_NAME, PROFILE_RECORD, SCRIPTS, STATUS_LIST, TOKEN_RECORD } from '../../src/TypeScript/core/names';
import { TOKEN_PATH, isNetworkFault } from '../fake-netsuite';
import { createTestAccount, PROJECT_ROOT, type TestAccount } from '../harness';
import { generateSigningKey, type GenerateSigningKeyOptions, type SigningKeyMaterial } from '../keys';
import type { ScheduledResult } from '../suitescript-runtime';
import { type AccountClock, createAccountClock } from './clock';
import { handleControl, indexPage } from './controls';
import { type Answer, headerRecord, jsonAnswer, MAX_BODY_BYTES, readBody } from './http';
import { createHeapGuard, type HeapGuardStats } from './memory';
import { handleRest, REST_PREFIX } from './rest';
import { LOCAL_ENTITY, roleOf, ROLES } from './roles';
import { REFRESH_INTERVAL_MS, Scheduler } from './scheduler';
import {
  acquireLock,
  ensureStateDir,
  keyFacts,
  loadState,
  type LocalMeta,
  type LocalProfileMeta,
  LocalStateError,
  resetState,
  saveKey,
  saveState,
  STATE_FILES,
  STATE_VERSION,
  stateExists,
  writePrivateFile,
} from './state';
import { externalUrl, runSuiteletRequest, SUITELET_PATH, suiteletPath, type SuiteletTarget } from './suitelets';
import { bearerChecker, IssuedTokens, recordIssuedTokens, sha256Hex } from './tokens';

export { LocalStateError } from './state';
export { SAMPLE_CUSTOMERS } from './customers';
export { SUITELET_PATH } from './suitelets';

export const DEFAULT_PORT = 8787;
export const DEFAULT_STATE_DIR = path.join(PROJECT_ROOT, '.local-account');
export const DEFAULT_ACCOUNT_ID = '1234567_SB1';
export const FIRST_CLIENT_NAME = 'local-dev';
/** The second profile of a new account: a role without Lists > Customers (roles.ts). */
export const REPORTING_PROFILE_NAME = 'Reporting (no customers)';
export const REPORTING_CLIENT_NAME = 'reporting';
/** Where the Reporting profile's private key lives in the File Cabinet (as the default's at tools/harness KEY_PATH). */
export const REPORTING_KEY_PATH = '/SuiteScripts/OAuthKeys/reporting_private_key.pem';

export interface LocalAccountOptions {
  /** Where state lives (default `<project>/.local-account`). */
  stateDir?: string;
  /** Port on 127.0.0.1 (default 8787); 0 picks a free one. */
  port?: number;
  /** How many times faster than real time the account clock runs (default 1). */
  speed?: number;
  /** Delete the state first and start over. */
  reset?: boolean;
  /** Account id of a new account (default 1234567_SB1); an existing account keeps its own. */
  accountId?: string;
  /** Run the refresher every 15 account minutes and the queued tasks (default true). */
  scheduler?: boolean;
  /** Run the refresher once when starting, as "Execute now" after deploying (default true). */
  refreshOnStart?: boolean;
  /** Key material for a new account (tests pass a cached key); default a new RSA-3072 PS256 key. */
  key?: SigningKeyMaterial;
  /** Options for the key of a new account (default `{ alg: 'PS256', rsaBits: 3072 }`). */
  keyOptions?: GenerateSigningKeyOptions;
  /** Key material for the "Reporting (no customers)" profile of a new account (tests pass a cached key); default a new ES256 key. */
  reportingKey?: SigningKeyMaterial;
  /** Also create an API client with this name and hand its key back once (`started.apiKey`); on a new account, the name of its one client. */
  newApiKeyName?: string;
  /** One line per HTTP request and scheduler event (never a secret); default: nothing. */
  log?: (line: string) => void;
}

export interface RefresherSummary {
  /** The script ran and no profile failed. */
  ok: boolean;
  /** `refreshed` (some profile got a new token, none failed), `skipped` (all still fresh), `failed` (some profile failed), or `error` when the script itself failed. */
  outcome: string;
  /** The script's closing audit line (one part per profile), or what went wrong. */
  detail: string;
  /** Per profile, from that line; failures carry the token record's last error. */
  profiles: ProfileRun[];
  /** The default profile's token record. */
  token: TokenSummary | null;
}

export interface ProfileRun {
  name: string;
  outcome: 'refreshed' | 'skipped' | 'failed';
  /** refreshed: the new token's expiry (ISO). */
  expiresAt?: string;
  /** skipped: seconds left on the stored token. */
  secondsLeft?: number;
  /** failed: the token record's last error. */
  error?: string;
}

export interface ProfileSummary {
  /** `default`, or the profile record's internal id. */
  key: string;
  name: string;
  active: boolean;
  certificateId: string;
  /** The mapping's role, when the local account made the mapping. */
  role: { id: string; name: string; customers: boolean } | null;
  token: TokenSummary | null;
}

export interface ShownApiKey {
  name: string;
  key: string;
  /** The client's profile name. */
  profile: string;
}

export interface TokenSummary {
  status: string;
  expiresAt: string | null;
  updatedAt: string | null;
  lastError: string;
  /** sha256:xxxxxxxx of the stored token (never the token). */
  fingerprint: string | null;
}

export interface StartInfo {
  /** This start created the account (first start or after --reset). */
  created: boolean;
  /** --reset deleted an existing state. */
  wasReset: boolean;
  /** A key handed out by this start (first start: the default profile's client; or newApiKeyName): shown once, never stored. */
  apiKey?: ShownApiKey;
  /** Every key handed out by this start, one per profile on a new account (apiKey first). */
  apiKeys: ShownApiKey[];
  /** The refresher run made at start (refreshOnStart). */
  refresher?: RefresherSummary;
}

export interface ApiClientSummary {
  id: number;
  name: string;
  keyPrefix: string;
  active: boolean;
  allowedIps: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  /** The client's token profile (name), `Default` when the field is empty. */
  profile: string;
}

export interface LocalStatus {
  accountId: string;
  accountTime: string;
  clockSpeed: number;
  clockOffsetSeconds: number;
  /** The default profile's token record. */
  token: TokenSummary | null;
  /** Every profile (the default one first) with its role and token record. */
  profiles: ProfileSummary[];
  refresher: { schedule: string; nextRunAt: string | null };
  queuedTasks: number;
  apiClients: ApiClientSummary[];
  urls: LocalUrls;
}

export interface LocalUrls {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** The proxy Suitelet's external URL. */
  proxy: string;
  tokenEndpoint: string;
  /** REST base, e.g. `http://127.0.0.1:8787/services/rest`. */
  restBase: string;
  suiteql: string;
  /** The key admin page's internal URL (needs the admin session). */
  keyAdmin: string;
  /** Opens a local administrator session and goes to the key admin page (valid while this process runs). */
  adminLogin: string;
  /** What the account's scripts call NetSuite's REST base (for reference). */
  netsuiteRestBase: string;
}

export interface LocalAccount {
  readonly accountId: string;
  readonly port: number;
  readonly stateDir: string;
  readonly urls: LocalUrls;
  readonly started: StartInfo;
  readonly clock: AccountClock;
  /** The in-memory account, token endpoint, key and helpers (tests). */
  readonly harness: TestAccount;
  readonly nextRefresherRunAt: number | null;
  /** Runs the refresher now ("Execute now"), then any queued task. */
  runRefresher(): RefresherSummary;
  /** Runs the queued N/task tasks now; returns how many ran. */
  runQueuedTasks(): number;
  /** Creates an API client (as the key admin page would) and returns its key, once; `profile` is a profile record id (default: the default profile). */
  addApiClient(c?: { name?: string; allowedIps?: string; expiresAt?: Date; inactive?: boolean; profile?: string }): { id: string; key: string; name: string };
  /** The profile record id of the profile named so, if any. */
  profileId(name: string): string | undefined;
  status(): LocalStatus;
  /** Writes the state now (it is also written shortly after every change and on stop). */
  save(): void;
  /** Stops the server and the scheduler, writes the state and releases the state folder. */
  stop(): Promise<void>;
  /** The memory bound's counters (see memory.ts: full collections forced to keep dead vm realms from piling up). */
  heapGuard(): HeapGuardStats;
}

/** A problem starting the local account; `message` says what to do, `code` is for callers. */
export class LocalAccountError extends Error {
  override readonly name = 'LocalAccountError';
  constructor(
    message: string,
    readonly code: 'PORT_IN_USE' | 'BAD_OPTION' | 'LISTEN_FAILED',
  ) {
    super(message);
  }
}

function checkOptions(o: LocalAccountOptions): void {
  if (o.port !== undefined && (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535)) {
    throw new LocalAccountError(`--port must be a whole number from 0 to 65535 (0 = any free port); got ${String(o.port)}.`, 'BAD_OPTION');
  }
  if (o.speed !== undefined && (!Number.isFinite(o.speed) || o.speed <= 0 || o.speed > 10_000)) {
    throw new LocalAccountError(`--speed must be a number above 0 and at most 10000 (1 = real time); got ${String(o.speed)}.`, 'BAD_OPTION');
  }
  if (o.newApiKeyName !== undefined && (o.newApiKeyName.trim() === '' || o.newApiKeyName.length > 100)) {
    throw new LocalAccountError('--new-api-key needs a client name of 1 to 100 characters.', 'BAD_OPTION');
  }
  const srcDir = path.join(PROJECT_ROOT, 'src');
  const rel = path.relative(srcDir, path.resolve(o.stateDir ?? DEFAULT_STATE_DIR));
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
    throw new LocalAccountError(`--state-dir must not be inside ${srcDir}: suitecloud project:deploy would upload the private key kept there.`, 'BAD_OPTION');
  }
}

function iso(v: unknown): string | null {
  return v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString() : null;
}

function timeOf(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19) + 'Z';
}

/** Starts the local account (creating it on first start) and its HTTP server. */
export async function startLocalAccount(options: LocalAccountOptions = {}): Promise<LocalAccount> {
  checkOptions(options);
  const stateDir = path.resolve(options.stateDir ?? DEFAULT_STATE_DIR);
  const log = options.log ?? (() => undefined);
  const wasReset = options.reset === true ? resetState(stateDir) : false;
  ensureStateDir(stateDir);
  const releaseLock = acquireLock(stateDir);

  try {
    return await open();
  } catch (e) {
    releaseLock();
    throw e;
  }

  async function open(): Promise<LocalAccount> {
    const created = !stateExists(stateDir);
    let meta: LocalMeta;
    let key: SigningKeyMaterial;
    let accountState;
    if (created) {
      key = options.key ?? (await generateSigningKey(options.keyOptions ?? { alg: 'PS256', rsaBits: 3072, commonName: 'netsuite-local-account' }));
      meta = {
        version: STATE_VERSION,
        accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
        clientId: randomBytes(32).toString('hex'),
        certificateId: randomBytes(16).toString('base64url'),
        createdAt: new Date().toISOString(),
        clockOffsetMs: 0,
        key: keyFacts(key),
        issuedTokens: [],
        defaultMapping: { role: ROLES.customerSync.id, entity: LOCAL_ENTITY },
        profiles: [],
      };
    } else {
      const loaded = loadState(stateDir);
      meta = loaded.meta;
      key = loaded.key;
      accountState = loaded.account;
    }

    const clock = createAccountClock(meta.clockOffsetMs, options.speed ?? 1);
    let t: TestAccount;
    try {
      t = await createTestAccount({
        accountId: meta.accountId,
        clientId: meta.clientId,
        certificateId: meta.certificateId,
        key,
        clock,
        historyLimit: 2_000,
        ...(accountState ? { state: accountState } : {}),
      });
    } catch (e) {
      if (accountState) {
        throw new LocalStateError(`The local account in ${stateDir} cannot be restored: ${(e as Error).message}. Start over with --reset.`);
      }
      throw e;
    }
    const { account, endpoint } = t;
    // The M2M mappings as NetSuite keeps them: the default certificate with its own role, and each
    // profile's certificate (the endpoint lives in memory, so they are mapped again at every start).
    endpoint.setMapping(meta.certificateId, meta.defaultMapping);
    for (const p of meta.profiles) {
      endpoint.addCertificate(meta.clientId, { certificateId: p.certificateId, certificatePem: p.certificatePem, role: p.role, entity: p.entity });
    }
    const issued = new IssuedTokens(clock.now, meta.issuedTokens);
    recordIssuedTokens(endpoint, issued);
    const checkBearer = bearerChecker(endpoint, issued, clock.now);

    const started: StartInfo = { created, wasReset, apiKeys: [] };
    if (created) {
      saveKey(stateDir, key);
      t.configureRefresher();
      const reporting = await addReportingProfile(t, meta, options.reportingKey);
      meta.profiles.push(reporting);
      // One client per profile on a new account (the default one named as asked, else local-dev). Their keys are handed out once.
      const name = options.newApiKeyName?.trim() || FIRST_CLIENT_NAME;
      started.apiKeys.push({ name, key: t.addApiClient({ name }).key, profile: DEFAULT_PROFILE_NAME });
      started.apiKeys.push({ name: REPORTING_CLIENT_NAME, key: t.addApiClient({ name: REPORTING_CLIENT_NAME, profile: reporting.id }).key, profile: reporting.name });
    } else if (options.newApiKeyName !== undefined) {
      const name = options.newApiKeyName.trim();
      started.apiKeys.push({ name, key: t.addApiClient({ name }).key, profile: DEFAULT_PROFILE_NAME });
    }
    if (started.apiKeys[0]) started.apiKey = started.apiKeys[0];

    const proxyTarget: SuiteletTarget = { name: 'proxy', deploymentId: SCRIPTS.proxy.deploymentId, ...account.findDeployment(SCRIPTS.proxy.deploymentId) };
    const adminTarget: SuiteletTarget = { name: 'key admin', deploymentId: SCRIPTS.keyAdmin.deploymentId, ...account.findDeployment(SCRIPTS.keyAdmin.deploymentId) };

    // Admin sessions: the login code is printed at start; a session cookie is set when it is used.
    const loginCode = randomBytes(24).toString('base64url');
    const sessions = new Set<string>();

    // ------------------------------------------------------------------------------------ persistence
    let saveTimer: NodeJS.Timeout | undefined;
    let stopped = false;
    const save = () => {
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = undefined;
      meta.clockOffsetMs = clock.offsetMs();
      meta.issuedTokens = issued.toJSON();
      if (endpoint.requests.length > 200) endpoint.clearRequests();
      saveState(stateDir, meta, account.toJSON());
    };
    const changed = () => {
      if (stopped || saveTimer) return;
      saveTimer = setTimeout(() => {
        try {
          save();
        } catch (e) {
          log(`! could not save the local account's state: ${(e as Error).message}`);
        }
      }, 300);
      saveTimer.unref();
    };

    // ---------------------------------------------------------------------------------------- scripts
    const tokenSummary = (profileKey: string = DEFAULT_PROFILE_KEY): TokenSummary | null => {
      const rec = t.tokenRecord(profileKey);
      if (!rec) return null;
      const statusId = String(rec[TOKEN_RECORD.fields.status] ?? '');
      const status = account.lists.values(STATUS_LIST.scriptId).find((v) => String(v.id) === statusId)?.name ?? '';
      const token = rec[TOKEN_RECORD.fields.token];
      return {
        status,
        expiresAt: iso(rec[TOKEN_RECORD.fields.expires]),
        updatedAt: iso(rec[TOKEN_RECORD.fields.updated]),
        lastError: String(rec[TOKEN_RECORD.fields.lastError] ?? ''),
        fingerprint: typeof token === 'string' && token !== '' ? fingerprint(sha256Hex(token)) : null,
      };
    };
    const profiles = (): ProfileSummary[] => {
      const out: ProfileSummary[] = [
        {
          key: DEFAULT_PROFILE_KEY,
          name: DEFAULT_PROFILE_NAME,
          active: true,
          certificateId: meta.certificateId,
          role: { ...roleOf(meta.defaultMapping.role) },
          token: tokenSummary(DEFAULT_PROFILE_KEY),
        },
      ];
      const F = PROFILE_RECORD.fields;
      for (const r of account.records.list(PROFILE_RECORD.type)) {
        const key = String(r.id);
        const mapped = meta.profiles.find((p) => p.id === key);
        out.push({
          key,
          name: String(r.values[F.name] ?? ''),
          active: r.values[F.inactive] !== true,
          certificateId: String(r.values[F.certificateId] ?? ''),
          role: mapped ? { ...roleOf(mapped.role) } : null,
          token: tokenSummary(key),
        });
      }
      return out;
    };
    // The refresher's closing audit line: "refresher: ran" / "refresher: skipped", details one part per
    // profile: "Default: expires <ISO>", "<name>: <n> s left", "<name>: failed" (oauth_token_refresher.ts).
    const summarize = (run: ScheduledResult): RefresherSummary => {
      const line = run.logs.find((l) => l.title === 'refresher: ran' || l.title === 'refresher: skipped');
      const known = profiles();
      const runs: ProfileRun[] = [];
      for (const part of line ? line.details.split('; ') : []) {
        const m = /^(.*): (?:(failed)|expires (\S+)|(-?\d+) s left)$/.exec(part);
        if (!m) continue;
        const name = m[1] as string;
        if (m[2]) runs.push({ name, outcome: 'failed', error: known.find((p) => p.name === name)?.token?.lastError || 'see the script log' });
        else if (m[3]) runs.push({ name, outcome: 'refreshed', expiresAt: m[3] });
        else runs.push({ name, outcome: 'skipped', secondsLeft: Number(m[4]) });
      }
      runs.sort((a, b) => Number(b.name === DEFAULT_PROFILE_NAME) - Number(a.name === DEFAULT_PROFILE_NAME));
      const failed = runs.some((r) => r.outcome === 'failed');
      const outcome = !line ? 'error' : failed ? 'failed' : runs.some((r) => r.outcome === 'refreshed') ? 'refreshed' : 'skipped';
      return {
        ok: run.ok && !!line && !failed,
        outcome,
        detail: line ? line.details : (run.error ? `${run.error.name}: ${run.error.message}` : 'the refresher wrote no outcome'),
        profiles: runs,
        token: tokenSummary(),
      };
    };
    const logRun = (how: string, s: RefresherSummary) =>
      log(`${timeOf(clock.now())} refresher (${how}) → ${s.outcome}: ${s.profiles.length ? s.profiles.map(describeProfileRun).join('; ') : s.detail}`);
    const runQueuedTasks = (): number => {
      const runs = account.runQueuedTasks();
      for (const r of runs) logRun('queued task', summarize(r));
      if (runs.length) changed();
      return runs.length;
    };
    const runRefresher = (type = 'ON_DEMAND'): RefresherSummary => {
      const s = summarize(account.runScheduled({ deploymentId: SCRIPTS.refresher.deploymentId, type }));
      logRun(type === 'SCHEDULED' ? 'schedule' : 'execute now', s);
      changed();
      runQueuedTasks();
      return s;
    };
    const pendingTasks = () => account.tasks.filter((x) => x.status === 'PENDING').length;
    const scheduler =
      options.scheduler === false
        ? null
        : new Scheduler({
            now: clock.now,
            runScheduled: () => void runRefresher('SCHEDULED'),
            pendingTasks,
            runQueued: () => void runQueuedTasks(),
            onError: (what, e) => log(`! ${what} failed: ${(e as Error).message}`),
          });

    if (options.refreshOnStart !== false) started.refresher = runRefresher();

    const apiClients = (): ApiClientSummary[] => {
      const names = new Map(profiles().map((p) => [p.key, p.name]));
      return account.records.list(CLIENT_RECORD.type).map((r) => {
        const f = CLIENT_RECORD.fields;
        const profile = String(r.values[f.profile] ?? '');
        return {
          id: r.id,
          name: String(r.values[f.name] ?? ''),
          keyPrefix: String(r.values[f.keyPrefix] ?? ''),
          active: r.values[f.inactive] !== true,
          allowedIps: String(r.values[f.allowedIps] ?? ''),
          expiresAt: iso(r.values[f.expires]),
          lastUsedAt: iso(r.values[f.lastUsed]),
          profile: profile === '' ? DEFAULT_PROFILE_NAME : names.get(profile) ?? `profile ${profile} (missing)`,
        };
      });
    };

    // ------------------------------------------------------------------------------------- the server
    let base = '';
    const urls = {} as LocalUrls; // filled in once the port is known
    let allowedHosts = new Set<string>();

    // Every execution leaves a dead vm realm behind; without this, RSS reaches 0.5-1.3 GB under load (memory.ts).
    const heapGuard = createHeapGuard();
    const suiteletDeps = {
      account,
      accountId: meta.accountId,
      targets: [proxyTarget, adminTarget],
      sessions,
      base: () => base,
      afterRun: () => {
        heapGuard.afterExecution();
        changed();
        if (scheduler) setImmediate(() => scheduler.tick());
      },
    };
    const controlDeps = {
      clock,
      loginCode,
      sessions,
      keyAdminUrl: () => urls.keyAdmin,
      allowedHosts: () => allowedHosts,
      base: () => base,
      status: () => api.status(),
      runRefresher: () => runRefresher(),
      changed,
    };

    const route = async (req: http.IncomingMessage, body: string): Promise<Answer> => {
      const headers = headerRecord(req.headers);
      const url = new URL(req.url ?? '/', base);
      const method = req.method ?? 'GET';
      if (url.pathname === TOKEN_PATH) {
        try {
          const res = await endpoint.handleAsync({ method, url: req.url ?? TOKEN_PATH, headers, body });
          const seen = [...endpoint.requests].reverse().find((r) => r.body === body && r.method === method);
          const out: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) out[k.toLowerCase()] = v;
          changed();
          return { status: res.code, headers: out, body: res.body, note: seen ? `${res.code} ${seen.outcome}` : String(res.code) };
        } catch (e) {
          if (isNetworkFault(e)) return { status: 0, headers: {}, body: '', note: 'network fault (connection dropped)', destroy: true };
          throw e;
        }
      }
      if (url.pathname === REST_PREFIX || url.pathname.startsWith(`${REST_PREFIX}/`)) {
        const r = handleRest({ method, url: req.url ?? '/', headers, body }, urls.restBase, checkBearer);
        return { status: r.status, headers: r.headers, body: r.body, note: r.note ?? String(r.status) };
      }
      if (url.pathname === SUITELET_PATH) return runSuiteletRequest(suiteletDeps, req, url, headers, body);
      if (url.pathname.startsWith('/local/')) return handleControl(controlDeps, req, url, headers, body);
      if (url.pathname === '/' && method === 'GET') return indexPage(meta.accountId, urls);
      return jsonAnswer(404, { error: 'not_found', message: `Nothing at ${url.pathname}. See ${base}/` }, '404');
    };

    const server = http.createServer((req, res) => {
      const started = clock.now();
      const finish = (a: Answer) => {
        const shown = (req.url ?? '/').split('?')[0];
        log(`${timeOf(started)} ${req.method ?? '?'} ${shown} → ${a.note}`);
        if (a.destroy) {
          req.socket.destroy();
          return;
        }
        res.writeHead(a.status, a.headers);
        res.end(a.body);
      };
      const host = req.headers.host ?? '';
      if (!allowedHosts.has(host)) {
        finish(jsonAnswer(421, { error: 'misdirected_request', message: `This local account answers at ${base} only.` }, `421 Host ${host.slice(0, 60)}`));
        return;
      }
      readBody(req)
        .then(async (body) => {
          if (body === null) return finish(jsonAnswer(413, { error: 'too_large', message: `Request bodies are limited to ${MAX_BODY_BYTES} bytes.` }, '413'));
          return finish(await route(req, body));
        })
        .catch((e: unknown) => {
          log(`! ${req.method ?? '?'} ${(req.url ?? '/').split('?')[0]} failed: ${(e as Error)?.stack ?? String(e)}`);
          if (!res.headersSent) finish(jsonAnswer(500, { error: 'local_account_error', message: (e as Error)?.message ?? String(e) }, '500 local account error'));
        });
    });

    const port = await new Promise<number>((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException) => {
        if (e.code === 'EADDRINUSE') {
          reject(new LocalAccountError(
            `Port ${options.port ?? DEFAULT_PORT} on 127.0.0.1 is already in use (another npm start?). Stop the other process, or pick another port: npm start -- --port ${(options.port ?? DEFAULT_PORT) + 1}  (or PORT=${(options.port ?? DEFAULT_PORT) + 1} npm start; --port 0 picks any free port).`,
            'PORT_IN_USE',
          ));
        } else {
          reject(new LocalAccountError(`Cannot listen on 127.0.0.1:${options.port ?? DEFAULT_PORT}: ${e.message}. Try another --port.`, 'LISTEN_FAILED'));
        }
      };
      server.once('error', onError);
      server.listen(options.port ?? DEFAULT_PORT, '127.0.0.1', () => {
        server.off('error', onError);
        resolve((server.address() as AddressInfo).port);
      });
    });
    base = `http://127.0.0.1:${port}`;
    allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    Object.assign(urls, {
      base,
      proxy: externalUrl(base, meta.accountId, proxyTarget),
      tokenEndpoint: `${base}${TOKEN_PATH}`,
      restBase: `${base}${REST_PREFIX}`,
      suiteql: `${base}${REST_PREFIX}/query/v1/suiteql`,
      keyAdmin: `${base}${suiteletPath(adminTarget)}`,
      adminLogin: `${base}/local/login?code=${loginCode}`,
      netsuiteRestBase: netsuiteRestBaseUrl(meta.accountId),
    } satisfies LocalUrls);

    try {
      save();
      writePrivateFile(
        path.join(stateDir, STATE_FILES.postman),
        `${JSON.stringify(
          {
            name: `Local NetSuite account (${base})`,
            values: [
              { key: 'proxyUrl', value: urls.proxy, type: 'default', enabled: true },
              { key: 'restBaseUrl', value: urls.restBase, type: 'default', enabled: true },
              { key: 'apiKey', value: '', type: 'secret', enabled: true },
              { key: 'accessToken', value: '', type: 'secret', enabled: true },
              { key: 'accessTokenExpiresAt', value: '', type: 'default', enabled: true },
            ],
            _postman_variable_scope: 'environment',
          },
          null,
          2,
        )}\n`,
      );
    } catch (e) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw e;
    }
    scheduler?.start();

    const api: LocalAccount = {
      accountId: meta.accountId,
      port,
      stateDir,
      get urls() {
        return urls;
      },
      started,
      clock,
      harness: t,
      get nextRefresherRunAt() {
        return scheduler ? scheduler.nextRunAt : null;
      },
      runRefresher: () => runRefresher(),
      runQueuedTasks,
      addApiClient(c = {}) {
        const name = c.name ?? `client-${apiClients().length + 1}`;
        const made = t.addApiClient({ ...c, name });
        changed();
        return { id: made.id, key: made.key, name };
      },
      profileId(name) {
        return profiles().find((p) => p.key !== DEFAULT_PROFILE_KEY && p.name === name)?.key;
      },
      status() {
        return {
          accountId: meta.accountId,
          accountTime: new Date(clock.now()).toISOString(),
          clockSpeed: clock.speed,
          clockOffsetSeconds: Math.round(clock.offsetMs() / 1000),
          token: tokenSummary(),
          profiles: profiles(),
          refresher: {
            schedule: `every ${REFRESH_INTERVAL_MS / 60_000} minutes (account clock)${scheduler ? '' : ', scheduler off'}`,
            nextRunAt: scheduler ? new Date(scheduler.nextRunAt).toISOString() : null,
          },
          queuedTasks: pendingTasks(),
          apiClients: apiClients(),
          urls: { ...urls, adminLogin: `${base}/local/login?code=…` },
        };
      },
      save,
      heapGuard: () => heapGuard.stats(),
      async stop() {
        if (stopped) return;
        stopped = true;
        scheduler?.stop();
        if (saveTimer) clearTimeout(saveTimer);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        try {
          save();
        } finally {
          releaseLock();
        }
      },
    };
    return api;
  }
}

/** One profile's part of a refresher run, for the request log and the start screen. */
export function describeProfileRun(p: ProfileRun): string {
  if (p.outcome === 'refreshed') return `${p.name}: new token until ${(p.expiresAt ?? '').slice(0, 19).replace('T', ' ')} UTC`;
  if (p.outcome === 'skipped') return `${p.name}: still fresh (${Math.floor((p.secondsLeft ?? 0) / 60)} min left)`;
  return `${p.name}: FAILED: ${p.error ?? ''}`;
}

/**
 * The second profile of a new account, set up as an administrator would in NetSuite: a key pair and
 * certificate of its own (ES256: quick to make, and the other algorithm family), the certificate
 * mapped to the integration with the Reporting role (no Lists > Customers), the private key in the
 * File Cabinet, and the customrecord_oauth_profile record that names them.
 */
async function addReportingProfile(t: TestAccount, meta: LocalMeta, given: SigningKeyMaterial | undefined): Promise<LocalProfileMeta> {
  const key = given ?? (await generateSigningKey({ alg: 'ES256', commonName: 'netsuite-local-account-reporting' }));
  const certificateId = randomBytes(16).toString('base64url');
  const role = ROLES.reporting.id;
  t.endpoint.addCertificate(meta.clientId, { certificateId, certificatePem: key.certificatePem, role, entity: LOCAL_ENTITY });
  t.account.addFile({ path: REPORTING_KEY_PATH, contents: key.privateKeyPem, fileType: 'PLAINTEXT' });
  const F = PROFILE_RECORD.fields;
  const id = t.account.records.insert(PROFILE_RECORD.type, {
    [F.name]: REPORTING_PROFILE_NAME,
    [F.inactive]: false,
    [F.clientId]: meta.clientId,
    [F.certificateId]: certificateId,
    [F.keyFile]: REPORTING_KEY_PATH,
    [F.algorithm]: key.alg,
  } as never);
  return { id: String(id), name: REPORTING_PROFILE_NAME, certificateId, certificatePem: key.certificatePem, keyPath: REPORTING_KEY_PATH, role, entity: LOCAL_ENTITY };
}
