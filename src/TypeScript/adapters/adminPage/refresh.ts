/**
 * "Refresh now" for one profile: the refresher gets a new token for it even while the stored one is
 * fresh (refreshTrigger.requestForcedRefresh marks the profile, then queues the on-demand deployment).
 */
import { requestForcedRefresh, type RefreshSubmission } from '../refreshTrigger';

export function refreshProfileNow(profileKey: string): { outcome: RefreshSubmission; detail: string } {
  return requestForcedRefresh(profileKey);
}
