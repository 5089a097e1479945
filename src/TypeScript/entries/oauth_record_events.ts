/**
 * User event script customscript_oauth_record_events on customrecord_oauth_profile: whenever a token
 * profile is created, edited, inline-edited or deleted, the refresher's cached view of the profiles
 * is dropped, so its next run (at most 15 minutes away, or at once with "refresh now") lists them
 * again. Without it the refresher would notice a change within the hour. Wiring only.
 */
import type { EntryPoints } from 'N/types';
import { forgetProfiles } from '../adapters/sharedCache';

export function afterSubmit(_context: EntryPoints.UserEvent.afterSubmitContext): void {
  forgetProfiles();
}
