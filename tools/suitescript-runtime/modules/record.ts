/**
 * N/record for custom record types: create (2 units), load (2), submitFields (2), delete (4), Record.save (4);
 * Record: id, type, isNew, isDynamic, getValue, setValue, getText, setText, getField, getFields, save, toJSON.
 *
 * Field rules (see DataStore.normalize): DATETIMETZ takes a Date (else INVALID_FLD_VALUE); CHECKBOX a boolean; SELECT
 * the internal id of an active value of its list (string or number; else INVALID_KEY_OR_REF); TEXT ≤ 300, TEXTAREA
 * ≤ 4,000, CLOBTEXT ≤ 1,000,000 characters; INTEGER an integer; an unknown field id throws. Saving a loaded record
 * that another save changed since it was loaded throws RCRD_HAS_BEEN_CHANGED. Missing records throw RCRD_DSNT_EXIST.
 * Standard record types (customer, employee...) are not implemented.
 */
import type { FieldDef, StoredValue } from '../datastore';
import { sse } from '../errors';
import type { Execution } from '../execution';
import { missingArg, notImplemented, opts, reqId, reqString, strict, stubs, wrongType } from '../strict';

const FIELD_TYPE_NAMES: Record<string, string> = {
  TEXT: 'text',
  TEXTAREA: 'textarea',
  CLOBTEXT: 'clobtext',
  DATETIMETZ: 'datetimetz',
  DATE: 'date',
  SELECT: 'select',
  CHECKBOX: 'checkbox',
  INTEGER: 'integer',
  EMAIL: 'email',
  PASSWORD: 'password',
};

/** Resolves a custom record type for N/record and N/search, with NetSuite's errors and permission checks. */
export function requireRecordType(ex: Execution, type: string, need: 'VIEW' | 'CREATE' | 'EDIT' | 'FULL' = 'VIEW'): ReadonlyMap<string, FieldDef> {
  const fields = ex.account.data.fields(type);
  if (!fields) {
    if (ex.account.data.isList(type)) throw ex.fault(`N/record on custom list ${type} is not implemented (search it with N/search)`);
    if (type.toLowerCase().startsWith('customrecord')) throw sse('INVALID_RCRD_TYPE', `The record type [${type.toUpperCase()}] is invalid.`);
    throw ex.fault(`record type ${type} is not implemented (only the account's custom record types are)`);
  }
  ex.checkRecordAccess(type, need);
  return fields;
}

function parseId(value: string): number {
  if (!/^\d+$/.test(value)) throw sse('RCRD_DSNT_EXIST', 'That record does not exist.');
  return Number(value);
}

/** `getValue('x')` / `getValue({ fieldId: 'x' })` */
function fieldIdArg(arg: unknown, method: string): string {
  const id = arg !== null && typeof arg === 'object' ? (arg as { fieldId?: unknown }).fieldId : arg;
  if (id === undefined || id === null || id === '') throw missingArg(`${method}: options.fieldId`);
  if (typeof id !== 'string') throw wrongType('options.fieldId', 'string');
  return id;
}

