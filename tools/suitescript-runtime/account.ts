/**
 * The in-memory NetSuite account: File Cabinet, custom lists and records, scripts and deployments with their
 * parameters, captured logs/emails/tasks/https requests, certificates, the cache, and the executions that run scripts
 * against all of it. Serialisable with `toJSON()` and restorable with `createAccount({ state })`.
 */
import * as crypto from 'node:crypto';
import type { ScriptDeploymentDef, SdfObject } from '../sdf/model';
import { DataStore, type StoredValue } from './datastore';
import { assertTimeZone } from './dates';
import { sse } from './errors';
import { runScheduled, runSuitelet, type Execution } from './execution';
import { FileCabinet, type CabinetFile } from './filecabinet';
import { CacheStore, CertificateStore, HttpsRouter } from './stores';
import { isDate } from './strict';
import type {
  AccountOptions,
  AccountState,
  DeploymentState,
  EmailEntry,
  HttpsRequestRecord,
  LogEntry,
  ScheduledResult,
  ScheduledRunOptions,
  RoleObject,
  ScriptState,
  SuiteletResult,
  SuiteletRunOptions,
  TaskEntry,
} from './types';

/** Plain values of a record as test helpers read and write them (Dates for date fields, ids for selects). */
export type RecordValues = Record<string, string | number | boolean | Date | null>;

/** A record as `account.records` returns it. */
export interface RecordSnapshot {
  id: number;
  values: RecordValues;
}

const ACCOUNT_ID_RE = /^[0-9]+(_[A-Za-z0-9]+)?$/;

/** An in-memory NetSuite account. Create one with {@link createAccount}. */
export class Account {
  /** `runtime.accountId`, e.g. `1234567_SB1`. */
  readonly accountId: string;
  /** `runtime.envType`. */
  readonly envType: string;
  /** Company time zone (IANA) used for formatting dates. */
  readonly timeZone: string;
  /** The File Cabinet (see also {@link Account.mount}, {@link Account.addFile}). */
  readonly fileCabinet: FileCabinet;
  /** Lists, record types and records (low level; prefer {@link Account.records} and {@link Account.lists}). */
  readonly data: DataStore;
  /** Certificates usable by N/crypto/certificate. */
  readonly certificates: CertificateStore;
  /** The N/cache store, with test hooks (`evictAll`, `evict`, `setDropRate`, `list`). */
  readonly cache: CacheStore;
  /** The outbound-request router: `route(matcher, handler)`, `clearRoutes()`, `requests`. */
  readonly https: HttpsRouter;
  /** Every log entry written (bounded by `historyLimit`). */
  readonly logs: LogEntry[];
  /** Every email sent. */
  readonly emails: EmailEntry[];
  /** Every task submitted, with its status. */
  readonly tasks: TaskEntry[];

  private clock: () => number;
  private readonly scripts = new Map<string, ScriptState>();
  private readonly roles = new Map<string, RoleObject>();
  private readonly running = new Set<string>();
  private nextScriptInternalId: number;
  private nextTaskId: number;
  private executionCounter: number;
  private readonly unsetParameterValue: '' | null;
  private readonly historyLimit: number;

