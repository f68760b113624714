import {
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  patched,
  proxyActivities,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { DAY_MS, fiscalYearBounds, fiscalYearOf } from '../../domain/fiscal';
import type { ReminderPolicyInput } from '../../domain/reminders';
import { itemYearWorkflow, type ItemYearInput } from '../item-year/workflow';
import type { FiscalYearStartActivities } from './activity-contract';

export interface FiscalYearStartInput {
  organizationSlug: string;
  /** Omitted by the yearly schedule: the fiscal year the workflow runs in. */
  fiscalYear?: number;
  /** Start only these items (an item added late, or a test); all items that run in the year when omitted. */
  itemCodes?: string[];
  /** Tests compress the year; production takes the fiscal calendar. */
  timing?: Partial<ItemYearInput['timing']>;
  reminderPolicy?: ReminderPolicyInput;
  taskQueue?: string;
}

export interface FiscalYearStartResult {
  fiscalYear: number;
  itemYears: number;
  started: number;
  alreadyRunning: number;
}

const { prepareFiscalYear } = proxyActivities<FiscalYearStartActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumInterval: '1 minute', nonRetryableErrorTypes: ['NOT_FOUND'] },
});
/** On 1 October every organisation starts its year within the schedules' jitter: a start may wait for the server. */
const { startItemYears } = proxyActivities<FiscalYearStartActivities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '1 minute',
  retry: { maximumInterval: '1 minute', nonRetryableErrorTypes: ['NOT_FOUND'] },
});

/**
 * patched() id. Runs from before it started the item-years as children, all in one workflow task: 37 commands with
 * every item's full input, written into this history and again into each child's, a task that took over ten seconds
 * (and timed out) when a hundred organisations started at once. From it on, one activity starts them.
 */
const STARTED_BY_ACTIVITY = 'item-years-started-by-activity';

export const DEFAULT_TIMING = {
  dayMs: DAY_MS,
  decisionDueDays: 7,
  committeeDueDays: 14,
  linkTtlMs: 14 * DAY_MS,
} as const;

/**
 * Starts one item-year workflow per item that runs in the fiscal year; each item lives for the whole year on its own.
 * Ids are stable, so running this twice starts nothing new.
 */
export async function fiscalYearStartWorkflow(input: FiscalYearStartInput): Promise<FiscalYearStartResult> {
  const fiscalYear = input.fiscalYear ?? fiscalYearOf(Date.now());
  if (patched(STARTED_BY_ACTIVITY)) {
    const result = await startItemYears({
      organizationSlug: input.organizationSlug,
      fiscalYear,
      ...(input.itemCodes ? { itemCodes: input.itemCodes } : {}),
      timing: { startMs: fiscalYearBounds(fiscalYear).startMs, ...DEFAULT_TIMING, ...input.timing },
      ...(input.reminderPolicy ? { reminderPolicy: input.reminderPolicy } : {}),
      ...(input.taskQueue ? { taskQueue: input.taskQueue } : {}),
    });
    return { fiscalYear, ...result };
  }
  const prepared = await prepareFiscalYear({
    organizationSlug: input.organizationSlug,
    fiscalYear,
    ...(input.itemCodes ? { itemCodes: input.itemCodes } : {}),
  });
  const timing: ItemYearInput['timing'] = {
    startMs: fiscalYearBounds(fiscalYear).startMs,
    ...DEFAULT_TIMING,
    ...input.timing,
  };
  const reminderPolicy = input.reminderPolicy ?? prepared.reminderPolicy;
  const outcomes = await Promise.all(
    prepared.itemYears.map(async ({ workflowId, input: itemInput }) => {
      try {
        await startChild(itemYearWorkflow, {
          workflowId,
          args: [
            {
              ...itemInput,
              approvalRoute: prepared.approvalRoute,
              timing,
              calendar: prepared.calendar,
              ...(reminderPolicy ? { reminderPolicy } : {}),
            },
          ],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          ...(input.taskQueue ? { taskQueue: input.taskQueue } : {}),
        });
        return 'started' as const;
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already' as const;
        throw err;
      }
    }),
  );
  return {
    fiscalYear,
    itemYears: prepared.itemYears.length,
    started: outcomes.filter((o) => o === 'started').length,
    alreadyRunning: outcomes.filter((o) => o === 'already').length,
  };
}