export function createRecordModule(ex: Execution): object {
  const data = ex.account.data;
  // getText/setText of date fields use the running user's date/time preferences; getValue/setValue use Dates.
  const prefs = ex.account.preferencesFor(ex.user);

  const makeRecord = (type: string, fields: ReadonlyMap<string, FieldDef>, id: number | null, values: Record<string, StoredValue>, isDynamic: boolean, rev = 0) => {
    let recId = id;
    const current: Record<string, StoredValue> = { ...values };
    const dirty = new Set<string>();
    let loadedRev = rev;

    const setField = (args: unknown[], mode: 'value' | 'text', method: string) => {
      let fieldId: string;
      let value: unknown;
      const first = args[0];
      if (first !== null && typeof first === 'object') {
        fieldId = fieldIdArg(first, method);
        value = mode === 'value' ? (first as { value?: unknown }).value : (first as { text?: unknown }).text;
        if (value === undefined) throw missingArg(`${method}: options.${mode}`);
      } else {
        fieldId = fieldIdArg(first, method);
        value = args[1];
      }
      current[fieldId] = data.normalize(type, fieldId, value, mode, prefs);
      dirty.add(fieldId);
    };

    const target = {
      get id() {
        return recId;
      },
      get type() {
        return type;
      },
      get isDynamic() {
        return isDynamic;
      },
      get isNew() {
        return recId === null;
      },
      get isReadOnly() {
        return false;
      },
      getValue(arg?: unknown): unknown {
        const fieldId = fieldIdArg(arg, 'Record.getValue');
        if (fieldId === 'internalid' || fieldId === 'id') return recId === null ? '' : String(recId);
        const f = fields.get(fieldId);
        if (!f) return null;
        return data.valueOut(f, current[fieldId], (ms) => new ex.realm.Date(ms));
      },
      getText(arg?: unknown): string | null {
        const fieldId = fieldIdArg(arg, 'Record.getText');
        if (fieldId === 'internalid' || fieldId === 'id') return recId === null ? '' : String(recId);
        const f = fields.get(fieldId);
        if (!f) return null;
        return data.textOut(f, current[fieldId], prefs);
      },
      setValue(...args: unknown[]) {
        setField(args, 'value', 'Record.setValue');
        return proxy;
      },
      setText(...args: unknown[]) {
        setField(args, 'text', 'Record.setText');
        return proxy;
      },
      getFields(): string[] {
        return ex.realm.toRealm([...fields.keys()]);
      },
      getField(arg?: unknown) {
        const fieldId = fieldIdArg(arg, 'Record.getField');
        const f = fields.get(fieldId);
        if (!f) return null;
        return strict(ex, 'record.Field', {
          id: f.id,
          label: f.label,
          type: FIELD_TYPE_NAMES[f.type] ?? f.type.toLowerCase(),
          isMandatory: f.mandatory === true,
          isReadOnly: f.readOnly === true,
          isDisplay: true,
          isVisible: true,
          isDisabled: f.readOnly === true,
          isPopup: false,
          sublistId: null,
          getSelectOptions: () => {
            if (f.type !== 'SELECT') throw sse('SSS_METHOD_IS_ONLY_ALLOWED_FOR_SELECT_FIELD', 'This method is only allowed for select fields.');
            const list = data.listValues(f.selectRecordType ?? '');
            const opts = list
              ? list.filter((v) => !v.inactive).map((v) => ({ value: String(v.id), text: v.name }))
              : data.all(f.selectRecordType ?? '').map((r) => ({ value: String(r.id), text: String(r.values['name'] ?? '') }));
            return ex.realm.toRealm(opts);
          },
          insertSelectOption: notImplemented(ex, 'record.Field.insertSelectOption'),
          removeSelectOption: notImplemented(ex, 'record.Field.removeSelectOption'),
        });
      },
      save(options?: unknown): number {
        const o = options === undefined || options === null ? {} : opts(options, 'Record.save');
        if (o['ignoreMandatoryFields'] !== true) {
          const missing = [...fields.values()].filter((f) => {
            if (!f.mandatory) return false;
            const v = current[f.id];
            return v === null || v === undefined || v === '';
          });
          if (missing.length > 0) throw sse('USER_ERROR', `Please enter value(s) for: ${missing.map((f) => f.label).join(', ')}`);
        }
        ex.checkRecordAccess(type, recId === null ? 'CREATE' : 'EDIT');
        ex.gov.charge('Record.save');
        const now = ex.now();
        if (recId === null) {
          const rec = data.insert(type, current, now);
          recId = rec.id;
          Object.assign(current, rec.values);
          loadedRev = rec.rev ?? 0;
        } else {
          const stored = data.get(type, recId);
          if (!stored) throw sse('RCRD_DSNT_EXIST', 'That record does not exist.');
          if ((stored.rev ?? 0) !== loadedRev) {
            throw sse('RCRD_HAS_BEEN_CHANGED', 'Record has been changed since you loaded it.');
          }
          const changes: Record<string, StoredValue> = {};
          for (const k of dirty) changes[k] = current[k] ?? null;
          const rec = data.update(type, recId, changes, now);
          Object.assign(current, rec.values);
          loadedRev = rec.rev ?? 0;
        }
        dirty.clear();
        return recId;
      },
      toJSON() {
        const out: Record<string, string> = {};
        for (const f of fields.values()) out[f.id] = data.textOut(f, current[f.id], prefs);
        return ex.realm.toRealm({ id: recId === null ? '' : String(recId), type, isDynamic, fields: out, sublists: {} });
      },
      toString() {
        return `Record[type=${type}, id=${recId === null ? '' : recId}]`;
      },
    };
    stubs(ex, 'record.Record', target as unknown as Record<string, unknown>, [
      'getLineCount', 'getSublistValue', 'setSublistValue', 'getSublistText', 'setSublistText', 'insertLine', 'removeLine',
      'selectLine', 'selectNewLine', 'commitLine', 'cancelLine', 'getCurrentSublistValue', 'setCurrentSublistValue',
      'getSublists', 'getSublist', 'getSublistFields', 'getSubrecord', 'hasSubrecord', 'removeSubrecord', 'findSublistLineWithValue',
      'getMacros', 'getMacro', 'executeMacro', 'copy',
    ]);
    const proxy = strict(ex, 'record.Record', target);
    return proxy;
  };

  const mod: Record<string, unknown> = {
    create(options?: unknown) {
      const o = opts(options, 'record.create');
      const type = reqString(o, 'type', 'record.create');
      const fields = requireRecordType(ex, type, 'CREATE');
      const defaults = o['defaultValues'];
      if (defaults !== undefined && defaults !== null && Object.keys(defaults as object).length > 0) {
        throw ex.fault('record.create: defaultValues is not implemented');
      }
      ex.gov.charge('N/record.create');
      return makeRecord(type, fields, null, data.emptyValues(type), o['isDynamic'] === true);
    },
    load(options?: unknown) {
      const o = opts(options, 'record.load');
      const type = reqString(o, 'type', 'record.load');
      const idText = reqId(o, 'id', 'record.load');
      const fields = requireRecordType(ex, type);
      ex.gov.charge('N/record.load');
      const rec = data.get(type, parseId(idText));
      if (!rec) throw sse('RCRD_DSNT_EXIST', 'That record does not exist.');
      return makeRecord(type, fields, rec.id, rec.values, o['isDynamic'] === true, rec.rev ?? 0);
    },
    submitFields(options?: unknown): number {
      const o = opts(options, 'record.submitFields');
      const type = reqString(o, 'type', 'record.submitFields');
      const idText = reqId(o, 'id', 'record.submitFields');
      const values = o['values'];
      if (values === undefined || values === null) throw missingArg('record.submitFields: options.values');
      if (typeof values !== 'object') throw wrongType('options.values', 'object');
      requireRecordType(ex, type, 'EDIT');
      ex.gov.charge('N/record.submitFields');
      const id = parseId(idText);
      if (!data.get(type, id)) throw sse('RCRD_DSNT_EXIST', 'That record does not exist.');
      const changes: Record<string, StoredValue> = {};
      for (const [k, v] of Object.entries(values as Record<string, unknown>)) changes[k] = data.normalize(type, k, v, 'value', prefs);
      data.update(type, id, changes, ex.now());
      return id;
    },
    delete(options?: unknown): number {
      const o = opts(options, 'record.delete');
      const type = reqString(o, 'type', 'record.delete');
      const idText = reqId(o, 'id', 'record.delete');
      requireRecordType(ex, type, 'FULL');
      ex.gov.charge('N/record.delete');
      const id = parseId(idText);
      if (!data.remove(type, id)) throw sse('RCRD_DSNT_EXIST', 'That record does not exist.');
      return id;
    },
    Type: strict(ex, 'N/record.Type', {}),
  };
  for (const name of ['create', 'load', 'submitFields', 'delete']) {
    const fn = mod[name] as object;
    Object.assign(fn, { promise: notImplemented(ex, `N/record.${name}.promise`) });
  }
  stubs(ex, 'N/record', mod, ['copy', 'attach', 'detach', 'transform']);
  return strict(ex, 'N/record', mod);
}
