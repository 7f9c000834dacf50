// Unit-level suites (msw, jsdom). The e2e and browser suites have their own configs because
// they need a real Cube server and a real Chromium started around them.
const tsJest = ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }];

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: { '^.+\\.tsx?$': tsJest },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/browser/'],
  collectCoverageFrom: ['src/**/*.ts', 'src/**/*.tsx', '!src/cli/**', '!src/umd.ts'],
};
