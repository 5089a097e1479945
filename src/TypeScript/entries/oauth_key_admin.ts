/**
 * Suitelet customscript_oauth_key_admin (login required, administrators only): create, rotate and
 * revoke API clients. Wiring only: the page is adapters/keyAdminPage.ts, the rules core/keyAdmin.ts.
 */
import type { EntryPoints } from 'N/types';
import { keyAdminPage } from '../adapters/keyAdminPage';

export function onRequest(context: EntryPoints.Suitelet.onRequestContext): void {
  keyAdminPage(context);
}
