import { loadConfig } from '../config';
import { verifyAuditChain } from '../db/audit';
import { openDatabase } from '../infra/database';

export async function auditVerifyCommand(): Promise<number> {
  const db = await openDatabase(loadConfig());
  try {
    const result = await verifyAuditChain(db.pool);
    if (result.ok) {
      process.stdout.write(`บันทึกตรวจสอบครบถ้วน ${result.rows} แถว / audit chain intact: ${result.rows} rows\n`);
      return 0;
    }
    process.stdout.write(
      `บันทึกตรวจสอบถูกแก้ไขที่แถว ${result.brokenId} (${result.reason}) / audit chain broken at row ${result.brokenId}: ${result.reason}\n`,
    );
    return 1;
  } finally {
    await db.close();
  }
}
