/**
 * Public types of the SuiteScript runtime: account options and state, execution options and results, and the
 * records the account keeps (logs, emails, tasks, https requests).
 */
import type { DataStoreState } from './datastore';
import type { DatePreferences } from './dates';
import type { FileCabinetState } from './filecabinet';
import type { PageModel } from './modules/serverWidget';
import type { ScriptDef } from '../sdf/model';

/** Log levels of N/log, lowest first. */
export type LogLevel = 'DEBUG' | 'AUDIT' | 'ERROR' | 'EMERGENCY';

/** A captured N/log entry. */
export interface LogEntry {
  level: LogLevel;
  /** At most 99 characters (NetSuite truncates). */
  title: string;
  /** A string; objects are JSON-stringified; at most 3,999 characters (NetSuite truncates). */
  details: string;
  scriptId: string;
  deploymentId: string;
  /** Account clock, ms since the epoch. */
  time: number;
  executionId: number;
}

/** A captured N/email message. */
export interface EmailEntry {
  author: number;
  recipients: string[];
  cc: string[];
  bcc: string[];
  replyTo?: string;
  subject: string;
  body: string;
  scriptId: string;
  deploymentId: string;
  time: number;
}

/**
 * Status of a submitted task (N/task `TaskStatus`), plus `NOT_QUEUED`: `task.submit()` of a deployment whose status is
 * Scheduled returned a task id but queued nothing (the deployment runs only at its scheduled times);
 * `runQueuedTasks()` never runs such a task, and `task.checkStatus` reports it as PENDING.
 */
export type TaskStatus = 'PENDING' | 'PROCESSING' | 'COMPLETE' | 'FAILED' | 'NOT_QUEUED';

/** A submitted N/task scheduled-script task. */
export interface TaskEntry {
  id: string;
  taskType: 'SCHEDULED_SCRIPT';
  scriptId: string;
  deploymentId: string;
  params: Record<string, string | number | boolean>;
  status: TaskStatus;
  submittedAt: number;
  submittedBy: { scriptId: string; deploymentId: string };
}

/** An outbound N/http(s) request as a route handler sees it (and as recorded). */
export interface HttpsRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What a route handler answers. */
export interface HttpsResponse {
  code: number;
  headers?: Record<string, string>;
  body: string;
}

/** A recorded outbound request and its outcome. */
export interface HttpsRequestRecord extends HttpsRequest {
  time: number;
  scriptId: string;
  deploymentId: string;
  /** The answer's status, or the NetworkFault name the script saw. */
  outcome: { code: number } | { fault: string };
}

/** A user calling a Suitelet (omit for an anonymous caller of an "available without login" deployment). */
export interface UserOptions {
  id: number;
  name?: string;
  email?: string;
  /** Role script id as NetSuite reports it, e.g. `administrator`. */
  roleId: string;
  /** Role internal id, e.g. 3 for Administrator. */
  role: number;
  roleCenter?: string;
}

/** A file loaded by the AMD loader during an execution. */
export interface LoadedFile {
  path: string;
  id: number;
  bytes: number;
}

/** `Math.random` calls in the script realm, split by phase. */
export interface MathRandomCount {
  /** While modules were being loaded (factories running). */
  duringLoad: number;
  /** While the entry point function ran. */
  duringEntry: number;
}

/** An error as reported in an execution result. */
export interface ExecutionError {
  name: string;
  message: string;
  stack?: string[] | string;
}

