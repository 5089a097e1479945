/**
 * Token profiles (issue 11, DESIGN.md section 3 "Token profiles") with the BUILT refresher and proxy
 * in the SuiteScript runtime: each API client gets the token of its own profile (its own role),
 * never another's; one profile's failure leaves the others' tokens, status and alerts alone; 50
 * profiles refresh within governance; a run cut short by governance resumes; and the on-demand
 * deployment sees the same (company preference) configuration.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createTestAccount, harnessKey, type TestAccount } from '../../tools/harness';
import { CLIENT_RECORD, PROFILE_RECORD, SCRIPTS, STATUS_LIST, TOKEN_RECORD } from '../../src/TypeScript/core/names';
import { MIN, outcome } from './scenarioHelpers';

const F = TOKEN_RECORD.fields;
const PF = PROFILE_RECORD.fields;
const DEFAULT_ROLE = '3'; // the harness's default mapping (Administrator in the fake endpoint)

function statusOf(t: TestAccount, profileKey?: string): string | undefined {
  const rec = t.tokenRecord(profileKey);
  if (!rec) return undefined;
  return t.account.lists.values(STATUS_LIST.scriptId).find((v) => String(v.id) === String(rec[F.status]))?.name;
}

function tokenOf(t: TestAccount, profileKey?: string): string {
  return String(t.tokenRecord(profileKey)?.[F.token] ?? '');
}

function roleOf(t: TestAccount, token: unknown): string {
  const v = t.endpoint.verifyAccessToken(String(token));
  return v.ok ? v.role : `invalid: ${v.reason}`;
}

/** A default profile plus two record profiles with their own roles, a client for each. */
async function twoProfiles() {
  const t = await createTestAccount();
  t.configureRefresher();
  const reader = await t.addProfile({ name: 'Warehouse (read only)', role: '1001' });
  const writer = await t.addProfile({ name: 'Orders (read/write)', role: '1002' });
  const run = t.runRefresher();
  expect(run.ok).toBe(true);
  const clients = {
    reader: t.addApiClient({ name: 'warehouse', profile: reader.id }),
    writer: t.addApiClient({ name: 'orders', profile: writer.id }),
    plain: t.addApiClient({ name: 'erp' }),
  };
  return { t, reader, writer, clients };
}

beforeAll(async () => {
  await harnessKey(undefined);
});

