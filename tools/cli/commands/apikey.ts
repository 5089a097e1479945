/**
 * `ns-oauth apikey create|hash`: API keys in the proxy's format (core/apiKey.ts): `nsk_` + 32 random
 * bytes base64url; only the lower-case hex SHA-256 of the key is stored on the API client record.
 */
import { createHash, randomBytes } from 'node:crypto';
import { InvalidArgumentError } from 'commander';
import { API_KEY_PREFIX, API_KEY_RANDOM_BYTES, apiKeyFromBytes, fingerprint, isWellFormedApiKey, keyDisplayPrefix, normalizeKeyHash } from '../../../src/TypeScript/core/apiKey';
import { nonCanonicalCidrs } from '../../../src/TypeScript/core/ipAllowList';
import { normalizeAllowedIps, validateNewClient } from '../../../src/TypeScript/core/keyAdmin';
import { CLIENT_RECORD } from '../../../src/TypeScript/core/names';
import { EXIT, usageError } from '../exitCodes';
import type { CliIo } from '../io';

export function hashApiKey(key: string): string {
  return normalizeKeyHash(createHash('sha256').update(key, 'utf8').digest('hex'));
}

/**
 * --expires: `YYYY-MM-DD` (00:00 UTC that day), an ISO 8601 date-time with a zone
 * (`2026-12-31T17:00:00Z`, `...+01:00`), or a number of days from now (`90d`).
 */
export function parseExpires(value: string, nowMs: number): Date {
  const text = value.trim();
  const days = /^(\d{1,5})d$/i.exec(text);
  if (days) return new Date(nowMs + Number(days[1]) * 86_400_000);
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (dateOnly) {
    const [y, m, d] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d) return date;
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/i.test(text)) {
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) return new Date(ms);
  }
  throw new InvalidArgumentError('use a date YYYY-MM-DD (00:00 UTC), an ISO date-time with a zone (2026-12-31T17:00:00Z), or days from now (90d).');
}

export interface ApikeyCreateOptions {
  name?: string;
  allowedIps?: string;
  /** Raw --expires text (parsed against the clock here, so tests can move it). */
  expires?: string;
  json?: boolean;
}

export async function apikeyCreateCommand(opts: ApikeyCreateOptions, io: CliIo): Promise<number> {
  const now = io.now();
  let expiresAt: Date | null = null;
  if (opts.expires !== undefined) {
    try {
      expiresAt = parseExpires(opts.expires, now);
    } catch (e) {
      throw usageError(`--expires "${opts.expires.slice(0, 40)}" is not a date: ${(e as Error).message}`);
    }
  }
  const input = { name: opts.name ?? '', allowedIps: opts.allowedIps ?? '', expiresAt };
  const problems = validateNewClient(input, now);
  if (problems.length > 0) {
    const flagged = problems.map((p) => p.replace(/^Name:/, '--name:').replace(/^Allowed IP addresses:/, '--allowed-ips:').replace(/^Expires:/, '--expires:'));
    throw usageError(flagged.join('\n  '), 'correct the options above; see ns-oauth apikey create --help.');
  }

  // Valid but probably not meant: 10.9.9.9/8 allows all of 10.0.0.0/8. Say so; the record keeps what was typed.
  for (const w of nonCanonicalCidrs(input.allowedIps)) {
    const single = w.entry.includes(':') ? `${w.entry.split('/')[0]}/128` : `${w.entry.split('/')[0]}/32`;
    io.stderr(`! --allowed-ips: ${w.entry} allows the whole range ${w.canonical} (${w.size} addresses), not only ${w.entry.split('/')[0]}; write ${w.canonical} if that is meant, or ${single} for the one address.\n`);
  }

  const apiKey = apiKeyFromBytes(randomBytes(API_KEY_RANDOM_BYTES), (bytes) => Buffer.from(Uint8Array.from(bytes)).toString('base64url'));
  const keyHash = hashApiKey(apiKey);
  const f = CLIENT_RECORD.fields;
  const fields: Record<string, string> = {
    [f.name]: input.name.trim(),
    [f.keyHash]: keyHash,
    [f.keyPrefix]: keyDisplayPrefix(apiKey),
    [f.allowedIps]: normalizeAllowedIps(input.allowedIps),
    [f.expires]: expiresAt ? expiresAt.toISOString() : '',
  };

  if (opts.json) {
    io.stdout(JSON.stringify({ apiKey, keyHash, keyPrefix: keyDisplayPrefix(apiKey), fingerprint: fingerprint(keyHash), record: { type: CLIENT_RECORD.type, fields } }, null, 2) + '\n');
  } else {
    const width = Math.max(...Object.keys(fields).map((k) => k.length));
    const rows = Object.entries(fields).map(([k, v]) => `  ${k.padEnd(width)}  ${v === '' ? '(empty)' : v.replace(/\n/g, `\n  ${' '.repeat(width)}  `)}`);
    io.stdout(`API key (shown once: give it to the external system's secret store now; it cannot be shown again):

  ${apiKey}

Field values for a new ${CLIENT_RECORD.type} record (only the hash is stored, never the key).
The hash field is locked in the user interface: load them with a CSV import or a script, or
rather create the client on the key admin page, which generates the key inside NetSuite.
${rows.join('\n')}
`);
  }
  io.stderr('! the key above is a secret: do not paste it into tickets, chats or logs. Creating the client on the key admin page (customdeploy_oauth_key_admin) generates the key inside NetSuite instead.\n');
  return EXIT.OK;
}

export interface ApikeyHashOptions {
  json?: boolean;
}

export async function apikeyHashCommand(opts: ApikeyHashOptions, args: readonly string[], io: CliIo): Promise<number> {
  if (args.length > 0) {
    // Never echo it: it is probably a key.
    throw usageError(
      'do not pass the API key as an argument: arguments end up in shell history and in process lists (ps) where other users can read them.',
      `pipe it on standard input instead, e.g.  printf %s "$API_KEY" | ns-oauth apikey hash  (or run it without arguments and paste the key). If that was a real key, consider rotating it.`,
    );
  }
  let input: string;
  try {
    input = await io.readStdin();
  } catch (e) {
    throw usageError(`cannot read the API key from standard input: ${(e as Error).message}.`);
  }
  const lines = input.replace(/^\uFEFF/, '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) {
    throw usageError('no API key on standard input.', 'pipe it in, e.g.  printf %s "$API_KEY" | ns-oauth apikey hash');
  }
  if (lines.length > 1) throw usageError(`standard input has ${lines.length} lines; expected one API key.`);
  const key = lines[0] as string;
  if (!isWellFormedApiKey(key as unknown)) {
    const why = !key.startsWith(API_KEY_PREFIX)
      ? `it does not start with "${API_KEY_PREFIX}"`
      : /[^A-Za-z0-9_-]/.test(key.slice(API_KEY_PREFIX.length))
        ? 'it has characters outside base64url (A-Z a-z 0-9 - _)'
        : `it has ${key.length - API_KEY_PREFIX.length} characters after "${API_KEY_PREFIX}"; a key has at least 43`;
    throw usageError(`the input is not an API key: ${why}.`, `an API key is "${API_KEY_PREFIX}" followed by at least 43 base64url characters (32 random bytes); copy it again without quotes or spaces.`);
  }
  const keyHash = hashApiKey(key);
  if (opts.json) io.stdout(JSON.stringify({ keyHash, keyPrefix: keyDisplayPrefix(key), fingerprint: fingerprint(keyHash) }) + '\n');
  else io.stdout(keyHash + '\n');
  return EXIT.OK;
}
