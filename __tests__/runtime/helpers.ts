/**
 * Test helpers for the SuiteScript runtime: small hand-written AMD fixture scripts written to a temp folder, and SDF
 * objects shaped like the project's (DESIGN.md section 3).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SdfObject, ScriptDef } from '../../tools/sdf/model';
import { createAccount, type Account, type AccountOptions } from '../../tools/suitescript-runtime';

/** The JSDoc header NetSuite requires at the top of an entry script. */
export function header(type: 'ScheduledScript' | 'Suitelet' | 'UserEventScript', version = '2.1'): string {
  return `/**\n * @NApiVersion ${version}\n * @NScriptType ${type}\n */\n`;
}

/** A scheduled script file whose `execute` body is `body` (with `ctx` and the named modules in scope). */
export function scheduled(deps: Record<string, string>, body: string): string {
  const names = Object.keys(deps);
  return `${header('ScheduledScript')}define(${JSON.stringify(['exports', ...Object.values(deps)])}, function (exports, ${names.join(', ')}) {
  function execute(ctx) {
${body}
  }
  exports.execute = execute;
});
`;
}

/** A Suitelet file whose `onRequest` body is `body` (with `request`, `response` and the named modules in scope). */
export function suitelet(deps: Record<string, string>, body: string): string {
  const names = Object.keys(deps);
  return `${header('Suitelet')}define(${JSON.stringify(Object.values(deps))}, function (${names.join(', ')}) {
  return {
    onRequest: function (context) {
      var request = context.request;
      var response = context.response;
${body}
    }
  };
});
`;
}

/** Writes files (paths relative to the mounted folder) into a fresh temp folder; returns the folder. */
export function writeFixtures(files: Record<string, string>, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssrt-'))): string {
  for (const [rel, contents] of Object.entries(files)) {
    const p = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, contents);
  }
  return dir;
}

export const LIST = 'customlist_oauth_token_status';
export const TOKEN = 'customrecord_oauth_token';
export const CLIENT = 'customrecord_oauth_api_client';

/** The project's lists and record types. */
export const DATA_OBJECTS: SdfObject[] = [
  {
    kind: 'customlist',
    scriptId: LIST,
    values: [
      { scriptId: 'val_active', name: 'Active' },
      { scriptId: 'val_error', name: 'Error' },
      { scriptId: 'val_expired', name: 'Expired' },
    ],
  },
  {
    kind: 'customrecordtype',
    scriptId: TOKEN,
    name: 'OAuth Token',
    accessType: 'CUSTRECORDENTRYPERM',
    fields: [
      { scriptId: 'custrecord_oauth_token', label: 'Access Token', type: 'CLOBTEXT' },
      { scriptId: 'custrecord_oauth_expires', label: 'Expires', type: 'DATETIMETZ' },
      { scriptId: 'custrecord_oauth_updated', label: 'Updated', type: 'DATETIMETZ' },
      { scriptId: 'custrecord_oauth_status', label: 'Status', type: 'SELECT', selectRecordType: LIST },
      { scriptId: 'custrecord_oauth_last_error', label: 'Last Error', type: 'TEXTAREA' },
    ],
  },
  {
    kind: 'customrecordtype',
    scriptId: CLIENT,
    name: 'OAuth API Client',
    accessType: 'CUSTRECORDENTRYPERM',
    fields: [
      { scriptId: 'custrecord_oauth_client_key_hash', label: 'Key Hash', type: 'TEXT', mandatory: true },
      { scriptId: 'custrecord_oauth_client_allowed_ips', label: 'Allowed IPs', type: 'TEXTAREA' },
      { scriptId: 'custrecord_oauth_client_expires', label: 'Expires', type: 'DATETIMETZ' },
      { scriptId: 'custrecord_oauth_client_last_used', label: 'Last Used', type: 'DATETIMETZ' },
    ],
  },
];

/** A scheduled script object (file `/SuiteScripts/T/<file>`). */
export function scheduledScript(id: string, file: string, parameters: ScriptDef['parameters'] = [], deployments = [`customdeploy_${id}`]): ScriptDef {
  return {
    kind: 'scheduledscript',
    scriptId: `customscript_${id}`,
    name: id,
    scriptFile: `/SuiteScripts/T/${file}`,
    parameters,
    deployments: deployments.map((d) => ({ scriptId: d, status: 'NOTSCHEDULED' })),
  };
}

/** A Suitelet object: public (available without login) or administrators only. */
export function suiteletScript(id: string, file: string, audience: 'public' | 'admins' = 'public', extra: Partial<ScriptDef['deployments'][number]> = {}): ScriptDef {
  return {
    kind: 'suitelet',
    scriptId: `customscript_${id}`,
    name: id,
    scriptFile: `/SuiteScripts/T/${file}`,
    parameters: [],
    deployments: [
      audience === 'public'
        ? { scriptId: `customdeploy_${id}`, status: 'RELEASED', availableWithoutLogin: true, allRoles: true, runAsRole: 'ADMINISTRATOR', ...extra }
        : { scriptId: `customdeploy_${id}`, status: 'RELEASED', availableWithoutLogin: false, audienceRoles: ['ADMINISTRATOR'], ...extra },
    ],
  };
}

/** An account with fixture files mounted at /SuiteScripts/T and the given objects defined. */
export function setup(files: Record<string, string>, objects: SdfObject[], options: AccountOptions = {}): { account: Account; dir: string } {
  const dir = writeFixtures(files);
  const account = createAccount(options);
  account.mount('/SuiteScripts/T', dir);
  account.defineObjects([...DATA_OBJECTS, ...objects]);
  return { account, dir };
}

/** A logged-in administrator. */
export const ADMIN = { id: 7, name: 'Ada Admin', email: 'ada@example.com', roleId: 'administrator', role: 3 };

/** Parses the details of the last log entry with `title`. */
export function logged(logs: { title: string; details: string }[], title: string): unknown {
  const entry = [...logs].reverse().find((l) => l.title === title);
  if (!entry) throw new Error(`no log titled ${title}; logs: ${JSON.stringify(logs)}`);
  try {
    return JSON.parse(entry.details) as unknown;
  } catch {
    return entry.details;
  }
}

/** A user event script file returning the given entry points (`{ afterSubmit: 'body' }`), with `context` and the named modules in scope. */
export function userEvent(deps: Record<string, string>, entries: Partial<Record<'beforeLoad' | 'beforeSubmit' | 'afterSubmit', string>>): string {
  const names = Object.keys(deps);
  const fns = Object.entries(entries).map(([name, body]) => `    ${name}: function (context) {\n${body}\n    }`);
  return `${header('UserEventScript')}define(${JSON.stringify(Object.values(deps))}, function (${names.join(', ')}) {
  return {
${fns.join(',\n')}
  };
});
`;
}

/** A user event script object deployed (Released) on `recordType`. */
export function userEventScript(id: string, file: string, recordType: string, extra: Partial<ScriptDef['deployments'][number]> = {}): ScriptDef {
  return {
    kind: 'usereventscript',
    scriptId: `customscript_${id}`,
    name: id,
    scriptFile: `/SuiteScripts/T/${file}`,
    parameters: [],
    deployments: [{ scriptId: `customdeploy_${id}`, status: 'RELEASED', recordType, ...extra }],
  };
}
