/**
 * Properties of the pure core rules (src/TypeScript/core), checked against independent oracles:
 * the contract's own wording (DESIGN.md section 3), Node's Buffer base64url and node:net
 * (BlockList, isIP). Shared by __tests__/properties/core.test.ts (CI case counts) and
 * tools/fuzz/run.ts (100,000+ cases).
 */
import assert from 'node:assert/strict';
import { BlockList, isIP } from 'node:net';
import fc from 'fast-check';
import { accountHost, parseAccountId, tokenEndpointUrl } from '../../../src/TypeScript/core/account';
import { ACCEPTED_ALGORITHMS } from '../../../src/TypeScript/core/algorithms';
import { apiKeyFromBytes, isWellFormedApiKey } from '../../../src/TypeScript/core/apiKey';
import { toBase64Url } from '../../../src/TypeScript/core/base64url';
import { parseRefresherConfig } from '../../../src/TypeScript/core/config';
import { ConfigError } from '../../../src/TypeScript/core/errors';
import { isAllowed, parseAllowList, parseRange } from '../../../src/TypeScript/core/ipAllowList';
import { REFRESHER_PARAMS as P } from '../../../src/TypeScript/core/names';
import { DEFAULT_SCOPE, parseScope, SCOPES } from '../../../src/TypeScript/core/scope';
import { throttleKey } from '../../../src/TypeScript/core/throttle';
import type { NamedProperty } from './types';

// ------------------------------------------------------------------------------------------ generators

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const b64urlChar = fc.constantFrom(...B64URL.split(''));
/** Lengths around the contract's bounds (43 and 196) as well as anywhere. */
const keyBodyLength = fc.oneof(fc.integer({ min: 0, max: 260 }), fc.integer({ min: 40, max: 46 }), fc.integer({ min: 192, max: 200 }));
const b64urlString = (n: number) => fc.string({ unit: b64urlChar, minLength: n, maxLength: n });
/** Any single character (any code point, lone surrogates included) outside the base64url alphabet. */
const foreignChar = fc
  .oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    fc.constantFrom('=', '+', '/', ' ', '\n', '\r', '\t', '\u0000', '.', '%', 'é', '\u200b', '\ufeff', '🔑'),
  )
  .filter((c) => c.length > 0 && !/^[A-Za-z0-9_-]$/.test(c));
/** Values N/runtime's getParameter can return (strings, numbers, booleans, null) plus undefined. */
const parameterValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(''),
);

/** Bytes as IPv4 text. */
function v4Text(bytes: readonly number[]): string {
  return bytes.join('.');
}

/** Bytes as IPv6 text in one of the forms people write: full, zero-padded, compressed (RFC 5952), upper case. */
function v6Text(bytes: readonly number[], style: number): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  const full = groups.join(':');
  switch (style % 4) {
    case 0:
      return full;
    case 1:
      return groups.map((g) => g.padStart(4, '0')).join(':');
    case 2:
      return new URL(`http://[${full}]/`).hostname.slice(1, -1);
    default:
      return new URL(`http://[${full}]/`).hostname.slice(1, -1).toUpperCase();
  }
}

/** Copies `net` and sets every bit after `prefix` from `noise`: an address inside net/prefix. */
function insideRange(net: readonly number[], prefix: number, noise: readonly number[]): number[] {
  return net.map((b, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    const mask = (0xff << (8 - keep)) & 0xff;
    return (b & mask) | ((noise[i] ?? 0) & ~mask & 0xff);
  });
}

interface RangeCase {
  family: 4 | 6;
  net: number[];
  prefix: number;
  text: string;
}

const rangeCase: fc.Arbitrary<RangeCase> = fc.oneof(
  fc
    .tuple(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 32 }), fc.boolean())
    .map(([net, prefix, bare]) => ({ family: 4 as const, net, prefix, text: bare && prefix === 32 ? v4Text(net) : `${v4Text(net)}/${prefix}` })),
  fc
    .tuple(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 }), fc.integer({ min: 0, max: 128 }), fc.nat(3), fc.boolean())
    .map(([net, prefix, style, bare]) => ({ family: 6 as const, net, prefix, text: bare && prefix === 128 ? v6Text(net, style) : `${v6Text(net, style)}/${prefix}` })),
);

