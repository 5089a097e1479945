/**
 * Date and time text as NetSuite writes and reads it: in the running user's Date Format, Time Format and Time Zone
 * preferences (Home > Set Preferences; company defaults at Setup > Company > General Preferences). NetSuite's
 * default is date `M/D/YYYY`, time `h:mm am` (lower-case am/pm), which is what this runtime uses unless told otherwise.
 *
 * Source: Oracle, "Formatting Dates, Numbers, Phone Numbers, and Time"
 * (https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_N249143.html): formats M/D/YYYY, D/M/YYYY,
 * D-Mon-YYYY, D.M.YYYY, DD/MM/YYYY, DD-MONTH-YYYY...; default M/D/YYYY; users may override the company's choice.
 *
 * Everything here works from instants (ms since the epoch) and an IANA time zone through `Intl`, so nothing depends on
 * the time zone of the Node process running the tests.
 */

/** Date Format preferences the runtime models (NetSuite's names). `Mon` = `Jan`, `MONTH` = `January`. */
export const DATE_FORMATS = [
  'M/D/YYYY',
  'D/M/YYYY',
  'D.M.YYYY',
  'MM/DD/YYYY',
  'DD/MM/YYYY',
  'DD.MM.YYYY',
  'YYYY-MM-DD',
  'YYYY/MM/DD',
  'D-Mon-YYYY',
  'DD-Mon-YYYY',
  'DD-MONTH-YYYY',
] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** Time Format preferences: 12-hour `2:05 pm` (`h:mm a`), `02:05 pm` (`hh:mm a`); 24-hour `14:05` (`HH:mm`), `9:05` (`H:mm`). */
export const TIME_FORMATS = ['h:mm a', 'hh:mm a', 'H:mm', 'HH:mm'] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];

/** The date/time preferences of an account or user. */
export interface DatePreferences {
  dateFormat: DateFormat;
  timeFormat: TimeFormat;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timeZone: string;
}

/** NetSuite's defaults (and this runtime's): M/D/YYYY, 12-hour, Pacific time. */
export const DEFAULT_PREFERENCES: Readonly<DatePreferences> = Object.freeze({
  dateFormat: 'M/D/YYYY',
  timeFormat: 'h:mm a',
  timeZone: 'America/Los_Angeles',
});

/**
 * Three preference sets for integration tests, chosen to break date handling in different ways:
 * - `us`: `1/5/2026 2:05 pm`, America/Los_Angeles (NetSuite's default; `new Date(text)` happens to work in Node);
 * - `de`: `5.1.2026 14:05`, Europe/Berlin (`new Date('30.11.2026 14:05')` is Invalid Date, `5.1.2026` reads as 1 May);
 * - `jp`: `2026-01-05 14:05`, Asia/Tokyo (`new Date('2026-01-05')` reads UTC midnight, 9 hours late).
 */
export const PREFERENCE_SETS: Readonly<Record<'us' | 'de' | 'jp', Readonly<DatePreferences>>> = Object.freeze({
  us: Object.freeze({ dateFormat: 'M/D/YYYY', timeFormat: 'h:mm a', timeZone: 'America/Los_Angeles' }),
  de: Object.freeze({ dateFormat: 'D.M.YYYY', timeFormat: 'HH:mm', timeZone: 'Europe/Berlin' }),
  jp: Object.freeze({ dateFormat: 'YYYY-MM-DD', timeFormat: 'HH:mm', timeZone: 'Asia/Tokyo' }),
});

/** Either full preferences or (for older callers) just a time zone with NetSuite's default formats. */
export type PrefsLike = DatePreferences | string;

/** Normalises {@link PrefsLike} to preferences. */
export function prefsOf(p: PrefsLike): DatePreferences {
  return typeof p === 'string' ? { ...DEFAULT_PREFERENCES, timeZone: p } : p;
}

/** Validates a (partial) preference patch and merges it over `base`; throws an Error naming the bad value. */
export function mergePreferences(base: DatePreferences, patch: Partial<DatePreferences> | undefined): DatePreferences {
  const out = { ...base, ...(patch ?? {}) };
  if (!(DATE_FORMATS as readonly string[]).includes(out.dateFormat)) {
    throw new Error(`SuiteScript runtime: unknown date format ${String(out.dateFormat)} (known: ${DATE_FORMATS.join(', ')})`);
  }
  if (!(TIME_FORMATS as readonly string[]).includes(out.timeFormat)) {
    throw new Error(`SuiteScript runtime: unknown time format ${String(out.timeFormat)} (known: ${TIME_FORMATS.join(', ')})`);
  }
  assertTimeZone(out.timeZone);
  return out;
}

interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number; // 0-23
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError for an unknown IANA time zone. */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/** Wall-clock fields of instant `ms` in `timeZone`. */
export function wallClock(ms: number, timeZone: string): WallClock {
  const parts = formatter(timeZone).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? '0');
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  };
}

