import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import * as x509 from '@peculiar/x509';
import * as crypto from 'node:crypto';
import { logged, scheduled, scheduledScript, setup } from './helpers';

function run(deps: Record<string, string>, body: string, options: Parameters<typeof setup>[2] = {}) {
  const { account } = setup({ 's.js': scheduled(deps, body) }, [scheduledScript('s', 's.js')], options);
  return { account, result: account.runScheduled({ deploymentId: 'customdeploy_s' }) };
}

describe('N/encode', () => {
  it('emits upper-case HEX and keeps = padding in BASE_64_URL_SAFE; rejects malformed input', () => {
    const { result } = run(
      { encode: 'N/encode' },
      `var E = encode.Encoding;
    function c(s, i, o) { try { return encode.convert({ string: s, inputEncoding: i, outputEncoding: o }); } catch (e) { return e.name; } }
    log.debug('enc', [
      c('\\u00ff?>', E.UTF_8, E.HEX),
      c('ab', E.UTF_8, E.BASE_64_URL_SAFE),
      c('\\u00ff?>', E.UTF_8, E.BASE_64_URL_SAFE),
      c('\\u00ff?>', E.UTF_8, E.BASE_64),
      c('w78_Pg', E.BASE_64_URL_SAFE, E.UTF_8),
      c('C3BF3F3E', E.HEX, E.UTF_8),
      c('not base64!', E.BASE_64, E.UTF_8),
      c('ABC', E.HEX, E.UTF_8),
    ]);`,
    );
    expect(logged(result.logs, 'enc')).toEqual([
      'C3BF3F3E',
      'YWI=',
      'w78_Pg==',
      'w78/Pg==',
      'ÿ?>',
      'ÿ?>',
      'FAILED_TO_DECODE_STRING_ENCODED_BINARY_DATA_USING_1_ENCODING',
      'FAILED_TO_DECODE_STRING_ENCODED_BINARY_DATA_USING_1_ENCODING',
    ]);
    expect(result.usage).toBe(0);
  });
});

describe('N/crypto and N/crypto/random', () => {
  it('hashes with upper-case HEX by default, costs nothing, and generates random bytes as Uint8Array', () => {
    const { result } = run(
      { cryptoModule: 'N/crypto', random: 'N/crypto/random', encode: 'N/encode' },
      `var h = cryptoModule.createHash({ algorithm: cryptoModule.HashAlg.SHA256 });
    h.update({ input: 'nsk_' });
    h.update({ input: '616263', inputEncoding: encode.Encoding.HEX });
    var b = random.generateBytes({ size: 32 });
    var tooMany; try { random.generateBytes({ size: 513 }); } catch (e) { tooMany = e.name; }
    var ints = []; for (var i = 0; i < 50; i++) ints.push(random.generateInt({ min: 1, max: 3 }));
    log.debug('c', [h.digest(), h.digest({ outputEncoding: encode.Encoding.BASE_64 }), b instanceof Uint8Array, b.length, tooMany,
      ints.every(function (n) { return n === 1 || n === 2; }), /^[0-9a-f-]{36}$/.test(random.generateUUID())]);`,
    );
    const expected = crypto.createHash('sha256').update('nsk_abc').digest();
    expect(logged(result.logs, 'c')).toEqual([expected.toString('hex').toUpperCase(), expected.toString('base64'), true, 32, 'INVALID_NUMBER_MUST_BE_BETWEEN_1_AND_2', true, true]);
    expect(result.usage).toBe(0);
  });
});

