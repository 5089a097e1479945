/**
 * DESIGN.md section 2a rules checked on the BUILT AMD files (src/FileCabinet/...), from their syntax
 * tree (acorn), never with regular expressions:
 *
 * - `n-module-in-define`: an N/* module used while a define() callback runs. NetSuite throws
 *   SUITESCRIPT_API_UNAVAILABLE_IN_DEFINE ("All SuiteScript API Modules are unavailable while executing
 *   your define callback") for any use during module loading, even reading an enum, and the same in
 *   modules that require() loads later (their define callback runs then). Every .js file is checked, so
 *   modules loaded by require() are covered wherever they are loaded from.
 * - `public-cache-scope`: N/cache Scope.PUBLIC (every script in the account, SuiteApps included).
 * - `blocked-response-header`: setHeader/addHeader of a header a Suitelet may not set (SSS_INVALID_HEADER).
 * - `scheduled-deployment-submitted`: task.submit() prepared for a deployment whose status is SCHEDULED
 *   (it does not run now; only a NOTSCHEDULED deployment is queued at once).
 * - `literal-list-internal-id`: a custom-list SELECT field compared with or set to a literal number
 *   (list internal ids differ per account: resolve them by script id).
 *
 * What runs "while define() runs": the factory's own statements, immediately invoked functions, class
 * static blocks and static field initialisers, computed class keys, and local functions called from
 * any of these (followed through their bodies, with N/* arguments tracked into their parameters).
 * Function bodies that only run later (entry points, callbacks) are not load time.
 */
import * as acorn from 'acorn';

export type BuiltRule =
  | 'n-module-in-define'
  | 'public-cache-scope'
  | 'blocked-response-header'
  | 'ignored-request-header'
  | 'scheduled-deployment-submitted'
  | 'literal-list-internal-id'
  | 'unparsable-script';

export interface BuiltFinding {
  line: number;
  rule: BuiltRule;
  severity: 'error' | 'warning';
  message: string;
}

export interface BuiltContext {
  /** Deployment script id -> status (SCHEDULED, NOTSCHEDULED, ...), from the SDF objects. */
  deploymentStatus: ReadonlyMap<string, string>;
  /** Field ids (custrecord_..., custbody_...) that are SELECT fields of a custom list. */
  listFields: ReadonlySet<string>;
}

/**
 * Headers a Suitelet's http.ServerResponse refuses with SSS_INVALID_HEADER. Oracle Help, "HTTP Header
 * Information" (N/http module; summarised at netsuitechangelog.com/articles/http-header-management-suitescript).
 */
export const BLOCKED_SUITELET_HEADERS: ReadonlySet<string> = new Set([
  'allow', 'content-location', 'content-md5', 'content-range', 'date', 'location', 'proxy-authenticate',
  'public-key-pins', 'public-key-pins-report-only', 'retry-after', 'server', 'strict-transport-security',
  'upgrade-insecure-requests', 'warning', 'www-authenticate',
]);
/** Headers NetSuite silently drops in any N/http use (same source): setting them has no effect. */
export const IGNORED_HEADERS: ReadonlySet<string> = new Set([
  'connection', 'content-length', 'host', 'jsessionid', 'trailer', 'transfer-encoding', 'upgrade', 'via',
]);

type Node = acorn.Node & Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
const FUNCTION_TYPES = new Set(['FunctionExpression', 'ArrowFunctionExpression', 'FunctionDeclaration']);

function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc' || key === 'start' || key === 'end' || key === 'type') continue;
    if (Array.isArray(value)) for (const v of value) {
      if (isNode(v)) out.push(v);
    }
    else if (isNode(value)) out.push(value);
  }
  return out;
}

const lineOf = (n: Node): number => (n.loc as acorn.SourceLocation | undefined)?.start.line ?? 0;
const str = (n: unknown): string | undefined => (isNode(n) && n.type === 'Literal' && typeof n['value'] === 'string' ? (n['value'] as string) : undefined);
const propName = (n: Node): string | undefined => {
  const p = n['property'] as Node;
  if (!n['computed'] && p.type === 'Identifier') return p['name'] as string;
  return str(p);
};

/** The [dependencies, factory] of a top-level or nested `define(...)` / `require([...], cb)` call. */
function amdParts(call: Node): { deps: (string | undefined)[]; factory: Node } | undefined {
  const args = call['arguments'] as Node[];
  const factory = args.find((a) => FUNCTION_TYPES.has(a.type));
  if (!factory) return undefined;
  const depsNode = args.find((a) => a.type === 'ArrayExpression');
  const deps = depsNode ? (depsNode['elements'] as (Node | null)[]).map((e) => str(e)) : [];
  return { deps, factory };
}

