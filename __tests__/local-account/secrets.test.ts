/**
 * Secret hygiene over a whole local-account run, over HTTP (the runtime-level counterpart is
 * __tests__/reliability/secrets.test.ts, whose matching approach this reuses).
 *
 * The story, on a fresh temporary state folder: start (the first screen prints the first API key
 * once); run the refresher; get tokens through the proxy with the key; callers with wrong keys, a key
 * in the URL, wrong methods and a wrong external URL; the key admin page through the administrator
 * login link (create a client, rotate its key, create and deactivate another); the clock moves so
 * that the refresher gets a second token; SuiteQL with tokens good and bad; failed refreshes (token
 * endpoint faults injected through `local.harness.endpoint`: the local account has no HTTP switch for
 * them, but it hands its in-memory token endpoint to callers in-process); recovery; the token
 * endpoint used directly with a signed assertion; stop; start again on the same folder; stop.
 *
 * The secrets: every API key handed out (and the wrong keys callers sent: a typo of a real key is
 * a real key), every access token issued (caught at the token endpoint itself, and checked against
 * the SHA-256 list the local account keeps of what it issued), the private key's PEM body lines (in
 * both of its PEM forms). Matched as in the runtime-level test: 16-character windows of an API key's
 * random part, a whole token and 24-character windows of its signature, whole PEM body lines.
 *
 * Scanned, for zero hits:
 *  - everything the process printed: the start screen as `npm start` prints it and every line given
 *    to the `log` option (start.ts prints exactly these), both runs;
 *  - every runtime log line and email, and every record field but the token record's token field;
 *  - every HTTP answer, except the three kinds that carry a secret by design: a proxy answer that
 *    hands out the token (to a valid key), a token endpoint 200 (to a valid assertion), and the key
 *    admin page answer that shows a new key once. So every answer to a request without a valid key
 *    is scanned, and more (status, clock, refresher runs, SuiteQL, login, errors). The three kinds
 *    are scanned too, for every secret but the one they are meant to carry;
 *  - every file in the state folder, after each run, with exactly these exclusions, each the
 *    documented home of a secret (docs/LOCAL.md, "Where the state lives"):
 *     - `private_key.pem`: the private key (still scanned for API keys and tokens);
 *     - in `account.json`, the File Cabinet copies of the two profiles' keys
 *       (`/SuiteScripts/OAuthKeys/private_key.pem` and `reporting_private_key.pem`, where the refresher
 *       reads them, as in NetSuite) and each token record's `custrecord_oauth_token`;
 *     - in `account.json`, the proxy's copies of tokens in its PRIVATE N/cache: N/cache is server-side
 *       memory in NetSuite, which the local account persists with the rest of the account. Only the
 *       tokens are cut out (the rest of each entry is scanned), and only after checking that each is
 *       a token the refresher obtained and still valid when the file was written (the proxy re-reads
 *       a profile's token within a minute of a refresh, by design): a token from elsewhere (e.g. one
 *       requested directly at the endpoint), an expired one, or a token in any other cache fails the test.
 *    NOT excluded: the recorded outbound https requests in `account.json` (`httpsRequests`). They hold
 *    the refresher's signed client assertions, which carry public claims and a signature made WITH
 *    the key, never the key, a token or an API key, so they are scanned like everything else.
 *
 * The first start screen's `export NS_API_KEY=…` and `export NS_API_KEY_REPORTING=…` lines (one client
 * per token profile) are the one place a key is printed, by design (shown once; only hashes are
 * stored): those lines are left out of the scan of printed output, and the test checks each key
 * appears nowhere else on that screen. The restart screen is scanned whole.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tokenEndpointUrl } from '../../src/TypeScript/core/account';
import { CACHE, TOKEN_RECORD } from '../../src/TypeScript/core/names';
import type { TokenResponse } from '../../tools/fake-netsuite';
import { KEY_PATH } from '../../tools/harness';
import { REPORTING_KEY_PATH, startLocalAccount, type LocalAccount } from '../../tools/local-account';
import { startScreen } from '../../tools/local-account/screen';
import type { AccountState } from '../../tools/suitescript-runtime';
import { signJwt, tempDir, testKey, testReportingKey, tokenForm } from './helpers';

const MIN = 60;

interface Secrets {
  apiKeys: Set<string>;
  tokens: Set<string>;
  pemLines: Set<string>;
}

interface Surface {
  what: string;
  text: string;
}

interface ByDesign extends Surface {
  kind: 'proxy token' | 'token endpoint token' | 'new key page';
  /** The one secret this answer is meant to carry. */
  carries: string;
}

