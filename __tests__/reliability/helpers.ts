/**
 * Shared helpers of the reliability suites: status names, the key admin page as a browser drives it,
 * and a way to run code while the refresher is waiting for the token endpoint's answer.
 */
import { expect } from '@jest/globals';
import { isNetworkFault } from '../../tools/fake-netsuite';
import { ADMIN, type TestAccount } from '../../tools/harness';
import { NetworkFault, type HttpsRequest, type HttpsResponse, type PageModel, type SuiteletResult } from '../../tools/suitescript-runtime';
import { SCRIPTS, STATUS_LIST, TOKEN_RECORD } from '../../src/TypeScript/core/names';

export const F = TOKEN_RECORD.fields;
export const MIN = 60_000;

/** Name of the token record's status (Active, Error, Expired), resolved by list value as NetSuite shows it. */
export function statusName(t: TestAccount): string | undefined {
  const rec = t.tokenRecord();
  if (!rec) return undefined;
  const id = String(rec[F.status]);
  return t.account.lists.values(STATUS_LIST.scriptId).find((v) => String(v.id) === id)?.name;
}

export function storedToken(t: TestAccount): string {
  const rec = t.tokenRecord();
  return rec ? String(rec[F.token] ?? '') : '';
}

/** Runs the admin page (GET without a form, POST with one). */
export function adminPage(t: TestAccount, form?: Record<string, string>): SuiteletResult {
  if (!form) return t.account.runSuitelet({ deploymentId: SCRIPTS.keyAdmin.deploymentId, user: ADMIN });
  return t.account.runSuitelet({
    deploymentId: SCRIPTS.keyAdmin.deploymentId,
    user: ADMIN,
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

export function pageField(page: PageModel | undefined, id: string): string {
  const f = page?.fields.find((x) => x.id === id);
  return f ? String(f.value ?? '') : '';
}

/** Submits the admin form as a browser would: with the anti-forgery token the GET rendered. */
export function adminSubmit(t: TestAccount, values: Record<string, string>): SuiteletResult {
  const csrf = pageField(adminPage(t).page, 'custpage_csrf');
  expect(csrf.length).toBeGreaterThan(20);
  return adminPage(t, { custpage_csrf: csrf, ...values });
}

/**
 * Puts `around` in front of the harness's token-endpoint route (routes added later take precedence):
 * it gets each token request and `next`, which lets the fake endpoint answer it. Network faults are
 * turned into the runtime's NetworkFault as the harness's own route does. Returns the remover.
 */
export function interceptTokenEndpoint(
  t: TestAccount,
  around: (req: HttpsRequest, next: (req: HttpsRequest) => HttpsResponse) => HttpsResponse,
): () => void {
  const host = new URL(t.endpoint.url).hostname;
  const next = (req: HttpsRequest): HttpsResponse => {
    try {
      return t.endpoint.handle(req);
    } catch (e) {
      if (isNetworkFault(e)) throw new NetworkFault('SSS_CONNECTION_CLOSED', 'The connection was closed by the remote host.');
      throw e;
    }
  };
  return t.account.https.route((u: URL) => u.hostname === host, (req) => around(req, next));
}
