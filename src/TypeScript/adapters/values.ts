/** Reading NetSuite field values. */

/**
 * A date field's value as a Date, or null when empty or unreadable. Accepts Dates from another
 * realm (no `instanceof Date` there) and date strings, as search columns may return them.
 */
export function asDate(v: unknown): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d =
    v instanceof Date ? v : typeof v === 'object' && typeof (v as Date).getTime === 'function' ? new Date((v as Date).getTime()) : new Date(String(v));
  return Number.isNaN(d.getTime()) ? null : d;
}
