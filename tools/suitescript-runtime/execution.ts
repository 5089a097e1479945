/**
 * Executions: one run of an entry point (a scheduled script's `execute`, a Suitelet's `onRequest`) in a fresh realm,
 * with its own governance meter, module registry, logs and faults.
 */
import type { ScriptDeploymentDef } from '../sdf/model';
import type { Account } from './account';
import { RuntimeFault, SuiteScriptError, describeError, sse } from './errors';
import type { CabinetFile } from './filecabinet';
import { Governance, USAGE_LIMITS } from './governance';
import { AmdLoader, parseScriptHeader, type LoaderHost } from './loader';
import { N_MODULES } from './modules';
import { renderErrorPage, SuiteletIO } from './modules/httpServer';
import { createLogModule } from './modules/log';
import { createRealm, createUtil, type Realm } from './realm';
import { API_OBJECTS } from './strict';
import type {
  DeploymentState,
  ExecutionReport,
  LoadedFile,
  LogEntry,
  LogLevel,
  RedirectRecord,
  ScheduledResult,
  ScheduledRunOptions,
  ScriptState,
  SuiteletResult,
  SuiteletRunOptions,
  UserOptions,
} from './types';

/** Script types the runtime runs. */
export type ScriptKind = 'ScheduledScript' | 'Suitelet' | 'UserEventScript';

/** NetSuite's message for any N/* use while a define() callback runs. */
export const API_UNAVAILABLE_IN_DEFINE_MESSAGE = 'All SuiteScript API Modules are unavailable while executing your define callback';

/**
 * Member names that module-interop helpers and tooling probe on any object (TypeScript's `__importStar` reads
 * `__esModule`, promise resolution reads `then`, JSON reads `toJSON`): reading them is not "using" the module.
 */
const DEFINE_SAFE_MEMBERS = new Set(['then', '__esModule', 'toJSON', 'asymmetricMatch', '$$typeof', 'nodeType', '_isMockFunction']);

/** `runtime.getCurrentUser()` data. */
export interface CurrentUser {
  id: number;
  name: string;
  email: string;
  role: number;
  roleId: string;
  roleCenter: string;
  /** The online (not logged-in) user of an "available without login" Suitelet. */
  anonymous: boolean;
}

/** What scheduled scripts run as. */
export const SYSTEM_USER: CurrentUser = {
  id: -4,
  name: '-System-',
  email: '',
  role: 3,
  roleId: 'administrator',
  roleCenter: 'BASIC',
  anonymous: false,
};

/** The caller of an "available without login" Suitelet: entity -4, role -31 (Online Form User). */
export const ANONYMOUS_USER: CurrentUser = {
  id: -4,
  name: '',
  email: '',
  role: -31,
  roleId: 'online_form_user',
  roleCenter: '',
  anonymous: true,
};

/** User event entry points. */
export type UserEventEntry = 'beforeLoad' | 'beforeSubmit' | 'afterSubmit';
export const USER_EVENT_ENTRIES: readonly UserEventEntry[] = ['beforeLoad', 'beforeSubmit', 'afterSubmit'];
/** Returned by runEntry(..., optional) when a user event script does not implement the entry point. */
export const ENTRY_ABSENT = Symbol('entry point absent');

const LEVEL_ORDER: Record<LogLevel, number> = { DEBUG: 0, AUDIT: 1, ERROR: 2, EMERGENCY: 3 };

/** Role permission levels. */
export const PERMISSION_LEVELS: Record<string, number> = { NONE: 0, VIEW: 1, CREATE: 2, EDIT: 3, FULL: 4 };

/** Maximum lengths of log titles and details (NetSuite truncates longer ones). */
export const LOG_TITLE_MAX = 99;
export const LOG_DETAILS_MAX = 3999;

/** One execution. Modules receive it to reach the account, the realm, governance and logs. */
export class Execution implements LoaderHost {
  readonly id: number;
  readonly gov: Governance;
  readonly realm: Realm;
  readonly loader: AmdLoader;
  readonly logs: LogEntry[] = [];
  readonly faults: string[] = [];
  readonly loadedFiles: LoadedFile[] = [];
  readonly mathRandom = { duringLoad: 0, duringEntry: 0 };
  readonly logLevel: LogLevel;
  readonly deploymentDef: ScriptDeploymentDef;
  phase: 'load' | 'entry' | 'done' = 'load';
  /** Modules whose define() callback is running (innermost last); N/* is unavailable while it is not empty. */
  private readonly defining: string[] = [];
  /** Log lines this execution wrote, and lines the log ration dropped. */
  logLines = 0;
  logLinesDropped = 0;
  /** For user event scripts: what triggered the record change (runtime.executionContext), e.g. USERINTERFACE. */
  triggerContext: string | undefined;
  /** For user event scripts: the role the triggering execution ran as (when the deployment sets no run-as role). */
  inheritedRole: string | undefined;
  /** Suitelet request/response, when running a Suitelet. */
  suitelet: SuiteletIO | undefined;
  /** A redirect made by N/redirect. */
  redirect: RedirectRecord | undefined;
  private readonly modules = new Map<string, unknown>();
  private readonly started = performance.now();

