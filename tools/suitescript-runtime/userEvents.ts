/**
 * User event scripts: `beforeSubmit` / `afterSubmit` of the account's `usereventscript` deployments run when a record
 * of the deployed type is created, edited (Record.save of a loaded record), inline-edited (record.submitFields →
 * type `xedit`) or deleted — by a script, by an administrator in the UI (`account.editRecordAsUser`) or by a CSV import
 * that has "Run Server SuiteScript and Trigger Workflows" on (`account.csvImport`).
 *
 * NetSuite facts modelled (Oracle, "How User Event Scripts are Executed",
 * https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_1512409310.html, and "SuiteScript 2.x User
 * Event Script Entry Points and API", section_4490073437.html):
 * - a user event script is never triggered by a record change made inside another user event script;
 * - each entry point runs as its own execution with the user event limit of 1,000 units;
 * - an error thrown by `beforeSubmit` stops the write; the caller gets the error.
 * CSV imports trigger server scripts only with the "Run Server SuiteScript and Trigger Workflows" import preference
 * (Oracle, "Execution Context Types", section_157960811083.html).
 *
 * Deployments with status Testing run in NetSuite only for the script owner; the runtime has no owner, so only
 * Released deployments run. `context.newRecord` is read-only here: changing it in `beforeSubmit` is not implemented
 * (a RuntimeFault), so a script cannot silently rely on it.
 */
import type { Account } from './account';
import type { StoredValue } from './datastore';
import { describeError, sse } from './errors';
import { ENTRY_ABSENT, Execution, type CurrentUser } from './execution';
import { API_OBJECTS, strict } from './strict';
import type { UserEventResult } from './types';

/** `context.UserEventType` values the runtime raises. */
export type UserEventType = 'create' | 'edit' | 'xedit' | 'delete';

/** NetSuite's UserEventType enum (values are lower case). */
const USER_EVENT_TYPES: Record<string, string> = {
  APPROVE: 'approve', CANCEL: 'cancel', CHANGEPASSWORD: 'changepassword', COPY: 'copy', CREATE: 'create',
  DELETE: 'delete', DROPSHIP: 'dropship', EDIT: 'edit', EDITFORECAST: 'editforecast', EMAIL: 'email',
  MARKCOMPLETE: 'markcomplete', ORDERITEMS: 'orderitems', PACK: 'pack', PAYBILLS: 'paybills', PRINT: 'print',
  QUICKVIEW: 'quickview', REASSIGN: 'reassign', REJECT: 'reject', SHIP: 'ship', SPECIALORDER: 'specialorder',
  TRANSFORM: 'transform', VIEW: 'view', XEDIT: 'xedit',
};

/** A record change that user event scripts see. */
export interface RecordChange {
  recordType: string;
  /** Null before a create is written. */
  recordId: number | null;
  type: UserEventType;
  /** Stored values before the change (null for a create). */
  oldValues: Record<string, StoredValue> | null;
  /** Values after the change; for `xedit` only the submitted fields. */
  newValues: Record<string, StoredValue>;
}

/** Who or what made the change. */
export interface Trigger {
  /** runtime.executionContext in the user event script: USERINTERFACE, CSVIMPORT, SCHEDULED, SUITELET... */
  context: string;
  user: CurrentUser;
  /** Role of the triggering execution (used when the deployment has no run-as role). */
  role?: string;
}

/**
 * Runs `entry` of every Released user event deployment on `change.recordType` that accepts the trigger's context and
 * the event type. Returns the runs; `firstError` is the first uncaught error (NetSuite stops there).
 */
export function fireUserEvents(
  account: Account,
  entry: 'beforeSubmit' | 'afterSubmit',
  change: RecordChange,
  trigger: Trigger,
): { runs: UserEventResult[]; firstError?: { name: string; message: string } } {
  const runs: UserEventResult[] = [];
  for (const { script, deployment } of account.userEventDeployments(change.recordType)) {
    const def = script.def.deployments.find((d) => d.scriptId === deployment.scriptId);
    if (!def || (def.status || '').toUpperCase() !== 'RELEASED') continue;
    if (def.eventType && def.eventType.toLowerCase() !== change.type) continue;
    if (def.executionContexts && !def.executionContexts.includes(trigger.context)) continue;
    const ex = new Execution(account, script, deployment, 'UserEventScript', trigger.user);
    ex.triggerContext = trigger.context;
    ex.inheritedRole = trigger.role;
    const error = ex.runEntry(entry, () => context(ex, change), true);
    if (error === ENTRY_ABSENT) continue;
    const result: UserEventResult = {
      ...ex.report(),
      ok: error === undefined,
      entryPoint: entry,
      type: change.type,
      recordType: change.recordType,
      recordId: change.recordId,
      context: trigger.context,
    };
    if (error !== undefined) result.error = describeError(error);
    account.recordUserEventRun(result);
    runs.push(result);
    if (error !== undefined) return { runs, firstError: { name: result.error?.name ?? 'Error', message: result.error?.message ?? '' } };
  }
  return { runs };
}

