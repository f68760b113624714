import { defineQuery } from '@temporalio/workflow';
import type { DecisionOutcome } from '../../domain/decision';
import type { LedgerState } from '../common/ledger';

/**
 * The plan-approval workflow's contract. The decision arrives on the shared `decide` signal (the decision-link
 * page signals whichever workflow opened the point) and is acknowledged through the shared command Update.
 */

export interface PlanApprovalInput {
  organizationId: number;
  organizationSlug: string;
  planVersionId: number;
  version: number;
  title: string;
  firstFiscalYear: number;
  itemCount: number;
  /** Sum of the items' budgets over the plan's years, baht; null when no item has a budget. */
  budgetBaht: number | null;
  timing?: Partial<PlanApprovalTiming>;
  /**
   * Set for an amendment (แผนฯ แก้ไขเพิ่มเติม/เปลี่ยนแปลง ครั้งที่ number) of the version in force: once approved it is
   * applied to the running item-years. The item codes are what the นายก is told it changes.
   */
  amendment?: {
    number: number;
    amendsVersionId: number;
    added: string[];
    removed: string[];
    changed: string[];
    /** The decision page's words (domain/messages.ts: planAmendmentAsk, planAmendmentMemo). */
    ask: { th: string; en: string };
    memo: string;
  };
}

export interface PlanApprovalTiming {
  /** Days the นายก is given, counted from when the approval is asked for. */
  decisionDueDays: number;
  dayMs: number;
  linkTtlMs: number;
}

export interface PlanApprovalState extends LedgerState {
  phase: 'awaiting_mayor' | 'decided' | 'applied';
  outcome?: DecisionOutcome;
  /** An approved amendment, once applied: what it did in each started fiscal year. */
  applied?: Array<{ fiscalYear: number; started: string[]; cancelled: string[]; updated: string[] }>;
}

export const PLAN_APPROVAL_DECISION_KEY = 'plan-approval';

/** One workflow per stored version; the organisation's slug keeps ids apart across databases sharing a server. */
export function planApprovalWorkflowId(organizationSlug: string, planVersionId: number): string {
  return `plan-approval:${organizationSlug}:v${planVersionId}`;
}

export const planApprovalStateQuery = defineQuery<PlanApprovalState>('planApprovalState');
