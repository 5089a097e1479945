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
    /** Not Scheduled: queued at once by task.submit (the proxy and the admin page's "refresh now"). */
    onDemandDeploymentId: 'customdeploy_oauth_token_refresher_now',
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
  /** Not in DESIGN.md's table: drops the refresher's cached view of the profiles when a profile record changes. */
  recordEvents: {
    scriptId: 'customscript_oauth_record_events',
    deploymentId: 'customdeploy_oauth_profile_events',
    file: 'oauth_record_events.js',
    type: 'UserEventScript',
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
    /** SELECT of customrecord_oauth_profile; empty = the default profile (script parameters). */
    profile: 'custrecord_oauth_token_profile',
  },
} as const;

/** Token profiles (DESIGN.md section 3): one M2M mapping (integration + certificate = role + entity) each. */
export const PROFILE_RECORD = {
  type: 'customrecord_oauth_profile',
  fields: {
    name: 'name',
    inactive: 'isinactive',
    clientId: 'custrecord_oauth_profile_client_id',
    certificateId: 'custrecord_oauth_profile_cert_id',
    keyFile: 'custrecord_oauth_profile_key_file',
    signingCertificate: 'custrecord_oauth_profile_signing_cert',
    algorithm: 'custrecord_oauth_profile_algorithm',
    scope: 'custrecord_oauth_profile_scope',
  },
} as const;

/** The key of the default profile in caches and code; other profiles are keyed by their record's internal id. */
export const DEFAULT_PROFILE_KEY = 'default';

/** How the default profile (the refresher's script parameters) is named on pages, logs and alerts. */
export const DEFAULT_PROFILE_NAME = 'Default';

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
    /** SELECT of customrecord_oauth_profile; empty = the default profile. */
    profile: 'custrecord_oauth_client_profile',
    /** Not in DESIGN.md's table: tokens issued (durable audit that does not depend on the script log). */
    useCount: 'custrecord_oauth_client_use_count',
    /** Not in DESIGN.md's table: the address of the last successful call. */
    lastAddress: 'custrecord_oauth_client_last_ip',
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
  /** PRIVATE scope: each script's own entries (the proxy's token copies and counters). */
  privateName: 'oauth_token_proxy_private',
  /** PROTECTED scope: hints shared by this project's scripts (clients, refresher state); no secrets. */
  protectedName: 'oauth_token_proxy_shared',
} as const;
