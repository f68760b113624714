/** Names of the variables through which global-setup hands the shared servers to test files. */
export const TEST_ENV = {
  pgAdminUrl: 'SUJARIT_TEST_PG_ADMIN_URL',
  templateDb: 'SUJARIT_TEST_TEMPLATE_DB',
  temporalAddress: 'SUJARIT_TEST_TEMPORAL_ADDRESS',
  temporalNamespace: 'SUJARIT_TEST_TEMPORAL_NAMESPACE',
} as const;

/** Prefixes carry the creating process id so a later run can sweep what a killed run left behind. */
export const TEMPLATE_DB_PREFIX = 'sujarit_tpl_';
export const TEST_DB_PREFIX = 'sujarit_test_';
/** The postgres engine's two databases: `<prefix><pid>_<random>_temporal` and `..._temporal_visibility`. */
export const TEMPORAL_DB_PREFIX = 'sujarit_tmprl_';

export function requiredTestEnv(name: (typeof TEST_ENV)[keyof typeof TEST_ENV]): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: integration tests must run in jest's 'integration' project, whose global setup starts ` +
        'PostgreSQL and Temporal (npx jest --selectProjects integration)',
    );
  }
  return value;
}