describe('profiles: each client gets only its own token', () => {
  it('two profiles with different roles and the default: three tokens, each client gets its own role', async () => {
    const { t, reader, writer, clients } = await twoProfiles();
    const expected = { reader: ['1001', tokenOf(t, reader.id)], writer: ['1002', tokenOf(t, writer.id)], plain: [DEFAULT_ROLE, tokenOf(t)] };
    expect(new Set(Object.values(expected).map((e) => e[1])).size).toBe(3);
    for (const round of [0, 1, 2]) {
      if (round === 2) t.account.cache.evictAll();
      t.clock.advance(7_000);
      for (const [name, c] of Object.entries(clients)) {
        const { json } = t.callProxy({ key: c.key });
        expect([round, name, roleOf(t, json['access_token']), json['access_token']]).toEqual([round, name, ...expected[name as keyof typeof expected]]);
      }
    }
    // the warm path of a profile client costs what the default's does: 2 units
    t.clock.advance(1_000);
    for (const c of Object.values(clients)) expect(t.callProxy({ key: c.key }).result.usage).toBe(2);
  });

  it('after a refresh, each client gets its own profile\'s new token within 60 s', async () => {
    const { t, reader, writer, clients } = await twoProfiles();
    for (const c of Object.values(clients)) t.callProxy({ key: c.key });
    t.clock.advance(45 * MIN);
    expect(t.runRefresher().ok).toBe(true);
    const fresh = { reader: tokenOf(t, reader.id), writer: tokenOf(t, writer.id), plain: tokenOf(t) };
    const refreshedAt = t.clock.now();
    const switched: Record<string, number> = {};
    for (let s = 0; s <= 90; s += 5) {
      t.clock.set(refreshedAt + s * 1000);
      for (const [name, c] of Object.entries(clients)) {
        const token = t.callProxy({ key: c.key }).json['access_token'];
        if (token === fresh[name as keyof typeof fresh] && switched[name] === undefined) switched[name] = s;
        if (switched[name] !== undefined) expect([name, s, token]).toEqual([name, s, fresh[name as keyof typeof fresh]]);
      }
    }
    expect(Object.keys(switched).sort()).toEqual(['plain', 'reader', 'writer']);
    for (const s of Object.values(switched)) expect(s).toBeLessThanOrEqual(60);
  });

  it('deactivating a profile (record UI or a direct write) gives its client token_unavailable within 60 s, never another profile\'s token; the others keep theirs', async () => {
    for (const path of ['record UI', 'direct write'] as const) {
      const { t, reader, clients } = await twoProfiles();
      for (const c of Object.values(clients)) expect(outcome(t.callProxy({ key: c.key }).json)).toBe('served');
      t.clock.advance(3_000);
      const changedAt = t.clock.now();
      if (path === 'record UI') t.account.editRecordAsUser(PROFILE_RECORD.type, Number(reader.id), { isinactive: true });
      else t.account.records.update(PROFILE_RECORD.type, Number(reader.id), { isinactive: true });
      const seen: { after: number; answer: string; role: string }[] = [];
      for (let s = 0; s <= 120; s += 2) {
        t.clock.set(changedAt + s * 1000);
        const { json } = t.callProxy({ key: clients.reader.key });
        seen.push({ after: s, answer: outcome(json), role: json['access_token'] ? roleOf(t, json['access_token']) : '-' });
        // the other clients are untouched
        if (s % 20 === 0) {
          expect(roleOf(t, t.callProxy({ key: clients.writer.key }).json['access_token'])).toBe('1002');
          expect(roleOf(t, t.callProxy({ key: clients.plain.key }).json['access_token'])).toBe(DEFAULT_ROLE);
        }
      }
      // never another profile's token
      expect([path, seen.filter((x) => x.answer === 'served' && x.role !== '1001')]).toEqual([path, []]);
      const first = seen.find((x) => x.answer !== 'served');
      expect([path, first?.answer]).toEqual([path, 'token_unavailable']);
      expect(first!.after).toBeLessThanOrEqual(60);
      expect([path, seen.filter((x) => x.after >= first!.after && x.answer !== 'token_unavailable')]).toEqual([path, []]);
    }
  });

  it('two clients of one profile: deactivating it stops the second client within 60 s too, however their token copies interleave', async () => {
    const { t, reader } = await twoProfiles();
    const first = t.addApiClient({ name: 'warehouse A', profile: reader.id });
    const second = t.addApiClient({ name: 'warehouse B', profile: reader.id });
    t.clock.advance(61_000);
    const start = t.clock.now();
    expect(outcome(t.callProxy({ key: first.key }).json)).toBe('served'); // reads the profile's records: a fresh copy
    t.clock.set(start + 1_000);
    t.account.records.update(PROFILE_RECORD.type, Number(reader.id), { isinactive: true });
    t.clock.set(start + 59_000);
    expect(outcome(t.callProxy({ key: second.key }).json)).toBe('served'); // takes the shared copy, read at start
    t.clock.set(start + 61_000);
    expect(outcome(t.callProxy({ key: second.key }).json)).toBe('token_unavailable');
    expect(outcome(t.callProxy({ key: first.key }).json)).toBe('token_unavailable');
  });

  it('moving a client to another profile gives it that profile\'s token (and never a mix)', async () => {
    const { t, writer, clients } = await twoProfiles();
    expect(roleOf(t, t.callProxy({ key: clients.reader.key }).json['access_token'])).toBe('1001');
    t.clock.advance(1_000);
    const changedAt = t.clock.now();
    t.account.editRecordAsUser(CLIENT_RECORD.type, Number(clients.reader.id), { [CLIENT_RECORD.fields.profile]: Number(writer.id) });
    const roles: [number, string][] = [];
    for (let ms = 0; ms <= 10_000; ms += 500) {
      t.clock.set(changedAt + ms);
      roles.push([ms, roleOf(t, t.callProxy({ key: clients.reader.key }).json['access_token'])]);
    }
    const switched = roles.find(([, r]) => r === '1002')!;
    expect(switched[0]).toBeLessThanOrEqual(5_000);
    expect(roles.filter(([ms, r]) => (ms < switched[0] ? r !== '1001' : r !== '1002'))).toEqual([]);
  });
});

