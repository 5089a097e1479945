import { describe, expect, it } from '@jest/globals';
import { NetworkFault } from '../../tools/suitescript-runtime';
import { logged, scheduled, scheduledScript, setup, suitelet, suiteletScript } from './helpers';

const PARAMS = [
  { scriptId: 'custscript_text', label: 'Text', type: 'TEXT' as const, mandatory: false },
  { scriptId: 'custscript_int', label: 'Int', type: 'INTEGER' as const, mandatory: false },
  { scriptId: 'custscript_flag', label: 'Flag', type: 'CHECKBOX' as const, mandatory: false },
  { scriptId: 'custscript_default', label: 'Default', type: 'INTEGER' as const, mandatory: false, defaultValue: '20' },
];

describe('scheduled executions', () => {
  it('records an uncaught error as NetSuite does: an ERROR log and a failed execution, never thrown to the caller', () => {
    const { account } = setup({ 's.js': scheduled({}, `log.audit('start', 'x'); null.boom;`) }, [scheduledScript('s', 's.js')]);
    const r = account.runScheduled({ deploymentId: 'customdeploy_s' });
    expect(r.ok).toBe(false);
    expect(r.error?.name).toBe('TypeError');
    expect(r.logs.map((l) => [l.level, l.title])).toEqual([
      ['AUDIT', 'start'],
      ['ERROR', 'TypeError'],
    ]);
    expect(JSON.parse(r.logs[1]?.details ?? '')).toMatchObject({ name: 'TypeError', stack: expect.arrayContaining([expect.stringContaining('/SuiteScripts/T/s.js')]) });
  });

  it('types parameters as NetSuite does: strings, numbers, booleans, empty string when unset (or null when configured)', () => {
    const body = `var s = runtime.getCurrentScript();
    log.debug('p', ['custscript_text', 'custscript_int', 'custscript_flag', 'custscript_default', 'custscript_unknown'].map(function (n) { return s.getParameter({ name: n }); })
      .concat([s.id, s.deploymentId, ctx.type, runtime.executionContext, runtime.accountId, runtime.envType]));`;
    const objects = [scheduledScript('s', 's.js', PARAMS)];
    const { account } = setup({ 's.js': scheduled({ runtime: 'N/runtime' }, body) }, objects);
    expect(logged(account.runScheduled({ deploymentId: 'customdeploy_s' }).logs, 'p')).toEqual(['', '', false, 20, null, 'customscript_s', 'customdeploy_s', 'SCHEDULED', 'SCHEDULED', '1234567_SB1', 'SANDBOX']);
    account.setParameters('customdeploy_s', { custscript_text: 'abc', custscript_int: 15, custscript_flag: true });
    expect((logged(account.runScheduled({ deploymentId: 'customdeploy_s', type: 'ON_DEMAND' }).logs, 'p') as unknown[]).slice(0, 5)).toEqual(['abc', 15, true, 20, null]);
    expect(() => account.setParameters('customdeploy_s', { custscript_int: 'many' })).toThrow(/INTEGER/);
    expect(() => account.setParameters('customdeploy_s', { custscript_nope: 'x' })).toThrow(/has no parameter custscript_nope/);

    const nulls = setup({ 's.js': scheduled({ runtime: 'N/runtime' }, body) }, objects, { unsetParameterValue: null }).account;
    expect((logged(nulls.runScheduled({ deploymentId: 'customdeploy_s' }).logs, 'p') as unknown[]).slice(0, 3)).toEqual([null, null, false]);
  });
});

