// Helpers for the local account's tests: a fresh account in a temporary folder on a free port, signed
// client assertions made with node:crypto (independent of the product's jsrsasign and of the fake
// endpoint's jose), and small HTTP helpers.
import { constants, createPrivateKey, sign } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cachedSigningKey, type SigningKeyMaterial } from '../../tools/keys';
import { startLocalAccount, type LocalAccount, type LocalAccountOptions } from '../../tools/local-account';

export const DAY = 86_400_000;

/** One RSA-3072 key per test process, valid from yesterday (the local clock is real time). */
export function testKey(): Promise<SigningKeyMaterial> {
  return cachedSigningKey({ alg: 'PS256', rsaBits: 3072, notBefore: new Date(Math.floor(Date.now() / DAY) * DAY - DAY) });
}

/** The "Reporting (no customers)" profile's key (ES256), also cached per test process. */
export function testReportingKey(): Promise<SigningKeyMaterial> {
  return cachedSigningKey({ alg: 'ES256', notBefore: new Date(Math.floor(Date.now() / DAY) * DAY - DAY) });
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ns-local-test-'));
}

export interface Started {
  local: LocalAccount;
  dir: string;
  /** The default profile's client key (local-dev). */
  apiKey: string;
  /** The "Reporting (no customers)" profile's client key (reporting), on a new account. */
  reportingKey: string;
  logs: string[];
}

const cleanups: (() => Promise<void>)[] = [];

/** Starts an account in a new temporary folder (removed by `cleanup()`). */
export async function startTemp(options: Partial<LocalAccountOptions> = {}): Promise<Started> {
  const dir = options.stateDir ?? tempDir();
  const logs: string[] = [];
  const local = await startLocalAccount({ port: 0, key: await testKey(), reportingKey: await testReportingKey(), log: (l) => logs.push(l), ...options, stateDir: dir });
  cleanups.push(async () => {
    await local.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const reportingKey = local.started.apiKeys.find((k) => k.name === 'reporting')?.key ?? '';
  return { local, dir, apiKey: local.started.apiKey?.key ?? '', reportingKey, logs };
}

/** Stops every account started by startTemp and removes its folder. */
export async function cleanup(): Promise<void> {
  while (cleanups.length) await (cleanups.pop() as () => Promise<void>)();
}

export async function getJson(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; json: Record<string, unknown>; text: string }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* not JSON: tests look at text */
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** Asks the proxy Suitelet for a token with the key. */
export async function proxyToken(local: LocalAccount, apiKey: string): Promise<string> {
  const { json } = await getJson(local.urls.proxy, { headers: { 'X-API-Key': apiKey } });
  if (typeof json['access_token'] !== 'string') throw new Error(`no token from the proxy: ${JSON.stringify(json)}`);
  return json['access_token'];
}

export function suiteql(local: LocalAccount, token: string | null, q: unknown, query = '', extraHeaders: Record<string, string> = {}) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Prefer: 'transient', ...extraHeaders };
  if (token !== null) headers['Authorization'] = `Bearer ${token}`;
  return getJson(`${local.urls.suiteql}${query}`, { method: 'POST', headers, body: typeof q === 'string' ? JSON.stringify({ q }) : JSON.stringify(q) });
}

function b64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');
}

/** A compact JWS signed with node:crypto: PS256/384/512 (PSS, salt = hash length) or RS256. */
export function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, privateKeyPem: string): string {
  const alg = String(header['alg']);
  const input = `${b64url(header)}.${b64url(payload)}`;
  const bits = Number(alg.slice(2));
  const hash = `sha${bits}`;
  const key = createPrivateKey(privateKeyPem);
  const signature = alg.startsWith('PS')
    ? sign(hash, Buffer.from(input), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: bits / 8 })
    : sign(hash, Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}

export function tokenForm(assertion: string): string {
  return new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
  }).toString();
}
