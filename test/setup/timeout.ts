/**
 * Jest reads `testTimeout` only from the top-level configuration and ignores it inside `projects`, so each project
 * names its timeout in `globals` and this file applies it: a loaded machine must not fail tests that spawn processes
 * or start servers at jest's default of 5 s.
 */
const timeoutMs = (globalThis as { SUJARIT_TEST_TIMEOUT_MS?: unknown }).SUJARIT_TEST_TIMEOUT_MS;
if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs <= 0) {
  throw new Error(`jest.config.js: globals.SUJARIT_TEST_TIMEOUT_MS must be a positive integer, got ${String(timeoutMs)}`);
}
jest.setTimeout(timeoutMs);