describe('N/crypto/certificate', () => {
  const payload = 'eyJhbGciOiJQUzI1NiJ9.eyJpc3MiOiJ4In0';
  const signer = (alg: string, raw: boolean) => `
    var s = certificate.createSigner({ certId: 'custcertificate_m2m', algorithm: certificate.HashAlg.${alg} });
    s.update({ input: '${payload}' });
    log.debug('sig', s.sign({ outputEncoding: encode.Encoding.BASE_64_URL_SAFE, useRawFormatForECDSA: ${raw} }));`;

  it('signs RSASSA-PSS with a salt as long as the hash, verifiable with node:crypto, for 10 units', () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { account } = setup({ 's.js': scheduled({ certificate: 'N/crypto/certificate', encode: 'N/encode' }, signer('SHA256', false)) }, [scheduledScript('s', 's.js')]);
    account.addCertificate({ scriptId: 'custcertificate_m2m', privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
    const r = account.runScheduled({ deploymentId: 'customdeploy_s' });
    const sig = logged(r.logs, 'sig') as string;
    expect(sig).toMatch(/^[A-Za-z0-9_-]{342}==$/);
    const bytes = Buffer.from(sig, 'base64url');
    const ok = crypto.verify('sha256', Buffer.from(payload), { key: publicKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, bytes);
    expect(ok).toBe(true);
    expect(crypto.verify('sha256', Buffer.from(payload), { key: publicKey, padding: crypto.constants.RSA_PKCS1_PADDING }, bytes)).toBe(false);
    expect(r.usageByApi).toEqual({ 'N/crypto/certificate.createSigner': 10 });
  });

  it('signs ECDSA as raw r||s with useRawFormatForECDSA and DER otherwise', () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const { account } = setup({ 's.js': scheduled({ certificate: 'N/crypto/certificate', encode: 'N/encode' }, signer('SHA256', true)) }, [scheduledScript('s', 's.js')]);
    account.addCertificate({ scriptId: 'custcertificate_m2m', privateKeyPem: pem });
    const raw = Buffer.from(logged(account.runScheduled({ deploymentId: 'customdeploy_s' }).logs, 'sig') as string, 'base64url');
    expect(raw.length).toBe(64);
    expect(crypto.verify('sha256', Buffer.from(payload), { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
    account.addFile({ path: '/SuiteScripts/T/s.js', contents: scheduled({ certificate: 'N/crypto/certificate', encode: 'N/encode' }, signer('SHA256', false)) });
    const der = Buffer.from(logged(account.runScheduled({ deploymentId: 'customdeploy_s' }).logs, 'sig') as string, 'base64url');
    expect(der[0]).toBe(0x30);
    expect(crypto.verify('sha256', Buffer.from(payload), { key: publicKey, dsaEncoding: 'der' }, der)).toBe(true);
  });

  it('refuses unknown, revoked and expired certificates', async () => {
    x509.cryptoProvider.set(crypto.webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = (await crypto.webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as crypto.webcrypto.CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01',
      name: 'CN=m2m',
      notBefore: new Date('2025-01-01T00:00:00Z'),
      notAfter: new Date('2026-01-01T00:00:00Z'),
      keys,
      signingAlgorithm: alg,
    });
    const pkcs8 = Buffer.from(await crypto.webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
    const privateKeyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8}\n-----END PRIVATE KEY-----\n`;
    let clock = Date.parse('2025-06-01T00:00:00Z');
    const body = `try { certificate.createSigner({ certId: 'custcertificate_m2m', algorithm: certificate.HashAlg.SHA256 }); log.debug('r', 'ok'); }
      catch (e) { log.debug('r', e.name); }`;
    const { account } = setup({ 's.js': scheduled({ certificate: 'N/crypto/certificate' }, body) }, [scheduledScript('s', 's.js')], { now: () => clock });
    const outcome = () => logged(account.runScheduled({ deploymentId: 'customdeploy_s' }).logs, 'r');
    expect(outcome()).toBe('RCRD_DSNT_EXIST');
    account.addCertificate({ scriptId: 'custcertificate_m2m', privateKeyPem, certificatePem: cert.toString('pem') });
    expect(outcome()).toBe('ok');
    clock = Date.parse('2026-02-01T00:00:00Z');
    expect(outcome()).toBe('INVALID_CERTIFICATE');
    clock = Date.parse('2025-06-01T00:00:00Z');
    account.revokeCertificate('custcertificate_m2m');
    expect(outcome()).toBe('INVALID_CERTIFICATE');
  });
});

describe('N/format, N/error, N/url, N/log', () => {
  it('formats and parses dates in a time zone', () => {
    const { result } = run(
      { format: 'N/format' },
      `var d = new Date(Date.UTC(2026, 0, 15, 18, 5, 9));
    log.debug('f', [
      format.format({ value: d, type: format.Type.DATETIMETZ, timezone: format.Timezone.AMERICA_NEW_YORK }),
      format.format({ value: d, type: format.Type.DATETIME, timezone: format.Timezone.EUROPE_LONDON }),
      format.format({ value: d, type: format.Type.DATE }),
      format.parse({ value: '1/15/2026 1:05:09 pm', type: format.Type.DATETIMETZ, timezone: format.Timezone.AMERICA_NEW_YORK }).toISOString(),
      // Not in the user's date format: NetSuite hands the value back unchanged (see platform-dates.test.ts).
      format.parse({ value: '2026-01-15', type: format.Type.DATE }),
      (function () { try { format.format({ value: '1/15/2026', type: format.Type.DATE }); return 'formatted'; } catch (e) { return e.name; } })(),
    ]);`,
    );
    expect(logged(result.logs, 'f')).toEqual([
      '1/15/2026 1:05:09 pm',
      '1/15/2026 6:05 pm',
      '1/15/2026',
      '2026-01-15T18:05:09.000Z',
      '2026-01-15',
      'INVALID_FLD_VALUE',
    ]);
  });

  it('creates SuiteScriptErrors that are not Error instances and stringify as JSON', () => {
    const { result } = run(
      { error: 'N/error' },
      `var e = error.create({ name: 'TOKEN_UNAVAILABLE', message: 'no token', notifyOff: true });
    log.debug('e', [e.name, e.message, e.type, e.notifyOff, Array.isArray(e.stack), e instanceof Error, JSON.parse(e.toString()).name]);`,
    );
    expect(logged(result.logs, 'e')).toEqual(['TOKEN_UNAVAILABLE', 'no token', 'error.SuiteScriptError', true, true, false, 'TOKEN_UNAVAILABLE']);
  });

  it('resolves Suitelet URLs and domains', () => {
    const { account, result } = run(
      { url: 'N/url' },
      `log.debug('u', [
      url.resolveScript({ scriptId: 'customscript_s', deploymentId: 'customdeploy_s', params: { a: 'b c' } }),
      url.resolveScript({ scriptId: 'customscript_s', deploymentId: 'customdeploy_s', returnExternalUrl: true }),
      url.resolveDomain({ hostType: url.HostType.SUITETALK }),
    ]);`,
    );
    const [internal, external, domain] = logged(result.logs, 'u') as string[];
    expect(internal).toMatch(/^\/app\/site\/hosting\/scriptlet\.nl\?script=\d+&deploy=1&a=b\+c$/);
    expect(external).toMatch(/^https:\/\/1234567-sb1\.extforms\.netsuite\.com\/app\/site\/hosting\/scriptlet\.nl\?script=\d+&deploy=1&compid=1234567_SB1&ns-at=[0-9a-f]+$/);
    expect(domain).toBe('1234567-sb1.suitetalk.api.netsuite.com');
    expect(account.accountId).toBe('1234567_SB1');
  });

  it('logs objects as JSON, truncates long titles and details, and drops entries below the deployment log level', () => {
    const { account } = setup({ 's.js': scheduled({}, `log.debug('dropped', 'x'); log.audit({ title: new Array(200).join('t'), details: { a: [1] } }); log.error('big', new Array(5000).join('d')); log.emergency('err', new Error('boom'));`) }, [
      { ...scheduledScript('s', 's.js'), deployments: [{ scriptId: 'customdeploy_s', status: 'NOTSCHEDULED', logLevel: 'AUDIT' }] },
    ]);
    const r = account.runScheduled({ deploymentId: 'customdeploy_s' });
    expect(r.logs.map((l) => [l.level, l.title.length, l.details.length])).toEqual([
      ['AUDIT', 99, 9],
      ['ERROR', 3, 3999],
      ['EMERGENCY', 3, 2],
    ]);
    expect(r.logs[0]?.details).toBe('{"a":[1]}');
    expect(account.logs).toHaveLength(3);
  });
});

describe('unimplemented API', () => {
  it('fails loudly, naming the member, even when the script swallows the error', () => {
    const { result } = run(
      { https: 'N/https', record: 'N/record', runtime: 'N/runtime' },
      `var names = [];
    try { https.requestRestlet({ scriptId: 'x', deploymentId: 'y' }); } catch (e) { names.push(e.message); }
    try { record.copy({ type: 'customrecord_oauth_token', id: 1 }); } catch (e) { names.push(e.message); }
    try { runtime.getCurrentSession(); } catch (e) { names.push(e.message); }
    try { https.get.promise({ url: 'https://x.test' }); } catch (e) { names.push(e.message); }
    try { https.notAThing(); } catch (e) { names.push(e.message); }
    log.debug('n', names);`,
    );
    expect(result.ok).toBe(true);
    const messages = [
      'SuiteScript runtime: N/https.requestRestlet is not implemented',
      'SuiteScript runtime: N/record.copy is not implemented',
      'SuiteScript runtime: N/runtime.getCurrentSession is not implemented',
      'SuiteScript runtime: N/https.get.promise is not implemented',
      'SuiteScript runtime: N/https.notAThing is not implemented',
    ];
    expect(logged(result.logs, 'n')).toEqual(messages);
    expect(result.faults).toEqual(messages);
  });
});
