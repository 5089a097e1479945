/**
 * N/search over custom record types and custom lists.
 *
 * - `search.create({ type, filters, columns })` with filter expressions (`[['f','is','x'],'AND',['isinactive','is','F']]`,
 *   nesting, `'NOT'`), Filter objects (`search.createFilter`) or `{ name, operator, values }`; columns as names or
 *   `search.createColumn({ name, sort })`. `run().getRange({ start, end })` (10 units, at most 1,000 results per call) and
 *   `run().each(callback)` (10 units; continues only while the callback returns true; at most 4,000 results).
 * - Operators per field type as NetSuite allows them: text is/isnot/contains/doesnotcontain/startswith/
 *   doesnotstartwith/isempty/isnotempty (case-insensitive); checkbox is (T/F); select and internalid anyof/noneof
 *   (`@NONE@` for empty); dates on/before/after/onorbefore/onorafter/within (+ not… forms)/isempty/isnotempty;
 *   integers equalto/notequalto/greaterthan/greaterthanorequalto/lessthan/lessthanorequalto/between/isempty/isnotempty.
 *   Another operator throws SSS_INVALID_SRCH_OPERATOR; unknown filter fields SSS_INVALID_SRCH_FILTER; unknown columns
 *   SSS_INVALID_SRCH_COL (when the search runs). Joins, formulas and summaries are not implemented.
 * - Date filter values: text in the running user's Date Format (and Time Format for a date and time), `today`,
 *   `yesterday`, `tomorrow`, or Date objects (search.createFilter documents `values` as string | Date | ...:
 *   https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_4345777107.html). Text in another format
 *   (`2026-01-15` under M/D/YYYY, `1/15/2026` under D.M.YYYY) throws SSS_INVALID_SRCH_FILTER.
 * - Results: `getValue` gives strings (checkboxes booleans; dates and datetimes as text in the running user's date
 *   format, time format and time zone, datetimes to the minute: `1/15/2026 10:30 am`, `15.1.2026 10:30`), `getText`
 *   the display name of select columns (null for others). A custom list searched as its own type
 *   (`search.create({ type: 'customlist_x', columns: ['name', 'scriptid'] })`) returns script ids in UPPER case, as
 *   NetSuite does.
 * - `search.lookupFields({ type, id, columns })` (1 unit): select fields as `[{ value, text }]`, checkboxes as booleans,
 *   others as strings (dates as in results); `{}` for a missing record.
 */
import { emptyOf, type FieldDef, type StoredValue } from '../datastore';
import { formatDateTime, parseDateText, startOfDay, startOfNextDay, type PrefsLike } from '../dates';
import { sse } from '../errors';
import type { Execution } from '../execution';
import { isDate, keyEnum, missingArg, notImplemented, opts, reqId, reqString, strict, stubs, wrongType } from '../strict';
import { requireRecordType } from './record';

const OPERATORS = [
  'AFTER', 'ALLOF', 'ANY', 'ANYOF', 'BEFORE', 'BETWEEN', 'CONTAINS', 'DOESNOTCONTAIN', 'DOESNOTSTARTWITH', 'EQUALTO',
  'GREATERTHAN', 'GREATERTHANOREQUALTO', 'HASKEYWORDS', 'IS', 'ISEMPTY', 'ISNOT', 'ISNOTEMPTY', 'LESSTHAN',
  'LESSTHANOREQUALTO', 'NONEOF', 'NOTAFTER', 'NOTALLOF', 'NOTBEFORE', 'NOTBETWEEN', 'NOTEQUALTO', 'NOTGREATERTHAN',
  'NOTGREATERTHANOREQUALTO', 'NOTLESSTHAN', 'NOTLESSTHANOREQUALTO', 'NOTON', 'NOTONORAFTER', 'NOTONORBEFORE', 'NOTWITHIN',
  'ON', 'ONORAFTER', 'ONORBEFORE', 'STARTSWITH', 'WITHIN',
] as const;

