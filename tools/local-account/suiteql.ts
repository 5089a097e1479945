/**
 * A SuiteQL parser only as big as the local account needs: queries on `customer`.
 *
 *   SELECT * | col [, col ...] FROM customer
 *     [WHERE cond]        cond: col (= | != | <> | < | <= | > | >=) value | col [NOT] LIKE 'pattern'
 *                               | col IS [NOT] NULL | (cond) | cond AND cond | cond OR cond
 *     [ORDER BY col [ASC | DESC] [, ...]]
 *
 * Keywords and column names are case-insensitive; values are numbers or 'strings' ('' escapes a
 * quote). `=` compares text exactly, LIKE ignores letter case (`%` any text, `_` one character).
 * Anything else is refused with a SuiteQLError naming what is not supported, which the REST layer
 * answers as NetSuite does (400, INVALID_PARAMETER).
 */
import { CUSTOMER_COLUMNS, type CustomerColumn, columnValue, type SampleCustomer } from './customers';

export class SuiteQLError extends Error {
  override readonly name = 'SuiteQLError';
}

type Token =
  | { kind: 'word'; text: string; upper: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'symbol'; text: string };

type Value = number | string;
type Cond =
  | { kind: 'cmp'; column: CustomerColumn; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: Value }
  | { kind: 'like'; column: CustomerColumn; pattern: RegExp; negate: boolean }
  | { kind: 'null'; column: CustomerColumn; negate: boolean }
  | { kind: 'and' | 'or'; left: Cond; right: Cond };

export interface ParsedQuery {
  columns: CustomerColumn[];
  where: Cond | null;
  orderBy: { column: CustomerColumn; descending: boolean }[];
}

const MAX_QUERY_LENGTH = 10_000;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'word', text: m[0], upper: m[0].toUpperCase() });
      i += m[0].length;
    } else if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'number', value: Number(m[0]), text: m[0] });
      i += m[0].length;
    } else if (ch === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new SuiteQLError('a string literal is not closed (missing \').');
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      tokens.push({ kind: 'string', value });
      i = j + 1;
    } else {
      const two = text.slice(i, i + 2);
      if (two === '<=' || two === '>=' || two === '<>' || two === '!=') {
        tokens.push({ kind: 'symbol', text: two });
        i += 2;
      } else if ('*,()=<>;'.includes(ch)) {
        tokens.push({ kind: 'symbol', text: ch });
        i++;
      } else if (ch === '"') {
        throw new SuiteQLError('double quotes are not supported here: write string values in single quotes.');
      } else {
        throw new SuiteQLError(`unexpected character ${JSON.stringify(ch)}.`);
      }
    }
  }
  return tokens;
}

