/**
 * The per-execution JavaScript realm: a fresh `vm` context with ECMAScript built-ins only plus NetSuite's globals.
 *
 * What a script sees in its global scope: the ECMAScript built-ins, `log`, `util` and `define`. Node's extras that a
 * `vm` context carries (`console`, `WebAssembly`) are removed; `window`, `navigator`, `crypto`, `process`, `require`,
 * `setTimeout`, `setInterval`, `Buffer`, `module` and `exports` never exist. `Date` follows the account clock
 * (`new Date()`, `Date.now()`), and `Math.random` is instrumented (calls are counted).
 *
 * This is a fidelity boundary, not a security sandbox: host functions handed to scripts expose the host `Function`.
 */
import * as vm from 'node:vm';
import { API_OBJECTS, isDate } from './strict';

/** Hooks the realm calls back into. */
export interface RealmHooks {
  /** Account clock in ms since the epoch. */
  now(): number;
  /** Called on every `Math.random()` call in the realm. */
  onRandom(): void;
}

/** The realm of one execution. */
export interface Realm {
  readonly context: vm.Context;
  /** The realm's global object. */
  readonly global: Record<string, unknown>;
  /** The realm's (clock-following) `Date`. */
  readonly Date: DateConstructor;
  readonly Object: ObjectConstructor;
  readonly Array: ArrayConstructor;
  readonly Uint8Array: Uint8ArrayConstructor;
  /** Deep-copies plain data (arrays, plain objects, Dates, Uint8Arrays) into realm objects; other values pass through. */
  toRealm<T>(value: T): T;
  /** Runs a compiled script in the realm. */
  run(script: vm.Script): unknown;
}

/** Names that must never be global in a SuiteScript realm (asserted by tests). */
export const FORBIDDEN_GLOBALS = [
  'window',
  'navigator',
  'crypto',
  'process',
  'require',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'clearTimeout',
  'clearInterval',
  'queueMicrotask',
  'structuredClone',
  'Buffer',
  'console',
  'module',
  'exports',
  'global',
  'WebAssembly',
] as const;

const BOOTSTRAP = new vm.Script(
  `(function bootstrap(hooks, forbidden) {
  'use strict';
  var g = globalThis;
  for (var i = 0; i < forbidden.length; i++) { try { delete g[forbidden[i]]; } catch (e) { /* ignore */ } }
  var RealDate = g.Date;
  var now = hooks.now;
  var onRandom = hooks.onRandom;
  var ClockDate = function Date(a, b, c, d, e, f, h) {
    var n = arguments.length;
    if (!new.target) return new RealDate(now()).toString();
    if (n === 0) return Reflect.construct(RealDate, [now()], new.target);
    return Reflect.construct(RealDate, Array.prototype.slice.call(arguments), new.target);
  };
  Object.defineProperty(ClockDate, 'length', { value: 7 });
  ClockDate.prototype = RealDate.prototype;
  Object.setPrototypeOf(ClockDate, RealDate);
  Object.defineProperty(ClockDate, 'now', { value: function now_() { return now(); }, writable: true, configurable: true });
  Object.defineProperty(RealDate.prototype, 'constructor', { value: ClockDate, writable: true, configurable: true });
  Object.defineProperty(g, 'Date', { value: ClockDate, writable: true, configurable: true, enumerable: false });
  var realRandom = g.Math.random;
  Object.defineProperty(g.Math, 'random', {
    value: function random() { onRandom(); return realRandom(); },
    writable: true, configurable: true, enumerable: false
  });
  return { Date: ClockDate, Object: g.Object, Array: g.Array, Uint8Array: g.Uint8Array };
})`,
  { filename: 'suitescript-runtime:bootstrap' },
);

/**
 * Creates a fresh realm. `globals` are added to the global object (e.g. `log`, `util`, `define`).
 */
export function createRealm(hooks: RealmHooks, globals: Record<string, unknown>): Realm {
  const sandbox: Record<string, unknown> = {};
  const context = vm.createContext(sandbox, { name: 'SuiteScript', codeGeneration: { strings: true, wasm: false } });
  const boot = BOOTSTRAP.runInContext(context) as (h: RealmHooks, forbidden: readonly string[]) => {
    Date: DateConstructor;
    Object: ObjectConstructor;
    Array: ArrayConstructor;
    Uint8Array: Uint8ArrayConstructor;
  };
  const ctors = boot({ now: () => hooks.now(), onRandom: () => hooks.onRandom() }, FORBIDDEN_GLOBALS);
  for (const [k, v] of Object.entries(globals)) sandbox[k] = v;

  const toRealm = <T>(value: T): T => copyInto(value, ctors, new Map()) as T;
  return {
    context,
    global: sandbox,
    Date: ctors.Date,
    Object: ctors.Object,
    Array: ctors.Array,
    Uint8Array: ctors.Uint8Array,
    toRealm,
    run: (script) => script.runInContext(context),
  };
}

function copyInto(
  value: unknown,
  ctors: { Date: DateConstructor; Object: ObjectConstructor; Array: ArrayConstructor; Uint8Array: Uint8ArrayConstructor },
  seen: Map<object, unknown>,
): unknown {
  if (value === null || typeof value !== 'object' || API_OBJECTS.has(value)) return value;
  const existing = seen.get(value);
  if (existing !== undefined) return existing;
  if (isDate(value)) return new ctors.Date(value.getTime());
  if (value instanceof Uint8Array || Object.prototype.toString.call(value) === '[object Uint8Array]') {
    const src = value as Uint8Array;
    const out = new ctors.Uint8Array(src.length);
    out.set(src);
    return out;
  }
  if (Array.isArray(value)) {
    const out = new ctors.Array();
    seen.set(value, out);
    for (const item of value) out.push(copyInto(item, ctors, seen));
    return out;
  }
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== Object.prototype && proto !== null && proto !== ctors.Object.prototype) return value; // API objects
  const out = new ctors.Object() as Record<string, unknown>;
  seen.set(value, out);
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = copyInto(v, ctors, seen);
  return out;
}

/**
 * NetSuite's global `util` object (a subset of Node's old util, plus `each`, `extend`, `nanoTime`).
 */
export function createUtil(): Record<string, unknown> {
  const tag = (v: unknown) => Object.prototype.toString.call(v);
  return Object.freeze({
    isArray: (v: unknown) => Array.isArray(v),
    isObject: (v: unknown) => tag(v) === '[object Object]',
    isFunction: (v: unknown) => typeof v === 'function',
    isString: (v: unknown) => typeof v === 'string' || tag(v) === '[object String]',
    isNumber: (v: unknown) => typeof v === 'number' || tag(v) === '[object Number]',
    isBoolean: (v: unknown) => typeof v === 'boolean' || tag(v) === '[object Boolean]',
    isDate: (v: unknown) => tag(v) === '[object Date]',
    isRegExp: (v: unknown) => tag(v) === '[object RegExp]',
    each: (iterable: unknown, callback: (value: unknown, key: unknown) => unknown) => {
      if (Array.isArray(iterable)) {
        for (let i = 0; i < iterable.length; i++) if (callback(iterable[i], i) === false) break;
      } else if (iterable !== null && typeof iterable === 'object') {
        for (const [k, v] of Object.entries(iterable)) if (callback(v, k) === false) break;
      }
      return iterable;
    },
    extend: (receiver: Record<string, unknown>, contributor: Record<string, unknown>) => {
      if (contributor !== null && typeof contributor === 'object') Object.assign(receiver, contributor);
      return receiver;
    },
    nanoTime: () => Number(process.hrtime.bigint()),
  });
}