const TEXT_OPS = new Set(['is', 'isnot', 'contains', 'doesnotcontain', 'startswith', 'doesnotstartwith', 'isempty', 'isnotempty', 'haskeywords']);
const DATE_OPS = new Set(['on', 'noton', 'before', 'notbefore', 'after', 'notafter', 'onorbefore', 'notonorbefore', 'onorafter', 'notonorafter', 'within', 'notwithin', 'isempty', 'isnotempty']);
const NUMBER_OPS = new Set(['equalto', 'notequalto', 'greaterthan', 'notgreaterthan', 'greaterthanorequalto', 'notgreaterthanorequalto', 'lessthan', 'notlessthan', 'lessthanorequalto', 'notlessthanorequalto', 'between', 'notbetween', 'isempty', 'isnotempty', 'any']);
const SELECT_OPS = new Set(['anyof', 'noneof']);

interface Row {
  id: number;
  values: Record<string, StoredValue>;
}

/** What a search runs over: a custom record type or a custom list. */
interface Source {
  type: string;
  fields: ReadonlyMap<string, FieldDef>;
  rows(): Row[];
  /** Search-result value of a field of a row. */
  value(field: FieldDef, row: Row): string | boolean;
  text(field: FieldDef, row: Row): string | null;
}

interface ColumnSpec {
  name: string;
  join?: string | undefined;
  summary?: string | undefined;
  formula?: string | undefined;
  label?: string | undefined;
  sort?: string | undefined;
}

type Node =
  | { kind: 'term'; name: string; operator: string; values: unknown[] }
  | { kind: 'and'; nodes: Node[] }
  | { kind: 'or'; nodes: Node[] }
  | { kind: 'not'; node: Node };

