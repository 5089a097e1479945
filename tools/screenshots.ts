/**
 * `npm run screenshots`: runs an administrator's session on the key admin page of a temporary
 * local stand-in in headless Chromium (tools/browser/adminFlow.ts) and saves a PNG of each step to
 * docs/screenshots/, plus docs/screenshots/README.md listing them with their captions.
 * Needs /usr/bin/chromium (Debian: apt-get install -y chromium) and a build (npm run build).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAdminFlow, type FlowStep } from './browser/adminFlow';
import { chromiumMissing, launchChromium } from './browser/chromium';
import { PROJECT_ROOT } from './harness';
import { cachedSigningKey } from './keys';
import { startLocalAccount } from './local-account';

const OUT = path.join(PROJECT_ROOT, 'docs', 'screenshots');

/** Runs in the page: hides every full API key (text and form values), remembering what it changed. */
const MASK_KEYS = `(() => {
  const key = /(nsk_[A-Za-z0-9_-]{6})[A-Za-z0-9_-]{14,}/g;
  const changed = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeValue && key.test(n.nodeValue)) { changed.push([n, 'nodeValue', n.nodeValue]); n.nodeValue = n.nodeValue.replace(key, '$1\u2026 (masked in this screenshot)'); }
    key.lastIndex = 0;
  }
  for (const el of document.querySelectorAll('input, textarea')) {
    if (key.test(el.value)) { changed.push([el, 'value', el.value]); el.value = el.value.replace(key, '$1\u2026 (masked in this screenshot)'); }
    key.lastIndex = 0;
  }
  window.__maskedKeys = changed;
})()`;
const UNMASK_KEYS = `(() => { for (const [node, prop, value] of window.__maskedKeys || []) node[prop] = value; window.__maskedKeys = []; })()`;
const DAY = 86_400_000;

async function main(): Promise<void> {
  const missing = chromiumMissing();
  if (missing) {
    console.error(`npm run screenshots: ${missing}.`);
    process.exit(2);
  }
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ns-screenshots-'));
  const key = await cachedSigningKey({ alg: 'PS256', rsaBits: 3072, notBefore: new Date(Math.floor(Date.now() / DAY) * DAY - DAY) });
  const local = await startLocalAccount({ port: 0, stateDir, key, log: () => undefined });
  const chrome = await launchChromium();
  const steps: FlowStep[] = [];
  try {
    fs.mkdirSync(OUT, { recursive: true });
    for (const f of fs.readdirSync(OUT)) if (/^\d\d-.*\.png$/.test(f)) fs.rmSync(path.join(OUT, f));
    const page = await chrome.browser.newPage();
    await page.setViewport({ width: 1280, height: 760 });
    await runAdminFlow(page, local, async (step) => {
      // Screenshots go into git: a key shown once is masked in the page for the picture, then put back
      // for the flow (secrets never enter git, even a throwaway account's). The key prefix (nsk_ + 6
      // characters) is not a secret and stays.
      await page.evaluate(MASK_KEYS);
      await page.screenshot({ path: path.join(OUT, `${step.name}.png`) as `${string}.png`, fullPage: true });
      await page.evaluate(UNMASK_KEYS);
      steps.push(step);
      console.log(`docs/screenshots/${step.name}.png  ${step.caption}`);
    });
    const index = [
      '# The key admin page, step by step',
      '',
      'Made by `npm run screenshots` (headless Chromium against the local stand-in, `npm start`\'s account in a temporary folder).',
      'The keys shown belong to that throw-away account.',
      '',
      ...steps.flatMap((s) => [`## ${s.name.slice(3).replace(/-/g, ' ')}`, '', s.caption, '', `![${s.caption}](${s.name}.png)`, '']),
    ].join('\n');
    fs.writeFileSync(path.join(OUT, 'README.md'), index);
  } finally {
    await chrome.close();
    await local.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`npm run screenshots failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
