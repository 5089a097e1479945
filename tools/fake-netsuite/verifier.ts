// Runs assertion-verifier.mjs (jose) synchronously through a synckit worker thread, or in-process
// for async callers. One worker per process (synckit caches it by path), started on first use and
// unref'ed: it never keeps a process or Jest from exiting.
import * as path from 'node:path';
import { createSyncFn } from 'synckit';
import type { VerifyAssertionInput, VerifyAssertionResult } from './assertion-verifier.mjs';

export type { VerifyAssertionInput, VerifyAssertionResult } from './assertion-verifier.mjs';

function here(): string {
  // Jest and tsx load this TypeScript as CommonJS (the package is not "type": "module").
  if (typeof __dirname !== 'string') throw new Error('tools/fake-netsuite must be loaded as CommonJS (as Jest and tsx do)');
  return __dirname;
}

/** A worker call that takes longer than this is a bug (verification takes milliseconds). */
const WORKER_TIMEOUT_MS = 30_000;

let syncVerify: ((input: VerifyAssertionInput) => VerifyAssertionResult) | undefined;

export function verifyAssertionSync(input: VerifyAssertionInput): VerifyAssertionResult {
  syncVerify ??= createSyncFn(path.join(here(), 'assertion-worker.mjs'), { timeout: WORKER_TIMEOUT_MS }) as (input: VerifyAssertionInput) => VerifyAssertionResult;
  return syncVerify(input);
}

type VerifierModule = { verifyAssertion: (input: VerifyAssertionInput) => Promise<VerifyAssertionResult> };
let asyncModule: VerifierModule | undefined;

export async function verifyAssertionAsync(input: VerifyAssertionInput): Promise<VerifyAssertionResult> {
  // require() of the .mjs: Node >= 20.19 loads ESM synchronously (no top-level await in it), and Jest
  // transforms it like any other module; a dynamic import() would not survive Jest's CommonJS output.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: import() is rewritten by Jest's transform
  asyncModule ??= require(path.join(here(), 'assertion-verifier.mjs')) as VerifierModule;
  return asyncModule.verifyAssertion(input);
}
