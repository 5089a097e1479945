// ESLint (flat config). TypeScript sources: typescript-eslint's recommended rules (this workspace
// carries the TypeScript 6 compiler API it needs). Built AMD files: eslint-plugin-suitescript's
// checks of what NetSuite will load (API version, script type, entry points, N/* module names).
import Module, { createRequire } from 'node:module';
import globals from 'globals';

const require = createRequire(import.meta.url);
// typescript-eslint and its helper ts-api-utils `require('typescript')`; npm hoists ts-api-utils to
// the root, where that finds TypeScript 7 (no compiler API). Within this ESLint process only, point
// every such request at this workspace's TypeScript 6.
const typescript6 = require.resolve('typescript');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'typescript' ? typescript6 : resolve.call(this, request, ...rest);
};
const tseslint = require('typescript-eslint');
// eslint-plugin-suitescript 1.4 (3.0 depends on a package the registry does not serve) uses the
// pre-ESLint-9 rule API; @eslint/compat adapts it.
const { fixupPluginRules } = require('@eslint/compat');
const suitescript = fixupPluginRules(require('eslint-plugin-suitescript'));

export default [
  {
    ignores: ['node_modules/**', '**/node_modules/**', 'coverage/**', '.local-account/**', 'src/FileCabinet/SuiteScripts/OAuth/lib/jsrsasign.js'],
  },
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/TypeScript/**/*.ts'],
    rules: {
      // SuiteScript: there is no console, process or setTimeout on NetSuite's servers.
      'no-restricted-globals': ['error', 'console', 'process', 'setTimeout', 'setInterval', 'window', 'navigator', 'Buffer', 'require'],
    },
  },
  {
    files: ['src/TypeScript/core/**/*.ts'],
    rules: {
      // The core is pure: no N/* imports, so Node tools and tests share its rules.
      'no-restricted-imports': ['error', { patterns: [{ group: ['N', 'N/*'], message: 'core/ must not import N/* modules: put NetSuite calls in adapters/.' }] }],
    },
  },
  {
    files: ['src/FileCabinet/SuiteScripts/**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'script', globals: { define: 'readonly', log: 'readonly', util: 'readonly' } },
    plugins: { suitescript },
    rules: {
      'suitescript/api-version': 'error',
      'suitescript/script-type': 'error',
      'suitescript/entry-points': 'error',
      'suitescript/no-invalid-modules': 'error',
      'suitescript/no-amd-name': 'error',
      'suitescript/no-module-extensions': 'error',
      'no-undef': 'error',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ignores: ['src/FileCabinet/**'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
  },
  {
    files: ['**/*.cjs', 'jest.config.js', 'suitecloud.config.js', 'bin/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
];
