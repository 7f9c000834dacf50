// Suites that run against the built package (`npm run build` first): the published framework
// packages (@cubejs-client/vue3, @cubejs-client/ngx) with their `@cubejs-client/core` resolved to
// our dist, and the type-compatibility suite compiling against our dist's declarations.
const tsJest = ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }];

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  resolver: '<rootDir>/test/dropin/resolver.cjs',
  roots: ['<rootDir>/test/dropin', '<rootDir>/test/types'],
  testMatch: ['**/*.test.ts'],
};