  constructor(options: AccountOptions = {}) {
    const state = options.state;
    if (state && state.version !== 1) throw new Error(`SuiteScript runtime: unknown account state version ${String(state.version)}`);
    this.accountId = state?.accountId ?? options.accountId ?? '1234567_SB1';
    if (!ACCOUNT_ID_RE.test(this.accountId)) throw new Error(`SuiteScript runtime: invalid account id ${this.accountId}`);
    this.envType = state?.envType ?? options.envType ?? 'SANDBOX';
    this.timeZone = state?.timeZone ?? options.timeZone ?? 'America/Los_Angeles';
    assertTimeZone(this.timeZone);
    this.clock = options.now ?? (() => Date.now());
    this.unsetParameterValue = options.unsetParameterValue === null ? null : '';
    this.historyLimit = options.historyLimit ?? 10_000;
    this.fileCabinet = new FileCabinet(state?.fileCabinet);
    this.data = new DataStore(state?.data, options.listValueIdStart ?? 101);
    this.certificates = new CertificateStore(state?.certificates);
    this.cache = new CacheStore(() => this.now(), state?.cache);
    this.https = new HttpsRouter(state ? state.httpsRequests.map((r) => ({ ...r })) : []);
    this.logs = state ? state.logs.map((l) => ({ ...l })) : [];
    this.emails = state ? state.emails.map((e) => ({ ...e })) : [];
    this.tasks = state ? state.tasks.map((t) => ({ ...t, params: { ...t.params } })) : [];
    for (const s of state?.scripts ?? []) this.scripts.set(s.def.scriptId, structuredClone(s));
    for (const r of state?.roles ?? []) this.roles.set(r.scriptId.toLowerCase(), structuredClone(r));
    this.nextScriptInternalId = state?.nextScriptInternalId ?? 521;
    this.nextTaskId = state?.nextTaskId ?? 1;
    this.executionCounter = state?.nextExecutionId ?? 1;
  }

  /** The account id as it appears in host names: lower case, `_` → `-` (`1234567_SB1` → `1234567-sb1`). */
  get hostPrefix(): string {
    return this.accountId.toLowerCase().replace(/_/g, '-');
  }

  // ------------------------------------------------------------------------------------------------------- clock

  /** The account clock (ms since the epoch); `Date` in scripts follows it. */
  now(): number {
    return this.clock();
  }

  /** Replaces the account clock. */
  setClock(now: () => number): void {
    this.clock = now;
  }

  // -------------------------------------------------------------------------------------------------- File Cabinet

  /** Mounts a host folder at a File Cabinet path; files are read when executions need them. */
  mount(fcPath: string, hostDir: string): void {
    this.fileCabinet.mount(fcPath, hostDir);
  }

  /** Removes a mount. */
  unmount(fcPath: string): void {
    this.fileCabinet.unmount(fcPath);
  }

  /** Stores a file in the File Cabinet; returns its internal id. */
  addFile(file: { path: string; contents: string; fileType?: string }): { id: number } {
    return this.fileCabinet.add(file.path, file.contents, file.fileType);
  }

  /** Removes a stored file by path or internal id; returns whether one was removed. */
  removeFile(pathOrId: string | number): boolean {
    return this.fileCabinet.remove(pathOrId);
  }

  /** Looks a file up by path or internal id. */
  getFile(pathOrId: string | number): CabinetFile | undefined {
    return this.fileCabinet.get(pathOrId);
  }

  // ------------------------------------------------------------------------------------------------------ objects

  /**
   * Defines custom lists, custom record types, custom roles, scripts and deployments from SDF objects (idempotent).
   * Roles matter: a Suitelet deployment's run-as role (and a caller's custom role) only reach the records its
   * permissions allow.
   */
  defineObjects(objects: readonly (SdfObject | RoleObject)[]): void {
    for (const o of objects) if (o.kind === 'role') this.roles.set(o.scriptId.toLowerCase(), structuredClone(o));
    for (const o of objects) if (o.kind === 'customlist') this.data.defineList(o);
    for (const o of objects) if (o.kind === 'customrecordtype') this.data.defineRecordType(o);
    for (const o of objects) {
      if (o.kind !== 'scheduledscript' && o.kind !== 'suitelet') continue;
      const existing = this.scripts.get(o.scriptId);
      const deployments: DeploymentState[] = [];
      o.deployments.forEach((d, i) => {
        const other = this.deploymentOwner(d.scriptId);
        if (other && other !== o.scriptId) throw new Error(`SuiteScript runtime: deployment ${d.scriptId} already belongs to ${other}`);
        const kept = existing?.deployments.find((x) => x.scriptId === d.scriptId);
        deployments.push(
          kept ?? {
            scriptId: d.scriptId,
            internalId: this.nextScriptInternalId++,
            deployNumber: i + 1,
            params: {},
            externalToken: crypto.randomBytes(20).toString('hex'),
          },
        );
      });
      this.scripts.set(o.scriptId, {
        def: structuredClone(o),
        internalId: existing?.internalId ?? this.nextScriptInternalId++,
        deployments,
      });
    }
  }

