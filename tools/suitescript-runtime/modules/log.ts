/**
 * N/log (also the global `log`): debug, audit, error, emergency — `(title, details)` or `({ title, details })`.
 * Details that are not strings are JSON-stringified (so a native `Error` logs as `{}`, as JSON.stringify does).
 * Entries below the deployment's log level are dropped; titles are cut at 99 and details at 3,999 characters.
 * No governance.
 */
import type { Execution } from '../execution';
import type { LogLevel } from '../types';
import { strict } from '../strict';

/** Converts a log argument to the string NetSuite stores. */
export function logText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json;
  } catch {
    return String(value);
  }
}

export function createLogModule(ex: Execution): Record<string, unknown> {
  const make = (level: LogLevel) =>
    function (titleOrOptions?: unknown, details?: unknown): void {
      let title: unknown = titleOrOptions;
      let det: unknown = details;
      if (arguments.length === 1 && titleOrOptions !== null && typeof titleOrOptions === 'object') {
        const o = titleOrOptions as { title?: unknown; details?: unknown };
        title = o.title;
        det = o.details;
      }
      ex.log(level, logText(title), logText(det));
    };
  return strict(ex, 'N/log', {
    debug: make('DEBUG'),
    audit: make('AUDIT'),
    error: make('ERROR'),
    emergency: make('EMERGENCY'),
  });
}
