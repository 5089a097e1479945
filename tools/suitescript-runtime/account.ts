/**
 * The in-memory NetSuite account: File Cabinet, custom lists and records, scripts and deployments with their
 * parameters, captured logs/emails/tasks/https requests, certificates, the cache, and the executions that run scripts
 * against all of it. Serialisable with `toJSON()` and restorable with `createAccount({ state })`.
 */
import * as crypto from 'node:crypto';
import type { ScriptDeploymentDef, SdfObject } from '../sdf/model';
import { DataStore, type StoredValue } from './datastore';
import { DEFAULT_PREFERENCES, mergePreferences, type DatePreferences } from './dates';
import { sse } from './errors';
import { runScheduled, runSuitelet, type CurrentUser, type Execution } from './execution';
import { fireUserEvents, instrumentRecordModule, type RecordChange, type UserEventType } from './userEvents';
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
  UserEventResult,
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
  /** Company date/time preferences (see {@link Account.setPreferences}); per-user overrides in `userPreferences`. */
  private companyPreferences: DatePreferences;
  private readonly userPreferences = new Map<number, Partial<DatePreferences>>();
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
  /** Every user event script execution (bounded by `historyLimit`). */
  readonly userEventRuns: UserEventResult[] = [];

  private clock: () => number;
  private readonly scripts = new Map<string, ScriptState>();
  private readonly roles = new Map<string, RoleObject>();
  private readonly running = new Set<string>();
  private nextScriptInternalId: number;
  private nextTaskId: number;
  private executionCounter: number;
  private readonly unsetParameterValue: '' | null;
  private readonly historyLimit: number;
  /** Values of company-preference script parameters (`<setting>COMPANY</setting>`), by parameter id. */
  private readonly companyParameters: Record<string, string | number | boolean | null>;
  private readonly logLimits: { perScript: number; perAccount: number };
  /** Log lines written per minute of account clock: per script, and for the whole account. */
  private readonly logMinutes = new Map<string, Map<number, number>>();

  constructor(options: AccountOptions = {}) {
    const state = options.state;
    if (state && state.version !== 1) throw new Error(`SuiteScript runtime: unknown account state version ${String(state.version)}`);
    this.accountId = state?.accountId ?? options.accountId ?? '1234567_SB1';
    if (!ACCOUNT_ID_RE.test(this.accountId)) throw new Error(`SuiteScript runtime: invalid account id ${this.accountId}`);
    this.envType = state?.envType ?? options.envType ?? 'SANDBOX';
    // `timeZone` (older option and state field) is the same preference as `preferences.timeZone`.
    const initial: Partial<DatePreferences> = state
      ? { ...(state.preferences ?? {}), timeZone: state.preferences?.timeZone ?? state.timeZone }
      : { ...(options.preferences ?? {}), ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}) };
    this.companyPreferences = mergePreferences({ ...DEFAULT_PREFERENCES }, initial);
    for (const u of state?.userPreferences ?? []) this.setPreferences(u.preferences, { userId: u.userId });
    this.clock = options.now ?? (() => Date.now());
    this.unsetParameterValue = options.unsetParameterValue === null ? null : '';
    this.historyLimit = options.historyLimit ?? 10_000;
    this.companyParameters = { ...(state?.companyParameters ?? {}) };
    this.logLimits = {
      perScript: options.logLimits?.perScriptPerHour ?? DEFAULT_LOG_LINES_PER_SCRIPT_HOUR,
      perAccount: options.logLimits?.perAccountPerHour ?? LOG_CALLS_PER_ACCOUNT_HOUR,
    };
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

  // ------------------------------------------------------------------------------------------------- preferences

  /** Company time zone (IANA): the `timeZone` of {@link Account.preferences}. */
  get timeZone(): string {
    return this.companyPreferences.timeZone;
  }

  /** Company date/time preferences (Setup > Company > General Preferences): date format, time format, time zone. */
  get preferences(): DatePreferences {
    return { ...this.companyPreferences };
  }

  /**
   * Changes date/time preferences: the company's (default), or with `{ userId }` one user's overrides (Home > Set
   * Preferences), which apply when that user is the running user. Unknown formats or time zones throw.
   */
  setPreferences(patch: Partial<DatePreferences>, options: { userId?: number } = {}): void {
    if (options.userId === undefined) {
      this.companyPreferences = mergePreferences(this.companyPreferences, patch);
      return;
    }
    const merged = { ...(this.userPreferences.get(options.userId) ?? {}), ...patch };
    mergePreferences(this.companyPreferences, merged); // validates
    this.userPreferences.set(options.userId, merged);
  }

  /**
   * The preferences date text follows for a running user: the company's, overlaid with the user's own (logged-in users
   * with a positive id only; scheduled scripts and the anonymous online user get the company's).
   */
  preferencesFor(user?: { id: number; anonymous?: boolean } | null): DatePreferences {
    const own = user && !user.anonymous && user.id > 0 ? this.userPreferences.get(user.id) : undefined;
    return own ? mergePreferences(this.companyPreferences, own) : { ...this.companyPreferences };
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
      if (o.kind !== 'scheduledscript' && o.kind !== 'suitelet' && o.kind !== 'usereventscript') continue;
      refuseMandatoryParameters(o);
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
    for (const [k, v] of Object.entries(values)) out[k] = this.data.normalize(type, k, v, 'value', this.companyPreferences, true);
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
      if (def?.setting === 'COMPANY') {
        // No deployment has its own value for a company preference: the only value there is, the one an
        // administrator sets under Setup > Company > General Preferences > Custom Preferences, is what
        // every deployment reads. A test that sets it "on a deployment" sets that one value.
        this.setCompanyPreferences({ [name]: value });
        continue;
      }
      if (def?.setting) {
        throw new Error(
          `SuiteScript runtime: ${name} is a ${def.setting} preference parameter (<setting>${def.setting}</setting>): NetSuite reads its value from ` +
            (def.setting === 'COMPANY'
              ? 'Setup > Company > General Preferences > Custom Preferences, one value for every deployment; set it with account.setCompanyPreferences'
              : 'the preferences, not from the deployment') +
            ` (Oracle: Setting Script Parameter Preferences)`,
        );
      }
      if (!def) {
        throw new Error(
          `SuiteScript runtime: ${script.def.scriptId} has no parameter ${name} (known: ${script.def.parameters.map((p) => p.scriptId).join(', ') || 'none'})`,
        );
      }
      if (value === null) {
        delete deployment.params[name];
        continue;
      }
      deployment.params[name] = coerceParameter(name, def.type, value);
    }
  }

  /**
   * Sets company-preference script parameters (`<setting>COMPANY</setting>`), as an administrator does under Setup >
   * Company > General Preferences > Custom Preferences: one value for the account, read by every deployment of the
   * script. `null` unsets. Oracle: "Setting Script Parameter Preferences",
   * https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/chapter_N2999849.html
   */
  setCompanyPreferences(values: Record<string, string | number | boolean | Date | null>): void {
    // (account.setParameters routes company-preference parameters here too.)
    for (const [name, value] of Object.entries(values)) {
      const def = [...this.scripts.values()].flatMap((s) => s.def.parameters).find((p) => p.scriptId === name);
      if (!def) throw new Error(`SuiteScript runtime: no script defines a parameter ${name}`);
      if (def.setting !== 'COMPANY') {
        throw new Error(`SuiteScript runtime: ${name} is not a company preference (no <setting>COMPANY</setting>); set it per deployment with account.setParameters`);
      }
      if (value === null) delete this.companyParameters[name];
      else this.companyParameters[name] = coerceParameter(name, def.type, value);
    }
  }

  /** The company-preference parameter values. */
  getCompanyPreferences(): Record<string, string | number | boolean | null> {
    return { ...this.companyParameters };
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
    if (def.setting && def.setting !== 'COMPANY') {
      throw ex.fault(`getParameter(${def.scriptId}): ${def.setting} preference parameters are not implemented (only COMPANY and deployment parameters)`);
    }
    // A COMPANY preference has one value for the account (Setup > Company > General Preferences > Custom Preferences).
    const stored = def.setting === 'COMPANY' ? this.companyParameters[def.scriptId] : ex.deployment.params[def.scriptId];
    let raw: string | number | boolean | null | undefined = override ?? stored;
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
      // Without a deployment id NetSuite picks an available deployment; only Not Scheduled ones are submittable.
      dep = script.deployments.find(
        (d) => !unfinished(d.scriptId) && !this.running.has(d.scriptId) && this.deploymentStatus(script.def.scriptId, d.scriptId) === 'NOTSCHEDULED',
      );
      if (!dep) throw sse('NO_DEPLOYMENTS_AVAILABLE', `No deployments of ${scriptId} are available.`);
    }
    // ScheduledScriptTask.submit() (https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_460871520995.html):
    // "The scheduled script must have a status of Not Scheduled"; Testing is not placed into the queue; "If the deployment
    // status ... is set to Scheduled, the script will be placed into the queue according to the time(s) specified on the
    // Script Deployment page" (not now). "Only roles with the SuiteScript Scheduling permission or Administrators can run
    // scheduled scripts executed by API."
    const status = this.deploymentStatus(script.def.scriptId, dep.scriptId);
    if (status === 'TESTING') throw fail(`deployment ${dep.scriptId} has the status Testing.`);
    if (status !== 'NOTSCHEDULED' && status !== 'SCHEDULED') throw fail(`deployment ${dep.scriptId} has the status ${status}; only Not Scheduled deployments are queued.`);
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
      // A Scheduled deployment keeps to its schedule: the submission queues nothing (runQueuedTasks skips it).
      status: status === 'SCHEDULED' ? 'NOT_QUEUED' : 'PENDING',
      submittedAt: this.now(),
      submittedBy: { scriptId: ex.scriptId, deploymentId: ex.deploymentId },
    };
    this.tasks.push(task);
    return running && self ? null : task.id;
  }

  private deploymentStatus(scriptId: string, deploymentId: string): string {
    const def = this.scripts.get(scriptId)?.def.deployments.find((d) => d.scriptId === deploymentId);
    return (def?.status || 'TESTING').toUpperCase();
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
  /**
   * Counts one log line of `scriptId` against the log ration; false when it must be dropped. N/log Module Guidelines
   * (https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_4574548135.html): "A company is allowed to
   * make up to 100,000 log object method calls across all of their scripts" in any 60 minutes, and NetSuite turns down
   * the log level of a script that logs excessively (Governance on Script Logging, section_N3352137.html).
   */
  admitLogLine(scriptId: string): boolean {
    const minute = Math.floor(this.now() / 60_000);
    const count = (key: string) => {
      const m = this.logMinutes.get(key);
      if (!m) return 0;
      let n = 0;
      for (const [k, v] of m) {
        if (k <= minute - 60) m.delete(k);
        else n += v;
      }
      return n;
    };
    if (count(scriptId) >= this.logLimits.perScript || count('') >= this.logLimits.perAccount) return false;
    for (const key of [scriptId, '']) {
      const m = this.logMinutes.get(key) ?? new Map<number, number>();
      m.set(minute, (m.get(minute) ?? 0) + 1);
      this.logMinutes.set(key, m);
    }
    return true;
  }

  /** @internal */
  recordUserEventRun(result: UserEventResult): void {
    this.userEventRuns.push(result);
    this.trim(this.userEventRuns);
  }

  /** @internal Deployments of user event scripts on a record type (any status; the caller filters). */
  userEventDeployments(recordType: string): { script: ScriptState; deployment: DeploymentState }[] {
    const want = recordType.toLowerCase();
    const out: { script: ScriptState; deployment: DeploymentState }[] = [];
    for (const script of this.scripts.values()) {
      if (script.def.kind !== 'usereventscript') continue;
      for (const deployment of script.deployments) {
        const def = script.def.deployments.find((d) => d.scriptId === deployment.scriptId);
        if (def?.recordType?.toLowerCase() === want) out.push({ script, deployment });
      }
    }
    return out;
  }

  /** @internal Lets the account hook N modules of an execution (N/record writes fire user events). */
  instrumentModule(ex: Execution, id: string, mod: object): object {
    return id === 'N/record' ? instrumentRecordModule(ex, mod as Record<string, unknown>) : mod;
  }

  // ------------------------------------------------------------------------------- changes made outside scripts

  /**
   * Edits a record the way an administrator does in the UI (context USERINTERFACE): user event scripts deployed on the
   * type run (beforeSubmit, write, afterSubmit). A beforeSubmit error refuses the save (thrown); the runs are returned.
   */
  editRecordAsUser(type: string, id: number, values: RecordValues, user: CurrentUser = UI_ADMIN): UserEventResult[] {
    this.requireType(type);
    const stored = this.data.get(type, id);
    if (!stored) throw new Error(`SuiteScript runtime: no ${type} record ${id}`);
    const changes = this.normalizeAll(type, values);
    return this.writeWithUserEvents({ recordType: type, recordId: id, type: 'edit', oldValues: { ...stored.values }, newValues: { ...stored.values, ...changes } }, { context: 'USERINTERFACE', user, role: user.roleId }, () => {
      this.data.update(type, id, changes, this.now());
      return id;
    });
  }

  /** Deletes a record the way an administrator does in the UI; user event scripts run (type delete). */
  deleteRecordAsUser(type: string, id: number, user: CurrentUser = UI_ADMIN): UserEventResult[] {
    this.requireType(type);
    const stored = this.data.get(type, id);
    if (!stored) throw new Error(`SuiteScript runtime: no ${type} record ${id}`);
    return this.writeWithUserEvents({ recordType: type, recordId: id, type: 'delete', oldValues: { ...stored.values }, newValues: { ...stored.values } }, { context: 'USERINTERFACE', user, role: user.roleId }, () => {
      this.data.remove(type, id);
      return id;
    });
  }

  /**
   * Imports rows as Setup > Import/Export > Import CSV Records does: a row with `id` updates that record, others create
   * one. User event scripts run (context CSVIMPORT) only with `runServerSuiteScript` (the import's "Run Server
   * SuiteScript and Trigger Workflows" preference; Oracle, "Execution Context Types", section_157960811083.html). A row
   * whose beforeSubmit fails is rejected and reported; the others are imported.
   */
  csvImport(
    type: string,
    rows: (RecordValues & { id?: number })[],
    options: { runServerSuiteScript?: boolean; user?: CurrentUser } = {},
  ): { ids: (number | null)[]; errors: { row: number; name: string; message: string }[]; userEventRuns: UserEventResult[] } {
    this.requireType(type);
    const user = options.user ?? UI_ADMIN;
    const out = { ids: [] as (number | null)[], errors: [] as { row: number; name: string; message: string }[], userEventRuns: [] as UserEventResult[] };
    rows.forEach((row, i) => {
      const { id, ...values } = row;
      const changes = this.normalizeAll(type, values);
      const stored = id === undefined ? undefined : this.data.get(type, id);
      if (id !== undefined && !stored) {
        out.ids.push(null);
        out.errors.push({ row: i, name: 'RCRD_DSNT_EXIST', message: 'That record does not exist.' });
        return;
      }
      const kind: UserEventType = stored ? 'edit' : 'create';
      const write = () =>
        stored ? (this.data.update(type, stored.id, changes, this.now()), stored.id) : this.data.insert(type, changes, this.now()).id;
      if (!options.runServerSuiteScript) {
        out.ids.push(write());
        return;
      }
      const change: RecordChange = {
        recordType: type,
        recordId: stored?.id ?? null,
        type: kind,
        oldValues: stored ? { ...stored.values } : null,
        newValues: { ...(stored?.values ?? this.data.emptyValues(type)), ...changes },
      };
      try {
        let newId: number | null = null;
        out.userEventRuns.push(...this.writeWithUserEvents(change, { context: 'CSVIMPORT', user, role: user.roleId }, () => (newId = write())));
        out.ids.push(newId);
      } catch (e) {
        const err = e as { name?: string; message?: string };
        out.ids.push(this.data.get(type, change.recordId ?? -1) ? change.recordId : null);
        out.errors.push({ row: i, name: err.name ?? 'Error', message: err.message ?? String(e) });
      }
    });
    return out;
  }

  private writeWithUserEvents(change: RecordChange, trigger: { context: string; user: CurrentUser; role?: string }, write: () => number): UserEventResult[] {
    const before = fireUserEvents(this, 'beforeSubmit', change, trigger);
    if (before.firstError) throw sse(before.firstError.name, before.firstError.message);
    const id = write();
    const after = change.type === 'delete' ? change.newValues : { ...(this.data.get(change.recordType, id)?.values ?? change.newValues) };
    const afterRuns = fireUserEvents(this, 'afterSubmit', { ...change, recordId: id, newValues: after }, trigger);
    return [...before.runs, ...afterRuns.runs];
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
      preferences: { ...this.companyPreferences },
      userPreferences: [...this.userPreferences].map(([userId, preferences]) => ({ userId, preferences: { ...preferences } })),
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
      companyParameters: { ...this.companyParameters },
    };
  }
}