describe('governance', () => {
  it('meters calls at NetSuite unit costs and reports remaining usage', () => {
    const { account } = setup(
      {
        's.js': scheduled(
          { runtime: 'N/runtime', record: 'N/record', cache: 'N/cache', email: 'N/email', https: 'N/https' },
          `var before = runtime.getCurrentScript().getRemainingUsage();
    var r = record.create({ type: 'customrecord_oauth_token' }); r.save();
    var c = cache.getCache({ name: 'c' });
    c.get({ key: 'k', loader: function () { return 'v'; } }); c.get({ key: 'k' }); c.put({ key: 'k2', value: 'x' }); c.remove({ key: 'k2' });
    email.send({ author: -5, recipients: ['ops@example.com'], subject: 's', body: 'b' });
    https.post({ url: 'https://example.test/x', body: 'a' });
    log.debug('u', [before, runtime.getCurrentScript().getRemainingUsage()]);`,
        ),
      },
      [scheduledScript('s', 's.js')],
    );
    account.https.route(() => true, () => ({ code: 204, body: '' }));
    const r = account.runScheduled({ deploymentId: 'customdeploy_s' });
    expect(r.error).toBeUndefined();
    expect(r.usage).toBe(2 + 4 + 2 + 1 + 1 + 1 + 20 + 10);
    expect(logged(r.logs, 'u')).toEqual([10_000, 10_000 - r.usage]);
    expect(r.remainingUsage).toBe(10_000 - r.usage);
  });

  it('throws SSS_USAGE_LIMIT_EXCEEDED past the limit and fails the execution even when the script catches it', () => {
    const body = `var n = 0;
      try { for (;;) { record.load({ type: 'customrecord_oauth_token', id: id }); n++; } } catch (e) { log.debug('caught', [e.name, n]); }
      response.write('still answering');`;
    const { account } = setup({ 'p.js': suitelet({ record: 'N/record', log: 'N/log' }, `var id = ${'request.parameters.id'};\n${body}`) }, [suiteletScript('p', 'p.js')]);
    const id = account.records.insert('customrecord_oauth_token', {});
    const r = account.runSuitelet({ deploymentId: 'customdeploy_p', parameters: { id: String(id) } });
    expect(logged(r.logs, 'caught')).toEqual(['SSS_USAGE_LIMIT_EXCEEDED', 500]);
    expect(r.usageExceeded).toBe(true);
    expect(r.status).toBe(500);
    expect(r.error?.name).toBe('SSS_USAGE_LIMIT_EXCEEDED');
    const low = account.runSuitelet({ deploymentId: 'customdeploy_p', parameters: { id: String(id) }, remainingUsage: 7 });
    expect(logged(low.logs, 'caught')).toEqual(['SSS_USAGE_LIMIT_EXCEEDED', 3]);
  });
});

describe('N/task', () => {
  it('queues a deployment once, refuses a second submit while it waits, and runs queued tasks on demand with params', () => {
    const { account } = setup(
      {
        'worker.js': scheduled({ runtime: 'N/runtime' }, `log.audit('worker', [ctx.type, runtime.getCurrentScript().getParameter({ name: 'custscript_text' })]);`),
        'p.js': suitelet({ task: 'N/task' }, `
          function submit() {
            try { return task.create({ taskType: task.TaskType.SCHEDULED_SCRIPT, scriptId: 'customscript_worker', deploymentId: 'customdeploy_worker', params: { custscript_text: 'from proxy' } }).submit(); }
            catch (e) { return e.name + ': ' + e.message; }
          }
          response.write(JSON.stringify([submit(), submit()]));`),
      },
      [scheduledScript('worker', 'worker.js', PARAMS), suiteletScript('p', 'p.js')],
    );
    const [first, second] = JSON.parse(account.runSuitelet({ deploymentId: 'customdeploy_p' }).body) as string[];
    expect(first).toMatch(/^SCHEDSCRIPT_/);
    expect(second).toMatch(/^FAILED_TO_SUBMIT_JOB_REQUEST_1: Failed to submit job request: deployment customdeploy_worker is already queued/);
    expect(account.tasks).toEqual([expect.objectContaining({ id: first, status: 'PENDING', deploymentId: 'customdeploy_worker', params: { custscript_text: 'from proxy' } })]);
    const runs = account.runQueuedTasks();
    expect(runs).toHaveLength(1);
    expect(logged(runs[0]?.logs ?? [], 'worker')).toEqual(['ON_DEMAND', 'from proxy']);
    expect(account.tasks[0]?.status).toBe('COMPLETE');
    expect(JSON.parse(account.runSuitelet({ deploymentId: 'customdeploy_p' }).body)[0]).toMatch(/^SCHEDSCRIPT_/);
  });

  it('defers a scheduled script resubmitting itself and returns no task id', () => {
    const { account } = setup(
      { 'self.js': scheduled({ task: 'N/task' }, `log.debug('id', task.create({ taskType: task.TaskType.SCHEDULED_SCRIPT, scriptId: 'customscript_self', deploymentId: 'customdeploy_self' }).submit());`) },
      [scheduledScript('self', 'self.js')],
    );
    const r = account.runScheduled({ deploymentId: 'customdeploy_self' });
    expect(logged(r.logs, 'id')).toBe('');
    expect(r.logs[0]?.details).toBe('');
    expect(account.tasks.map((t) => t.status)).toEqual(['PENDING']);
  });
});

