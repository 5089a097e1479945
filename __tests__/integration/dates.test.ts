/**
 * Dates under the account's preferences (issue 9, DESIGN.md 2a "Date text follows the user's
 * preferences"): the BUILT proxy, refresher and key admin page in the SuiteScript runtime, under the
 * three preference sets (M/D/YYYY 12 h Los Angeles, D.M.YYYY 24 h Berlin, YYYY-MM-DD 24 h Tokyo) and
 * every date/time format the runtime models. Search results and lookupFields give date text in
 * those preferences, so a product that reads them with `new Date(text)` fails here.
 *
 * The product reads client expiries from search/lookupFields text, which NetSuite gives to the
 * minute: the promise tested is "an expiry on a whole minute T is honoured exactly" (served at
 * T - 1 s, refused at T).
 *
 * Also run with the machine's time zone set elsewhere (`npm run test:zones`: Pacific/Honolulu and
 * Asia/Tokyo): nothing here may depend on the time zone of the Node process.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createTestAccount, harnessKey, type TestAccount } from '../../tools/harness';
import { DATE_FORMATS, PREFERENCE_SETS, TIME_FORMATS, type DatePreferences } from '../../tools/suitescript-runtime';
import { CLIENT_RECORD, TOKEN_RECORD } from '../../src/TypeScript/core/names';
import { adminCreateClient, adminGet, iso, linkTo, MIN, outcome, pageField, pageMessages, sublistRows } from './scenarioHelpers';

const START = Date.UTC(2026, 0, 15, 10, 0, 0);

/** The instant of a wall-clock time in an IANA zone (independent of the machine's TZ). */
function zoned(tz: string, y: number, mo: number, d: number, h = 0, mi = 0): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const offsetAt = (ms: number) => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
        .formatToParts(new Date(ms))
        .map((x) => [x.type, x.value]),
    );
    return Date.UTC(Number(p['year']), Number(p['month']) - 1, Number(p['day']), Number(p['hour']), Number(p['minute'])) - ms;
  };
  const first = guess - offsetAt(guess);
  return guess - offsetAt(first);
}

async function account(prefs: Partial<DatePreferences>, startMs = START): Promise<TestAccount> {
  const t = await createTestAccount({ preferences: prefs, startMs });
  t.configureRefresher();
  expect(t.runRefresher().ok).toBe(true);
  return t;
}

/** Moves the account clock and keeps a fresh token stored, so only the client's expiry decides. */
function at(t: TestAccount, ms: number): void {
  t.clock.set(ms);
  const run = t.runRefresher();
  expect(run.ok).toBe(true);
}

beforeAll(async () => {
  await harnessKey(undefined);
  await harnessKey(undefined, Date.UTC(2026, 10, 29, 12));
  await harnessKey(undefined, Date.UTC(2026, 6, 10, 10));
});

/** Admin-page text per preference set: the client expiry 2026-11-30T13:00Z, and a date typed in the set's format. */
const SHOWN: Record<keyof typeof PREFERENCE_SETS, { expiry: string; typed: string; foreign: string; endOfDay: string }> = {
  us: { expiry: '11/30/2026 5:00 am', typed: '11/30/2026', foreign: '30.11.2026', endOfDay: '11/30/2026 11:59 pm' },
  de: { expiry: '30.11.2026 14:00', typed: '30.11.2026', foreign: '11/30/2026', endOfDay: '30.11.2026 23:59' },
  jp: { expiry: '2026-11-30 22:00', typed: '2026-11-30', foreign: '30.11.2026', endOfDay: '2026-11-30 23:59' },
};

