// Unit-level suites (msw, jsdom). The e2e and browser suites have their own configs because
// they need a real Cube server and a real Chromium started around them.
const tsJest = ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }];

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx', '.svelte'],
  transform: { '^.+\\.tsx?$': tsJest, '^.+\\.svelte$': '<rootDir>/test/svelte/transform.cjs' },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // The framework suites: one copy of Vue for our code, @vue/test-utils and the server renderer
    // (ESM and CommonJS importers alike), and Svelte's browser runtime (the jsdom environment
    // resolves packages without the `browser` condition, for msw's sake).
    '^vue$': '<rootDir>/node_modules/vue/dist/vue.cjs.js',
    '^vue/server-renderer$': '<rootDir>/node_modules/@vue/server-renderer/dist/server-renderer.cjs.js',
    '^svelte$': '<rootDir>/node_modules/svelte/src/index-client.js',
    '^svelte/store$': '<rootDir>/node_modules/svelte/src/store/index-client.js',
  },
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  // test/dropin and test/types run against dist/ (jest.dist.config.js, after the build).
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/browser/', '/test/dropin/', '/test/types/'],
  // The CLI runs in child processes and the UMD wrapper in Chromium; they are tested there.
  collectCoverageFrom: ['src/**/*.ts', 'src/**/*.tsx', '!src/cli/**', '!src/umd.ts'],
  coverageReporters: ['text-summary', 'lcov'],
  coverageThreshold: {
    global: { lines: 90, statements: 90 },
    './src/auth/': { lines: 95, branches: 95 },
    './src/transport/': { lines: 95, branches: 95 },
  },
};
