/**
 * The fixed names of the product (DESIGN.md section 3): what administrators type into their account
 * and what external systems call. Every script, adapter, SDF check and Node tool imports them from
 * here, so a name exists once.
 */

export const FOLDER = '/SuiteScripts/OAuth';

export const SCRIPTS = {
  refresher: {
    scriptId: 'customscript_oauth_token_refresher',
    deploymentId: 'customdeploy_oauth_token_refresher',
    file: 'oauth_token_refresher.js',
    type: 'ScheduledScript',
  },
  proxy: {
    scriptId: 'customscript_oauth_token_proxy',
    deploymentId: 'customdeploy_oauth_token_proxy',
    file: 'oauth_token_proxy.js',
    type: 'Suitelet',
  },
  keyAdmin: {
    scriptId: 'customscript_oauth_key_admin',
    deploymentId: 'customdeploy_oauth_key_admin',
    file: 'oauth_key_admin.js',
    type: 'Suitelet',
  },
} as const;

export const STATUS_LIST = {
  scriptId: 'customlist_oauth_token_status',
  values: {
    active: { scriptId: 'val_active', name: 'Active' },
    error: { scriptId: 'val_error', name: 'Error' },
    expired: { scriptId: 'val_expired', name: 'Expired' },
  },
} as const;

export type TokenStatus = keyof typeof STATUS_LIST.values;

export const TOKEN_RECORD = {
  type: 'customrecord_oauth_token',
  fields: {
    token: 'custrecord_oauth_token',
    expires: 'custrecord_oauth_expires',
    updated: 'custrecord_oauth_updated',
    status: 'custrecord_oauth_status',
    lastError: 'custrecord_oauth_last_error',
  },
} as const;

export const CLIENT_RECORD = {
  type: 'customrecord_oauth_api_client',
  fields: {
    name: 'name',
    inactive: 'isinactive',
    keyHash: 'custrecord_oauth_client_key_hash',
    /** Not in DESIGN.md's table: the key's first characters, so administrators can tell keys apart. */
    keyPrefix: 'custrecord_oauth_client_key_prefix',
    allowedIps: 'custrecord_oauth_client_allowed_ips',
    expires: 'custrecord_oauth_client_expires',
    lastUsed: 'custrecord_oauth_client_last_used',
  },
} as const;

/** Refresher script parameters (DESIGN.md section 3). */
export const REFRESHER_PARAMS = {
  accountId: 'custscript_oauth_account_id',
  clientId: 'custscript_oauth_client_id',
  certificateId: 'custscript_oauth_certificate_id',
  privateKeyFile: 'custscript_oauth_private_key_file',
  signingCertificate: 'custscript_oauth_signing_certificate',
  algorithm: 'custscript_oauth_algorithm',
  scope: 'custscript_oauth_scope',
  refreshMargin: 'custscript_oauth_refresh_margin',
  alertEmail: 'custscript_oauth_alert_email',
} as const;

/** Proxy Suitelet parameters (not fixed by DESIGN.md; optional, with defaults). */
export const PROXY_PARAMS = {
  minValidity: 'custscript_oauth_proxy_min_validity',
  maxFailures: 'custscript_oauth_proxy_max_failures',
} as const;

/** The header an external system sends its API key in (matched in any letter case). */
export const API_KEY_HEADER = 'x-api-key';

/** Names of the N/cache caches shared by the refresher and the proxy. */
export const CACHE = {
  name: 'oauth_token_proxy',
  tokenKey: 'token',
} as const;
