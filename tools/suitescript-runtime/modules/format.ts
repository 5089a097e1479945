/**
 * N/format in the running user's date/time preferences (Date Format, Time Format, Time Zone; NetSuite's defaults are
 * `M/D/YYYY`, `h:mm am`, Pacific time — see dates.ts and `account.setPreferences`):
 * - DATETIMETZ ↔ `1/15/2026 10:30:00 am` (`15.1.2026 10:30:00` under D.M.YYYY / 24 h) in `timezone` (default: the
 *   user's time zone);
 * - DATETIME ↔ `1/15/2026 10:30 am`, DATE ↔ `1/15/2026`, TIMEOFDAY ↔ `10:30 am`;
 * - INTEGER, POSINTEGER, FLOAT, POSFLOAT, CURRENCY: numbers ↔ strings.
 *
 * `format.parse` of date text that is not in the user's format (another order or separator, ISO text, a datetime
 * for DATE, a date alone for DATETIME) returns the original value unchanged, as Oracle documents: "If the value given
 * is not valid or parsable, the original value passed to options.value is returned"
 * (https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_4388837989.html; Oracle's own
 * @oracle/suitecloud-unit-testing stub stubs/format/format.js says the same). Scripts must check the result is a Date.
 * `format.format` of a non-Date for a date type throws INVALID_FLD_VALUE (stricter than NetSuite, which returns the
 * value unchanged). No governance.
 */
import { assertTimeZone, formatDate, formatDateTime, formatTime, fromWallClock, parseDateText, parseTimeOfDay, wallClock } from '../dates';
import { sse } from '../errors';
import type { Execution } from '../execution';
import { isDate, missingArg, opts, strict, wrongType } from '../strict';

const TIMEZONES: Record<string, string> = {
  ETC_GMT_PLUS_12: 'Etc/GMT+12',
  PACIFIC_SAMOA: 'Pacific/Samoa',
  PACIFIC_HONOLULU: 'Pacific/Honolulu',
  AMERICA_ANCHORAGE: 'America/Anchorage',
  AMERICA_LOS_ANGELES: 'America/Los_Angeles',
  AMERICA_TIJUANA: 'America/Tijuana',
  AMERICA_DENVER: 'America/Denver',
  AMERICA_PHOENIX: 'America/Phoenix',
  AMERICA_CHICAGO: 'America/Chicago',
  AMERICA_MEXICO_CITY: 'America/Mexico_City',
  AMERICA_NEW_YORK: 'America/New_York',
  AMERICA_BOGOTA: 'America/Bogota',
  AMERICA_HALIFAX: 'America/Halifax',
  AMERICA_SAO_PAULO: 'America/Sao_Paulo',
  AMERICA_BUENOS_AIRES: 'America/Buenos_Aires',
  ATLANTIC_AZORES: 'Atlantic/Azores',
  EUROPE_LONDON: 'Europe/London',
  GMT: 'GMT',
  ATLANTIC_REYKJAVIK: 'Atlantic/Reykjavik',
  EUROPE_WARSAW: 'Europe/Warsaw',
  EUROPE_PARIS: 'Europe/Paris',
  EUROPE_AMSTERDAM: 'Europe/Amsterdam',
  EUROPE_BUDAPEST: 'Europe/Budapest',
  AFRICA_CAIRO: 'Africa/Cairo',
  EUROPE_ISTANBUL: 'Europe/Istanbul',
  ASIA_JERUSALEM: 'Asia/Jerusalem',
  AFRICA_JOHANNESBURG: 'Africa/Johannesburg',
  EUROPE_MOSCOW: 'Europe/Moscow',
  ASIA_CALCUTTA: 'Asia/Calcutta',
  ASIA_BANGKOK: 'Asia/Bangkok',
  ASIA_HONG_KONG: 'Asia/Hong_Kong',
  ASIA_KUALA_LUMPUR: 'Asia/Kuala_Lumpur',
  ASIA_TOKYO: 'Asia/Tokyo',
  ASIA_SEOUL: 'Asia/Seoul',
  AUSTRALIA_PERTH: 'Australia/Perth',
  AUSTRALIA_SYDNEY: 'Australia/Sydney',
  PACIFIC_AUCKLAND: 'Pacific/Auckland',
};

const TYPES = {
  DATE: 'date',
  TIME: 'time',
  TIMEOFDAY: 'timeofday',
  DATETIME: 'datetime',
  DATETIMETZ: 'datetimetz',
  INTEGER: 'integer',
  POSINTEGER: 'posinteger',
  FLOAT: 'float',
  POSFLOAT: 'posfloat',
  CURRENCY: 'currency',
  CHECKBOX: 'checkbox',
  TEXT: 'text',
  TEXTAREA: 'textarea',
  CLOBTEXT: 'clobtext',
  EMAIL: 'email',
  SELECT: 'select',
  PERCENT: 'percent',
  URL: 'url',
  PHONE: 'phone',
} as const;

