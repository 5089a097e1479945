/**
 * Platform rule: task.submit() by deployment status. Scheduled: not now (keeps to its schedule); Not Scheduled: queued at
 * once; already queued or running: NetSuite's error; the submitting role needs SuiteScript Scheduling.
 */
import { describe, expect, it } from '@jest/globals';
import { logged, scheduled, scheduledScript, setup, suitelet, suiteletScript } from './helpers';

const SUBMIT = `var out = [];
    ['customdeploy_w_scheduled', 'customdeploy_w_now', 'customdeploy_w_now'].forEach(function (d) {
      try {
        var t = task.create({ taskType: task.TaskType.SCHEDULED_SCRIPT, scriptId: 'customscript_w', deploymentId: d });
        var id = t.submit();
        out.push([d, typeof id, task.checkStatus({ taskId: id }).status]);
      } catch (e) { out.push([d, e.name]); }
    });
    log.debug('submits', out);`;

function account() {
  const { account } = setup(
    {
      'submitter.js': scheduled({ task: 'N/task' }, SUBMIT),
      'w.js': scheduled({}, `log.audit('worker ran', ctx.type);`),
    },
    [scheduledScript('submitter', 'submitter.js'), scheduledScript('w', 'w.js', [], ['customdeploy_w_scheduled', 'customdeploy_w_now'])],
  );
  account.updateDeployment('customdeploy_w_scheduled', { status: 'SCHEDULED', repeatMinutes: 15 });
  return account;
}

describe('task.submit() by deployment status', () => {
  it('queues a Not Scheduled deployment now, leaves a Scheduled one to its schedule, and refuses a second submit while queued', () => {
    const a = account();
    const r = a.runScheduled({ deploymentId: 'customdeploy_submitter' });
    expect(logged(r.logs, 'submits')).toEqual([
      ['customdeploy_w_scheduled', 'string', 'PENDING'], // a task id, but nothing queued
      ['customdeploy_w_now', 'string', 'PENDING'],
      ['customdeploy_w_now', 'FAILED_TO_SUBMIT_JOB_REQUEST_1'],
    ]);
    expect(a.tasks.map((t) => [t.deploymentId, t.status])).toEqual([
      ['customdeploy_w_scheduled', 'NOT_QUEUED'],
      ['customdeploy_w_now', 'PENDING'],
    ]);
    const ran = a.runQueuedTasks();
    expect(ran.map((x) => [x.deploymentId, x.type])).toEqual([['customdeploy_w_now', 'ON_DEMAND']]);
    expect(a.tasks.map((t) => t.status)).toEqual(['NOT_QUEUED', 'COMPLETE']);
    expect(a.runQueuedTasks()).toEqual([]); // the Scheduled deployment never runs from the queue
  });

  it('needs SuiteScript Scheduling on the submitting role (a Suitelet run as a custom role without it fails)', () => {
    const { account: a } = setup(
      {
        'p.js': suitelet({ task: 'N/task' }, `try { task.create({ taskType: task.TaskType.SCHEDULED_SCRIPT, scriptId: 'customscript_w', deploymentId: 'customdeploy_w' }).submit(); response.write('submitted'); } catch (e) { response.write(e.name); }`),
        'w.js': scheduled({}, ''),
      },
      [suiteletScript('p', 'p.js', 'public', { runAsRole: 'customrole_p' }), scheduledScript('w', 'w.js')],
    );
    a.defineObjects([{ kind: 'role', scriptId: 'customrole_p', permissions: [] }]);
    expect(a.runSuitelet({ deploymentId: 'customdeploy_p' }).body).toBe('INSUFFICIENT_PERMISSION');
    a.defineObjects([{ kind: 'role', scriptId: 'customrole_p', permissions: [{ key: 'ADMI_SS_SCHEDULING', level: 'VIEW' }] }]);
    expect(a.runSuitelet({ deploymentId: 'customdeploy_p' }).body).toBe('submitted');
  });
});