/** A caller address for a range: inside it (in any notation), IPv4-mapped, or anything at all. */
const addressFor = (r: RangeCase): fc.Arbitrary<string> =>
  fc.oneof(
    fc
      .tuple(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: r.net.length, maxLength: r.net.length }), fc.nat(3))
      .map(([noise, style]) => {
        const a = insideRange(r.net, r.prefix, noise);
        return r.family === 4 ? v4Text(a) : v6Text(a, style);
      }),
    fc.ipV4(),
    fc.ipV6(),
    fc.ipV4().map((a) => `::ffff:${a}`),
    fc
      .array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 })
      .map((a) => v6Text([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, ...(r.family === 4 ? insideRange(r.net, r.prefix, a) : a)], 2)),
  );

/** The oracle: node:net BlockList, except that an IPv6 range never matches an IPv4 caller (the product fails closed there). */
function expectedMatch(r: RangeCase, address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (r.family === 6 && family === 4) return false;
  const bl = new BlockList();
  bl.addSubnet(r.family === 4 ? v4Text(r.net) : v6Text(r.net, 0), r.prefix, r.family === 4 ? 'ipv4' : 'ipv6');
  return bl.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** Entries that are not addresses or ranges, built as near misses of valid ones. */
const invalidEntry = fc.oneof(
  fc.ipV4().map((a) => `${a}/33`),
  fc.ipV6().map((a) => `${a}/129`),
  fc.ipV4().map((a) => `${a}/`),
  fc.ipV4().map((a) => `${a}/08`),
  fc.ipV4().map((a) => `${a}.1`),
  fc.ipV4().map((a) => `0${a}`),
  fc.ipV4Extended().filter((a) => isIP(a) === 0),
  fc.ipV6().map((a) => `${a}:1:2:3:4:5:6:7:8`),
  fc.ipV6().map((a) => `g${a}`),
  fc.constantFrom('localhost', '300.1.1.1', '1.2.3', '::1.2.3', ':::1', '1::2::3', '*', 'any', '0/0', '/24', 'example.com'),
);

const SEPARATORS = [',', '\n', ', ', ';', ' ', '\r\n', '\t', ' ,\n '];

function hostOfTokenUrl(accountId: string): URL {
  return new URL(tokenEndpointUrl(accountId));
}

function expectConfigError(run: () => unknown, parameter: string): ConfigError {
  try {
    run();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    assert.equal(e.parameter, parameter);
    assert.ok(e.message.startsWith(`${parameter}: `), `the message must start with the parameter name: ${e.message}`);
    return e;
  }
  assert.fail('expected a ConfigError');
}

// ------------------------------------------------------------------------------ refresher configuration

const VALID: Record<string, fc.Arbitrary<unknown>> = {
  [P.accountId]: fc.oneof(
    fc.stringMatching(/^[0-9]{1,10}$/),
    fc.tuple(fc.stringMatching(/^[0-9]{1,10}$/), fc.constantFrom('SB1', 'sb2', 'RP', 'TD123')).map(([a, b]) => `${a}_${b}`),
  ),
  [P.clientId]: fc.stringMatching(/^[0-9a-f]{64}$/),
  [P.certificateId]: fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
  [P.privateKeyFile]: fc.oneof(fc.constant('/SuiteScripts/OAuthKeys/private_key.pem'), fc.integer({ min: 1, max: 99999 }).map(String)),
  [P.signingCertificate]: fc.oneof(fc.constant(''), fc.constant(null), fc.constant('custcertificate_oauth_m2m')),
  [P.algorithm]: fc.oneof(fc.constant(''), fc.constant(null), fc.constantFrom(...ACCEPTED_ALGORITHMS), fc.constantFrom('ps256', ' es384 ')),
  [P.scope]: fc.oneof(fc.constant(''), fc.constant(null), fc.subarray([...SCOPES], { minLength: 1 }).map((s) => s.join(','))),
  [P.refreshMargin]: fc.oneof(fc.constant(null), fc.constant(''), fc.integer({ min: 0, max: 59 })),
  [P.alertEmail]: fc.oneof(fc.constant(''), fc.constant(null), fc.constant('ops@example.com, it@example.org')),
};
const PARAM_IDS = Object.values(P) as string[];

/** A parameter map where each value is valid or, now and then, anything. */
const parameterMap = fc.record(
  Object.fromEntries(PARAM_IDS.map((id) => [id, fc.oneof({ weight: 4, arbitrary: VALID[id]! }, { weight: 1, arbitrary: parameterValue })])) as Record<
    string,
    fc.Arbitrary<unknown>
  >,
);

// --------------------------------------------------------------------------------------- the properties

export const CORE_PROPERTIES: NamedProperty[] = [
  {
    name: 'API keys: isWellFormedApiKey accepts exactly "nsk_" + 43..196 base64url characters',
    kind: 'core',
    property: () =>
      fc.property(
        fc.oneof({ weight: 3, arbitrary: fc.constant('nsk_') }, { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('NSK_', 'nsk-', 'nsk', 'sk_', ' nsk_')) }),
        keyBodyLength.chain(b64urlString),
        (prefix, body) => {
          const text = prefix + body;
          const rest = [...text.slice(4)];
          const expected = text.startsWith('nsk_') && rest.length >= 43 && rest.length <= 196 && rest.every((c) => B64URL.includes(c));
          assert.equal(isWellFormedApiKey(text), expected, `${JSON.stringify(prefix)} + ${body.length} characters`);
        },
      ),
  },
  {
    name: 'API keys: a key made from any 32..147 random bytes (any encoder padding or alphabet) is well-formed and carries exactly those bytes',
    kind: 'core',
    property: () =>
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 147 }), fc.constantFrom('standard', 'url-padded', 'url'), (bytes, encoder) => {
        const encode = (b: ArrayLike<number>) => {
          const buf = Buffer.from(Array.from(b));
          if (encoder === 'standard') return toBase64Url(buf.toString('base64'));
          const url = buf.toString('base64url');
          return encoder === 'url' ? url : url.padEnd(Math.ceil(url.length / 4) * 4, '=');
        };
        const key = apiKeyFromBytes(bytes, encode);
        assert.ok(isWellFormedApiKey(key), key);
        assert.equal(key.length, 4 + Math.ceil((bytes.length * 4) / 3));
        assert.deepEqual(new Uint8Array(Buffer.from(key.slice(4), 'base64url')), bytes);
      }),
  },
  {
    name: 'API keys: fewer than 32 random bytes never make a key',
    kind: 'core',
    property: () =>
      fc.property(fc.uint8Array({ maxLength: 31 }), (bytes) => {
        assert.throws(() => apiKeyFromBytes(bytes, (b) => Buffer.from(Array.from(b)).toString('base64url')), RangeError);
      }),
  },
  {
    name: 'API keys: any key with a character outside the base64url alphabet (inserted or substituted anywhere) is refused',
    kind: 'core',
    property: () =>
      fc.property(fc.integer({ min: 43, max: 196 }).chain(b64urlString), foreignChar, fc.nat(), fc.boolean(), (body, bad, at, substitute) => {
        const key = `nsk_${body}`;
        const i = at % (key.length + 1);
        const mutated = key.slice(0, i) + bad + key.slice(substitute ? i + 1 : i);
        assert.equal(isWellFormedApiKey(mutated), false, JSON.stringify(mutated));
      }),
  },
  {
    name: 'IP allow-lists: a single range agrees with node:net BlockList for any IPv4/IPv6 address and prefix (IPv6 ranges never admit IPv4 callers)',
    kind: 'core',
    property: () =>
      fc.property(
        rangeCase.chain((r) => fc.tuple(fc.constant(r), addressFor(r))),
        ([r, address]) => {
          const list = parseAllowList(r.text);
          assert.deepEqual(list.invalid, [], r.text);
          assert.equal(isAllowed(list, address), expectedMatch(r, address), `${r.text} vs ${address}`);
        },
      ),
  },
  {
    name: 'IP allow-lists: a list of ranges and invalid entries, with any separators, allows exactly what one of its valid ranges allows',
    kind: 'core',
    property: () =>
      fc.property(
        fc.array(fc.oneof({ weight: 2, arbitrary: rangeCase.map((r) => ({ r })) }, { weight: 1, arbitrary: invalidEntry.map((bad) => ({ bad })) }), { maxLength: 5 }),
        fc.array(fc.constantFrom(...SEPARATORS), { minLength: 6, maxLength: 6 }),
        fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4().map((a) => `::ffff:${a}`)),
        (entries, seps, address) => {
          const text = entries.map((e, i) => ('r' in e ? e.r.text : e.bad) + (seps[i] ?? ',')).join('');
          const list = parseAllowList(text);
          const ranges = entries.flatMap((e) => ('r' in e ? [e.r] : []));
          assert.equal(list.invalid.length, entries.length - ranges.length, text);
          const expected = entries.length === 0 ? true : ranges.some((r) => expectedMatch(r, address));
          assert.equal(isAllowed(list, address), expected, `${JSON.stringify(text)} vs ${address}`);
        },
      ),
  },
  {
    name: 'IP allow-lists: an address is always in its own /32 or /128 and in its bare entry; /0 matches all of its family',
    kind: 'core',
    property: () =>
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4().map((a) => `::ffff:${a}`)), (address) => {
        const six = isIP(address) === 6;
        assert.ok(isAllowed(parseAllowList(`${address}/${six ? 128 : 32}`), address), address);
        assert.ok(isAllowed(parseAllowList(address), address), address);
        assert.ok(isAllowed(parseAllowList(six ? '::/0' : '0.0.0.0/0'), address), address);
        // The other family's /0: IPv4-mapped IPv6 callers are IPv4 callers; IPv4 callers never match an IPv6 range.
        const other: RangeCase = six
          ? { family: 4, net: [0, 0, 0, 0], prefix: 0, text: '0.0.0.0/0' }
          : { family: 6, net: new Array<number>(16).fill(0), prefix: 0, text: '::/0' };
        assert.equal(isAllowed(parseAllowList(other.text), address), expectedMatch(other, address), address);
      }),
  },
  {
    name: 'IP allow-lists: an entry that is not an address or range matches nothing, and what is accepted is an address Node recognises',
    kind: 'core',
    property: () =>
      fc.property(
        fc.oneof(
          invalidEntry,
          fc.string({ unit: 'binary', maxLength: 50 }),
          fc.tuple(rangeCase, fc.nat(), fc.string({ unit: 'binary', maxLength: 2 }), fc.nat(2)).map(([r, at, s, del]) => {
            const i = at % (r.text.length + 1);
            return r.text.slice(0, i) + s + r.text.slice(i + del); // a valid entry with a few characters changed
          }),
        ),
        fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4().map((a) => `::ffff:${a}`)),
        (entry, address) => {
          if (/[\s,;]/.test(entry) || entry === '') return; // separators make several entries: covered above
          const range = parseRange(entry);
          if (range === null) {
            const list = parseAllowList(entry);
            assert.equal(list.ranges.length, 0);
            assert.equal(list.invalid.length, 1);
            assert.equal(isAllowed(list, address), false, `${JSON.stringify(entry)} admitted ${address}`);
            assert.equal(isAllowed(list, entry), false);
          } else {
            const slash = entry.indexOf('/');
            const addr = (slash >= 0 ? entry.slice(0, slash) : entry).replace(/^\[(.*)\]$/, '$1');
            assert.notEqual(isIP(addr.endsWith('%') ? addr.slice(0, -1) : addr), 0, `accepted ${JSON.stringify(entry)}, which is not an address`);
            assert.ok(range.prefix <= range.bytes.length * 8);
          }
        },
      ),
  },
  {
    name: 'scope: any comma/space-separated list of NetSuite scopes parses to those scopes (deduplicated, in order; empty = rest_webservices); anything else is a ConfigError naming the parameter',
    kind: 'core',
    property: () =>
      fc.property(
        fc.array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...SCOPES).chain((s) => fc.mixedCase(fc.constant(s))) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }) }), {
          maxLength: 5,
        }),
        fc.array(fc.constantFrom(',', ' ', ', ', '\n', '\t', ',,', ' , '), { minLength: 6, maxLength: 6 }),
        fc.string({ minLength: 1, maxLength: 30 }),
        (parts, seps, parameter) => {
          const text = parts.map((p, i) => p + (seps[i] ?? ',')).join('');
          const tokens = text
            .split(/[\s,]+/)
            .map((p) => p.toLowerCase())
            .filter((p) => p !== '');
          if (tokens.every((p) => (SCOPES as readonly string[]).includes(p))) {
            const expected = tokens.length === 0 ? [...DEFAULT_SCOPE] : [...new Set(tokens)];
            assert.deepEqual(parseScope(text, parameter), expected);
          } else {
            expectConfigError(() => parseScope(text, parameter), parameter);
          }
        },
      ),
  },
  {
    name: 'scope: any parameter value gives scopes or a ConfigError naming the parameter, never another error',
    kind: 'core',
    property: () =>
      fc.property(parameterValue, (value) => {
        try {
          const scopes = parseScope(value, P.scope);
          assert.ok(scopes.length > 0 && scopes.every((s) => (SCOPES as readonly string[]).includes(s)));
        } catch (e) {
          assert.ok(e instanceof ConfigError && e.parameter === P.scope, String(e));
        }
      }),
  },
  {
    name: 'account ids: any accepted id yields a host label ^[0-9a-z-]+$ and a token URL on <label>.suitetalk.api.netsuite.com; anything else is a ConfigError naming the parameter',
    kind: 'core',
    property: () =>
      fc.property(
        fc.oneof(
          VALID[P.accountId]! as fc.Arbitrary<string>,
          fc.string({ unit: fc.constantFrom(...'0123456789_aZ-.:/@#?%[]\\ \t\né\u0000'.split('')), maxLength: 24 }),
          fc.tuple(fc.stringMatching(/^[0-9]{1,8}$/), fc.string({ unit: 'binary', maxLength: 12 })).map(([a, b]) => a + b),
          fc.string({ unit: 'binary', maxLength: 50 }),
          parameterValue,
        ),
        (value) => {
          let id: string;
          try {
            id = parseAccountId(value, P.accountId);
          } catch (e) {
            assert.ok(e instanceof ConfigError, `not a ConfigError: ${String(e)}`);
            assert.equal(e.parameter, P.accountId);
            return;
          }
          const label = accountHost(id);
          assert.match(label, /^[0-9a-z-]+$/);
          const url = hostOfTokenUrl(id);
          assert.equal(url.hostname, `${label}.suitetalk.api.netsuite.com`);
          assert.ok(url.hostname.endsWith('.suitetalk.api.netsuite.com'));
          assert.equal(url.origin, `https://${label}.suitetalk.api.netsuite.com`);
          assert.equal(url.pathname, '/services/rest/auth/oauth2/v1/token');
          assert.equal(url.username + url.password + url.port + url.search + url.hash, '');
        },
      ),
  },
  {
    name: 'refresher configuration: any parameter set parses to a safe configuration or throws a ConfigError naming a parameter that really is wrong',
    kind: 'core',
    property: () =>
      fc.property(parameterMap, fc.record(Object.fromEntries(PARAM_IDS.map((id) => [id, VALID[id]!])) as Record<string, fc.Arbitrary<unknown>>), (params, repairs) => {
        const parse = (p: Record<string, unknown>) => parseRefresherConfig((id) => p[id]);
        let failed: ConfigError | undefined;
        try {
          const config = parse(params);
          assert.match(accountHost(config.accountId), /^[0-9a-z-]+$/);
          assert.ok(hostOfTokenUrl(config.accountId).hostname.endsWith('.suitetalk.api.netsuite.com'));
          assert.ok((ACCEPTED_ALGORITHMS as readonly string[]).includes(config.algorithm.name));
          assert.ok(config.refreshMarginMinutes >= 0 && config.refreshMarginMinutes <= 59);
          assert.ok(config.scope.length > 0);
          for (const token of [config.clientId, config.certificateId]) assert.match(token, /^[\x21-\x7e]{1,256}$/);
        } catch (e) {
          assert.ok(e instanceof ConfigError, `not a ConfigError: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
          assert.ok(PARAM_IDS.includes(e.parameter), `names no parameter: ${e.parameter}`);
          assert.ok(e.message.startsWith(`${e.parameter}: `));
          failed = e;
        }
        if (failed) {
          // Putting a valid value into the parameter it named removes that complaint.
          const repaired = { ...params, [failed.parameter]: repairs[failed.parameter] };
          if (failed.parameter === P.privateKeyFile) repaired[P.signingCertificate] = '';
          try {
            parse(repaired);
          } catch (e) {
            assert.ok(e instanceof ConfigError);
            assert.notEqual(e.parameter, failed.parameter, `still refused after repairing ${failed.parameter}: ${e.message}`);
          }
        }
      }),
  },
  {
    name: 'toBase64Url: any encoder output (standard or URL alphabet, padded or not, with MIME line breaks) becomes the unpadded base64url of the bytes',
    kind: 'core',
    property: () =>
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('standard', 'mime', 'url', 'url-padded'), (bytes, form) => {
        const buf = Buffer.from(bytes);
        const std = buf.toString('base64');
        const input =
          form === 'standard'
            ? std
            : form === 'mime'
              ? (std.match(/.{1,76}/g) ?? []).join('\r\n')
              : form === 'url'
                ? buf.toString('base64url')
                : std.replace(/\+/g, '-').replace(/\//g, '_');
        const out = toBase64Url(input);
        assert.equal(out, buf.toString('base64url'));
        assert.equal(toBase64Url(out), out);
      }),
  },
  {
    name: 'throttleKey: any address text gives a short key of safe characters (no log or cache-key injection), the same each time',
    kind: 'core',
    property: () =>
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.ipV4(), fc.ipV6(), fc.ipV4Extended()), (address) => {
        const key = throttleKey(address);
        assert.match(key, /^(ip4|ip6|other):[0-9A-Za-z.:/_-]*$/);
        assert.ok(key.length <= 70, key);
        assert.equal(throttleKey(address), key);
        assert.equal(throttleKey(` ${address}\t`), throttleKey(address.trim()));
      }),
  },
  {
    name: 'throttleKey: IPv6 callers count per /64 whatever the notation, distinct /64s and distinct IPv4 addresses never share a count, IPv4-mapped = IPv4',
    kind: 'core',
    property: () =>
      fc.property(
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 }),
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 }),
        fc.integer({ min: 0, max: 16 }),
        fc.nat(3),
        fc.nat(3),
        fc.ipV4(),
        fc.ipV4(),
        fc.integer({ min: 0, max: 255 }),
        (a, other, shared, s1, s2, v4a, v4b, lastOctet) => {
          const isMapped = (x: number[]) => x.slice(0, 10).every((n) => n === 0) && x[10] === 0xff && x[11] === 0xff;
          const b = [...a.slice(0, shared), ...other.slice(shared)]; // shares its first `shared` bytes with a
          fc.pre(!isMapped(a) && !isMapped(b));
          const sameNet = [...a.slice(0, 8), ...b.slice(8)];
          assert.equal(throttleKey(v6Text(a, s1)), throttleKey(v6Text(sameNet, s2)));
          const differ = a.slice(0, 8).some((x, i) => x !== b[i]);
          assert.equal(throttleKey(v6Text(a, s1)) === throttleKey(v6Text(b, s2)), !differ);
          assert.equal(throttleKey(`::ffff:${v4a}`), throttleKey(v4a));
          assert.equal(throttleKey(v4a) === throttleKey(v4b), v4a === v4b);
          const neighbour = v4a.replace(/\d+$/, String(lastOctet)); // same /24
          assert.equal(throttleKey(v4a) === throttleKey(neighbour), v4a === neighbour);
        },
      ),
  },
];
