/**
 * Keeps the memory of a process that runs many SuiteScript executions bounded (the local stand-in, the bench's HTTP
 * server).
 *
 * Why it is needed: every execution runs in a fresh `node:vm` context, as NetSuite gives every execution a fresh
 * realm. A dead vm context is only reclaimed by a full (mark-compact) collection, and Node frees its native half in a
 * weak callback, one collection later. Under load (hundreds of executions a second) V8's heap-growing heuristics see a
 * high allocation rate and let the old generation grow far past the live data instead: measured on Node 20 with 200
 * clients, 48 MB live in an 818 MB old space, 1.1 GB peak RSS after 10 s (the issue saw 540-580 MB and once 1.3 GB).
 *
 * What it does: after each execution it reads the heap's committed size (`v8.getHeapStatistics`, a few µs). When the
 * heap has grown past a limit, it runs a full collection. The limit adapts: twice the live heap after the last
 * collection, and never below `minLimitBytes`, so that a process with more live data (or a real leak) is not
 * collected on every call; a leak still shows as a growing live heap, which the load test checks.
 *
 * The collector is reached with the documented `--expose-gc` V8 flag, set only long enough to fetch `gc` from one
 * throw-away context, then reset, so that the realms of scripts never see a `gc` global.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

export interface HeapGuardOptions {
  /** Never collect while the heap is below this (default 128 MB). */
  minLimitBytes?: number;
  /** The limit is this many times the live heap after the last collection (default 2). */
  factor?: number;
}

export interface HeapGuardStats {
  /** Full collections the guard forced. */
  collections: number;
  /** Their total time (ms). */
  collectionMs: number;
  /** The current limit (bytes of committed heap). */
  limitBytes: number;
  /** Live heap after the last forced collection (bytes), 0 before the first. */
  liveAfterLastBytes: number;
}

export interface HeapGuard {
  /** Call after each execution: collects when the heap has outgrown its limit. */
  afterExecution(): void;
  stats(): HeapGuardStats;
}

let cachedGc: (() => void) | undefined;

/** V8's full collector, without leaving `--expose-gc` on for contexts made later. */
export function fullGc(): () => void {
  if (cachedGc) return cachedGc;
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return (cachedGc = existing);
  v8.setFlagsFromString('--expose-gc');
  try {
    cachedGc = vm.runInNewContext('gc') as () => void;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
  return cachedGc;
}

/** `LOCAL_ACCOUNT_HEAP_GUARD=off` turns the bound off (to see what it bounds; the load test then fails on peak RSS). */
export function heapGuardDisabled(): boolean {
  return /^(off|0|false|no)$/i.test(process.env['LOCAL_ACCOUNT_HEAP_GUARD'] ?? '');
}

export function createHeapGuard(options: HeapGuardOptions = {}): HeapGuard {
  if (heapGuardDisabled()) {
    return { afterExecution: () => undefined, stats: () => ({ collections: 0, collectionMs: 0, limitBytes: Infinity, liveAfterLastBytes: 0 }) };
  }
  const minLimit = options.minLimitBytes ?? 128 * 1024 * 1024;
  const factor = options.factor ?? 2;
  const gc = fullGc();
  let limit = minLimit;
  let collections = 0;
  let collectionMs = 0;
  let liveAfterLast = 0;
  return {
    afterExecution() {
      if (v8.getHeapStatistics().total_heap_size < limit) return;
      const started = performance.now();
      gc();
      collections++;
      collectionMs += performance.now() - started;
      liveAfterLast = v8.getHeapStatistics().used_heap_size;
      limit = Math.max(minLimit, Math.round(liveAfterLast * factor));
    },
    stats: () => ({ collections, collectionMs: Math.round(collectionMs), limitBytes: limit, liveAfterLastBytes: liveAfterLast }),
  };
}
