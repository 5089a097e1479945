/**
 * An in-memory NetSuite SuiteScript 2.1 runtime for Node: loads built AMD SuiteScript files from a (mounted) File
 * Cabinet and runs them against in-memory `N/*` modules that behave like NetSuite for what this project uses — with
 * governance, NetSuite's errors, and loud failures for anything not implemented.
 *
 * @example
 * ```ts
 * const account = createAccount({ now: () => clock });
 * account.mount('/SuiteScripts/OAuth', 'src/FileCabinet/SuiteScripts/OAuth');
 * account.defineObjects(sdfObjects);
 * account.https.route((u) => u.hostname.endsWith('.suitetalk.api.netsuite.com'), (req) => ({ code: 200, body: '{...}' }));
 * const run = account.runScheduled({ deploymentId: 'customdeploy_oauth_token_refresher' });
 * const answer = account.runSuitelet({ deploymentId: 'customdeploy_oauth_token_proxy', headers: { 'X-API-Key': key } });
 * ```
 */
export { Account, createAccount, DEFAULT_LOG_LINES_PER_SCRIPT_HOUR, LOG_CALLS_PER_ACCOUNT_HOUR, UI_ADMIN } from './account';
export type { UserEventType } from './userEvents';
export type { RecordSnapshot, RecordValues } from './account';
export { NetworkFault, RuntimeFault, SuiteScriptError, NETWORK_FAULT_MESSAGES } from './errors';
export type { SuiteScriptErrorJSON } from './errors';
export { UNIT_COSTS, USAGE_LIMITS } from './governance';
export { FORBIDDEN_GLOBALS } from './realm';
export { parseScriptHeader } from './loader';
export type { ScriptHeader } from './loader';
export type { CabinetFile } from './filecabinet';
export type { ListValue } from './datastore';
export type { RouteHandler, RouteMatcher } from './stores';
export { DATE_FORMATS, DEFAULT_PREFERENCES, PREFERENCE_SETS, TIME_FORMATS } from './dates';
export type { DateFormat, DatePreferences, TimeFormat } from './dates';
export { CACHE_LIMITS, CACHE_MIN_TTL_SECONDS } from './stores';
export type { CacheIdentity, CacheScope, ForeignCache } from './stores';
export type { PageButton, PageField, PageMessage, PageModel, PageSublist } from './modules/serverWidget';
export type * from './types';
