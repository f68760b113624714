/** Domain tests need nothing external; the integration project shares one Temporal dev server and one
 * migrated Postgres template per run (see test/setup/global-setup.ts). */
const transform = { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] };

module.exports = {
  projects: [
    {
      displayName: 'domain',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/domain/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      testTimeout: 120000,
    },
  ],
};
