/**
 * @NApiVersion 2.1
 * @NScriptType Suitelet
 * @NModuleScope SameAccount
 */
// Signing benchmark Suitelet: never part of the product (not under src/, not in deploy.xml).
//
// `npm run bench` deploys it into the in-memory account (tools/suitescript-runtime) next to the
// built files, to time the DEPLOYED jsrsasign module (/SuiteScripts/OAuth/lib/jsrsasign.js) inside a
// SuiteScript realm. It can also be uploaded to a real sandbox to re-measure on NetSuite's GraalJS:
// see docs/PERFORMANCE.md ("Re-measuring in a NetSuite account").
//
// It signs the way the product does (src/TypeScript/adapters/signers/jsrsasignSigner.ts):
// KJUR.crypto.Signature with SHAnnnwithRSAandMGF1 and psssaltlen = hash length for PS*, and
// SHAnnnwithECDSA converted to raw r||s for ES*. The key is parsed once (as the refresher does once
// per run), then the loop signs until `budgetms` has passed and at least `minn` signatures are done,
// or `maxn` are done. Every signature is timed with util.nanoTime() (Date.now() if absent).
//
// GET parameters: key (File Cabinet path or internal id of a PEM private key), alg (PS256, PS384,
// PS512, ES256, ES384, ES512), input (the string to sign; default a JWT-sized constant), budgetms,
// minn, maxn. Answers JSON; never the key.
define(['N/file', '/SuiteScripts/OAuth/lib/jsrsasign'], function (file, jsrsasign) {
  var HASH_BYTES = { 256: 32, 384: 48, 512: 64 };
  var EC_COORDINATE_BYTES = { 256: 32, 384: 48, 512: 66 };
  var DEFAULT_INPUT =
    'eyJ0eXAiOiJKV1QiLCJhbGciOiJQUzI1NiIsImtpZCI6ImJlbmNoLWNlcnRpZmljYXRlIn0.' +
    'eyJpc3MiOiJiZW5jaC1jbGllbnQiLCJzY29wZSI6WyJyZXN0X3dlYnNlcnZpY2VzIl0sImF1ZCI6Imh0dHBzOi8vMTIzNDU2Ny1zYjEu' +
    'c3VpdGV0YWxrLmFwaS5uZXRzdWl0ZS5jb20vc2VydmljZXMvcmVzdC9hdXRoL29hdXRoMi92MS90b2tlbiIsImlhdCI6MTc2ODQ3MTIw' +
    'MCwiZXhwIjoxNzY4NDcxNTAwfQ';

  function nowMs() {
    // util.nanoTime is a SuiteScript global; the in-memory runtime has it too.
    if (typeof util !== 'undefined' && util && typeof util.nanoTime === 'function') return util.nanoTime() / 1e6;
    return Date.now();
  }

  function int(value, fallback) {
    var n = parseInt(value, 10);
    return isFinite(n) && n >= 0 ? n : fallback;
  }

  function ecdsaRawHex(derHex, coordinateBytes) {
    var rs = jsrsasign.KJUR.crypto.ECDSA.parseSigHexInHexRS(derHex);
    function fix(h) {
      var t = h.replace(/^(00)+/, '');
      while (t.length < coordinateBytes * 2) t = '0' + t;
      return t;
    }
    return fix(rs.r) + fix(rs.s);
  }

  function onRequest(context) {
    var p = context.request.parameters;
    var alg = String(p.alg || 'PS256');
    var m = /^(PS|ES)(256|384|512)$/.exec(alg);
    context.response.setHeader({ name: 'Content-Type', value: 'application/json' });
    if (!m || !p.key) {
      context.response.write(JSON.stringify({ error: 'give key (File Cabinet path or id) and alg (PS256..ES512)' }));
      return;
    }
    var family = m[1];
    var bits = m[2];
    var input = p.input ? String(p.input) : DEFAULT_INPUT;
    var budgetMs = int(p.budgetms, 1000);
    var minN = int(p.minn, 1);
    var maxN = int(p.maxn, 200);

    var t0 = nowMs();
    var pem = file.load({ id: /^[0-9]+$/.test(String(p.key)) ? Number(p.key) : String(p.key) }).getContents();
    var t1 = nowMs();
    var key = jsrsasign.KEYUTIL.getKey(pem);
    var t2 = nowMs();

    var javaName = 'SHA' + bits + (family === 'PS' ? 'withRSAandMGF1' : 'withECDSA');
    var samples = [];
    var signatureLength = 0;
    var start = nowMs();
    while (samples.length < maxN && (samples.length < minN || nowMs() - start < budgetMs)) {
      var s = nowMs();
      var sig = new jsrsasign.KJUR.crypto.Signature(family === 'PS' ? { alg: javaName, psssaltlen: HASH_BYTES[bits] } : { alg: javaName });
      sig.init(key);
      sig.updateString(input);
      var hex = sig.sign();
      var b64u = jsrsasign.hextob64u(family === 'ES' ? ecdsaRawHex(hex, EC_COORDINATE_BYTES[bits]) : hex);
      samples.push(nowMs() - s);
      signatureLength = b64u.length;
    }
    context.response.write(
      JSON.stringify({
        alg: alg,
        appName: jsrsasign.APP_NAME,
        jsrsasignVersion: jsrsasign.VERSION,
        fileLoadMs: t1 - t0,
        keyParseMs: t2 - t1,
        signatureLength: signatureLength,
        samplesMs: samples,
      }),
    );
  }

  return { onRequest: onRequest };
});
