/**
 * N/error: `create({ name, message, notifyOff })` → `error.SuiteScriptError` (not an `Error` subclass; `stack` is an
 * array of strings; `toString()` gives the JSON form). `Type` holds NetSuite's error names. No governance.
 */
import { SuiteScriptError } from '../errors';
import type { Execution } from '../execution';
import { missingArg, optBool, opts, strict, wrongType } from '../strict';

/** A few of NetSuite's `error.Type` names (values equal keys, as in NetSuite). */
const TYPES = [
  'INVALID_FLD_VALUE',
  'INVALID_KEY_OR_REF',
  'RCRD_DSNT_EXIST',
  'SSS_MISSING_REQD_ARGUMENT',
  'WRONG_PARAMETER_TYPE',
  'SSS_USAGE_LIMIT_EXCEEDED',
  'SSS_INVALID_HEADER',
  'INSUFFICIENT_PERMISSION',
  'FAILED_TO_SUBMIT_JOB_REQUEST_1',
  'READ_ONLY_PROPERTY',
  'SSS_INVALID_URL',
];

export function createErrorModule(ex: Execution): object {
  return strict(ex, 'N/error', {
    create(options?: unknown): SuiteScriptError {
      const o = opts(options, 'error.create');
      const name = o['name'];
      if (name === undefined || name === null || name === '') throw missingArg('options.name');
      if (typeof name !== 'string') throw wrongType('options.name', 'string');
      const message = o['message'];
      let text: string;
      if (message === undefined || message === null) text = '';
      else if (typeof message === 'string') text = message;
      else if (typeof message === 'object' && typeof (message as { message?: unknown }).message === 'string') {
        text = (message as { message: string }).message;
      } else text = String(message);
      const notifyOff = optBool(o, 'notifyOff') ?? false;
      return new SuiteScriptError(name, text, { notifyOff, cause: o['cause'] });
    },
    Type: Object.freeze(Object.fromEntries(TYPES.map((t) => [t, t]))),
  });
}
