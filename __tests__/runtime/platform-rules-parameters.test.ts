/**
 * Platform rules: company-preference script parameters (<setting>COMPANY</setting>) have one value for the account;
 * mandatory script parameters (<ismandatory>T</ismandatory>) break SDF deployment. SDF XML is read from files.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { ScriptDef } from '../../tools/sdf/model';
import { readSdfObjects } from '../../tools/sdf/readObjects';
import { createAccount } from '../../tools/suitescript-runtime';
import { logged, scheduled, writeFixtures } from './helpers';

const REFRESHER_XML = (mandatory: 'T' | 'F') => `<scheduledscript scriptid="customscript_r">
  <name>R</name>
  <scriptfile>[/SuiteScripts/T/r.js]</scriptfile>
  <scriptcustomfields>
    <scriptcustomfield scriptid="custscript_client_id">
      <fieldtype>TEXT</fieldtype>
      <label>Client ID</label>
      <ismandatory>${mandatory}</ismandatory>
      <setting>COMPANY</setting>
    </scriptcustomfield>
    <scriptcustomfield scriptid="custscript_margin">
      <fieldtype>INTEGER</fieldtype>
      <label>Margin</label>
      <ismandatory>F</ismandatory>
      <defaultvalue>20</defaultvalue>
    </scriptcustomfield>
  </scriptcustomfields>
  <scriptdeployments>
    <scriptdeployment scriptid="customdeploy_r">
      <status>SCHEDULED</status>
      <title>R</title>
    </scriptdeployment>
    <scriptdeployment scriptid="customdeploy_r_now">
      <status>NOTSCHEDULED</status>
      <title>R now</title>
    </scriptdeployment>
  </scriptdeployments>
</scheduledscript>
`;

function objectsDir(xml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssrt-objects-'));
  fs.writeFileSync(path.join(dir, 'customscript_r.xml'), xml);
  return dir;
}

function account(mandatory: 'T' | 'F' = 'F') {
  const objects = readSdfObjects(objectsDir(REFRESHER_XML(mandatory)));
  const a = createAccount();
  a.mount('/SuiteScripts/T', writeFixtures({ 'r.js': scheduled({ runtime: 'N/runtime' }, `var s = runtime.getCurrentScript();
    log.debug('p', [s.deploymentId, s.getParameter({ name: 'custscript_client_id' }), s.getParameter({ name: 'custscript_margin' })]);`) }));
  return { a, objects };
}

describe('company-preference script parameters (<setting>COMPANY</setting>)', () => {
  it('reads <setting> from the SDF XML', () => {
    const script = account().objects[0] as ScriptDef;
    expect(script.parameters.map((p) => [p.scriptId, p.setting])).toEqual([
      ['custscript_client_id', 'COMPANY'],
      ['custscript_margin', undefined],
    ]);
  });

  it('gives every deployment the one company value: setting it "on a deployment" sets that one value for all', () => {
    const { a, objects } = account();
    a.defineObjects(objects);
    a.setParameters('customdeploy_r', { custscript_client_id: 'abc' });
    expect(logged(a.runScheduled({ deploymentId: 'customdeploy_r_now' }).logs, 'p')).toEqual(['customdeploy_r_now', 'abc', 20]);
    expect(a.getCompanyPreferences()).toEqual({ custscript_client_id: 'abc' });
    a.setCompanyPreferences({ custscript_client_id: 'client-1' });
    a.setParameters('customdeploy_r_now', { custscript_margin: 5 }); // deployment parameters stay per deployment
    expect(logged(a.runScheduled({ deploymentId: 'customdeploy_r' }).logs, 'p')).toEqual(['customdeploy_r', 'client-1', 20]);
    expect(logged(a.runScheduled({ deploymentId: 'customdeploy_r_now' }).logs, 'p')).toEqual(['customdeploy_r_now', 'client-1', 5]);
    expect(() => a.setCompanyPreferences({ custscript_margin: 1 })).toThrow(/not a company preference/);
    // survives toJSON / restore
    const restored = createAccount({ state: JSON.parse(JSON.stringify(a.toJSON())) });
    expect(restored.getCompanyPreferences()).toEqual({ custscript_client_id: 'client-1' });
  });
});

describe('mandatory script parameters (<ismandatory>T</ismandatory>)', () => {
  it('refuse to deploy, naming the parameter, as project:deploy would fail', () => {
    const { a, objects } = account('T');
    expect(() => a.defineObjects(objects)).toThrow(/customscript_r would fail: script parameter custscript_client_id is <ismandatory>T<\/ismandatory>/);
  });
});