interface Story {
  secrets: Secrets;
  /** What the process printed: start screens (the first minus its key line) and log lines, both runs. */
  printed: Surface[];
  firstScreen: string;
  firstKey: string;
  reportingApiKey: string;
  /** The reporting profile's private key PEM body lines (its File Cabinet copy is a documented home). */
  reportingPemLines: string[];
  restartScreen: string;
  /** HTTP answers that are not by design carriers of a secret. */
  answers: Surface[];
  /** Answers that carry one secret by design: scanned for every OTHER secret. */
  byDesign: ByDesign[];
  /** The state folder's files after each run: relative path -> contents. */
  files: { afterRun: string; files: Map<string, string>; accountTimeMs: number }[];
  /** Tokens the refresher got (the endpoint's in-account handler, N/https), as opposed to direct HTTP requests. */
  refresherTokens: Set<string>;
  /** SHA-256 of the issued tokens the local account keeps (local.json), after each run. */
  issuedHashes: string[];
  /** The account state at the end (from account.json). */
  finalState: AccountState;
  refreshOutcomes: string[];
}

let story: Story;
const dirs: string[] = [];
/** Every account started here: stopped in afterAll even if the story failed half-way (stop() is idempotent). */
const running: LocalAccount[] = [];

function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** Substrings that betray a secret (the runtime-level test's windows). */
function fragments(s: Secrets, o: { pem?: boolean } = {}): { what: string; text: string }[] {
  const out: { what: string; text: string }[] = [];
  for (const k of s.apiKeys) {
    const body = k.startsWith('nsk_') ? k.slice(4) : k;
    for (let i = 0; i + 16 <= body.length; i++) out.push({ what: `API key ${k.slice(0, 10)}…`, text: body.slice(i, i + 16) });
  }
  for (const tok of s.tokens) {
    // The whole token, and windows of its signature: its header and payload are public claims (client
    // id, scope, audience) that the client assertion carries too; the signature makes it a credential.
    out.push({ what: `access token …${tok.slice(-8)}`, text: tok });
    const signature = tok.slice(tok.lastIndexOf('.') + 1);
    for (let i = 0; i + 24 <= signature.length; i += 4) out.push({ what: `access token signature …${tok.slice(-8)}`, text: signature.slice(i, i + 24) });
  }
  if (o.pem !== false) for (const line of s.pemLines) out.push({ what: 'private key PEM line', text: line });
  return out;
}

/** What in `surfaces` holds a secret: "<where>: <which secret>" for each hit. */
function hits(surfaces: Surface[], s: Secrets, o: { pem?: boolean } = {}): string[] {
  const f = fragments(s, o);
  const found = new Set<string>();
  for (const surface of surfaces) {
    for (const x of f) if (surface.text.includes(x.text)) found.add(`${surface.what}: ${x.what}`);
    if (o.pem !== false && /PRIVATE KEY-----/.test(surface.text)) found.add(`${surface.what}: a PEM private key header`);
  }
  return [...found];
}

function readTree(dir: string, rel = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = path.join(rel, e.name);
    if (e.isDirectory()) for (const [k, v] of readTree(dir, p)) out.set(k, v);
    else out.set(p, fs.readFileSync(path.join(dir, p), 'utf8'));
  }
  return out;
}

/** The `exp` of an access token (ms), from its public payload. */
function expiresAtMs(token: string): number {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
  return typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
}

/**
 * account.json minus the documented homes of a secret (see the header). Throws if an N/cache entry
 * holds a token that is not the proxy's copy of one the refresher obtained and that is still valid
 * at `accountTimeMs` (the proxy keeps a profile's token for up to a minute after a refresh, by design).
 */
