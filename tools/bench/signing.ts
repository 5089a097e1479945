/**
 * Section 1 of `npm run bench`: time per client-assertion signature.
 *
 * Engines, all in this one process so the ratios are meaningful:
 * - `deployed`: the built `/SuiteScripts/OAuth/lib/jsrsasign.js` loaded by the SuiteScript runtime in a
 *   fresh realm, driven by the bench Suitelet `suitescript/oauth_bench_sign.js`. Timed two ways: from
 *   outside (execution `durationMs` minus that of an execution that loads the module and the key but
 *   signs 0 times, divided by the signatures made) and per signature inside the realm (util.nanoTime).
 * - `node-same-source`: the very same built file evaluated in Node's main context (no vm realm):
 *   isolates what the realm costs.
 * - `node-npm`: `require('jsrsasign')` as npm ships it for Node (no `navigator.appName` there, which
 *   selects jsrsasign's 26-bit `am1` loop).
 * - `native`: node:crypto (OpenSSL), the floor.
 * Plus the `navigator.appName` comparison behind the build's choice: variants generated with
 * `jsrsasignAmdSource(appName)` of tools/build/jsrsasign-amd.mjs, in the realm and in Node's main context.
 */
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as vm from 'node:vm';
import * as jsrsasignNpm from 'jsrsasign';
import { ADMIN, BUILT_DIR, PROJECT_ROOT, type TestAccount } from '../harness';
import { median, percentile, round } from './stats';

export type SignAlg = 'PS256' | 'PS512' | 'ES256';
export type KeyId = 'rsa3072' | 'rsa4096' | 'p256';

export interface SignCase {
  id: string;
  alg: SignAlg;
  key: KeyId;
}

export const SIGN_CASES: readonly SignCase[] = [
  { id: 'PS256 RSA-3072', alg: 'PS256', key: 'rsa3072' },
  { id: 'PS256 RSA-4096', alg: 'PS256', key: 'rsa4096' },
  { id: 'PS512 RSA-4096', alg: 'PS512', key: 'rsa4096' },
  { id: 'ES256 P-256', alg: 'ES256', key: 'p256' },
];

/** The appName variants compared (jsrsasign: "Microsoft Internet Explorer" → am2 30-bit, "Netscape" → am3 28-bit, anything else → am1 26-bit). */
export const APP_NAMES: readonly { name: string; loop: string }[] = [
  { name: 'Netscape', loop: 'am3 (28-bit)' },
  { name: 'Microsoft Internet Explorer', loop: 'am2 (30-bit)' },
  { name: 'GraalJS', loop: 'am1 (26-bit)' },
];

export interface SigningOptions {
  /** Time to spend signing per case and engine (ms); at least `minN` and at most `maxN` signatures. */
  budgetMs: number;
  minN: number;
  maxN: number;
  /** Signatures at the start of each series left out of median/p95 (JIT warm-up); kept only if the series is too short. */
  warmup: number;
  /** Case ids to run (default all). */
  cases?: readonly string[];
  /** Case used for the appName comparison (default "PS256 RSA-4096"); null to skip it. */
  appNameCase?: string | null;
  /** Budget for the appName comparison (a slow loop gets `appNameMinN` signatures anyway). */
  appNameBudgetMs?: number;
  /** Minimum signatures per appName variant (default `minN`); the 26-bit loop takes seconds per signature in the realm. */
  appNameMinN?: number;
  /** Also time the deployed source with the hot globals aliased locally (the realm-overhead diagnostic); default true. */
  localGlobals?: boolean;
  log?: (line: string) => void;
}

export interface Series {
  /** Signatures made. */
  n: number;
  /** Median and 95th percentile of the per-signature times after warm-up (ms). */
  medianMs: number;
  p95Ms: number;
  /** The first signature of the series (cold JIT; in the realm: what one refresher run pays). */
  firstMs: number;
}

