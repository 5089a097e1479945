/**
 * The AMD loader: loads File Cabinet scripts the way NetSuite does (RequireJS-style `define`), in the execution's
 * realm. Compiled `vm.Script`s are cached by path and content hash across executions; module instances never are
 * (each execution starts from a fresh realm and registry, as in NetSuite).
 *
 * Module ids: `N/...` → the runtime's N modules; `./x`, `../x` → relative to the requiring file's File Cabinet path;
 * `/SuiteScripts/...` → absolute File Cabinet path; `.js` optional. Pseudo-dependencies `require`, `exports`, `module`
 * behave as in RequireJS (a module's value is its factory's return value when not undefined, else `module.exports`).
 */
import * as crypto from 'node:crypto';
import * as vm from 'node:vm';
import { SCRIPT_FILENAME_PREFIX, sse } from './errors';
import type { CabinetFile } from './filecabinet';
import { normalizeCabinetPath } from './filecabinet';
import type { Realm } from './realm';
import type { FaultSink } from './strict';

/** What the loader needs from its execution. */
export interface LoaderHost extends FaultSink {
  readonly realm: Realm;
  /** Reads a file of the File Cabinet by absolute path. */
  readFile(path: string): CabinetFile | undefined;
  /** An N module by id (throws for an unknown one). */
  nModule(id: string): unknown;
  /** Called once per file read. */
  onFileLoaded(file: CabinetFile): void;
  /**
   * Called around every define() callback (factory) call: while one runs, N/* modules are unavailable (NetSuite throws
   * SUITESCRIPT_API_UNAVAILABLE_IN_DEFINE). `module` is the module being defined.
   */
  beginDefine(module: string): void;
  endDefine(): void;
}

interface DefineCall {
  id: string | undefined;
  deps: unknown[] | undefined;
  factory: unknown;
}

interface ModuleRecord {
  key: string;
  state: 'loading' | 'done';
  exports: Record<string, unknown>;
  module: { id: string; uri: string; exports: unknown; config: () => object };
  value: unknown;
}

const MAX_CACHED_SCRIPTS = 500;
const scriptCache = new Map<string, vm.Script>();

/**
 * The last content seen per path and its cache key: the File Cabinet hands back the same string for an unchanged
 * file (see filecabinet.ts), and `===` on the same string is a pointer compare, so an unchanged file is not hashed
 * again. Bounded like the script cache.
 */
const lastKeyByPath = new Map<string, { contents: string; key: string }>();

function cacheKey(path: string, contents: string): string {
  const last = lastKeyByPath.get(path);
  if (last && last.contents === contents) return last.key;
  const key = `${path}\0${crypto.createHash('sha256').update(contents).digest('hex')}`;
  if (!last && lastKeyByPath.size >= MAX_CACHED_SCRIPTS) {
    const oldest = lastKeyByPath.keys().next().value;
    if (oldest !== undefined) lastKeyByPath.delete(oldest);
  }
  lastKeyByPath.set(path, { contents, key });
  return key;
}

/** How many compiled scripts are cached (bounded by MAX_CACHED_SCRIPTS). */
export function compiledScriptCount(): number {
  return scriptCache.size;
}

/** Compiles (or reuses) a script for a File Cabinet path and content. */
export function compileScript(path: string, contents: string): vm.Script {
  const key = cacheKey(path, contents);
  let script = scriptCache.get(key);
  if (script) {
    scriptCache.delete(key);
    scriptCache.set(key, script); // keep most recently used last
    return script;
  }
  try {
    script = new vm.Script(contents, { filename: `${SCRIPT_FILENAME_PREFIX}${path}` });
  } catch (e) {
    const err = e as Error;
    throw sse('SSS_SYNTAX_ERROR', `${path}: ${err.name}: ${err.message}`);
  }
  if (scriptCache.size >= MAX_CACHED_SCRIPTS) {
    const oldest = scriptCache.keys().next().value;
    if (oldest !== undefined) scriptCache.delete(oldest);
  }
  scriptCache.set(key, script);
  return script;
}

/** The JSDoc header of a script file. */
export interface ScriptHeader {
  /** True when the file begins (after whitespace) with a `/** ... *\/` block. */
  leadingJsDoc: boolean;
  apiVersion?: string;
  scriptType?: string;
  moduleScope?: string;
}

/** Reads the `@NApiVersion` / `@NScriptType` tags of the file's leading JSDoc block. */
export function parseScriptHeader(contents: string): ScriptHeader {
  const m = /^\uFEFF?\s*\/\*\*([\s\S]*?)\*\//.exec(contents);
  if (!m) return { leadingJsDoc: false };
  const block = m[1] ?? '';
  const tag = (name: string) => new RegExp(`@${name}\\s+([^\\s*]+)`, 'i').exec(block)?.[1];
  const header: ScriptHeader = { leadingJsDoc: true };
  const apiVersion = tag('NApiVersion');
  const scriptType = tag('NScriptType');
  const moduleScope = tag('NModuleScope');
  if (apiVersion !== undefined) header.apiVersion = apiVersion;
  if (scriptType !== undefined) header.scriptType = scriptType;
  if (moduleScope !== undefined) header.moduleScope = moduleScope;
  return header;
}

/** One execution's AMD loader. */
export class AmdLoader {
  private readonly registry = new Map<string, ModuleRecord>();
  private pending: DefineCall[] | null = null;
  /** The global `define` installed in the realm. */
  readonly define: ((...args: unknown[]) => void) & { amd: object };