describe.each(Object.keys(PREFERENCE_SETS) as (keyof typeof PREFERENCE_SETS)[])('dates under the %s preferences', (set) => {
  const prefs = PREFERENCE_SETS[set];

  it('refuses clients whose expiry passed (also dates a day/month mix-up would move into the future), serves one valid later', async () => {
    const t = await account(prefs);
    const passed = [
      START - MIN, // a minute ago
      Date.UTC(2026, 0, 5, 14, 0), // 5 Jan: read as M/D it would be 1 May
      Date.UTC(2025, 11, 31, 23, 0), // across a year end (already 2026 in Berlin and Tokyo)
    ].map((ms, i) => ({ ...t.addApiClient({ name: `expired ${i}`, expiresAt: new Date(ms) }), expiry: iso(ms) }));
    // 1 Feb: read as M/D it would be 2 Jan (passed); must be served.
    const valid = t.addApiClient({ name: 'valid', expiresAt: new Date(Date.UTC(2026, 1, 1, 9, 0)) });
    for (const cold of [true, false]) {
      if (cold) t.account.cache.evictAll(); // the search path (key hash lookup)
      for (const c of passed) expect([c.expiry, outcome(t.callProxy({ key: c.key }).json)]).toEqual([c.expiry, 'unauthorized']);
      expect(outcome(t.callProxy({ key: valid.key }).json)).toBe('served');
    }
    // the warm path re-reads the record (lookupFields) every few seconds: still refused
    t.clock.advance(10_000);
    for (const c of passed) expect(outcome(t.callProxy({ key: c.key }).json)).toBe('unauthorized');
    expect(outcome(t.callProxy({ key: valid.key }).json)).toBe('served');
  });

  it.each([
    ['January (standard time)', START, Date.UTC(2026, 0, 15, 23, 30)],
    ['July (daylight saving time)', Date.UTC(2026, 6, 10, 10), Date.UTC(2026, 6, 10, 22, 45)],
  ])('a client valid until T (a whole minute, %s) is served at T - 1 min and T - 1 s, refused from T on', async (_label, startMs, T) => {
    const t = await account(prefs, startMs);
    const c = t.addApiClient({ name: 'until T', expiresAt: new Date(T) });
    const seen: [string, string][] = [];
    for (const [ms, cold] of [[T - 60 * MIN, false], [T - MIN, false], [T - 1000, false], [T - 1000, true], [T, false], [T, true], [T + MIN, false]] as const) {
      at(t, ms);
      if (cold) t.account.cache.evictAll();
      seen.push([`${iso(ms)}${cold ? ' cold' : ''}`, outcome(t.callProxy({ key: c.key }).json)]);
    }
    expect(seen).toEqual([
      [iso(T - 60 * MIN), 'served'],
      [iso(T - MIN), 'served'],
      [iso(T - 1000), 'served'],
      [`${iso(T - 1000)} cold`, 'served'],
      [iso(T), 'unauthorized'],
      [`${iso(T)} cold`, 'unauthorized'],
      [iso(T + MIN), 'unauthorized'],
    ]);
  });

  it('the refresher skips while the stored token has more than the margin left and refreshes inside it, also when it lists the token records (date text)', async () => {
    for (const listed of [false, true]) {
      const t = await account(prefs);
      const requests = () => t.endpoint.requests.length;
      expect(requests()).toBe(1);
      t.clock.advance(30 * MIN); // ~30 min left > 20 min margin
      if (listed) t.account.cache.evictAll(); // no cached run state: the token records are searched (text)
      expect(t.runRefresher().ok).toBe(true);
      expect([listed, requests()]).toEqual([listed, 1]);
      t.clock.advance(15 * MIN); // ~15 min left < 20 min margin
      if (listed) t.account.cache.evictAll();
      expect(t.runRefresher().ok).toBe(true);
      expect([listed, requests()]).toEqual([listed, 2]);
    }
  });

  it('the proxy hands out the token with its true expiry, and not once less than 5 minutes are left', async () => {
    const t = await account(prefs);
    const c = t.addApiClient({ name: 'erp' });
    const expires = (t.tokenRecord()![TOKEN_RECORD.fields.expires] as Date).getTime();
    expect(expires - START).toBeGreaterThan(50 * MIN);
    t.clock.advance(10 * MIN);
    const { json } = t.callProxy({ key: c.key });
    expect(json).toMatchObject({ token_type: 'Bearer', expires_at: iso(expires), expires_in: Math.floor((expires - t.clock.now()) / 1000) });
    t.clock.set(expires - 6 * MIN);
    t.account.cache.evictAll();
    expect(outcome(t.callProxy({ key: c.key }).json)).toBe('served');
    t.clock.set(expires - 4 * MIN);
    expect(outcome(t.callProxy({ key: c.key }).json)).toBe('token_unavailable');
  });

  it("the admin page shows a client's expiry in the administrator's own format and time zone", async () => {
    const t = await account(prefs);
    t.addApiClient({ name: 'BI', expiresAt: new Date(Date.UTC(2026, 10, 30, 13, 0)) });
    const home = adminGet(t);
    expect(sublistRows(home, 'custpage_clients')[0]).toMatchObject({ Name: 'BI', Expires: SHOWN[set].expiry });
    const page = adminGet(t, linkTo(home, 'BI'));
    expect(pageField(page.page, 'custpage_expires')).toBe(SHOWN[set].expiry);
  });

  it("a key created on the admin page with an expiry date (typed in the administrator's format) works through that day in the administrator's time zone", async () => {
    const startMs = Date.UTC(2026, 10, 29, 12);
    const t = await account(prefs, startMs);
    const bad = adminCreateClient(t, { custpage_name: 'wrong format', custpage_expires: SHOWN[set].foreign });
    expect(pageMessages(bad.r)).toMatch(/Expires: not a date in your date format/);
    expect(bad.key).toBe('');
    const { r, key } = adminCreateClient(t, { custpage_name: 'Until 30 Nov', custpage_expires: SHOWN[set].typed });
    expect(key).toMatch(/^nsk_/);
    expect(pageMessages(r)).not.toMatch(/ERROR/);
    const tz = prefs.timeZone;
    const seen: [string, string][] = [];
    for (const [label, ms] of [
      ['30 Nov 00:01 local', zoned(tz, 2026, 11, 30, 0, 1)],
      ['30 Nov 12:00 local', zoned(tz, 2026, 11, 30, 12, 0)],
      ['30 Nov 23:58 local', zoned(tz, 2026, 11, 30, 23, 58)],
      ['1 Dec 00:00 local', zoned(tz, 2026, 12, 1, 0, 0)],
    ] as const) {
      at(t, ms);
      seen.push([label, outcome(t.callProxy({ key }).json)]);
    }
    expect(seen).toEqual([
      ['30 Nov 00:01 local', 'served'],
      ['30 Nov 12:00 local', 'served'],
      ['30 Nov 23:58 local', 'served'],
      ['1 Dec 00:00 local', 'unauthorized'],
    ]);
    // and the page says so, in the administrator's format
    expect(sublistRows(adminGet(t), 'custpage_clients')[0]).toMatchObject({ Name: 'Until 30 Nov', Expires: SHOWN[set].endOfDay });
    // the stored instant itself: the end of 30 Nov where the administrator is (to the minute)
    const stored = t.account.records.list(CLIENT_RECORD.type)[0]!.values[CLIENT_RECORD.fields.expires] as Date;
    expect(Math.floor(stored.getTime() / MIN) * MIN).toBe(zoned(tz, 2026, 11, 30, 23, 59));
  });
});

