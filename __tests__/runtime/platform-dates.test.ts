/**
 * DESIGN.md 2a: date and time text follows the running user's preferences (date format, 12/24-hour time, time zone).
 * Every expectation is a fixed string or instant, so these tests pass whatever the Node process's TZ is
 * (run them with TZ=Pacific/Honolulu and TZ=Asia/Tokyo).
 */
import { describe, expect, it } from '@jest/globals';
import { createAccount, PREFERENCE_SETS, type Account, type DatePreferences } from '../../tools/suitescript-runtime';
import { formatDate, formatDateTime, parseDateText } from '../../tools/suitescript-runtime/dates';
import { ADMIN, CLIENT, logged, scheduled, scheduledScript, setup, suitelet, suiteletScript } from './helpers';

/** 2026-01-05 13:05:09 UTC: 5:05 am in Los Angeles, 14:05 in Berlin, 22:05 in Tokyo. */
const INSTANT = Date.UTC(2026, 0, 5, 13, 5, 9);

/** One scheduled script `s.js` with `body`; one client record whose expiry is `expires`. */
function account(body: string, preferences: Partial<DatePreferences>, expires = new Date(INSTANT)): { account: Account; id: number } {
  const { account } = setup(
    { 's.js': scheduled({ search: 'N/search', record: 'N/record', format: 'N/format' }, body) },
    [scheduledScript('s', 's.js')],
    { preferences, now: () => Date.UTC(2026, 0, 10) },
  );
  const id = account.records.insert(CLIENT, { name: 'c', custrecord_oauth_client_key_hash: 'h', custrecord_oauth_client_expires: expires });
  return { account, id };
}

function run(a: Account, title = 'r'): unknown {
  const result = a.runScheduled({ deploymentId: 'customdeploy_s' });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return logged(result.logs, title);
}

/** What a script sees as text for the client's expiry, by API. */
const TEXT_BODY = `
    var rows = search.create({ type: '${CLIENT}', columns: ['custrecord_oauth_client_expires'] }).run().getRange({ start: 0, end: 10 });
    var rec = record.load({ type: '${CLIENT}', id: 1 });
    var d = rec.getValue('custrecord_oauth_client_expires');
    log.debug('r', {
      result: rows[0].getValue('custrecord_oauth_client_expires'),
      lookup: search.lookupFields({ type: '${CLIENT}', id: 1, columns: ['custrecord_oauth_client_expires'] }).custrecord_oauth_client_expires,
      getText: rec.getText('custrecord_oauth_client_expires'),
      getValueIsDate: Object.prototype.toString.call(d) === '[object Date]' && d.getTime() === ${INSTANT},
      date: format.format({ value: d, type: format.Type.DATE }),
      datetime: format.format({ value: d, type: format.Type.DATETIME }),
      datetimetz: format.format({ value: d, type: format.Type.DATETIMETZ }),
      timeofday: format.format({ value: d, type: format.Type.TIMEOFDAY }),
      utc: format.format({ value: d, type: format.Type.DATETIME, timezone: format.Timezone.GMT })
    });`;

