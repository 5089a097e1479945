/**
 * Platform rule: logging is rationed per hour (N/log Module Guidelines). Lines past the ration are lost; every run
 * reports the lines it wrote and the lines dropped.
 */
import { describe, expect, it } from '@jest/globals';
import { scheduled, scheduledScript, setup, suitelet, suiteletScript } from './helpers';

describe('log ration', () => {
  it('drops lines past the per-script hourly ration and reports written and dropped lines per run', () => {
    let clock = Date.UTC(2026, 0, 15, 10);
    const { account } = setup({ 's.js': scheduled({}, `for (var i = 0; i < 8; i++) log.audit('line', i); log.debug('below level?', 'counted only when written');`) }, [scheduledScript('s', 's.js')], {
      now: () => clock,
      logLimits: { perScriptPerHour: 5 },
    });
    const first = account.runScheduled({ deploymentId: 'customdeploy_s' });
    expect([first.logLines, first.logLinesDropped]).toEqual([5, 4]);
    expect(first.logs.map((l) => l.details)).toEqual(['0', '1', '2', '3', '4']);

    clock += 30 * 60_000; // same hour: the ration is spent
    const second = account.runScheduled({ deploymentId: 'customdeploy_s' });
    expect([second.logLines, second.logLinesDropped]).toEqual([0, 9]);

    clock += 31 * 60_000; // the first run's lines left the 60-minute window
    expect(account.runScheduled({ deploymentId: 'customdeploy_s' }).logLines).toBe(5);
  });

  it('shares the account-wide ration between scripts, and an uncaught error is still logged', () => {
    const { account } = setup(
      {
        'a.js': scheduled({}, `for (var i = 0; i < 4; i++) log.audit('a', i);`),
        'p.js': suitelet({}, `for (var i = 0; i < 4; i++) log.audit('rejected request', i); throw new Error('boom');`),
      },
      [scheduledScript('a', 'a.js'), suiteletScript('p', 'p.js')],
      { now: () => Date.UTC(2026, 0, 15, 10), logLimits: { perAccountPerHour: 6 } },
    );
    expect(account.runScheduled({ deploymentId: 'customdeploy_a' }).logLines).toBe(4);
    const p = account.runSuitelet({ deploymentId: 'customdeploy_p' });
    expect([p.logLines, p.logLinesDropped]).toEqual([2, 2]);
    expect(p.logs.map((l) => l.title)).toEqual(['rejected request', 'rejected request', 'Error']);
  });
});