  /** Custom-list helpers. */
  readonly lists = {
    /** The values of a list (internal ids are account-specific). */
    values: (listScriptId: string) => {
      const v = this.data.listValues(listScriptId);
      if (!v) throw new Error(`SuiteScript runtime: no custom list ${listScriptId}`);
      return v.map((x) => ({ ...x }));
    },
    /** The internal id of a list value, by script id (any case) or name. */
    idOf: (listScriptId: string, valueScriptIdOrName: string): number => {
      const want = valueScriptIdOrName.toLowerCase();
      const v = this.lists.values(listScriptId).find((x) => x.scriptId.toLowerCase() === want || x.name.toLowerCase() === want);
      if (!v) throw new Error(`SuiteScript runtime: no value ${valueScriptIdOrName} in ${listScriptId}`);
      return v.id;
    },
  };

  /** Record helpers for tests and tools: no governance, same field rules as N/record. */
  readonly records = {
    /** All records of a custom record type, by ascending internal id. */
    list: (type: string): RecordSnapshot[] => {
      this.requireType(type);
      return this.data.all(type).map((r) => this.snapshot(type, r.id, r.values));
    },
    /** One record, or undefined. */
    get: (type: string, id: number): RecordSnapshot | undefined => {
      this.requireType(type);
      const r = this.data.get(type, id);
      return r ? this.snapshot(type, r.id, r.values) : undefined;
    },
    /** Inserts a record (`created`/`lastmodified` may be given to backdate it); returns its internal id. */
    insert: (type: string, values: RecordValues = {}): number => {
      this.requireType(type);
      return this.data.insert(type, this.normalizeAll(type, values), this.now()).id;
    },
    /** Updates fields of a record. */
    update: (type: string, id: number, values: RecordValues): void => {
      this.requireType(type);
      this.data.update(type, id, this.normalizeAll(type, values), this.now());
    },
    /** Deletes a record; returns whether it existed. */
    remove: (type: string, id: number): boolean => {
      this.requireType(type);
      return this.data.remove(type, id);
    },
  };

  private requireType(type: string): void {
    if (!this.data.fields(type)) throw new Error(`SuiteScript runtime: no custom record type ${type}`);
  }

  private normalizeAll(type: string, values: RecordValues): Record<string, StoredValue> {
    const out: Record<string, StoredValue> = {};
    for (const [k, v] of Object.entries(values)) out[k] = this.data.normalize(type, k, v, 'value', this.timeZone, true);
    return out;
  }

  private snapshot(type: string, id: number, stored: Record<string, StoredValue>): RecordSnapshot {
    const values: RecordValues = {};
    for (const f of this.data.fields(type)?.values() ?? []) {
      if (f.id === 'internalid') continue;
      const v = stored[f.id] ?? null;
      values[f.id] = (f.type === 'DATETIMETZ' || f.type === 'DATE') && typeof v === 'number' ? new Date(v) : v;
    }
    return { id, values };
  }

  // ------------------------------------------------------------------------------------------ scripts & deployments

  /** The scripts defined in the account. */
  listScripts(): ScriptState[] {
    return [...this.scripts.values()].map((s) => structuredClone(s));
  }

