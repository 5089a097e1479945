// Signature verification of a client assertion with jose (independent of jsrsasign, which the
// product signs with). Plain ESM on purpose: it runs both in the synckit worker (assertion-worker.mjs,
// which nothing transforms) and in-process for the asynchronous handler.
//
// It only answers "does this compact JWS verify with this certificate's key and exactly this alg",
// with the decoded header and payload on success; the caller (token-endpoint.ts) owns every
// NetSuite claim rule.
import { errors, importX509, jwtVerify } from 'jose';

/**
 * @param {{ token: string, certificatePem: string, alg: string, nowMs: number, clockToleranceSeconds?: number }} input
 * @returns {Promise<{ ok: true, header: Record<string, unknown>, payload: Record<string, unknown> } | { ok: false, reason: 'key' | 'signature' | 'claims' | 'malformed', detail: string }>}
 */
export async function verifyAssertion(input) {
  const { token, certificatePem, alg, nowMs, clockToleranceSeconds = 0 } = input;
  let key;
  try {
    key = await importKey(certificatePem, alg);
  } catch (error) {
    // jose/WebCrypto refuse a certificate whose key does not fit the alg (RSA vs EC, wrong curve).
    return { ok: false, reason: 'key', detail: `certificate key does not fit ${alg}: ${describe(error)}` };
  }
  try {
    // exp/nbf are checked here too against the endpoint's (injectable) clock; the caller re-checks
    // exp and iat with its own, stricter rules and texts.
    const { payload, protectedHeader } = await jwtVerify(token, key, {
      algorithms: [alg],
      typ: 'JWT',
      currentDate: new Date(nowMs),
      clockTolerance: clockToleranceSeconds,
    });
    return { ok: true, header: { ...protectedHeader }, payload: { ...payload } };
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return { ok: false, reason: 'signature', detail: 'signature does not verify with the certificate' };
    }
    if (error instanceof errors.JWTExpired || error instanceof errors.JWTClaimValidationFailed) {
      return { ok: false, reason: 'claims', detail: describe(error) };
    }
    return { ok: false, reason: 'malformed', detail: describe(error) };
  }
}

// Imported keys by (alg, certificate): tests verify many assertions against few certificates.
const keyCache = new Map();
const KEY_CACHE_LIMIT = 200;

async function importKey(certificatePem, alg) {
  const cacheKey = `${alg}\n${certificatePem}`;
  const cached = keyCache.get(cacheKey);
  if (cached) return cached;
  const key = await importX509(certificatePem, alg);
  if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.delete(keyCache.keys().next().value);
  keyCache.set(cacheKey, key);
  return key;
}

function describe(error) {
  const code = error && typeof error === 'object' && typeof error.code === 'string' ? `${error.code}: ` : '';
  const message = error instanceof Error ? error.message : String(error);
  return `${code}${message}`;
}