function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (const ch of pattern) {
    if (ch === '%') source += '[\\s\\S]*';
    else if (ch === '_') source += '[\\s\\S]';
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private describe(t: Token | undefined): string {
    if (!t) return 'the end of the query';
    if (t.kind === 'word') return `"${t.text}"`;
    if (t.kind === 'number') return t.text;
    if (t.kind === 'string') return `'${t.value}'`;
    return `"${t.text}"`;
  }

  private isWord(upper: string): boolean {
    const t = this.peek();
    return t?.kind === 'word' && t.upper === upper;
  }

  private isSymbol(text: string): boolean {
    const t = this.peek();
    return t?.kind === 'symbol' && t.text === text;
  }

  private expectWord(upper: string, context: string): void {
    if (!this.isWord(upper)) throw new SuiteQLError(`expected ${upper} ${context}, found ${this.describe(this.peek())}.`);
    this.i++;
  }

  private column(context: string): CustomerColumn {
    const t = this.peek();
    if (t?.kind !== 'word') throw new SuiteQLError(`expected a column name ${context}, found ${this.describe(t)}.`);
    // `customer.id` or `c.id`: the table (or alias) prefix is checked by the FROM clause.
    const name = t.text.toLowerCase().replace(/^[a-z_][a-z0-9_]*\./, '');
    if (!(CUSTOMER_COLUMNS as readonly string[]).includes(name)) {
      const next = this.tokens[this.i + 1];
      if (next?.kind === 'symbol' && next.text === '(') {
        throw new SuiteQLError(`functions such as ${t.text.toUpperCase()}() are not supported by the local account.`);
      }
      throw new SuiteQLError(`unknown column "${t.text}" of customer; the local account has ${CUSTOMER_COLUMNS.join(', ')}.`);
    }
    this.i++;
    return name as CustomerColumn;
  }

  parse(): ParsedQuery {
    this.expectWord('SELECT', 'at the start');
    if (this.isWord('DISTINCT') || this.isWord('TOP')) throw new SuiteQLError(`${(this.peek() as { text: string }).text.toUpperCase()} is not supported by the local account.`);
    let columns: CustomerColumn[];
    if (this.isSymbol('*')) {
      this.i++;
      columns = [...CUSTOMER_COLUMNS];
    } else {
      columns = [this.column('after SELECT')];
      while (this.isSymbol(',')) {
        this.i++;
        columns.push(this.column('after ","'));
      }
      if (this.isWord('AS') || (this.peek()?.kind === 'word' && !this.isWord('FROM'))) {
        throw new SuiteQLError('column aliases are not supported by the local account.');
      }
    }
    this.expectWord('FROM', 'after the column list');
    const table = this.peek();
    if (table?.kind !== 'word') throw new SuiteQLError(`expected a table name after FROM, found ${this.describe(table)}.`);
    if (table.text.toLowerCase() !== 'customer') {
      throw new SuiteQLError(`the local account has no data for "${table.text}"; it answers queries on customer only.`);
    }
    this.i++;
    if (this.peek()?.kind === 'word' && !this.isWord('WHERE') && !this.isWord('ORDER')) {
      const w = (this.peek() as { upper: string }).upper;
      if (['JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'GROUP', 'HAVING', 'UNION', 'FETCH', 'OFFSET', 'LIMIT'].includes(w)) {
        throw new SuiteQLError(`${w} is not supported by the local account.`);
      }
      throw new SuiteQLError('table aliases are not supported by the local account.');
    }
    let where: Cond | null = null;
    if (this.isWord('WHERE')) {
      this.i++;
      where = this.orCond();
    }
    const orderBy: ParsedQuery['orderBy'] = [];
    if (this.isWord('ORDER')) {
      this.i++;
      this.expectWord('BY', 'after ORDER');
      do {
        if (orderBy.length > 0) this.i++;
        const column = this.column('after ORDER BY');
        let descending = false;
        if (this.isWord('ASC')) this.i++;
        else if (this.isWord('DESC')) {
          this.i++;
          descending = true;
        }
        orderBy.push({ column, descending });
      } while (this.isSymbol(','));
    }
    if (this.isSymbol(';')) this.i++;
    const rest = this.peek();
    if (rest) {
      const what = rest.kind === 'word' ? rest.upper : this.describe(rest);
      throw new SuiteQLError(`${what} is not supported here by the local account (it understands SELECT … FROM customer [WHERE …] [ORDER BY …]).`);
    }
    return { columns, where, orderBy };
  }

  private orCond(): Cond {
    let left = this.andCond();
    while (this.isWord('OR')) {
      this.i++;
      left = { kind: 'or', left, right: this.andCond() };
    }
    return left;
  }

  private andCond(): Cond {
    let left = this.term();
    while (this.isWord('AND')) {
      this.i++;
      left = { kind: 'and', left, right: this.term() };
    }
    return left;
  }

  private value(context: string): Value {
    const t = this.peek();
    if (t?.kind === 'number') {
      this.i++;
      return t.value;
    }
    if (t?.kind === 'string') {
      this.i++;
      return t.value;
    }
    throw new SuiteQLError(`expected a number or a 'string' ${context}, found ${this.describe(t)}.`);
  }

  private term(): Cond {
    if (this.isSymbol('(')) {
      this.i++;
      const inner = this.orCond();
      if (!this.isSymbol(')')) throw new SuiteQLError(`expected ")", found ${this.describe(this.peek())}.`);
      this.i++;
      return inner;
    }
    const column = this.column('in WHERE');
    if (this.isWord('IS')) {
      this.i++;
      let negate = false;
      if (this.isWord('NOT')) {
        this.i++;
        negate = true;
      }
      this.expectWord('NULL', 'after IS');
      return { kind: 'null', column, negate };
    }
    let negate = false;
    if (this.isWord('NOT')) {
      this.i++;
      negate = true;
      if (!this.isWord('LIKE')) throw new SuiteQLError(`NOT ${this.describe(this.peek())} is not supported by the local account (only NOT LIKE).`);
    }
    if (this.isWord('LIKE')) {
      this.i++;
      const v = this.value('after LIKE');
      return { kind: 'like', column, pattern: likeToRegExp(String(v)), negate };
    }
    const op = this.peek();
    if (op?.kind === 'symbol' && ['=', '!=', '<>', '<', '<=', '>', '>='].includes(op.text)) {
      this.i++;
      const value = this.value(`after ${op.text}`);
      const normalized = (op.text === '<>' ? '!=' : op.text) as Extract<Cond, { kind: 'cmp' }>['op'];
      return { kind: 'cmp', column, op: normalized, value };
    }
    if (op?.kind === 'word' && ['IN', 'BETWEEN'].includes(op.upper)) throw new SuiteQLError(`${op.upper} is not supported by the local account.`);
    throw new SuiteQLError(`expected a comparison (=, !=, <, >, LIKE, IS NULL) after ${column}, found ${this.describe(op)}.`);
  }
}

/** Parses a query; throws SuiteQLError naming what the local account cannot answer. */
export function parseSuiteQL(query: unknown): ParsedQuery {
  if (typeof query !== 'string' || query.trim() === '') throw new SuiteQLError('the query is empty: send {"q": "SELECT … FROM customer"}.');
  if (query.length > MAX_QUERY_LENGTH) throw new SuiteQLError(`the query is longer than ${MAX_QUERY_LENGTH} characters.`);
  return new Parser(tokenize(query)).parse();
}

function compare(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function matches(c: SampleCustomer, cond: Cond): boolean {
  switch (cond.kind) {
    case 'and':
      return matches(c, cond.left) && matches(c, cond.right);
    case 'or':
      return matches(c, cond.left) || matches(c, cond.right);
    case 'null': {
      const isNull = columnValue(c, cond.column) === null;
      return cond.negate ? !isNull : isNull;
    }
    case 'like': {
      const v = columnValue(c, cond.column);
      if (v === null) return false;
      const hit = cond.pattern.test(String(v));
      return cond.negate ? !hit : hit;
    }
    case 'cmp': {
      let v = columnValue(c, cond.column);
      if (v === null) return false;
      let target = cond.value;
      if (typeof v === 'number' && typeof target === 'string') {
        if (!/^-?[0-9]+$/.test(target.trim())) return false;
        target = Number(target);
      } else if (typeof v === 'string' && typeof target === 'number') {
        v = v.trim();
        target = String(target);
      }
      const d = compare(v, target);
      switch (cond.op) {
        case '=':
          return d === 0;
        case '!=':
          return d !== 0;
        case '<':
          return d < 0;
        case '<=':
          return d <= 0;
        case '>':
          return d > 0;
        case '>=':
          return d >= 0;
      }
    }
  }
}

/** Runs a parsed query: the matching customers, ordered (by `id` when no ORDER BY is given). */
export function runSuiteQL(q: ParsedQuery, data: readonly SampleCustomer[]): SampleCustomer[] {
  const rows = data.filter((c) => (q.where ? matches(c, q.where) : true));
  const order = q.orderBy.length > 0 ? q.orderBy : [{ column: 'id' as const, descending: false }];
  return rows.sort((a, b) => {
    for (const o of order) {
      const x = columnValue(a, o.column);
      const y = columnValue(b, o.column);
      // NULLs last ascending, first descending (Oracle's default).
      const d = x === null && y === null ? 0 : x === null ? 1 : y === null ? -1 : compare(x, y);
      if (d !== 0) return o.descending ? -d : d;
    }
    return a.id - b.id;
  });
}
