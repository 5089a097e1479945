// SuiteCloud CLI configuration. `suitecloud project:deploy` and `project:validate` first build the
// AMD files and run a fast, meaningful check of them (`npm run test:deploy`: build, typecheck, the
// offline SDF checks, and the integration tests that run the BUILT scripts in the SuiteScript
// runtime and the SDF object tests; under a minute here), so an administrator who deploys from a
// fresh clone deploys fresh, checked code and never a stale or missing build. The full check
// (`npm test`: also lint, unit, property, CLI, local-account and load tests) is for development and
// CI; set PREDEPLOY_FULL_TESTS=1 to run it here instead. See docs/PERFORMANCE.md and the README.
const { execSync } = require('node:child_process');

function buildAndTest(args) {
  if (process.env.SKIP_PREDEPLOY_TESTS === '1') {
    console.log('[suitecloud.config.js] SKIP_PREDEPLOY_TESTS=1: building only');
    execSync('npm run build', { stdio: 'inherit', cwd: __dirname });
  } else if (process.env.PREDEPLOY_FULL_TESTS === '1') {
    console.log('[suitecloud.config.js] PREDEPLOY_FULL_TESTS=1: building and running the full check (npm test)');
    execSync('npm test', { stdio: 'inherit', cwd: __dirname });
  } else {
    console.log('[suitecloud.config.js] building and checking before the SuiteCloud command (npm run test:deploy)');
    execSync('npm run test:deploy', { stdio: 'inherit', cwd: __dirname });
  }
  return args;
}

module.exports = {
  defaultProjectFolder: 'src',
  commands: {
    'project:deploy': { beforeExecuting: buildAndTest },
    'project:validate': { beforeExecuting: buildAndTest },
  },
};
