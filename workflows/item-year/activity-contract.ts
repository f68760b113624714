import type { WorkflowMessage } from '../../domain/messages';
import type { ApproverRole, DecisionPurpose, ItemYearState } from './messages';

/**
 * What the item-year workflow asks of the outside world. Types only: the implementations live in activities/ and
 * every one of them is idempotent by the key the workflow passes (workflow id + step + purpose).
 */

export interface DecisionSummary {
  itemCode: string;
  itemName: string;
  fiscalYear: number;
  budget: number | null;
  startDate?: string;
  endDate?: string;
  memo?: string;
  askTh: string;
  askEn: string;
  reason?: string;
}

export type Recipient =
  | { personId: number }
  | { role: 'mayor' | 'palad' | 'coordinator' | 'auditor' }
  | { role: 'unit_head'; unitKey: string };

export interface ItemYearActivities {
  openDecision(input: {
    workflowId: string;
    decisionKey: string;
    purpose: DecisionPurpose;
    approverRole: ApproverRole;
    organizationId: number;
    itemYearId: number | null;
    summary: DecisionSummary;
    dueAtMs: number;
    linkTtlMs: number;
  }): Promise<{ decisionPointId: number; approverPersonIds: number[] }>;
  remindDecision(input: {
    workflowId: string;
    decisionKey: string;
    seq: number;
    kind: 'before' | 'due' | 'overdue' | 'escalation';
    escalateTo?: 'unit_head' | 'palad';
    linkTtlMs: number;
  }): Promise<void>;
  closeDecision(input: {
    workflowId: string;
    decisionKey: string;
    status: 'decided' | 'withdrawn';
    decisionId?: string;
  }): Promise<void>;
  /** One catalogue message (template + its data) to the people named; a wrong template/data pair fails the typecheck. */
  notify(input: { idempotencyKey: string; organizationId: number; recipients: Recipient[] } & WorkflowMessage): Promise<{
    outboxIds: number[];
  }>;
  /** Writes the projection and appends one audit row, both keyed by workflow id + revision. */
  recordItemYear(input: {
    itemYearId: number;
    organizationId: number;
    state: ItemYearState;
    audit: { actor: string; action: string; before: unknown; after: unknown };
  }): Promise<void>;
}
