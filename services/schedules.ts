import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  WorkflowExecutionAlreadyStartedError,
  type Client,
  type ScheduleDescription,
} from '@temporalio/client';
import { z } from 'zod';
import { fiscalYearStartWorkflow, reportWorkflow } from '../workflows';
import type { ReportKind } from '../domain/report-kind';
import { reportWorkflowId } from '../workflows/report/messages';
import type { ReportWorkflowInput } from '../workflows/report/workflow';

export const fiscalYearScheduleId = (organizationSlug: string) => `fy-start:${organizationSlug}`;

/**
 * Every organisation's schedules fire at the same calendar instant (7,850 of them at 00:00 on 1 October and on
 * 1 April); each run is moved by a random delay of up to this much, so the cluster takes the year's start and the
 * reports as a steady flow before the offices open at 08:30 instead of one burst. Nothing depends on the minute a
 * run starts: due dates come from the fiscal calendar, and a report covers the period that has ended.
 */
export const SCHEDULE_JITTER = '6 hours';
export const SCHEDULE_JITTER_MS = 6 * 3_600_000;

/**
 * Starts every item of the plan on 1 October, 00:00 Bangkok. A server that was down at midnight still starts the year
 * when it comes back within the catch-up window (the default window is one minute, which would silently skip a
 * year); a second run for the same year is harmless because item-year workflow ids are stable.
 */
