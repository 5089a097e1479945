/**
 * `npm run demo`: the whole flow once, without a person, on a fresh local NetSuite account in a
 * temporary folder and a random port; prints each step and exits 0 only if every step behaved.
 * CI runs it; it leaves nothing behind.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startLocalAccount, type LocalAccount } from './local-account';

const TIME_LIMIT_MS = 20_000;

class StepFailed extends Error {}

function fail(message: string): never {
  throw new StepFailed(message);
}

async function http(url: string, init: RequestInit = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, init);
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text) as Record<string, unknown> };
  } catch {
    return fail(`${init.method ?? 'GET'} ${url.split('?')[0]} answered HTTP ${res.status} with a body that is not JSON: ${text.slice(0, 120)}`);
  }
}

async function main(): Promise<number> {
  const began = Date.now();
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ns-local-demo-'));
  let local: LocalAccount | undefined;
  let step = 0;
  const run = async (title: string, body: () => Promise<string>) => {
    step++;
    const t0 = Date.now();
    out(`${step}. ${title}`);
    const result = await body();
    out(`   ✓ ${result} (${Date.now() - t0} ms)`);
  };
  const watchdog = setTimeout(() => {
    process.stderr.write(`\nnpm run demo: FAILED: took longer than ${TIME_LIMIT_MS / 1000} s (stuck at step ${step}).\n`);
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(1);
  }, TIME_LIMIT_MS);
  watchdog.unref();

  out('Demo: the token proxy on a fresh local NetSuite account (temporary state, random port)\n');
  try {
    let apiKey = '';
    let accessToken = '';
    await run('Start a local NetSuite account (new key pair, certificate, integration, API client)', async () => {
      local = await startLocalAccount({ stateDir: dir, port: 0, refreshOnStart: false, scheduler: false });
      apiKey = local.started.apiKey?.key ?? fail('the new account handed out no API key');
      return `listening on ${local.urls.base}; API key ${apiKey.slice(0, 10)}… (shown once)`;
    });
    const urls = () => (local as LocalAccount).urls;

    await run('Run the token refresher (POST /local/refresher/run): it signs a PS256 assertion and gets a token', async () => {
      const { status, json } = await http(`${urls().base}/local/refresher/run`, { method: 'POST' });
      const token = json['token'] as { status?: string; expiresAt?: string } | null;
      if (status !== 200 || json['outcome'] !== 'refreshed' || token?.status !== 'Active') {
        fail(`expected outcome "refreshed" and status Active, got HTTP ${status} ${String(json['outcome'])}: ${String(json['detail'])}`);
      }
      return `token record Active until ${String(token.expiresAt)}`;
    });

    await run('Call the proxy Suitelet at its external URL with the API key (X-API-Key)', async () => {
      const { status, json } = await http(urls().proxy, { headers: { 'X-API-Key': apiKey } });
      if (status !== 200 || typeof json['access_token'] !== 'string' || json['token_type'] !== 'Bearer') {
        fail(`expected an access token, got HTTP ${status} ${JSON.stringify(json).slice(0, 200)}`);
      }
      accessToken = json['access_token'];
      return `access token (${accessToken.length} characters), expires_in ${String(json['expires_in'])} s`;
    });

    await run('Run SuiteQL with the token (POST /services/rest/query/v1/suiteql, Prefer: transient)', async () => {
      const { status, json } = await http(`${urls().suiteql}?limit=3`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json', Prefer: 'transient' },
        body: JSON.stringify({ q: 'SELECT id, companyname FROM customer ORDER BY id' }),
      });
      const items = json['items'] as { id?: string; companyname?: string }[] | undefined;
      if (status !== 200 || !Array.isArray(items) || items.length !== 3 || json['hasMore'] !== true) {
        fail(`expected 3 rows and more to come, got HTTP ${status} ${JSON.stringify(json).slice(0, 200)}`);
      }
      return `${items.length} of ${String(json['totalResults'])} rows: ${items.map((i) => `${String(i.id)} ${String(i.companyname)}`).join(', ')}`;
    });

    await run('Call the proxy with a wrong API key: it is refused', async () => {
      const wrong = `nsk_${'A'.repeat(43)}`;
      const { status, json } = await http(urls().proxy, { headers: { 'X-API-Key': wrong } });
      if (status !== 200 || json['error'] !== 'unauthorized' || 'access_token' in json) {
        fail(`expected {"error": "unauthorized"}, got HTTP ${status} ${JSON.stringify(json).slice(0, 200)}`);
      }
      return `HTTP 200 with {"error": "unauthorized"} (a Suitelet always answers 200)`;
    });

    await run('Stop the account', async () => {
      await (local as LocalAccount).stop();
      local = undefined;
      return 'stopped';
    });
    out(`\nDemo passed: every step behaved (${((Date.now() - began) / 1000).toFixed(1)} s).`);
    return 0;
  } catch (e) {
    const message = e instanceof StepFailed ? e.message : (e as Error)?.stack ?? String(e);
    process.stderr.write(`\nnpm run demo: FAILED at step ${step}: ${message}\n`);
    return 1;
  } finally {
    clearTimeout(watchdog);
    if (local) await local.stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
    setImmediate(() => process.exit(code));
  },
  (e: unknown) => {
    process.stderr.write(`npm run demo: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
