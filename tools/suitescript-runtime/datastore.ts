/**
 * Custom lists, custom record types and their records, with NetSuite's field type rules.
 *
 * Stored values are JSON-friendly: text fields hold strings (`''` when empty), CHECKBOX booleans, SELECT internal ids
 * (numbers, `null` when empty), DATETIMETZ/DATE milliseconds since the epoch (`null` when empty), INTEGER numbers.
 */
import type { CustomListDef, CustomRecordDef, SdfFieldType } from '../sdf/model';
import { formatDate, formatDateTime, parseDateText, type PrefsLike } from './dates';
import { sse } from './errors';
import { isDate } from './strict';

/** A stored field value. */
export type StoredValue = string | number | boolean | null;

/** A field of a custom record type (custom or standard). */
export interface FieldDef {
  id: string;
  label: string;
  type: SdfFieldType;
  /** SELECT: the custom list or custom record type it points at. */
  selectRecordType?: string;
  mandatory?: boolean;
  /** Standard read-only fields (`internalid`, `created`, `lastmodified`). */
  readOnly?: boolean;
}

/** A value of a custom list. */
export interface ListValue {
  /** Account-specific internal id (never 1, 2, 3...: resolve by script id or name). */
  id: number;
  scriptId: string;
  name: string;
  inactive: boolean;
}

/** A record instance as stored. */
export interface StoredRecord {
  id: number;
  values: Record<string, StoredValue>;
  /** Incremented by every update (detects RCRD_HAS_BEEN_CHANGED). */
  rev?: number;
}

/** Serialised data store. */
export interface DataStoreState {
  lists: { scriptId: string; values: ListValue[] }[];
  recordTypes: CustomRecordDef[];
  records: Record<string, StoredRecord[]>;
  nextListValueId: number;
  nextRecordId: Record<string, number>;
}

/** Maximum lengths of text field types. */
export const TEXT_LIMITS: Partial<Record<SdfFieldType, number>> = {
  TEXT: 300,
  TEXTAREA: 4000,
  CLOBTEXT: 1_000_000,
  EMAIL: 254,
  PASSWORD: 300,
};

const STANDARD_FIELDS: FieldDef[] = [
  { id: 'name', label: 'Name', type: 'TEXT' },
  { id: 'isinactive', label: 'Inactive', type: 'CHECKBOX' },
  { id: 'internalid', label: 'Internal ID', type: 'INTEGER', readOnly: true },
  { id: 'created', label: 'Date Created', type: 'DATETIMETZ', readOnly: true },
  { id: 'lastmodified', label: 'Last Modified', type: 'DATETIMETZ', readOnly: true },
];

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Lists, record types and records of an account. */
export class DataStore {
  private readonly lists = new Map<string, ListValue[]>();
  private readonly types = new Map<string, { def: CustomRecordDef; fields: Map<string, FieldDef> }>();
  private readonly records = new Map<string, Map<number, StoredRecord>>();
  private nextListValueId: number;
  private readonly nextRecordId = new Map<string, number>();

  constructor(state?: DataStoreState, listValueIdStart = 101) {
    this.nextListValueId = state?.nextListValueId ?? listValueIdStart;
    for (const l of state?.lists ?? []) this.lists.set(l.scriptId, l.values.map((v) => ({ ...v })));
    for (const t of state?.recordTypes ?? []) this.defineRecordType(t);
    for (const [type, recs] of Object.entries(state?.records ?? {})) {
      const m = new Map<number, StoredRecord>();
      for (const r of recs) m.set(r.id, { id: r.id, values: { ...r.values }, rev: r.rev ?? 0 });
      this.records.set(type, m);
    }
    for (const [type, n] of Object.entries(state?.nextRecordId ?? {})) this.nextRecordId.set(type, n);
  }

  // --------------------------------------------------------------------------------------------- definitions

  /** Defines (or extends) a custom list; existing values keep their internal ids. */
  defineList(def: CustomListDef): void {
    const values = this.lists.get(def.scriptId) ?? [];
    for (const v of def.values) {
      const existing = values.find((x) => x.scriptId.toLowerCase() === v.scriptId.toLowerCase());
      if (existing) {
        existing.name = v.name;
        existing.inactive = v.inactive ?? false;
      } else {
        values.push({ id: this.nextListValueId++, scriptId: v.scriptId, name: v.name, inactive: v.inactive ?? false });
      }
    }
    this.lists.set(def.scriptId, values);
  }

  /** Defines (or redefines) a custom record type. */
  defineRecordType(def: CustomRecordDef): void {
    const fields = new Map<string, FieldDef>();
    for (const f of STANDARD_FIELDS) fields.set(f.id, f);
    for (const f of def.fields) {
      const fd: FieldDef = { id: f.scriptId, label: f.label, type: f.type };
      if (f.selectRecordType !== undefined) fd.selectRecordType = f.selectRecordType;
      if (f.mandatory !== undefined) fd.mandatory = f.mandatory;
      fields.set(f.scriptId, fd);
    }
    this.types.set(def.scriptId, { def: structuredClone(def), fields });
    if (!this.records.has(def.scriptId)) this.records.set(def.scriptId, new Map());
  }

