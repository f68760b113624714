import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config';

/**
 * Development has no APP_SECRET to configure: one is generated once per data directory and kept there (mode 0600),
 * so sessions and links survive restarts. Production must set APP_SECRET (config validation refuses to start).
 */
export async function withAppSecret(config: Config): Promise<Config> {
  if (config.APP_SECRET) return config;
  const file = path.resolve(config.DATA_DIR, 'app-secret');
  let secret: string;
  try {
    secret = (await readFile(file, 'utf8')).trim();
  } catch {
    secret = randomBytes(48).toString('base64url');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' }).catch(async () => {
      secret = (await readFile(file, 'utf8')).trim();
    });
  }
  return { ...config, APP_SECRET: secret };
}
