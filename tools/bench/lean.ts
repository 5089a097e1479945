/**
 * Section "lean" of `npm run bench` (issue 12): what one proxy call costs to load, what the local stand-in's caches
 * save, how long the admin command line takes to start, and the refresher with many profiles when the harness can
 * make them. Every timing is next to a baseline measured in the same run.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { createTestAccount, PROJECT_ROOT, type TestAccount } from '../harness';
import { SCRIPTS } from '../../src/TypeScript/core/names';
import { compiledScriptCount } from '../suitescript-runtime/loader';
import { BASELINE_DEPLOYMENT, BASELINE_HEADERS, deployBaseline } from './http';
import { median, percentile, round } from './stats';

export interface CompileFigure {
  files: number;
  bytes: number;
  /** Compile (V8's compilation cache defeated) and run the top level in a fresh context, per call (ms, median). */
  uncachedMs: number;
  /** The same with the runtime's cached `vm.Script`s (what the stand-in pays per call after the first), ms median. */
  cachedMs: number;
}

export interface StandInCacheFigure {
  calls: number;
  /** `runSuitelet` of the warm proxy, mount cache on (the default) / off (re-read every file every call), ms. */
  on: { p50: number; p99: number };
  off: { p50: number; p99: number };
  /** File Cabinet counters over the "on" calls: stat hits and disk reads. */
  hits: number;
  reads: number;
  /** Compiled scripts held by the loader's cache after the run (bounded). */
  compiledScripts: number;
}

export interface CliStartFigure {
  runs: number;
  /** `node bin/ns-oauth.js --help`, ms (median). */
  helpMs: number;
  /** `node -e 0`: Node's own start, the floor (median). */
  nodeFloorMs: number;
  ok: boolean;
}

export interface ProfilesFigure {
  available: boolean;
  profiles: number;
  /** Units of one refresher run with every profile due / none due. */
  refreshUnits: number | null;
  skipUnits: number | null;
  note: string;
}

export interface LeanResults {
  compile: { proxy: CompileFigure; baseline: CompileFigure; ratio: number };
  standInCache: StandInCacheFigure;
  cli: CliStartFigure;
  profiles: ProfilesFigure;
}

export interface LeanOptions {
  /** Iterations of the compile measurement (default 200). */
  compileRuns?: number;
  /** Calls per cache mode (default 600, in 3 interleaved rounds). */
  cacheCalls?: number;
  /** `ns-oauth --help` runs (default 5). */
  cliRuns?: number;
  log?: (line: string) => void;
}

/** The files a call loads, from the File Cabinet (their contents as the runtime sees them). */
function sources(t: TestAccount, paths: string[]): { path: string; contents: string }[] {
  return paths.map((p) => ({ path: p, contents: t.account.fileCabinet.get(p)?.contents ?? '' }));
}

/** Per call: compile each file (unique suffix: no V8 compilation-cache hit) and run its top level in a fresh context. */
function compileCost(files: { path: string; contents: string }[], runs: number): CompileFigure {
  const uncached: number[] = [];
  const cached: number[] = [];
  const scripts = files.map((f) => new vm.Script(f.contents, { filename: f.path }));
  for (let i = 0; i < runs; i++) {
    const a = vm.createContext({ define: () => undefined });
    let t0 = performance.now();
    for (const f of files) new vm.Script(`${f.contents}\n//${i}`, { filename: f.path }).runInContext(a);
    uncached.push(performance.now() - t0);
    const b = vm.createContext({ define: () => undefined });
    t0 = performance.now();
    for (const s of scripts) s.runInContext(b);
    cached.push(performance.now() - t0);
  }
  const skip = Math.min(10, Math.floor(runs / 4)); // warm-up
  return {
    files: files.length,
    bytes: files.reduce((n, f) => n + Buffer.byteLength(f.contents, 'utf8'), 0),
    uncachedMs: round(median(uncached.slice(skip))),
    cachedMs: round(median(cached.slice(skip))),
  };
}

