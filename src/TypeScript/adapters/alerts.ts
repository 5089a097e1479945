/** Alert emails (N/email, 20 units). */
import * as email from 'N/email';
import * as runtime from 'N/runtime';

/** Sent as the running user, or as the account administrator (-5) when the run has none. */
export function sendAlert(recipients: string[], subject: string, body: string): void {
  const user = runtime.getCurrentUser();
  const author = user && Number(user.id) > 0 ? Number(user.id) : -5;
  email.send({ author, recipients, subject, body });
}
