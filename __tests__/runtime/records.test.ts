import { describe, expect, it } from '@jest/globals';
import type { SdfObject } from '../../tools/sdf/model';
import { CLIENT, DATA_OBJECTS, LIST, TOKEN, logged, scheduled, scheduledScript, setup, suitelet, suiteletScript } from './helpers';

const MODS = { record: 'N/record', search: 'N/search' };

/** Runs `body` as a scheduled script against a fresh account; returns the result and account. */
function run(body: string, options: Parameters<typeof setup>[2] = {}) {
  const { account } = setup({ 's.js': scheduled(MODS, body) }, [scheduledScript('s', 's.js')], options);
  return { account, result: account.runScheduled({ deploymentId: 'customdeploy_s' }) };
}

/** Runs `body` in a fresh execution of an existing account. */
function again(account: ReturnType<typeof setup>['account'], body: string) {
  account.addFile({ path: '/SuiteScripts/T/s.js', contents: scheduled(MODS, body) });
  return account.runScheduled({ deploymentId: 'customdeploy_s' });
}

/** The error name a statement throws inside a script. */
function thrown(statement: string): string {
  return `try { ${statement}; return 'no error'; } catch (e) { return e.name; }`;
}

describe('custom lists', () => {
  it('gives list values account-specific internal ids (never 1, 2, 3) and returns script ids in upper case from searches', () => {
    const { account, result } = run(`
    var rows = search.create({ type: '${LIST}', columns: ['name', 'scriptid', 'isinactive'] }).run().getRange({ start: 0, end: 10 });
    log.debug('list', rows.map(function (r) { return [r.id, r.getValue('scriptid'), r.getValue('name'), r.getValue('isinactive')]; }));
    var active = search.create({ type: '${LIST}', filters: [['scriptid', 'is', 'val_active']], columns: ['name'] }).run().getRange({ start: 0, end: 1 });
    log.debug('active', active.length === 1 ? active[0].id : null);`);
    const ids = account.lists.values(LIST).map((v) => v.id);
    expect(ids.some((id) => id <= 3)).toBe(false);
    expect(logged(result.logs, 'list')).toEqual([
      [String(ids[0]), 'VAL_ACTIVE', 'Active', false],
      [String(ids[1]), 'VAL_ERROR', 'Error', false],
      [String(ids[2]), 'VAL_EXPIRED', 'Expired', false],
    ]);
    expect(logged(result.logs, 'active')).toBe(account.lists.idOf(LIST, 'val_active'));
  });
});