  /**
   * Sets parameter values of a deployment (as an administrator does on the deployment record). `null` unsets a value.
   * Values are checked against the parameter types: INTEGER numbers, CHECKBOX booleans (or 'T'/'F'), DATE/DATETIMETZ
   * Dates, others strings.
   */
  setParameters(deploymentId: string, values: Record<string, string | number | boolean | Date | null>): void {
    const { script, deployment } = this.findDeployment(deploymentId);
    for (const [name, value] of Object.entries(values)) {
      const def = script.def.parameters.find((p) => p.scriptId === name);
      if (!def) {
        throw new Error(
          `SuiteScript runtime: ${script.def.scriptId} has no parameter ${name} (known: ${script.def.parameters.map((p) => p.scriptId).join(', ') || 'none'})`,
        );
      }
      if (value === null) {
        delete deployment.params[name];
        continue;
      }
      const bad = () => new Error(`SuiteScript runtime: parameter ${name} is ${def.type}; ${JSON.stringify(value)} does not fit`);
      switch (def.type) {
        case 'INTEGER':
          if (typeof value === 'number' && Number.isInteger(value)) deployment.params[name] = value;
          else if (typeof value === 'string' && /^-?\d+$/.test(value)) deployment.params[name] = Number(value);
          else throw bad();
          break;
        case 'CHECKBOX':
          if (typeof value === 'boolean') deployment.params[name] = value;
          else if (value === 'T' || value === 'F') deployment.params[name] = value === 'T';
          else throw bad();
          break;
        case 'DATE':
        case 'DATETIMETZ':
          if (isDate(value)) deployment.params[name] = value.getTime();
          else throw bad();
          break;
        default:
          if (typeof value !== 'string') throw bad();
          deployment.params[name] = value;
      }
    }
  }

  /** The parameter values set on a deployment. */
  getParameters(deploymentId: string): Record<string, string | number | boolean | null> {
    return { ...this.findDeployment(deploymentId).deployment.params };
  }

  /** Changes deployment settings (status, audience, log level...) as an administrator would. */
  updateDeployment(deploymentId: string, patch: Partial<Omit<ScriptDeploymentDef, 'scriptId'>>): void {
    const { script } = this.findDeployment(deploymentId);
    const def = script.def.deployments.find((d) => d.scriptId === deploymentId);
    if (def) Object.assign(def, patch);
  }

  /** @internal The script and deployment of a deployment id (throws for an unknown one). */
  findDeployment(deploymentId: string): { script: ScriptState; deployment: DeploymentState } {
    for (const script of this.scripts.values()) {
      const deployment = script.deployments.find((d) => d.scriptId === deploymentId);
      if (deployment) return { script, deployment };
    }
    throw new Error(`SuiteScript runtime: no deployment ${deploymentId} (define it with account.defineObjects)`);
  }

  /** @internal A script and deployment by script ids or internal ids, for N/url, N/redirect (SSS_INVALID_SCRIPTLET_ID). */
  findScriptDeployment(script: string, deployment: string): { script: ScriptState; deployment: DeploymentState } {
    const s = this.lookupScript(script);
    const d = s?.deployments.find((x) => x.scriptId === deployment || String(x.internalId) === deployment);
    if (!s || !d) throw sse('SSS_INVALID_SCRIPTLET_ID', 'That Suitelet is invalid, disabled, or no longer exists.');
    return { script: s, deployment: d };
  }

  private lookupScript(idOrInternal: string): ScriptState | undefined {
    return this.scripts.get(idOrInternal) ?? [...this.scripts.values()].find((s) => String(s.internalId) === idOrInternal);
  }

  private deploymentOwner(deploymentId: string): string | undefined {
    for (const s of this.scripts.values()) if (s.deployments.some((d) => d.scriptId === deploymentId)) return s.def.scriptId;
    return undefined;
  }

  /** @internal A custom role by script id. */
  role(scriptId: string): RoleObject | undefined {
    return this.roles.get(scriptId.toLowerCase());
  }

