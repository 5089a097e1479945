/**
 * The local account's state folder: a restart keeps records, clients, key, integration, the token
 * and the clock; --reset starts over (and deletes only its own files); files are private; no API key
 * is ever written; one process per folder; a busy port gets a message that says what to do.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { LocalAccountError, LocalStateError, startLocalAccount } from '../../tools/local-account';
import { cleanup, getJson, proxyToken, suiteql, tempDir, testKey } from './helpers';

afterAll(cleanup);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function newDir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

function allFiles(dir: string): string {
  return fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
}

describe('restart', () => {
  it('keeps the API client, the token record, the integration and the clock; the same key and token still work', async () => {
    const dir = newDir();
    const key = await testKey();
    const first = await startLocalAccount({ stateDir: dir, port: 0, key, scheduler: false });
    expect(first.started.created).toBe(true);
    const apiKey = first.started.apiKey?.key as string;
    const reportingKey = first.started.apiKeys[1]?.key as string;
    expect(first.started.apiKeys.map((k) => [k.name, k.profile])).toEqual([['local-dev', 'Default'], ['reporting', 'Reporting (no customers)']]);
    const token = await proxyToken(first, apiKey);
    const reportingToken = await proxyToken(first, reportingKey);
    const proxyPath = first.urls.proxy.replace(first.urls.base, '');
    first.clock.advance(2 * 60_000);
    await first.stop();

    // Private files; the API key is written nowhere.
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of fs.readdirSync(dir)) expect([f, fs.statSync(path.join(dir, f)).mode & 0o777]).toEqual([f, 0o600]);
    expect(fs.existsSync(path.join(dir, 'lock'))).toBe(false);
    expect(allFiles(dir)).not.toContain(apiKey);
    expect(allFiles(dir)).not.toContain(reportingKey);

    const again = await startLocalAccount({ stateDir: dir, port: 0, scheduler: false, refreshOnStart: false });
    try {
      expect(again.started).toEqual({ created: false, wasReset: false, apiKeys: [] });
      expect(again.urls.proxy.replace(again.urls.base, '')).toBe(proxyPath);
      expect(again.clock.offsetMs()).toBeGreaterThan(2 * 60_000 - 5_000);
      expect(again.harness.tokenRecord()?.['custrecord_oauth_token']).toBe(token);
      // The token issued before the restart still passes REST (until it expires), and the proxy still hands it out.
      expect((await suiteql(again, token, 'SELECT id FROM customer')).status).toBe(200);
      expect(await proxyToken(again, apiKey)).toBe(token);
      // The second profile, its client and its token survive too.
      expect(await proxyToken(again, reportingKey)).toBe(reportingToken);
      // The refresher still signs with the persisted key for the persisted integration.
      again.clock.advance(45 * 60_000);
      expect(again.runRefresher()).toMatchObject({ ok: true, outcome: 'refreshed', token: { status: 'Active' } });
    } finally {
      await again.stop();
    }
  });
});

describe('--new-api-key', () => {
  it('adds a client to an existing account and hands its key out once; the first key keeps working', async () => {
    const dir = newDir();
    const first = await startLocalAccount({ stateDir: dir, port: 0, key: await testKey(), scheduler: false });
    const firstKey = first.started.apiKey?.key as string;
    await first.stop();
    const again = await startLocalAccount({ stateDir: dir, port: 0, scheduler: false, newApiKeyName: 'erp' });
    try {
      expect(again.started.apiKey?.name).toBe('erp');
      const erpKey = again.started.apiKey?.key as string;
      expect(again.status().apiClients.map((c) => [c.name, c.profile])).toEqual([['local-dev', 'Default'], ['reporting', 'Reporting (no customers)'], ['erp', 'Default']]);
      for (const k of [firstKey, erpKey]) expect(typeof (await getJson(again.urls.proxy, { headers: { 'X-API-Key': k } })).json['access_token']).toBe('string');
    } finally {
      await again.stop();
    }
    expect(allFiles(dir)).not.toContain(firstKey);
  });
});

describe('--reset', () => {
  it('starts over with a new key and client; the old key stops working; files that are not its own stay', async () => {
    const dir = newDir();
    const first = await startLocalAccount({ stateDir: dir, port: 0, key: await testKey(), scheduler: false });
    const oldKey = first.started.apiKey?.key as string;
    await first.stop();
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');

    const reset = await startLocalAccount({ stateDir: dir, port: 0, reset: true, scheduler: false });
    try {
      expect(reset.started).toMatchObject({ created: true, wasReset: true, apiKey: { name: 'local-dev' } });
      const newKey = reset.started.apiKey?.key as string;
      expect(newKey).not.toBe(oldKey);
      expect((await getJson(reset.urls.proxy, { headers: { 'X-API-Key': oldKey } })).json['error']).toBe('unauthorized');
      expect(typeof (await getJson(reset.urls.proxy, { headers: { 'X-API-Key': newKey } })).json['access_token']).toBe('string');
      expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    } finally {
      await reset.stop();
    }
  });
});

describe('one account per folder and port', () => {
  it('refuses a second start on a folder in use, and a busy port with advice; then starts fine', async () => {
    const dir = newDir();
    const key = await testKey();
    const running = await startLocalAccount({ stateDir: dir, port: 0, key, scheduler: false, refreshOnStart: false });
    try {
      await expect(startLocalAccount({ stateDir: dir, port: 0, scheduler: false })).rejects.toThrow(LocalStateError);
    } finally {
      await running.stop();
    }

    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as net.AddressInfo).port;
    try {
      const e = await startLocalAccount({ stateDir: dir, port: busy, scheduler: false, refreshOnStart: false }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(LocalAccountError);
      expect((e as LocalAccountError).code).toBe('PORT_IN_USE');
      expect((e as Error).message).toMatch(new RegExp(`Port ${busy} .* in use.*--port ${busy + 1}`));
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
    // The failed start released the folder.
    const ok = await startLocalAccount({ stateDir: dir, port: 0, scheduler: false, refreshOnStart: false });
    await ok.stop();
  });

  it('refuses a state folder inside src/ (a deploy would upload the key)', async () => {
    await expect(startLocalAccount({ stateDir: path.join(__dirname, '..', '..', 'src', 'keys'), port: 0 })).rejects.toThrow(/must not be inside/);
  });
});

describe('a state folder of an earlier version', () => {
  it('is refused with advice to start over (before token profiles, the refresher settings lived elsewhere)', async () => {
    const dir = newDir();
    const first = await startLocalAccount({ stateDir: dir, port: 0, key: await testKey(), scheduler: false, refreshOnStart: false });
    await first.stop();
    const file = path.join(dir, 'local.json');
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), version: 1 }));
    const e = await startLocalAccount({ stateDir: dir, port: 0, scheduler: false }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LocalStateError);
    expect((e as Error).message).toMatch(/written by another version \(1\)\. Start over with --reset/);
    const reset = await startLocalAccount({ stateDir: dir, port: 0, scheduler: false, refreshOnStart: false, reset: true });
    expect(reset.started.created).toBe(true);
    await reset.stop();
  });
});