  /** The values of a custom list (undefined for an unknown list). */
  listValues(scriptId: string): readonly ListValue[] | undefined {
    return this.lists.get(scriptId);
  }

  /** True when `type` is a defined custom list. */
  isList(type: string): boolean {
    return this.lists.has(type);
  }

  /** The definition of a custom record type. */
  recordType(type: string): CustomRecordDef | undefined {
    return this.types.get(type)?.def;
  }

  /** The fields of a custom record type (standard ones included). */
  fields(type: string): ReadonlyMap<string, FieldDef> | undefined {
    return this.types.get(type)?.fields;
  }

  // --------------------------------------------------------------------------------------------- records

  /** All records of a type, by ascending internal id. */
  all(type: string): StoredRecord[] {
    return [...(this.records.get(type)?.values() ?? [])].sort((a, b) => a.id - b.id);
  }

  /** One record (undefined when missing). */
  get(type: string, id: number): StoredRecord | undefined {
    return this.records.get(type)?.get(id);
  }

  /** Inserts a record with already-normalised values; returns it. */
  insert(type: string, values: Record<string, StoredValue>, now: number): StoredRecord {
    const table = this.records.get(type);
    if (!table) throw sse('INVALID_RCRD_TYPE', `The record type [${type.toUpperCase()}] is invalid.`);
    const id = this.nextRecordId.get(type) ?? 1;
    this.nextRecordId.set(type, id + 1);
    const rec: StoredRecord = { id, values: { ...this.emptyValues(type), ...values }, rev: 0 };
    if (rec.values['created'] === null || rec.values['created'] === undefined) rec.values['created'] = now;
    if (rec.values['lastmodified'] === null || rec.values['lastmodified'] === undefined) rec.values['lastmodified'] = now;
    table.set(id, rec);
    return rec;
  }

  /** Updates fields of a record (already normalised); stamps `lastmodified`. */
  update(type: string, id: number, values: Record<string, StoredValue>, now: number): StoredRecord {
    const rec = this.get(type, id);
    if (!rec) throw sse('RCRD_DSNT_EXIST', 'That record does not exist.');
    Object.assign(rec.values, values);
    if (!('lastmodified' in values)) rec.values['lastmodified'] = now;
    rec.rev = (rec.rev ?? 0) + 1;
    return rec;
  }

  /** Deletes a record; returns whether it existed. */
  remove(type: string, id: number): boolean {
    return this.records.get(type)?.delete(id) ?? false;
  }

  /** Empty values for every field of a type. */
  emptyValues(type: string): Record<string, StoredValue> {
    const out: Record<string, StoredValue> = {};
    for (const f of this.fields(type)?.values() ?? []) {
      if (f.id === 'internalid') continue;
      out[f.id] = emptyOf(f.type);
    }
    return out;
  }

  // --------------------------------------------------------------------------------------------- field rules

  /**
   * Validates and normalises a value set on a field (`setValue` when `mode` is `value`, `setText` when `text`).
   * Throws the SuiteScriptError NetSuite throws for a bad value. `prefs`: the running user's date/time preferences
   * (setText of a date field takes text in them).
   */
  normalize(type: string, fieldId: string, value: unknown, mode: 'value' | 'text', prefs: PrefsLike, allowReadOnly = false): StoredValue {
    const field = this.fields(type)?.get(fieldId);
    if (!field) throw sse('INVALID_FIELD_ID', `The field ${fieldId} does not exist on record type ${type}.`);
    if (field.readOnly && !allowReadOnly) throw sse('INVALID_FLD_VALUE', `The field ${fieldId} is read-only.`);
    const bad = () =>
      sse('INVALID_FLD_VALUE', `You have entered an Invalid Field Value ${describe(value)} for the following field: ${fieldId}`);
    const empty = value === null || value === undefined || value === '';

    switch (field.type) {
      case 'TEXT':
      case 'TEXTAREA':
      case 'CLOBTEXT':
      case 'PASSWORD':
      case 'EMAIL': {
        if (empty) return '';
        if (typeof value !== 'string') throw bad();
        const limit = TEXT_LIMITS[field.type] ?? Infinity;
        if (value.length > limit) {
          throw sse(
            'THE_FIELD_1_CONTAINED_MORE_THAN_THE_MAXIMUM_NUMBER__2__OF_CHARACTERS_ALLOWED',
            `The field ${fieldId} contained more than the maximum number ( ${limit} ) of characters allowed.`,
          );
        }
        if (field.type === 'EMAIL' && !EMAIL_RE.test(value)) throw bad();
        return value;
      }
      case 'CHECKBOX': {
        if (mode === 'text') {
          if (value === 'T') return true;
          if (value === 'F' || empty) return false;
          throw bad();
        }
        if (typeof value !== 'boolean') throw bad();
        return value;
      }
      case 'DATETIMETZ':
      case 'DATE': {
        if (empty) return null;
        if (mode === 'text') {
          if (typeof value !== 'string') throw bad();
          const parsed = parseDateText(value, prefs, field.type === 'DATE' ? 'date' : 'datetime');
          if (!parsed) throw bad();
          return parsed.ms;
        }
        if (!isDate(value) || Number.isNaN(value.getTime())) throw bad();
        return value.getTime();
      }
      case 'INTEGER': {
        if (empty) return null;
        const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
        if (!Number.isInteger(n)) throw bad();
        return n;
      }
      case 'SELECT': {
        if (empty) return null;
        const target = field.selectRecordType ?? '';
        if (mode === 'text') {
          if (typeof value !== 'string') throw bad();
          const id = this.selectIdByText(target, value);
          if (id === undefined) throw bad();
          return id;
        }
        const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
        if (!Number.isInteger(id) || !this.selectIdExists(target, id)) {
          throw sse('INVALID_KEY_OR_REF', `Invalid ${fieldId} reference key ${describe(value)}.`);
        }
        return id;
      }
      default:
        throw sse('INVALID_FLD_VALUE', `Field type ${String(field.type)} of ${fieldId} is not supported by the runtime.`);
    }
  }

