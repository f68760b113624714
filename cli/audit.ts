import { loadConfig } from '../config';
import { auditKeyFrom, formatAuditHead, parseAuditHead, reconcileWithAudit, verifyAuditChain } from '../db/audit';
import { withAppSecret } from '../infra/app-secret';
import { openDatabase } from '../infra/database';

const USAGE =
  'ใช้: audit verify [--head <id>:<hash>] / usage: audit verify [--head <id>:<hash>] ' +
  '(the chain head published on the public page)';

/**
 * Checks the keyed hash chain, optionally against a head published earlier (so rows cut off the end, or a chain
 * rebuilt, are found), then reconciles decisions, role assignments and delegations with the log. Exit 1 when
 * anything does not hold, 2 on bad arguments.
 */
export async function auditVerifyCommand(
  positionals: string[],
  flags: Record<string, string | boolean | undefined>,
): Promise<number> {
  const head = flags.head;
  const expected = typeof head === 'string' ? parseAuditHead(head) : undefined;
  if (positionals.length || head === true || (typeof head === 'string' && !expected)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  // The same key as the API and worker of this installation: in development, the data directory's secret.
  const config = await withAppSecret(loadConfig());
  const db = await openDatabase(config);
  try {
    const result = await verifyAuditChain(db.pool, auditKeyFrom(config), expected ? { expected } : {});
    let failed = false;
    if (result.ok) {
      const head = result.head ? ` head ${formatAuditHead(result.head)}` : '';
      process.stdout.write(`บันทึกตรวจสอบครบถ้วน ${result.rows} แถว / audit chain intact: ${result.rows} rows${head}\n`);
    } else if ('brokenId' in result) {
      failed = true;
      process.stdout.write(
        `บันทึกตรวจสอบถูกแก้ไขที่แถว ${result.brokenId} (${result.reason}) / audit chain broken at row ${result.brokenId}: ${result.reason}\n`,
      );
    } else {
      failed = true;
      process.stdout.write(
        `บันทึกตรวจสอบไม่ถึงหัวสายที่เผยแพร่ ${formatAuditHead(result.expected)} (${result.reason}) แถวถูกตัดหรือสร้างใหม่ / ` +
          `audit chain does not reach the published head ${formatAuditHead(result.expected)}: ${result.reason} ` +
          `(rows cut off or the chain rebuilt)\n`,
      );
    }
    const mismatches = await reconcileWithAudit(db.pool);
    for (const m of mismatches) {
      process.stdout.write(
        m.kind === 'not_audited'
          ? `ไม่มีบันทึกตรวจสอบของ ${m.table} ${m.id} / ${m.table} ${m.id} has no audit row\n`
          : `บันทึกตรวจสอบแถว ${m.id} อ้างการพิจารณาที่ไม่มีใน decisions / audit row ${m.id} records a decision with no decisions row\n`,
      );
    }
    if (mismatches.length) failed = true;
    else process.stdout.write('การพิจารณา บทบาท และการมอบอำนาจตรงกับบันทึกตรวจสอบ / decisions, roles and delegations match the audit log\n');
    return failed ? 1 : 0;
  } finally {
    await db.close();
  }
}
