import { parseArgs } from 'node:util';
import { planImportCommand, planLoadCommand } from './plan';
import { dbMigrateCommand } from './db';
import { fyStartCommand } from './fy';
import { auditVerifyCommand } from './audit';
import { reportRunCommand } from './report';
import { exportEplannaccCommand } from './eplannacc';
import { exportItaCommand } from './ita';
import { commandsDeliverCommand } from './commands';
import { backupCreateCommand, backupRestoreCommand } from './backup';
import { CliError } from './errors';
import { platformAdminCommand } from './platform';

const USAGE = `การใช้งาน / usage: npm run cli -- <command>

  plan import <file> [--json] [--years 2566-2570]
                                       อ่านแผนและรายงานข้อบกพร่อง (PDF สแกนอ่านด้วย OCR; --years คือปีของแผน
                                       สำหรับอ่านตัวเลขจากภาพ) / read a plan document, report its defects (a scanned
                                       PDF is read by OCR; --years states the plan's years to read its numbers by)
  plan load <file> --org <slug> [--years 2566-2570]
                                       บันทึกแผนแรกขององค์กร (มีผลทันที) แผนฉบับต่อไปนำเข้าที่ /plans/import ให้นายก
                                       อนุมัติ / store an organisation's first plan (in force at once); later
                                       versions are uploaded at /plans/import for the chief executive to approve
  db migrate                           ปรับโครงสร้างฐานข้อมูล / apply database migrations
  fy start <FY> [--org <slug>]         เริ่มงานทุกรายการของปีงบประมาณ / start every item-year of a fiscal year
  report run <six-month|annual> <FY> [--org <slug>]
                                       จัดทำรายงานทันที / write the report now (sign-off follows)
  export eplannacc <FY> <6|12> --org <slug> [--json | --format xlsx|csv|json --out <file>]
                                       ผลการดำเนินการรอบ 6 หรือ 12 เดือนสำหรับระบบ e-PlanNACC ของ ป.ป.ช.
                                       / the e-PlanNACC round (status as of 31 March or 30 September, score)
  export ita <ITA year> --org <slug> [--group <kind>] [--json | --out <file.zip>]
                                       ชุดหลักฐาน ITA รายข้อ พร้อมสิ่งที่ยังขาดทุกรายการ / the ITA evidence pack per
                                       O-code with every gap named (docs/ITA.md)
  audit verify [--head <id>:<hash>]    ตรวจสายบันทึกตรวจสอบ (เทียบหัวสายที่เผยแพร่) และเทียบการพิจารณา บทบาท
                                       การมอบอำนาจ / check the audit log's keyed chain (against a published head)
                                       and reconcile decisions, roles and delegations with it
  platform admin add <email> --name <full name>
                                       ให้อีเมลนี้เป็นผู้ดูแลแพลตฟอร์ม (สร้างองค์กรได้) / make the address a platform
                                       administrator, who creates organisations at /platform
  platform admin remove <email>        ยกเลิกสิทธิ์และออกจากระบบทุกเครื่อง / end the grant and its sessions
  commands deliver [--json]            ส่งคำสั่งที่รับไว้แต่ยังไม่ถึงเวิร์กโฟลว์ทันที / deliver every accepted,
                                       undelivered command now (after an outage)
  backup create <dir> [--temporal-db <name>]
                                       สำรองฐานข้อมูลของ Temporal ฐานข้อมูลของเรา และไฟล์ (ต้องมี pg_dump) / back up
                                       Temporal's databases, ours and the stored files (needs pg_dump; docs/OPERATIONS.md)
  backup restore <dir> --database <new name> [--temporal-db <new name>]
                                       กู้คืนลงฐานข้อมูลใหม่ (ไม่เขียนทับ) / restore into new databases, never over existing ones
`;

type Command = (positionals: string[], flags: Record<string, string | boolean | undefined>) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  'plan import': planImportCommand,
  'plan load': planLoadCommand,
  'db migrate': dbMigrateCommand,
  'fy start': fyStartCommand,
  'report run': reportRunCommand,
  'export eplannacc': exportEplannaccCommand,
  'export ita': exportItaCommand,
  'audit verify': auditVerifyCommand,
  'commands deliver': commandsDeliverCommand,
  'platform admin': platformAdminCommand,
  'backup create': backupCreateCommand,
  'backup restore': backupRestoreCommand,
};

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      org: { type: 'string' },
      years: { type: 'string' },
      by: { type: 'string' },
      head: { type: 'string' },
      name: { type: 'string' },
      format: { type: 'string' },
      group: { type: 'string' },
      out: { type: 'string' },
      database: { type: 'string' },
      'temporal-db': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const name = positionals.slice(0, 2).join(' ');
  const command = COMMANDS[name];
  if (values.help || !command) {
    (command || values.help ? process.stdout : process.stderr).write(USAGE);
    return command || values.help ? 0 : 2;
  }
  return command(positionals.slice(2), values);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof CliError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = err.exitCode;
    } else if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(err as Error).message}\n${USAGE}`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`ข้อผิดพลาด / error: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
