/**
 * The key admin page in a real browser (headless Chromium from Debian, driven by puppeteer-core)
 * against the local stand-in: an administrator logs in with the printed link, creates a token
 * profile, an API client for it, rotates its key, deactivates it and refreshes a token now. The
 * checks are on what a person sees (visible text), and on what the clicks did to the account.
 * Skipped, with a plain message, when /usr/bin/chromium is not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromiumMissing, launchChromium, type LaunchedBrowser } from '../../tools/browser/chromium';
import { CLIENT_NAME, PROFILE_NAME, runAdminFlow, type FlowResult } from '../../tools/browser/adminFlow';
import { CLIENT_RECORD, PROFILE_RECORD } from '../../src/TypeScript/core/names';
import { sha256Hex } from '../../tools/harness';
import { cleanup, startTemp, type Started } from '../local-account/helpers';

const missing = chromiumMissing();
if (missing) {
  // Said plainly in the test output, not hidden in a skipped count.
  process.stdout.write(`\nBROWSER TESTS SKIPPED: ${missing}.\n\n`);
}
const describeBrowser = missing ? describe.skip : describe;

describeBrowser('key admin page in headless Chromium', () => {
  let s: Started;
  let chrome: LaunchedBrowser;
  let flow: FlowResult;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    s = await startTemp({ scheduler: true });
    chrome = await launchChromium();
    const page = await chrome.browser.newPage();
    pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('dialog', (d) => void d.dismiss().then(() => pageErrors.push(`unexpected dialog: ${d.message()}`)));
    await page.setViewport({ width: 1280, height: 900 });
    flow = await runAdminFlow(page, s.local);
  }, 120_000);

  afterAll(async () => {
    await chrome?.close();
    await cleanup();
  });

  it('walks through profile, client, rotate, deactivate and refresh as an administrator sees them', () => {
    expect(Object.keys(flow.seen)).toHaveLength(13);
    expect(pageErrors).toEqual([]);
  });

  it('created the profile and the client the page showed, bound together, storing only the hash of the key', () => {
    const h = s.local.harness.account;
    const profile = h.records.list(PROFILE_RECORD.type).find((p) => p.values['name'] === PROFILE_NAME);
    expect(profile).toBeDefined();
    const client = h.records.list(CLIENT_RECORD.type).find((c) => c.values['name'] === CLIENT_NAME);
    expect(String(client?.values[CLIENT_RECORD.fields.profile])).toBe(String(profile?.id));
    expect(client?.values[CLIENT_RECORD.fields.keyHash]).toBe(sha256Hex(flow.rotatedKey)); // the rotated key replaced the first
    expect(client?.values['isinactive']).toBe(true);
  });

  it('is served with no-store and may not be framed by another site', () => {
    expect(flow.headers).toMatchObject({ 'cache-control': 'no-store', 'x-frame-options': 'DENY', 'content-security-policy': "frame-ancestors 'none'" });
  });

  it('never showed a key again after the page that made it', () => {
    for (const [name, text] of Object.entries(flow.seen)) {
      if (name !== '05-key-shown-once') expect(text).not.toContain(flow.firstKey);
      if (name !== '08-key-rotated') expect(text).not.toContain(flow.rotatedKey);
    }
  });

  it('shows the default profile\'s token as Active with minutes left after "refresh now"', () => {
    expect(flow.seen['13-health-after-refresh']).toMatch(/Default Active \(\d+ min left\)/);
  });
});