  /** @internal `Script.getParameter` for an execution, typed as NetSuite types it. */
  parameterValue(ex: Execution, name: string): unknown {
    const def = ex.script.def.parameters.find((p) => p.scriptId.toLowerCase() === name.toLowerCase());
    if (!def) return null;
    const override = Object.entries(ex.paramOverrides).find(([k]) => k.toLowerCase() === def.scriptId.toLowerCase())?.[1];
    let raw: string | number | boolean | null | undefined = override ?? ex.deployment.params[def.scriptId];
    if (raw === undefined || raw === null || raw === '') raw = def.defaultValue ?? null;
    switch (def.type) {
      case 'CHECKBOX':
        return raw === true || raw === 'T' || raw === 'true';
      case 'INTEGER': {
        if (raw === null || raw === '') return this.unsetParameterValue;
        const n = typeof raw === 'number' ? raw : Number(raw);
        return Number.isFinite(n) ? n : this.unsetParameterValue;
      }
      case 'DATE':
      case 'DATETIMETZ': {
        if (raw === null || raw === '') return this.unsetParameterValue;
        const ms = typeof raw === 'number' ? raw : Date.parse(String(raw));
        return Number.isFinite(ms) ? new ex.realm.Date(ms) : this.unsetParameterValue;
      }
      default:
        return raw === null ? this.unsetParameterValue : String(raw);
    }
  }

  // -------------------------------------------------------------------------------------------------- certificates

  /** Adds a certificate (Setup > Company > Certificates) usable by `N/crypto/certificate.createSigner`. */
  addCertificate(entry: { scriptId: string; privateKeyPem: string; certificatePem?: string }): void {
    this.certificates.add(entry);
  }

  /** Revokes a certificate: `createSigner` then throws. */
  revokeCertificate(scriptId: string): void {
    this.certificates.revoke(scriptId);
  }

  // --------------------------------------------------------------------------------------------------------- tasks

  /** @internal N/task submission (see the N/task module for the rules). */
  submitTask(ex: Execution, scriptId: string, deploymentId: string | undefined, params: Record<string, string | number | boolean>): string | null {
    const fail = (why: string) => sse('FAILED_TO_SUBMIT_JOB_REQUEST_1', `Failed to submit job request: ${why}`);
    const script = this.lookupScript(scriptId);
    if (!script) throw fail(`script ${scriptId} does not exist.`);
    if (script.def.kind !== 'scheduledscript') throw fail(`${scriptId} is not a scheduled script.`);
    const unfinished = (d: string) => this.tasks.find((t) => t.deploymentId === d && (t.status === 'PENDING' || t.status === 'PROCESSING'));
    let dep: DeploymentState | undefined;
    if (deploymentId !== undefined) {
      dep = script.deployments.find((d) => d.scriptId === deploymentId || String(d.internalId) === deploymentId);
      if (!dep) throw fail(`deployment ${deploymentId} of ${scriptId} does not exist.`);
    } else {
      dep = script.deployments.find((d) => !unfinished(d.scriptId) && !this.running.has(d.scriptId));
      if (!dep) throw sse('NO_DEPLOYMENTS_AVAILABLE', `No deployments of ${scriptId} are available.`);
    }
    const def = script.def.deployments.find((d) => d.scriptId === dep.scriptId);
    if ((def?.status ?? '').toUpperCase() === 'TESTING') throw fail(`deployment ${dep.scriptId} has the status Testing.`);
    if (ex.permissionLevel('ADMI_SS_SCHEDULING') < 1) {
      throw sse('INSUFFICIENT_PERMISSION', 'Permission Violation: You need the \'SuiteScript Scheduling\' permission to submit scheduled scripts.');
    }
    const self = ex.kind === 'ScheduledScript' && ex.deploymentId === dep.scriptId;
    const pending = unfinished(dep.scriptId);
    if (pending?.status === 'PENDING') throw fail(`deployment ${dep.scriptId} is already queued (task ${pending.id}) and has not run yet.`);
    const running = this.running.has(dep.scriptId);
    if (running && !self) throw fail(`deployment ${dep.scriptId} is in progress.`);
    const task: TaskEntry = {
      id: `SCHEDSCRIPT_${String(this.nextTaskId++).padStart(6, '0')}${crypto.randomBytes(12).toString('hex')}`,
      taskType: 'SCHEDULED_SCRIPT',
      scriptId: script.def.scriptId,
      deploymentId: dep.scriptId,
      params: { ...params },
      status: 'PENDING',
      submittedAt: this.now(),
      submittedBy: { scriptId: ex.scriptId, deploymentId: ex.deploymentId },
    };
    this.tasks.push(task);
    return running && self ? null : task.id;
  }

