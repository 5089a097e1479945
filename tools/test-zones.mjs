// npm run test:zones: the date tests of the built scripts again with the machine's time zone set to
// Pacific/Honolulu and to Asia/Tokyo (issue 9), both at once (one per core). The product must not
// depend on the server's time zone: NetSuite's is not the account's or the user's.
// Extra arguments are test paths (default: the date tests). Exits non-zero if either run fails.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const jest = require.resolve('jest/bin/jest');
const paths = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['__tests__/integration/dates.test.ts'];
const zones = ['Pacific/Honolulu', 'Asia/Tokyo'];

const runs = zones.map(
  (tz) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [jest, '--maxWorkers=1', ...paths], { env: { ...process.env, TZ: tz }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('close', (code) => resolve({ tz, code, out }));
    }),
);
let failed = false;
for (const { tz, code, out } of await Promise.all(runs)) {
  const summary = out.split('\n').filter((l) => /^(Tests|Test Suites):/.test(l));
  console.log(`TZ=${tz}: ${code === 0 ? 'passed' : 'FAILED'} — ${summary.join('; ')}`);
  if (code !== 0) {
    failed = true;
    console.log(out);
  }
}
process.exit(failed ? 1 : 0);
