import { loadConfig } from '../config';
import { openDatabase } from '../infra/database';

export async function dbMigrateCommand(): Promise<number> {
  const db = await openDatabase(loadConfig());
  try {
    process.stdout.write(
      db.appliedMigrations.length
        ? `ปรับโครงสร้างแล้ว / applied: ${db.appliedMigrations.join(', ')}\n`
        : 'ฐานข้อมูลเป็นปัจจุบันแล้ว / database is up to date\n',
    );
    return 0;
  } finally {
    await db.close();
  }
}
