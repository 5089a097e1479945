// SuiteCloud CLI configuration. `suitecloud project:deploy` and `project:validate` first build the
// AMD files and run the tests (npm test: build, typecheck, lint, offline SDF checks, unit and
// integration tests), so an administrator who deploys from a fresh clone deploys fresh, tested code
// and never a stale or missing build.
const { execSync } = require('node:child_process');

function buildAndTest(args) {
  if (process.env.SKIP_PREDEPLOY_TESTS === '1') {
    console.log('[suitecloud.config.js] SKIP_PREDEPLOY_TESTS=1: building only');
    execSync('npm run build', { stdio: 'inherit', cwd: __dirname });
  } else {
    console.log('[suitecloud.config.js] building and testing before the SuiteCloud command (npm test)');
    execSync('npm test', { stdio: 'inherit', cwd: __dirname });
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