describe('N/record field rules', () => {
  it('creates, loads, updates and deletes records with typed values', () => {
    const { account, result } = run(`
    var status = search.create({ type: '${LIST}', filters: [['scriptid', 'is', 'VAL_ACTIVE']], columns: ['name'] }).run().getRange({ start: 0, end: 1 })[0].id;
    var rec = record.create({ type: '${TOKEN}' });
    rec.setValue({ fieldId: 'custrecord_oauth_token', value: 'abc' });
    rec.setValue({ fieldId: 'custrecord_oauth_expires', value: new Date(Date.UTC(2026, 0, 15, 11, 0, 0)) });
    rec.setValue({ fieldId: 'custrecord_oauth_status', value: status });
    var id = rec.save();
    var loaded = record.load({ type: '${TOKEN}', id: id });
    var exp = loaded.getValue({ fieldId: 'custrecord_oauth_expires' });
    log.debug('loaded', [typeof id, loaded.id === id, loaded.getValue('custrecord_oauth_token'), exp instanceof Date, exp.toISOString(),
      loaded.getValue('custrecord_oauth_status') === String(status), loaded.getText('custrecord_oauth_status'), loaded.getValue('isinactive'),
      loaded.getValue('custrecord_oauth_last_error')]);
    record.submitFields({ type: '${TOKEN}', id: id, values: { custrecord_oauth_last_error: 'boom' } });
    log.debug('after', record.load({ type: '${TOKEN}', id: String(id) }).getValue('custrecord_oauth_last_error'));
    record.delete({ type: '${TOKEN}', id: id });
    try { record.load({ type: '${TOKEN}', id: id }); } catch (e) { log.debug('gone', [e.name, e.message, e.type]); }`);
    expect(result.error).toBeUndefined();
    expect(logged(result.logs, 'loaded')).toEqual([
      'number', true, 'abc', true, '2026-01-15T11:00:00.000Z', true, 'Active', false, '',
    ]);
    expect(logged(result.logs, 'after')).toBe('boom');
    expect(logged(result.logs, 'gone')).toEqual(['RCRD_DSNT_EXIST', 'That record does not exist.', 'error.SuiteScriptError']);
    expect(account.records.list(TOKEN)).toEqual([]);
  });

  it('rejects values NetSuite rejects', () => {
    const { account, result } = run(`
    var rec = record.create({ type: '${TOKEN}' });
    log.debug('errors', [
      (function () { ${thrown(`rec.setValue({ fieldId: 'custrecord_oauth_expires', value: '2026-01-15T11:00:00Z' })`)} })(),
      (function () { ${thrown(`rec.setValue({ fieldId: 'custrecord_oauth_expires', value: Date.now() })`)} })(),
      (function () { ${thrown(`rec.setValue({ fieldId: 'custrecord_oauth_status', value: 1 })`)} })(),
      (function () { ${thrown(`rec.setValue({ fieldId: 'custrecord_oauth_status', value: '2' })`)} })(),
      (function () { ${thrown(`rec.setValue({ fieldId: 'custrecord_oauth_last_error', value: new Array(4002).join('x') })`)} })(),
      (function () { ${thrown(`rec.setValue({ fieldId: 'custrecord_oauth_token', value: new Array(1000002).join('x') })`)} })(),
      (function () { ${thrown(`rec.setValue({ fieldId: 'custrecord_oauth_tokn', value: 'x' })`)} })(),
      (function () { ${thrown(`rec.setValue({ fieldId: 'isinactive', value: 'T' })`)} })(),
      (function () { ${thrown(`record.create({ type: '${CLIENT}' }).setValue({ fieldId: 'custrecord_oauth_client_key_hash', value: new Array(302).join('x') })`)} })(),
      (function () { ${thrown(`record.create({ type: '${CLIENT}' }).save()`)} })(),
      (function () { ${thrown(`record.load({ type: 'customrecord_nope', id: 1 })`)} })(),
    ]);
    rec.setValue({ fieldId: 'custrecord_oauth_token', value: new Array(300001).join('x') });
    rec.setValue({ fieldId: 'custrecord_oauth_status', value: null });
    log.debug('ok', 'long token accepted');`);
    expect(result.error).toBeUndefined();
    expect(logged(result.logs, 'errors')).toEqual([
      'INVALID_FLD_VALUE',
      'INVALID_FLD_VALUE',
      'INVALID_KEY_OR_REF',
      'INVALID_KEY_OR_REF',
      'THE_FIELD_1_CONTAINED_MORE_THAN_THE_MAXIMUM_NUMBER__2__OF_CHARACTERS_ALLOWED',
      'THE_FIELD_1_CONTAINED_MORE_THAN_THE_MAXIMUM_NUMBER__2__OF_CHARACTERS_ALLOWED',
      'INVALID_FIELD_ID',
      'INVALID_FLD_VALUE',
      'THE_FIELD_1_CONTAINED_MORE_THAN_THE_MAXIMUM_NUMBER__2__OF_CHARACTERS_ALLOWED',
      'USER_ERROR',
      'INVALID_RCRD_TYPE',
    ]);
    expect(logged(result.logs, 'ok')).toBe('long token accepted');
    expect(account.lists.values(LIST).map((v) => v.id)).not.toContain(1);
  });

  it('throws RCRD_HAS_BEEN_CHANGED when saving a record another save changed since it was loaded', () => {
    const { account } = run('');
    const id = account.records.insert(TOKEN, { custrecord_oauth_token: 'v1' });
    const result = again(
      account,
      `
    var a = record.load({ type: '${TOKEN}', id: ${id} });
    var b = record.load({ type: '${TOKEN}', id: ${id} });
    a.setValue({ fieldId: 'custrecord_oauth_token', value: 'from a' });
    b.setValue({ fieldId: 'custrecord_oauth_token', value: 'from b' });
    a.save();
    log.debug('second', (function () { ${thrown('b.save()')} })());`,
    );
    expect(result.error).toBeUndefined();
    expect(logged(result.logs, 'second')).toBe('RCRD_HAS_BEEN_CHANGED');
    expect(account.records.get(TOKEN, id)?.values['custrecord_oauth_token']).toBe('from a');
  });

  it('test helpers insert and read records with the same rules, without governance', () => {
    const { account } = run('');
    const active = account.lists.idOf(LIST, 'Active');
    const expires = new Date(Date.UTC(2026, 5, 1));
    const id = account.records.insert(TOKEN, { custrecord_oauth_token: 't', custrecord_oauth_expires: expires, custrecord_oauth_status: active });
    expect(account.records.get(TOKEN, id)?.values).toMatchObject({ custrecord_oauth_token: 't', custrecord_oauth_expires: expires, custrecord_oauth_status: active, isinactive: false });
    expect(() => account.records.insert(TOKEN, { custrecord_oauth_expires: '2026-06-01' as unknown as Date })).toThrow(
      expect.objectContaining({ name: 'INVALID_FLD_VALUE' }),
    );
    account.records.update(TOKEN, id, { isinactive: true });
    expect(account.records.get(TOKEN, id)?.values['isinactive']).toBe(true);
  });
});