const isNModule = (dep: string | undefined): dep is string => dep !== undefined && /^N(\/|$)/.test(dep);

/** Parses and checks one built file; `shownFile` is only used in messages. */
export function checkBuiltScript(code: string, ctx: BuiltContext): BuiltFinding[] {
  let ast: Node;
  try {
    ast = acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'script', locations: true, allowHashBang: true }) as unknown as Node;
  } catch (e) {
    const loc = (e as { loc?: { line: number } }).loc;
    return [{ line: loc?.line ?? 1, rule: 'unparsable-script', severity: 'error', message: `is not valid JavaScript for SuiteScript 2.1 (ES2023): ${(e as Error).message}` }];
  }
  const findings: BuiltFinding[] = [];
  const seen = new Set<string>();
  const report = (node: Node, rule: BuiltRule, message: string, severity: BuiltFinding['severity'] = 'error'): void => {
    const key = `${lineOf(node)}:${rule}:${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push({ line: lineOf(node), rule, severity, message });
  };

  // Every define()/require() factory, wherever it is: its parameters bound to N/* dependencies.
  const factories: { factory: Node; nParams: Map<string, string>; isDefine: boolean }[] = [];
  const visitAll = (node: Node, fn: (n: Node) => void): void => {
    fn(node);
    for (const c of children(node)) visitAll(c, fn);
  };
  visitAll(ast, (n) => {
    if (n.type !== 'CallExpression') return;
    const callee = n['callee'] as Node;
    if (callee.type !== 'Identifier' || (callee['name'] !== 'define' && callee['name'] !== 'require')) return;
    const parts = amdParts(n);
    if (!parts) return;
    const nParams = new Map<string, string>();
    (parts.factory['params'] as Node[]).forEach((p, i) => {
      const dep = parts.deps[i];
      if (p.type === 'Identifier' && isNModule(dep)) nParams.set(p['name'] as string, dep);
    });
    factories.push({ factory: parts.factory, nParams, isDefine: callee['name'] === 'define' });
  });

  for (const { factory, nParams, isDefine } of factories) {
    if (isDefine) checkLoadTime(factory, nParams, report);
    checkEverywhere(factory, nParams, ctx, report);
  }
  return findings.sort((a, b) => a.line - b.line);
}

type Report = (node: Node, rule: BuiltRule, message: string, severity?: BuiltFinding['severity']) => void;

const DEFINE_HELP = 'NetSuite throws SUITESCRIPT_API_UNAVAILABLE_IN_DEFINE: no N/* module may be used while a define() callback runs; move it into the entry point or a function it calls';

/** Walks what runs while the define() factory runs and reports every N/* use there. */
function checkLoadTime(factory: Node, nParams: ReadonlyMap<string, string>, report: Report): void {
  const body = factory['body'] as Node;
  // Local functions of the factory (declarations and `const f = function/arrow`), followed when called at load.
  const locals = new Map<string, Node>();
  const collectLocals = (stmts: Node[]): void => {
    for (const st of stmts) {
      if (st.type === 'FunctionDeclaration' && isNode(st['id'])) locals.set((st['id'] as Node)['name'] as string, st);
      if (st.type === 'VariableDeclaration') {
        for (const d of st['declarations'] as Node[]) {
          const init = d['init'] as Node | null;
          const id = d['id'] as Node;
          if (init && id.type === 'Identifier' && (init.type === 'FunctionExpression' || init.type === 'ArrowFunctionExpression')) locals.set(id['name'] as string, init);
        }
      }
    }
  };
  if (body.type === 'BlockStatement') collectLocals(body['body'] as Node[]);
  const followed = new Set<Node>();
  /** Lines of the load-time calls that led into the function being walked (innermost last). */
  const via: number[] = [];
  const where = (): string => (via.length ? ` (reached while define() runs through the call at line ${via.join(' -> ')})` : '');
  // Values given to variables at load (`var window = { crypto: { getRandomValues: fill } }`), so that a
  // call through them (`window.crypto.getRandomValues(a)`, `var c = window.crypto || x; c.getRandomValues(a)`)
  // is followed into the local function it reaches: jsrsasign seeds its pool exactly that way.
  const values = new Map<string, Node>();
  const resolveFunction = (n: Node | undefined, depth = 0): Node | undefined => {
    if (!n || depth > 8) return undefined;
    switch (n.type) {
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'FunctionDeclaration':
        return n;
      case 'Identifier': {
        const name = n['name'] as string;
        return locals.get(name) ?? resolveFunction(values.get(name), depth + 1);
      }
      case 'LogicalExpression':
        return resolveFunction(n['left'] as Node, depth + 1) ?? resolveFunction(n['right'] as Node, depth + 1);
      case 'MemberExpression': {
        const owner = resolveObject(n['object'] as Node, depth + 1);
        const key = propName(n);
        return owner && key !== undefined ? resolveFunction(objectProps(owner).get(key), depth + 1) : undefined;
      }
      default:
        return undefined;
    }
  };
  const resolveObject = (n: Node | undefined, depth: number): Node | undefined => {
    if (!n || depth > 8) return undefined;
    if (n.type === 'ObjectExpression') return n;
    if (n.type === 'Identifier') return resolveObject(values.get(n['name'] as string), depth + 1);
    if (n.type === 'LogicalExpression') return resolveObject(n['left'] as Node, depth + 1) ?? resolveObject(n['right'] as Node, depth + 1);
    if (n.type === 'MemberExpression') {
      const owner = resolveObject(n['object'] as Node, depth + 1);
      const key = propName(n);
      return owner && key !== undefined ? resolveObject(objectProps(owner).get(key), depth + 1) : undefined;
    }
    return undefined;
  };

  /** The boolean value of a test at this point of the load, when it is a literal or a flag set to one. */
  const truth = (n: Node, depth = 0): boolean | undefined => {
    if (depth > 4) return undefined;
    if (n.type === 'Literal' && typeof n['value'] === 'boolean') return n['value'] as boolean;
    if (n.type === 'UnaryExpression' && n['operator'] === '!') {
      const v = truth(n['argument'] as Node, depth + 1);
      return v === undefined ? undefined : !v;
    }
    if (n.type === 'Identifier') {
      const v = values.get(n['name'] as string);
      return v ? truth(v, depth + 1) : undefined;
    }
    return undefined;
  };
  /** `scope`: identifiers bound to an N/* module here (name -> module id). */
  const walk = (node: Node, scope: Map<string, string>): void => {
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return; // runs later, unless called at load (handled at the call)
      case 'ClassDeclaration':
      case 'ClassExpression':
        return walkClass(node, scope);
      case 'MemberExpression': {
        const object = node['object'] as Node;
        if (object.type === 'Identifier' && scope.has(object['name'] as string)) {
          const mod = scope.get(object['name'] as string) as string;
          const member = propName(node) ?? '[computed]';
          report(node, 'n-module-in-define', `${mod} is used while define() runs (${object['name'] as string}.${member})${where()}. ${DEFINE_HELP}`);
          return;
        }
        break;
      }
      case 'VariableDeclarator': {
        const init = node['init'] as Node | null;
        const id = node['id'] as Node;
        if (init && init.type === 'Identifier' && scope.has(init['name'] as string)) {
          const mod = scope.get(init['name'] as string) as string;
          if (id.type === 'ObjectPattern') {
            report(node, 'n-module-in-define', `${mod} is destructured while define() runs${where()}. ${DEFINE_HELP}`);
          } else if (id.type === 'Identifier') {
            scope.set(id['name'] as string, mod); // an alias: its uses count too
          }
          return;
        }
        if (init && isRequireOfN(init) && id.type === 'Identifier') {
          scope.set(id['name'] as string, str((init['arguments'] as Node[])[0]) as string);
          return;
        }
        if (init && id.type === 'Identifier') values.set(id['name'] as string, init);
        break;
      }
      case 'IfStatement':
      case 'ConditionalExpression': {
        // A flag known at this point of the load (`var loading = true; ... loading ? a : b`) decides
        // the branch: only the one taken runs now (the wrapper pattern that defers N/* until after load).
        const known = truth(node['test'] as Node);
        if (known === undefined) break;
        walk(node['test'] as Node, scope);
        const taken = (known ? node['consequent'] : node['alternate']) as Node | null;
        if (taken) walk(taken, scope);
        return;
      }
      case 'AssignmentExpression': {
        const left = node['left'] as Node;
        if (node['operator'] === '=' && left.type === 'Identifier') values.set(left['name'] as string, node['right'] as Node);
        break;
      }
      case 'CallExpression':
      case 'NewExpression': {
        const callee = node['callee'] as Node;
        const args = node['arguments'] as Node[];
        if (callee.type === 'Identifier' && scope.has(callee['name'] as string)) {
          report(node, 'n-module-in-define', `${scope.get(callee['name'] as string) as string} is called while define() runs${where()}. ${DEFINE_HELP}`);
        }
        // An immediately invoked function, `(function(){...})()` or `(() => ...).call(this)`, runs now.
        let fn: Node | undefined;
        let argOffset = 0;
        if (callee.type === 'FunctionExpression' || callee.type === 'ArrowFunctionExpression') fn = callee;
        else if (callee.type === 'MemberExpression' && ['call', 'apply'].includes(propName(callee) ?? '') && resolveFunction(callee['object'] as Node)) {
          fn = resolveFunction(callee['object'] as Node);
          argOffset = 1; // f.call(thisArg, ...args)
        } else if (node.type === 'CallExpression') fn = resolveFunction(callee);
        if (fn && !followed.has(fn)) {
          followed.add(fn);
          const inner = new Map(scope);
          (fn['params'] as Node[]).forEach((p, i) => {
            if (p.type !== 'Identifier') return;
            const a = args[i + argOffset];
            if (a && a.type === 'Identifier' && scope.has(a['name'] as string)) inner.set(p['name'] as string, scope.get(a['name'] as string) as string);
            else inner.delete(p['name'] as string); // a parameter shadows an outer N/* name
          });
          const isIife = fn === callee;
          if (!isIife) via.push(lineOf(node));
          walk(fn['body'] as Node, inner);
          if (!isIife) via.pop();
          followed.delete(fn);
        }
        if (!FUNCTION_TYPES.has(callee.type)) walk(callee, scope);
        for (const a of args) walk(a, scope);
        return;
      }
      default:
        break;
    }
    for (const c of children(node)) walk(c, scope);
  };

  const walkClass = (node: Node, scope: Map<string, string>): void => {
    if (isNode(node['superClass'])) walk(node['superClass'] as Node, scope);
    for (const el of ((node['body'] as Node)['body'] as Node[])) {
      if (el['computed'] && isNode(el['key'])) walk(el['key'] as Node, scope); // computed keys: at class definition
      if (el.type === 'StaticBlock') for (const st of el['body'] as Node[]) walk(st, scope);
      if (el.type === 'PropertyDefinition' && el['static'] && isNode(el['value'])) walk(el['value'] as Node, scope);
    }
  };

  walk(body, new Map(nParams));
}

function isRequireOfN(n: Node): boolean {
  if (n.type !== 'CallExpression') return false;
  const callee = n['callee'] as Node;
  const first = (n['arguments'] as Node[])[0];
  return callee.type === 'Identifier' && callee['name'] === 'require' && isNModule(str(first));
}

/** Rules that hold in any code of the file, at load or later. */
function checkEverywhere(factory: Node, nParams: ReadonlyMap<string, string>, ctx: BuiltContext, report: Report): void {
  const cacheNames = new Set([...nParams].filter(([, m]) => m === 'N/cache').map(([n]) => n));
  const visit = (node: Node): void => {
    if (node.type === 'MemberExpression' && propName(node) === 'PUBLIC') {
      const object = node['object'] as Node;
      if (object.type === 'MemberExpression' && propName(object) === 'Scope') {
        const base = object['object'] as Node;
        if (base.type !== 'Identifier' || cacheNames.has(base['name'] as string) || cacheNames.size === 0) {
          report(node, 'public-cache-scope', 'uses N/cache Scope.PUBLIC: every script in the account, installed SuiteApps included, can read and plant its entries; use PRIVATE or PROTECTED (DESIGN.md 2a)');
        }
      }
    }
    if (node.type === 'Property' && keyName(node) === 'scope' && str(node['value']) === 'PUBLIC') {
      report(node, 'public-cache-scope', "asks N/cache for scope 'PUBLIC': every script in the account, installed SuiteApps included, can read and plant its entries; use PRIVATE or PROTECTED (DESIGN.md 2a)");
    }
    if (node.type === 'CallExpression') checkCall(node, ctx, report);
    if (node.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(node['operator'] as string)) {
      const [l, r] = [node['left'] as Node, node['right'] as Node];
      const field = listFieldRead(l, ctx) ?? listFieldRead(r, ctx);
      const literal = numericLiteral(l) ?? numericLiteral(r);
      if (field && literal !== undefined) {
        report(node, 'literal-list-internal-id', `compares the list field ${field} with the literal internal id ${literal}: custom-list internal ids differ per account; compare the value's script id (or name) instead`);
      }
    }
    for (const c of children(node)) visit(c);
  };
  visit(factory['body'] as Node);
}

