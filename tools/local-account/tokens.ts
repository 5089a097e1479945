/**
 * Access tokens of the local account: the fake endpoint verifies its own tokens offline
 * (`verifyAccessToken`), but its signing key lives only as long as the process. So that a token
 * issued before a restart (e.g. the one stored on the token record) keeps working until it expires,
 * as it would in NetSuite, the local account also remembers the SHA-256 of every token it issued and
 * its expiry (never the token itself) and persists that list.
 */
import { createHash } from 'node:crypto';
import type { TokenEndpoint, TokenResponse } from '../fake-netsuite';
import type { BearerCheck } from './rest';
import type { IssuedTokenEntry } from './state';

const MAX_ENTRIES = 5_000;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export class IssuedTokens {
  private readonly entries = new Map<string, IssuedTokenEntry>();

  constructor(
    private readonly now: () => number,
    initial: readonly IssuedTokenEntry[] = [],
  ) {
    for (const e of initial) if (typeof e?.sha256 === 'string' && Number.isFinite(e.expiresAt)) this.entries.set(e.sha256, { ...e, scopes: [...e.scopes] });
  }

  add(entry: IssuedTokenEntry): void {
    this.entries.set(entry.sha256, entry);
    if (this.entries.size > MAX_ENTRIES) this.prune();
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }

  get(token: string): IssuedTokenEntry | undefined {
    return this.entries.get(sha256Hex(token));
  }

  prune(): void {
    const now = this.now();
    for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
  }

  toJSON(): IssuedTokenEntry[] {
    this.prune();
    return [...this.entries.values()].map((e) => ({ ...e, scopes: [...e.scopes] }));
  }
}

/** Makes the endpoint note every token it issues (both handlers: in-account N/https and HTTP). */
export function recordIssuedTokens(endpoint: TokenEndpoint, issued: IssuedTokens): void {
  const note = (res: TokenResponse): TokenResponse => {
    if (res.code === 200) {
      try {
        const token = (JSON.parse(res.body) as { access_token?: unknown }).access_token;
        if (typeof token === 'string') {
          const v = endpoint.verifyAccessToken(token);
          if (v.ok) issued.add({ sha256: sha256Hex(token), clientId: v.clientId, scopes: [...v.scopes], expiresAt: v.expiresAt, role: v.role });
        }
      } catch {
        /* a fault answer, not a token */
      }
    }
    return res;
  };
  const handle = endpoint.handle.bind(endpoint);
  const handleAsync = endpoint.handleAsync.bind(endpoint);
  endpoint.handle = (req) => note(handle(req));
  endpoint.handleAsync = async (req) => note(await handleAsync(req));
}

/** Checks a bearer token the way NetSuite's REST web services do (issued here, not expired); hands back its role. */
export function bearerChecker(endpoint: TokenEndpoint, issued: IssuedTokens, now: () => number): (token: string) => BearerCheck {
  return (token) => {
    const v = endpoint.verifyAccessToken(token);
    if (v.ok) return { ok: true, clientId: v.clientId, scopes: v.scopes, role: v.role };
    if (v.reason === 'expired') return { ok: false, reason: 'the access token has expired' };
    const known = issued.get(token);
    if (known) {
      if (now() >= known.expiresAt) return { ok: false, reason: 'the access token has expired' };
      return { ok: true, clientId: known.clientId, scopes: known.scopes, role: known.role };
    }
    return { ok: false, reason: `the access token was not issued by this account (${v.reason})` };
  };
}