function accountJsonScanned(text: string, refresherTokens: ReadonlySet<string>, accountTimeMs: number): string {
  const state = JSON.parse(text) as AccountState;
  const tokenRows = state.data.records[TOKEN_RECORD.type] ?? [];
  const recordTokens = new Set(tokenRows.map((r) => String((r.values as Record<string, unknown>)[TOKEN_RECORD.fields.token] ?? '')));
  for (const r of tokenRows) delete (r.values as Record<string, unknown>)[TOKEN_RECORD.fields.token];
  state.fileCabinet.files = state.fileCabinet.files.filter((f) => f.path !== KEY_PATH && f.path !== REPORTING_KEY_PATH);
  for (const e of state.cache) {
    const inCache = e.value.match(/[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g) ?? [];
    if (inCache.length === 0) continue;
    // Only the proxy's own (PRIVATE) cache may hold a token, and only its copy of a stored one (cut
    // out here); the rest of the entry is scanned like everything else.
    if (e.name !== CACHE.privateName) throw new Error(`N/cache ${e.name} ${e.key} holds a token; only the proxy's private cache may`);
    for (const tok of inCache) {
      if (!recordTokens.has(tok) && !refresherTokens.has(tok)) throw new Error(`N/cache entry ${e.key} holds a token the refresher never stored (…${tok.slice(-8)})`);
      if (expiresAtMs(tok) <= accountTimeMs) throw new Error(`N/cache entry ${e.key} keeps an expired token (…${tok.slice(-8)})`);
      e.value = e.value.split(tok).join('<a stored token>');
    }
  }
  return JSON.stringify(state);
}

/** The state folder's files as scan surfaces, with the documented exclusions. */
function fileSurfaces(files: Map<string, string>, run: string, refresherTokens: ReadonlySet<string>, accountTimeMs: number): { withPem: Surface[]; keyFile: Surface[] } {
  const withPem: Surface[] = [];
  const keyFile: Surface[] = [];
  for (const [name, text] of files) {
    if (name === 'private_key.pem') keyFile.push({ what: `${run} file ${name}`, text });
    else if (name === 'account.json') withPem.push({ what: `${run} file ${name} (minus the key file, the token field and the cached token)`, text: accountJsonScanned(text, refresherTokens, accountTimeMs) });
    else withPem.push({ what: `${run} file ${name}`, text });
  }
  return { withPem, keyFile };
}

async function liveTheStory(): Promise<Story> {
  const dir = tempDir();
  dirs.push(dir);
  const secrets: Secrets = { apiKeys: new Set(), tokens: new Set(), pemLines: new Set() };
  const printed: Surface[] = [];
  const answers: Surface[] = [];
  const byDesign: ByDesign[] = [];
  const files: Story['files'] = [];
  const refreshOutcomes: string[] = [];
  const refresherTokens = new Set<string>();
  const key = await testKey();
  const reportingKey = await testReportingKey();
  for (const pem of [key.privateKeyPem, key.privateKeyPkcs1OrSec1Pem, reportingKey.privateKeyPem, reportingKey.privateKeyPkcs1OrSec1Pem]) {
    for (const line of pem.split('\n')) if (line.length >= 32 && !line.startsWith('-----')) secrets.pemLines.add(line);
  }

  /** Catches every token the endpoint issues, to scripts (N/https) and over HTTP alike. */
  const watchEndpoint = (local: LocalAccount) => {
    const endpoint = local.harness.endpoint;
    const note = (res: TokenResponse): TokenResponse => {
      if (res.code === 200) {
        try {
          const tok = (JSON.parse(res.body) as { access_token?: unknown }).access_token;
          if (typeof tok === 'string') secrets.tokens.add(tok);
        } catch {
          /* not a token answer */
        }
      }
      return res;
    };
    const handle = endpoint.handle.bind(endpoint);
    const handleAsync = endpoint.handleAsync.bind(endpoint);
    endpoint.handle = (req) => {
      const res = note(handle(req));
      // The sync handler answers the scripts' N/https requests: the refresher.
      if (res.code === 200) refresherTokens.add(String((JSON.parse(res.body) as { access_token?: unknown }).access_token));
      return res;
    };
    endpoint.handleAsync = async (req) => note(await handleAsync(req));
  };
  /** Every profile's stored token. */
  const keepStoredToken = (local: LocalAccount) => {
    for (const r of local.harness.account.records.list(TOKEN_RECORD.type)) {
      const tok = r.values[TOKEN_RECORD.fields.token];
      if (typeof tok === 'string' && tok !== '') secrets.tokens.add(tok);
    }
  };

  /** Any HTTP call (the callers below decide how its answer is scanned). */
  const call = async (what: string, url: string, init: RequestInit = {}) => {
    const res = await fetch(url, { redirect: 'manual', ...init });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      /* HTML or empty */
    }
    return { status: res.status, headers: res.headers, text, json, what };
  };
  const scanned = async (what: string, url: string, init: RequestInit = {}) => {
    const r = await call(what, url, init);
    answers.push({ what: `answer to ${what}`, text: `${r.status} ${JSON.stringify([...r.headers])}\n${r.text}` });
    return r;
  };
  /** The proxy with a key: a token answer is by design; anything else is scanned. */
  const proxy = async (local: LocalAccount, what: string, apiKey: string | null, o: { method?: string; url?: string } = {}) => {
    const headers: Record<string, string> = apiKey === null ? {} : { 'X-API-Key': apiKey };
    const r = await call(what, o.url ?? local.urls.proxy, { method: o.method ?? 'GET', headers });
    if (typeof r.json['access_token'] === 'string') {
      secrets.tokens.add(r.json['access_token']);
      byDesign.push({ kind: 'proxy token', carries: r.json['access_token'], what: `answer to ${what}`, text: `${JSON.stringify([...r.headers])}\n${r.text}` });
    } else answers.push({ what: `answer to ${what}`, text: `${r.status} ${JSON.stringify([...r.headers])}\n${r.text}` });
    return r;
  };
  const postJson = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const moveClock = async (local: LocalAccount, seconds: number) => {
    expect((await scanned(`move the clock ${seconds} s`, `${local.urls.base}/local/clock`, postJson({ advanceSeconds: seconds }))).status).toBe(200);
  };
  const runRefresher = async (local: LocalAccount, what: string) => {
    const r = await scanned(`POST /local/refresher/run (${what})`, `${local.urls.base}/local/refresher/run`, { method: 'POST' });
    expect(r.status).toBe(200);
    refreshOutcomes.push(String(r.json['outcome']));
    keepStoredToken(local);
    return r;
  };
  const suiteql = (local: LocalAccount, what: string, token: string | null) =>
    scanned(what, `${local.urls.suiteql}?limit=5`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Prefer: 'transient', ...(token === null ? {} : { Authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ q: 'SELECT id, companyname, email FROM customer ORDER BY id' }),
    });

  // ------------------------------------------------------------------------------------------ run 1
  const log1: string[] = [];
  const local = await startLocalAccount({ stateDir: dir, port: 0, key, reportingKey, log: (l) => log1.push(l) });
  running.push(local);
  watchEndpoint(local);
  keepStoredToken(local);
  expect(local.started.refresher).toMatchObject({ ok: true, outcome: 'refreshed' });
  const firstKey = local.started.apiKey?.key as string;
  const reportingApiKey = local.started.apiKeys.find((k) => k.name === 'reporting')?.key as string;
  secrets.apiKeys.add(firstKey);
  secrets.apiKeys.add(reportingApiKey);
  const firstScreen = startScreen(local, { interactive: false });
  printed.push({
    what: 'run 1 start screen (minus its two export NS_API_KEY… lines)',
    text: firstScreen
      .split('\n')
      .filter((l) => !l.includes(`export NS_API_KEY=${firstKey}`) && !l.includes(`export NS_API_KEY_REPORTING=${reportingApiKey}`))
      .join('\n'),
  });

  // Refresher ("Execute now"): the token from the start is still fresh.
  await runRefresher(local, 'token still fresh');
  // Tokens through the proxy with the key.
  const t1 = (await proxy(local, 'proxy GET with the key', firstKey)).json['access_token'];
  expect(typeof t1).toBe('string');
  expect((await proxy(local, 'proxy POST with the key', firstKey, { method: 'POST' })).json['access_token']).toBe(t1);
  // The second profile's key: a token of its own, which SuiteQL on customers refuses (its role may not).
  const r1 = (await proxy(local, 'proxy GET with the reporting key', reportingApiKey)).json['access_token'] as string;
  expect(typeof r1).toBe('string');
  expect(r1).not.toBe(t1);
  expect((await suiteql(local, 'SuiteQL with the reporting token', r1)).status).toBe(400);

  // Callers without a valid key (fewer than 10 failures: the 11th from one address is rate limited).
  const typo = `${firstKey.slice(0, -1)}${firstKey.endsWith('A') ? 'B' : 'A'}`;
  const guess = `nsk_${randomBytes(32).toString('base64url')}`;
  secrets.apiKeys.add(typo);
  secrets.apiKeys.add(guess);
  for (const [what, k] of [
    ['no key', null],
    ['a wrong key', guess],
    ['a typo of the key', typo],
    ['a truncated key', firstKey.slice(0, 30)],
    ['the key with a suffix', `${firstKey}x`],
    ['"Bearer <key>"', `Bearer ${firstKey}`],
  ] as const) {
    expect((await proxy(local, `proxy with ${what}`, k)).json['error']).toBe('unauthorized');
  }
  expect((await proxy(local, 'proxy with the key in the URL', firstKey, { url: `${local.urls.proxy}&apikey=${encodeURIComponent(firstKey)}` })).json['error']).toBe('api_key_in_url');
  expect((await proxy(local, 'proxy with the key in the URL only', null, { url: `${local.urls.proxy}&api_key=${encodeURIComponent(firstKey)}` })).json['error']).toBe('api_key_in_url');
  for (const method of ['PUT', 'DELETE']) expect((await proxy(local, `proxy ${method} with the key`, firstKey, { method })).json['error']).toBe('method_not_allowed');
  const wrongNsAt = await proxy(local, 'proxy at a wrong ns-at with the key', firstKey, { url: local.urls.proxy.replace(/ns-at=[0-9a-f]+/, `ns-at=${'0'.repeat(40)}`) });
  expect(wrongNsAt.text).toMatch(/INVALID_EXTERNAL_URL/);

  // A quarter of an hour later the failed attempts are forgotten.
  await moveClock(local, 16 * MIN);

  // The key admin page, as an administrator's browser drives it.
  expect((await scanned('key admin page without a session', local.urls.keyAdmin)).status).toBe(302);
  expect((await scanned('a wrong login code', `${local.urls.base}/local/login?code=nope`)).status).toBe(403);
  const login = await scanned('the printed administrator link', local.urls.adminLogin);
  expect(login.status).toBe(302);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
  expect(cookie).toMatch(/^ns_local_admin=/);
  const adminGet = async (what: string) => {
    const r = await scanned(what, local.urls.keyAdmin, { headers: { Cookie: cookie } });
    expect(r.text).toMatch(/API clients/);
    return /name="custpage_csrf" id="custpage_csrf" value="([^"]+)"/.exec(r.text)?.[1] as string;
  };
  const clientIdOf = (name: string) => String(local.status().apiClients.find((c) => c.name === name)?.id);
  /** A POST to the admin page; an answer that shows a new key is by design (the key is collected), anything else is scanned. */
  const adminPost = async (what: string, form: Record<string, string>) => {
    const csrf = await adminGet(`key admin page before ${what}`);
    const init = { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ custpage_csrf: csrf, ...form, submitter: 'Apply' }).toString() };
    const r = await call(what, local.urls.keyAdmin, init);
    const shown = /nsk_[A-Za-z0-9_-]{43,}/.exec(r.text)?.[0];
    if (shown) {
      secrets.apiKeys.add(shown);
      byDesign.push({ kind: 'new key page', carries: shown, what: `answer to ${what}`, text: r.text });
    } else answers.push({ what: `answer to ${what}`, text: r.text });
    return shown;
  };
  const erpFirst = (await adminPost('create client "erp"', { custpage_action: 'create', custpage_name: 'erp' })) as string;
  expect(erpFirst).toMatch(/^nsk_/);
  const erp = (await adminPost('rotate the key of "erp"', { custpage_action: 'rotate', custpage_client: clientIdOf('erp') })) as string;
  expect(erp).toMatch(/^nsk_/);
  const bi = (await adminPost('create client "bi"', { custpage_action: 'create', custpage_name: 'bi' })) as string;
  expect(await adminPost('deactivate "bi"', { custpage_action: 'deactivate', custpage_client: clientIdOf('bi') })).toBeUndefined();
  await adminGet('key admin page listing the clients');
  expect((await proxy(local, 'proxy with the rotated-away key of "erp"', erpFirst)).json['error']).toBe('unauthorized');
  expect((await proxy(local, 'proxy with the key of the deactivated "bi"', bi)).json['error']).toBe('unauthorized');
  expect((await proxy(local, 'proxy with the new key of "erp"', erp)).json['access_token']).toBe(t1);

  // The clock moves on: 30 minutes later the token has 14 left, under the refresh margin: a second token.
  await moveClock(local, 30 * MIN);
  await runRefresher(local, 'after the clock moved');
  const t2 = (await proxy(local, 'proxy with the key after the refresh', firstKey)).json['access_token'] as string;
  expect(typeof t2).toBe('string');
  expect(t2).not.toBe(t1);
  expect((await suiteql(local, 'SuiteQL with the new token', t2)).status).toBe(200);
  expect((await suiteql(local, 'SuiteQL with the first token (still valid)', t1 as string)).status).toBe(200);
  expect((await suiteql(local, 'SuiteQL with a made-up token', `${t2.slice(0, -10)}AAAAAAAAAA`)).status).toBe(401);
  expect((await suiteql(local, 'SuiteQL without a token', null)).status).toBe(401);

  // Failed refreshes: the token endpoint refuses, answers an HTML error page, drops the connection.
  local.harness.endpoint.injectFault({ kind: 'status', code: 400, error: 'invalid_grant' }, 'always');
  await moveClock(local, 45 * MIN);
  expect((await runRefresher(local, 'token endpoint says invalid_grant')).json['ok']).toBe(false);
  await proxy(local, 'proxy with the key while refreshes fail', firstKey);
  local.harness.endpoint.clearFaults();
  local.harness.endpoint.injectFault({ kind: 'html500' }, 'always');
  expect((await runRefresher(local, 'token endpoint answers an HTML 500')).json['ok']).toBe(false);
  local.harness.endpoint.clearFaults();
  local.harness.endpoint.injectFault({ kind: 'network' }, 'always');
  expect((await runRefresher(local, 'token endpoint drops the connection')).json['ok']).toBe(false);
  local.harness.endpoint.clearFaults();
  const recovered = await runRefresher(local, 'token endpoint back');
  expect(recovered.json).toMatchObject({ ok: true, outcome: 'refreshed' });
  const t3 = (await proxy(local, 'proxy with the key after recovery', erp)).json['access_token'] as string;
  expect(typeof t3).toBe('string');
  expect((await suiteql(local, 'SuiteQL with the third token', t3)).status).toBe(200);

  // The token endpoint used directly (a system that signs its own assertions), and refused.
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'local.json'), 'utf8')) as { clientId: string; certificateId: string; accountId: string };
  const assertion = (alg: string) => {
    const iat = Math.floor(local.clock.now() / 1000);
    return signJwt({ typ: 'JWT', alg, kid: meta.certificateId }, { iss: meta.clientId, scope: ['rest_webservices'], aud: tokenEndpointUrl(meta.accountId), iat, exp: iat + 300 }, key.privateKeyPem);
  };
  const form = { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };
  const direct = await call('token endpoint with a valid assertion', local.urls.tokenEndpoint, { ...form, body: tokenForm(assertion('PS256')) });
  expect(direct.status).toBe(200);
  secrets.tokens.add(direct.json['access_token'] as string);
  byDesign.push({ kind: 'token endpoint token', carries: direct.json['access_token'] as string, what: 'answer to token endpoint with a valid assertion', text: direct.text });
  expect((await scanned('token endpoint with an RS256 assertion', local.urls.tokenEndpoint, { ...form, body: tokenForm(assertion('RS256')) })).status).toBe(400);
  expect((await scanned('token endpoint with no assertion', local.urls.tokenEndpoint, { ...form, body: 'grant_type=client_credentials' })).status).toBe(400);

  // The local account's own pages.
  for (const p of ['/local/status', '/local/clock', '/', '/nothing-here']) await scanned(`GET ${p}`, `${local.urls.base}${p}`);
  keepStoredToken(local);
  await local.stop();
  printed.push(...log1.map((text, i) => ({ what: `run 1 log line ${i + 1}`, text })));
  files.push({ afterRun: 'after run 1', files: readTree(dir), accountTimeMs: local.clock.now() });

  // ------------------------------------------------------------------------------------------ run 2
  const log2: string[] = [];
  const again = await startLocalAccount({ stateDir: dir, port: 0, log: (l) => log2.push(l) });
  running.push(again);
  watchEndpoint(again);
  keepStoredToken(again);
  const restartScreen = startScreen(again, { interactive: false });
  printed.push({ what: 'run 2 start screen', text: restartScreen });
  expect(again.started.apiKey).toBeUndefined();
  expect(again.started.apiKeys).toEqual([]);
  expect(typeof (await proxy(again, 'proxy with the first key after the restart', firstKey)).json['access_token']).toBe('string');
  expect((await proxy(again, 'proxy with a wrong key after the restart', guess)).json['error']).toBe('unauthorized');
  await scanned('GET /local/status after the restart', `${again.urls.base}/local/status`);
  keepStoredToken(again);
  await again.stop();
  printed.push(...log2.map((text, i) => ({ what: `run 2 log line ${i + 1}`, text })));
  files.push({ afterRun: 'after run 2', files: readTree(dir), accountTimeMs: again.clock.now() });

  const localJson = JSON.parse(files[1]!.files.get('local.json') as string) as { issuedTokens: { sha256: string }[] };
  return {
    secrets,
    printed,
    firstScreen,
    firstKey,
    reportingApiKey,
    reportingPemLines: reportingKey.privateKeyPem.split('\n').filter((line) => line.length >= 32 && !line.startsWith('-----')),
    restartScreen,
    answers,
    byDesign,
    files,
    issuedHashes: localJson.issuedTokens.map((e) => e.sha256),
    finalState: JSON.parse(files[1]!.files.get('account.json') as string) as AccountState,
    refreshOutcomes,
    refresherTokens,
  };
}

