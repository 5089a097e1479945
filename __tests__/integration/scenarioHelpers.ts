/**
 * Helpers shared by the scenario suites (dates, profiles, security): the key admin page driven as an
 * administrator's browser does, what a person reads on it, and the proxy's answer in one word.
 */
import { expect } from '@jest/globals';
import { ADMIN, type TestAccount } from '../../tools/harness';
import type { PageModel, SuiteletResult, UserOptions } from '../../tools/suitescript-runtime';
import { SCRIPTS } from '../../src/TypeScript/core/names';

export const MIN = 60_000;
const DEPLOY = SCRIPTS.keyAdmin.deploymentId;

export function adminGet(t: TestAccount, query = '', user: UserOptions = ADMIN): SuiteletResult {
  return t.account.runSuitelet({ deploymentId: DEPLOY, user, ...(query ? { path: `?${query}` } : {}) });
}

export function adminPost(t: TestAccount, form: Record<string, string>, user: UserOptions = ADMIN): SuiteletResult {
  return t.account.runSuitelet({ deploymentId: DEPLOY, user, method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
}

export function pageField(page: PageModel | undefined, id: string): string {
  const f = page?.fields.find((x) => x.id === id);
  return f ? String(f.value ?? '') : '';
}

/** HTML as a person reads it: tags dropped, entities decoded, spaces collapsed. */
export function visible(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#61;/g, '=')
    .replace(/&#96;/g, '`')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

export function pageMessages(r: SuiteletResult): string {
  return (r.page?.messages ?? []).map((m) => visible(`${m.type}: ${m.title}: ${m.message}`)).join('\n');
}

/** The rows of a sublist as visible text, by column label. */
export function sublistRows(r: SuiteletResult, sublist: string): Record<string, string>[] {
  const s = r.page?.sublists.find((x) => x.id === sublist);
  if (!s) return [];
  return s.lines.map((line) => Object.fromEntries(s.fields.map((f) => [f.label, visible(line[f.id] ?? '').trim()])));
}

/** The query of the link with this text (as a browser follows it), optionally the first after `near`. */
export function linkTo(r: SuiteletResult, text: string, near?: string): string {
  const html = near ? r.body.slice(r.body.indexOf(near)) : r.body;
  const m = new RegExp(`<a href="([^"]+)"[^>]*>${text}</a>`).exec(html);
  if (!m) throw new Error(`no link "${text}"${near ? ` after ${near}` : ''}`);
  return visible(m[1]!).trim().split('?')[1]!;
}

/** Submits the page's form with its hidden fields (anti-forgery token, action, id) plus `values`. */
export function submitPage(t: TestAccount, page: SuiteletResult, values: Record<string, string> = {}, user: UserOptions = ADMIN): SuiteletResult {
  const hidden: Record<string, string> = {};
  for (const f of page.page?.fields ?? []) if (f.displayType === 'HIDDEN') hidden[f.id] = String(f.value ?? '');
  expect(hidden['custpage_csrf']?.length).toBeGreaterThan(20);
  return adminPost(t, { ...hidden, ...values }, user);
}

/** Creates an API client on the admin page; returns the key it showed once. */
export function adminCreateClient(t: TestAccount, values: Record<string, string>, user: UserOptions = ADMIN): { r: SuiteletResult; key: string } {
  const r = submitPage(t, adminGet(t, 'view=client_new', user), values, user);
  return { r, key: pageField(r.page, 'custpage_new_key') };
}

/** The outcome of a proxy call in one word: 'served' or the error code. */
export function outcome(json: Record<string, unknown>): string {
  if (json['token_type'] === 'Bearer' && typeof json['access_token'] === 'string') return 'served';
  return String(json['error'] ?? `unexpected ${JSON.stringify(json).slice(0, 80)}`);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
