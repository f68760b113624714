import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { loadConfig } from '../config';
import { fiscalYearStartWorkflow } from '../workflows';
import { CliError } from './errors';
import { openTemporal } from './temporal';

export async function fyStartCommand(
  positionals: string[],
  flags: Record<string, string | boolean | undefined>,
): Promise<number> {
  const fiscalYear = Number(positionals[0]);
  if (!Number.isInteger(fiscalYear) || fiscalYear < 2500 || fiscalYear > 2700) {
    throw new CliError('ต้องระบุปีงบประมาณ พ.ศ. เช่น 2570 / give a Buddhist Era fiscal year, e.g. 2570');
  }
  const org = typeof flags.org === 'string' ? flags.org : 'khek-noi';
  const config = loadConfig();
  const temporal = await openTemporal(config);
  try {
    const result = await temporal.client.workflow.execute(fiscalYearStartWorkflow, {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowId: `fy-start:${org}:${fiscalYear}`,
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      args: [{ organizationSlug: org, fiscalYear }],
    });
    process.stdout.write(
      `ปีงบประมาณ ${fiscalYear}: ${result.itemYears} รายการ เริ่มใหม่ ${result.started} ดำเนินอยู่แล้ว ${result.alreadyRunning}` +
        ` / FY${fiscalYear}: ${result.itemYears} item-years, ${result.started} started, ${result.alreadyRunning} already running\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      throw new CliError(`กำลังเริ่มปีงบประมาณ ${fiscalYear} อยู่ / FY${fiscalYear} is being started right now`, 1);
    }
    throw err;
  } finally {
    await temporal.close();
  }
}
