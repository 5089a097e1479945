/**
 * IP allow-lists: IPv4/IPv6 addresses or CIDR ranges separated by commas, semicolons, spaces or new
 * lines; empty means any address. Hand-written rather than a library to keep the proxy's script
 * small (it loads on every call); cross-checked against Node's net.BlockList in the tests.
 */

export interface IpRange {
  /** 4 bytes (IPv4) or 16 bytes (IPv6); IPv4 ranges are also matched against IPv4-mapped IPv6. */
  bytes: number[];
  prefix: number;
  text: string;
}

export interface AllowList {
  any: boolean;
  ranges: IpRange[];
  /** Entries that are not addresses or ranges (the admin is told; they match nothing). */
  invalid: string[];
}

export function parseIPv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

export function parseIPv6(input: string): number[] | null {
  let text = input;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  if (text.length < 2 || text.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(text)) return null;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (!v4) return null;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    // keep "::" when the IPv4 part follows it, else drop the separating ':'
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (s: string): number[] | null => {
    if (s === '') return [];
    const groups = s.split(':');
    const out: number[] = [];
    for (const g of groups) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parseGroups(halves[0]!);
  const rest = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!head || !rest) return null;
  const explicit = head.length + rest.length + tail.length;
  let groups: number[];
  if (halves.length === 2) {
    if (explicit > 7) return null;
    groups = [...head, ...new Array<number>(8 - explicit).fill(0), ...rest, ...tail];
  } else {
    if (explicit !== 8) return null;
    groups = [...head, ...tail];
  }
  const bytes: number[] = [];
  for (const g of groups) bytes.push(g >> 8, g & 255);
  return bytes;
}

function parseAddress(text: string): number[] | null {
  return text.includes(':') ? parseIPv6(text) : parseIPv4(text);
}

export function parseRange(entry: string): IpRange | null {
  const slash = entry.indexOf('/');
  const addr = slash >= 0 ? entry.slice(0, slash) : entry;
  const bytes = parseAddress(addr);
  if (!bytes) return null;
  const max = bytes.length * 8;
  let prefix = max;
  if (slash >= 0) {
    const p = entry.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
    prefix = Number(p);
    if (prefix > max) return null;
  }
  return { bytes, prefix, text: entry };
}

export function parseAllowList(text: string | null | undefined): AllowList {
  const entries = (text ?? '')
    .split(/[\s,;]+/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const ranges: IpRange[] = [];
  const invalid: string[] = [];
  for (const e of entries) {
    const r = parseRange(e);
    if (r) ranges.push(r);
    else invalid.push(e.length > 60 ? `${e.slice(0, 60)}…` : e);
  }
  // An allow-list whose every entry is invalid still allows nobody: never fail open.
  return { any: entries.length === 0, ranges, invalid };
}

function inRange(bytes: number[], range: IpRange): boolean {
  if (bytes.length !== range.bytes.length) return false;
  let bits = range.prefix;
  for (let i = 0; i < bytes.length && bits > 0; i++) {
    const take = Math.min(8, bits);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((bytes[i]! & mask) !== (range.bytes[i]! & mask)) return false;
    bits -= take;
  }
  return true;
}

/** IPv4-mapped IPv6 (::ffff:a.b.c.d) -> the IPv4 bytes, else null. */
function mappedV4(bytes: number[]): number[] | null {
  if (bytes.length !== 16) return null;
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return null;
  if (bytes[10] !== 0xff || bytes[11] !== 0xff) return null;
  return bytes.slice(12);
}

export function isAllowed(list: AllowList, address: string | null | undefined): boolean {
  if (list.any) return true;
  const bytes = address ? parseAddress(address.trim()) : null;
  if (!bytes) return false;
  const v4 = mappedV4(bytes);
  return list.ranges.some((r) => inRange(bytes, r) || (v4 !== null && inRange(v4, r)));
}

export interface NonCanonicalCidr {
  /** The entry as written, e.g. `10.9.9.9/8`. */
  entry: string;
  /** The range it really allows, e.g. `10.0.0.0/8` (host bits cleared). */
  canonical: string;
  /** How many addresses the range holds, as text (IPv6 ranges are huge: `2^64`). */
  size: string;
}

/** RFC 5952 text of 16 bytes: lower case, no leading zeros, the longest run (2+) of zero groups as `::`. */
function formatIPv6(bytes: number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestAt < 0) return hex.join(':');
  return `${hex.slice(0, bestAt).join(':')}::${hex.slice(bestAt + bestLen).join(':')}`;
}

/**
 * Entries of an allow-list whose CIDR has host bits set, such as `10.9.9.9/8`: it is valid and
 * matches the whole `10.0.0.0/8` (16,777,216 addresses), which is rarely what was meant. The admin
 * page and `ns-oauth apikey create` warn about each, showing the range it really allows. Pure; no
 * entry is changed (matching already ignores the host bits).
 */
export function nonCanonicalCidrs(text: string | null | undefined): NonCanonicalCidr[] {
  const out: NonCanonicalCidr[] = [];
  for (const range of parseAllowList(text).ranges) {
    const max = range.bytes.length * 8;
    if (range.prefix === max) continue;
    const masked = range.bytes.map((b, i) => {
      const bits = Math.max(0, Math.min(8, range.prefix - i * 8));
      return b & ((0xff << (8 - bits)) & 0xff);
    });
    if (masked.every((b, i) => b === range.bytes[i])) continue;
    const address = masked.length === 4 ? masked.join('.') : formatIPv6(masked);
    const hostBits = max - range.prefix;
    out.push({
      entry: range.text,
      canonical: `${address}/${range.prefix}`,
      size: hostBits <= 48 ? (2 ** hostBits).toLocaleString('en-US') : `2^${hostBits}`,
    });
  }
  return out;
}