describe('N/https router', () => {
  it('answers from routes, records requests, turns NetworkFaults into SuiteScript errors and refuses unrouted URLs', () => {
    const { account } = setup(
      {
        's.js': scheduled(
          { https: 'N/https' },
          `function call(u) { try { var r = https.post({ url: u, body: { grant_type: 'client_credentials', a: 'b c' }, headers: { Host: 'evil', 'X-Test': 1 } }); return [r.code, r.body, r.headers['content-type']]; } catch (e) { return e.name + ': ' + e.message; } }
    log.debug('r', [call('https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token'), call('https://slow.example.test/'), call('https://unrouted.example.test/'), call('http://1234567-sb1.suitetalk.api.netsuite.com/x')]);`,
        ),
      },
      [scheduledScript('s', 's.js')],
    );
    account.https.route(
      (u) => u.hostname.endsWith('.suitetalk.api.netsuite.com'),
      (req) => ({ code: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ got: req.body }) }),
    );
    account.https.route('https://slow.example.test/', () => {
      throw new NetworkFault('SSS_REQUEST_TIME_EXCEEDED');
    });
    const r = account.runScheduled({ deploymentId: 'customdeploy_s' });
    const [ok, slow, unrouted, plain] = logged(r.logs, 'r') as unknown[];
    expect(ok).toEqual([200, JSON.stringify({ got: 'grant_type=client_credentials&a=b+c' }), 'application/json']);
    expect(slow).toBe('SSS_REQUEST_TIME_EXCEEDED: The host you are trying to connect to has exceeded the maximum allowed response time.');
    expect(unrouted).toMatch(/^RuntimeFault: SuiteScript runtime: no https route answers POST https:\/\/unrouted\.example\.test\//);
    expect(plain).toMatch(/^SSS_INVALID_URL/);
    expect(r.faults).toHaveLength(1);
    const sent = account.https.requests[0];
    expect(sent).toMatchObject({
      method: 'POST',
      headers: { 'X-Test': '1', 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      outcome: { code: 200 },
      deploymentId: 'customdeploy_s',
    });
    expect(sent?.headers).not.toHaveProperty('Host');
    expect(account.https.requests.map((q) => q.outcome)).toEqual([{ code: 200 }, { fault: 'SSS_REQUEST_TIME_EXCEEDED' }, { fault: 'NO_ROUTE' }]);
  });
});

describe('N/cache', () => {
  it('shares PUBLIC entries across scripts, keeps PRIVATE ones per script, honours TTL (min 300 s) and stores strings', () => {
    let clock = Date.UTC(2026, 0, 1);
    const writer = scheduled(
      { cache: 'N/cache' },
      `cache.getCache({ name: 'c', scope: cache.Scope.PUBLIC }).put({ key: 'shared', value: { n: 1 }, ttl: 60 });
    cache.getCache({ name: 'c' }).put({ key: 'mine', value: 'private' });`,
    );
    const reader = scheduled(
      { cache: 'N/cache' },
      `var pub = cache.getCache({ name: 'c', scope: cache.Scope.PUBLIC });
    log.debug('r', [pub.get({ key: 'shared' }), cache.getCache({ name: 'c', scope: cache.Scope.PRIVATE }).get({ key: 'mine' }),
      pub.get({ key: 'lazy', loader: function (ctx) { return [ctx.key, 2]; } }), pub.get({ key: 'nothing' })]);`,
    );
    const { account } = setup({ 'w.js': writer, 'r.js': reader }, [scheduledScript('w', 'w.js'), scheduledScript('r', 'r.js')], { now: () => clock });
    account.runScheduled({ deploymentId: 'customdeploy_w' });
    const read = () => account.runScheduled({ deploymentId: 'customdeploy_r' });
    const first = read();
    expect(logged(first.logs, 'r')).toEqual(['{"n":1}', null, '["lazy",2]', null]);
    expect(first.usageByApi).toEqual({ 'Cache.get': 3, 'Cache.get (loader)': 2 });
    clock += 299_000;
    expect((logged(read().logs, 'r') as unknown[])[0]).toBe('{"n":1}');
    clock += 2_000;
    expect((logged(read().logs, 'r') as unknown[])[0]).toBeNull();
    account.cache.evictAll();
    expect(account.cache.list()).toEqual([]);
  });
});

describe('N/email', () => {
  it('captures sent messages and validates recipients', () => {
    const { account } = setup(
      {
        's.js': scheduled(
          { email: 'N/email' },
          `email.send({ author: -5, recipients: 'ops@example.com', cc: ['lead@example.com'], subject: 'Token refresh failed', body: 'invalid_grant' });
    try { email.send({ author: -5, recipients: 'not an address', subject: 's', body: 'b' }); } catch (e) { log.debug('bad', e.name); }`,
        ),
      },
      [scheduledScript('s', 's.js')],
    );
    const r = account.runScheduled({ deploymentId: 'customdeploy_s' });
    expect(account.emails).toEqual([expect.objectContaining({ author: -5, recipients: ['ops@example.com'], cc: ['lead@example.com'], subject: 'Token refresh failed', body: 'invalid_grant' })]);
    expect(logged(r.logs, 'bad')).toBe('INVALID_EMAILS_FOUND');
  });
});