describe('date text follows the user preferences (DESIGN.md 2a)', () => {
  it.each([
    ['us', { result: '1/5/2026 5:05 am', getText: '1/5/2026 5:05:09 am', date: '1/5/2026', timeofday: '5:05 am', utc: '1/5/2026 1:05 pm' }],
    ['de', { result: '5.1.2026 14:05', getText: '5.1.2026 14:05:09', date: '5.1.2026', timeofday: '14:05', utc: '5.1.2026 13:05' }],
    ['jp', { result: '2026-01-05 22:05', getText: '2026-01-05 22:05:09', date: '2026-01-05', timeofday: '22:05', utc: '2026-01-05 13:05' }],
  ] as const)('%s: search results, lookupFields, Record.getText and N/format give text; getValue gives a Date', (set, want) => {
    const { account: a } = account(TEXT_BODY, PREFERENCE_SETS[set]);
    expect(run(a)).toEqual({
      result: want.result,
      lookup: want.result,
      getText: want.getText,
      getValueIsDate: true,
      date: want.date,
      datetime: want.result,
      datetimetz: want.getText,
      timeofday: want.timeofday,
      utc: want.utc,
    });
  });

  it('new Date(text) rejects or misreads de and jp text; format.parse reads it in the user format and time zone', () => {
    const body = `
    var rows = search.create({ type: '${CLIENT}', columns: ['custrecord_oauth_client_expires'] }).run().getRange({ start: 0, end: 1 });
    var text = rows[0].getValue('custrecord_oauth_client_expires');
    var day = format.format({ value: record.load({ type: '${CLIENT}', id: 1 }).getValue('custrecord_oauth_client_expires'), type: format.Type.DATE });
    function iso(d) { return isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString(); }
    log.debug('r', {
      text: text,
      naive: iso(new Date(text)),
      parsed: iso(format.parse({ value: text, type: format.Type.DATETIMETZ })),
      day: day,
      naiveDay: iso(new Date(day)),
      parsedDay: iso(format.parse({ value: day, type: format.Type.DATE }))
    });`;
    // 30 Nov 2026 13:00 UTC = 14:00 in Berlin, 22:00 in Tokyo.
    const expires = new Date(Date.UTC(2026, 10, 30, 13));
    const de = run(account(body, PREFERENCE_SETS.de, expires).account) as Record<string, string>;
    expect(de).toEqual({
      text: '30.11.2026 14:00',
      naive: 'Invalid Date',
      parsed: '2026-11-30T13:00:00.000Z',
      day: '30.11.2026',
      naiveDay: expect.any(String),
      parsedDay: '2026-11-29T23:00:00.000Z', // midnight in Berlin
    });
    expect(de['naiveDay']).not.toBe(de['parsedDay']);
    const jp = run(account(body, PREFERENCE_SETS.jp, expires).account) as Record<string, string>;
    expect(jp).toMatchObject({ text: '2026-11-30 22:00', parsed: '2026-11-30T13:00:00.000Z', day: '2026-11-30', parsedDay: '2026-11-29T15:00:00.000Z' });
    // `new Date('2026-11-30')` is UTC midnight, 9 hours after the day began in Tokyo, whatever the machine's TZ.
    expect(jp['naiveDay']).toBe('2026-11-30T00:00:00.000Z');
    // A D.M.YYYY date with a day ≤ 12 reads as another month: 5 January becomes 1 May (or 30 April west of UTC).
    const early = run(account(body, PREFERENCE_SETS.de, new Date(Date.UTC(2026, 0, 5, 13))).account) as Record<string, string>;
    expect(early['day']).toBe('5.1.2026');
    expect(early['naiveDay']?.slice(0, 7)).toMatch(/^2026-0[45]$/);
    expect(early['parsedDay']).toBe('2026-01-04T23:00:00.000Z');
  });

  it('format.parse hands back text in another format unchanged (Oracle: "the original value ... is returned")', () => {
    const body = `
    function kind(v) { return Object.prototype.toString.call(v) === '[object Date]' ? 'Date ' + v.toISOString() : typeof v + ' ' + v; }
    log.debug('r', [
      kind(format.parse({ value: '1/15/2026 10:30 am', type: format.Type.DATETIMETZ })),
      kind(format.parse({ value: '15.1.2026 10:30', type: format.Type.DATETIMETZ })),
      kind(format.parse({ value: '2026-01-15T10:30:00Z', type: format.Type.DATETIMETZ })),
      kind(format.parse({ value: '15.1.2026', type: format.Type.DATETIME })),
      kind(format.parse({ value: '15.1.2026 10:30', type: format.Type.DATE })),
      kind(format.parse({ value: '31.2.2026', type: format.Type.DATE })),
      kind(format.parse({ value: '10:30 am', type: format.Type.TIMEOFDAY })),
      kind(format.parse({ value: '15.1.2026 10:30:15', type: format.Type.DATETIMETZ, timezone: format.Timezone.ASIA_TOKYO }))
    ]);`;
    expect(run(account(body, PREFERENCE_SETS.de).account)).toEqual([
      'string 1/15/2026 10:30 am', // US text under D.M.YYYY / 24 h
      'Date 2026-01-15T09:30:00.000Z',
      'string 2026-01-15T10:30:00Z',
      'string 15.1.2026', // a date alone is not a datetime
      'string 15.1.2026 10:30', // a datetime is not a date
      'string 31.2.2026',
      'string 10:30 am', // 12-hour text under a 24-hour preference
      'Date 2026-01-15T01:30:15.000Z',
    ]);
  });

  it('date filters take text in the user format (or Dates); text in another format is refused', () => {
    const body = `
    function names(filters) {
      try {
        return search.create({ type: '${CLIENT}', filters: filters, columns: ['name'] }).run().getRange({ start: 0, end: 10 })
          .map(function (r) { return r.getValue('name'); });
      } catch (e) { return e.name; }
    }
    log.debug('r', {
      onorafter: names([['custrecord_oauth_client_expires', 'onorafter', '5.1.2026']]),
      before: names([['custrecord_oauth_client_expires', 'before', '5.1.2026 14:06']]),
      after: names([['custrecord_oauth_client_expires', 'after', '5.1.2026 14:06']]),
      on: names([['custrecord_oauth_client_expires', 'on', '6.1.2026']]),
      within: names([['custrecord_oauth_client_expires', 'within', '1.1.2026', '5.1.2026']]),
      date: names([['custrecord_oauth_client_expires', 'onorbefore', new Date(${INSTANT})]]),
      usText: names([['custrecord_oauth_client_expires', 'onorafter', '1/5/2026']]),
      isoText: names([['custrecord_oauth_client_expires', 'onorafter', '2026-01-05']])
    });`;
    expect(run(account(body, PREFERENCE_SETS.de).account)).toEqual({
      onorafter: ['c'],
      before: ['c'],
      after: [],
      on: [],
      within: ['c'],
      date: ['c'],
      usText: 'SSS_INVALID_SRCH_FILTER',
      isoText: 'SSS_INVALID_SRCH_FILTER',
    });
  });

  it('Record.setText of a date field takes text in the user format', () => {
    const body = `
    var rec = record.load({ type: '${CLIENT}', id: 1 });
    var out = [];
    try { rec.setText({ fieldId: 'custrecord_oauth_client_expires', text: '12/31/2026 11:00 pm' }); out.push('accepted'); } catch (e) { out.push(e.name); }
    rec.setText({ fieldId: 'custrecord_oauth_client_expires', text: '2026-12-31 23:00' });
    out.push(rec.getValue('custrecord_oauth_client_expires').toISOString());
    log.debug('r', out);`;
    expect(run(account(body, PREFERENCE_SETS.jp).account)).toEqual(['INVALID_FLD_VALUE', '2026-12-31T14:00:00.000Z']);
  });

  it('a user may override the company preferences; the anonymous online user and scheduled scripts get the company ones', () => {
    const page = suitelet(
      { search: 'N/search' },
      `var rows = search.create({ type: '${CLIENT}', columns: ['custrecord_oauth_client_expires'] }).run().getRange({ start: 0, end: 1 });
      response.write(rows[0].getValue('custrecord_oauth_client_expires'));`,
    );
    const { account: a } = setup(
      { 'p.js': page, 'q.js': page },
      [suiteletScript('p', 'p.js', 'public'), suiteletScript('q', 'q.js', 'admins')],
      { preferences: PREFERENCE_SETS.us },
    );
    a.records.insert(CLIENT, { name: 'c', custrecord_oauth_client_key_hash: 'h', custrecord_oauth_client_expires: new Date(INSTANT) });
    a.setPreferences({ dateFormat: 'DD-Mon-YYYY', timeFormat: 'HH:mm', timeZone: 'Asia/Kolkata' }, { userId: ADMIN.id });
    expect(a.runSuitelet({ deploymentId: 'customdeploy_q', user: ADMIN }).body).toBe('05-Jan-2026 18:35');
    expect(a.runSuitelet({ deploymentId: 'customdeploy_p' }).body).toBe('1/5/2026 5:05 am');
    a.setPreferences({ dateFormat: 'D/M/YYYY' });
    expect(a.runSuitelet({ deploymentId: 'customdeploy_p' }).body).toBe('5/1/2026 5:05 am');
    expect(a.preferencesFor({ id: ADMIN.id })).toEqual({ dateFormat: 'DD-Mon-YYYY', timeFormat: 'HH:mm', timeZone: 'Asia/Kolkata' });
  });

  it('keeps preferences across a JSON round trip and refuses unknown formats or time zones', () => {
    const a = createAccount({ preferences: PREFERENCE_SETS.de });
    a.setPreferences({ timeFormat: 'h:mm a' }, { userId: 42 });
    const b = createAccount({ state: JSON.parse(JSON.stringify(a.toJSON())) });
    expect(b.preferences).toEqual(PREFERENCE_SETS.de);
    expect(b.timeZone).toBe('Europe/Berlin');
    expect(b.preferencesFor({ id: 42 })).toEqual({ ...PREFERENCE_SETS.de, timeFormat: 'h:mm a' });
    expect(createAccount({ timeZone: 'Asia/Tokyo' }).preferences).toEqual({ dateFormat: 'M/D/YYYY', timeFormat: 'h:mm a', timeZone: 'Asia/Tokyo' });
    expect(() => createAccount({ preferences: { dateFormat: 'DD/MM/YY' as never } })).toThrow(/unknown date format/);
    expect(() => a.setPreferences({ timeFormat: 'HH:mm:ss' as never })).toThrow(/unknown time format/);
    expect(() => a.setPreferences({ timeZone: 'Mars/Olympus' })).toThrow();
  });
});