function context(ex: Execution, change: RecordChange): unknown {
  const ctx = new ex.realm.Object() as Record<string, unknown>;
  const newValues = change.type === 'delete' && change.oldValues ? change.oldValues : change.newValues;
  ctx['newRecord'] = recordView(ex, change.recordType, change.recordId, newValues, change.type === 'xedit');
  if (change.oldValues) ctx['oldRecord'] = recordView(ex, change.recordType, change.recordId, change.oldValues, false);
  ctx['type'] = change.type;
  ctx['UserEventType'] = ex.realm.toRealm(Object.freeze({ ...USER_EVENT_TYPES }));
  return ctx;
}

/** A read-only record.Record over stored values, in the user event execution's realm. */
function recordView(ex: Execution, type: string, id: number | null, values: Record<string, StoredValue>, partial: boolean): unknown {
  const data = ex.account.data;
  const fields = data.fields(type);
  const prefs = ex.account.preferencesFor(ex.user);
  const fieldId = (arg: unknown) => {
    const f = arg !== null && typeof arg === 'object' ? (arg as { fieldId?: unknown }).fieldId : arg;
    if (typeof f !== 'string' || f === '') throw sse('SSS_MISSING_REQD_ARGUMENT', 'Missing a required argument: options.fieldId');
    return f;
  };
  const readOnly = () => {
    throw ex.fault('changing context.newRecord / oldRecord in a user event script is not implemented (the runtime hands read-only records)');
  };
  return strict(ex, 'record.Record', {
    get id() {
      return id;
    },
    get type() {
      return type;
    },
    get isDynamic() {
      return false;
    },
    get isNew() {
      return id === null;
    },
    get isReadOnly() {
      return true;
    },
    getValue(arg?: unknown): unknown {
      const f = fieldId(arg);
      if (f === 'id' || f === 'internalid') return id === null ? '' : String(id);
      const def = fields?.get(f);
      if (!def || (partial && !(f in values))) return null;
      return data.valueOut(def, values[f], (ms) => new ex.realm.Date(ms));
    },
    getText(arg?: unknown): unknown {
      const f = fieldId(arg);
      if (f === 'id' || f === 'internalid') return id === null ? '' : String(id);
      const def = fields?.get(f);
      if (!def || (partial && !(f in values))) return null;
      return data.textOut(def, values[f], prefs);
    },
    getFields(): string[] {
      return ex.realm.toRealm(partial ? Object.keys(values) : [...(fields?.keys() ?? [])]);
    },
    setValue: readOnly,
    setText: readOnly,
    save: readOnly,
    toString() {
      return `Record[type=${type}, id=${id ?? ''}]`;
    },
  });
}

/** runtime.executionContext of a user event triggered by `ex`. */
function contextOf(ex: Execution): string {
  if (ex.kind === 'Suitelet') return 'SUITELET';
  if (ex.kind === 'UserEventScript') return 'USEREVENT';
  return 'SCHEDULED';
}

function roleOf(ex: Execution): string {
  const r = ex.effectiveRole();
  return r.kind === 'admin' ? 'administrator' : r.id;
}

function copy(values: Record<string, StoredValue> | undefined): Record<string, StoredValue> | null {
  return values ? { ...values } : null;
}

/**
 * Wraps a script's N/record module so that its writes fire user events: Record.save (create/edit),
 * record.submitFields (xedit), record.delete (delete). Writes made by a user event script fire nothing.
 */
