import { loadConfig } from '../config';
import { auditKeyFrom } from '../db/audit';
import { withAppSecret } from '../infra/app-secret';
import { openDatabase } from '../infra/database';
import { AppError } from '../services/errors';
import { addPlatformAdmin } from '../services/platform';
import { CliError } from './errors';

const USAGE = 'ใช้: platform admin add <email> --name <ชื่อ-นามสกุล> / usage: platform admin add <email> --name <full name>';

/**
 * `platform admin add <email> --name <full name>`: the first platform administrator (and any later one) is made here,
 * by whoever holds the server's configuration, never from a page. Audited like every grant. Exit 0 also when the
 * address is one already, so the command can be rerun.
 */
export async function platformAdminCommand(positionals: string[], flags: Record<string, string | boolean | undefined>): Promise<number> {
  const [verb, email, ...rest] = positionals;
  if (verb !== 'add' || !email || rest.length || typeof flags.name !== 'string') throw new CliError(USAGE, 2);
  const config = await withAppSecret(loadConfig());
  const db = await openDatabase(config);
  try {
    const result = await addPlatformAdmin({ pool: db.pool, auditKey: auditKeyFrom(config) }, { email, fullName: flags.name, grantedBy: 'cli' });
    process.stdout.write(
      result.added
        ? `เพิ่มผู้ดูแลแพลตฟอร์มแล้ว / platform administrator added: ${email} (person ${result.personId}); sign in at /signin, then /platform\n`
        : `เป็นผู้ดูแลแพลตฟอร์มอยู่แล้ว / already a platform administrator: ${email} (person ${result.personId})\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof AppError && err.code === 'VALIDATION_FAILED') throw new CliError(`${err.messageTh} / ${err.messageEn}\n${USAGE}`, 2);
    throw err;
  } finally {
    await db.close();
  }
}