/** Common part of execution results. */
export interface ExecutionReport {
  executionId: number;
  scriptId: string;
  deploymentId: string;
  /** Units used by this execution. */
  usage: number;
  /** Units left at the end. */
  remainingUsage: number;
  /** Units per metered API. */
  usageByApi: Record<string, number>;
  /** True when a call was refused for lack of units (the execution then fails). */
  usageExceeded: boolean;
  /** Log entries of this execution (those at or above the deployment's log level). */
  logs: LogEntry[];
  /** Files the loader read, in load order. */
  loadedFiles: LoadedFile[];
  /** Sum of `loadedFiles[].bytes`. */
  bytesLoaded: number;
  mathRandom: MathRandomCount;
  /** Log lines this execution wrote (at or above the deployment's log level, within the log ration). */
  logLines: number;
  /** Log lines dropped because the script (or the account) was past its hourly log ration. */
  logLinesDropped: number;
  /** RuntimeFaults raised (unimplemented API, unrouted request...), even those the script caught. */
  faults: string[];
  durationMs: number;
}

/** Result of {@link Account.runScheduled}. */
export interface ScheduledResult extends ExecutionReport {
  ok: boolean;
  error?: ExecutionError;
  /** `scriptContext.type` given to `execute`. */
  type: string;
  /** The task run, when run from the queue. */
  taskId?: string;
}

/** A redirect made by N/redirect or `response.sendRedirect`. */
export interface RedirectRecord {
  kind: 'SUITELET' | 'RECORD' | 'URL' | 'TASK_LINK' | 'RESTLET';
  url: string;
  details: Record<string, unknown>;
}

/** Result of {@link Account.runSuitelet}. */
export interface SuiteletResult extends ExecutionReport {
  /** HTTP status: 200 for anything the script wrote (a Suitelet cannot set it), 302 for redirects, 500 for an uncaught error. */
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
  /** JSON model of a page written with `response.writePage`. */
  page?: PageModel;
  redirect?: RedirectRecord;
  /** Uncaught error of the script. */
  error?: ExecutionError;
  /** Set when NetSuite refused the call before running the script (audience, login, status). */
  refused?: string;
}

/** Options of {@link Account.runScheduled}. */
export interface ScheduledRunOptions {
  deploymentId: string;
  /** `scriptContext.type`: `SCHEDULED` (default), `ON_DEMAND`, `USER_INTERFACE`, `ABORTED`, `SKIPPED`. */
  type?: string;
  /** Start with this many units left (simulates governance running low). */
  remainingUsage?: number;
  /** Parameter values overriding the deployment's for this run (as task params do). */
  params?: Record<string, string | number | boolean>;
}

/** Options of {@link Account.runSuitelet}. */
export interface SuiteletRunOptions {
  deploymentId: string;
  /** As sent; default `GET`. */
  method?: string;
  /** Full request URL. Default: the deployment's external URL (anonymous) or internal URL (with `user`). */
  url?: string;
  /** Alternatively a query string (`?a=1`) or path+query appended to the deployment URL. */
  path?: string;
  headers?: Record<string, string>;
  /** Query parameters added to the URL. */
  parameters?: Record<string, string>;
  body?: string;
  /** Default `203.0.113.10`. */
  clientIpAddress?: string;
  /** Logged-in caller; omit (or null) for an anonymous caller. */
  user?: UserOptions | null;
  remainingUsage?: number;
}

/** A certificate of Setup > Company > Certificates, usable by N/crypto/certificate. */
export interface CertificateEntry {
  scriptId: string;
  privateKeyPem: string;
  certificatePem?: string;
  revoked: boolean;
}

/** A deployment as the account keeps it. */
export interface DeploymentState {
  scriptId: string;
  internalId: number;
  /** 1-based deployment number within its script (`deploy=` URL parameter). */
  deployNumber: number;
  params: Record<string, string | number | boolean | null>;
  /** Per-deployment token of the external URL. */
  externalToken: string;
}

/** A script as the account keeps it. */
export interface ScriptState {
  def: ScriptDef;
  internalId: number;
  deployments: DeploymentState[];
}

/** A custom role (SDF `role` object): its permission keys and levels (NONE, VIEW, CREATE, EDIT, FULL). */
export interface RoleObject {
  kind: 'role';
  /** `customrole_...` */
  scriptId: string;
  name?: string;
  /** Permission keys as in SDF without `[scriptid=...]`: a custom record type id, `LIST_CUSTRECORDENTRY`, `ADMI_SS_SCHEDULING`... */
  permissions: { key: string; level: string }[];
}