describe('every date and time format the runtime models', () => {
  // Zones with unusual offsets, so a fixed-offset assumption shows.
  const ZONES = ['Australia/Adelaide', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Honolulu'];
  const cases = DATE_FORMATS.flatMap((dateFormat, i) => TIME_FORMATS.map((timeFormat, j) => ({ dateFormat, timeFormat, timeZone: ZONES[(i + j) % ZONES.length]! })));

  it.each(cases)('$dateFormat $timeFormat $timeZone: a passed expiry is refused, one valid until T is honoured to the minute', async (prefs) => {
    const t = await account(prefs);
    const expired = t.addApiClient({ name: 'expired', expiresAt: new Date(Date.UTC(2026, 0, 5, 14, 0)) });
    const T = Date.UTC(2026, 1, 1, 9, 0); // 1 Feb: a day/month mix-up reads it as 2 Jan
    const until = t.addApiClient({ name: 'until T', expiresAt: new Date(T) });
    expect(outcome(t.callProxy({ key: expired.key }).json)).toBe('unauthorized');
    const seen: string[] = [];
    for (const ms of [START + MIN, T - MIN, T]) {
      at(t, ms);
      seen.push(outcome(t.callProxy({ key: until.key }).json));
    }
    expect(seen).toEqual(['served', 'served', 'unauthorized']);
    t.account.cache.evictAll();
    expect(outcome(t.callProxy({ key: expired.key }).json)).toBe('unauthorized');
  });
});