export async function ensureFiscalYearSchedule(
  client: Client,
  opts: { organizationSlug: string; taskQueue: string },
): Promise<'created' | 'exists' | 'updated'> {
  const scheduleId = fiscalYearScheduleId(opts.organizationSlug);
  const spec = {
    calendars: [{ month: 'OCTOBER' as const, dayOfMonth: 1, hour: 0, minute: 0, comment: 'เริ่มปีงบประมาณ / fiscal year start' }],
    timezone: 'Asia/Bangkok',
    jitter: SCHEDULE_JITTER,
  };
  try {
    await client.schedule.create({
      scheduleId,
      spec,
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
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  // Schedules made before the jitter existed would still start every organisation at the same minute.
  const handle = client.schedule.getHandle(scheduleId);
  if ((await handle.describe()).spec.jitter === SCHEDULE_JITTER_MS) return 'exists';
  await handle.update((previous) => ({ ...previous, spec }));
  return 'updated';
}

// ---------------------------------------------------------------------------------------------------------------
// Six-month and annual reports

const MONTH_NAMES = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;

/** Days in each month of a non-leap year: a yearly date must exist every year, so 29 February is refused. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

const reportDateSchema = z
  .object({
    month: z.number().int().min(1).max(12),
    day: z.number().int().min(1).max(31),
    hour: z.number().int().min(0).max(23).default(0),
    minute: z.number().int().min(0).max(59).default(0),
  })
  .strict()
  .refine((d) => d.day <= MONTH_DAYS[d.month - 1]!, { message: 'วันที่ไม่มีทุกปี / the day does not exist every year' });

/**
 * When each report is written, in Bangkok time: organizations.settings.reportDates. A report runs after the period
 * it covers (the workflow reports on the most recent period that has ended), so the six-month date must fall in
 * April-September and the annual one in October-March.
 */
export const reportDatesSchema = z
  .object({
    sixMonth: reportDateSchema
      .refine((d) => d.month >= 4 && d.month <= 9, {
        message: 'รายงานรอบ ๖ เดือนต้องกำหนดในเดือนเมษายน-กันยายน / the six-month report date must fall in April-September',
      })
      .default({ month: 4, day: 1, hour: 0, minute: 0 }),
    annual: reportDateSchema
      .refine((d) => d.month >= 10 || d.month <= 3, {
        message: 'รายงานประจำปีต้องกำหนดในเดือนตุลาคม-มีนาคม / the annual report date must fall in October-March',
      })
      .default({ month: 10, day: 1, hour: 0, minute: 0 }),
  })
  .strict();
export type ReportDates = z.output<typeof reportDatesSchema>;
export type ReportDate = ReportDates['sixMonth'];

/** The organisation's report dates from its settings (defaults: 1 April and 1 October, 00:00); refuses bad ones. */
export function reportDatesFromSettings(settings: unknown): ReportDates {
  const raw = settings && typeof settings === 'object' ? (settings as Record<string, unknown>).reportDates : undefined;
  const parsed = reportDatesSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new Error(
      `organizations.settings.reportDates ไม่ถูกต้อง / invalid report dates: ` +
        parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
    );
  }
  return parsed.data;
}

/**
 * A server down at report time takes the missed run when it is back, for up to this long. The run reports on the
 * period that has ended whenever it starts, so a late run writes the same report an on-time one would have.
 */
export const REPORT_CATCHUP_WINDOW = '30 days';
export const REPORT_TIMEZONE = 'Asia/Bangkok';

export const reportScheduleId = (organizationSlug: string, kind: ReportKind) => `report:${kind}:${organizationSlug}`;

export type EnsureScheduleResult = 'created' | 'updated' | 'unchanged';

function reportScheduleOptions(opts: { organizationSlug: string; taskQueue: string }, kind: ReportKind, date: ReportDate) {
  const label =
    kind === 'six_month' ? 'รายงานการกำกับติดตาม รอบ ๖ เดือน / six-month monitoring report' : 'รายงานผลประจำปี / annual result report';
  const input: ReportWorkflowInput = { organizationSlug: opts.organizationSlug, kind, requestedBy: 'schedule', taskQueue: opts.taskQueue };
  return {
    spec: {
      calendars: [
        { month: MONTH_NAMES[date.month - 1]!, dayOfMonth: date.day, hour: date.hour, minute: date.minute, comment: label },
      ],
      timezone: REPORT_TIMEZONE,
      jitter: SCHEDULE_JITTER,
    },
    // SKIP: a scheduled run only works out its period and starts that period's workflow, so it ends within seconds
    // once a worker is up. If one is still waiting (the workers are down), another run would hand over to the very
    // same period workflow; skipping it is the whole of the difference. BUFFER_ONE would only queue that no-op.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: REPORT_CATCHUP_WINDOW },
    action: {
      type: 'startWorkflow' as const,
      workflowType: reportWorkflow,
      args: [input] as [ReportWorkflowInput],
      taskQueue: opts.taskQueue,
      // The server appends the scheduled time; the run hands over to `report:<org>:<kind>:<FY>`.
      workflowId: `report:${opts.organizationSlug}:${kind}:scheduled`,
    },
  };
}

function sameSchedule(description: ScheduleDescription, wanted: ReturnType<typeof reportScheduleOptions>, date: ReportDate): boolean {
  const calendars = description.spec.calendars ?? [];
  const calendar = calendars[0];
  const only = <T>(ranges: Array<{ start: T; end: T }> | undefined): T | undefined =>
    ranges?.length === 1 && ranges[0]!.start === ranges[0]!.end ? ranges[0]!.start : undefined;
  return (
    calendars.length === 1 &&
    calendar !== undefined &&
    only(calendar.month) === MONTH_NAMES[date.month - 1] &&
    only(calendar.dayOfMonth) === date.day &&
    (only(calendar.hour) ?? 0) === date.hour &&
    (only(calendar.minute) ?? 0) === date.minute &&
    description.spec.timezone === REPORT_TIMEZONE &&
    description.spec.jitter === SCHEDULE_JITTER_MS &&
    description.policies.overlap === wanted.policies.overlap &&
    description.policies.catchupWindow === 30 * 24 * 3_600_000 &&
    description.action.taskQueue === wanted.action.taskQueue
  );
}

/**
 * The organisation's two report schedules (six-month on 1 April, annual on 1 October, 00:00 Bangkok unless its
 * settings say otherwise). Stable ids: calling this on every start creates them once and afterwards only updates
 * a schedule whose date, time zone, policies or task queue differ from what is wanted, keeping its paused state.
 */
export async function ensureReportSchedules(
  client: Client,
  opts: { organizationSlug: string; taskQueue: string; dates?: ReportDates },
): Promise<Record<ReportKind, EnsureScheduleResult>> {
  const dates = opts.dates ?? reportDatesSchema.parse({});
  const result = {} as Record<ReportKind, EnsureScheduleResult>;
  for (const kind of ['six_month', 'annual'] as const) {
    const date = kind === 'six_month' ? dates.sixMonth : dates.annual;
    const scheduleId = reportScheduleId(opts.organizationSlug, kind);
    const wanted = reportScheduleOptions(opts, kind, date);
    try {
      await client.schedule.create({ scheduleId, ...wanted });
      result[kind] = 'created';
      continue;
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
    const handle = client.schedule.getHandle(scheduleId);
    if (sameSchedule(await handle.describe(), wanted, date)) {
      result[kind] = 'unchanged';
      continue;
    }
    await handle.update((previous) => ({ ...wanted, state: { paused: previous.state.paused, note: previous.state.note } }));
    result[kind] = 'updated';
  }
  return result;
}

/**
 * "Generate now" (the command line and the API): starts the period's report workflow unless one exists. The id is
 * the period's, and the reuse policy refuses a second start while one runs or after one completed; only a run
 * that failed (say, no plan covered the year) may be started again.
 */
export async function startReportWorkflow(
  client: Client,
  opts: {
    organizationSlug: string;
    kind: ReportKind;
    fiscalYear: number;
    taskQueue: string;
    requestedBy: string;
    recorded?: ReportWorkflowInput['recorded'];
  },
): Promise<{ workflowId: string; started: boolean; status?: string }> {
  const workflowId = reportWorkflowId(opts.organizationSlug, opts.kind, opts.fiscalYear);
  try {
    await client.workflow.start(reportWorkflow, {
      taskQueue: opts.taskQueue,
      workflowId,
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      args: [
        {
          organizationSlug: opts.organizationSlug,
          kind: opts.kind,
          fiscalYear: opts.fiscalYear,
          requestedBy: opts.requestedBy,
          ...(opts.recorded ? { recorded: opts.recorded } : {}),
        },
      ],
    });
    return { workflowId, started: true };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const description = await client.workflow.getHandle(workflowId).describe().catch(() => undefined);
    return { workflowId, started: false, ...(description ? { status: description.status.name } : {}) };
  }
}
