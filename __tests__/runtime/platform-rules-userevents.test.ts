/**
 * User event scripts: beforeSubmit/afterSubmit on create, edit, xedit and delete of a record of the deployed type, from
 * scripts, the UI and CSV imports (only with "Run Server SuiteScript and Trigger Workflows"); never from a change made
 * inside another user event script.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { ScriptDef } from '../../tools/sdf/model';
import { readSdfObjects } from '../../tools/sdf/readObjects';
import { CLIENT, TOKEN, logged, scheduled, scheduledScript, setup, userEvent, userEventScript } from './helpers';

const OBSERVER = userEvent(
  { runtime: 'N/runtime' },
  {
    afterSubmit: `var n = context.newRecord, o = context.oldRecord;
      log.audit('after', [context.type, runtime.executionContext, n.id, n.getValue({ fieldId: 'custrecord_oauth_client_key_hash' }),
        o ? o.getValue({ fieldId: 'custrecord_oauth_client_key_hash' }) : null, runtime.getCurrentScript().getRemainingUsage()]);`,
  },
);

const WRITER = scheduled(
  { record: 'N/record' },
  `var r = record.create({ type: '${CLIENT}' });
    r.setValue({ fieldId: 'custrecord_oauth_client_key_hash', value: 'h1' });
    var id = r.save();
    var l = record.load({ type: '${CLIENT}', id: id });
    l.setValue({ fieldId: 'custrecord_oauth_client_key_hash', value: 'h2' }).save();
    record.submitFields({ type: '${CLIENT}', id: id, values: { custrecord_oauth_client_key_hash: 'h3' } });
    record.delete({ type: '${CLIENT}', id: id });`,
);

function afterLogs(runs: { logs: { title: string; details: string }[] }[]): unknown[] {
  return runs.map((r) => logged(r.logs, 'after'));
}

describe('user event scripts', () => {
  it('reads usereventscript objects and their deployment record type from SDF XML', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssrt-ue-'));
    fs.writeFileSync(
      path.join(dir, 'customscript_ue.xml'),
      `<usereventscript scriptid="customscript_ue">
  <name>UE</name>
  <scriptfile>[/SuiteScripts/T/ue.js]</scriptfile>
  <scriptdeployments>
    <scriptdeployment scriptid="customdeploy_ue">
      <status>RELEASED</status>
      <recordtype>[scriptid=customrecord_oauth_api_client]</recordtype>
      <executioncontext>USERINTERFACE|SCHEDULED</executioncontext>
    </scriptdeployment>
  </scriptdeployments>
</usereventscript>`,
    );
    const [ue] = readSdfObjects(dir) as ScriptDef[];
    expect(ue?.kind).toBe('usereventscript');
    expect(ue?.deployments[0]).toMatchObject({ recordType: 'customrecord_oauth_api_client', executionContexts: ['USERINTERFACE', 'SCHEDULED'] });
  });

  it('runs afterSubmit on create, edit, xedit and delete made by a script, each as its own execution (1,000 units)', () => {
    const { account } = setup({ 'ue.js': OBSERVER, 'w.js': WRITER }, [userEventScript('ue', 'ue.js', CLIENT), scheduledScript('w', 'w.js')]);
    const w = account.runScheduled({ deploymentId: 'customdeploy_w' });
    expect(w.error).toBeUndefined();
    const id = 1; // the first record of the type
    expect(account.records.list(CLIENT)).toEqual([]);
    expect(afterLogs(account.userEventRuns)).toEqual([
      ['create', 'SCHEDULED', id, 'h1', null, 1000],
      ['edit', 'SCHEDULED', id, 'h2', 'h1', 1000],
      ['xedit', 'SCHEDULED', id, 'h3', 'h2', 1000],
      ['delete', 'SCHEDULED', id, 'h3', 'h3', 1000],
    ]);
    expect(account.userEventRuns.map((r) => [r.entryPoint, r.ok, r.scriptId])).toEqual(Array(4).fill(['afterSubmit', true, 'customscript_ue']));
  });

  it('is not triggered by a record change made inside another user event script', () => {
    const chain = userEvent({ record: 'N/record' }, { afterSubmit: `var t = record.create({ type: '${TOKEN}' }); t.save(); log.audit('chained', 'saved a token');` });
    const onToken = userEvent({}, { afterSubmit: `log.audit('token ue', context.type);` });
    const { account } = setup({ 'chain.js': chain, 'token.js': onToken }, [userEventScript('chain', 'chain.js', CLIENT), userEventScript('tok', 'token.js', TOKEN)]);
    const id = account.records.insert(CLIENT, { custrecord_oauth_client_key_hash: 'h' });
    const runs = account.editRecordAsUser(CLIENT, id, { custrecord_oauth_client_key_hash: 'h2' });
    expect(runs.map((r) => r.scriptId)).toEqual(['customscript_chain']);
    expect(account.records.list(TOKEN)).toHaveLength(1); // the write happened, its user event did not run
    expect(account.userEventRuns.map((r) => r.scriptId)).toEqual(['customscript_chain']);
  });

  it('runs for UI edits and deletes, and for CSV imports only with "Run Server SuiteScript and Trigger Workflows"', () => {
    const { account } = setup({ 'ue.js': OBSERVER }, [userEventScript('ue', 'ue.js', CLIENT)]);
    const id = account.records.insert(CLIENT, { custrecord_oauth_client_key_hash: 'h1' });
    expect(account.userEventRuns).toEqual([]); // direct test inserts are not user events
    expect(afterLogs(account.editRecordAsUser(CLIENT, id, { custrecord_oauth_client_key_hash: 'h2' }))).toEqual([['edit', 'USERINTERFACE', id, 'h2', 'h1', 1000]]);

    const quiet = account.csvImport(CLIENT, [{ id, custrecord_oauth_client_key_hash: 'h3' }, { custrecord_oauth_client_key_hash: 'new' }]);
    expect(quiet.userEventRuns).toEqual([]);
    expect(quiet.errors).toEqual([]);
    const newId = quiet.ids[1];
    const loud = account.csvImport(CLIENT, [{ id, custrecord_oauth_client_key_hash: 'h4' }], { runServerSuiteScript: true });
    expect(afterLogs(loud.userEventRuns)).toEqual([['edit', 'CSVIMPORT', id, 'h4', 'h3', 1000]]);

    expect(afterLogs(account.deleteRecordAsUser(CLIENT, newId as number))).toEqual([['delete', 'USERINTERFACE', newId, 'new', 'new', 1000]]);
  });

  it('refuses the write when beforeSubmit throws, and honours the deployment execution contexts', () => {
    const guard = userEvent({ error: 'N/error' }, { beforeSubmit: `if (context.newRecord.getValue({ fieldId: 'custrecord_oauth_client_key_hash' }) === 'bad') throw error.create({ name: 'BAD_HASH', message: 'no' });` });
    const { account } = setup(
      { 'g.js': guard, 'w.js': scheduled({ record: 'N/record' }, `try { record.submitFields({ type: '${CLIENT}', id: ${'1'}, values: { custrecord_oauth_client_key_hash: 'bad' } }); } catch (e) { log.audit('caught', e.name); }`) },
      [userEventScript('g', 'g.js', CLIENT, { executionContexts: ['USERINTERFACE', 'SCHEDULED'] }), scheduledScript('w', 'w.js')],
    );
    const id = account.records.insert(CLIENT, { custrecord_oauth_client_key_hash: 'ok' });
    expect(id).toBe(1);
    expect(() => account.editRecordAsUser(CLIENT, id, { custrecord_oauth_client_key_hash: 'bad' })).toThrow(expect.objectContaining({ name: 'BAD_HASH' }) as unknown as Error);
    expect(account.records.get(CLIENT, id)?.values['custrecord_oauth_client_key_hash']).toBe('ok');
    expect(logged(account.runScheduled({ deploymentId: 'customdeploy_w' }).logs, 'caught')).toBe('BAD_HASH');
    expect(account.records.get(CLIENT, id)?.values['custrecord_oauth_client_key_hash']).toBe('ok');
    // CSVIMPORT is not among the deployment's contexts: the guard does not run and the row is imported.
    expect(account.csvImport(CLIENT, [{ id, custrecord_oauth_client_key_hash: 'bad' }], { runServerSuiteScript: true }).errors).toEqual([]);
    expect(account.records.get(CLIENT, id)?.values['custrecord_oauth_client_key_hash']).toBe('bad');
  });
});
