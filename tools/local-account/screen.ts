/** What `npm start` prints: numbered steps, where things are, and copy-paste commands to try. */
import * as path from 'node:path';
import { describeProfileRun, type LocalAccount, type RefresherSummary, REPORTING_CLIENT_NAME as REPORTING_CLIENT, type ShownApiKey } from './index';

function shown(dir: string, cwd: string): string {
  const rel = path.relative(cwd, dir);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? `${rel}/` : `${dir}/`;
}

/** Single-quotes a value for sh/bash/zsh. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function describeRefresh(s: RefresherSummary | undefined): string {
  if (!s) return 'not run at start';
  const each = s.profiles.map(describeProfileRun).join('; ');
  switch (s.outcome) {
    case 'refreshed':
      // Fresh profiles left alone by the same run are named too.
      return `got a new access token from the token endpoint, one per profile (account clock): ${each}`;
    case 'skipped':
      return `the stored token is still fresh for every profile: ${each}`;
    case 'failed':
      return `FAILED for ${s.profiles.filter((p) => p.outcome === 'failed').map((p) => p.name).join(', ')}: ${each}`;
    default:
      return `FAILED: ${s.detail}`;
  }
}

/** The shell variable a shown key goes into: NS_API_KEY for the default profile's, NS_API_KEY_<CLIENT> for others. */
export function keyVariable(k: Pick<ShownApiKey, 'name' | 'profile'>, index: number): string {
  if (index === 0) return 'NS_API_KEY';
  const slug = k.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return `NS_API_KEY_${slug || index + 1}`;
}

/** The variable the Reporting profile's key goes into on a new account. */
export const REPORTING_KEY_VARIABLE = 'NS_API_KEY_REPORTING';

/**
 * The proxy/SuiteQL commands, shell-ready: the default profile's key from $NS_API_KEY (token in
 * $ACCESS_TOKEN), the Reporting profile's from $NS_API_KEY_REPORTING (token in $REPORTING_TOKEN).
 */
export function tryCommands(local: LocalAccount): {
  proxy: string;
  exportToken: string;
  suiteql: string;
  exportReportingToken: string;
  suiteqlReporting: string;
  refresher: string;
  status: string;
  doctor: string;
} {
  const u = local.urls;
  const proxyWith = (variable: string) => `curl -sS ${shQuote(u.proxy)} -H "X-API-Key: $${variable}"`;
  const tokenOf = (variable: string) => `$(${proxyWith(variable)} | node -p "JSON.parse(require('fs').readFileSync(0, 'utf8')).access_token")`;
  const suiteqlWith = (variable: string) =>
    `curl -sS ${shQuote(`${u.suiteql}?limit=5`)} -H "Authorization: Bearer $${variable}" ` +
    `-H 'Content-Type: application/json' -H 'Prefer: transient' -d '{"q": "SELECT id, companyname, email FROM customer ORDER BY id"}'`;
  return {
    proxy: proxyWith('NS_API_KEY'),
    exportToken: `export ACCESS_TOKEN=${tokenOf('NS_API_KEY')}`,
    suiteql: suiteqlWith('ACCESS_TOKEN'),
    exportReportingToken: `export REPORTING_TOKEN=${tokenOf(REPORTING_KEY_VARIABLE)}`,
    suiteqlReporting: suiteqlWith('REPORTING_TOKEN'),
    refresher: `curl -sS -X POST ${u.base}/local/refresher/run`,
    status: `curl -sS ${u.base}/local/status`,
    doctor: `${local.port === 8787 ? '' : `NS_LOCAL_PORT=${local.port} `}npx ns-oauth doctor --local${localDirArgument(local)} --live`,
  };
}

/** `--local` reads .local-account/ in the project by default; another state folder is named. */
function localDirArgument(local: LocalAccount): string {
  const standard = path.resolve(__dirname, '..', '..', '.local-account');
  return path.resolve(local.stateDir) === standard ? '' : ` ${shQuote(local.stateDir)}`;
}

function roleText(local: LocalAccount, profile: string): string {
  const role = local.status().profiles.find((p) => p.name === profile)?.role;
  if (!role) return '';
  return ` (role ${role.name}: ${role.customers ? 'may read customers' : 'may NOT read customers'})`;
}

export interface ScreenOptions {
  cwd?: string;
  /** stdin is a terminal: the one-letter commands work. */
  interactive?: boolean;
  quiet?: boolean;
}