  constructor(
    readonly account: Account,
    readonly script: ScriptState,
    readonly deployment: DeploymentState,
    readonly kind: ScriptKind,
    readonly user: CurrentUser,
    readonly paramOverrides: Record<string, string | number | boolean> = {},
    remainingUsage?: number,
  ) {
    this.id = account.nextExecutionId();
    const def = script.def.deployments.find((d) => d.scriptId === deployment.scriptId);
    if (!def) throw new Error(`SuiteScript runtime: deployment ${deployment.scriptId} has no definition`);
    this.deploymentDef = def;
    const level = (def.logLevel ?? 'DEBUG').toUpperCase();
    this.logLevel = level in LEVEL_ORDER ? (level as LogLevel) : 'DEBUG';
    this.gov = new Governance(USAGE_LIMITS[kind], remainingUsage);
    const log = createLogModule(this);
    const guardedLog = this.guardModule('N/log', log);
    this.realm = createRealm(
      {
        now: () => account.now(),
        onRandom: () => {
          if (this.phase === 'entry') this.mathRandom.duringEntry++;
          else this.mathRandom.duringLoad++;
        },
      },
      { log: guardedLog, util: createUtil() },
    );
    this.loader = new AmdLoader(this);
    this.realm.global['define'] = this.loader.define;
    this.modules.set('N/log', guardedLog);
  }

  get scriptId(): string {
    return this.script.def.scriptId;
  }

  get deploymentId(): string {
    return this.deployment.scriptId;
  }

  /** Account clock. */
  now(): number {
    return this.account.now();
  }

  get timeZone(): string {
    return this.account.timeZone;
  }

  /** Records and returns a RuntimeFault. */
  fault(message: string): RuntimeFault {
    const f = new RuntimeFault(message);
    this.faults.push(f.message);
    return f;
  }

  readFile(path: string): CabinetFile | undefined {
    return this.account.fileCabinet.get(path);
  }

  onFileLoaded(file: CabinetFile): void {
    this.loadedFiles.push({ path: file.path, id: file.id, bytes: file.size });
  }

  /** An N module instance of this execution. */
  nModule(id: string): unknown {
    const cached = this.modules.get(id);
    if (cached !== undefined) return cached;
    const factory = N_MODULES[id];
    if (!factory) throw this.fault(`module ${id} is not implemented`);
    const mod = this.guardModule(id, this.account.instrumentModule(this, id, factory(this)));
    this.modules.set(id, mod);
    return mod;
  }

  beginDefine(module: string): void {
    this.defining.push(module);
  }

  endDefine(): void {
    this.defining.pop();
  }

  /**
   * Wraps an N module so that any member access (call, enum, constant) while a define() callback runs throws
   * SUITESCRIPT_API_UNAVAILABLE_IN_DEFINE, as NetSuite does; holding or passing the module object is fine. The
   * violation is also listed in `faults`, so a script that catches the error cannot hide it from a test.
   * Source: DESIGN.md 2a and NetSuite's error text "All SuiteScript API Modules are unavailable while executing your
   * define callback" (SuiteScript 2.x error SUITESCRIPT_API_UNAVAILABLE_IN_DEFINE).
   */
  private guardModule<T extends object>(id: string, mod: T): T {
    const check = (prop: string | symbol) => {
      if (this.defining.length === 0 || typeof prop === 'symbol' || DEFINE_SAFE_MEMBERS.has(prop)) return;
      const where = this.defining[this.defining.length - 1];
      this.faults.push(`SUITESCRIPT_API_UNAVAILABLE_IN_DEFINE: ${id}.${prop} used while the define() callback of ${where} ran`);
      throw sse('SUITESCRIPT_API_UNAVAILABLE_IN_DEFINE', API_UNAVAILABLE_IN_DEFINE_MESSAGE);
    };
    const proxy = new Proxy(mod, {
      get(t, prop, receiver) {
        check(prop);
        return Reflect.get(t, prop, receiver);
      },
      set(t, prop, value, receiver) {
        check(prop);
        return Reflect.set(t, prop, value, receiver);
      },
    });
    API_OBJECTS.add(proxy);
    return proxy;
  }