export interface RealmSeries extends Series {
  /** (durationMs of the signing execution − durationMs of a 0-signature execution) / n. */
  outsideMeanMs: number;
  /** durationMs of an execution that loads the module and the key and signs 0 times (median). */
  loadOnlyMs: number;
  keyParseMs: number;
  appName: string;
}

export interface SigningCaseResult {
  id: string;
  alg: SignAlg;
  keyBits: string;
  deployed: RealmSeries;
  /** Diagnostic: the deployed source with Math, parseInt... aliased as locals of the module factory, in the realm. */
  deployedLocalGlobals: RealmSeries | null;
  nodeSameSource: Series;
  nodeNpm: Series;
  native: Series;
  /** deployed median / node-same-source median (the runtime's overhead; target ≤ 1.3). */
  ratioDeployedToNode: number;
  /** deployed median / node-npm median. */
  ratioDeployedToNpm: number;
  /** deployedLocalGlobals median / node-same-source median. */
  ratioLocalGlobalsToNode: number | null;
  /** node-same-source median / native median. */
  ratioNodeToNative: number;
  /** node-npm median / native median. */
  ratioNpmToNative: number;
}

export interface AppNameResult {
  appName: string;
  loop: string;
  identicalToDeployed: boolean;
  realm: RealmSeries;
  /** Diagnostic: the same variant with the hot globals aliased locally, in the realm. */
  realmLocalGlobals: RealmSeries | null;
  nodeMainContext: Series;
}

export interface SigningResults {
  signingInput: { length: number };
  deployedAppName: string;
  jsrsasignVersion: string;
  cases: SigningCaseResult[];
  appName: { case: string; variants: AppNameResult[] } | null;
  targetRatio: number;
  pass: boolean;
}

const BENCH_SUITELET_FILE = path.join(__dirname, 'suitescript', 'oauth_bench_sign.js');
const DEPLOYED_LIB_ID = '/SuiteScripts/OAuth/lib/jsrsasign';
const HASH_BYTES: Record<SignAlg, number> = { PS256: 32, PS512: 64, ES256: 32 };
const NODE_HASH: Record<SignAlg, string> = { PS256: 'sha256', PS512: 'sha512', ES256: 'sha256' };
const KEY_LABEL: Record<KeyId, string> = { rsa3072: 'RSA-3072', rsa4096: 'RSA-4096', p256: 'EC P-256' };

/** The part of the jsrsasign API the bench uses (same in the AMD module and the npm package). */
interface JsrsasignApi {
  KEYUTIL: { getKey(pem: string): unknown };
  KJUR: {
    crypto: {
      Signature: new (o: { alg: string; psssaltlen?: number }) => { init(key: unknown): void; updateString(s: string): void; sign(): string };
      ECDSA: { parseSigHexInHexRS(hex: string): { r: string; s: string } };
    };
  };
  hextob64u(hex: string): string;
  APP_NAME?: string;
  VERSION?: string;
  BigInteger?: { prototype: { am: { name: string } } };
}

/** A JWT signing input of the size the refresher signs (header.payload, base64url). */
export function signingInput(): string {
  const b64u = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const header = { typ: 'JWT', alg: 'PS256', kid: 'Zk3mQ1_local-certificate' };
  const iat = Math.floor(Date.UTC(2026, 0, 15, 10) / 1000);
  const payload = {
    iss: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
    scope: ['rest_webservices'],
    aud: 'https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token',
    iat,
    exp: iat + 300,
  };
  return `${b64u(header)}.${b64u(payload)}`;
}

export interface BenchKeys {
  pem: Record<KeyId, string>;
  keyObject: Record<KeyId, crypto.KeyObject>;
}