/** The instant whose wall clock in `timeZone` is the given one (the earlier instant when ambiguous). */
export function fromWallClock(w: WallClock, timeZone: string): number {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const offsetAt = (ms: number) => {
    const c = wallClock(ms, timeZone);
    return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) - Math.floor(ms / 1000) * 1000;
  };
  let t = asUtc - offsetAt(asUtc);
  t = asUtc - offsetAt(t);
  return t;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const pad2 = (n: number) => String(n).padStart(2, '0');

function dateText(w: WallClock, f: DateFormat): string {
  const { year: y, month: m, day: d } = w;
  switch (f) {
    case 'M/D/YYYY':
      return `${m}/${d}/${y}`;
    case 'D/M/YYYY':
      return `${d}/${m}/${y}`;
    case 'D.M.YYYY':
      return `${d}.${m}.${y}`;
    case 'MM/DD/YYYY':
      return `${pad2(m)}/${pad2(d)}/${y}`;
    case 'DD/MM/YYYY':
      return `${pad2(d)}/${pad2(m)}/${y}`;
    case 'DD.MM.YYYY':
      return `${pad2(d)}.${pad2(m)}.${y}`;
    case 'YYYY-MM-DD':
      return `${y}-${pad2(m)}-${pad2(d)}`;
    case 'YYYY/MM/DD':
      return `${y}/${pad2(m)}/${pad2(d)}`;
    case 'D-Mon-YYYY':
      return `${d}-${(MONTHS[m - 1] ?? '').slice(0, 3)}-${y}`;
    case 'DD-Mon-YYYY':
      return `${pad2(d)}-${(MONTHS[m - 1] ?? '').slice(0, 3)}-${y}`;
    case 'DD-MONTH-YYYY':
      return `${pad2(d)}-${MONTHS[m - 1] ?? ''}-${y}`;
  }
}

function timeText(w: WallClock, f: TimeFormat, withSeconds: boolean): string {
  const ss = withSeconds ? `:${pad2(w.second)}` : '';
  const mm = pad2(w.minute);
  switch (f) {
    case 'h:mm a':
    case 'hh:mm a': {
      const h12 = w.hour % 12 === 0 ? 12 : w.hour % 12;
      const h = f === 'hh:mm a' ? pad2(h12) : String(h12);
      return `${h}:${mm}${ss} ${w.hour < 12 ? 'am' : 'pm'}`;
    }
    case 'H:mm':
      return `${w.hour}:${mm}${ss}`;
    case 'HH:mm':
      return `${pad2(w.hour)}:${mm}${ss}`;
  }
}

/** Date text of instant `ms` in the preferences' format and time zone (`1/15/2026`, `15.1.2026`, `2026-01-15`...). */
export function formatDate(ms: number, p: PrefsLike): string {
  const prefs = prefsOf(p);
  return dateText(wallClock(ms, prefs.timeZone), prefs.dateFormat);
}

/** Time-of-day text (`10:30 am`, `10:30`), optionally with seconds. */
export function formatTime(ms: number, p: PrefsLike, withSeconds = false): string {
  const prefs = prefsOf(p);
  return timeText(wallClock(ms, prefs.timeZone), prefs.timeFormat, withSeconds);
}

/** Date and time text (`1/15/2026 10:30 am`, `15.1.2026 10:30:00`...). */
export function formatDateTime(ms: number, p: PrefsLike, withSeconds: boolean): string {
  const prefs = prefsOf(p);
  const w = wallClock(ms, prefs.timeZone);
  return `${dateText(w, prefs.dateFormat)} ${timeText(w, prefs.timeFormat, withSeconds)}`;
}

// ------------------------------------------------------------------------------------------------------ parsing

const MONTH_RE = '([A-Za-z]+)';
const DATE_PATTERNS: Record<DateFormat, { re: string; order: 'MDY' | 'DMY' | 'YMD'; monthName?: 'short' | 'long' }> = {
  'M/D/YYYY': { re: '(\\d{1,2})/(\\d{1,2})/(\\d{4})', order: 'MDY' },
  'D/M/YYYY': { re: '(\\d{1,2})/(\\d{1,2})/(\\d{4})', order: 'DMY' },
  'D.M.YYYY': { re: '(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})', order: 'DMY' },
  'MM/DD/YYYY': { re: '(\\d{2})/(\\d{2})/(\\d{4})', order: 'MDY' },
  'DD/MM/YYYY': { re: '(\\d{2})/(\\d{2})/(\\d{4})', order: 'DMY' },
  'DD.MM.YYYY': { re: '(\\d{2})\\.(\\d{2})\\.(\\d{4})', order: 'DMY' },
  'YYYY-MM-DD': { re: '(\\d{4})-(\\d{2})-(\\d{2})', order: 'YMD' },
  'YYYY/MM/DD': { re: '(\\d{4})/(\\d{2})/(\\d{2})', order: 'YMD' },
  'D-Mon-YYYY': { re: `(\\d{1,2})-${MONTH_RE}-(\\d{4})`, order: 'DMY', monthName: 'short' },
  'DD-Mon-YYYY': { re: `(\\d{2})-${MONTH_RE}-(\\d{4})`, order: 'DMY', monthName: 'short' },
  'DD-MONTH-YYYY': { re: `(\\d{2})-${MONTH_RE}-(\\d{4})`, order: 'DMY', monthName: 'long' },
};

