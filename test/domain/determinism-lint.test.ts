import { spawn } from 'node:child_process';
import path from 'node:path';

/** The lint rules that keep workflow code replayable must actually fire on the code they are meant to stop. */
const REPO = path.join(__dirname, '../..');

/** ESLint's CLI (its config loader needs native dynamic import, which jest's module runtime does not offer). */
function messagesFor(file: string, code: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(REPO, 'node_modules/.bin/eslint'), ['--format', 'json', '--stdin', '--stdin-filename', file], { cwd: REPO });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', () => {
      try {
        const [result] = JSON.parse(out) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
        resolve(result!.messages.map((m) => `${m.ruleId}: ${m.message}`));
      } catch (err) {
        reject(new Error(`eslint printed no JSON: ${out}`, { cause: err }));
      }
    });
    child.stdin.end(code);
  });
}

jest.setTimeout(60_000);

test.each([
  ["import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'no-restricted-imports'],
  ["import { Pool } from 'pg';\nexport const p = Pool;\n", 'no-restricted-imports'],
  ["import { createActivities } from '../activities';\nexport const a = createActivities;\n", 'no-restricted-imports'],
  ["import { Client } from '@temporalio/client';\nexport const c = Client;\n", 'no-restricted-imports'],
  ['export const r = Math.random();\n', 'no-restricted-properties'],
  ['export const t = setTimeout(() => undefined, 1);\n', 'no-restricted-globals'],
  ['export const e = process.env.X;\n', 'no-restricted-globals'],
])('workflow code is refused: %s', async (code, rule) => {
  expect((await messagesFor('workflows/example.ts', code)).join('\n')).toContain(rule);
});

test('domain code may not read the clock; workflow code may (it is the replay-safe workflow clock there)', async () => {
  expect((await messagesFor('domain/example.ts', 'export const now = Date.now();\n')).join('\n')).toContain('no-restricted-properties');
  expect(await messagesFor('workflows/example.ts', 'export const now = Date.now();\n')).toEqual([]);
});

test('type-only imports of activities are allowed in workflows', async () => {
  expect(await messagesFor('workflows/example.ts', "import type { Activities } from '../activities';\nexport type A = Activities;\n")).toEqual([]);
});

test('provisioning does not import what runs on it, and the API does not import provisioning', async () => {
  expect((await messagesFor('infra/example.ts', "import { buildApp } from '../api/app';\nexport const b = buildApp;\n")).join('\n')).toContain('no-restricted-imports');
  expect((await messagesFor('infra/example.ts', "import { startReportWorkflow } from '../services/schedules';\nexport const s = startReportWorkflow;\n")).join('\n')).toContain('no-restricted-imports');
  expect((await messagesFor('api/example.ts', "import { startReportWorkflow } from '../infra/schedules';\nexport const s = startReportWorkflow;\n")).join('\n')).toContain('no-restricted-imports');
  expect(await messagesFor('api/example.ts', "import { startReportWorkflow } from '../services/schedules';\nexport const s = startReportWorkflow;\n")).toEqual([]);
  expect(await messagesFor('start/example.ts', "import { buildApp } from '../api/app';\nexport const b = buildApp;\n")).toEqual([]);
});