describe('date formats (dates.ts)', () => {
  const at = Date.UTC(2026, 2, 5, 7, 4); // 5 March 2026, 08:04 in Berlin
  it.each([
    ['M/D/YYYY', '3/5/2026'],
    ['D/M/YYYY', '5/3/2026'],
    ['D.M.YYYY', '5.3.2026'],
    ['MM/DD/YYYY', '03/05/2026'],
    ['DD/MM/YYYY', '05/03/2026'],
    ['DD.MM.YYYY', '05.03.2026'],
    ['YYYY-MM-DD', '2026-03-05'],
    ['YYYY/MM/DD', '2026/03/05'],
    ['D-Mon-YYYY', '5-Mar-2026'],
    ['DD-Mon-YYYY', '05-Mar-2026'],
    ['DD-MONTH-YYYY', '05-March-2026'],
  ] as const)('%s writes %s and reads it back', (dateFormat, text) => {
    const prefs: DatePreferences = { dateFormat, timeFormat: 'hh:mm a', timeZone: 'Europe/Berlin' };
    expect(formatDate(at, prefs)).toBe(text);
    expect(formatDateTime(at, prefs, false)).toBe(`${text} 08:04 am`);
    expect(parseDateText(`${text} 08:04 am`, prefs, 'datetime')?.ms).toBe(at);
    expect(parseDateText(text, prefs, 'date')?.ms).toBe(Date.UTC(2026, 2, 4, 23));
  });

  it('follows daylight saving time of the preference time zone, not of the machine', () => {
    const summer = Date.UTC(2026, 6, 1, 12);
    expect(formatDateTime(summer, PREFERENCE_SETS.de, false)).toBe('1.7.2026 14:00');
    expect(formatDateTime(summer, PREFERENCE_SETS.us, false)).toBe('7/1/2026 5:00 am');
    expect(formatDateTime(summer, { ...PREFERENCE_SETS.de, timeFormat: 'H:mm', timeZone: 'Pacific/Honolulu' }, true)).toBe('1.7.2026 2:00:00');
    expect(parseDateText('1.7.2026 14:00', PREFERENCE_SETS.de, 'datetime')?.ms).toBe(summer);
  });
});