export function createFormatModule(ex: Execution): object {
  // The running user's date format, time format and time zone (company preferences unless the user overrides them).
  const prefs = ex.account.preferencesFor(ex.user);
  const zone = (o: Record<string, unknown>): string => {
    const tz = o['timezone'];
    if (tz === undefined || tz === null || tz === '') return prefs.timeZone;
    if (typeof tz !== 'string') throw wrongType('options.timezone', 'format.Timezone');
    try {
      assertTimeZone(tz);
    } catch {
      throw sse('INVALID_TIMEZONE', `Invalid time zone ${tz}.`);
    }
    return tz;
  };
  const typeArg = (o: Record<string, unknown>, method: string): string => {
    const t = o['type'];
    if (t === undefined || t === null || t === '') throw missingArg(`${method}: options.type`);
    if (typeof t !== 'string') throw wrongType('options.type', 'format.Type');
    return t.toLowerCase();
  };

  return strict(ex, 'N/format', {
    format(options?: unknown): string {
      const o = opts(options, 'format.format');
      const type = typeArg(o, 'format.format');
      const value = o['value'];
      if (value === undefined || value === null) throw missingArg('format.format: options.value');
      switch (type) {
        case 'date':
        case 'datetime':
        case 'datetimetz':
        case 'timeofday': {
          if (!isDate(value) || Number.isNaN(value.getTime())) {
            throw sse('INVALID_FLD_VALUE', `format.format(${type}) expects a Date object (got ${Object.prototype.toString.call(value)}).`);
          }
          const ms = value.getTime();
          const p = { ...prefs, timeZone: zone(o) };
          if (type === 'date') return formatDate(ms, p);
          if (type === 'timeofday') return formatTime(ms, p, false);
          return formatDateTime(ms, p, type === 'datetimetz');
        }
        case 'integer':
        case 'posinteger':
        case 'float':
        case 'posfloat':
        case 'currency':
        case 'percent': {
          const n = typeof value === 'number' ? value : Number(value);
          if (!Number.isFinite(n)) throw sse('INVALID_FLD_VALUE', `Invalid number ${String(value)}.`);
          if (type === 'currency') return n.toFixed(2);
          if (type === 'percent') return `${n.toFixed(1)}%`;
          return String(n);
        }
        case 'checkbox':
          return value === true || value === 'T' ? 'T' : 'F';
        case 'text':
        case 'textarea':
        case 'clobtext':
        case 'email':
        case 'url':
        case 'phone':
        case 'select':
          return String(value);
        default:
          throw ex.fault(`format.format of type ${type} is not implemented`);
      }
    },
    parse(options?: unknown): unknown {
      const o = opts(options, 'format.parse');
      const type = typeArg(o, 'format.parse');
      const value = o['value'];
      if (value === undefined || value === null) throw missingArg('format.parse: options.value');
      switch (type) {
        case 'date':
        case 'datetime':
        case 'datetimetz': {
          if (isDate(value)) return new ex.realm.Date(value.getTime());
          if (typeof value !== 'string') return value; // not parsable: NetSuite hands the value back
          // Only the user's own format parses; anything else comes back unchanged (documented; see the header).
          const parsed = parseDateText(value, prefs, type === 'date' ? 'date' : 'datetime', zone(o));
          return parsed ? new ex.realm.Date(parsed.ms) : value;
        }
        case 'timeofday': {
          if (typeof value !== 'string') return value;
          const time = parseTimeOfDay(value, prefs);
          if (!time) return value;
          const tz = zone(o);
          const today = wallClock(ex.now(), tz);
          return new ex.realm.Date(fromWallClock({ ...today, ...time }, tz));
        }
        case 'integer':
        case 'posinteger': {
          const n = typeof value === 'number' ? value : Number(String(value).replace(/,/g, ''));
          if (!Number.isInteger(n) || (type === 'posinteger' && n <= 0)) throw sse('INVALID_FLD_VALUE', `Invalid integer ${String(value)}.`);
          return n;
        }
        case 'float':
        case 'posfloat':
        case 'currency': {
          const n = typeof value === 'number' ? value : Number(String(value).replace(/,/g, ''));
          if (!Number.isFinite(n)) throw sse('INVALID_FLD_VALUE', `Invalid number ${String(value)}.`);
          return n;
        }
        case 'checkbox':
          return value === true || value === 'T';
        case 'text':
        case 'textarea':
        case 'clobtext':
        case 'email':
        case 'url':
        case 'phone':
        case 'select':
          return String(value);
        default:
          throw ex.fault(`format.parse of type ${type} is not implemented`);
      }
    },
    Type: strict(ex, 'N/format.Type', { ...TYPES }),
    Timezone: strict(ex, 'N/format.Timezone', { ...TIMEZONES }),
  });
}
