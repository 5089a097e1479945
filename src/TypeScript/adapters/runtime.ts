/** Script parameters, governance and logging (N/runtime, N/log). */
import * as log from 'N/log';
import * as runtime from 'N/runtime';

export function parameter(id: string): unknown {
  return runtime.getCurrentScript().getParameter({ name: id });
}

export function remainingUsage(): number {
  return runtime.getCurrentScript().getRemainingUsage();
}

export const logger = {
  audit: (title: string, details: string) => log.audit({ title, details }),
  error: (title: string, details: string) => log.error({ title, details }),
  debug: (title: string, details: string) => log.debug({ title, details }),
};
