// `npm run load [-- SECONDS]`: the long load test (__tests__/load) of the local stand-in, 60 s by default, the
// length CI runs (CI=true). `npm test` runs the same test for 10 s. A Node script rather than `VAR=... jest` in
// package.json so that it works in every shell (Windows too).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const seconds = process.argv[2] ?? process.env.LOAD_TEST_SECONDS ?? '60';
if (!/^\d+$/.test(seconds) || Number(seconds) < 5 || Number(seconds) > 120) {
  console.error(`npm run load: seconds must be a whole number from 5 to 120 (got "${seconds}")`);
  process.exit(2);
}
const jest = createRequire(path.join(root, 'package.json')).resolve('jest/bin/jest');
const r = spawnSync(process.execPath, [jest, '__tests__/load'], { cwd: root, stdio: 'inherit', env: { ...process.env, LOAD_TEST_SECONDS: seconds } });
process.exit(r.status ?? 1);