describe('N/search', () => {
  function seeded() {
    const { account } = run('');
    const at = (h: number) => new Date(Date.UTC(2026, 0, 15, h, 0, 0));
    const ids = [
      account.records.insert(CLIENT, { name: 'alpha', custrecord_oauth_client_key_hash: 'aa', custrecord_oauth_client_expires: at(10) }),
      account.records.insert(CLIENT, { name: 'Beta', custrecord_oauth_client_key_hash: 'bb', isinactive: true }),
      account.records.insert(CLIENT, { name: 'gamma', custrecord_oauth_client_key_hash: 'cc', custrecord_oauth_client_expires: at(20) }),
    ];
    return { account, ids };
  }

  it('evaluates filter expressions with NetSuite operators, sorts, and formats values like search results', () => {
    const { account, ids } = seeded();
    const result = again(
      account,
      `
    function names(filters, columns) {
      return search.create({ type: '${CLIENT}', filters: filters, columns: columns || ['name'] }).run().getRange({ start: 0, end: 100 })
        .map(function (r) { return r.getValue('name'); });
    }
    log.debug('q', {
      active: names([['isinactive', 'is', 'F']]),
      hash: names([['custrecord_oauth_client_key_hash', 'is', 'BB']]),
      notHash: names([['custrecord_oauth_client_key_hash', 'isnot', 'bb'], 'AND', ['isinactive', 'is', 'F']]),
      or: names([['name', 'is', 'alpha'], 'OR', ['name', 'is', 'gamma']]),
      nested: names([['isinactive', 'is', 'F'], 'AND', [['name', 'startswith', 'g'], 'OR', ['name', 'contains', 'lph']]]),
      not: names(['NOT', ['name', 'is', 'alpha']]),
      noExpiry: names([['custrecord_oauth_client_expires', 'isempty', '']]),
      hasExpiry: names([['custrecord_oauth_client_expires', 'isnotempty', '']]),
      after: names([['custrecord_oauth_client_expires', 'after', new Date(Date.UTC(2026, 0, 15, 12))]]),
      before: names([['custrecord_oauth_client_expires', 'before', new Date(Date.UTC(2026, 0, 15, 12))]]),
      onorafter: names([['custrecord_oauth_client_expires', 'onorafter', new Date(Date.UTC(2026, 0, 15, 20))]]),
      ids: names([['internalid', 'anyof', ['${ids[0]}', '${ids[2]}']]]),
      noneof: names([['internalid', 'noneof', '${ids[0]}']]),
      objects: names([search.createFilter({ name: 'isinactive', operator: search.Operator.IS, values: 'F' }), { name: 'name', operator: 'is', values: ['gamma'] }]),
      sorted: names([], [search.createColumn({ name: 'name', sort: search.Sort.DESC })]),
      dates: search.create({ type: '${CLIENT}', filters: [['name', 'is', 'alpha']], columns: ['custrecord_oauth_client_expires', 'isinactive'] })
        .run().getRange({ start: 0, end: 1 }).map(function (r) { return [r.getValue('custrecord_oauth_client_expires'), r.getValue('isinactive'), r.getText('name'), r.getValue('created') ]; }),
    });`,
    );
    expect(result.error).toBeUndefined();
    expect(logged(result.logs, 'q')).toEqual({
      active: ['alpha', 'gamma'],
      hash: ['Beta'],
      notHash: ['alpha', 'gamma'],
      or: ['alpha', 'gamma'],
      nested: ['alpha', 'gamma'],
      not: ['Beta', 'gamma'],
      noExpiry: ['Beta'],
      hasExpiry: ['alpha', 'gamma'],
      after: ['gamma'],
      before: ['alpha'],
      onorafter: ['gamma'],
      ids: ['alpha', 'gamma'],
      noneof: ['Beta', 'gamma'],
      objects: ['gamma'],
      sorted: ['gamma', 'Beta', 'alpha'],
      dates: [['1/15/2026 2:00 am', false, null, null]],
    });
  });

  it('compares integer fields with number operators', () => {
    const { account } = run('');
    account.defineObjects([
      { kind: 'customrecordtype', scriptId: 'customrecord_counter', name: 'Counter', accessType: 'NONENEEDED', fields: [{ scriptId: 'custrecord_n', label: 'N', type: 'INTEGER' }] },
    ]);
    for (const n of [5, 10, 15]) account.records.insert('customrecord_counter', { name: `n${n}`, custrecord_n: n });
    account.records.insert('customrecord_counter', { name: 'empty' });
    const result = again(
      account,
      `function names(f) { return search.create({ type: 'customrecord_counter', filters: f, columns: ['name', 'custrecord_n'] }).run().getRange({ start: 0, end: 10 }).map(function (r) { return r.getValue('name') + '=' + r.getValue('custrecord_n'); }); }
    log.debug('n', [names([['custrecord_n', 'equalto', 10]]), names([['custrecord_n', 'greaterthan', '5']]), names([['custrecord_n', 'lessthan', 10]]),
      names([['custrecord_n', 'between', 6, 15]]), names([['custrecord_n', 'isempty', '']]),
      (function () { try { names([['custrecord_n', 'is', '5']]); return 'no error'; } catch (e) { return e.name; } })()]);`,
    );
    expect(logged(result.logs, 'n')).toEqual([['n10=10'], ['n10=10', 'n15=15'], ['n5=5'], ['n10=10', 'n15=15'], ['empty='], 'SSS_INVALID_SRCH_OPERATOR']);
  });

  it('rejects operators that do not fit the field type, unknown filters and columns', () => {
    const { account } = seeded();
    const result = again(
      account,
      `
    function err(filters, columns) {
      try { search.create({ type: '${CLIENT}', filters: filters, columns: columns || ['name'] }).run().getRange({ start: 0, end: 1 }); return 'no error'; }
      catch (e) { return e.name; }
    }
    log.debug('errs', [
      err([['isinactive', 'is', 'F']]),
      err([['isinactive', 'anyof', 'F']]),
      err([['internalid', 'is', '1']]),
      err([['custrecord_oauth_client_expires', 'is', '1/1/2026']]),
      err([['custrecord_oauth_client_key_hash', 'anyof', 'x']]),
      err([['custrecord_nope', 'is', 'x']]),
      err([], ['custrecord_nope']),
    ]);`,
    );
    expect(logged(result.logs, 'errs')).toEqual([
      'no error',
      'SSS_INVALID_SRCH_OPERATOR',
      'SSS_INVALID_SRCH_OPERATOR',
      'SSS_INVALID_SRCH_OPERATOR',
      'SSS_INVALID_SRCH_OPERATOR',
      'SSS_INVALID_SRCH_FILTER',
      'SSS_INVALID_SRCH_COL',
    ]);
  });

  it('each continues only while the callback returns true; lookupFields returns selects as [{value, text}]', () => {
    const { account, ids } = seeded();
    const tokenId = account.records.insert(TOKEN, { custrecord_oauth_status: account.lists.idOf(LIST, 'val_error'), custrecord_oauth_token: 'tok' });
    const result = again(
      account,
      `
    var seen = [];
    search.create({ type: '${CLIENT}', columns: ['name'] }).run().each(function (r) { seen.push(r.getValue('name')); return seen.length < 2; });
    var stopped = [];
    search.create({ type: '${CLIENT}', columns: ['name'] }).run().each(function (r) { stopped.push(r.id); });
    log.debug('each', [seen, stopped]);
    log.debug('lookup', search.lookupFields({ type: '${TOKEN}', id: ${tokenId}, columns: ['custrecord_oauth_status', 'custrecord_oauth_token', 'custrecord_oauth_expires', 'isinactive'] }));
    log.debug('missing', search.lookupFields({ type: '${TOKEN}', id: 999999, columns: ['custrecord_oauth_token'] }));`,
    );
    expect(logged(result.logs, 'each')).toEqual([['alpha', 'Beta'], [String(ids[0])]]);
    expect(logged(result.logs, 'lookup')).toEqual({
      custrecord_oauth_status: [{ value: String(account.lists.idOf(LIST, 'val_error')), text: 'Error' }],
      custrecord_oauth_token: 'tok',
      custrecord_oauth_expires: '',
      isinactive: false,
    });
    expect(logged(result.logs, 'missing')).toEqual({});
    expect(result.usageByApi).toEqual({ 'ResultSet.each': 20, 'N/search.lookupFields': 2 });
  });
});

