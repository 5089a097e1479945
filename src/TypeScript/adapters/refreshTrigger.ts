/**
 * Refreshes on demand: submits the refresher's Not Scheduled deployment
 * (customdeploy_oauth_token_refresher_now), which NetSuite queues at once. Submitting the Scheduled
 * deployment would not run it now: NetSuite runs a Scheduled deployment only at its scheduled times.
 * A deployment that is already queued or running cannot be submitted again (NetSuite throws): a run
 * is coming, so that is reported as 'already_queued', quietly.
 */
import * as task from 'N/task';
import { errorName } from '../core/errors';
import { SCRIPTS } from '../core/names';
import { cacheKeys, forgetProfiles, privateCache, sharedHints } from './sharedCache';

export type RefreshSubmission = 'queued' | 'already_queued' | 'failed';

/** task.submit: 20 units. */
export function submitRefreshNow(): { outcome: RefreshSubmission; detail: string } {
  try {
    const id = task.create({ taskType: task.TaskType.SCHEDULED_SCRIPT, scriptId: SCRIPTS.refresher.scriptId, deploymentId: SCRIPTS.refresher.onDemandDeploymentId }).submit();
    return { outcome: 'queued', detail: `task ${String(id)}` };
  } catch (e) {
    const name = errorName(e);
    if (/FAILED_TO_SUBMIT_JOB_REQUEST|INPROGRESS|ALREADY/i.test(name)) return { outcome: 'already_queued', detail: name };
    return { outcome: 'failed', detail: name };
  }
}

/** How often the proxy may submit the on-demand deployment (N/cache minimum TTL). */
const PROXY_REQUEST_INTERVAL_SECONDS = 300;

/**
 * The proxy's request when a client's profile has no servable token: at most once per 5 minutes
 * (a flag in the proxy's own cache), and quiet when a run is already queued. True when submitted now.
 */
export function requestRefreshFromProxy(profileKey: string, nowMs: number): boolean {
  if (privateCache.get<number>(cacheKeys.refreshRequested) !== null) return false;
  privateCache.put(cacheKeys.refreshRequested, nowMs, PROXY_REQUEST_INTERVAL_SECONDS);
  // Forced, so that the run refreshes this profile even if the refresher's own view says it is fine
  // (a profile created by a path that runs no user event script, a token withdrawn meanwhile).
  return requestForcedRefresh(profileKey).outcome === 'queued';
}

/**
 * "Refresh now" for one profile (the key admin page): the refresher refreshes it on its next run even
 * if its token is still fresh, and that run is queued at once.
 */
export function requestForcedRefresh(profileKey: string): { outcome: RefreshSubmission; detail: string } {
  const list = sharedHints.get<string[]>(cacheKeys.forcedRefresh);
  const next = Array.isArray(list) ? list.filter((k) => k !== profileKey) : [];
  next.push(profileKey);
  sharedHints.put(cacheKeys.forcedRefresh, next.slice(-100), 3600);
  forgetProfiles();
  return submitRefreshNow();
}
