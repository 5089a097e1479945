/**
 * Reading NetSuite field values. Record.getValue gives Date objects for date fields; N/search results
 * and search.lookupFields give text in the running user's date format, time format and time zone
 * (M/D/YYYY, D.M.YYYY, YYYY-MM-DD, 12 or 24 hours, ...), which `new Date(text)` misreads or rejects.
 * Text is therefore read only through N/format.parse, and a value that cannot be read is reported as
 * unreadable so that callers fail closed (an unreadable expiry counts as already passed).
 */
import * as format from 'N/format';

/** A Date field value read from a record: a Date (possibly from another realm), or null. */
export function asDate(v: unknown): Date | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'object' && typeof (v as Date).getTime === 'function') {
    const d = new Date((v as Date).getTime());
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/** Marks a value that is present but cannot be read as a date. */
export const UNREADABLE = Symbol('unreadable date');

/**
 * A date/time value from a search column or lookupFields: a Date, null when empty, or UNREADABLE.
 * Text is parsed with N/format in the user's preferences, as NetSuite formatted it.
 */
export function dateFromText(v: unknown): Date | null | typeof UNREADABLE {
  if (v === null || v === undefined || v === '') return null;
  const d = asDate(v);
  if (d) return d;
  if (typeof v !== 'string') return UNREADABLE;
  for (const type of [format.Type.DATETIMETZ, format.Type.DATETIME, format.Type.DATE]) {
    try {
      const parsed = asDate(format.parse({ value: v, type }));
      if (parsed) return parsed;
    } catch {
      /* try the next type */
    }
  }
  return UNREADABLE;
}

/** An expiry instant for checks: null = none; an unreadable one is 0 (already passed: fail closed). */
export function expiryMs(v: unknown): number | null {
  const d = dateFromText(v);
  if (d === UNREADABLE) return 0;
  return d ? d.getTime() : null;
}

/** The first value of a select from lookupFields (`[{ value, text }]`) or a search column (an id). */
export function selectValue(v: unknown): string {
  if (Array.isArray(v)) return v.length > 0 && v[0] && typeof v[0] === 'object' ? String((v[0] as { value?: unknown }).value ?? '') : '';
  return v == null ? '' : String(v);
}

/** A checkbox from a record, a search column or lookupFields. */
export function isChecked(v: unknown): boolean {
  return v === true || v === 'T';
}