const TIME_PATTERNS: Record<TimeFormat, string> = {
  'h:mm a': '(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*([aApP][mM])',
  'hh:mm a': '(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*([aApP][mM])',
  'H:mm': '(\\d{1,2}):(\\d{2})(?::(\\d{2}))?',
  'HH:mm': '(\\d{1,2}):(\\d{2})(?::(\\d{2}))?',
};

function monthFromName(name: string, kind: 'short' | 'long'): number {
  const i = MONTHS.findIndex((m) => (kind === 'short' ? m.slice(0, 3) : m).toLowerCase() === name.toLowerCase());
  return i + 1; // 0 when unknown
}

function readDate(groups: string[], f: DateFormat): { year: number; month: number; day: number } | null {
  const p = DATE_PATTERNS[f];
  const [a, b, c] = groups as [string, string, string];
  let year: number;
  let month: number;
  let day: number;
  if (p.order === 'YMD') [year, month, day] = [Number(a), Number(b), Number(c)];
  else if (p.order === 'MDY') [month, day, year] = [Number(a), Number(b), Number(c)];
  else {
    day = Number(a);
    month = p.monthName ? monthFromName(b, p.monthName) : Number(b);
    year = Number(c);
  }
  return validDate(year, month, day) ? { year, month, day } : null;
}

/** Time of day from text in the preferences' time format: `{ hour, minute, second }` or null. */
export function parseTimeOfDay(text: string, p: PrefsLike): { hour: number; minute: number; second: number } | null {
  const prefs = prefsOf(p);
  const m = new RegExp(`^\\s*${TIME_PATTERNS[prefs.timeFormat]}\\s*$`).exec(text);
  return m ? readTime(m.slice(1), prefs.timeFormat) : null;
}

function readTime(groups: (string | undefined)[], f: TimeFormat): { hour: number; minute: number; second: number } | null {
  let hour = Number(groups[0]);
  const minute = Number(groups[1]);
  const second = groups[2] === undefined ? 0 : Number(groups[2]);
  if (minute > 59 || second > 59) return null;
  if (f === 'h:mm a' || f === 'hh:mm a') {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + ((groups[3] ?? '').toLowerCase() === 'pm' ? 12 : 0);
  } else if (hour > 23) return null;
  return { hour, minute, second };
}

/**
 * Parses text in the preferences' formats, in `timeZone` (default: the preferences' time zone):
 * - `accept: 'date'`: date text only (start of that day);
 * - `accept: 'datetime'`: date and time text (seconds optional);
 * - `accept: 'either'`: both (search filter values).
 * Returns null for text in any other form: another date order, another separator, ISO strings, 12-hour text under a
 * 24-hour preference and vice versa.
 */
export function parseDateText(
  text: string,
  p: PrefsLike,
  accept: 'date' | 'datetime' | 'either',
  timeZone?: string,
): { ms: number; dateOnly: boolean } | null {
  const prefs = prefsOf(p);
  const tz = timeZone ?? prefs.timeZone;
  const datePart = DATE_PATTERNS[prefs.dateFormat].re;
  if (accept !== 'datetime') {
    const d = new RegExp(`^\\s*${datePart}\\s*$`).exec(text);
    if (d) {
      const date = readDate(d.slice(1), prefs.dateFormat);
      return date ? { ms: fromWallClock({ ...date, hour: 0, minute: 0, second: 0 }, tz), dateOnly: true } : null;
    }
  }
  if (accept === 'date') return null;
  const m = new RegExp(`^\\s*${datePart}\\s+${TIME_PATTERNS[prefs.timeFormat]}\\s*$`).exec(text);
  if (!m) return null;
  const date = readDate(m.slice(1, 4), prefs.dateFormat);
  const time = readTime(m.slice(4), prefs.timeFormat);
  if (!date || !time) return null;
  return { ms: fromWallClock({ ...date, ...time }, tz), dateOnly: false };
}

/**
 * Back-compatible parser: date or date-time text in the preferences' formats (NetSuite's defaults when given a time
 * zone string). Null when the text is not in that form.
 */
export function parseDateTime(text: string, p: PrefsLike): { ms: number; dateOnly: boolean } | null {
  return parseDateText(text, p, 'either');
}

function validDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1) return false;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= last;
}

/** Start of the calendar day (in `timeZone`) containing `ms`. */
export function startOfDay(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return fromWallClock({ ...w, hour: 0, minute: 0, second: 0 }, timeZone);
}

/** Start of the next calendar day (in `timeZone`) after the day containing `ms`. */
export function startOfNextDay(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const next = new Date(Date.UTC(w.year, w.month - 1, w.day + 1));
  return fromWallClock(
    { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0, minute: 0, second: 0 },
    timeZone,
  );
}
