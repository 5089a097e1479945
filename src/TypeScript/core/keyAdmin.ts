/**
 * Rules of the key admin page, shared with the command-line tools: what a valid new client looks
 * like, and the fields the API client record gets for a key.
 */
import { parseAllowList } from './ipAllowList';

export const CLIENT_NAME_MAX = 100;

export interface NewClientInput {
  name: string;
  allowedIps: string;
  expiresAt: Date | null;
}

/** Problems with the administrator's input, each naming the field; empty when it can be saved. */
export function validateNewClient(input: NewClientInput, nowMs: number): string[] {
  const problems: string[] = [];
  const name = input.name.trim();
  if (name === '') problems.push('Name: required, e.g. the external system that will use the key.');
  else if (name.length > CLIENT_NAME_MAX || /[\x00-\x1f\x7f]/.test(name)) problems.push(`Name: at most ${CLIENT_NAME_MAX} characters, no control characters.`);
  problems.push(...validateAllowedIps(input.allowedIps));
  if (input.expiresAt && input.expiresAt.getTime() <= nowMs) problems.push('Expires: must be in the future (or empty for no expiry).');
  return problems;
}

export function validateAllowedIps(text: string): string[] {
  const list = parseAllowList(text);
  return list.invalid.length > 0
    ? [`Allowed IP addresses: ${list.invalid.join(', ')} ${list.invalid.length === 1 ? 'is not an' : 'are not'} IPv4/IPv6 address or CIDR range.`]
    : [];
}

/** Allowed addresses normalised to one entry per line (what the record stores). */
export function normalizeAllowedIps(text: string): string {
  return parseAllowList(text)
    .ranges.map((r) => r.text)
    .join('\n');
}