describe('record access from an "available without login" Suitelet', () => {
  const body = `function attempt(f) { try { f(); return 'ok'; } catch (e) { return e.name; } }
      response.write(JSON.stringify([
        attempt(function () { search.create({ type: '${TOKEN}', columns: ['name'] }).run().getRange({ start: 0, end: 1 }); }),
        attempt(function () { record.create({ type: '${TOKEN}' }).save(); }),
        attempt(function () { search.lookupFields({ type: '${CLIENT}', id: 1, columns: ['name'] }); }),
      ]));`;
  const ROLE = {
    kind: 'role' as const,
    scriptId: 'customrole_proxy',
    permissions: [{ key: TOKEN, level: 'VIEW' }],
  };

  it('gives the online user no access to restricted record types, and the run-as role exactly its permissions', () => {
    const { account } = setup({ 'p.js': suitelet({ search: 'N/search', record: 'N/record' }, body) }, [
      suiteletScript('asadmin', 'p.js'),
      suiteletScript('norole', 'p.js', 'public', { runAsRole: undefined }),
      suiteletScript('custom', 'p.js', 'public', { runAsRole: 'customrole_proxy' }),
    ]);
    account.defineObjects([{ ...DATA_OBJECTS[1], accessType: 'USEPERMISSIONLIST' } as SdfObject, { ...DATA_OBJECTS[2], accessType: 'USEPERMISSIONLIST' } as SdfObject, ROLE]);
    const answer = (id: string) => JSON.parse(account.runSuitelet({ deploymentId: `customdeploy_${id}` }).body) as string[];
    expect(answer('asadmin')).toEqual(['ok', 'ok', 'ok']);
    expect(answer('norole')).toEqual(['INSUFFICIENT_PERMISSION', 'INSUFFICIENT_PERMISSION', 'INSUFFICIENT_PERMISSION']);
    expect(answer('custom')).toEqual(['ok', 'INSUFFICIENT_PERMISSION', 'INSUFFICIENT_PERMISSION']);
  });

  it('fails loudly when the run-as role is not defined in the account', () => {
    const { account } = setup({ 'p.js': suitelet({ search: 'N/search', record: 'N/record' }, body) }, [suiteletScript('p', 'p.js', 'public', { runAsRole: 'customrole_missing' })]);
    const r = account.runSuitelet({ deploymentId: 'customdeploy_p' });
    expect(r.faults[0]).toMatch(/run-as role customrole_missing of customdeploy_p is not defined/);
  });
});