beforeAll(async () => {
  story = await liveTheStory();
}, 90_000);

afterAll(async () => {
  for (const l of running) await l.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('secret hygiene over a whole local-account run (HTTP, restart)', () => {
  it('the run produced the secrets and failures it is meant to check, and the scan would see them', () => {
    const { secrets, finalState } = story;
    expect(secrets.apiKeys.size).toBe(7); // local-dev, reporting, erp (first and rotated), bi, and two wrong keys callers sent
    expect(secrets.tokens.size).toBeGreaterThanOrEqual(7); // per profile: start, after the clock moved, after recovery; direct at the endpoint
    // Every token the local account says it issued (it keeps the SHA-256 of those not yet expired) was caught.
    const caught = new Set([...secrets.tokens].map(sha256Hex));
    expect(story.issuedHashes.length).toBeGreaterThanOrEqual(3);
    expect(story.issuedHashes.filter((h) => !caught.has(h))).toEqual([]);
    expect(secrets.pemLines.size).toBeGreaterThan(20);
    // Both private keys are watched for (the reporting profile's EC key has short PEM lines of its own).
    expect(story.reportingPemLines.length).toBeGreaterThanOrEqual(2);
    for (const l of story.reportingPemLines) expect(secrets.pemLines.has(l)).toBe(true);
    // ... and the scan sees the reporting key in its File Cabinet home.
    const homes = story.finalState.fileCabinet.files.filter((f) => f.path === REPORTING_KEY_PATH);
    expect(homes).toHaveLength(1);
    expect(story.refreshOutcomes).toEqual(expect.arrayContaining(['skipped', 'refreshed', 'failed']));
    expect(finalState.logs.filter((l) => l.level === 'ERROR').length).toBeGreaterThanOrEqual(3);
    expect(finalState.emails.length).toBeGreaterThanOrEqual(1);
    const kinds = story.byDesign.map((b) => b.kind);
    expect(kinds.filter((k) => k === 'proxy token').length).toBeGreaterThanOrEqual(6);
    expect(kinds.filter((k) => k !== 'proxy token')).toEqual(['new key page', 'new key page', 'new key page', 'token endpoint token']);
    expect(story.answers.length).toBeGreaterThan(35);
    // The proxy's private cache did hold token copies (so cutting them out was checked, not skipped).
    expect(finalState.cache.some((e) => e.name === CACHE.privateName && /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./.test(e.value))).toBe(true);
    // The excluded homes really hold the secrets: the scan is not blind.
    const raw = story.files[1]!.files.get('account.json') as string;
    expect(hits([{ what: 'account.json as written', text: raw }], secrets)).toEqual(
      expect.arrayContaining([expect.stringMatching(/access token/), 'account.json as written: private key PEM line']),
    );
    // The first screen printed each profile's key, once, on its export line: the scan of printed output would catch them elsewhere.
    expect(story.firstScreen.split(story.firstKey)).toHaveLength(2);
    expect(story.firstScreen.split(story.reportingApiKey)).toHaveLength(2);
    expect(hits([{ what: 'first screen', text: story.firstScreen }], secrets).sort()).toEqual(
      [`first screen: API key ${story.firstKey.slice(0, 10)}…`, `first screen: API key ${story.reportingApiKey.slice(0, 10)}…`].sort(),
    );
  });

  it('nothing the process printed (start screens, request and refresher lines, both runs) holds a key, a token or the private key', () => {
    expect(story.printed.length).toBeGreaterThan(50);
    expect(story.printed.some((p) => /proxy → unauthorized/.test(p.text))).toBe(true);
    expect(story.printed.some((p) => /refresher .* → failed/.test(p.text))).toBe(true);
    expect(hits(story.printed, story.secrets)).toEqual([]);
  });

  it('the restart prints no API key at all: it says where to get one', () => {
    expect(story.restartScreen).not.toMatch(/nsk_[A-Za-z0-9_-]{20,}/);
    expect(story.restartScreen).not.toMatch(/export NS_API_KEY=nsk_/);
    expect(story.restartScreen).toMatch(/API keys were shown once/);
  });

  it('no runtime log line, email or record field (but the token field) holds a key, a token or the private key', () => {
    const s = story.finalState;
    const records: Surface[] = [];
    for (const [type, rows] of Object.entries(s.data.records)) {
      for (const r of rows) {
        const values = { ...(r.values as Record<string, unknown>) };
        if (type === TOKEN_RECORD.type) delete values[TOKEN_RECORD.fields.token];
        records.push({ what: `${type} ${r.id}`, text: JSON.stringify(values) });
      }
    }
    expect(records.length).toBeGreaterThanOrEqual(4);
    const surfaces: Surface[] = [
      ...s.logs.map((l) => ({ what: `log "${l.title}"`, text: `${l.title} ${l.details}` })),
      ...s.emails.map((e) => ({ what: `email "${e.subject}"`, text: JSON.stringify(e) })),
      ...records,
    ];
    expect(hits(surfaces, story.secrets)).toEqual([]);
  });

  it('no HTTP answer (but a token handed to a valid key or assertion, and a new key shown once) holds a key, a token or the private key', () => {
    expect(hits(story.answers, story.secrets)).toEqual([]);
  });

  it('an answer that carries a secret by design carries that one only (no other token, no API key, not even the caller\'s own, no private key)', () => {
    const found: string[] = [];
    for (const b of story.byDesign) {
      const others: Secrets = {
        apiKeys: new Set([...story.secrets.apiKeys].filter((k) => k !== b.carries)),
        tokens: new Set([...story.secrets.tokens].filter((t) => t !== b.carries)),
        pemLines: story.secrets.pemLines,
      };
      found.push(...hits([b], others));
      // The secret is there (the scan of this answer is not blind).
      expect(b.text).toContain(b.carries);
    }
    expect(found).toEqual([]);
  });

  it('no file in the state folder holds a key, a token or the private key outside their documented homes, after either run', () => {
    for (const run of story.files) {
      expect([...run.files.keys()]).toEqual(expect.arrayContaining(['account.json', 'certificate.pem', 'local.json', 'local.postman_environment.json', 'private_key.pem']));
      expect([...run.files.keys()].filter((f) => f === 'lock' || f.endsWith('.tmp'))).toEqual([]);
      const { withPem, keyFile } = fileSurfaces(run.files, run.afterRun, story.refresherTokens, run.accountTimeMs);
      expect(hits(withPem, story.secrets)).toEqual([]);
      expect(hits(keyFile, story.secrets, { pem: false })).toEqual([]);
    }
  });

  it('logs carry fingerprints instead', () => {
    const logs = story.finalState.logs.map((l) => `${l.title} ${l.details}`).join('\n');
    expect(logs).toMatch(/key=sha256:[0-9a-f]{8}/);
    expect(logs).toMatch(/token sha256:[0-9a-f]{8} expires/);
  });
});