  /** Writes a log entry (dropped when below the deployment's log level, unless `system`). */
  log(level: LogLevel, title: string, details: string, system = false): void {
    if (!system && LEVEL_ORDER[level] < LEVEL_ORDER[this.logLevel]) return;
    if (!system) {
      if (!this.account.admitLogLine(this.scriptId)) {
        this.logLinesDropped++;
        return;
      }
      this.logLines++;
    }
    const entry: LogEntry = {
      level,
      title: title.length > LOG_TITLE_MAX ? title.slice(0, LOG_TITLE_MAX) : title,
      details: details.length > LOG_DETAILS_MAX ? details.slice(0, LOG_DETAILS_MAX) : details,
      scriptId: this.scriptId,
      deploymentId: this.deploymentId,
      time: this.now(),
      executionId: this.id,
    };
    this.logs.push(entry);
    this.account.recordLog(entry);
  }

  /**
   * The role whose permissions apply: scheduled scripts run as Administrator; a Suitelet runs as its deployment's
   * run-as role when it has one, else as the caller's role (the online user of an "available without login" Suitelet
   * has no permissions).
   */
  effectiveRole(): { kind: 'admin' } | { kind: 'custom'; id: string; permissions: Map<string, number> } | { kind: 'none'; id: string } {
    if (this.kind === 'ScheduledScript') return { kind: 'admin' };
    const runAs = this.deploymentDef.runAsRole ?? this.inheritedRole;
    const id = runAs ?? (this.user.anonymous ? 'online_form_user' : this.user.roleId);
    if (/^administrator$/i.test(id) || (!runAs && this.user.role === 3)) return { kind: 'admin' };
    const role = this.account.role(id);
    if (!role) {
      if (runAs) throw this.fault(`the run-as role ${runAs} of ${this.deploymentId} is not defined in the account (pass its SDF role object to defineObjects)`);
      return { kind: 'none', id };
    }
    const permissions = new Map<string, number>();
    for (const p of role.permissions) permissions.set(p.key.toLowerCase(), PERMISSION_LEVELS[p.level.toUpperCase()] ?? 0);
    return { kind: 'custom', id, permissions };
  }

  /** The effective role's permission level (0 NONE .. 4 FULL) for `key`. */
  permissionLevel(key: string): number {
    const role = this.effectiveRole();
    if (role.kind === 'admin') return 4;
    if (role.kind === 'none') return 0;
    return role.permissions.get(key.toLowerCase()) ?? 0;
  }

  /**
   * Throws INSUFFICIENT_PERMISSION unless the effective role may `need` (VIEW, CREATE, EDIT, FULL) records of a custom
   * record type: NONENEEDED types are open to all; CUSTRECORDENTRYPERM types need the "Custom Record Entries"
   * permission (LIST_CUSTRECORDENTRY); USEPERMISSIONLIST types need a permission on the type itself.
   */
  checkRecordAccess(type: string, need: 'VIEW' | 'CREATE' | 'EDIT' | 'FULL' = 'VIEW'): void {
    const def = this.account.data.recordType(type);
    if (!def) return;
    const access = (def.accessType || '').toUpperCase();
    if (access === 'NONENEEDED') return;
    const key = access === 'CUSTRECORDENTRYPERM' ? 'LIST_CUSTRECORDENTRY' : type;
    if (this.permissionLevel(key) >= (PERMISSION_LEVELS[need] ?? 4)) return;
    throw sse(
      'INSUFFICIENT_PERMISSION',
      `Permission Violation: You need a higher level of the '${def.name}' permission (${need}) to access this page. Please contact your account administrator.`,
    );
  }

