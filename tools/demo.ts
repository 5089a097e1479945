/**
 * `npm run demo`: the whole flow once, without a person, on a fresh local NetSuite account in a
 * temporary folder and a random port; prints each step and exits 0 only if every step behaved.
 * CI runs it; it leaves nothing behind.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { DEFAULT_PROFILE_NAME } from '../src/TypeScript/core/names';
import { REPORTING_PROFILE_NAME, startLocalAccount, type LocalAccount } from './local-account';
import { roleOf as localRole } from './local-account/roles';

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

async function tokenFromProxy(proxyUrl: string, apiKey: string): Promise<string> {
  const { status, json } = await http(proxyUrl, { headers: { 'X-API-Key': apiKey } });
  if (status !== 200 || typeof json['access_token'] !== 'string' || json['token_type'] !== 'Bearer') {
    fail(`expected an access token, got HTTP ${status} ${JSON.stringify(json).slice(0, 200)}`);
  }
  return json['access_token'];
}

function suiteql(url: string, token: string) {
  return http(`${url}?limit=3`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Prefer: 'transient' },
    body: JSON.stringify({ q: 'SELECT id, companyname FROM customer ORDER BY id' }),
  });
}

/** The role id a NetSuite access token stands for: its `sub` is "role;entity" (a public claim). */
function roleOf(token: string): string {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: unknown };
    return typeof payload.sub === 'string' ? (payload.sub.split(';')[0] ?? '') : '';
  } catch {
    return '';
  }
}

/** A token as it may be shown: its fingerprint and role, never the token. */
function describeToken(token: string): string {
  const role = localRole(roleOf(token));
  return `sha256:${createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 8)}, role ${role.id} ${role.name}`;
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
    let reportingKey = '';
    let accessToken = '';
    let reportingToken = '';
    const facts: string[] = [];
    await run('Start a local NetSuite account (new key pairs, certificates, integration, two token profiles, an API client for each)', async () => {
      local = await startLocalAccount({ stateDir: dir, port: 0, refreshOnStart: false, scheduler: false });
      const keys = local.started.apiKeys;
      apiKey = keys.find((k) => k.profile === DEFAULT_PROFILE_NAME)?.key ?? fail('the new account handed out no API key for the default profile');
      reportingKey = keys.find((k) => k.profile === REPORTING_PROFILE_NAME)?.key ?? fail(`the new account handed out no API key for "${REPORTING_PROFILE_NAME}"`);
      const roles = local.status().profiles.map((p) => `${p.name} → role ${p.role?.name ?? '?'}`).join(', ');
      return `listening on ${local.urls.base}; profiles ${roles}; API keys ${apiKey.slice(0, 10)}… and ${reportingKey.slice(0, 10)}… (shown once)`;
    });
    const urls = () => (local as LocalAccount).urls;

    await run('Run the token refresher (POST /local/refresher/run): it signs one assertion per profile (PS256 and ES256) and gets a token for each', async () => {
      const { status, json } = await http(`${urls().base}/local/refresher/run`, { method: 'POST' });
      const profiles = (json['profiles'] as { name?: string; outcome?: string }[] | undefined) ?? [];
      const refreshed = profiles.filter((p) => p.outcome === 'refreshed').map((p) => String(p.name));
      if (status !== 200 || json['outcome'] !== 'refreshed' || !refreshed.includes(DEFAULT_PROFILE_NAME) || !refreshed.includes(REPORTING_PROFILE_NAME)) {
        fail(`expected a new token for both profiles, got HTTP ${status} ${String(json['outcome'])}: ${String(json['detail'])}`);
      }
      return `new tokens for ${refreshed.join(' and ')}`;
    });

    await run('Call the proxy Suitelet at its external URL with the default profile\'s API key (X-API-Key)', async () => {
      accessToken = await tokenFromProxy(urls().proxy, apiKey);
      return `access token ${describeToken(accessToken)}`;
    });

    await run('Run SuiteQL with that token (POST /services/rest/query/v1/suiteql, Prefer: transient)', async () => {
      const { status, json } = await suiteql(urls().suiteql, accessToken);
      const items = json['items'] as { id?: string; companyname?: string }[] | undefined;
      if (status !== 200 || !Array.isArray(items) || items.length !== 3 || json['hasMore'] !== true) {
        fail(`expected 3 rows and more to come, got HTTP ${status} ${JSON.stringify(json).slice(0, 200)}`);
      }
      facts.push(`  "local-dev" (${DEFAULT_PROFILE_NAME}): token ${describeToken(accessToken)} → SuiteQL on customer: HTTP 200, ${items.length} of ${String(json['totalResults'])} rows`);
      return `${items.length} of ${String(json['totalResults'])} rows: ${items.map((i) => `${String(i.id)} ${String(i.companyname)}`).join(', ')}`;
    });

    await run(`Call the proxy with the "${REPORTING_PROFILE_NAME}" profile's API key: a token of its own`, async () => {
      reportingToken = await tokenFromProxy(urls().proxy, reportingKey);
      if (reportingToken === accessToken) fail('both API keys got the same token: the proxy must hand each client its own profile\'s token');
      if (roleOf(reportingToken) === roleOf(accessToken)) fail(`both tokens stand for role ${roleOf(accessToken)}: the profiles must map to different roles`);
      return `another access token ${describeToken(reportingToken)}`;
    });

    await run('Run the same SuiteQL with that token: its role may not read customers', async () => {
      const { status, json } = await suiteql(urls().suiteql, reportingToken);
      const detail = (json['o:errorDetails'] as { detail?: string; 'o:errorCode'?: string }[] | undefined)?.[0];
      if (status !== 400 || !/Record 'customer' was not found/.test(detail?.detail ?? '')) {
        fail(`expected NetSuite's permission error (HTTP 400, "Record 'customer' was not found."), got HTTP ${status} ${JSON.stringify(json).slice(0, 200)}`);
      }
      facts.push(`  "reporting" (${REPORTING_PROFILE_NAME}): token ${describeToken(reportingToken)} → SuiteQL on customer: HTTP 400 ${String(detail?.['o:errorCode'])}`);
      return `HTTP 400 ${String(detail?.['o:errorCode'])}: "${String(detail?.detail)}"`;
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
    out(`\nLeast privilege, end to end: each key gets its own profile's token, and that token can do what its role may:\n${facts.join('\n')}`);
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
