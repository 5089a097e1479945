/** Options and output shared by the commands that use a client-credentials configuration (doctor, token). */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { isIP } from 'node:net';
import type { Check, CheckStatus } from '../checks';

export const CONFIG_OPTIONS_HELP = `
Configuration: a JSON file (--config) with the refresher's parameter names or friendly keys;
flags override the file. Example (friendly keys; paths relative to the file):
  {"accountId": "1234567_SB1", "clientId": "…", "certificateId": "…",
   "privateKeyFile": "private_key.pem", "certificateFile": "certificate.pem", "algorithm": "PS256",
   "profiles": {"warehouse": {"clientId": "…", "certificateId": "…", "privateKeyFile": "wh_key.pem", "algorithm": "ES256"}}}
--profile warehouse checks that profile (accountId stays shared). The local stand-in (npm start):
  ns-oauth doctor --local --live
See docs/CLI.md for the full format.`;

export function addConfigOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'JSON config file (refresher parameter names or friendly keys; may hold several profiles)')
    .option('-p, --profile <name>', 'the config file\'s profile to use (profiles.NAME); default: the top-level values')
    .option('--local [dir]', 'use the local NetSuite stand-in\'s account (npm start): its ids, key, certificate and token endpoint on 127.0.0.1 (NS_LOCAL_PORT, default 8787)')
    .option('--account-id <id>', 'NetSuite account id, e.g. 1234567 or 1234567_SB1')
    .option('--client-id <id>', 'integration Client ID (the JWT "iss")')
    .option('--certificate-id <id>', 'Certificate ID from the M2M setup (the JWT "kid")')
    .option('--key <file>', 'local copy of the PEM private key that signs the assertions')
    .option('--cert <file>', 'the certificate (PEM) uploaded to the M2M setup')
    .option('--alg <alg>', 'PS256 (default), PS384, PS512, ES256, ES384 or ES512')
    .option('--scope <list>', 'comma-separated: rest_webservices (default), restlets, suite_analytics')
    .addOption(new Option('--token-url <url>', 'send the token request to this local URL instead (testing only: loopback addresses; config: tokenEndpoint)').argParser(parseLocalUrl))
    .addOption(new Option('--timeout <seconds>', 'how long to wait for NetSuite').default(30).argParser(parseTimeout));
}

/** --token-url: only loopback addresses, so a signed assertion can never be sent to another host. */
export function parseLocalUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('not a URL (e.g. http://127.0.0.1:8080/services/rest/auth/oauth2/v1/token).');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || (isIP(host) === 4 && host.startsWith('127.')) || host === '::1';
  if (!(url.protocol === 'http:' || url.protocol === 'https:') || !loopback) {
    throw new InvalidArgumentError(
      'only http(s) URLs on this machine (localhost, 127.x.x.x, [::1]) are allowed: the signed assertion must never go to another host. Without --token-url the URL derived from the account id is used.',
    );
  }
  if (url.username || url.password) throw new InvalidArgumentError('a URL with credentials is not allowed.');
  return url.toString();
}

function parseTimeout(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 300) throw new InvalidArgumentError('a whole number of seconds from 1 to 300.');
  return n;
}

const SYMBOL: Record<CheckStatus, string> = { ok: '✓', fail: '✗', warn: '!', skip: '-' };

export function renderCheck(c: Check): string {
  const lines = [`${SYMBOL[c.status]} ${c.title}`];
  for (const d of c.details ?? []) lines.push(`    ${d}`);
  if (c.fix && (c.status === 'fail' || c.status === 'warn' || c.status === 'skip')) lines.push(`    fix: ${c.fix}`);
  return lines.join('\n') + '\n';
}