/** Fresh bench keys (never written anywhere but the in-memory File Cabinet). */
export async function generateBenchKeys(): Promise<BenchKeys> {
  const gen = promisify(crypto.generateKeyPair) as (type: string, options: object) => Promise<{ privateKey: crypto.KeyObject }>;
  const [a, b, c] = await Promise.all([
    gen('rsa', { modulusLength: 3072 }),
    gen('rsa', { modulusLength: 4096 }),
    gen('ec', { namedCurve: 'prime256v1' }),
  ]);
  const keyObject: Record<KeyId, crypto.KeyObject> = { rsa3072: a.privateKey, rsa4096: b.privateKey, p256: c.privateKey };
  const pem = {} as Record<KeyId, string>;
  for (const k of Object.keys(keyObject) as KeyId[]) pem[k] = keyObject[k].export({ type: 'pkcs8', format: 'pem' }).toString();
  return { pem, keyObject };
}

const KEY_PATH: Record<KeyId, string> = {
  rsa3072: '/SuiteScripts/BenchKeys/rsa3072.pem',
  rsa4096: '/SuiteScripts/BenchKeys/rsa4096.pem',
  p256: '/SuiteScripts/BenchKeys/p256.pem',
};

// ------------------------------------------------------------------------------------------ Node-side engines

function seriesFrom(samples: number[], warmup: number): Series {
  const steady = samples.length > warmup + 1 ? samples.slice(warmup) : samples.length > 1 ? samples.slice(1) : samples;
  return { n: samples.length, medianMs: round(median(steady)), p95Ms: round(percentile(steady, 95)), firstMs: round(samples[0] ?? NaN) };
}

function loop(sign: () => void, o: SigningOptions, budgetMs = o.budgetMs, minN = o.minN): number[] {
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < o.maxN && (samples.length < minN || performance.now() - start < budgetMs)) {
    const s = performance.now();
    sign();
    samples.push(performance.now() - s);
  }
  return samples;
}

function ecdsaRawHex(lib: JsrsasignApi, derHex: string, coordinateBytes: number): string {
  const { r, s } = lib.KJUR.crypto.ECDSA.parseSigHexInHexRS(derHex);
  const fix = (h: string) => h.replace(/^(00)+/, '').padStart(coordinateBytes * 2, '0');
  return fix(r) + fix(s);
}

/** Signs as the product does, with a jsrsasign API object; returns the base64url signature. */
function jsrsasignSigner(lib: JsrsasignApi, pem: string, alg: SignAlg, input: string): () => string {
  const key = lib.KEYUTIL.getKey(pem);
  const family = alg.startsWith('PS') ? 'PS' : 'ES';
  const javaName = `SHA${alg.slice(2)}${family === 'PS' ? 'withRSAandMGF1' : 'withECDSA'}`;
  return () => {
    const sig = new lib.KJUR.crypto.Signature(family === 'PS' ? { alg: javaName, psssaltlen: HASH_BYTES[alg] } : { alg: javaName });
    sig.init(key);
    sig.updateString(input);
    const hex = sig.sign();
    return lib.hextob64u(family === 'ES' ? ecdsaRawHex(lib, hex, 32) : hex);
  };
}

function nativeSigner(key: crypto.KeyObject, alg: SignAlg, input: string): () => string {
  const data = Buffer.from(input);
  if (alg === 'ES256') return () => crypto.sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  const options = { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: HASH_BYTES[alg] };
  return () => crypto.sign(NODE_HASH[alg], data, options).toString('base64url');
}

/**
 * Evaluates an AMD jsrsasign module (the built file, or a generated variant) in Node's MAIN context:
 * `define` is a shim and N/crypto/random is backed by node:crypto, exactly the dependency it declares.
 */
export function loadAmdInMainContext(source: string, filename: string): JsrsasignApi {
  let factory: ((nsRandom: unknown) => unknown) | undefined;
  const define = (deps: unknown, f: unknown) => {
    if (!Array.isArray(deps) || deps.join() !== 'N/crypto/random' || typeof f !== 'function') throw new Error(`${filename}: unexpected define() call`);
    factory = f as (nsRandom: unknown) => unknown;
  };
  const wrapper = vm.runInThisContext(`(function (define) {\n${source}\n})`, { filename }) as (d: typeof define) => void;
  wrapper(define);
  if (!factory) throw new Error(`${filename} did not call define()`);
  const nsRandom = { generateBytes: (o: { size: number }) => new Uint8Array(crypto.randomBytes(o.size)) };
  return factory(nsRandom) as JsrsasignApi;
}

