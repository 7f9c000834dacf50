// End-to-end and browser suites: they talk to a real Cube server and PostgreSQL, so they only
// run under the harness, which starts both and passes their addresses in the environment:
//   NODE_OPTIONS=--experimental-vm-modules node test/e2e/harness.mjs -- npx jest -c jest.e2e.config.js
const tsJest = ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }];

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  roots: ['<rootDir>/test/e2e', '<rootDir>/test/browser'],
  testMatch: ['<rootDir>/test/e2e/**/*.test.ts', '<rootDir>/test/browser/**/*.test.ts'],
  // The slow cube takes about three seconds per query on purpose; a stuck server should still
  // fail a test well before CI gives up.
  testTimeout: 30000,
};
