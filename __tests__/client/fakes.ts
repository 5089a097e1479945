/**
 * Tiny local HTTP servers for the client tests: a fake token proxy, a fake NetSuite REST SuiteQL
 * endpoint with NetSuite's paging limits, and a recorder that keeps every request it sees.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Server {
  url: string;
  port: number;
  seen: Seen[];
  close(): Promise<void>;
}

export type Handler = (req: Seen, res: http.ServerResponse) => void;

/** Starts a server on 127.0.0.1 that records each request, then lets `handle` answer it. */
export async function serve(handle: Handler): Promise<Server> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(s);
      try {
        handle(s, res);
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** A fresh, well-formed API key (never a real one). */
export const newApiKey = (): string => `nsk_${randomBytes(32).toString('base64url')}`;

export const PROXY_PATH = '/app/site/hosting/scriptlet.nl';
export const proxyQuery = '?script=12&deploy=1&compid=1234567&ns-at=AAEJ7tMQ';

/** The proxy's success answer (DESIGN.md section 3). */
export function tokenBody(token: string, seconds = 3600) {
  return { access_token: token, token_type: 'Bearer', expires_at: new Date(Date.now() + seconds * 1000).toISOString(), expires_in: seconds };
}

/** NetSuite's REST error body (`o:errorDetails`), as documented in "Error Handling in REST Web Services". */
export function restError(status: number, code: string, detail: string) {
  return { type: 'https://www.rfc-editor.org/rfc/rfc9110.html', title: code, status, 'o:errorDetails': [{ detail, 'o:errorCode': code }] };
}

/**
 * NetSuite's SuiteQL paging rules, modelled from its documentation: at most 1000 rows per page
 * ("Collection Paging", section_156414087576) and at most 100,000 results through offsets
 * ("Executing SuiteQL Queries Through REST Web Services", section_157909186990). The wording of the
 * error is ours; the status and o:errorCode follow NetSuite's REST error shape.
 */
export const MAX_PAGE = 1000;
export const MAX_RESULTS = 100_000;

/**
 * A fake SuiteQL endpoint over `rows` rows `{ id: "<n>", name: "row <n>" }` (ids 1..rows, as strings,
 * as NetSuite's REST answers them). It understands the inner query `SELECT id, name FROM big` and the
 * key-paging wrapper `SELECT * FROM (<inner>) [WHERE id > <n>] ORDER BY id`; anything else is a 400.
 */
export function suiteqlHandler(rows: number, inner = 'SELECT id, name FROM big'): (req: Seen, res: http.ServerResponse) => boolean {
  const escaped = inner.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const keyed = new RegExp(`^SELECT \\* FROM \\(${escaped}\\)(?: WHERE id > (\\d+))? ORDER BY id$`);
  return (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (!url.pathname.endsWith('/query/v1/suiteql')) return false;
    const limit = Number(url.searchParams.get('limit') ?? 1000);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      json(res, 400, restError(400, 'INVALID_PARAMETER', `Invalid 'limit' parameter value: ${limit}. It must be from 1 to ${MAX_PAGE}.`));
      return true;
    }
    if (offset + limit > MAX_RESULTS) {
      json(res, 400, restError(400, 'INVALID_PARAMETER', `Invalid 'offset' parameter value: ${offset}. A query can return at most ${MAX_RESULTS} results.`));
      return true;
    }
    const q = (JSON.parse(req.body) as { q: string }).q;
    let from = 0;
    if (q !== inner) {
      const m = keyed.exec(q);
      if (!m) {
        json(res, 400, restError(400, 'INVALID_PARAMETER', 'Invalid search query.'));
        return true;
      }
      from = m[1] === undefined ? 0 : Number(m[1]);
    }
    // ids are 1..rows: the rows after `from`, then the page at offset
    const start = from + offset;
    const count = Math.max(0, Math.min(limit, rows - start));
    const items = Array.from({ length: count }, (_, i) => ({ links: [], id: String(start + i + 1), name: `row ${start + i + 1}` }));
    const total = Math.min(rows - from, MAX_RESULTS);
    json(res, 200, { links: [], count, hasMore: start + count < rows, items, offset, totalResults: total });
    return true;
  };
}
