/**
 * An administrator's session on the key admin page of the local stand-in, in a real browser: log
 * in, look at the health panel, create a token profile, create an API client for it (the key is
 * shown once), rotate its key, deactivate it, and refresh a token now. Each step checks what a
 * person sees (visible text only: `innerText` skips hidden subtabs) and may take a screenshot.
 * Used by the browser tests (__tests__/browser) and by `npm run screenshots`.
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import type { LocalAccount } from '../local-account';

/* eslint-disable @typescript-eslint/no-explicit-any */
// Code passed to page.evaluate runs in the browser. Its globals are typed loosely here, so that this
// file does not pull the DOM library into the project's type check (SuiteScript has no `window`).
declare const document: any;
type HTMLElement = any;
type HTMLSelectElement = any;
type Element = any;

export interface FlowStep {
  /** File name stem, e.g. `01-home`. */
  name: string;
  /** What the step shows (for the README and the screenshot index). */
  caption: string;
}

export type Snap = (step: FlowStep) => Promise<void>;

export interface FlowResult {
  firstKey: string;
  rotatedKey: string;
  /** Response headers of the page the login link opened (lower-case names). */
  headers: Record<string, string>;
  /** Visible text of each step's page, by step name (tests look at more than the flow checks). */
  seen: Record<string, string>;
}

export class FlowError extends Error {
  override readonly name = 'FlowError';
}

async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => document.body.innerText.replace(/\s+/g, ' '));
}

async function expectVisible(page: Page, texts: (string | RegExp)[], where: string): Promise<string> {
  const text = await visibleText(page);
  for (const t of texts) {
    const ok = typeof t === 'string' ? text.includes(t) : t.test(text);
    if (!ok) throw new FlowError(`${where}: expected to see ${String(t)}; the page shows: ${text.slice(0, 1500)}`);
  }
  return text;
}

async function navigate(page: Page, action: () => Promise<unknown>, what: string): Promise<void> {
  try {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
  } catch (e) {
    throw new FlowError(`${what}: ${e instanceof Error ? e.message : String(e)} (page: ${(await visibleText(page)).slice(0, 600)})`);
  }
}

async function clickLink(page: Page, text: string, within = 'body'): Promise<void> {
  const handle = await page.evaluateHandle(
    (sel, t) => [...document.querySelectorAll(`${sel} a`)].find((a: any) => (a as HTMLElement).innerText.trim() === t && (a as HTMLElement).offsetParent !== null) ?? null,
    within,
    text,
  );
  const el = handle.asElement() as ElementHandle<Element> | null;
  if (!el) throw new FlowError(`no visible link "${text}" in ${within}`);
  await navigate(page, () => el.click(), `link "${text}"`);
}

/** Clicks a link in the table row that shows `rowText` (the row's own actions). */
async function clickRowLink(page: Page, tableId: string, rowText: string, linkText: string): Promise<void> {
  const handle = await page.evaluateHandle(
    (id, r, l) => {
      const row = [...document.querySelectorAll(`#${id} tbody tr`)].find((tr: any) => (tr as HTMLElement).innerText.includes(r));
      return row ? ([...row.querySelectorAll('a')].find((a: any) => a.innerText.trim() === l) ?? null) : null;
    },
    tableId,
    rowText,
    linkText,
  );
  const el = handle.asElement() as ElementHandle<Element> | null;
  if (!el) throw new FlowError(`no link "${linkText}" in the row "${rowText}" of ${tableId}`);
  await navigate(page, () => el.click(), `link "${linkText}" in the row "${rowText}"`);
}

async function openSubtab(page: Page, label: RegExp): Promise<void> {
  const handle = await page.evaluateHandle((src) => [...document.querySelectorAll('.subtab-strip button')].find((b: any) => new RegExp(src).test((b as HTMLElement).innerText)) ?? null, label.source);
  const el = handle.asElement() as ElementHandle<Element> | null;
  if (!el) throw new FlowError(`no subtab ${String(label)}`);
  await el.click();
}

async function selectByText(page: Page, selector: string, text: string): Promise<void> {
  const value = await page.$eval(selector, (s, t) => [...(s as HTMLSelectElement).options].find((o: any) => o.text === t)?.value ?? null, text);
  if (value === null) throw new FlowError(`${selector} has no option "${text}"`);
  await page.select(selector, value);
}

async function submit(page: Page): Promise<void> {
  await navigate(page, () => page.click('.ns-buttons-top button[type=submit]'), 'the submit button');
}

async function shownKey(page: Page): Promise<string> {
  const key = await page.$eval('#custpage_new_key', (e) => (e as HTMLElement).innerText.trim()).catch(() => '');
  if (!/^nsk_[A-Za-z0-9_-]{43}$/.test(key)) throw new FlowError(`expected a new API key on the page, saw "${key}"`);
  return key;
}

export const PROFILE_NAME = 'Warehouse (read-only role)';
export const CLIENT_NAME = 'Data warehouse';

