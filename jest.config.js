// Jest: Oracle's SuiteCloud configuration (N/* resolve to Oracle's stubs for unit tests that import
// adapters directly), plus an swc transform for TypeScript (TypeScript 7 has no JS compiler API,
// so ts-jest cannot be used). Integration tests do not go through this at all: they load the
// built AMD files into tools/suitescript-runtime, as NetSuite would.
const SuiteCloudJestConfiguration = require('@oracle/suitecloud-unit-testing/jest-configuration/SuiteCloudJestConfiguration');

const base = SuiteCloudJestConfiguration.build({
  projectFolder: 'src',
  projectType: SuiteCloudJestConfiguration.ProjectType.ACP,
});

module.exports = {
  ...base,
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: {
    ...base.transform,
    '^.+\\.(t|m?j)s$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  // jose is ESM-only: let swc turn it into CommonJS for Jest.
  transformIgnorePatterns: ['/node_modules/(?!(jose|@oracle/suitecloud-unit-testing/stubs)/)'],
  testTimeout: 60000,
  // Both cores: the suites are independent (each builds its own in-memory account); one worker
  // (Jest's default on 2 cores) nearly doubles npm test's time.
  maxWorkers: 2,
};
