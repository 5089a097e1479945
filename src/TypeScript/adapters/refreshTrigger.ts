/**
 * Asks for an early refresher run, at most once per 5 minutes (an N/cache flag). task.submit costs 20
 * units and fails while the deployment is already queued, which is fine: a run is coming.
 */
import * as log from 'N/log';
import * as task from 'N/task';
import { errorName } from '../core/errors';
import { SCRIPTS } from '../core/names';
import { cacheGetJson, cacheKeys, cachePutJson } from './sharedCache';

export function requestRefresh(nowMs: number): void {
  if (cacheGetJson<number>(cacheKeys.refreshRequested) !== null) return;
  cachePutJson(cacheKeys.refreshRequested, nowMs, 300);
  try {
    task.create({ taskType: task.TaskType.SCHEDULED_SCRIPT, scriptId: SCRIPTS.refresher.scriptId, deploymentId: SCRIPTS.refresher.deploymentId }).submit();
    log.audit({ title: 'refresh requested', details: 'no servable token; submitted the refresher deployment' });
  } catch (e) {
    log.debug({ title: 'refresh already queued', details: errorName(e) });
  }
}