  constructor(private readonly host: LoaderHost) {
    const define = (...args: unknown[]): void => {
      if (this.pending === null) throw host.fault('define() called outside of module loading');
      let id: string | undefined;
      let deps: unknown[] | undefined;
      if (typeof args[0] === 'string') id = args.shift() as string;
      if (Array.isArray(args[0])) deps = args.shift() as unknown[];
      if (args.length === 0) throw sse('SSS_MISSING_REQD_ARGUMENT', 'define(): missing the module factory or value');
      this.pending.push({ id, deps, factory: args[0] });
    };
    this.define = Object.assign(define, { amd: host.realm.toRealm({}) });
  }

  /** Loads the module at an absolute File Cabinet path and returns its value. */
  load(path: string): unknown {
    return this.loadFile(withJs(normalizeCabinetPath(path))).value;
  }

  /** Resolves `id` as required from the file at `fromPath`. */
  require(id: string, fromPath: string): unknown {
    if (id === 'N' || id.startsWith('N/')) return this.host.nModule(id);
    const abs = this.resolvePath(id, fromPath);
    const rec = this.registry.get(abs) ?? this.loadFile(abs);
    return rec.state === 'done' ? rec.value : rec.module.exports; // a cycle sees partial exports, as in RequireJS
  }

  private resolvePath(id: string, fromPath: string): string {
    if (id.startsWith('./') || id.startsWith('../')) {
      const dir = fromPath.slice(0, fromPath.lastIndexOf('/'));
      return withJs(normalizeCabinetPath(`${dir}/${id}`));
    }
    if (id.startsWith('/')) return withJs(normalizeCabinetPath(id));
    throw this.host.fault(
      `module id "${id}" (required by ${fromPath}) is not N/..., relative (./, ../) or absolute (/SuiteScripts/...); not supported`,
    );
  }

  private loadFile(path: string): ModuleRecord {
    const known = this.registry.get(path);
    if (known) return known;
    const file = this.host.readFile(path);
    if (!file) throw sse('MODULE_DOES_NOT_EXIST', `Module does not exist: ${path}`);
    this.host.onFileLoaded(file);
    const script = compileScript(path, file.contents);
    const saved = this.pending;
    this.pending = [];
    let calls: DefineCall[];
    try {
      this.host.realm.run(script);
    } finally {
      calls = this.pending;
      this.pending = saved;
    }
    if (calls.length === 0) throw this.host.fault(`${path} did not call define(): it is not an AMD module`);
    const anonymous = calls.filter((c) => c.id === undefined);
    if (anonymous.length > 1) throw this.host.fault(`${path} calls define() anonymously more than once`);
    let main = anonymous[0];
    for (const c of calls) {
      if (c.id === undefined) continue;
      const key = c.id.startsWith('/') ? withJs(normalizeCabinetPath(c.id)) : c.id;
      if (!main && (key === path || calls.length === 1)) main = c;
      else if (!this.registry.has(key)) this.instantiate(key, c);
    }
    if (!main) throw this.host.fault(`${path} defines only named modules, none of them ${path}`);
    return this.instantiate(path, main);
  }

  private instantiate(key: string, call: DefineCall): ModuleRecord {
    const realm = this.host.realm;
    const exports = new realm.Object() as Record<string, unknown>;
    const module = realm.toRealm({ id: key, uri: key, exports: exports as unknown, config: () => realm.toRealm({}) });
    module.exports = exports;
    const rec: ModuleRecord = { key, state: 'loading', exports, module, value: undefined };
    this.registry.set(key, rec);
    if (typeof call.factory !== 'function') {
      rec.value = call.factory;
      rec.state = 'done';
      return rec;
    }
    const factory = call.factory as (...args: unknown[]) => unknown;
    const deps = call.deps ?? (factory.length > 0 ? ['require', 'exports', 'module'] : []);
    const args = deps.map((d) => {
      if (typeof d !== 'string') throw this.host.fault(`${key}: dependency ids must be strings`);
      if (d === 'exports') return exports;
      if (d === 'module') return module;
      if (d === 'require') return this.localRequire(key);
      return this.require(d, key);
    });
    let ret: unknown;
    this.host.beginDefine(key);
    try {
      ret = factory.apply(exports, args);
    } finally {
      this.host.endDefine();
    }
    rec.value = ret !== undefined ? ret : module.exports;
    rec.state = 'done';
    return rec;
  }

  /**
   * The `require` pseudo-dependency. Oracle documents `require([dependencies,] callback)` ("require Function",
   * https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_4387813188.html and section_4430292527.html):
   * it returns void, runs synchronously on the server, calls the callback with the modules, and throws
   * MODULE_DOES_NOT_EXIST for a missing one; the modules' define() callbacks run while loading, so the define-time ban
   * on N/* applies to them too. Oracle also advises taking `require` as a dependency rather than using a global one
   * (SuiteScript 2.x Global Objects), so the realm has no global `require`. The string form `require('id')` is not
   * documented by Oracle; it is kept (RequireJS's synchronous form) and loads the module when needed.
   */
  private localRequire(fromPath: string): (ids: unknown, callback?: unknown) => unknown {
    return (ids: unknown, callback?: unknown) => {
      if (typeof ids === 'string') return this.require(ids, fromPath);
      if (Array.isArray(ids)) {
        const values = ids.map((id) => {
          if (typeof id !== 'string') throw this.host.fault(`require([...]) from ${fromPath}: ids must be strings`);
          return this.require(id, fromPath);
        });
        if (typeof callback === 'function') (callback as (...a: unknown[]) => unknown)(...values);
        return undefined;
      }
      throw this.host.fault(`require() from ${fromPath}: expected a module id or an array of ids`);
    };
  }
}

function withJs(p: string): string {
  return p.endsWith('.js') ? p : `${p}.js`;
}
