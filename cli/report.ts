import { loadConfig } from '../config';
import { startReportWorkflow } from '../services/schedules';
import { parseReportKind, reportKindSlug } from '../domain/report-kind';
import { CliError } from './errors';
import { openTemporal } from './temporal';

/**
 * `report run <six-month|annual> <FY> [--org <slug>]`: writes the report now, through the same workflow the
 * schedules start. It returns once the workflow has started; the sign-off then waits for the ปลัด and the นายก.
 * Running it again for the same period starts nothing and says so.
 */
export async function reportRunCommand(
  positionals: string[],
  flags: Record<string, string | boolean | undefined>,
): Promise<number> {
  const kind = parseReportKind(positionals[0] ?? '');
  if (!kind) {
    throw new CliError('ต้องระบุชนิดรายงาน six-month หรือ annual / give the report kind: six-month or annual');
  }
  const fiscalYear = Number(positionals[1]);
  if (!Number.isInteger(fiscalYear) || fiscalYear < 2500 || fiscalYear > 2700) {
    throw new CliError('ต้องระบุปีงบประมาณ พ.ศ. เช่น 2570 / give a Buddhist Era fiscal year, e.g. 2570');
  }
  const org = typeof flags.org === 'string' ? flags.org : 'khek-noi';
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(org)) throw new CliError(`ชื่อย่อองค์กรไม่ถูกต้อง / not an organisation slug: ${org}`);
  const config = loadConfig();
  const temporal = await openTemporal(config);
  try {
    const result = await startReportWorkflow(temporal.client, {
      organizationSlug: org,
      kind,
      fiscalYear,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      requestedBy: 'cli',
    });
    const what = `${reportKindSlug(kind)} ${fiscalYear} (${org})`;
    process.stdout.write(
      result.started
        ? `เริ่มจัดทำรายงาน ${what} แล้ว รอปลัดและนายกลงนาม / report ${what} started: ${result.workflowId}\n`
        : `มีรายงาน ${what} อยู่แล้ว ไม่ได้สร้างซ้ำ / report ${what} already exists (${result.status ?? 'unknown'}), nothing started: ${result.workflowId}\n`,
    );
    return 0;
  } finally {
    await temporal.close();
  }
}
