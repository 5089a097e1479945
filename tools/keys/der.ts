// Minimal DER (ASN.1 Distinguished Encoding Rules) writer: just what a self-signed X.509 certificate
// needs. Written here because @peculiar/x509 cannot load without a Reflect-metadata polyfill
// (tsyringe), which the project does not install, and because a global polyfill must not be forced
// on every process that generates a key.

export type Der = Buffer;

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  let rest = length;
  while (rest > 0) {
    bytes.unshift(rest & 0xff);
    rest = Math.floor(rest / 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Tag-length-value with an already encoded value. */
export function tlv(tag: number, value: Buffer): Der {
  return Buffer.concat([Buffer.from([tag]), encodeLength(value.length), value]);
}

export function sequence(...items: Der[]): Der {
  return tlv(0x30, Buffer.concat(items));
}

export function set(...items: Der[]): Der {
  return tlv(0x31, Buffer.concat(items));
}

/** A constructed, context-specific, explicitly tagged value: `[n] EXPLICIT`. */
export function explicit(tagNumber: number, inner: Der): Der {
  if (tagNumber < 0 || tagNumber > 30) throw new RangeError(`DER: context tag ${tagNumber} out of range`);
  return tlv(0xa0 | tagNumber, inner);
}

export function nullValue(): Der {
  return Buffer.from([0x05, 0x00]);
}

export function boolean(value: boolean): Der {
  return tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
}

/** A non-negative INTEGER from big-endian magnitude bytes (minimal two's-complement form). */
export function unsignedInteger(magnitude: Buffer): Der {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start += 1;
  let body = magnitude.subarray(start);
  if (body.length === 0) body = Buffer.from([0]);
  if ((body[0] ?? 0) & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return tlv(0x02, body);
}

export function smallInteger(value: number): Der {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) throw new RangeError(`DER: integer ${value} not supported`);
  return unsignedInteger(Buffer.from([value >> 8, value & 0xff]));
}

export function objectIdentifier(dotted: string): Der {
  const arcs = dotted.split('.').map((part) => {
    if (!/^\d+$/.test(part)) throw new Error(`DER: bad object identifier ${dotted}`);
    return Number(part);
  });
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined || first > 2 || (first < 2 && second > 39)) {
    throw new Error(`DER: bad object identifier ${dotted}`);
  }
  const bytes: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const chunk: number[] = [arc & 0x7f];
    let rest7 = Math.floor(arc / 128);
    while (rest7 > 0) {
      chunk.unshift((rest7 & 0x7f) | 0x80);
      rest7 = Math.floor(rest7 / 128);
    }
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

export function utf8String(value: string): Der {
  return tlv(0x0c, Buffer.from(value, 'utf8'));
}

export function octetString(value: Buffer): Der {
  return tlv(0x04, value);
}

/** BIT STRING with `unusedBits` padding bits in the last byte (0 for whole-byte content). */
export function bitString(value: Buffer, unusedBits = 0): Der {
  return tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), value]));
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * X.509 Time (RFC 5280 4.1.2.5): UTCTime for the years 1950-2049, GeneralizedTime otherwise;
 * always whole seconds in UTC.
 */
export function x509Time(date: Date): Der {
  const year = date.getUTCFullYear();
  const rest = `${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
  if (year >= 1950 && year < 2050) return tlv(0x17, Buffer.from(`${two(year % 100)}${rest}`, 'ascii'));
  if (year < 0 || year > 9999) throw new RangeError(`DER: year ${year} cannot be encoded`);
  return tlv(0x18, Buffer.from(`${String(year).padStart(4, '0')}${rest}`, 'ascii'));
}

export function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
