/**
 * HTML text for the admin page. NetSuite inserts page messages, sublist cell values and INLINEHTML
 * fields into the page as HTML, unescaped; anything an administrator (or an attacker who reached a
 * record by another path) typed must therefore be escaped before it goes there (issue 10, item 5).
 */

/** Escapes text for use in HTML content and in quoted attribute values. */
export function escapeHtml(value: unknown): string {
  const text = value == null ? '' : String(value);
  return text.replace(/[&<>"'`=]/g, (c) => ENTITIES[c] as string);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;', '=': '&#61;' };

/** A link; `href` must be a URL this page built (escaped here as an attribute), `text` is plain text. */
export function link(href: string, text: string, opts: { className?: string; id?: string } = {}): string {
  const cls = opts.className ? ` class="${escapeHtml(opts.className)}"` : '';
  const id = opts.id ? ` id="${escapeHtml(opts.id)}"` : '';
  return `<a href="${escapeHtml(href)}"${cls}${id}>${escapeHtml(text)}</a>`;
}

/** Plain text, shortened to `max` characters (an ellipsis marks the cut), then escaped. */
export function shortText(value: unknown, max: number): string {
  const text = value == null ? '' : String(value);
  return escapeHtml(text.length > max ? `${text.slice(0, max - 1)}…` : text);
}
