/**
 * A small element tree over fast-xml-parser, with the line of every element, for reading and
 * checking SDF object XML. Text is kept as written (entities decoded, surrounding white space
 * trimmed); attributes and values are never converted to numbers or booleans.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (concatenated text nodes), trimmed. */
  text: string;
  /** 1-based line of the element's start tag. */
  line: number;
}

export type XmlParseResult =
  | { ok: true; root: XmlElement }
  | { ok: false; line: number; column: number; message: string };

type OrderedNode = Record<string, unknown>;

const ATTRS = ':@';
const TEXT = '#text';
const COMMENT = '#comment';

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Parses one XML document; a syntax error comes back with its line and column, never thrown. */
export function parseXml(text: string): XmlParseResult {
  const checked = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (checked !== true) {
    return { ok: false, line: checked.err.line, column: checked.err.col, message: checked.err.msg };
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    commentPropName: COMMENT,
    ignoreDeclaration: true,
    ignorePiTags: true,
    captureMetaData: true,
    processEntities: true,
  });
  const meta = XMLParser.getMetaDataSymbol() as unknown as symbol;
  const starts = lineStarts(text);
  const nodes = parser.parse(text) as OrderedNode[];

  const convert = (node: OrderedNode): XmlElement | undefined => {
    const name = Object.keys(node).find((k) => k !== ATTRS);
    if (name === undefined || name === TEXT || name === COMMENT || name.startsWith('?')) return undefined;
    const rawAttrs = (node[ATTRS] ?? {}) as Record<string, unknown>;
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(rawAttrs)) attrs[k] = String(v);
    const childNodes = (node[name] ?? []) as OrderedNode[];
    const children: XmlElement[] = [];
    const texts: string[] = [];
    for (const child of childNodes) {
      if (TEXT in child) texts.push(String(child[TEXT]));
      else {
        const el = convert(child);
        if (el) children.push(el);
      }
    }
    const info = (node as Record<symbol, { startIndex?: number } | undefined>)[meta];
    const line = info?.startIndex === undefined ? 1 : lineOf(starts, info.startIndex);
    return { name, attrs, children, text: texts.join('').trim(), line };
  };

  const roots = nodes.map(convert).filter((e): e is XmlElement => e !== undefined);
  const root = roots[0];
  if (!root) return { ok: false, line: 1, column: 1, message: 'the file has no root element' };
  if (roots.length > 1) {
    const extra = roots[1] as XmlElement;
    return { ok: false, line: extra.line, column: 1, message: `more than one root element (<${extra.name}>)` };
  }
  return { ok: true, root };
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** The trimmed text of a direct child, or undefined when the child is absent. */
export function childText(el: XmlElement | undefined, name: string): string | undefined {
  return child(el, name)?.text;
}

/** Items of a wrapper list, e.g. listItems(record, 'customrecordcustomfields', 'customrecordcustomfield'). */
export function listItems(el: XmlElement | undefined, wrapper: string, item: string): XmlElement[] {
  return childrenNamed(child(el, wrapper), item);
}

/** Every element of the tree, depth first, with its ancestors' names. */
export function* walk(el: XmlElement, ancestors: string[] = []): Generator<{ el: XmlElement; ancestors: string[] }> {
  yield { el, ancestors };
  for (const c of el.children) yield* walk(c, [...ancestors, el.name]);
}
