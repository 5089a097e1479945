/**
 * The local account's own endpoints under /local/ (not NetSuite's): the administrator login that
 * starts a session for the key admin page, the status, "Execute now" for the refresher, and the
 * account clock. POSTs from web pages of other origins are refused.
 */
import type * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AccountClock } from './clock';
import { type Answer, htmlPage, jsonAnswer, sameSecret } from './http';
import { SESSION_COOKIE } from './suitelets';

export interface ControlDeps {
  clock: AccountClock;
  /** The code of the printed login link (valid while the process runs). */
  loginCode: string;
  sessions: Set<string>;
  /** Where the login sends the new session: the key admin page's internal URL. */
  keyAdminUrl(): string;
  /** `host:port` forms the server answers to. */
  allowedHosts(): ReadonlySet<string>;
  base(): string;
  status(): unknown;
  runRefresher(): { outcome: string };
  changed(): void;
}

const CLOCK_HELP = 'Send JSON: {"advanceSeconds": 3600} or {"set": "2026-01-15T10:00:00Z"}.';

function clockAnswer(clock: AccountClock, note: string): Answer {
  return jsonAnswer(200, { accountTime: new Date(clock.now()).toISOString(), speed: clock.speed }, note);
}

function login(deps: ControlDeps, url: URL): Answer {
  const code = url.searchParams.get('code');
  if (code !== null && sameSecret(code, deps.loginCode)) {
    const sid = randomBytes(24).toString('base64url');
    deps.sessions.add(sid);
    return {
      status: 302,
      headers: { location: deps.keyAdminUrl(), 'set-cookie': `${SESSION_COOKIE}=${sid}; HttpOnly; SameSite=Strict; Path=/`, 'cache-control': 'no-store' },
      body: '',
      note: '302 admin session started',
    };
  }
  return {
    status: code === null ? 200 : 403,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body: htmlPage('Local NetSuite account: administrator login', [
      code === null ? 'The key admin page needs a logged-in administrator.' : 'That login link is not valid (it changes every time the local account starts).',
      'Open the administrator link that <code>npm start</code> printed under "Key admin page". It starts a session for this browser.',
    ]),
    note: code === null ? '200 login page' : '403 wrong login code',
  };
}

function moveClock(deps: ControlDeps, body: string): Answer {
  let req: { advanceSeconds?: unknown; set?: unknown };
  try {
    req = JSON.parse(body || '{}') as typeof req;
  } catch {
    return jsonAnswer(400, { error: 'invalid_request', message: CLOCK_HELP }, '400 clock');
  }
  if (typeof req.advanceSeconds === 'number' && Number.isFinite(req.advanceSeconds)) deps.clock.advance(req.advanceSeconds * 1000);
  else if (typeof req.set === 'string' && Number.isFinite(Date.parse(req.set))) deps.clock.set(Date.parse(req.set));
  else return jsonAnswer(400, { error: 'invalid_request', message: CLOCK_HELP }, '400 clock');
  deps.changed();
  return clockAnswer(deps.clock, `200 clock now ${new Date(deps.clock.now()).toISOString()}`);
}

export function handleControl(deps: ControlDeps, req: http.IncomingMessage, url: URL, headers: Record<string, string>, body: string): Answer {
  const method = req.method ?? 'GET';
  const origin = headers['origin'];
  if (method !== 'GET' && origin !== undefined && !deps.allowedHosts().has(origin.replace(/^https?:\/\//, ''))) {
    return jsonAnswer(403, { error: 'forbidden', message: 'Requests from web pages of other origins are refused.' }, '403 other origin');
  }
  const only = (allowed: string) => jsonAnswer(405, { error: 'method_not_allowed', message: `Use ${allowed}.` }, '405', { allow: allowed });
  switch (url.pathname) {
    case '/local/login':
      return login(deps, url);
    case '/local/status':
      return method === 'GET' ? jsonAnswer(200, deps.status(), '200 status') : only('GET');
    case '/local/refresher/run': {
      if (method !== 'POST') return only('POST');
      const s = deps.runRefresher();
      return jsonAnswer(200, s, `200 refresher ${s.outcome}`);
    }
    case '/local/clock':
      if (method === 'GET') return clockAnswer(deps.clock, '200 clock');
      return method === 'POST' ? moveClock(deps, body) : only('GET, POST');
    default:
      return jsonAnswer(404, { error: 'not_found', message: `No such local endpoint. See ${deps.base()}/` }, '404');
  }
}

/** `GET /`: what is where, as text. */
export function indexPage(accountId: string, urls: { base: string; proxy: string; tokenEndpoint: string; suiteql: string; restBase: string }): Answer {
  return {
    status: 200,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: [
      `Local NetSuite account ${accountId} (runs this project's built SuiteScripts)`,
      '',
      `Token proxy (Suitelet, external URL):  GET/POST ${urls.proxy}   (X-API-Key: …)`,
      `Token endpoint:                        POST ${urls.tokenEndpoint}`,
      `SuiteQL:                               POST ${urls.suiteql}?limit=5   (Authorization: Bearer …)`,
      `Customer records:                      GET  ${urls.restBase}/record/v1/customer/101`,
      'Key admin page:                        the administrator link printed by npm start',
      `Status:                                GET  ${urls.base}/local/status`,
      `Run the refresher now:                 POST ${urls.base}/local/refresher/run`,
      `Move the account clock:                POST ${urls.base}/local/clock  {"advanceSeconds": 3600}`,
      '',
      'Documentation: docs/LOCAL.md',
      '',
    ].join('\n'),
    note: '200 index',
  };
}
