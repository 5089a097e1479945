import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  CLIENT_RECORD,
  PROFILE_RECORD,
  PROXY_PARAMS,
  REFRESHER_PARAMS,
  SCRIPTS,
  STATUS_LIST,
  TOKEN_RECORD,
} from '../../src/TypeScript/core/names';
import type { CustomListDef, CustomRecordDef, ScriptDef, SdfObject } from '../../tools/sdf/model';
import { readSdfObjects, readSdfRoles, repeatToMinutes, stripScriptIdRef } from '../../tools/sdf/readObjects';
import { copyProject, edit, objectFile, removeProject, SHIPPED_OBJECTS } from './helpers';

const withoutFile = <T extends { file?: string }>(o: T): Omit<T, 'file'> => {
  const { file: _file, ...rest } = o;
  return rest;
};

function byId(objects: SdfObject[], id: string): SdfObject {
  const found = objects.find((o) => o.scriptId === id);
  if (!found) throw new Error(`${id} was not read`);
  return found;
}

describe('readSdfObjects on the shipped objects', () => {
  const objects = readSdfObjects(SHIPPED_OBJECTS);

  it('reads exactly the list, the three records and the scripts of DESIGN.md plus the profile user event script (the role is read separately)', () => {
    expect(objects.map((o) => `${o.kind}:${o.scriptId}`).sort()).toEqual(
      [
        `customlist:${STATUS_LIST.scriptId}`,
        `customrecordtype:${TOKEN_RECORD.type}`,
        `customrecordtype:${CLIENT_RECORD.type}`,
        `customrecordtype:${PROFILE_RECORD.type}`,
        `usereventscript:${SCRIPTS.recordEvents.scriptId}`,
        `scheduledscript:${SCRIPTS.refresher.scriptId}`,
        `suitelet:${SCRIPTS.proxy.scriptId}`,
        `suitelet:${SCRIPTS.keyAdmin.scriptId}`,
      ].sort(),
    );
    for (const o of objects) expect(o.file).toBe(path.join(SHIPPED_OBJECTS, `${o.scriptId}.xml`));
  });

  it('reads the status list with its three values', () => {
    expect(withoutFile(byId(objects, STATUS_LIST.scriptId) as CustomListDef)).toEqual({
      kind: 'customlist',
      scriptId: 'customlist_oauth_token_status',
      values: [
        { scriptId: 'val_active', name: 'Active' },
        { scriptId: 'val_error', name: 'Error' },
        { scriptId: 'val_expired', name: 'Expired' },
      ],
    });
  });

  it('reads the token record: restricted access, fields, types and the SELECT target', () => {
    expect(withoutFile(byId(objects, TOKEN_RECORD.type) as CustomRecordDef)).toEqual({
      kind: 'customrecordtype',
      scriptId: 'customrecord_oauth_token',
      name: 'OAuth Token',
      accessType: 'USEPERMISSIONLIST',
      fields: [
        { scriptId: 'custrecord_oauth_token', label: 'Access Token', type: 'CLOBTEXT', mandatory: false },
        { scriptId: 'custrecord_oauth_expires', label: 'Expires At', type: 'DATETIMETZ', mandatory: false },
        { scriptId: 'custrecord_oauth_updated', label: 'Last Successful Refresh', type: 'DATETIMETZ', mandatory: false },
        {
          scriptId: 'custrecord_oauth_status',
          label: 'Status',
          type: 'SELECT',
          selectRecordType: 'customlist_oauth_token_status',
          mandatory: false,
        },
        { scriptId: 'custrecord_oauth_last_error', label: 'Last Error', type: 'TEXTAREA', mandatory: false },
        {
          scriptId: 'custrecord_oauth_token_profile',
          label: 'Token Profile',
          type: 'SELECT',
          selectRecordType: 'customrecord_oauth_profile',
          mandatory: false,
        },
      ],
    });
  });

  it('reads the API client record', () => {
    expect(withoutFile(byId(objects, CLIENT_RECORD.type) as CustomRecordDef)).toEqual({
      kind: 'customrecordtype',
      scriptId: 'customrecord_oauth_api_client',
      name: 'OAuth API Client',
      accessType: 'USEPERMISSIONLIST',
      fields: [
        { scriptId: 'custrecord_oauth_client_key_hash', label: 'API Key Hash (SHA-256)', type: 'TEXT', mandatory: false },
        { scriptId: 'custrecord_oauth_client_key_prefix', label: 'Key Prefix', type: 'TEXT', mandatory: false },
        { scriptId: 'custrecord_oauth_client_allowed_ips', label: 'Allowed IP Addresses', type: 'TEXTAREA', mandatory: false },
        { scriptId: 'custrecord_oauth_client_expires', label: 'Key Expires', type: 'DATETIMETZ', mandatory: false },
        { scriptId: 'custrecord_oauth_client_last_used', label: 'Last Used', type: 'DATETIMETZ', mandatory: false },
        { scriptId: 'custrecord_oauth_client_profile', label: 'Token Profile', type: 'SELECT', selectRecordType: 'customrecord_oauth_profile', mandatory: false },
        { scriptId: 'custrecord_oauth_client_use_count', label: 'Tokens Issued', type: 'INTEGER', mandatory: false },
        { scriptId: 'custrecord_oauth_client_last_ip', label: 'Last Address', type: 'TEXT', mandatory: false },
      ],
    });
  });

  it('reads the refresher: file, optional company-preference parameters with types and defaults, a 15-minute schedule and an on-demand deployment', () => {
    const refresher = byId(objects, SCRIPTS.refresher.scriptId) as ScriptDef;
    expect(refresher.kind).toBe('scheduledscript');
    expect(refresher.name).toBe('OAuth Token Refresher');
    expect(refresher.scriptFile).toBe('/SuiteScripts/OAuth/oauth_token_refresher.js');
    expect(refresher.parameters.map((p) => [p.scriptId, p.type, p.mandatory, p.defaultValue])).toEqual([
      [REFRESHER_PARAMS.accountId, 'TEXT', false, undefined],
      [REFRESHER_PARAMS.clientId, 'TEXT', false, undefined],
      [REFRESHER_PARAMS.certificateId, 'TEXT', false, undefined],
      [REFRESHER_PARAMS.privateKeyFile, 'TEXT', false, undefined],
      [REFRESHER_PARAMS.signingCertificate, 'TEXT', false, undefined],
      [REFRESHER_PARAMS.algorithm, 'TEXT', false, 'PS256'],
      [REFRESHER_PARAMS.scope, 'TEXT', false, 'rest_webservices'],
      [REFRESHER_PARAMS.refreshMargin, 'INTEGER', false, '20'],
      [REFRESHER_PARAMS.alertEmail, 'TEXT', false, undefined],
    ]);
    for (const p of refresher.parameters) expect(p.label).not.toBe('');
    // Company preferences: one value for both deployments (DESIGN.md 2a).
    for (const p of refresher.parameters) expect(p.setting).toBe('COMPANY');
    expect(refresher.deployments).toEqual([
      {
        scriptId: 'customdeploy_oauth_token_refresher',
        status: 'SCHEDULED',
        title: 'OAuth Token Refresher (every 15 minutes)',
        logLevel: 'AUDIT',
        repeatMinutes: 15,
      },
      {
        scriptId: 'customdeploy_oauth_token_refresher_now',
        status: 'NOTSCHEDULED',
        title: 'OAuth Token Refresher (on demand)',
        logLevel: 'AUDIT',
      },
    ]);
  });

  it('reads the proxy: external deployment run as the custom role, and its two parameters', () => {
    const proxy = byId(objects, SCRIPTS.proxy.scriptId) as ScriptDef;
    expect(proxy.kind).toBe('suitelet');
    expect(proxy.scriptFile).toBe('/SuiteScripts/OAuth/oauth_token_proxy.js');
    expect(proxy.parameters.map((p) => [p.scriptId, p.type, p.mandatory, p.defaultValue])).toEqual([
      [PROXY_PARAMS.minValidity, 'INTEGER', false, '5'],
      [PROXY_PARAMS.maxFailures, 'INTEGER', false, '10'],
    ]);
    expect(proxy.deployments).toEqual([
      {
        scriptId: 'customdeploy_oauth_token_proxy',
        status: 'RELEASED',
        title: 'OAuth Token Proxy (external)',
        logLevel: 'AUDIT',
        availableWithoutLogin: true,
        allRoles: false,
        audienceRoles: ['ONLINE_FORM_USER'],
        runAsRole: 'customrole_oauth_token_proxy',
      },
    ]);
  });

  it('reads the key admin: login required, administrators only', () => {
    const admin = byId(objects, SCRIPTS.keyAdmin.scriptId) as ScriptDef;
    expect(admin.kind).toBe('suitelet');
    expect(admin.scriptFile).toBe('/SuiteScripts/OAuth/oauth_key_admin.js');
    expect(admin.parameters).toEqual([]);
    expect(admin.deployments).toEqual([
      {
        scriptId: 'customdeploy_oauth_key_admin',
        status: 'RELEASED',
        title: 'OAuth API Key Admin',
        logLevel: 'AUDIT',
        availableWithoutLogin: false,
        allRoles: false,
        audienceRoles: ['ADMINISTRATOR'],
      },
    ]);
  });

  it('reads the run-as role with only the permissions the proxy needs', () => {
    expect(readSdfRoles(SHIPPED_OBJECTS).map(withoutFile)).toEqual([
      {
        kind: 'role',
        scriptId: 'customrole_oauth_token_proxy',
        name: 'OAuth Token Proxy (run-as only)',
        permissions: [
          { key: 'customrecord_oauth_token', level: 'VIEW' },
          { key: 'customrecord_oauth_api_client', level: 'EDIT' },
          { key: 'customrecord_oauth_profile', level: 'VIEW' },
          // Oracle: submitting an on-demand scheduled script with ScheduledScriptTask.submit() needs
          // SuiteScript Scheduling at Full level (Setting Roles and Permissions for SuiteScript).
          { key: 'ADMI_SS_SCHEDULING', level: 'FULL' },
        ],
      },
    ]);
  });
});

