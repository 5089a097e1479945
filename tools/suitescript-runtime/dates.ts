/**
 * Date and time formatting as NetSuite does with the default user preferences: date format `M/D/YYYY`, time format
 * `h:mm a` (lower-case am/pm). `N/format` datetimes carry seconds (`1/15/2026 10:30:00 am`); search results and
 * `search.lookupFields` show datetimes to the minute (`1/15/2026 10:30 am`).
 */

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

/** `M/D/YYYY` */
export function formatDate(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${w.month}/${w.day}/${w.year}`;
}

/** `M/D/YYYY h:mm[:ss] am` */
export function formatDateTime(ms: number, timeZone: string, withSeconds: boolean): string {
  const w = wallClock(ms, timeZone);
  const h12 = w.hour % 12 === 0 ? 12 : w.hour % 12;
  const ampm = w.hour < 12 ? 'am' : 'pm';
  const mm = String(w.minute).padStart(2, '0');
  const ss = withSeconds ? `:${String(w.second).padStart(2, '0')}` : '';
  return `${w.month}/${w.day}/${w.year} ${h12}:${mm}${ss} ${ampm}`;
}

const DATE_RE = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/;
const DATETIME_RE = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([aApP][mM])\s*$/;

/** Parses `M/D/YYYY` (start of that day) or `M/D/YYYY h:mm[:ss] am|pm` in `timeZone`; null when not in that form. */
export function parseDateTime(text: string, timeZone: string): { ms: number; dateOnly: boolean } | null {
  const d = DATE_RE.exec(text);
  if (d) {
    const w = { month: Number(d[1]), day: Number(d[2]), year: Number(d[3]), hour: 0, minute: 0, second: 0 };
    if (!validDate(w.year, w.month, w.day)) return null;
    return { ms: fromWallClock(w, timeZone), dateOnly: true };
  }
  const m = DATETIME_RE.exec(text);
  if (!m) return null;
  let hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const pm = (m[7] ?? '').toLowerCase() === 'pm';
  if (hour < 1 || hour > 12 || minute > 59 || second > 59) return null;
  if (hour === 12) hour = 0;
  if (pm) hour += 12;
  const w = { month: Number(m[1]), day: Number(m[2]), year: Number(m[3]), hour, minute, second };
  if (!validDate(w.year, w.month, w.day)) return null;
  return { ms: fromWallClock(w, timeZone), dateOnly: false };
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
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
