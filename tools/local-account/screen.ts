/** What `npm start` prints: numbered steps, where things are, and copy-paste commands to try. */
import * as path from 'node:path';
import type { LocalAccount, RefresherSummary } from './index';

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
  const until = s.token?.expiresAt ? `until ${s.token.expiresAt.slice(0, 19).replace('T', ' ')} UTC (account clock)` : '';
  switch (s.outcome) {
    case 'refreshed':
      return `got a new access token from the token endpoint; token record Active ${until}`.trim();
    case 'skipped':
      return `the stored token is still fresh (${s.detail}); token record ${s.token?.status ?? '?'} ${until}`.trim();
    default:
      return `FAILED: ${s.detail}`;
  }
}

/** The proxy/SuiteQL commands, shell-ready (the API key comes from $NS_API_KEY). */
export function tryCommands(local: LocalAccount): { proxy: string; exportToken: string; suiteql: string; refresher: string; status: string } {
  const u = local.urls;
  const proxy = `curl -sS ${shQuote(u.proxy)} -H "X-API-Key: $NS_API_KEY"`;
  return {
    proxy,
    exportToken: `export ACCESS_TOKEN=$(${proxy} | node -p "JSON.parse(require('fs').readFileSync(0, 'utf8')).access_token")`,
    suiteql:
      `curl -sS ${shQuote(`${u.suiteql}?limit=5`)} -H "Authorization: Bearer $ACCESS_TOKEN" ` +
      `-H 'Content-Type: application/json' -H 'Prefer: transient' -d '{"q": "SELECT id, companyname, email FROM customer ORDER BY id"}'`,
    refresher: `curl -sS -X POST ${u.base}/local/refresher/run`,
    status: `curl -sS ${u.base}/local/status`,
  };
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
      `    a key pair and certificate (${keyText}), the M2M integration and its certificate mapping,`,
      `    the refresher's parameters, and the API client "${s.apiKey?.name ?? ''}".`,
    );
  } else {
    lines.push(` 1. Loaded the account from ${dir} (${clients.length} API client${clients.length === 1 ? '' : 's'}: ${clients.map((x) => `${x.name} ${x.keyPrefix}…${x.active ? '' : ' (inactive)'}`).join(', ')}).`);
  }
  lines.push(` 2. Ran the token refresher: ${describeRefresh(s.refresher)}.`);
  if (s.apiKey) {
    lines.push(
      ` 3. The API key of "${s.apiKey.name}", shown this ONCE (only its SHA-256 hash is stored). Paste this line into the terminal you try things from:`,
      '',
      `      export NS_API_KEY=${s.apiKey.key}`,
      '',
    );
  } else {
    lines.push(
      ' 3. API keys were shown once, when they were made. Lost yours? npm start -- --new-api-key <name> makes another one',
      '    (or use the key admin page below; npm start -- --reset starts over).',
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
    'Try it (in another terminal, after the export NS_API_KEY=... line):',
    '',
    '  # 1. get an access token from the proxy',
    `  ${c.proxy}`,
    '',
    '  # 2. keep it in a variable, then run SuiteQL with it',
    `  ${c.exportToken}`,
    `  ${c.suiteql}`,
    '',
    '  # 3. run the refresher now, or look at the account',
    `  ${c.refresher}`,
    `  ${c.status}`,
    '',
    o.interactive
      ? 'Type r + Enter to run the refresher now, s for the status, k for a new API key, q (or Ctrl-C) to stop.'
      : 'Stop with Ctrl-C.',
    `Start over: npm start -- --reset.  More: docs/LOCAL.md${o.quiet ? '' : '.  Requests are logged below.'}`,
    '',
  );
  return lines.join('\n');
}
