/** OAuth 2.0 scopes NetSuite grants to client-credentials tokens. */
import { ConfigError } from './errors';

export const SCOPES = ['restlets', 'rest_webservices', 'suite_analytics'] as const;
export type Scope = (typeof SCOPES)[number];
export const DEFAULT_SCOPE: readonly Scope[] = ['rest_webservices'];

/** Parses a comma-separated scope list (spaces also separate). Empty means the default. */
export function parseScope(value: unknown, parameter = 'scope'): Scope[] {
  const text = value == null ? '' : String(value);
  const parts = text
    .split(/[\s,]+/)
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p !== '');
  if (parts.length === 0) return [...DEFAULT_SCOPE];
  const out: Scope[] = [];
  for (const part of parts) {
    if (!(SCOPES as readonly string[]).includes(part)) {
      const shown = part.length > 40 ? `${part.slice(0, 40)}…` : part;
      throw new ConfigError(parameter, `"${shown}" is not a NetSuite scope; use a comma-separated list of ${SCOPES.join(', ')}.`);
    }
    if (!out.includes(part as Scope)) out.push(part as Scope);
  }
  return out;
}
