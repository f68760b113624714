/** Domain tests need nothing external; the integration project shares one Temporal dev server and one
 * migrated Postgres template per run (see test/setup/global-setup.ts). */
const tsJest = ['ts-jest', { diagnostics: false, tsconfig: { isolatedModules: true, allowJs: true } }];
const transform = {
  '^.+\\.ts$': tsJest,
  // `cookie` 2 (used by Fastify's inject and @fastify/cookie) ships only ES modules, which jest's CommonJS
  // runtime cannot require on Node 20; compile it like our own code.
  '/node_modules/cookie/.+\\.js$': tsJest,
};
const transformIgnorePatterns = ['/node_modules/(?!cookie/)'];
/** Jest ignores `testTimeout` inside a project; test/setup/timeout.ts applies this one instead. */
const timeout = (ms) => ({ globals: { SUJARIT_TEST_TIMEOUT_MS: ms }, setupFilesAfterEnv: ['<rootDir>/test/setup/timeout.ts'] });

module.exports = {
  projects: [
    {
      displayName: 'domain',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/domain/**/*.test.ts'],
      // The seed importer and the lint-rule tests (which spawn eslint) take seconds on a loaded machine.
      ...timeout(60000),
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      ...timeout(120000),
    },
    {
      // `npm run test:faults`: real processes killed at chosen points; minutes long, so not part of `npm test`.
      displayName: 'faults',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      ...timeout(900000),
    },
    {
      displayName: 'browser',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      ...timeout(180000),
    },
  ],
};
