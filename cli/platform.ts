import { loadConfig } from '../config';
import { auditKeyFrom } from '../db/audit';
import { withAppSecret } from '../infra/app-secret';
import { openDatabase } from '../infra/database';
import { AppError } from '../services/errors';
import { addPlatformAdmin, removePlatformAdmin } from '../services/platform';
import { CliError } from './errors';

const USAGE =
  'ใช้: platform admin add <email> --name <ชื่อ-นามสกุล> | platform admin remove <email> / ' +
  'usage: platform admin add <email> --name <full name> | platform admin remove <email>';

/**
 * `platform admin add <email> --name <full name>`: the first platform administrator (and any later one) is made here,
 * by whoever holds the server's configuration, never from a page. Audited like every grant. Exit 0 also when the
 * address is one already, so the command can be rerun. `platform admin remove <email>` ends the grant and the
 * person's sessions (exit 1 when the address was not one).
 */
export async function platformAdminCommand(positionals: string[], flags: Record<string, string | boolean | undefined>): Promise<number> {
  const [verb, email, ...rest] = positionals;
  if (!email || rest.length || !(verb === 'remove' || (verb === 'add' && typeof flags.name === 'string'))) throw new CliError(USAGE, 2);
  const config = await withAppSecret(loadConfig());
  const db = await openDatabase(config);
  try {
    if (verb === 'remove') {
      const removed = await removePlatformAdmin({ pool: db.pool, auditKey: auditKeyFrom(config) }, { email, removedBy: 'cli' });
      process.stdout.write(
        removed
          ? `ยกเลิกสิทธิ์ผู้ดูแลแพลตฟอร์มแล้ว / platform administrator removed: ${email} (sessions ended)\n`
          : `ไม่ใช่ผู้ดูแลแพลตฟอร์ม / not a platform administrator: ${email}\n`,
      );
      return removed ? 0 : 1;
    }
    const name = flags.name as string;
    const result = await addPlatformAdmin({ pool: db.pool, auditKey: auditKeyFrom(config) }, { email, fullName: name, grantedBy: 'cli' });
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
