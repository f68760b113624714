// @ts-check
const tseslint = require('typescript-eslint');
const js = require('@eslint/js');
const { builtinModules } = require('node:module');

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

module.exports = tseslint.config(
  { ignores: ['node_modules/**', '.data/**', '.tools/**', 'dist/**', 'coverage/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Workflow code is replayed: it must not touch the outside world or read the clock or randomness directly.
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow and domain code must stay deterministic.' })),
          patterns: [
            { group: ['pg', 'pg-*'], message: 'Database access belongs in activities.' },
            { group: ['**/activities', '**/activities/*', '**/activities/**'], allowTypeImports: true, message: 'Import activity types only; call them through proxyActivities.' },
            { group: ['**/api/**', '**/db/**', '**/worker/**', '**/infra/**', '**/cli/**'], message: 'Workflow and domain code may not import runtime code.' },
            { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Workflows use @temporalio/workflow only.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() in a loop.' },
        { name: 'process', message: 'No environment access in deterministic code.' },
        { name: 'require', message: 'Use static imports.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use uuid4() from @temporalio/workflow or pass randomness in.' },
      ],
    },
  },
  {
    // Inside the workflow sandbox Date.now() is the replay-safe workflow clock; domain code also runs outside it.
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Domain code takes time as an argument.' },
        { object: 'Math', property: 'random', message: 'Domain code takes randomness as an argument.' },
      ],
    },
  },
  {
    // Provisioning sits below everything that runs on it; `start/` composes the two.
    files: ['infra/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/api', '**/api/**', '**/worker', '**/worker/**', '**/services/**', '**/start/**', '**/cli/**'], message: 'infra/ provisions; start/ composes it with the API and the worker.' },
          ],
        },
      ],
    },
  },
  {
    // The API serves; what it shares with the CLI and the activities is in services/, servers are started in start/.
    files: ['api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/infra/**', '**/start/**', '**/cli/**'], message: 'Take it from services/ (or db/), not from provisioning or an entry point.' }] },
      ],
    },
  },
  {
    // The DOCX reader in the importer needs a parsing library; it is pure but not workflow code.
    files: ['domain/importer/docx.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } },
  },
);
