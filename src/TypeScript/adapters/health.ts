/**
 * The health panel's facts: each profile's token record (status, expiry, last successful refresh,
 * last error), read with one search. Dates stay the search's text, which NetSuite writes in the
 * administrator's own date format, time format and time zone; they are parsed (N/format, never
 * `new Date(text)`) only to tell whether a token has expired. The token itself is never read here.
 */
import * as format from 'N/format';
import * as search from 'N/search';
import { DEFAULT_PROFILE_KEY, type TokenFacts } from '../core/adminPage';
import { TOKEN_RECORD } from '../core/names';

const F = TOKEN_RECORD.fields;

export interface TokenHealth extends TokenFacts {
  /** `default` or the profile record's internal id. */
  profileKey: string;
  expiresText: string;
  updatedText: string;
}

/** Search datetime text (the user's format and time zone) as an instant, or null when unreadable (fail closed). */
export function instantOf(text: string): number | null {
  if (text.trim() === '') return null;
  for (const type of [format.Type.DATETIME, format.Type.DATETIMETZ]) {
    try {
      const d = format.parse({ value: text, type }) as unknown;
      if (d && typeof d === 'object' && typeof (d as Date).getTime === 'function') {
        const ms = (d as Date).getTime();
        if (!Number.isNaN(ms)) return ms;
      }
    } catch {
      /* try the next type */
    }
  }
  return null;
}

/** Token facts by profile key (search: 10 units). The newest record wins if a profile has several. */
export function readTokenHealth(): Map<string, TokenHealth> {
  const out = new Map<string, TokenHealth>();
  search
    .create({
      type: TOKEN_RECORD.type,
      filters: [['isinactive', 'is', 'F']],
      columns: [search.createColumn({ name: 'internalid', sort: search.Sort.ASC }), F.profile, F.status, F.expires, F.updated, F.lastError],
    })
    .run()
    .each((r) => {
      const profile = String(r.getValue({ name: F.profile }) ?? '');
      const expiresText = String(r.getValue({ name: F.expires }) ?? '');
      // The lowest id per profile, as the refresher and the proxy use it.
      if (out.has(profile === '' ? DEFAULT_PROFILE_KEY : profile)) return out.size < 1000;
      out.set(profile === '' ? DEFAULT_PROFILE_KEY : profile, {
        profileKey: profile === '' ? DEFAULT_PROFILE_KEY : profile,
        exists: true,
        status: String(r.getText({ name: F.status }) ?? ''),
        expiresMs: instantOf(expiresText),
        expiresText,
        updatedText: String(r.getValue({ name: F.updated }) ?? ''),
        lastError: String(r.getValue({ name: F.lastError }) ?? ''),
      });
      return out.size < 1000;
    });
  return out;
}