export async function runAdminFlow(page: Page, local: LocalAccount, snap: Snap = async () => undefined): Promise<FlowResult> {
  const seen: Record<string, string> = {};
  const step = async (s: FlowStep, checks: (string | RegExp)[]) => {
    seen[s.name] = await expectVisible(page, checks, s.name);
    await snap(s);
  };

  // The login link `npm start` prints starts a session and opens the page.
  const landing = await page.goto(local.urls.adminLogin, { waitUntil: 'load' });
  const headers = landing?.headers() ?? {};
  await step({ name: '01-home', caption: 'The page an administrator lands on: token health per profile first, with "Refresh now".' }, [
    'OAuth Token Proxy',
    'Token health',
    /Default Active \(\d+ min left\)/,
    'Refresh now',
  ]);

  await clickLink(page, 'New token profile');
  await page.type('#custpage_name', PROFILE_NAME);
  await page.type('#custpage_client_id', 'warehouse-integration-client-id');
  await page.type('#custpage_cert_id', 'warehouse-m2m-certificate-id');
  await page.type('#custpage_key_file', '/SuiteScripts/OAuthKeys/warehouse.pem');
  await step({ name: '02-profile-form', caption: 'A new token profile: one M2M mapping (client id + certificate id), its key referred to by path.' }, ['New token profile', 'PRIVATE KEY FILE']);
  await submit(page);
  await openSubtab(page, /^Token profiles/);
  await step({ name: '03-profile-created', caption: 'The profile is saved and listed, with Edit and Deactivate on its row.' }, [`Profile "${PROFILE_NAME}" created`, PROFILE_NAME, 'key file /SuiteScripts/OAuthKeys/warehouse.pem']);

  await clickLink(page, 'New API client');
  await page.type('#custpage_name', CLIENT_NAME);
  await selectByText(page, '#custpage_profile', PROFILE_NAME);
  await page.type('#custpage_allowed_ips', '203.0.113.0/24');
  await step({ name: '04-client-form', caption: 'A new API client, bound to the profile whose tokens it gets.' }, ['New API client', 'TOKEN PROFILE']);
  await submit(page);
  await step({ name: '05-key-shown-once', caption: 'The new key is shown once; only its SHA-256 hash is stored.' }, ['Copy the new API key now', `the key of "${CLIENT_NAME}" is shown`]);
  const firstKey = await shownKey(page);

  await clickLink(page, 'Health, profiles and clients');
  await openSubtab(page, /^API clients/);
  await step({ name: '06-clients', caption: 'API clients with profile, key prefix, allowed addresses, expiry, last use and use count; actions on each row.' }, [
    CLIENT_NAME,
    PROFILE_NAME,
    `${firstKey.slice(0, 10)}…`,
    '203.0.113.0/24',
  ]);

  await clickRowLink(page, 'custpage_clients', CLIENT_NAME, 'Rotate key');
  await step({ name: '07-rotate-confirm', caption: 'Rotating asks first, naming the client and the key that will stop working.' }, [`Rotate the key of "${CLIENT_NAME}"?`, `${firstKey.slice(0, 10)}…`, 'Cancel']);
  await submit(page);
  await step({ name: '08-key-rotated', caption: 'The rotated key, shown once; the previous key no longer works.' }, [`Key of "${CLIENT_NAME}" rotated`, 'Copy the new API key now']);
  const rotatedKey = await shownKey(page);
  if (rotatedKey === firstKey) throw new FlowError('rotation showed the same key');

  await clickLink(page, 'Health, profiles and clients');
  await openSubtab(page, /^API clients/);
  await clickRowLink(page, 'custpage_clients', CLIENT_NAME, 'Deactivate');
  await step({ name: '09-deactivate-confirm', caption: 'Deactivating asks first too.' }, [`Deactivate "${CLIENT_NAME}"?`]);
  await submit(page);
  await openSubtab(page, /^API clients/);
  await step({ name: '10-client-deactivated', caption: 'The client is inactive at once; Reactivate is on its row.' }, [`"${CLIENT_NAME}" deactivated`, 'Inactive', 'Reactivate']);

  await openSubtab(page, /^Token health/);
  await clickRowLink(page, 'custpage_health', 'Default', 'Refresh now');
  await step({ name: '11-refresh-confirm', caption: '"Refresh now" queues the refresher\'s on-demand deployment for this profile.' }, ['Refresh the token of "Default" now?']);
  await submit(page);
  await step({ name: '12-refresh-queued', caption: 'The refresh is queued; the page says so.' }, [/Refresh of "Default" queued|A refresh is already queued or running/]);

  // The stand-in runs queued tasks right after the request; give it a moment, then reload.
  for (let i = 0; i < 50 && local.status().queuedTasks > 0; i++) await new Promise((r) => setTimeout(r, 100));
  local.runQueuedTasks();
  await page.goto(local.urls.keyAdmin, { waitUntil: 'load' });
  await step({ name: '13-health-after-refresh', caption: 'After the on-demand run: each profile\'s token status, expiry, last refresh and last error.' }, [/Default Active \(\d+ min left\)/, PROFILE_NAME]);

  return { firstKey, rotatedKey, headers, seen };
}
