import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { fiscalYearStartWorkflow } from '../workflows';

export const fiscalYearScheduleId = (organizationSlug: string) => `fy-start:${organizationSlug}`;

/**
 * Starts every item of the plan on 1 October, 00:00 Bangkok. A server that was down at midnight still starts the year
 * when it comes back within the catch-up window (the default window is one minute, which would silently skip a
 * year); a second run for the same year is harmless because item-year workflow ids are stable.
 */
export async function ensureFiscalYearSchedule(
  client: Client,
  opts: { organizationSlug: string; taskQueue: string },
): Promise<'created' | 'exists'> {
  try {
    await client.schedule.create({
      scheduleId: fiscalYearScheduleId(opts.organizationSlug),
      spec: {
        calendars: [{ month: 'OCTOBER', dayOfMonth: 1, hour: 0, minute: 0, comment: 'เริ่มปีงบประมาณ / fiscal year start' }],
        timezone: 'Asia/Bangkok',
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '30 days' },
      action: {
        type: 'startWorkflow',
        workflowType: fiscalYearStartWorkflow,
        args: [{ organizationSlug: opts.organizationSlug }],
        taskQueue: opts.taskQueue,
        workflowId: `fy-start:${opts.organizationSlug}:scheduled`,
      },
    });
    return 'created';
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return 'exists';
    throw err;
  }
}
