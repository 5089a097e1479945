/**
 * Suitelet customscript_oauth_token_proxy (available without login): hands each caller presenting a
 * valid API key in X-API-Key the access token of its own token profile. Wiring only: the rules are
 * in core/proxyService.ts. Nothing escapes onRequest; every answer is JSON with Cache-Control:
 * no-store. This module graph must never include jsrsasign or a signer (the build checks it).
 *
 * Every byte loaded is paid on every external call, so this file holds what calls of a known client
 * need (its cache entry with the token copy, the 5-second re-check, the minute's token re-read, the
 * use record); what only a first contact or a failure needs is in lib/proxy_slow.js, loaded with the
 * module's own AMD require (SuiteScript 2.1 server scripts run the callback before require returns).
 */
import * as log from 'N/log';
import type { EntryPoints } from 'N/types';
import amdRequire from 'require';
import { failure, handleProxyRequest, type ProxyBody } from '../core/proxyService';
import { parseProxySettings } from '../core/proxySettings';
import { auditDetails } from '../core/audit';
import { lookupClient, recordClientUse } from '../adapters/clientStore';
import { sha256Hex } from '../adapters/encoding';
import { profileToken } from '../adapters/profileTokens';
import { parameter } from '../adapters/runtime';
import { cacheKeys, privateCache } from '../adapters/sharedCache';
import type * as SlowPath from '../adapters/proxySlowPath';

const SLOW_PATH = '/SuiteScripts/OAuth/lib/proxy_slow';
const CLIENT_TTL_SECONDS = 900;
let slowPath: typeof SlowPath | null = null;

function slow(): typeof SlowPath {
  if (!slowPath) {
    amdRequire([SLOW_PATH], (m: typeof SlowPath) => {
      slowPath = m;
    });
    if (!slowPath) throw new Error(`${SLOW_PATH} did not load`);
  }
  return slowPath;
}

export function onRequest(context: EntryPoints.Suitelet.onRequestContext): void {
  let body: ProxyBody;
  try {
    const request = context.request;
    const settings = parseProxySettings(parameter, (m) => log.error({ title: 'token proxy parameter', details: m }));
    const audit = (line: Parameters<typeof auditDetails>[0]) => log.audit({ title: `token proxy: ${line.outcome}`, details: auditDetails(line) });
    body = handleProxyRequest(
      { method: request.method, headers: request.headers, parameters: request.parameters, clientIp: request.clientIpAddress },
      {
        nowMs: () => Date.now(),
        sha256: sha256Hex,
        cachedClient: (hash) => privateCache.get(cacheKeys.client(hash)),
        saveClient: (hash, entry) => privateCache.put(cacheKeys.client(hash), entry, CLIENT_TTL_SECONDS),
        forgetClient: (hash) => privateCache.remove(cacheKeys.client(hash)),
        confirmClient: lookupClient,
        searchClient: (hash) => slow().searchClientByHash(hash),
        mightBeClient: (hash) => slow().mightBeClient(hash),
        throttle: (address, now, s) => slow().createThrottle(address, now, s, audit),
        allowed: (ips, address) => slow().allowed(ips, address),
        profileToken: (profileKey) => profileToken(profileKey, Date.now(), settings),
        recordUse: recordClientUse,
        requestRefresh: (profileKey) => slow().requestRefreshFromProxy(profileKey, Date.now()),
        audit,
        logError: (title, details) => log.error({ title, details }),
      },
      settings,
    );
  } catch (e) {
    log.error({ title: 'token proxy failed', details: e instanceof Error ? e.message : String(e) });
    body = failure('server_error');
  }
  try {
    context.response.setHeader({ name: 'Content-Type', value: 'application/json; charset=utf-8' });
    context.response.setHeader({ name: 'Cache-Control', value: 'no-store' });
    context.response.setHeader({ name: 'X-Content-Type-Options', value: 'nosniff' });
    context.response.write({ output: JSON.stringify(body) });
  } catch (e) {
    log.error({ title: 'token proxy could not answer', details: e instanceof Error ? e.message : String(e) });
  }
}
