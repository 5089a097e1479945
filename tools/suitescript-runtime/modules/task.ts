/**
 * N/task for scheduled scripts: `create({ taskType: SCHEDULED_SCRIPT, scriptId, deploymentId, params })` →
 * ScheduledScriptTask whose `submit()` (20 units) queues the deployment and returns a task id; `checkStatus({ taskId })`.
 * Only a Not Scheduled deployment is queued; a Scheduled one gets a task id but stays on its schedule (account task
 * status NOT_QUEUED, see Account.submitTask). Submitting a deployment that already has an unfinished task throws
 * FAILED_TO_SUBMIT_JOB_REQUEST_1; a scheduled
 * script resubmitting itself is queued for after the current run and gets no task id (null), as NetSuite documents.
 * Queued tasks run with `account.runQueuedTasks()`. Other task types are not implemented.
 */
import { sse } from '../errors';
import type { Execution } from '../execution';
import { enumObject, missingArg, opts, reqString, strict, stubs } from '../strict';

export const TASK_TYPES = enumObject({
  SCHEDULED_SCRIPT: 'SCHEDULED_SCRIPT',
  MAP_REDUCE: 'MAP_REDUCE',
  CSV_IMPORT: 'CSV_IMPORT',
  ENTITY_DEDUPLICATION: 'ENTITY_DEDUPLICATION',
  WORKFLOW_TRIGGER: 'WORKFLOW_TRIGGER',
  SEARCH: 'SEARCH',
  QUERY: 'QUERY',
  SUITE_QL: 'SUITEQL',
  RECORD_ACTION: 'RECORD_ACTION',
  PIVOT: 'PIVOT',
  DOCUMENT_CAPTURE: 'DOCUMENT_CAPTURE',
});

export function createTaskModule(ex: Execution): object {
  const mod: Record<string, unknown> = {
    create(options?: unknown) {
      const o = opts(options, 'task.create');
      const taskType = reqString(o, 'taskType', 'task.create');
      if (taskType !== 'SCHEDULED_SCRIPT') throw ex.fault(`task type ${taskType} is not implemented (SCHEDULED_SCRIPT only)`);
      const state = {
        id: null as string | null,
        scriptId: (o['scriptId'] ?? null) as unknown,
        deploymentId: (o['deploymentId'] ?? null) as unknown,
        params: (o['params'] ?? null) as unknown,
      };
      return strict(ex, 'task.ScheduledScriptTask', {
        get id() {
          return state.id;
        },
        get scriptId() {
          return state.scriptId;
        },
        set scriptId(v: unknown) {
          state.scriptId = v;
        },
        get deploymentId() {
          return state.deploymentId;
        },
        set deploymentId(v: unknown) {
          state.deploymentId = v;
        },
        get params() {
          return state.params;
        },
        set params(v: unknown) {
          state.params = v;
        },
        submit(): string | null {
          if (state.scriptId === null || state.scriptId === undefined || state.scriptId === '') throw missingArg('ScheduledScriptTask.submit: scriptId');
          const params: Record<string, string | number | boolean> = {};
          if (state.params !== null && state.params !== undefined) {
            if (typeof state.params !== 'object') throw sse('WRONG_PARAMETER_TYPE', 'Wrong parameter type: params is expected as object.');
            for (const [k, v] of Object.entries(state.params as Record<string, unknown>)) {
              params[k] = typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
            }
          }
          ex.gov.charge('ScheduledScriptTask.submit');
          const id = ex.account.submitTask(ex, String(state.scriptId), state.deploymentId === null || state.deploymentId === undefined ? undefined : String(state.deploymentId), params);
          state.id = id;
          return id;
        },
        toString() {
          return `ScheduledScriptTask(${String(state.scriptId)}, ${String(state.deploymentId)})`;
        },
        addInboundDependency: () => {
          throw ex.fault('task.ScheduledScriptTask.addInboundDependency is not implemented');
        },
      });
    },
    checkStatus(options?: unknown) {
      const o = opts(options, 'task.checkStatus');
      const taskId = reqString(o, 'taskId', 'task.checkStatus');
      const t = ex.account.tasks.find((x) => x.id === taskId);
      if (!t) throw sse('INVALID_TASK_ID', `The task ID ${taskId} is not valid.`);
      return strict(ex, 'task.ScheduledScriptTaskStatus', {
        scriptId: t.scriptId,
        deploymentId: t.deploymentId,
        // NOT_QUEUED (a Scheduled deployment submitted) is not a NetSuite TaskStatus; the task never runs now, so it
        // reads as PENDING, the status a script polling it would keep seeing.
        status: t.status === 'NOT_QUEUED' ? 'PENDING' : t.status,
        taskId: t.id,
        toString: () => `ScheduledScriptTaskStatus(${t.id}: ${t.status})`,
      });
    },
    TaskType: TASK_TYPES,
    TaskStatus: enumObject({ PENDING: 'PENDING', PROCESSING: 'PROCESSING', COMPLETE: 'COMPLETE', FAILED: 'FAILED' }),
  };
  stubs(ex, 'N/task', mod, []);
  return strict(ex, 'N/task', mod);
}
