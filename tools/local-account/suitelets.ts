/**
 * The Suitelets at NetSuite's URL shape, `/app/site/hosting/scriptlet.nl?script=<id>&deploy=<n>`:
 *
 * - with `compid` and `ns-at` (the External URL): an anonymous call, checked against the account id
 *   and the deployment's external token; the runtime refuses deployments that need a login;
 * - without them (the internal URL): needs the local administrator session (cookie), and runs as
 *   the administrator; otherwise a redirect to `/local/login`, as NetSuite redirects to its login.
 *
 * The built script runs unchanged through `account.runSuitelet`, with the method, headers (minus the
 * local session cookie), query and body as received and the caller's address from the socket.
 */
import type * as http from 'node:http';
import { ADMIN } from '../harness';
import type { Account, DeploymentState, ScriptState } from '../suitescript-runtime';
import { type Answer, clientAddress, cookie, htmlPage, sameSecret } from './http';

export const SUITELET_PATH = '/app/site/hosting/scriptlet.nl';
export const SESSION_COOKIE = 'ns_local_admin';

export interface SuiteletTarget {
  /** For the request log: `proxy`, `key admin`. */
  name: string;
  deploymentId: string;
  script: ScriptState;
  deployment: DeploymentState;
}

export interface SuiteletDeps {
  account: Account;
  accountId: string;
  targets: SuiteletTarget[];
  /** Live admin session ids. */
  sessions: ReadonlySet<string>;
  /** `http://127.0.0.1:<port>` */
  base(): string;
  /** Called after a script ran (state changed; queued tasks may be waiting). */
  afterRun(): void;
}

function errorPage(code: string, message: string, note: string): Answer {
  return { status: 200, headers: { 'content-type': 'text/html; charset=UTF-8' }, body: htmlPage('Error', [`Error code: ${code}`, `Error message: ${message}`]), note };
}

/** The deployment's URL path (internal form; the external one adds compid and ns-at). */
export function suiteletPath(t: Pick<SuiteletTarget, 'script' | 'deployment'>): string {
  return `${SUITELET_PATH}?script=${t.script.internalId}&deploy=${t.deployment.deployNumber}`;
}

export function externalUrl(base: string, accountId: string, t: SuiteletTarget): string {
  return `${base}${suiteletPath(t)}&compid=${accountId.toUpperCase()}&ns-at=${t.deployment.externalToken}`;
}

export function runSuiteletRequest(deps: SuiteletDeps, req: http.IncomingMessage, url: URL, headers: Record<string, string>, body: string): Answer {
  const q = url.searchParams;
  const script = q.get('script') ?? '';
  const deploy = q.get('deploy') ?? '';
  const target = deps.targets.find(
    (s) =>
      (String(s.script.internalId) === script || s.script.def.scriptId === script.toLowerCase()) &&
      (String(s.deployment.deployNumber) === deploy || s.deployment.scriptId === deploy.toLowerCase()),
  );
  if (!target) return errorPage('SSS_INVALID_SCRIPTLET_ID', 'That Suitelet is invalid, disabled, or no longer exists.', 'SSS_INVALID_SCRIPTLET_ID');

  let user = null;
  if (q.has('compid') || q.has('ns-at')) {
    if ((q.get('compid') ?? '').toUpperCase() !== deps.accountId.toUpperCase() || !sameSecret(q.get('ns-at') ?? '', target.deployment.externalToken)) {
      return errorPage(
        'INVALID_EXTERNAL_URL',
        `compid or ns-at do not match the External URL of ${target.deploymentId}. Copy the External URL that npm start printed (GET /local/status shows it too).`,
        'INVALID_EXTERNAL_URL (compid/ns-at do not match)',
      );
    }
  } else {
    const sid = cookie(headers, SESSION_COOKIE);
    if (sid === undefined || ![...deps.sessions].some((s) => sameSecret(s, sid))) {
      return { status: 302, headers: { location: '/local/login' }, body: '', note: `302 login required (${target.name}: internal URL, no admin session)` };
    }
    user = ADMIN;
  }

  // The script sees what NetSuite passes on, minus the local admin session cookie.
  const scriptHeaders = { ...headers };
  if (scriptHeaders['cookie'] !== undefined) {
    const rest = scriptHeaders['cookie'].split(';').map((p) => p.trim()).filter((p) => p !== '' && !p.startsWith(`${SESSION_COOKIE}=`));
    if (rest.length) scriptHeaders['cookie'] = rest.join('; ');
    else delete scriptHeaders['cookie'];
  }
  const result = deps.account.runSuitelet({
    deploymentId: target.deploymentId,
    method: req.method ?? 'GET',
    url: `${deps.base()}${req.url ?? ''}`,
    headers: scriptHeaders,
    body,
    clientIpAddress: clientAddress(req),
    user,
  });
  deps.afterRun();

  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(result.headers)) out[k.toLowerCase()] = v;
  let note = `${result.status} ${target.name}`;
  if (result.refused) note += ` refused: ${result.refused}`;
  else if (result.error) note += ` script error: ${result.error.name}`;
  else if (target.name === 'proxy') {
    try {
      const b = JSON.parse(result.body) as { error?: string; expires_in?: number };
      note += b.error ? ` → ${b.error}` : ` → token handed out (expires_in ${String(b.expires_in)} s)`;
    } catch {
      note += ' → (not JSON)';
    }
  }
  return { status: result.status, headers: out, body: result.body, note };
}
