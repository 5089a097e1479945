/**
 * Suitelet customscript_oauth_token_proxy (available without login): hands the stored access token
 * to callers presenting a valid API key in X-API-Key. Wiring only: the rules are in
 * core/proxyService.ts. Nothing escapes onRequest; every answer is JSON with Cache-Control: no-store.
 * This module graph must never include jsrsasign or a signer (the build checks it).
 */
import * as log from 'N/log';
import type { EntryPoints } from 'N/types';
import { failure, handleProxyRequest, type ProxyBody } from '../core/proxyService';
import { parseProxySettings } from '../core/proxySettings';
import { findClientByHash, touchClient } from '../adapters/clientStore';
import { sha256Hex } from '../adapters/encoding';
import { requestRefresh } from '../adapters/refreshTrigger';
import { parameter } from '../adapters/runtime';
import { cacheGetJson, cacheKeys, cachePutJson } from '../adapters/sharedCache';
import { readServableToken } from '../adapters/tokenStore';
import { auditDetails } from '../core/audit';


export function onRequest(context: EntryPoints.Suitelet.onRequestContext): void {
  let body: ProxyBody;
  try {
    const request = context.request;
    const settings = parseProxySettings(parameter, (m) => log.error({ title: 'token proxy parameter', details: m }));
    body = handleProxyRequest(
      { method: request.method, headers: request.headers, parameters: request.parameters, clientIp: request.clientIpAddress },
      {
        nowMs: () => Date.now(),
        sha256: sha256Hex,
        failures: (key) => cacheGetJson(cacheKeys.failures(key)),
        saveFailures: (key, w, ttl) => cachePutJson(cacheKeys.failures(key), w, ttl),
        findClient: findClientByHash,
        touchClient,
        readToken: () => readServableToken(Date.now()),
        requestRefresh: () => requestRefresh(Date.now()),
        audit: (line) => log.audit({ title: `token proxy: ${line.outcome}`, details: auditDetails(line) }),
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