export function startScreen(local: LocalAccount, o: ScreenOptions = {}): string {
  const cwd = o.cwd ?? process.cwd();
  const s = local.started;
  const dir = shown(local.stateDir, cwd);
  const key = local.harness.key;
  const keyText = key.keyType === 'RSA' ? `${key.alg}, RSA ${key.rsaBits}` : `${key.alg}, EC ${key.curve}`;
  const clients = local.status().apiClients;
  const u = local.urls;
  const c = tryCommands(local);
  const lines: string[] = [];
  const speed = local.clock.speed === 1 ? '' : `, clock running ${local.clock.speed}x faster than real time`;

  lines.push(`Local NetSuite account ${local.accountId}: this project's built SuiteScripts, running on your machine${speed}.`, '');
  if (s.created) {
    lines.push(
      ` 1. Created the account in ${dir}${s.wasReset ? ' (after --reset deleted the old one)' : ' (first start)'}:`,
      `    the M2M integration with one certificate mapping (its own key pair and role) per token profile,`,
      ...local.status().profiles.map((p) => `      ${p.name.padEnd(26)} ${p.role ? `role ${p.role.name}: ${p.role.customers ? 'may read customers' : 'may NOT read customers'}` : ''}`),
      `    the refresher's settings (${keyText} key for the default profile), and one API client per profile.`,
    );
  } else {
    lines.push(` 1. Loaded the account from ${dir} (${clients.length} API client${clients.length === 1 ? '' : 's'}: ${clients.map((x) => `${x.name} ${x.keyPrefix}… [${x.profile}]${x.active ? '' : ' (inactive)'}`).join(', ')}).`);
  }
  lines.push(` 2. Ran the token refresher: ${describeRefresh(s.refresher)}.`);
  if (s.apiKeys.length > 0) {
    const plural = s.apiKeys.length > 1;
    lines.push(
      plural
        ? ` 3. The API keys, one per token profile, shown this ONCE (only their SHA-256 hashes are stored). Paste these lines into the terminal you try things from:`
        : ` 3. The API key of "${s.apiKeys[0]?.name ?? ''}", shown this ONCE (only its SHA-256 hash is stored). Paste this line into the terminal you try things from:`,
      '',
    );
    s.apiKeys.forEach((k, i) => {
      if (plural) lines.push(`      # client "${k.name}", profile ${k.profile}${roleText(local, k.profile)}`);
      lines.push(`      export ${keyVariable(k, i)}=${k.key}`);
    });
    lines.push('');
  } else {
    lines.push(
      ' 3. API keys were shown once, when they were made. Lost yours? npm start -- --new-api-key <name> makes another one',
      '    for the default profile (or use the key admin page below, for any profile; npm start -- --reset starts over).',
    );
  }
  lines.push(
    ` 4. Listening on ${u.base}`,
    `      Token proxy (Suitelet, external URL)   ${u.proxy}`,
    `      Token endpoint (OAuth 2.0 M2M)         ${u.tokenEndpoint}`,
    `      REST / SuiteQL base URL                ${u.restBase}`,
    `      Key admin page (administrator login)   ${u.adminLogin}`,
    `      The refresher runs every 15 minutes of account time; state is saved in ${dir}`,
    '',
    'Try it (in another terminal, after the export lines):',
    '',
    '  # 1. get an access token from the proxy with the default profile\'s key',
    `  ${c.proxy}`,
    '',
    '  # 2. keep it in a variable, then run SuiteQL with it: customer rows',
    `  ${c.exportToken}`,
    `  ${c.suiteql}`,
    '',
    `  # 3. the "${REPORTING_CLIENT}" key gets its own token (another role): the same SuiteQL gets NetSuite's permission error`,
    `  ${c.exportReportingToken}`,
    `  ${c.suiteqlReporting}`,
    '',
    '  # 4. run the refresher now, look at the account (each profile\'s token record), or check the setup',
    `  ${c.refresher}`,
    `  ${c.status}`,
    `  ${c.doctor}`,
    '',
    o.interactive
      ? 'Type r + Enter to run the refresher now, s for the status, k for a new API key, q (or Ctrl-C) to stop.'
      : 'Stop with Ctrl-C.',
    `Start over: npm start -- --reset.  More: docs/LOCAL.md${o.quiet ? '' : '.  Requests are logged below.'}`,
    '',
  );
  return lines.join('\n');
}
