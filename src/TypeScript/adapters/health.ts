/**
 * The health panel's facts: each profile's token record (status, expiry, last successful refresh,
 * last error), read with one search. Dates stay the search's text, which NetSuite writes in the
 * administrator's own date format, time format and time zone; they are parsed (N/format, never
 * `new Date(text)`) only to tell whether a token has expired. The token itself is never read here.
 */
import * as search from 'N/search';
import { DEFAULT_PROFILE_KEY, type TokenFacts } from '../core/adminPage';
import { TOKEN_RECORD } from '../core/names';
import { expiryMs } from './values';

const F = TOKEN_RECORD.fields;

export interface TokenHealth extends TokenFacts {
  /** `default` or the profile record's internal id. */
  profileKey: string;
  expiresText: string;
  updatedText: string;
}

/** Token facts by profile key (search: 10 units). The lowest id wins if a profile has several, as for the proxy. */
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
        // An expiry that cannot be read reads as passed (fail closed), like the proxy reads it.
        expiresMs: expiryMs(expiresText),
        expiresText,
        updatedText: String(r.getValue({ name: F.updated }) ?? ''),
        lastError: String(r.getValue({ name: F.lastError }) ?? ''),
      });
      return out.size < 1000;
    });
  return out;
}
