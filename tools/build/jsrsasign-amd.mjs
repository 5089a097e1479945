// Builds the AMD module /SuiteScripts/OAuth/lib/jsrsasign.js from the jsrsasign package.
//
// SuiteScript 2.1 (GraalJS) has no window, navigator or crypto. jsrsasign reads `navigator` and
// `window` at load time and, without window.crypto, seeds its generator from Math.random(). This
// wrapper gives the library its own local `navigator`/`window`, backs window.crypto.getRandomValues
// with N/crypto/random, and replaces SecureRandom.nextBytes (used for PSS salts and ECDSA nonces)
// so that signing never touches Math.random. `navigator.appName` selects jsrsasign's big-integer
// inner loop: "Netscape" gives the 28-bit am3, which ties with the 26-bit am1 in V8 and beats the
// 30-bit am2 by 1.5x (npm run bench prints the comparison; re-measure on GraalJS, see
// docs/PERFORMANCE.md). JSRSASIGN_APP_NAME overrides it at build time.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
export const JSRSASIGN_APP_NAME = process.env.JSRSASIGN_APP_NAME || 'Netscape';
export const JSRSASIGN_AMD_ID = '/SuiteScripts/OAuth/lib/jsrsasign';

export function jsrsasignAmdSource(appName = JSRSASIGN_APP_NAME) {
  const pkgDir = path.dirname(require.resolve('jsrsasign/package.json'));
  const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  const lib = readFileSync(path.join(pkgDir, 'lib', 'jsrsasign-all-min.js'), 'utf8');
  return `/**
 * @NApiVersion 2.1
 * @NModuleScope SameAccount
 */
// jsrsasign ${version} (MIT License, (c) 2010-2023 Kenji Urushima, https://kjur.github.io/jsrsasign/license)
// wrapped for SuiteScript by this project's build (tools/build/jsrsasign-amd.mjs): local navigator/window,
// randomness from N/crypto/random (never touched while this module loads). Loaded on demand by the token
// refresher when it signs with a key file, never by the proxy Suitelet.
define(['N/crypto/random'], function (nsRandom) {
  function randomBytesInto(target) {
    var bytes = nsRandom.generateBytes({ size: target.length });
    for (var i = 0; i < target.length; i++) target[i] = bytes[i] & 255;
    return target;
  }
  // The library reads these globals in its inner loops; reading them once into locals of this factory
  // spares a global lookup per use (in Node's vm contexts that lookup is slow enough to make ECDSA
  // 1.7x slower; measured by npm run bench).
  var Math = globalThis.Math, parseInt = globalThis.parseInt, String = globalThis.String, Array = globalThis.Array,
    Error = globalThis.Error, Number = globalThis.Number, Object = globalThis.Object, JSON = globalThis.JSON, RegExp = globalThis.RegExp;
  var navigator = { appName: ${JSON.stringify(appName)}, appVersion: '5.0', userAgent: 'NetSuite SuiteScript 2.1' };
  // jsbn fills its random pool while the library loads, from window.crypto, then globalThis.crypto,
  // then Math.random. NetSuite refuses every N/* call during a define() callback
  // (SUITESCRIPT_API_UNAVAILABLE_IN_DEFINE), and this module may be loaded by require() inside the
  // entry point, so no load-time randomness is used at all: while loading, both cryptos leave the pool
  // zero (never Math.random); the pool is filled from N/crypto/random on first use, and the bytes PSS
  // salts and ECDSA nonces use come straight from N/crypto/random (SecureRandom.nextBytes below).
  var loading = true;
  function getRandomValues(target) {
    return loading ? target : randomBytesInto(target);
  }
  var window = { navigator: navigator, crypto: { getRandomValues: getRandomValues } };
  return (function () {
    var globalThis = { crypto: { getRandomValues: getRandomValues } };
${lib}
    loading = false;
    var poolSeeded = false;
    function seedPool() {
      if (poolSeeded) return;
      poolSeeded = true;
      if (rng_pool) randomBytesInto(rng_pool);
    }
    SecureRandom.prototype.nextBytes = function (target) { seedPool(); randomBytesInto(target); };
    return {
      KJUR: KJUR, KEYUTIL: KEYUTIL, RSAKey: RSAKey, ASN1HEX: ASN1HEX, X509: X509,
      BigInteger: BigInteger, SecureRandom: SecureRandom,
      hextob64u: hextob64u, b64utohex: b64utohex, utf8tob64u: utf8tob64u,
      VERSION: ${JSON.stringify(version)}, APP_NAME: navigator.appName
    };
  })();
});
`;
}