/** NetSuite's documented account-wide log ration: log calls per 60 minutes (N/log Module Guidelines). */
export const LOG_CALLS_PER_ACCOUNT_HOUR = 100_000;
/** Default per-script ration (undocumented in NetSuite; conservative). */
export const DEFAULT_LOG_LINES_PER_SCRIPT_HOUR = 10_000;

/** The administrator who edits records in the UI (`editRecordAsUser`, `csvImport`). */
export const UI_ADMIN: CurrentUser = { id: 3, name: 'Administrator', email: 'admin@example.com', role: 3, roleId: 'administrator', roleCenter: 'BASIC', anonymous: false };

/** A parameter value checked against its type: INTEGER numbers, CHECKBOX booleans ('T'/'F'), dates Dates, others strings. */
function coerceParameter(name: string, type: string, value: string | number | boolean | Date): string | number | boolean {
  const bad = () => new Error(`SuiteScript runtime: parameter ${name} is ${type}; ${JSON.stringify(value)} does not fit`);
  switch (type) {
    case 'INTEGER':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
      throw bad();
    case 'CHECKBOX':
      if (typeof value === 'boolean') return value;
      if (value === 'T' || value === 'F') return value === 'T';
      throw bad();
    case 'DATE':
    case 'DATETIMETZ':
      if (isDate(value)) return value.getTime();
      throw bad();
    default:
      if (typeof value !== 'string') throw bad();
      return value;
  }
}

/**
 * `<ismandatory>T</ismandatory>` on a script parameter makes `project:deploy` fail: SDF creates the script record with
 * no value for it (DESIGN.md 2a; GitHub issue 9 of this project). The runtime refuses the object the same way, naming
 * the parameter, so a test fails before a deployment would.
 */
function refuseMandatoryParameters(script: SdfObject & { parameters: { scriptId: string; mandatory: boolean }[] }): void {
  const mandatory = script.parameters.filter((p) => p.mandatory);
  if (mandatory.length === 0) return;
  throw new Error(
    `SuiteScript runtime: SDF deploy of ${script.scriptId} would fail: script parameter ${mandatory.map((p) => p.scriptId).join(', ')} ` +
      `${mandatory.length === 1 ? 'is' : 'are'} <ismandatory>T</ismandatory> and SDF has no value to give ${mandatory.length === 1 ? 'it' : 'them'}. ` +
      'Keep script parameters optional in the XML and validate them at run time.',
  );
}

/** Creates an account (fresh, or restored from `options.state`). */
export function createAccount(options: AccountOptions = {}): Account {
  return new Account(options);
}