export function createSearchModule(ex: Execution): object {
  const data = ex.account.data;
  // Date text in results and filters follows the running user's preferences (DESIGN.md 2a).
  const prefs = ex.account.preferencesFor(ex.user);
  const tz = prefs.timeZone;

  const source = (type: string): Source => {
    const list = data.listValues(type);
    if (list) {
      const fields = new Map<string, FieldDef>([
        ['name', { id: 'name', label: 'Name', type: 'TEXT' }],
        ['scriptid', { id: 'scriptid', label: 'Script ID', type: 'TEXT' }],
        ['isinactive', { id: 'isinactive', label: 'Inactive', type: 'CHECKBOX' }],
        ['internalid', { id: 'internalid', label: 'Internal ID', type: 'SELECT' }],
      ]);
      return {
        type,
        fields,
        rows: () => list.map((v) => ({ id: v.id, values: { name: v.name, scriptid: v.scriptId.toUpperCase(), isinactive: v.inactive } })),
        value: (f, row) => (f.id === 'internalid' ? String(row.id) : data.searchValueOut(f, row.values[f.id], prefs)),
        text: () => null,
      };
    }
    const fields = requireRecordType(ex, type);
    return {
      type,
      fields,
      rows: () => data.all(type),
      value: (f, row) => (f.id === 'internalid' ? String(row.id) : data.searchValueOut(f, row.values[f.id], prefs)),
      text: (f, row) => {
        if (f.type !== 'SELECT' || f.id === 'internalid') return null;
        const v = row.values[f.id];
        return typeof v === 'number' ? data.selectText(f.selectRecordType ?? '', v) : '';
      },
    };
  };

  const typeCheck = (type: string) => {
    if (data.listValues(type)) return;
    if (data.fields(type)) return;
    if (/^custom(record|list)/i.test(type)) throw sse('INVALID_RCRD_TYPE', `The record type [${type.toUpperCase()}] is invalid.`);
    throw ex.fault(`search type ${type} is not implemented (only the account's custom record types and custom lists are)`);
  };

  // ------------------------------------------------------------------------------------------- columns & filters

  const makeColumn = (spec: ColumnSpec) =>
    strict(ex, 'search.Column', {
      name: spec.name,
      join: spec.join,
      summary: spec.summary,
      formula: spec.formula,
      label: spec.label,
      sort: spec.sort,
      function: undefined as string | undefined,
      setWhenOrderedBy: notImplemented(ex, 'search.Column.setWhenOrderedBy'),
      toString: () => `SearchColumn(${spec.name})`,
    });

  const columnSpec = (c: unknown): ColumnSpec => {
    if (typeof c === 'string') return { name: c.toLowerCase() };
    if (c !== null && typeof c === 'object' && typeof (c as { name?: unknown }).name === 'string') {
      const o = c as Record<string, unknown>;
      const str = (k: string) => (typeof o[k] === 'string' && o[k] !== '' ? (o[k] as string) : undefined);
      return { name: (o['name'] as string).toLowerCase(), join: str('join'), summary: str('summary'), formula: str('formula'), label: str('label'), sort: str('sort') };
    }
    throw wrongType('columns', 'string or search.Column');
  };

  const makeFilter = (name: string, operator: string, values: unknown[], extra: { join?: string; formula?: string; summary?: string } = {}) =>
    strict(ex, 'search.Filter', {
      name,
      join: extra.join,
      operator,
      summary: extra.summary,
      formula: extra.formula,
      values: ex.realm.toRealm(values),
      isor: false,
      isnot: false,
      leftparens: 0,
      rightparens: 0,
      toJSON: () => ex.realm.toRealm({ name, join: extra.join ?? null, operator, summary: extra.summary ?? null, formula: extra.formula ?? null, values, isor: false, isnot: false, leftparens: 0, rightparens: 0 }),
      toString: () => `SearchFilter(${name} ${operator} ${values.map(String).join(',')})`,
    });

  const flatValues = (raw: unknown): unknown[] => {
    if (raw === undefined || raw === null) return [];
    if (Array.isArray(raw)) return raw.flatMap((v) => (Array.isArray(v) ? v : [v]));
    return [raw];
  };

  /** Filters of a search: Filter objects / plain filter objects (ANDed), or a filter expression. */
  const parseFilters = (filters: unknown[]): Node => {
    if (filters.length === 0) return { kind: 'and', nodes: [] };
    const objectStyle = filters.every((f) => f !== null && typeof f === 'object' && !Array.isArray(f));
    if (objectStyle) {
      return {
        kind: 'and',
        nodes: filters.map((f) => {
          const o = f as Record<string, unknown>;
          if (o['join'] || o['formula'] || o['summary']) throw ex.fault('search filters with join, formula or summary are not implemented');
          if (typeof o['name'] !== 'string' || typeof o['operator'] !== 'string') throw wrongType('filters', 'search.Filter');
          return { kind: 'term', name: o['name'].toLowerCase(), operator: o['operator'].toLowerCase(), values: flatValues(o['values']) } as Node;
        }),
      };
    }
    return parseExpression(filters);
  };

  const isTerm = (e: unknown[]): boolean =>
    typeof e[0] === 'string' && e[0].toUpperCase() !== 'NOT' && typeof e[1] === 'string' && !['AND', 'OR'].includes(e[1].toUpperCase());

  const parseExpression = (expr: unknown[]): Node => {
    if (isTerm(expr)) {
      const name = (expr[0] as string).toLowerCase();
      if (name.includes('.') || name.startsWith('formula')) throw ex.fault(`search filter ${name}: joins and formulas are not implemented`);
      return { kind: 'term', name, operator: (expr[1] as string).toLowerCase(), values: flatValues(expr.slice(2)) };
    }
    // Sequence of operands separated by AND/OR, operands optionally prefixed by NOT.
    const ors: Node[][] = [[]];
    let negateNext = false;
    let expectOperand = true;
    for (const item of expr) {
      if (typeof item === 'string') {
        const word = item.toUpperCase();
        if (word === 'NOT' && expectOperand) {
          negateNext = !negateNext;
          continue;
        }
        if ((word === 'AND' || word === 'OR') && !expectOperand) {
          if (word === 'OR') ors.push([]);
          expectOperand = true;
          continue;
        }
        throw sse('SSS_INVALID_SRCH_FILTER_EXPR', `Invalid search filter expression near ${item}.`);
      }
      if (!Array.isArray(item) || !expectOperand) throw sse('SSS_INVALID_SRCH_FILTER_EXPR', 'Invalid search filter expression.');
      let node = parseExpression(item);
      if (negateNext) node = { kind: 'not', node };
      negateNext = false;
      (ors[ors.length - 1] as Node[]).push(node);
      expectOperand = false;
    }
    if (expectOperand && expr.length > 0) throw sse('SSS_INVALID_SRCH_FILTER_EXPR', 'Invalid search filter expression: it ends with an operator.');
    const groups = ors.map((nodes) => (nodes.length === 1 ? (nodes[0] as Node) : ({ kind: 'and', nodes } as Node)));
    return groups.length === 1 ? (groups[0] as Node) : { kind: 'or', nodes: groups };
  };

  // ------------------------------------------------------------------------------------------- evaluation

  const dateValue = (v: unknown): { ms: number; dateOnly: boolean } => {
    if (isDate(v)) return { ms: v.getTime(), dateOnly: false };
    if (typeof v === 'string') {
      const key = v.toLowerCase();
      const now = ex.now();
      if (key === 'today') return { ms: startOfDay(now, tz), dateOnly: true };
      if (key === 'yesterday') return { ms: startOfDay(startOfDay(now, tz) - 1, tz), dateOnly: true };
      if (key === 'tomorrow') return { ms: startOfNextDay(now, tz), dateOnly: true };
      const parsed = parseDateText(v, prefs, 'either');
      if (parsed) return parsed;
    }
    throw sse('SSS_INVALID_SRCH_FILTER', `An nlobjSearchFilter contains invalid search criteria: date value ${String(v)}.`);
  };

  const compile = (node: Node, src: Source): ((row: Row) => boolean) => {
    if (node.kind === 'and') {
      const fns = node.nodes.map((n) => compile(n, src));
      return (row) => fns.every((f) => f(row));
    }
    if (node.kind === 'or') {
      const fns = node.nodes.map((n) => compile(n, src));
      return (row) => fns.some((f) => f(row));
    }
    if (node.kind === 'not') {
      const fn = compile(node.node, src);
      return (row) => !fn(row);
    }
    const field = src.fields.get(node.name);
    if (!field) throw sse('SSS_INVALID_SRCH_FILTER', `An nlobjSearchFilter contains invalid search criteria: ${node.name}.`);
    const op = node.operator;
    const badOp = () => sse('SSS_INVALID_SRCH_OPERATOR', `An nlobjSearchFilter contains an invalid operator, or is not in proper syntax: ${op}.`);
    const get = (row: Row): StoredValue => (field.id === 'internalid' ? row.id : (row.values[field.id] ?? emptyOf(field.type)));
    const vals = node.values;

    if (field.id === 'internalid' || field.type === 'SELECT') {
      if (!SELECT_OPS.has(op)) throw badOp();
      const wanted = new Set(vals.map((v) => String(v)));
      const matches = (row: Row) => {
        const v = get(row);
        return v === null ? wanted.has('@NONE@') : wanted.has(String(v));
      };
      return op === 'anyof' ? matches : (row) => !matches(row);
    }
    if (field.type === 'CHECKBOX') {
      if (op !== 'is') throw badOp();
      const want = vals[0] === true || vals[0] === 'T';
      if (!(vals[0] === true || vals[0] === false || vals[0] === 'T' || vals[0] === 'F')) {
        throw sse('SSS_INVALID_SRCH_FILTER', `An nlobjSearchFilter contains invalid search criteria: ${field.id} is ${String(vals[0])} (use T or F).`);
      }
      return (row) => get(row) === want;
    }
    if (field.type === 'DATETIMETZ' || field.type === 'DATE') {
      if (!DATE_OPS.has(op)) throw badOp();
      if (op === 'isempty') return (row) => get(row) === null;
      if (op === 'isnotempty') return (row) => get(row) !== null;
      const negated = op.startsWith('not');
      const base = negated ? op.slice(3) : op;
      let test: (t: number) => boolean;
      if (base === 'within') {
        if (vals.length < 2) throw sse('SSS_INVALID_SRCH_FILTER', `An nlobjSearchFilter contains invalid search criteria: within needs two values.`);
        const a = dateValue(vals[0]);
        const b = dateValue(vals[1]);
        const end = b.dateOnly ? startOfNextDay(b.ms, tz) : b.ms + 1;
        test = (t) => t >= a.ms && t < end;
      } else {
        const d = dateValue(vals[0]);
        const dayStart = d.dateOnly ? d.ms : d.ms;
        const dayEnd = d.dateOnly ? startOfNextDay(d.ms, tz) : d.ms + 60_000;
        switch (base) {
          case 'on':
            test = (t) => t >= dayStart && t < dayEnd;
            break;
          case 'before':
            test = (t) => t < dayStart;
            break;
          case 'after':
            test = d.dateOnly ? (t) => t >= dayEnd : (t) => t > d.ms;
            break;
          case 'onorbefore':
            test = d.dateOnly ? (t) => t < dayEnd : (t) => t <= d.ms;
            break;
          case 'onorafter':
            test = (t) => t >= dayStart;
            break;
          default:
            throw badOp();
        }
      }
      return (row) => {
        const v = get(row);
        if (typeof v !== 'number') return false;
        return negated ? !test(v) : test(v);
      };
    }
    if (field.type === 'INTEGER') {
      if (!NUMBER_OPS.has(op)) throw badOp();
      if (op === 'any') return () => true;
      if (op === 'isempty') return (row) => get(row) === null;
      if (op === 'isnotempty') return (row) => get(row) !== null;
      const nums = vals.map((v) => Number(v));
      if (nums.some((n) => !Number.isFinite(n))) throw sse('SSS_INVALID_SRCH_FILTER', `An nlobjSearchFilter contains invalid search criteria: ${field.id}.`);
      const negated = op.startsWith('not');
      const base = negated ? op.slice(3) : op;
      const a = nums[0] ?? NaN;
      const b = nums[1] ?? NaN;
      const test: (n: number) => boolean =
        base === 'equalto' ? (n) => n === a
        : base === 'greaterthan' ? (n) => n > a
        : base === 'greaterthanorequalto' ? (n) => n >= a
        : base === 'lessthan' ? (n) => n < a
        : base === 'lessthanorequalto' ? (n) => n <= a
        : (n) => n >= a && n <= b;
      return (row) => {
        const v = get(row);
        if (typeof v !== 'number') return false;
        return negated ? !test(v) : test(v);
      };
    }
    // Text family
    if (!TEXT_OPS.has(op)) throw badOp();
    if (op === 'haskeywords') throw ex.fault('search operator haskeywords is not implemented');
    const needle = String(vals[0] ?? '').toLowerCase();
    const text = (row: Row) => String(get(row) ?? '').toLowerCase();
    switch (op) {
      case 'is':
        return (row) => text(row) === needle;
      case 'isnot':
        return (row) => text(row) !== needle;
      case 'contains':
        return (row) => text(row).includes(needle);
      case 'doesnotcontain':
        return (row) => !text(row).includes(needle);
      case 'startswith':
        return (row) => text(row).startsWith(needle);
      case 'doesnotstartwith':
        return (row) => !text(row).startsWith(needle);
      case 'isempty':
        return (row) => text(row) === '';
      default:
        return (row) => text(row) !== '';
    }
  };

  // ------------------------------------------------------------------------------------------- running

  const execute = (type: string, filters: unknown[], columns: ColumnSpec[]) => {
    const src = source(type);
    for (const c of columns) {
      if (c.join || c.formula || c.summary) throw ex.fault('search columns with join, formula or summary are not implemented');
      if (!src.fields.has(c.name)) throw sse('SSS_INVALID_SRCH_COL', `An nlobjSearchColumn contains an invalid column, or is not in proper syntax: ${c.name}.`);
    }
    const predicate = compile(parseFilters(filters), src);
    const rows = src.rows().filter(predicate);
    const sorts = columns.filter((c) => c.sort === 'ASC' || c.sort === 'DESC');
    rows.sort((r1, r2) => {
      for (const s of sorts) {
        const f = src.fields.get(s.name) as FieldDef;
        const v1 = f.id === 'internalid' ? r1.id : r1.values[f.id] ?? null;
        const v2 = f.id === 'internalid' ? r2.id : r2.values[f.id] ?? null;
        const c = compareValues(v1, v2);
        if (c !== 0) return s.sort === 'DESC' ? -c : c;
      }
      return r1.id - r2.id;
    });
    return { src, rows };
  };

  const makeResult = (src: Source, row: Row, columns: ColumnSpec[], columnObjects: unknown[]) => {
    const find = (col: unknown): FieldDef | undefined => {
      const name = typeof col === 'string' ? col.toLowerCase() : col !== null && typeof col === 'object' ? String((col as { name?: unknown }).name ?? '').toLowerCase() : '';
      if (!columns.some((c) => c.name === name)) return undefined;
      return src.fields.get(name);
    };
    return strict(ex, 'search.Result', {
      id: String(row.id),
      recordType: src.type,
      columns: ex.realm.toRealm(columnObjects),
      getValue(col?: unknown): unknown {
        if (col === undefined || col === null) throw missingArg('Result.getValue: column');
        const f = find(col);
        return f ? src.value(f, row) : null;
      },
      getText(col?: unknown): string | null {
        if (col === undefined || col === null) throw missingArg('Result.getText: column');
        const f = find(col);
        return f ? src.text(f, row) : null;
      },
      getAllValues() {
        const out: Record<string, unknown> = {};
        for (const c of columns) {
          const f = src.fields.get(c.name) as FieldDef;
          const v = src.value(f, row);
          const t = src.text(f, row);
          out[c.name] = f.type === 'SELECT' && f.id !== 'internalid' ? (t === '' ? [] : [{ value: v, text: t }]) : v;
        }
        return ex.realm.toRealm(out);
      },
      toJSON() {
        const values: Record<string, unknown> = {};
        for (const c of columns) {
          const f = src.fields.get(c.name) as FieldDef;
          const v = src.value(f, row);
          const t = src.text(f, row);
          values[c.name] = f.type === 'SELECT' && f.id !== 'internalid' ? (t === '' ? [] : [{ value: v, text: t }]) : v;
        }
        return ex.realm.toRealm({ recordType: src.type, id: String(row.id), values });
      },
    });
  };

  const makeSearch = (type: string, initialFilters: unknown[], initialColumns: unknown[], title?: string, id?: string) => {
    let filters = initialFilters;
    let columns = initialColumns.map(columnSpec);
    let columnObjects = columns.map(makeColumn);
    const target = {
      get searchType() {
        return type;
      },
      get filters() {
        return filters;
      },
      set filters(v: unknown) {
        filters = Array.isArray(v) ? v : v === null || v === undefined ? [] : [v];
      },
      get filterExpression() {
        return filters;
      },
      set filterExpression(v: unknown) {
        filters = Array.isArray(v) ? v : [];
      },
      get columns() {
        return ex.realm.toRealm(columnObjects);
      },
      set columns(v: unknown) {
        columns = (Array.isArray(v) ? v : [v]).map(columnSpec);
        columnObjects = columns.map(makeColumn);
      },
      title: title ?? '',
      id: id ?? '',
      isPublic: false,
      searchId: -1,
      run() {
        const cols = columns;
        const colObjs = columnObjects;
        const currentFilters = filters;
        return strict(ex, 'search.ResultSet', {
          columns: ex.realm.toRealm(colObjs),
          getRange: Object.assign(
            (range?: unknown) => {
              const r = opts(range, 'ResultSet.getRange');
              const start = r['start'];
              const end = r['end'];
              if (start === undefined || start === null) throw missingArg('ResultSet.getRange: options.start');
              if (end === undefined || end === null) throw missingArg('ResultSet.getRange: options.end');
              if (typeof start !== 'number' || typeof end !== 'number' || !Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) {
                throw sse('SSS_INVALID_SEARCH_RESULT_INDEX', 'Invalid search result index: start must be ≥ 0 and end ≥ start.');
              }
              if (end - start > 1000) {
                throw sse('SSS_SEARCH_RESULT_LIMIT_EXCEEDED', 'No more than 1000 search results may be requested at one time. Please narrow your range.');
              }
              ex.gov.charge('ResultSet.getRange');
              const { src, rows } = execute(type, currentFilters, cols);
              return ex.realm.toRealm(rows.slice(start, end).map((row) => makeResult(src, row, cols, colObjs)));
            },
            { promise: notImplemented(ex, 'ResultSet.getRange.promise') },
          ),
          each: Object.assign(
            (callback?: unknown) => {
              if (typeof callback !== 'function') throw missingArg('ResultSet.each: callback');
              ex.gov.charge('ResultSet.each');
              const { src, rows } = execute(type, currentFilters, cols);
              for (let i = 0; i < rows.length; i++) {
                if (i >= 4000) throw sse('SSS_SEARCH_FOR_EACH_LIMIT_EXCEEDED', 'No more than 4000 search results may be returned at one time from ResultSet.each.');
                const row = rows[i] as Row;
                if ((callback as (r: unknown) => unknown)(makeResult(src, row, cols, colObjs)) !== true) break;
              }
            },
            { promise: notImplemented(ex, 'ResultSet.each.promise') },
          ),
        });
      },
      runPaged: notImplemented(ex, 'search.Search.runPaged'),
      save: notImplemented(ex, 'search.Search.save'),
    };
    return strict(ex, 'search.Search', target);
  };

  const mod: Record<string, unknown> = {
    create(options?: unknown) {
      const o = opts(options, 'search.create');
      const type = reqString(o, 'type', 'search.create');
      typeCheck(type);
      const filters = o['filters'] ?? o['filterExpression'] ?? [];
      const columns = o['columns'] ?? [];
      return makeSearch(
        type,
        Array.isArray(filters) ? filters : [filters],
        Array.isArray(columns) ? columns : [columns],
        typeof o['title'] === 'string' ? o['title'] : undefined,
        typeof o['id'] === 'string' ? o['id'] : undefined,
      );
    },
    createColumn(options?: unknown) {
      const o = opts(options, 'search.createColumn');
      reqString(o, 'name', 'search.createColumn');
      return makeColumn(columnSpec(o));
    },
    createFilter(options?: unknown) {
      const o = opts(options, 'search.createFilter');
      const name = reqString(o, 'name', 'search.createFilter').toLowerCase();
      const operator = reqString(o, 'operator', 'search.createFilter').toLowerCase();
      const extra: { join?: string; formula?: string; summary?: string } = {};
      if (typeof o['join'] === 'string') extra.join = o['join'];
      if (typeof o['formula'] === 'string') extra.formula = o['formula'];
      if (typeof o['summary'] === 'string') extra.summary = o['summary'];
      return makeFilter(name, operator, flatValues(o['values']), extra);
    },
    lookupFields(options?: unknown) {
      const o = opts(options, 'search.lookupFields');
      const type = reqString(o, 'type', 'search.lookupFields');
      const idText = reqId(o, 'id', 'search.lookupFields');
      const rawColumns = o['columns'];
      if (rawColumns === undefined || rawColumns === null) throw missingArg('search.lookupFields: options.columns');
      const names = (Array.isArray(rawColumns) ? rawColumns : [rawColumns]).map((c) => {
        if (typeof c !== 'string') throw wrongType('options.columns', 'string or string[]');
        return c;
      });
      typeCheck(type);
      ex.gov.charge('N/search.lookupFields');
      const src = source(type);
      for (const n of names) {
        if (n.includes('.')) throw ex.fault('search.lookupFields with joined columns is not implemented');
        if (!src.fields.has(n.toLowerCase())) throw sse('SSS_INVALID_SRCH_COL', `An nlobjSearchColumn contains an invalid column, or is not in proper syntax: ${n}.`);
      }
      const row = /^\d+$/.test(idText) ? src.rows().find((r) => r.id === Number(idText)) : undefined;
      const out: Record<string, unknown> = {};
      if (row) {
        for (const n of names) {
          const f = src.fields.get(n.toLowerCase()) as FieldDef;
          if (f.type === 'SELECT' && f.id !== 'internalid') {
            const v = row.values[f.id];
            out[n] = typeof v === 'number' ? [{ value: String(v), text: src.text(f, row) ?? '' }] : [];
          } else {
            out[n] = src.value(f, row);
          }
        }
      }
      return ex.realm.toRealm(out);
    },
    Operator: Object.freeze(Object.fromEntries(OPERATORS.map((op) => [op, op.toLowerCase()]))),
    Summary: keyEnum(['GROUP', 'COUNT', 'SUM', 'AVG', 'MIN', 'MAX'] as const),
    Sort: keyEnum(['ASC', 'DESC', 'NONE'] as const),
    Type: strict(ex, 'N/search.Type', { CUSTOM_RECORD: 'customrecord', CUSTOM_LIST: 'customlist' }),
  };
  for (const name of ['create', 'lookupFields']) {
    Object.assign(mod[name] as object, { promise: notImplemented(ex, `N/search.${name}.promise`) });
  }
  stubs(ex, 'N/search', mod, ['load', 'delete', 'duplicates', 'global', 'createSetting']);
  return strict(ex, 'N/search', mod);
}

function compareValues(a: StoredValue, b: StoredValue): number {
  if (a === b) return 0;
  if (a === null || a === '') return -1;
  if (b === null || b === '') return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a ? 1 : -1;
  return String(a).toLowerCase().localeCompare(String(b).toLowerCase());
}

/** Formats a datetime the way search results show it (exported for tests and tools). */
export function searchDateTime(ms: number, prefs: PrefsLike): string {
  return formatDateTime(ms, prefs, false);
}
