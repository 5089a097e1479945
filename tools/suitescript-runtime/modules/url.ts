/**
 * N/url (resolveScript, resolveDomain, format) and N/redirect (toSuitelet, redirect, toRecord). No governance.
 *
 * Suitelet URLs: internal `/app/site/hosting/scriptlet.nl?script=<id>&deploy=<n>` (relative, as NetSuite returns it);
 * external `https://<account>.extforms.netsuite.com/app/site/hosting/scriptlet.nl?script=<id>&deploy=<n>&compid=<ACCOUNT>&ns-at=<token>`.
 * Redirects made in a Suitelet turn its answer into a 302 to that URL.
 */
import type { Account } from '../account';
import { sse } from '../errors';
import type { Execution } from '../execution';
import { keyEnum, missingArg, opts, reqString, strict, stubs } from '../strict';
import type { DeploymentState, ScriptState } from '../types';

/** A Suitelet deployment's URL. */
export function suiteletUrl(
  account: Account,
  script: ScriptState,
  deployment: DeploymentState,
  mode: 'internal' | 'internal-absolute' | 'external',
  params: Record<string, unknown> = {},
): string {
  const q = new URLSearchParams({ script: String(script.internalId), deploy: String(deployment.deployNumber) });
  if (mode === 'external') {
    q.set('compid', account.accountId.toUpperCase());
    q.set('ns-at', deployment.externalToken);
  }
  for (const [k, v] of Object.entries(params)) q.append(k, v === undefined || v === null ? '' : String(v));
  const path = `/app/site/hosting/scriptlet.nl?${q.toString()}`;
  if (mode === 'internal') return path;
  const host = mode === 'external' ? `${account.hostPrefix}.extforms.netsuite.com` : `${account.hostPrefix}.app.netsuite.com`;
  return `https://${host}${path}`;
}

/** A custom record's URL. */
export function recordUrl(type: string, id: string | undefined, edit: boolean): string {
  const q = new URLSearchParams({ rectype: type });
  if (id !== undefined) q.set('id', id);
  if (edit) q.set('e', 'T');
  return `/app/common/custom/custrecordentry.nl?${q.toString()}`;
}

const HOST_TYPES = ['APPLICATION', 'CUSTOMER_CENTER', 'FORM', 'RESTLET', 'SUITETALK'] as const;

function paramsArg(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object') throw sse('WRONG_PARAMETER_TYPE', 'Wrong parameter type: options.params is expected as object.');
  return { ...(value as Record<string, unknown>) };
}

export function createUrlModule(ex: Execution): object {
  const account = ex.account;
  const mod: Record<string, unknown> = {
    resolveScript(options?: unknown): string {
      const o = opts(options, 'url.resolveScript');
      const scriptId = o['scriptId'];
      const deploymentId = o['deploymentId'];
      if (scriptId === undefined || scriptId === null || scriptId === '') throw missingArg('url.resolveScript: options.scriptId');
      if (deploymentId === undefined || deploymentId === null || deploymentId === '') throw missingArg('url.resolveScript: options.deploymentId');
      const { script, deployment } = account.findScriptDeployment(String(scriptId), String(deploymentId));
      const external = o['returnExternalUrl'] === true;
      return suiteletUrl(account, script, deployment, external ? 'external' : 'internal', paramsArg(o['params']));
    },
    resolveDomain(options?: unknown): string {
      const o = opts(options, 'url.resolveDomain');
      const hostType = reqString(o, 'hostType', 'url.resolveDomain');
      const acct = typeof o['accountId'] === 'string' ? o['accountId'].toLowerCase().replace(/_/g, '-') : account.hostPrefix;
      switch (hostType) {
        case 'APPLICATION':
          return `${acct}.app.netsuite.com`;
        case 'CUSTOMER_CENTER':
          return `${acct}.secure.netsuite.com`;
        case 'FORM':
          return `${acct}.extforms.netsuite.com`;
        case 'RESTLET':
          return `${acct}.restlets.api.netsuite.com`;
        case 'SUITETALK':
          return `${acct}.suitetalk.api.netsuite.com`;
        default:
          throw sse('INVALID_HOST_TYPE', `Invalid host type ${hostType}.`);
      }
    },
    format(options?: unknown): string {
      const o = opts(options, 'url.format');
      const domain = reqString(o, 'domain', 'url.format');
      const params = paramsArg(o['params']);
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) q.append(k, v === undefined || v === null ? '' : String(v));
      const qs = q.toString();
      return qs === '' ? domain : `${domain}${domain.includes('?') ? '&' : '?'}${qs}`;
    },
    HostType: keyEnum(HOST_TYPES),
  };
  stubs(ex, 'N/url', mod, ['resolveRecord', 'resolveTaskLink']);
  return strict(ex, 'N/url', mod);
}

export function createRedirectModule(ex: Execution): object {
  const account = ex.account;
  const set = (r: { kind: 'SUITELET' | 'RECORD' | 'URL'; url: string; details: Record<string, unknown> }) => {
    ex.redirect = r;
  };
  const mod: Record<string, unknown> = {
    toSuitelet(options?: unknown): void {
      const o = opts(options, 'redirect.toSuitelet');
      const scriptId = reqString(o, 'scriptId', 'redirect.toSuitelet');
      const deploymentId = reqString(o, 'deploymentId', 'redirect.toSuitelet');
      const params = paramsArg(o['parameters']);
      const { script, deployment } = account.findScriptDeployment(scriptId, deploymentId);
      const external = o['isExternal'] === true;
      set({
        kind: 'SUITELET',
        url: suiteletUrl(account, script, deployment, external ? 'external' : 'internal', params),
        details: { scriptId, deploymentId, isExternal: external, parameters: params },
      });
    },
    redirect(options?: unknown): void {
      const o = opts(options, 'redirect.redirect');
      const url = reqString(o, 'url', 'redirect.redirect');
      const params = paramsArg(o['parameters']);
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) q.append(k, v === undefined || v === null ? '' : String(v));
      const qs = q.toString();
      set({ kind: 'URL', url: qs === '' ? url : `${url}${url.includes('?') ? '&' : '?'}${qs}`, details: { url, parameters: params } });
    },
    toRecord(options?: unknown): void {
      const o = opts(options, 'redirect.toRecord');
      const type = reqString(o, 'type', 'redirect.toRecord');
      const id = o['id'];
      if (id === undefined || id === null || id === '') throw missingArg('redirect.toRecord: options.id');
      if (!account.data.fields(type)) throw ex.fault(`redirect.toRecord for record type ${type} is not implemented (custom record types only)`);
      set({ kind: 'RECORD', url: recordUrl(type, String(id), o['isEditMode'] === true), details: { type, id: String(id), isEditMode: o['isEditMode'] === true } });
    },
  };
  stubs(ex, 'N/redirect', mod, ['toRecordTransform', 'toSavedSearch', 'toSavedSearchResult', 'toSearch', 'toSearchResult', 'toTaskLink']);
  return strict(ex, 'N/redirect', mod);
}