/** jsrsasignAmdSource(appName) of tools/build/jsrsasign-amd.mjs, run in a child Node (it is an ES module using import.meta). */
export function generateJsrsasignVariant(appName: string): string {
  const moduleUrl = pathToFileURL(path.join(PROJECT_ROOT, 'tools', 'build', 'jsrsasign-amd.mjs')).href;
  const code = `import { jsrsasignAmdSource } from ${JSON.stringify(moduleUrl)}; process.stdout.write(jsrsasignAmdSource(process.env.BENCH_APP_NAME));`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    env: { ...process.env, BENCH_APP_NAME: appName },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    timeout: 60_000,
  });
}

/**
 * Node's `vm` contexts (the runtime's realms) make every read of a global (`Math`, `parseInt`, `String`...)
 * a call into the context's interceptors: costly in jsrsasign's inner loops. This diagnostic copy of a
 * module reads them once, into locals of the module factory. Not what is deployed.
 */
export const LOCAL_GLOBALS_LINE =
  '  var Math = globalThis.Math, parseInt = globalThis.parseInt, String = globalThis.String, Array = globalThis.Array, Error = globalThis.Error,' +
  ' Number = globalThis.Number, Object = globalThis.Object, JSON = globalThis.JSON, RegExp = globalThis.RegExp;';

export function withLocalGlobals(source: string): string {
  const head = "define(['N/crypto/random'], function (nsRandom) {\n";
  if (!source.includes(head)) throw new Error('withLocalGlobals: unexpected jsrsasign wrapper (define line not found)');
  return source.replace(head, `${head}${LOCAL_GLOBALS_LINE}\n`);
}

// ------------------------------------------------------------------------------------------------ realm engine

interface RealmLib {
  slug: string;
  deploymentId: string;
}

function slugOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

/** Deploys the bench Suitelet (admin audience) requiring `libId`; returns its deployment. */
function deployBenchSuitelet(t: TestAccount, slug: string, libId: string): RealmLib {
  const source = readFileSync(BENCH_SUITELET_FILE, 'utf8').replace(`'${DEPLOYED_LIB_ID}'`, `'${libId}'`);
  if (!source.includes(`'${libId}'`)) throw new Error('bench Suitelet: could not point it at the jsrsasign variant');
  const file = `/SuiteScripts/Bench/oauth_bench_sign_${slug}.js`;
  t.account.addFile({ path: file, contents: source, fileType: 'JAVASCRIPT' });
  const deploymentId = `customdeploy_bench_sign_${slug}`;
  t.account.defineObjects([
    {
      kind: 'suitelet',
      scriptId: `customscript_bench_sign_${slug}`,
      name: `Bench: signing (${slug})`,
      scriptFile: file,
      parameters: [],
      deployments: [{ scriptId: deploymentId, status: 'RELEASED', audienceRoles: ['ADMINISTRATOR'], logLevel: 'ERROR' }],
    },
  ]);
  return { slug, deploymentId };
}

interface RealmRun {
  durationMs: number;
  samples: number[];
  keyParseMs: number;
  appName: string;
  version: string;
  signatureLength: number;
}