/** A cache entry. */
export interface CacheEntryState {
  /** `PRIVATE:<scriptId>`, `PROTECTED:<bundleId>`, `PROTECTED:` (scripts outside any bundle) or `PUBLIC`. */
  partition: string;
  name: string;
  key: string;
  value: string;
  /** ms since the epoch, or null for no expiry. */
  expiresAt: number | null;
}

/** Serialised account (JSON-safe): `account.toJSON()` and `createAccount({ state })`. */
export interface AccountState {
  version: 1;
  accountId: string;
  envType: string;
  timeZone: string;
  /** Company date/time preferences (absent in older states: NetSuite's defaults with `timeZone`). */
  preferences?: DatePreferences;
  /** Per-user overrides (`account.setPreferences(patch, { userId })`). */
  userPreferences?: { userId: number; preferences: Partial<DatePreferences> }[];
  fileCabinet: FileCabinetState;
  data: DataStoreState;
  scripts: ScriptState[];
  nextScriptInternalId: number;
  nextTaskId: number;
  nextExecutionId: number;
  logs: LogEntry[];
  emails: EmailEntry[];
  tasks: TaskEntry[];
  certificates: CertificateEntry[];
  roles: RoleObject[];
  cache: CacheEntryState[];
  httpsRequests: HttpsRequestRecord[];
  /** Values of company-preference script parameters (`<setting>COMPANY</setting>`), by parameter id. */
  companyParameters?: Record<string, string | number | boolean | null>;
}

/** Options of `createAccount`. */
export interface AccountOptions {
  /** Default `1234567_SB1`. */
  accountId?: string;
  /** `runtime.envType`; default `SANDBOX`. */
  envType?: 'SANDBOX' | 'PRODUCTION' | 'BETA' | 'INTERNAL';
  /** Account clock; default `Date.now`. */
  now?: () => number;
  /** Company/user time zone (IANA); default `America/Los_Angeles`. Same as `preferences.timeZone` (this one wins). */
  timeZone?: string;
  /**
   * Company date/time preferences: `{ dateFormat, timeFormat, timeZone }`, e.g. `PREFERENCE_SETS.de`. Default
   * NetSuite's: `M/D/YYYY`, `h:mm a`, `America/Los_Angeles`. Change later with `account.setPreferences`.
   */
  preferences?: Partial<DatePreferences>;
  /** Restore a serialised account. */
  state?: AccountState;
  /** Value `getParameter` returns for an unset non-checkbox parameter: `''` (default) or `null`. */
  unsetParameterValue?: '' | null;
  /** First internal id of custom-list values (default 101; never 1). */
  listValueIdStart?: number;
  /** Keep at most this many logs, emails and https request records (oldest dropped); default 10,000. */
  historyLimit?: number;
  /**
   * Log ration (N/log Module Guidelines: a company may make up to 100,000 log calls in any 60 minutes across all its
   * scripts). Lines past either limit, in the last 60 minutes of account clock, are dropped and counted
   * (`logLinesDropped`). Defaults: `perAccountPerHour` 100,000 (documented), `perScriptPerHour` 10,000 (a conservative
   * stand-in for NetSuite's undocumented "logs excessively" threshold).
   */
  logLimits?: { perScriptPerHour?: number; perAccountPerHour?: number };
}

/** A user event script execution (see `account.userEventRuns`). */
export interface UserEventResult extends ExecutionReport {
  ok: boolean;
  error?: ExecutionError;
  /** `beforeSubmit` or `afterSubmit`. */
  entryPoint: string;
  /** `scriptContext.type`: create, edit, xedit, delete. */
  type: string;
  recordType: string;
  recordId: number | null;
  /** What caused the change (runtime.executionContext in the user event script), e.g. USERINTERFACE, CSVIMPORT. */
  context: string;
}
