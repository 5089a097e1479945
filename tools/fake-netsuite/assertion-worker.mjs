// synckit worker: lets the synchronous token endpoint (N/https is synchronous) run jose, which is
// asynchronous. Started once per process by verifier.ts and unref'ed by synckit, so it never keeps
// a process or Jest alive.
import { runAsWorker } from 'synckit';
import { verifyAssertion } from './assertion-verifier.mjs';

runAsWorker(verifyAssertion);