function runRealm(t: TestAccount, lib: RealmLib, c: SignCase, input: string, p: { budgetMs: number; minN: number; maxN: number }): RealmRun {
  const result = t.account.runSuitelet({
    deploymentId: lib.deploymentId,
    user: ADMIN,
    parameters: { key: KEY_PATH[c.key], alg: c.alg, input, budgetms: String(p.budgetMs), minn: String(p.minN), maxn: String(p.maxN) },
  });
  let json: { samplesMs?: number[]; keyParseMs?: number; appName?: string; jsrsasignVersion?: string; signatureLength?: number; error?: string };
  try {
    json = JSON.parse(result.body) as typeof json;
  } catch {
    throw new Error(`bench Suitelet ${lib.deploymentId} failed: ${result.error ? `${result.error.name}: ${result.error.message}` : `status ${result.status}`}`);
  }
  if (!Array.isArray(json.samplesMs)) throw new Error(`bench Suitelet ${lib.deploymentId}: ${json.error ?? 'no samples'}`);
  return {
    durationMs: result.durationMs,
    samples: json.samplesMs,
    keyParseMs: json.keyParseMs ?? NaN,
    appName: json.appName ?? '?',
    version: json.jsrsasignVersion ?? '?',
    signatureLength: json.signatureLength ?? 0,
  };
}

/** Median durationMs of executions that load the module and parse the key but sign 0 times (one discarded run first: compile). */
function loadOnly(t: TestAccount, lib: RealmLib, c: SignCase, input: string): { ms: number; keyParseMs: number } {
  runRealm(t, lib, c, input, { budgetMs: 0, minN: 0, maxN: 0 });
  const runs = [0, 1, 2].map(() => runRealm(t, lib, c, input, { budgetMs: 0, minN: 0, maxN: 0 }));
  return { ms: median(runs.map((r) => r.durationMs)), keyParseMs: median(runs.map((r) => r.keyParseMs)) };
}

function measureRealm(t: TestAccount, lib: RealmLib, c: SignCase, input: string, o: SigningOptions, budgetMs = o.budgetMs, minN = o.minN): RealmSeries & { version: string } {
  const base = loadOnly(t, lib, c, input);
  const run = runRealm(t, lib, c, input, { budgetMs, minN, maxN: o.maxN });
  const s = seriesFrom(run.samples, o.warmup);
  return {
    ...s,
    outsideMeanMs: round((run.durationMs - base.ms) / Math.max(1, run.samples.length)),
    loadOnlyMs: round(base.ms),
    keyParseMs: round(base.keyParseMs),
    appName: run.appName,
    version: run.version,
  };
}

// ------------------------------------------------------------------------------------------------------ main