describe('profiles: one profile failing leaves the others alone', () => {
  it('broken profiles (no certificate id, RS256, a revoked certificate) each get their error on their own token record and one alert naming them; the good ones are refreshed and not alerted about', async () => {
    const t = await createTestAccount();
    t.configureRefresher();
    const good = await t.addProfile({ name: 'Good', role: '1001' });
    const noCert = await t.addProfile({ name: 'No certificate id', role: '1002', fields: { [PF.certificateId]: null } });
    const rs256 = await t.addProfile({ name: 'Old algorithm', role: '1003', fields: { [PF.algorithm]: 'RS256' } });
    const revoked = await t.addProfile({ name: 'Revoked mapping', role: '1004' });
    t.endpoint.revokeCertificate(revoked.certificateId);
    const run = t.runRefresher();
    expect(run.ok).toBe(true);

    expect([statusOf(t), statusOf(t, good.id)]).toEqual(['Active', 'Active']);
    expect([t.tokenRecord()![F.lastError], t.tokenRecord(good.id)![F.lastError]]).toEqual(['', '']);
    expect(roleOf(t, tokenOf(t, good.id))).toBe('1001');
    const errors = Object.fromEntries([noCert, rs256, revoked].map((p) => [p.name, { status: statusOf(t, p.id), token: tokenOf(t, p.id), error: String(t.tokenRecord(p.id)?.[F.lastError] ?? '') }]));
    expect(errors['No certificate id']).toMatchObject({ token: '', error: expect.stringMatching(/custrecord_oauth_profile_cert_id/) });
    expect(errors['Old algorithm']).toMatchObject({ token: '', error: expect.stringMatching(/RS256/) });
    expect(errors['Revoked mapping']).toMatchObject({ token: '', error: expect.stringMatching(/HTTP 40[01] invalid_(grant|client)/) });
    for (const e of Object.values(errors)) expect(e.status).not.toBe('Active');

    // one alert per broken profile, naming it; none about the good ones
    const subjects = t.account.emails.map((e) => `${e.subject}\n${e.body}`);
    for (const p of [noCert, rs256, revoked]) expect([p.name, subjects.filter((s) => s.includes(p.name)).length]).toEqual([p.name, 1]);
    expect(subjects).toHaveLength(3);
    expect(subjects.join('\n')).not.toMatch(/Good|Default/);

    // the next runs neither alert again nor touch the good tokens
    const goodToken = tokenOf(t, good.id);
    t.clock.advance(15 * MIN);
    expect(t.runRefresher().ok).toBe(true);
    t.clock.advance(15 * MIN);
    expect(t.runRefresher().ok).toBe(true);
    expect(t.account.emails).toHaveLength(3);
    expect(tokenOf(t, good.id)).toBe(goodToken);
    expect(statusOf(t, good.id)).toBe('Active');
  });

  it("a profile whose mapping NetSuite revokes keeps its still-valid token (status Error, one alert); the other profile's token, status and alerts are untouched", async () => {
    const { t, reader, writer, clients } = await twoProfiles();
    const before = { reader: tokenOf(t, reader.id), writer: tokenOf(t, writer.id), default: tokenOf(t) };
    t.endpoint.revokeCertificate(writer.certificateId);
    t.clock.advance(45 * MIN); // inside the refresh margin for all
    expect(t.runRefresher().ok).toBe(true);
    expect([statusOf(t), statusOf(t, reader.id), statusOf(t, writer.id)]).toEqual(['Active', 'Active', 'Error']);
    expect(tokenOf(t, reader.id)).not.toBe(before.reader);
    expect(tokenOf(t)).not.toBe(before.default);
    expect(tokenOf(t, writer.id)).toBe(before.writer); // still valid: kept
    expect(String(t.tokenRecord(reader.id)![F.lastError])).toBe('');
    expect(t.account.emails.map((e) => e.subject)).toEqual([expect.stringContaining(`Orders (read/write)`)]);
    // every client still gets a token of its own role
    t.clock.advance(61_000);
    expect(roleOf(t, t.callProxy({ key: clients.reader.key }).json['access_token'])).toBe('1001');
    expect(roleOf(t, t.callProxy({ key: clients.writer.key }).json['access_token'])).toBe('1002');
    expect(roleOf(t, t.callProxy({ key: clients.plain.key }).json['access_token'])).toBe(DEFAULT_ROLE);
  });
});

