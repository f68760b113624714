import { z } from 'zod';
import { APPROVER_ROLES, DECISION_OUTCOMES, DECISION_PURPOSES } from '../domain/decision';
import { stepPhaseSchema } from '../domain/plan';
import type { ItemYearState } from '../workflows/item-year/messages';

/**
 * The item-year workflow's state as the projection stores it (item_years.state, jsonb), validated where it is read
 * back. It lives here, not beside the workflow: the workflow bundle stays free of zod (every module of it is
 * evaluated again for each run). Lenient about absence, not about shape: a row written before the workflow's first
 * snapshot is `{}`, and older projections lack fields added since (arrays read as empty, the rest as absent), but a
 * value of the wrong type is an error, since the workflow never wrote one.
 */

/** What a read of item_years.state returns: every part may be missing except the lists, which read as empty. */
export type StoredItemYearState = Omit<Partial<ItemYearState>, ListKey> & Pick<ItemYearState, ListKey>;
type ListKey = 'steps' | 'decisions' | 'history' | 'processedIds';

const PHASES = [
  'proposal',
  'approval',
  'committee',
  'committee_signoff',
  'execution',
  'evaluation',
  'report',
  'report_ack',
  'completed',
  'cancelled',
] as const;
const STATUSES = ['not_started', 'in_progress', 'completed', 'cancelled'] as const;

const ms = z.number();

const stepSchema = z.object({
  key: z.string(),
  ordinal: z.number().int(),
  text: z.string(),
  phase: stepPhaseSchema,
  occurrence: z.number().int().optional(),
  dueAtMs: ms,
  status: z.enum(['pending', 'done']),
  completedAtMs: ms.optional(),
  completedBy: z.number().int().optional(),
  notes: z.string().optional(),
  evidenceIds: z.array(z.string()).optional(),
  recordedAfterTheFact: z.literal(true).optional(),
});

const decisionSchema = z.object({
  decisionId: z.string(),
  decisionKey: z.string(),
  purpose: z.enum(DECISION_PURPOSES),
  outcome: z.enum(DECISION_OUTCOMES),
  reason: z.string().optional(),
  personId: z.number().int(),
  actingAs: z.string(),
  atMs: ms,
});

const historySchema = z.object({
  atMs: ms,
  event: z.string(),
  personId: z.number().int().optional(),
  detail: z.string().optional(),
});

export const storedItemYearStateSchema = z.object({
  workflowId: z.string().optional(),
  revision: z.number().int().optional(),
  status: z.enum(STATUSES).optional(),
  phase: z.enum(PHASES).optional(),
  ownerPersonId: z.number().int().nullable().optional(),
  ownerName: z.string().optional(),
  proposal: z
    .object({
      memo: z.string(),
      budget: z.number().nullable(),
      startDate: z.string().optional(),
      endDate: z.string().optional(),
      round: z.number().int().default(1),
    })
    .optional(),
  committee: z
    .object({
      orderNumber: z.string(),
      orderDate: z.string(),
      members: z.array(z.object({ name: z.string(), role: z.string() })).default(() => []),
    })
    .optional(),
  openDecision: z
    .object({
      decisionKey: z.string(),
      purpose: z.enum(DECISION_PURPOSES),
      approverRole: z.enum(APPROVER_ROLES),
      dueAtMs: ms,
    })
    .optional(),
  pendingCancellation: z.object({ reason: z.string(), requestedBy: z.number().int(), decisionKey: z.string() }).optional(),
  steps: z.array(stepSchema).default(() => []),
  phaseDueAtMs: ms.optional(),
  evaluation: z
    .object({
      indicatorResults: z
        .array(z.object({ ordinal: z.number().int(), value: z.number().optional(), text: z.string(), met: z.boolean().optional() }))
        .default(() => []),
      budgetSpent: z.number().nullable(),
      problems: z.string(),
      suggestions: z.string(),
    })
    .optional(),
  report: z.object({ summary: z.string() }).optional(),
  budgetSpent: z.number().nullable().optional(),
  cancelReason: z.string().optional(),
  afterTheFact: z
    .object({
      recordedBy: z.number().int(),
      recordedByName: z.string().optional(),
      recordedAtMs: ms,
      approval: z.object({ date: z.string(), documentNumber: z.string() }).optional(),
      committee: z.object({ orderNumber: z.string(), orderDate: z.string() }).optional(),
      stepKeys: z.array(z.string()).default(() => []),
    })
    .optional(),
  decisions: z.array(decisionSchema).default(() => []),
  history: z.array(historySchema).default(() => []),
  processedIds: z.array(z.string()).default(() => []),
});

// The schema and the workflow's type describe one state; a field added to one and not the other fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesState: Same<z.output<typeof storedItemYearStateSchema>, StoredItemYearState> = true;
void schemaMatchesState;

export class StoredStateError extends Error {
  override readonly name = 'StoredStateError';
}

/**
 * Reads one stored state (null, as a LEFT JOIN gives for none, reads as empty). A row that does not parse throws
 * with the row named, in Thai and English: a projection the workflow did not write is a fault to look at, not data
 * to guess around.
 */
export function parseStoredItemYearState(json: unknown, where: string): StoredItemYearState {
  const parsed = storedItemYearStateSchema.safeParse(json ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const at = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : '';
  throw new StoredStateError(`สถานะที่บันทึกของ ${where} อ่านไม่ได้ / the stored state of ${where} does not parse: ${at}`);
}