function keyName(prop: Node): string | undefined {
  const key = prop['key'] as Node;
  if (!prop['computed'] && key.type === 'Identifier') return key['name'] as string;
  return str(key);
}

function objectProps(n: Node | undefined): Map<string, Node> {
  const out = new Map<string, Node>();
  if (!n || n.type !== 'ObjectExpression') return out;
  for (const p of n['properties'] as Node[]) {
    if (p.type !== 'Property') continue;
    const k = keyName(p);
    if (k !== undefined) out.set(k, p['value'] as Node);
  }
  return out;
}

function numericLiteral(n: Node): string | undefined {
  if (n.type === 'Literal' && typeof n['value'] === 'number') return String(n['value']);
  const s = str(n);
  return s !== undefined && /^\d+$/.test(s) ? `'${s}'` : undefined;
}

/** `x.getValue('custrecord_f')` / `x.getValue({ fieldId: 'custrecord_f' })` of a list field -> its id. */
function listFieldRead(n: Node, ctx: BuiltContext): string | undefined {
  if (n.type !== 'CallExpression') return undefined;
  const callee = n['callee'] as Node;
  if (callee.type !== 'MemberExpression' || !['getValue', 'getSublistValue', 'getCurrentSublistValue'].includes(propName(callee) ?? '')) return undefined;
  const first = (n['arguments'] as Node[])[0];
  const id = str(first) ?? str(objectProps(first).get('fieldId'));
  return id !== undefined && ctx.listFields.has(id) ? id : undefined;
}