describe('profiles: scale and governance', () => {
  async function fifty(): Promise<{ t: TestAccount; ids: string[] }> {
    const t = await createTestAccount();
    t.configureRefresher();
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push((await t.addProfile({ name: `System ${i + 1}`, role: String(2000 + i) })).id);
    return { t, ids };
  }
  const withToken = (t: TestAccount, ids: string[]) => [undefined, ...ids].filter((id) => statusOf(t, id) === 'Active' && tokenOf(t, id) !== '').length;

  it('50 profiles (and the default) refresh in one run, far inside 10,000 units; the next run skips cheaply without loading jsrsasign', async () => {
    const { t, ids } = await fifty();
    const run = t.runRefresher();
    console.log(`profiles: 50 profiles + default refreshed in one run: ${run.usage} units (of 10,000), ${run.logLines} log lines`);
    expect(run.ok).toBe(true);
    expect(withToken(t, ids)).toBe(51);
    expect(run.usage).toBeLessThan(5_000);
    for (const [i, id] of ids.entries()) expect(roleOf(t, tokenOf(t, id))).toBe(String(2000 + i));
    t.clock.advance(15 * MIN);
    const skip = t.runRefresher();
    console.log(`profiles: skip run with 51 fresh tokens: ${skip.usage} units, ${skip.bytesLoaded} bytes loaded`);
    expect(skip.ok).toBe(true);
    expect(t.endpoint.requests).toHaveLength(51);
    expect(skip.usage).toBeLessThanOrEqual(2);
    expect(skip.loadedFiles.map((f) => f.path).join(' ')).not.toMatch(/jsrsasign/);
  });

  it('a run with little governance left stops cleanly; the next runs refresh the rest, least recently attempted first (none starves)', async () => {
    const { t, ids } = await fifty();
    const first = t.runRefresher({ remainingUsage: 600 });
    expect(first.ok).toBe(true);
    expect(first.usageExceeded).toBe(false);
    const afterFirst = withToken(t, ids);
    console.log(`profiles: a run started with 600 units refreshed ${afterFirst} of 51 profiles (${first.usage} units used)`);
    expect(afterFirst).toBeGreaterThan(0);
    expect(afterFirst).toBeLessThan(51);
    expect(first.logs.map((l) => `${l.title} ${l.details}`).join('\n')).toMatch(/left for the next run/);
    // Only short runs: each makes progress, and all are served after ceil(51 / n) + 1 of them.
    const counts = [afterFirst];
    const maxRuns = Math.ceil(51 / afterFirst) + 1;
    for (let i = 0; i < maxRuns && counts[counts.length - 1]! < 51; i++) {
      t.clock.advance(MIN);
      const r = t.runRefresher({ remainingUsage: 600 });
      expect(r.ok).toBe(true);
      counts.push(withToken(t, ids));
    }
    console.log(`profiles: profiles with a token after each 600-unit run: ${counts.join(', ')}`);
    expect(counts[counts.length - 1]).toBe(51);
    for (let i = 1; i < counts.length; i++) expect(counts[i]!).toBeGreaterThan(counts[i - 1]!);
    // nothing was refreshed twice while others waited
    expect(t.endpoint.requests).toHaveLength(51);
  });
});

describe('profiles: the on-demand deployment', () => {
  it('customdeploy_oauth_token_refresher_now reads the same company-preference configuration and refreshes', async () => {
    const t = await createTestAccount();
    t.configureRefresher();
    const p = await t.addProfile({ name: 'Warehouse', role: '1001' });
    const run = t.runRefresher({ deploymentId: SCRIPTS.refresher.onDemandDeploymentId });
    expect(run.ok).toBe(true);
    expect([statusOf(t), statusOf(t, p.id)]).toEqual(['Active', 'Active']);
    expect(roleOf(t, tokenOf(t, p.id))).toBe('1001');
  });

  it.each([
    ['created in a CSV import that runs server scripts', true],
    ['created by a path without user events (CSV import without server scripts)', false],
  ])('a new profile %s: its client gets token_unavailable, the proxy queues the on-demand run, and the token follows within 60 s', async (_label, serverScripts) => {
    const t = await createTestAccount();
    t.configureRefresher();
    expect(t.runRefresher().ok).toBe(true);
    t.clock.advance(2 * MIN);
    expect(t.runRefresher().ok).toBe(true); // a skip run: the refresher's view of the profiles is cached
    // the new mapping exists at NetSuite (addProfile registers it); its record arrives by CSV
    const registered = await t.addProfile({ name: 'scratch', role: '1007' });
    const values = Object.fromEntries(Object.entries(t.account.records.get(PROFILE_RECORD.type, Number(registered.id))!.values).filter(([k]) => k !== 'created' && k !== 'lastmodified'));
    t.account.records.remove(PROFILE_RECORD.type, Number(registered.id));
    t.account.cache.evictAll();
    expect(t.runRefresher().ok).toBe(true); // lists again (no profile records yet), caches its view
    t.clock.advance(MIN);
    const imported = t.account.csvImport(PROFILE_RECORD.type, [{ ...values, name: 'Imported' }], { runServerSuiteScript: serverScripts });
    expect(imported.errors).toEqual([]);
    const profileId = String(imported.ids[0]);
    const c = t.addApiClient({ name: 'new system', profile: profileId });
    expect(t.callProxy({ key: c.key }).json).toMatchObject({ error: 'token_unavailable', retry_after: expect.any(Number) });
    expect(t.account.tasks.map((x) => x.deploymentId)).toEqual([SCRIPTS.refresher.onDemandDeploymentId]);
    const queued = t.account.runQueuedTasks();
    expect(queued.map((r) => r.ok)).toEqual([true]);
    t.clock.advance(61_000);
    const { json } = t.callProxy({ key: c.key });
    // the on-demand run refreshed the new profile (its summary line names it)
    expect(queued[0]!.logs.map((l) => `${l.title}: ${l.details}`).join('\n')).toMatch(/Imported: expires/);
    expect(outcome(json)).toBe('served');
    expect(roleOf(t, json['access_token'])).toBe('1007');
  });
});