export async function benchSigning(t: TestAccount, o: SigningOptions): Promise<SigningResults> {
  const say = o.log ?? (() => undefined);
  const input = signingInput();
  const keys = await generateBenchKeys();
  for (const k of Object.keys(KEY_PATH) as KeyId[]) t.account.addFile({ path: KEY_PATH[k], contents: keys.pem[k], fileType: 'PLAINTEXT' });

  const deployedLibFile = path.join(BUILT_DIR, 'lib', 'jsrsasign.js');
  const deployedSource = readFileSync(deployedLibFile, 'utf8');
  const deployedLib = deployBenchSuitelet(t, 'deployed', DEPLOYED_LIB_ID);
  const localGlobals = o.localGlobals !== false;
  let localLib: RealmLib | null = null;
  if (localGlobals) {
    const file = '/SuiteScripts/Bench/lib/jsrsasign_local_globals.js';
    t.account.addFile({ path: file, contents: withLocalGlobals(deployedSource), fileType: 'JAVASCRIPT' });
    localLib = deployBenchSuitelet(t, 'local_globals', file.replace(/\.js$/, ''));
  }
  const nodeSame = loadAmdInMainContext(deployedSource, deployedLibFile);
  const npm = jsrsasignNpm as unknown as JsrsasignApi;

  const cases = SIGN_CASES.filter((c) => !o.cases || o.cases.includes(c.id));
  const results: SigningCaseResult[] = [];
  let deployedAppName = '?';
  let version = '?';
  for (const c of cases) {
    say(`signing: ${c.id} ...`);
    const deployed = measureRealm(t, deployedLib, c, input, o);
    deployedAppName = deployed.appName;
    version = deployed.version;
    const local = localLib ? measureRealm(t, localLib, c, input, o) : null;
    const nodeSameSource = seriesFrom(loop(jsrsasignSigner(nodeSame, keys.pem[c.key], c.alg, input), o), o.warmup);
    const nodeNpm = seriesFrom(loop(jsrsasignSigner(npm, keys.pem[c.key], c.alg, input), o), o.warmup);
    const native = seriesFrom(loop(nativeSigner(keys.keyObject[c.key], c.alg, input), { ...o, minN: Math.max(o.minN, 20), maxN: Math.max(o.maxN, 2000) }), o.warmup);
    const { version: _v, ...deployedSeries } = deployed;
    let deployedLocalGlobals: RealmSeries | null = null;
    if (local) {
      const { version: _lv, ...rest } = local;
      deployedLocalGlobals = rest;
    }
    results.push({
      id: c.id,
      alg: c.alg,
      keyBits: KEY_LABEL[c.key],
      deployed: deployedSeries,
      deployedLocalGlobals,
      ratioLocalGlobalsToNode: deployedLocalGlobals ? round(deployedLocalGlobals.medianMs / nodeSameSource.medianMs, 2) : null,
      nodeSameSource,
      nodeNpm,
      native,
      ratioDeployedToNode: round(deployed.medianMs / nodeSameSource.medianMs, 2),
      ratioDeployedToNpm: round(deployed.medianMs / nodeNpm.medianMs, 2),
      ratioNodeToNative: round(nodeSameSource.medianMs / native.medianMs, 1),
      ratioNpmToNative: round(nodeNpm.medianMs / native.medianMs, 1),
    });
  }

  let appName: SigningResults['appName'] = null;
  const appCase = o.appNameCase === undefined ? 'PS256 RSA-4096' : o.appNameCase;
  const c = SIGN_CASES.find((x) => x.id === appCase);
  if (c) {
    const variants: AppNameResult[] = [];
    for (const v of APP_NAMES) {
      say(`signing: navigator.appName "${v.name}" ...`);
      const source = generateJsrsasignVariant(v.name);
      const slug = slugOf(v.name);
      const libPath = `/SuiteScripts/Bench/lib/jsrsasign_${slug}.js`;
      t.account.addFile({ path: libPath, contents: source, fileType: 'JAVASCRIPT' });
      const lib = deployBenchSuitelet(t, `appname_${slug}`, libPath.replace(/\.js$/, ''));
      const budget = o.appNameBudgetMs ?? o.budgetMs;
      const minN = o.appNameMinN ?? o.minN;
      const { version: _v, ...realm } = measureRealm(t, lib, c, input, o, budget, minN);
      let realmLocalGlobals: RealmSeries | null = null;
      if (localGlobals) {
        const localPath = `/SuiteScripts/Bench/lib/jsrsasign_${slug}_local_globals.js`;
        t.account.addFile({ path: localPath, contents: withLocalGlobals(source), fileType: 'JAVASCRIPT' });
        const localVariant = deployBenchSuitelet(t, `appname_${slug}_local_globals`, localPath.replace(/\.js$/, ''));
        const { version: _lv, ...rest } = measureRealm(t, localVariant, c, input, o, budget, minN);
        realmLocalGlobals = rest;
      }
      const main = loadAmdInMainContext(source, `jsrsasign_${slug}.js`);
      const nodeMainContext = seriesFrom(loop(jsrsasignSigner(main, keys.pem[c.key], c.alg, input), o, budget, minN), o.warmup);
      variants.push({ appName: v.name, loop: v.loop, identicalToDeployed: source === deployedSource, realm, realmLocalGlobals, nodeMainContext });
    }
    appName = { case: c.id, variants };
  }

  const targetRatio = 1.3;
  return {
    signingInput: { length: input.length },
    deployedAppName,
    jsrsasignVersion: version,
    cases: results,
    appName,
    targetRatio,
    pass: results.every((r) => r.ratioDeployedToNode <= targetRatio),
  };
}