function checkCall(node: Node, ctx: BuiltContext, report: Report): void {
  const callee = node['callee'] as Node;
  if (callee.type !== 'MemberExpression') return;
  const method = propName(callee);
  const args = node['arguments'] as Node[];
  const opts = objectProps(args[0]);
  if (method === 'setHeader' || method === 'addHeader') {
    const name = str(args[0]) ?? str(opts.get('name'));
    if (name === undefined) return;
    const lower = name.toLowerCase();
    if (BLOCKED_SUITELET_HEADERS.has(lower)) {
      report(node, 'blocked-response-header', `${method}('${name}'): a Suitelet may not set ${name}; NetSuite throws SSS_INVALID_HEADER (put the information in the JSON body instead)`);
    } else if (IGNORED_HEADERS.has(lower)) {
      report(node, 'ignored-request-header', `${method}('${name}'): NetSuite ignores ${name} set by a script`, 'warning');
    }
    return;
  }
  // task.create({ taskType: ..., deploymentId: 'customdeploy_x' }) of a Scheduled deployment.
  if (method === 'create') {
    const dep = str(opts.get('deploymentId'));
    if (dep && ctx.deploymentStatus.get(dep) === 'SCHEDULED') {
      report(node, 'scheduled-deployment-submitted', `prepares task.submit() of ${dep}, whose status is SCHEDULED: NetSuite runs it only at its scheduled times, not now; submit a NOTSCHEDULED deployment`);
    }
    return;
  }
  // record.setValue({ fieldId: <list field>, value: 3 }), record.submitFields({ values: { <list field>: 3 } }).
  if (method === 'setValue' || method === 'setSublistValue' || method === 'setCurrentSublistValue') {
    const field = str(opts.get('fieldId'));
    const value = opts.get('value');
    const literal = value ? numericLiteral(value) : undefined;
    if (field && ctx.listFields.has(field) && literal !== undefined) {
      report(node, 'literal-list-internal-id', `sets the list field ${field} to the literal internal id ${literal}: custom-list internal ids differ per account; look the value up by its script id`);
    }
    return;
  }
  if (method === 'submitFields') {
    for (const [field, value] of objectProps(opts.get('values'))) {
      const literal = numericLiteral(value);
      if (ctx.listFields.has(field) && literal !== undefined) {
        report(value, 'literal-list-internal-id', `submits the list field ${field} as the literal internal id ${literal}: custom-list internal ids differ per account; look the value up by its script id`);
      }
    }
  }
}
