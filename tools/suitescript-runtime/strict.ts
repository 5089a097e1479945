/**
 * Strictness helpers: objects that fail loudly on members the runtime does not implement, and argument checks that
 * raise the SuiteScriptErrors NetSuite raises for missing or mistyped arguments.
 */
import { RuntimeFault, SuiteScriptError, sse } from './errors';

/** Somewhere to record faults (the current execution). */
export interface FaultSink {
  /** Records and returns a {@link RuntimeFault}; callers `throw` it. */
  fault(message: string): RuntimeFault;
}

/**
 * Property names probed by module-interop helpers, JSON.stringify, promise resolution and test tooling: reading them
 * on a strict object must not throw (they read as `undefined` when absent).
 */
const PROBED = new Set<string>([
  'then',
  'toJSON',
  '__esModule',
  'default',
  'constructor',
  'asymmetricMatch',
  '$$typeof',
  'nodeType',
  'tagName',
  'inspect',
  '@@__IMMUTABLE_ITERABLE__@@',
  '@@__IMMUTABLE_RECORD__@@',
  '_isMockFunction',
  'toString',
  'valueOf',
]);

/**
 * Wraps `target` so that reading a member it does not have throws a {@link RuntimeFault} naming `label.member`, and
 * writing a member it does not declare throws too. Writing a read-only member (a getter without setter) throws
 * NetSuite's `READ_ONLY_PROPERTY`.
 */
export function strict<T extends object>(sink: FaultSink, label: string, target: T): T {
  const proxy = new Proxy(target, {
    get(t, prop, receiver) {
      if (typeof prop === 'symbol' || prop in t || PROBED.has(prop)) return Reflect.get(t, prop, receiver);
      throw sink.fault(`${label}.${prop} is not implemented`);
    },
    set(t, prop, value, receiver) {
      if (typeof prop === 'symbol') return Reflect.set(t, prop, value, receiver);
      if (!(prop in t)) throw sink.fault(`${label}.${prop} is not a supported property (cannot set it)`);
      const ok = Reflect.set(t, prop, value, receiver);
      if (!ok) throw sse('READ_ONLY_PROPERTY', `${label}.${prop} is a read-only property.`);
      return true;
    },
  });
  API_OBJECTS.add(proxy);
  return proxy;
}

/** Objects created by {@link strict}: API objects that must be handed to scripts as they are, never copied. */
export const API_OBJECTS = new WeakSet<object>();

/** A function that throws a {@link RuntimeFault} naming `label` when called. */
export function notImplemented(sink: FaultSink, label: string): (...args: unknown[]) => never {
  return () => {
    throw sink.fault(`${label} is not implemented`);
  };
}

/** Adds throwing stubs for NetSuite members the runtime does not implement, so they fail with a clear message. */
export function stubs(sink: FaultSink, moduleLabel: string, target: Record<string, unknown>, names: string[]): void {
  for (const name of names) {
    if (!(name in target)) target[name] = notImplemented(sink, `${moduleLabel}.${name}`);
  }
}

/** Freezes an enum-like object of string (or number) values. */
export function enumObject<T extends Record<string, string | number>>(values: T): Readonly<T> {
  return Object.freeze({ ...values });
}

/** Builds an enum whose values equal its keys. */
export function keyEnum<K extends string>(keys: readonly K[]): Readonly<Record<K, K>> {
  const out = {} as Record<K, K>;
  for (const k of keys) out[k] = k;
  return Object.freeze(out);
}

// ---------------------------------------------------------------------------------------------------------------
// Argument checks (NetSuite: SSS_MISSING_REQD_ARGUMENT, WRONG_PARAMETER_TYPE)
// ---------------------------------------------------------------------------------------------------------------

/** Missing required argument, as NetSuite reports it. */
export function missingArg(name: string): SuiteScriptError {
  return sse('SSS_MISSING_REQD_ARGUMENT', `Missing a required argument: ${name}`);
}

/** Wrong argument type, as NetSuite reports it. */
export function wrongType(name: string, expected: string): SuiteScriptError {
  return sse('WRONG_PARAMETER_TYPE', `Wrong parameter type: ${name} is expected as ${expected}.`);
}

/** The `options` object of a NetSuite method (throws SSS_MISSING_REQD_ARGUMENT when absent). */
export function opts(value: unknown, method: string): Record<string, unknown> {
  if (value === undefined || value === null) throw missingArg(`${method}: options`);
  if (typeof value !== 'object') throw wrongType(`${method}: options`, 'object');
  return value as Record<string, unknown>;
}

/** A required non-empty string member of an options object. */
export function reqString(o: Record<string, unknown>, key: string, method: string): string {
  const v = o[key];
  if (v === undefined || v === null || v === '') throw missingArg(`${method}: options.${key}`);
  if (typeof v !== 'string') throw wrongType(`options.${key}`, 'string');
  return v;
}

/** An optional string member (undefined/null → undefined). */
export function optString(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw wrongType(`options.${key}`, 'string');
  return v;
}

/** A required string-or-number member (ids), returned as a string. */
export function reqId(o: Record<string, unknown>, key: string, method: string): string {
  const v = o[key];
  if (v === undefined || v === null || v === '') throw missingArg(`${method}: options.${key}`);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') throw wrongType(`options.${key}`, 'string or number');
  return v;
}

/** A required finite number member. */
export function reqNumber(o: Record<string, unknown>, key: string, method: string): number {
  const v = o[key];
  if (v === undefined || v === null || v === '') throw missingArg(`${method}: options.${key}`);
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw wrongType(`options.${key}`, 'number');
  return n;
}

/** An optional boolean member. */
export function optBool(o: Record<string, unknown>, key: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw wrongType(`options.${key}`, 'boolean');
  return v;
}

/** True for a Date from any realm. */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** True for a plain (non-array, non-null) object from any realm. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isDate(value);
}
