/**
 * Whether a workflow takes a person's command in its current state: the one rule, used by the workflow itself (which
 * ignores what it may not take) and by the service that accepts the command (which refuses it with a 409 before it
 * is stored). Pure and zod-free: the workflow bundle imports it.
 */

import { afterTheFactRefusal } from './after-the-fact';

/**
 * The commands issued to an item-year's workflow (workflows/item-year/messages.ts has their signals): a person's, and
 * an approved plan amendment's (applyAmendment, taken in any phase but a finished one).
 */
export type ItemYearCommandName =
  | 'submitProposal'
  | 'recordCommittee'
  | 'completeStep'
  | 'moveDueDate'
  | 'submitEvaluation'
  | 'submitReport'
  | 'requestCancellation'
  | 'reassign'
  | 'recordAfterTheFact'
  | 'applyAmendment';

/** What the rule reads of an item-year's state: the workflow's state and its projection both have it. */
export interface ItemYearCommandView {
  status: string;
  phase: string;
  steps: ReadonlyArray<{ key: string; status: string }>;
  pendingCancellation?: unknown;
  /** Read by recordAfterTheFact only: whether anything has happened in the system yet. */
  proposal?: unknown;
  committee?: unknown;
  openDecision?: unknown;
  afterTheFact?: unknown;
  decisions?: readonly unknown[];
}

export interface ItemYearCommand {
  name: ItemYearCommandName;
  stepKey?: string;
  reason?: string;
}

export type RefusalCode =
  | 'wrong_phase'
  | 'unknown_step'
  | 'step_done'
  | 'finished'
  | 'cancellation_pending'
  | 'reason_required'
  | 'already_recorded';

export interface Refusal {
  code: RefusalCode;
  th: string;
  en: string;
  /** The phase the command needs, when the phase is what is wrong. */
  expectedPhase?: string;
}

/** The phase each phase-bound command is taken in; the others are taken in any phase but a finished one. */
const PHASE_OF: Partial<Record<ItemYearCommandName, string>> = {
  submitProposal: 'proposal',
  recordCommittee: 'committee',
  completeStep: 'execution',
  submitEvaluation: 'evaluation',
  submitReport: 'report',
};

const FINISHED_PHASES: readonly string[] = ['completed', 'cancelled'];

export function isFinishedPhase(phase: string): boolean {
  return FINISHED_PHASES.includes(phase);
}

/** Undefined when the workflow takes the command now; otherwise why not, in Thai and English. */
export function itemYearCommandRefusal(view: ItemYearCommandView, command: ItemYearCommand): Refusal | undefined {
  const expectedPhase = PHASE_OF[command.name];
  if (expectedPhase !== undefined && view.phase !== expectedPhase) {
    return {
      code: 'wrong_phase',
      th: `ขั้นตอนปัจจุบันคือ "${view.phase}" จึงทำรายการนี้ไม่ได้`,
      en: `not possible while the item is in phase "${view.phase}" (${view.status})`,
      expectedPhase,
    };
  }
  if (isFinishedPhase(view.phase) && expectedPhase === undefined) {
    return { code: 'finished', th: 'รายการนี้สิ้นสุดแล้ว', en: 'the item-year has already ended' };
  }
  if (command.name === 'recordAfterTheFact') {
    const refusal = afterTheFactRefusal({ ...view, decisions: view.decisions ?? [] });
    if (refusal) return { code: refusal.code === 'already_recorded' ? 'already_recorded' : 'wrong_phase', th: refusal.th, en: refusal.en };
  }
  if (command.name === 'completeStep' || command.name === 'moveDueDate') {
    const step = view.steps.find((s) => s.key === command.stepKey);
    if (!step) return { code: 'unknown_step', th: 'ไม่พบขั้นตอนนี้', en: `there is no step ${command.stepKey ?? ''}`.trim() };
    if (step.status === 'done') {
      return command.name === 'completeStep'
        ? { code: 'step_done', th: 'ขั้นตอนนี้บันทึกว่าเสร็จแล้ว', en: 'this step is already done' }
        : { code: 'step_done', th: 'ขั้นตอนนี้เสร็จแล้ว เลื่อนกำหนดไม่ได้', en: 'the step is done; its date cannot move' };
    }
  }
  if (command.name === 'requestCancellation' && view.pendingCancellation) {
    return { code: 'cancellation_pending', th: 'มีคำขอยกเลิกที่รอพิจารณาอยู่แล้ว', en: 'a cancellation request is already waiting for a decision' };
  }
  if ((command.name === 'moveDueDate' || command.name === 'requestCancellation') && !command.reason?.trim()) {
    return { code: 'reason_required', th: 'กรุณาระบุเหตุผล', en: 'a reason is required' };
  }
  return undefined;
}

/** What the rule reads of a report workflow's state. */
export interface ReportCommandView {
  phase: string;
  /** The version the workflow waits on, if any. */
  currentReportId?: number;
}

/** A new version is made only from the latest one, once it was sent back, and only once. */
export function regenerateRefusal(view: ReportCommandView, reportId?: number): Refusal | undefined {
  if (view.phase !== 'sent_back' || (reportId !== undefined && view.currentReportId !== reportId)) {
    return {
      code: 'wrong_phase',
      th: 'จัดทำฉบับใหม่ได้เฉพาะรายงานฉบับล่าสุดที่ถูกส่งกลับให้แก้ไข',
      en: `only the latest version, once sent back, can be regenerated (the report is in phase "${view.phase}")`,
      expectedPhase: 'sent_back',
    };
  }
  return undefined;
}
