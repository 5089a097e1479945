/**
 * N/encode and the encoding rules shared with N/crypto and N/crypto/certificate.
 *
 * As NetSuite does: HEX (and BASE_16) output is UPPER case; BASE_64_URL_SAFE output keeps `=` padding. Decoding is
 * strict (no whitespace, right alphabet); invalid input throws
 * `FAILED_TO_DECODE_STRING_ENCODED_BINARY_DATA_USING_1_ENCODING`. UTF_8 output of non-UTF-8 bytes contains U+FFFD.
 */
import { sse } from '../errors';
import type { Execution } from '../execution';
import { keyEnum, opts, strict, wrongType } from '../strict';

export const ENCODINGS = ['UTF_8', 'BASE_16', 'BASE_32', 'BASE_64', 'BASE_64_URL_SAFE', 'HEX'] as const;
export type EncodingName = (typeof ENCODINGS)[number];

function decodeError(encoding: string) {
  return sse(
    'FAILED_TO_DECODE_STRING_ENCODED_BINARY_DATA_USING_1_ENCODING',
    `Failed to decode string encoded binary data using ${encoding} encoding.`,
  );
}

/** Checks an encoding name (`UTF-8` is accepted for UTF_8, as some NetSuite APIs document it). */
export function encodingName(ex: Execution, value: unknown, what: string, fallback: EncodingName): EncodingName {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value !== 'string') throw wrongType(what, 'string');
  const v = value === 'UTF-8' ? 'UTF_8' : value;
  if (!(ENCODINGS as readonly string[]).includes(v)) throw sse('INVALID_ENCODING', `Invalid encoding ${value} for ${what}.`);
  if (v === 'BASE_32') throw ex.fault(`${what}: encoding BASE_32 is not implemented`);
  return v as EncodingName;
}

/** Bytes of `text` read in `encoding`. */
export function decodeText(text: string, encoding: EncodingName): Buffer {
  switch (encoding) {
    case 'UTF_8':
      return Buffer.from(text, 'utf8');
    case 'HEX':
    case 'BASE_16':
      if (!/^[0-9a-fA-F]*$/.test(text) || text.length % 2 !== 0) throw decodeError(encoding);
      return Buffer.from(text, 'hex');
    case 'BASE_64':
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) throw decodeError(encoding);
      return Buffer.from(text, 'base64');
    case 'BASE_64_URL_SAFE':
      if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) throw decodeError(encoding);
      return Buffer.from(text.replace(/=+$/, ''), 'base64url');
    default:
      throw decodeError(encoding);
  }
}

/** `bytes` written in `encoding` (NetSuite's case and padding). */
export function encodeBytes(bytes: Buffer, encoding: EncodingName): string {
  switch (encoding) {
    case 'UTF_8':
      return bytes.toString('utf8');
    case 'HEX':
    case 'BASE_16':
      return bytes.toString('hex').toUpperCase();
    case 'BASE_64':
      return bytes.toString('base64');
    case 'BASE_64_URL_SAFE':
      return bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    default:
      throw sse('INVALID_ENCODING', `Invalid encoding ${String(encoding)}.`);
  }
}

/** The `Encoding` enum (values equal keys). */
export const ENCODING_ENUM = keyEnum(ENCODINGS);

export function createEncodeModule(ex: Execution): object {
  return strict(ex, 'N/encode', {
    convert(options?: unknown): string {
      const o = opts(options, 'encode.convert');
      const input = o['string'];
      if (input === undefined || input === null) throw sse('SSS_MISSING_REQD_ARGUMENT', 'Missing a required argument: string');
      if (typeof input !== 'string') throw wrongType('options.string', 'string');
      if (o['inputEncoding'] === undefined) throw sse('SSS_MISSING_REQD_ARGUMENT', 'Missing a required argument: inputEncoding');
      if (o['outputEncoding'] === undefined) throw sse('SSS_MISSING_REQD_ARGUMENT', 'Missing a required argument: outputEncoding');
      const from = encodingName(ex, o['inputEncoding'], 'options.inputEncoding', 'UTF_8');
      const to = encodingName(ex, o['outputEncoding'], 'options.outputEncoding', 'UTF_8');
      return encodeBytes(decodeText(input, from), to);
    },
    Encoding: ENCODING_ENUM,
  });
}
