/**
 * NetSuite account ids and the URLs derived from them. The account id becomes a host name, so it is
 * validated strictly: a crafted value must never send the signed assertion to another host.
 */
import { ConfigError } from './errors';

/** Digits first, then letters/digits, underscore-separated parts (1234567, 1234567_SB1, 1234567_RP). */
const ACCOUNT_ID = /^[0-9][0-9A-Za-z]*(?:_[0-9A-Za-z]+)*$/;

export function parseAccountId(value: unknown, parameter = 'account id'): string {
  const text = value == null ? '' : String(value).trim();
  if (text === '') throw new ConfigError(parameter, 'required: the NetSuite account id, e.g. 1234567 or 1234567_SB1 (Setup > Company > Company Information).');
  if (text.length > 40 || !ACCOUNT_ID.test(text)) {
    throw new ConfigError(
      parameter,
      'is not a NetSuite account id: expected digits first, then letters, digits and single underscores, e.g. 1234567 or 1234567_SB1.',
    );
  }
  return text;
}

/** `1234567_SB1` -> `1234567-sb1` (the host label NetSuite uses). */
export function accountHost(accountId: string): string {
  return parseAccountId(accountId).toLowerCase().replace(/_/g, '-');
}

export function tokenEndpointUrl(accountId: string): string {
  return `https://${accountHost(accountId)}.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token`;
}

export function restBaseUrl(accountId: string): string {
  return `https://${accountHost(accountId)}.suitetalk.api.netsuite.com/services/rest`;
}