export function instrumentRecordModule(ex: Execution, mod: Record<string, unknown>): object {
  if (ex.kind === 'UserEventScript') return mod;
  const account = ex.account;
  const data = account.data;
  const hasUserEvents = (type: unknown) => typeof type === 'string' && account.userEventDeployments(type).length > 0;
  const fire = (entry: 'beforeSubmit' | 'afterSubmit', change: RecordChange) => {
    const { firstError } = fireUserEvents(account, entry, change, { context: contextOf(ex), user: ex.user, role: roleOf(ex) });
    if (firstError) throw sse(firstError.name, firstError.message);
  };
  const prefs = () => account.preferencesFor(ex.user);

  const wrapRecord = (rec: Record<string, unknown>): object => {
    const type = rec['type'] as string;
    if (!hasUserEvents(type)) return rec;
    const save = (...args: unknown[]) => {
      const id = rec['id'] as number | null;
      const stored = id === null ? undefined : data.get(type, id);
      const newValues: Record<string, StoredValue> = { ...(stored?.values ?? data.emptyValues(type)) };
      for (const f of data.fields(type)?.values() ?? []) {
        if (f.readOnly) continue;
        try {
          newValues[f.id] = data.normalize(type, f.id, (rec['getValue'] as (a: unknown) => unknown)({ fieldId: f.id }), 'value', prefs(), true);
        } catch {
          /* keep the stored value; save() reports invalid values itself */
        }
      }
      const kind: UserEventType = id === null ? 'create' : 'edit';
      const oldValues = copy(stored?.values);
      fire('beforeSubmit', { recordType: type, recordId: id, type: kind, oldValues, newValues });
      const newId = (rec['save'] as (...a: unknown[]) => number)(...args);
      fire('afterSubmit', { recordType: type, recordId: newId, type: kind, oldValues, newValues: { ...(data.get(type, newId)?.values ?? newValues) } });
      return newId;
    };
    const outer: object = new Proxy(rec, {
      get(t, prop, receiver) {
        if (prop === 'save') return save;
        const v = Reflect.get(t, prop, receiver) as unknown;
        if (typeof v !== 'function') return v;
        // setValue/setText return the record for chaining: hand back this wrapper, not the inner record.
        return (...a: unknown[]) => {
          const r = (v as (...x: unknown[]) => unknown).apply(t, a);
          return r === t ? outer : r;
        };
      },
    });
    API_OBJECTS.add(outer);
    return outer;
  };

  const wrapped: Record<string, unknown> = {
    create: (...a: unknown[]) => wrapRecord((mod['create'] as (...x: unknown[]) => Record<string, unknown>)(...a)),
    load: (...a: unknown[]) => wrapRecord((mod['load'] as (...x: unknown[]) => Record<string, unknown>)(...a)),
    submitFields: (options?: unknown) => {
      const orig = () => (mod['submitFields'] as (o: unknown) => unknown)(options);
      const o = options as { type?: unknown; id?: unknown; values?: unknown } | null | undefined;
      if (!o || typeof o !== 'object' || !hasUserEvents(o.type) || typeof o.values !== 'object' || o.values === null) return orig();
      const type = o.type as string;
      const id = Number(o.id);
      const stored = Number.isInteger(id) ? data.get(type, id) : undefined;
      if (!stored) return orig();
      ex.checkRecordAccess(type, 'EDIT');
      const changes: Record<string, StoredValue> = {};
      for (const [k, v] of Object.entries(o.values as Record<string, unknown>)) changes[k] = data.normalize(type, k, v, 'value', prefs());
      const oldValues = copy(stored.values);
      fire('beforeSubmit', { recordType: type, recordId: id, type: 'xedit', oldValues, newValues: changes });
      const r = orig();
      fire('afterSubmit', { recordType: type, recordId: id, type: 'xedit', oldValues, newValues: changes });
      return r;
    },
    delete: (options?: unknown) => {
      const orig = () => (mod['delete'] as (o: unknown) => unknown)(options);
      const o = options as { type?: unknown; id?: unknown } | null | undefined;
      if (!o || typeof o !== 'object' || !hasUserEvents(o.type)) return orig();
      const type = o.type as string;
      const id = Number(o.id);
      const stored = Number.isInteger(id) ? data.get(type, id) : undefined;
      if (!stored) return orig();
      ex.checkRecordAccess(type, 'FULL');
      const oldValues = copy(stored.values);
      fire('beforeSubmit', { recordType: type, recordId: id, type: 'delete', oldValues, newValues: { ...stored.values } });
      const r = orig();
      fire('afterSubmit', { recordType: type, recordId: id, type: 'delete', oldValues, newValues: oldValues ?? {} });
      return r;
    },
  };
  for (const name of ['create', 'load', 'submitFields', 'delete']) {
    Object.assign(wrapped[name] as object, { promise: (mod[name] as { promise?: unknown }).promise });
  }
  const proxy = new Proxy(mod, {
    get(t, prop, receiver) {
      if (typeof prop === 'string' && prop in wrapped) return wrapped[prop];
      return Reflect.get(t, prop, receiver);
    },
  });
  API_OBJECTS.add(proxy);
  return proxy;
}