  /** Loads the entry file (checking its header as NetSuite checks script files) and calls `entryName`. */
  runEntry(entryName: 'execute' | 'onRequest' | UserEventEntry, makeContext: () => unknown, optional = false): unknown {
    let error: unknown;
    try {
      const path = this.script.def.scriptFile;
      const file = this.readFile(path);
      if (!file) throw sse('MODULE_DOES_NOT_EXIST', `Module does not exist: ${path} (script file of ${this.scriptId})`);
      this.checkHeader(path, file.contents);
      const value = this.loader.load(path) as Record<string, unknown> | null | undefined;
      const fn = value !== null && typeof value === 'object' ? value[entryName] : undefined;
      if (typeof fn !== 'function' && optional && value !== null && typeof value === 'object' && USER_EVENT_ENTRIES.some((e) => typeof value[e] === 'function')) {
        this.phase = 'done';
        return ENTRY_ABSENT;
      }
      if (typeof fn !== 'function') {
        throw sse(
          'SCRIPT_OF_API_VERSION_20_MUST_IMPLEMENT_A_SCRIPT_TYPE_INTERFACE',
          `SuiteScript 2.x entry point scripts must implement one script type function: ${path} does not return ${entryName} (${this.kind}).`,
        );
      }
      this.phase = 'entry';
      const ret = (fn as (ctx: unknown) => unknown).call(value, makeContext());
      if (ret !== null && typeof ret === 'object' && typeof (ret as { then?: unknown }).then === 'function') {
        (ret as Promise<unknown>).then(undefined, () => undefined);
        throw this.fault(`${entryName} returned a Promise: asynchronous entry points are not supported`);
      }
    } catch (e) {
      error = e;
    }
    this.phase = 'done';
    if (error === undefined && this.gov.exceeded) error = sse('SSS_USAGE_LIMIT_EXCEEDED', 'Script Execution Usage Limit Exceeded');
    if (error !== undefined) this.logUncaught(error);
    return error;
  }

  private checkHeader(path: string, contents: string): void {
    const h = parseScriptHeader(contents);
    const refuse = (why: string) => this.fault(`NetSuite refuses ${path} as the ${this.kind} file of ${this.scriptId}: ${why}`);
    if (!h.leadingJsDoc) throw refuse('the file must begin with a JSDoc block holding @NApiVersion and @NScriptType');
    if (h.apiVersion !== '2.1') throw refuse(`@NApiVersion must be 2.1 (found ${h.apiVersion ?? 'none'})`);
    if (h.scriptType === undefined) throw refuse('@NScriptType is missing');
    if (h.scriptType.toLowerCase() !== this.kind.toLowerCase()) {
      throw refuse(`@NScriptType is ${h.scriptType}, the script record is a ${this.kind}`);
    }
  }

  private logUncaught(error: unknown): void {
    const d = describeError(error);
    const details =
      error instanceof SuiteScriptError
        ? error.toString()
        : JSON.stringify({ type: 'internal error', name: d.name, message: d.message, stack: stackLines(d.stack) });
    this.log('ERROR', d.name, details, true);
  }

  /** The common part of results. */
  report(): ExecutionReport {
    return {
      executionId: this.id,
      scriptId: this.scriptId,
      deploymentId: this.deploymentId,
      usage: this.gov.usage,
      remainingUsage: this.gov.remaining,
      usageByApi: { ...this.gov.byApi },
      usageExceeded: this.gov.exceeded,
      logs: [...this.logs],
      loadedFiles: [...this.loadedFiles],
      bytesLoaded: this.loadedFiles.reduce((n, f) => n + f.bytes, 0),
      logLines: this.logLines,
      logLinesDropped: this.logLinesDropped,
      mathRandom: { ...this.mathRandom },
      faults: [...this.faults],
      durationMs: performance.now() - this.started,
    };
  }
}

function stackLines(stack: string[] | string | undefined): string[] {
  if (stack === undefined) return [];
  const lines = Array.isArray(stack) ? stack : stack.split('\n').slice(1);
  return lines.map((l) => l.trim()).filter((l) => l.length > 0);
}

// ------------------------------------------------------------------------------------------------------- scheduled

/** ScheduledScript `InvocationType` values. */
export const INVOCATION_TYPES = ['SCHEDULED', 'ON_DEMAND', 'USER_INTERFACE', 'ABORTED', 'SKIPPED'] as const;

/** Runs a scheduled script deployment once (see {@link Account.runScheduled}). */
export function runScheduled(account: Account, options: ScheduledRunOptions, taskId?: string): ScheduledResult {
  const { script, deployment } = account.findDeployment(options.deploymentId);
  if (script.def.kind !== 'scheduledscript') {
    throw new Error(`SuiteScript runtime: ${options.deploymentId} is a deployment of a ${script.def.kind}, not of a scheduled script`);
  }
  const type = options.type ?? 'SCHEDULED';
  if (!(INVOCATION_TYPES as readonly string[]).includes(type)) {
    throw new Error(`SuiteScript runtime: scheduled invocation type must be one of ${INVOCATION_TYPES.join(', ')}`);
  }
  const ex = new Execution(account, script, deployment, 'ScheduledScript', SYSTEM_USER, options.params ?? {}, options.remainingUsage);
  account.markRunning(deployment.scriptId, true);
  let error: unknown;
  try {
    error = ex.runEntry('execute', () => {
      const ctx = new ex.realm.Object() as Record<string, unknown>;
      ctx['type'] = type;
      ctx['InvocationType'] = ex.realm.toRealm(Object.fromEntries(INVOCATION_TYPES.map((t) => [t, t])));
      return ctx;
    });
  } finally {
    account.markRunning(deployment.scriptId, false);
  }
  const result: ScheduledResult = { ...ex.report(), ok: error === undefined, type };
  if (error !== undefined) result.error = describeError(error);
  if (taskId !== undefined) result.taskId = taskId;
  return result;
}