function standInCache(t: TestAccount, key: string, calls: number): StandInCacheFigure {
  const fc = t.account.fileCabinet;
  const call = () => t.account.runSuitelet({ deploymentId: SCRIPTS.proxy.deploymentId, headers: { 'X-API-Key': key }, clientIpAddress: '127.0.0.1' }).durationMs;
  for (let i = 0; i < 50; i++) call();
  const on: number[] = [];
  const off: number[] = [];
  let hits = 0;
  let reads = 0;
  const perRound = Math.max(10, Math.round(calls / 3));
  for (let round = 0; round < 3; round++) {
    fc.setMountCache(true);
    call(); // fills the cache again (off cleared it): the counters below are the steady state
    const before = fc.mountCacheStats();
    for (let i = 0; i < perRound; i++) on.push(call());
    const after = fc.mountCacheStats();
    hits += after.hits - before.hits;
    reads += after.reads - before.reads;
    fc.setMountCache(false);
    for (let i = 0; i < perRound; i++) off.push(call());
  }
  fc.setMountCache(true);
  return {
    calls: perRound * 3,
    on: { p50: round(median(on)), p99: round(percentile(on, 99)) },
    off: { p50: round(median(off)), p99: round(percentile(off, 99)) },
    hits,
    reads,
    compiledScripts: compiledScriptCount(),
  };
}

function cliStart(runs: number): CliStartFigure {
  const time = (args: string[]) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } });
    return { ms: performance.now() - t0, ok: r.status === 0 && /usage|ns-oauth/i.test(`${r.stdout}${r.stderr}`) };
  };
  const help: number[] = [];
  const floor: number[] = [];
  let ok = true;
  for (let i = 0; i < runs; i++) {
    floor.push(time(['-e', '0']).ms);
    const h = time([path.join(PROJECT_ROOT, 'bin', 'ns-oauth.js'), '--help']);
    help.push(h.ms);
    ok &&= h.ok;
  }
  return { runs, helpMs: round(median(help), 1), nodeFloorMs: round(median(floor), 1), ok };
}

/**
 * The refresher with 50 profiles. Needs a `addProfile` hook on the test account (the profile work of issue 12);
 * until it exists this prints "n/a (profiles not implemented)".
 */
function profilesRun(t: TestAccount, count: number): ProfilesFigure {
  const hook = (t as unknown as { addProfile?: (p: { name: string }) => unknown }).addProfile;
  if (typeof hook !== 'function') return { available: false, profiles: count, refreshUnits: null, skipUnits: null, note: 'n/a (profiles not implemented)' };
  for (let i = 1; i < count; i++) hook.call(t, { name: `bench-profile-${i}` });
  const refresh = t.runRefresher();
  t.clock.advance(60_000);
  const skip = t.runRefresher();
  const ok = refresh.ok && skip.ok;
  return { available: true, profiles: count, refreshUnits: refresh.usage, skipUnits: skip.usage, note: ok ? 'ok' : 'a run failed' };
}

export async function benchLean(o: LeanOptions = {}): Promise<LeanResults> {
  const say = o.log ?? (() => undefined);
  const t = await createTestAccount({ historyLimit: 200 });
  t.configureRefresher();
  if (!t.runRefresher().ok) throw new Error('lean bench: the refresher did not store a token');
  const { key } = t.addApiClient({ name: 'bench lean client' });
  const removeBaseline = deployBaseline(t);
  try {
    say('lean: compile per call ...');
    // A known client's call (the first one also loads lib/proxy_slow.js, as any first contact does).
    t.account.runSuitelet({ deploymentId: SCRIPTS.proxy.deploymentId, headers: { 'X-API-Key': key }, clientIpAddress: '127.0.0.1' });
    const proxyRun = t.account.runSuitelet({ deploymentId: SCRIPTS.proxy.deploymentId, headers: { 'X-API-Key': key }, clientIpAddress: '127.0.0.1' });
    const baseRun = t.account.runSuitelet({ deploymentId: BASELINE_DEPLOYMENT, headers: BASELINE_HEADERS, clientIpAddress: '127.0.0.1' });
    const runs = o.compileRuns ?? 200;
    const proxy = compileCost(sources(t, proxyRun.loadedFiles.map((f) => f.path)), runs);
    const baseline = compileCost(sources(t, baseRun.loadedFiles.map((f) => f.path)), runs);
    say('lean: the stand-in mount cache, on and off ...');
    const cache = standInCache(t, key, o.cacheCalls ?? 600);
    say('lean: ns-oauth --help start time ...');
    const cli = cliStart(o.cliRuns ?? 5);
    const p = await createTestAccount({ historyLimit: 200 });
    p.configureRefresher();
    const profiles = profilesRun(p, 50);
    return { compile: { proxy, baseline, ratio: round(proxy.uncachedMs / baseline.uncachedMs, 2) }, standInCache: cache, cli, profiles };
  } finally {
    removeBaseline();
  }
}