  /** Runs queued tasks (FIFO) until none is left (tasks queued meanwhile run too); at most `max` runs. */
  runQueuedTasks(max = 100): ScheduledResult[] {
    const results: ScheduledResult[] = [];
    while (results.length < max) {
      const task = this.tasks.find((t) => t.status === 'PENDING' && !this.running.has(t.deploymentId));
      if (!task) break;
      task.status = 'PROCESSING';
      let result: ScheduledResult;
      try {
        result = runScheduled(this, { deploymentId: task.deploymentId, type: 'ON_DEMAND', params: task.params }, task.id);
      } catch (e) {
        task.status = 'FAILED';
        throw e;
      }
      task.status = result.ok ? 'COMPLETE' : 'FAILED';
      results.push(result);
    }
    return results;
  }

  /** @internal */
  markRunning(deploymentId: string, running: boolean): void {
    if (running) this.running.add(deploymentId);
    else this.running.delete(deploymentId);
  }

  // ---------------------------------------------------------------------------------------------------- executions

  /**
   * Runs a scheduled script deployment once, as the scheduler does. An uncaught error is logged (ERROR) and
   * reported (`ok: false`), never thrown.
   */
  runScheduled(options: ScheduledRunOptions): ScheduledResult {
    return runScheduled(this, options);
  }

  /** Runs a Suitelet request and returns what NetSuite would answer. */
  runSuitelet(options: SuiteletRunOptions): SuiteletResult {
    return runSuitelet(this, options);
  }

  // ------------------------------------------------------------------------------------------------ internal sinks

  /** @internal */
  nextExecutionId(): number {
    return this.executionCounter++;
  }

  /** @internal */
  recordLog(entry: LogEntry): void {
    this.logs.push(entry);
    this.trim(this.logs);
  }

  /** @internal */
  recordEmail(entry: EmailEntry): void {
    this.emails.push(entry);
    this.trim(this.emails);
  }

  /** @internal */
  recordHttpsRequest(entry: HttpsRequestRecord): void {
    this.https.requests.push(entry);
    this.trim(this.https.requests);
  }

  private trim(list: unknown[]): void {
    if (list.length > this.historyLimit) list.splice(0, list.length - this.historyLimit);
  }

  // ---------------------------------------------------------------------------------------------------- persistence

  /** The whole account as JSON-safe data (https routes and the clock are not state). */
  toJSON(): AccountState {
    return {
      version: 1,
      accountId: this.accountId,
      envType: this.envType,
      timeZone: this.timeZone,
      fileCabinet: this.fileCabinet.toJSON(),
      data: this.data.toJSON(),
      scripts: [...this.scripts.values()].map((s) => structuredClone(s)),
      nextScriptInternalId: this.nextScriptInternalId,
      nextTaskId: this.nextTaskId,
      nextExecutionId: this.executionCounter,
      logs: this.logs.map((l) => ({ ...l })),
      emails: this.emails.map((e) => ({ ...e, recipients: [...e.recipients], cc: [...e.cc], bcc: [...e.bcc] })),
      tasks: this.tasks.map((t) => ({ ...t, params: { ...t.params } })),
      certificates: this.certificates.toJSON(),
      roles: [...this.roles.values()].map((r) => structuredClone(r)),
      cache: this.cache.toJSON(),
      httpsRequests: this.https.requests.map((r) => ({ ...r, headers: { ...r.headers } })),
    };
  }
}

/** Creates an account (fresh, or restored from `options.state`). */
export function createAccount(options: AccountOptions = {}): Account {
  return new Account(options);
}
