import { describe, expect, it } from '@jest/globals';
import * as crypto from 'node:crypto';
import { createAccount, type AccountState } from '../../tools/suitescript-runtime';
import { CLIENT, LIST, TOKEN, logged, scheduled, scheduledScript, setup } from './helpers';

describe('account persistence', () => {
  it('survives a JSON round trip: files, list ids, records, parameters, cache, tasks, logs, emails and certificates', () => {
    const clock = Date.UTC(2026, 0, 15, 12);
    const body = `var rows = search.create({ type: '${CLIENT}', filters: [['isinactive', 'is', 'F']], columns: ['name', 'custrecord_oauth_client_expires'] }).run().getRange({ start: 0, end: 10 });
    log.debug('state', {
      clients: rows.map(function (r) { return [r.getValue('name'), r.getValue('custrecord_oauth_client_expires')]; }),
      param: runtime.getCurrentScript().getParameter({ name: 'custscript_text' }),
      cached: cache.getCache({ name: 'c', scope: cache.Scope.PUBLIC }).get({ key: 'k' }),
      key: file.load({ id: '/SuiteScripts/Keys/key.pem' }).getContents().slice(0, 10),
    });
    cache.getCache({ name: 'c', scope: cache.Scope.PUBLIC }).put({ key: 'k', value: 'kept', ttl: 3600 });`;
    const { account } = setup(
      { 's.js': scheduled({ search: 'N/search', runtime: 'N/runtime', cache: 'N/cache', file: 'N/file' }, body) },
      [scheduledScript('s', 's.js', [{ scriptId: 'custscript_text', label: 'T', type: 'TEXT', mandatory: false }])],
      { now: () => clock, listValueIdStart: 5000 },
    );
    const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    account.addCertificate({ scriptId: 'custcertificate_m2m', privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
    const fileId = account.addFile({ path: '/SuiteScripts/Keys/key.pem', contents: '-----BEGIN PRIVATE KEY-----\n...' }).id;
    account.setParameters('customdeploy_s', { custscript_text: 'configured' });
    account.records.insert(CLIENT, { name: 'erp', custrecord_oauth_client_key_hash: 'ab', custrecord_oauth_client_expires: new Date(Date.UTC(2026, 6, 1, 7)) });
    const tokenId = account.records.insert(TOKEN, { custrecord_oauth_status: account.lists.idOf(LIST, 'val_active') });
    const before = account.runScheduled({ deploymentId: 'customdeploy_s' });
    expect(before.error).toBeUndefined();

    const state = JSON.parse(JSON.stringify(account.toJSON())) as AccountState;
    const restored = createAccount({ state, now: () => clock + 60_000 });
    expect(restored.lists.values(LIST)).toEqual(account.lists.values(LIST));
    expect(restored.lists.idOf(LIST, 'val_active')).toBe(5000);
    expect(restored.records.list(CLIENT)).toEqual(account.records.list(CLIENT));
    expect(restored.records.get(TOKEN, tokenId)?.values['custrecord_oauth_status']).toBe(5000);
    expect(restored.getFile(fileId)?.path).toBe('/SuiteScripts/Keys/key.pem');
    expect(restored.getParameters('customdeploy_s')).toEqual({ custscript_text: 'configured' });
    expect(restored.logs).toEqual(account.logs);
    expect(restored.certificates.get('custcertificate_m2m')?.revoked).toBe(false);

    const after = restored.runScheduled({ deploymentId: 'customdeploy_s' });
    expect(after.error).toBeUndefined();
    expect(logged(after.logs, 'state')).toEqual({
      clients: [['erp', '7/1/2026 12:00 am']],
      param: 'configured',
      cached: 'kept',
      key: '-----BEGIN',
    });
    expect(after.executionId).toBeGreaterThan(before.executionId);
    const newId = restored.records.insert(CLIENT, { name: 'second', custrecord_oauth_client_key_hash: 'cd' });
    expect(newId).toBeGreaterThan(restored.records.list(CLIENT)[0]?.id ?? Infinity);
  });

  it('keeps working under concurrent async callers (each execution is synchronous)', async () => {
    const { account } = setup(
      { 's.js': scheduled({ record: 'N/record' }, `var r = record.create({ type: '${TOKEN}' }); r.setValue({ fieldId: 'custrecord_oauth_token', value: 't' }); r.save();`) },
      [scheduledScript('s', 's.js')],
    );
    const results = await Promise.all(Array.from({ length: 25 }, () => Promise.resolve().then(() => account.runScheduled({ deploymentId: 'customdeploy_s' }))));
    expect(results.every((r) => r.ok)).toBe(true);
    const ids = account.records.list(TOKEN).map((r) => r.id);
    expect(new Set(ids).size).toBe(25);
  });
});