// -------------------------------------------------------------------------------------------------------- suitelet

/** Runs a Suitelet request (see {@link Account.runSuitelet}). */
export function runSuitelet(account: Account, options: SuiteletRunOptions): SuiteletResult {
  const { script, deployment } = account.findDeployment(options.deploymentId);
  if (script.def.kind !== 'suitelet') {
    throw new Error(`SuiteScript runtime: ${options.deploymentId} is a deployment of a ${script.def.kind}, not of a Suitelet`);
  }
  const def = script.def.deployments.find((d) => d.scriptId === deployment.scriptId);
  if (!def) throw new Error(`SuiteScript runtime: deployment ${deployment.scriptId} has no definition`);
  const user = options.user ? userFrom(options.user) : ANONYMOUS_USER;

  const refusal = refuse(account, def, user);
  if (refusal) {
    return {
      executionId: account.nextExecutionId(),
      scriptId: script.def.scriptId,
      deploymentId: deployment.scriptId,
      usage: 0,
      remainingUsage: USAGE_LIMITS.Suitelet,
      usageByApi: {},
      usageExceeded: false,
      logs: [],
      loadedFiles: [],
      bytesLoaded: 0,
      mathRandom: { duringLoad: 0, duringEntry: 0 },
      logLines: 0,
      logLinesDropped: 0,
      faults: [],
      durationMs: 0,
      ...refusal,
    };
  }

  const ex = new Execution(account, script, deployment, 'Suitelet', user, {}, options.remainingUsage);
  const io = new SuiteletIO(ex, options);
  ex.suitelet = io;
  const error = ex.runEntry('onRequest', () => {
    const ctx = new ex.realm.Object() as Record<string, unknown>;
    ctx['request'] = io.request;
    ctx['response'] = io.response;
    return ctx;
  });
  const base = ex.report();
  if (error !== undefined) {
    const d = describeError(error);
    return {
      ...base,
      status: 500,
      headers: { 'Content-Type': 'text/html; charset=UTF-8' },
      body: renderErrorPage('An unexpected SuiteScript error has occurred', d.name, d.message),
      error: d,
    };
  }
  const redirect = ex.redirect ?? io.redirect;
  if (redirect) {
    return { ...base, status: 302, headers: { ...io.outputHeaders(), Location: redirect.url }, body: '', redirect };
  }
  const result: SuiteletResult = { ...base, status: 200, headers: io.outputHeaders(), body: io.body() };
  if (io.page) result.page = io.page;
  return result;
}

function userFrom(u: UserOptions): CurrentUser {
  return {
    id: u.id,
    name: u.name ?? '',
    email: u.email ?? '',
    role: u.role,
    roleId: u.roleId,
    roleCenter: u.roleCenter ?? '',
    anonymous: false,
  };
}

function refuse(
  account: Account,
  def: ScriptDeploymentDef,
  user: CurrentUser,
): Pick<SuiteletResult, 'status' | 'headers' | 'body' | 'refused'> | undefined {
  const page = (code: string, message: string) => ({
    status: 200,
    headers: { 'Content-Type': 'text/html; charset=UTF-8' },
    body: renderErrorPage('Error', code, message),
    refused: code,
  });
  if (user.anonymous) {
    if (!def.availableWithoutLogin) {
      return {
        status: 302,
        headers: { Location: `https://${account.hostPrefix}.app.netsuite.com/app/login/secure/privatelogin.nl` },
        body: '',
        refused: 'LOGIN_REQUIRED',
      };
    }
    if ((def.status || '').toUpperCase() === 'TESTING') return page('INSUFFICIENT_PERMISSION', 'You are not allowed to go directly to this page.');
    return undefined;
  }
  if (def.allRoles) return undefined;
  const roles = (def.audienceRoles ?? []).map((r) => r.toLowerCase());
  if (roles.includes('allroles') || roles.includes(user.roleId.toLowerCase()) || roles.includes(String(user.role))) return undefined;
  return page('INSUFFICIENT_PERMISSION', 'You do not have privileges to view this page.');
}
