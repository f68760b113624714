import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import { buildApp } from '../../api/app';
import { loadConfig, type Config } from '../../config';
import { freshDatabase, type FreshDatabase } from '../setup/db';

/**
 * Safe by default, seen from outside: the development inbox answers only when the demo is on, and a process told to
 * listen for other machines without a mode does not start at all.
 */

const REPO = path.join(__dirname, '../..');
const TSX = path.join(REPO, 'node_modules/.bin/tsx');
const SECRET = 'safe-defaults-test-secret-0123456789-abcdefgh';
const DEV_ROUTES = ['/api/dev/outbox', '/dev/inbox'];

let db: FreshDatabase;
const temporal = {} as Client;

beforeAll(async () => {
  db = await freshDatabase();
});

afterAll(async () => {
  await db?.drop();
});

async function statusesOf(config: Config): Promise<number[]> {
  const app = await buildApp({ config, pool: db.pool, temporal });
  try {
    const statuses: number[] = [];
    for (const url of DEV_ROUTES) statuses.push((await app.inject({ method: 'GET', url })).statusCode);
    return statuses;
  } finally {
    await app.close();
  }
}

describe('the development inbox', () => {
  test('answers with the demo on', async () => {
    const demo = loadConfig({ NODE_ENV: 'development', SUJARIT_DEMO: '1', APP_SECRET: SECRET, LOG_LEVEL: 'silent' });
    expect(await statusesOf(demo)).toEqual([200, 200]);
  });

  test('is 404 in production', async () => {
    const production = loadConfig({
      NODE_ENV: 'production',
      APP_SECRET: SECRET,
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      PUBLIC_BASE_URL: 'https://sujarit.example.go.th',
      HOST: '0.0.0.0',
      LOG_LEVEL: 'silent',
    });
    expect(await statusesOf(production)).toEqual([404, 404]);
  });

  test('is 404 in development without SUJARIT_DEMO', async () => {
    expect(await statusesOf(loadConfig({ NODE_ENV: 'development', APP_SECRET: SECRET, LOG_LEVEL: 'silent' }))).toEqual([
      404, 404,
    ]);
  });

  test('is 404 on an exposed address even when a Config built by hand asks for the demo', async () => {
    const demo = loadConfig({ NODE_ENV: 'development', SUJARIT_DEMO: '1', APP_SECRET: SECRET, LOG_LEVEL: 'silent' });
    expect(await statusesOf({ ...demo, HOST: '0.0.0.0' })).toEqual([404, 404]);
    expect(await statusesOf({ ...demo, PUBLIC_BASE_URL: 'https://sujarit.example.go.th' })).toEqual([404, 404]);
  });
});

/** The environment of the test process without the settings under test (jest itself sets NODE_ENV=test). */
function environmentWithout(...names: string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of names) delete env[name];
  return env;
}

async function run(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [path.join(REPO, script)], { cwd: REPO, env, timeout: 60_000 });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

describe('HOST=0.0.0.0 without NODE_ENV', () => {
  const exposed = () => ({ ...environmentWithout('NODE_ENV', 'SUJARIT_DEMO', 'PUBLIC_BASE_URL'), HOST: '0.0.0.0', PORT: '0' });

  test.each(['api/main.ts', 'start/main.ts'])(
    '%s does not start, and says what to set in Thai and English',
    async (script) => {
      const { code, output } = await run(script, exposed());
      expect(code).toBe(1);
      expect(output).toContain('ตั้ง NODE_ENV=production');
      expect(output).toContain('set NODE_ENV=production to serve them, or HOST=127.0.0.1');
      expect(output).not.toMatch(/ready|listening/i);
    },
    90_000,
  );
});