  /** `Record.getValue` form of a stored value (Dates are created with `makeDate`, in the script's realm). */
  valueOut(field: FieldDef, stored: StoredValue | undefined, makeDate: (ms: number) => Date): unknown {
    const v = stored ?? emptyOf(field.type);
    switch (field.type) {
      case 'CHECKBOX':
        return v === true;
      case 'DATETIMETZ':
      case 'DATE':
        return typeof v === 'number' ? makeDate(v) : '';
      case 'INTEGER':
        return typeof v === 'number' ? v : '';
      case 'SELECT':
        return typeof v === 'number' ? String(v) : '';
      default:
        return typeof v === 'string' ? v : v === null ? '' : String(v);
    }
  }

  /** `Record.getText` form of a stored value: dates as text in the running user's preferences. */
  textOut(field: FieldDef, stored: StoredValue | undefined, prefs: PrefsLike): string {
    const v = stored ?? emptyOf(field.type);
    switch (field.type) {
      case 'CHECKBOX':
        return v === true ? 'T' : 'F';
      case 'DATETIMETZ':
        return typeof v === 'number' ? formatDateTime(v, prefs, true) : '';
      case 'DATE':
        return typeof v === 'number' ? formatDate(v, prefs) : '';
      case 'SELECT':
        return typeof v === 'number' ? this.selectText(field.selectRecordType ?? '', v) : '';
      default:
        return v === null ? '' : String(v);
    }
  }

  /**
   * Search-result form (`Result.getValue`, `lookupFields`): strings, booleans for checkboxes, dates as text in the
   * running user's preferences, datetimes to the minute (DESIGN.md 2a: search results give text, not Dates).
   */
  searchValueOut(field: FieldDef, stored: StoredValue | undefined, prefs: PrefsLike): string | boolean {
    const v = stored ?? emptyOf(field.type);
    switch (field.type) {
      case 'CHECKBOX':
        return v === true;
      case 'DATETIMETZ':
        return typeof v === 'number' ? formatDateTime(v, prefs, false) : '';
      case 'DATE':
        return typeof v === 'number' ? formatDate(v, prefs) : '';
      default:
        return v === null ? '' : String(v);
    }
  }

  /** Display name of a SELECT target (list value name or record name). */
  selectText(target: string, id: number): string {
    const values = this.lists.get(target);
    if (values) return values.find((v) => v.id === id)?.name ?? '';
    const rec = this.get(target, id);
    return rec ? String(rec.values['name'] ?? '') : '';
  }

  private selectIdExists(target: string, id: number): boolean {
    const values = this.lists.get(target);
    if (values) return values.some((v) => v.id === id && !v.inactive);
    return this.get(target, id) !== undefined;
  }

  private selectIdByText(target: string, text: string): number | undefined {
    const values = this.lists.get(target);
    if (values) return values.find((v) => v.name === text && !v.inactive)?.id;
    return this.all(target).find((r) => r.values['name'] === text)?.id;
  }

  /** Serialises the store. */
  toJSON(): DataStoreState {
    const records: Record<string, StoredRecord[]> = {};
    for (const type of this.records.keys()) records[type] = this.all(type).map((r) => ({ id: r.id, values: { ...r.values }, rev: r.rev ?? 0 }));
    return {
      lists: [...this.lists.entries()].map(([scriptId, values]) => ({ scriptId, values: values.map((v) => ({ ...v })) })),
      recordTypes: [...this.types.values()].map((t) => structuredClone(t.def)),
      records,
      nextListValueId: this.nextListValueId,
      nextRecordId: Object.fromEntries(this.nextRecordId),
    };
  }
}

/** The empty stored value of a field type. */
export function emptyOf(type: SdfFieldType): StoredValue {
  switch (type) {
    case 'CHECKBOX':
      return false;
    case 'DATETIMETZ':
    case 'DATE':
    case 'INTEGER':
    case 'SELECT':
      return null;
    default:
      return '';
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `${value.slice(0, 40)}…` : value;
  if (isDate(value)) return value.toString();
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
