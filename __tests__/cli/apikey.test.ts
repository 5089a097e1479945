import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { run, runBin } from './helpers';

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const KEY = 'nsk_' + Buffer.alloc(32, 7).toString('base64url');

interface Created {
  apiKey: string;
  keyHash: string;
  keyPrefix: string;
  fingerprint: string;
  record: { type: string; fields: Record<string, string> };
}

describe('ns-oauth apikey create', () => {
  it('makes a key in the proxy format (nsk_ + 32 random bytes base64url) with its lower-case hex SHA-256 and the record fields', async () => {
    const r = await run(['apikey', 'create', '--name', ' Data warehouse ', '--allowed-ips', '10.0.0.1, 2001:db8::/32;192.168.1.0/24', '--expires', '2099-01-31', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Created;
    expect(j.apiKey).toMatch(/^nsk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(j.apiKey.slice(4), 'base64url')).toHaveLength(32);
    expect(j.keyHash).toBe(sha256(j.apiKey));
    expect(j.fingerprint).toBe(`sha256:${j.keyHash.slice(0, 8)}`);
    expect(j.record).toEqual({
      type: 'customrecord_oauth_api_client',
      fields: {
        name: 'Data warehouse',
        custrecord_oauth_client_key_hash: j.keyHash,
        custrecord_oauth_client_key_prefix: j.apiKey.slice(0, 10),
        custrecord_oauth_client_allowed_ips: '10.0.0.1\n2001:db8::/32\n192.168.1.0/24',
        custrecord_oauth_client_expires: '2099-01-31T00:00:00.000Z',
      },
    });
    // A secret handed over once, with a warning on stderr.
    expect(r.stderr).toContain('secret');
    const again = JSON.parse((await run(['apikey', 'create', '--name', 'x', '--json'])).stdout) as Created;
    expect(again.apiKey).not.toBe(j.apiKey);
    expect(again.record.fields['custrecord_oauth_client_allowed_ips']).toBe('');
    expect(again.record.fields['custrecord_oauth_client_expires']).toBe('');
  });

  it('warns about a range written with host bits set (10.9.9.9/8 allows all of 10/8), and keeps quiet for canonical ones', async () => {
    const r = await run(['apikey', 'create', '--name', 'x', '--allowed-ips', '10.9.9.9/8, 192.0.2.0/24, 2001:db8::1/64', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('10.9.9.9/8 allows the whole range 10.0.0.0/8 (16,777,216 addresses)');
    expect(r.stderr).toContain('or 10.9.9.9/32 for the one address');
    expect(r.stderr).toContain('2001:db8::1/64 allows the whole range 2001:db8::/64');
    expect(r.stderr).not.toContain('192.0.2.0/24');
    // What was typed is what is stored: the administrator decides.
    const j = JSON.parse(r.stdout) as Created;
    expect(j.record.fields['custrecord_oauth_client_allowed_ips']).toBe('10.9.9.9/8\n192.0.2.0/24\n2001:db8::1/64');
    const quiet = await run(['apikey', 'create', '--name', 'x', '--allowed-ips', '10.0.0.0/8', '--json']);
    expect(quiet.stderr).not.toContain('allows the whole range');
  });

  it('prints the key once, its hash and the field names in the human format', async () => {
    const r = await run(['apikey', 'create', '--name', 'reporting']);
    expect(r.code).toBe(0);
    const key = /\b(nsk_[A-Za-z0-9_-]{43})\b/.exec(r.stdout)?.[1] ?? '';
    expect(r.stdout.split(key)).toHaveLength(2);
    expect(r.stdout).toMatch(new RegExp(`custrecord_oauth_client_key_hash\\s+${sha256(key)}`));
    expect(r.stdout).toMatch(new RegExp(`custrecord_oauth_client_key_prefix\\s+${key.slice(0, 10)}`));
    expect(r.stdout).toContain('shown once');
  });

  it('--expires 90d counts from now; an ISO date-time with zone is kept exactly', async () => {
    const now = Date.UTC(2030, 0, 1, 12);
    const rel = JSON.parse((await run(['apikey', 'create', '--name', 'a', '--expires', '90d', '--json'], { now: () => now })).stdout) as Created;
    expect(rel.record.fields['custrecord_oauth_client_expires']).toBe(new Date(now + 90 * 86_400_000).toISOString());
    const iso = JSON.parse((await run(['apikey', 'create', '--name', 'a', '--expires', '2031-06-30T17:00:00+02:00', '--json'], { now: () => now })).stdout) as Created;
    expect(iso.record.fields['custrecord_oauth_client_expires']).toBe('2031-06-30T15:00:00.000Z');
  });

  it.each([
    [[], /--name: required/],
    [['--name', 'x', '--allowed-ips', '10.0.0.300, example.com'], /--allowed-ips: 10\.0\.0\.300, example\.com are not/],
    [['--name', 'x', '--expires', '2001-01-01'], /--expires: must be in the future/],
    [['--name', 'x', '--expires', '31/12/2030'], /--expires "31\/12\/2030" is not a date/],
    [['--name', 'x', '--expires', '2030-02-30'], /is not a date/],
    [['--name', 'x', '--expires', '2030-12-31T10:00:00'], /with a zone/],
  ])('exits 2 with the field named for %j', async (args, message) => {
    const r = await run(['apikey', 'create', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).not.toMatch(/nsk_/);
  });
});

describe('ns-oauth apikey hash', () => {
  it('prints the lower-case hex SHA-256 of the key read from stdin (surrounding white space ignored)', async () => {
    const r = await run(['apikey', 'hash'], { stdin: `  ${KEY}\r\n` });
    expect(r).toEqual({ code: 0, stdout: `${sha256(KEY)}\n`, stderr: '' });
    const j = await run(['apikey', 'hash', '--json'], { stdin: KEY });
    expect(JSON.parse(j.stdout)).toEqual({ keyHash: sha256(KEY), keyPrefix: KEY.slice(0, 10), fingerprint: `sha256:${sha256(KEY).slice(0, 8)}` });
  });

  it.each([
    ['', /no API key on standard input/],
    ['hello world', /does not start with "nsk_"/],
    ['nsk_tooShort', /has 8 characters after "nsk_"; a key has at least 43/],
    [`nsk_${'a'.repeat(42)}!`, /characters outside base64url/],
    [`${KEY}\n${KEY}`, /2 lines; expected one API key/],
  ])('exits 2 for malformed input %#, without echoing it', async (input, message) => {
    const r = await run(['apikey', 'hash'], { stdin: input });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    if (input.length > 20) expect(r.stderr).not.toContain(input.slice(4, 30));
  });

  it('refuses a key given as an argument (shell history, process lists) without echoing it', async () => {
    const r = await run(['apikey', 'hash', KEY]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('shell history');
    expect(r.stderr).toContain('printf %s "$API_KEY" | ns-oauth apikey hash');
    expect(r.stderr).not.toContain(KEY.slice(4));
    expect(r.stdout).toBe('');
  });

  it('--help explains why the key is read from stdin', async () => {
    const r = await run(['apikey', 'hash', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/never from the command line: command-line arguments are kept in\s+shell history/);
  });

  it('end to end: piped stdin gives the hash (exit 0); a malformed key exits 2', async () => {
    const ok = await runBin(['apikey', 'hash'], { input: KEY + '\n' });
    expect(ok).toEqual({ code: 0, stdout: `${sha256(KEY)}\n`, stderr: '' });
    const bad = await runBin(['apikey', 'hash'], { input: 'nsk_x\n' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ns-oauth apikey hash: the input is not an API key');
  });
});