describe('readSdfObjects on bad input', () => {
  let project = '';
  afterEach(() => {
    if (project) removeProject(project);
    project = '';
  });

  it('names the file and line of malformed XML', () => {
    project = copyProject();
    const file = objectFile(project, STATUS_LIST.scriptId);
    edit(file, '</customvalues>', '</customvalue>');
    expect(() => readSdfObjects(path.join(project, 'Objects'))).toThrow(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: malformed XML`),
    );
  });

  it('refuses a field type the model cannot express, naming the field', () => {
    project = copyProject();
    const file = objectFile(project, TOKEN_RECORD.type);
    edit(file, '<fieldtype>TEXTAREA</fieldtype>', '<fieldtype>FLOAT</fieldtype>');
    expect(() => readSdfObjects(path.join(project, 'Objects'))).toThrow(/field custrecord_oauth_last_error has field type FLOAT/);
  });

  it('skips object types the model does not describe and reads objects in sub-folders', () => {
    project = copyProject();
    const objectsDir = path.join(project, 'Objects');
    fs.mkdirSync(path.join(objectsDir, 'More'));
    fs.writeFileSync(
      path.join(objectsDir, 'More', 'customlist_extra.xml'),
      '<customlist scriptid="customlist_extra"><name>Extra</name><customvalues><customvalue scriptid="val_x"><value>X</value><isinactive>T</isinactive></customvalue></customvalues></customlist>',
    );
    fs.writeFileSync(path.join(objectsDir, 'customsearch_x.xml'), '<savedsearch scriptid="customsearch_x"></savedsearch>');
    const objects = readSdfObjects(objectsDir);
    expect(objects.some((o) => o.scriptId === 'customsearch_x')).toBe(false);
    expect(withoutFile(byId(objects, 'customlist_extra') as CustomListDef)).toEqual({
      kind: 'customlist',
      scriptId: 'customlist_extra',
      values: [{ scriptId: 'val_x', name: 'X', inactive: true }],
    });
  });
});

describe('value helpers', () => {
  it('strips [scriptid=...] and converts SDF repeat durations', () => {
    expect(stripScriptIdRef('[scriptid=customlist_x]')).toBe('customlist_x');
    expect(stripScriptIdRef('ADMINISTRATOR')).toBe('ADMINISTRATOR');
    expect(repeatToMinutes('PT15M')).toBe(15);
    expect(repeatToMinutes('PT1H')).toBe(60);
    expect(repeatToMinutes('PT12H')).toBe(720);
    expect(repeatToMinutes('')).toBeUndefined();
    expect(repeatToMinutes('15')).toBeUndefined();
  });
});
