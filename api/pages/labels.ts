import type { DecisionOutcome, DecisionPurpose } from '../../domain/decision';
import type { ItemStatus } from '../../domain/item-status';
import type { ItemKind } from '../../domain/plan';
import { ROLE_NAMES, type Role } from '../../domain/roles';
import type { ItemYearPhase, ItemYearStatusName } from '../../workflows/item-year/messages';

/**
 * The one label catalogue of the pages: every name a person reads for a value of the domain's unions, Thai and
 * English, keyed by the union so a value added there without a label fails to compile. Pages pick the language
 * (web/labels.ts `label`) or show both (`bilingual`). The report documents keep their own template wording
 * (domain/report.ts), and who decided under whose authority is domain/decision.ts's.
 */

export interface Bilingual {
  th: string;
  en: string;
}

export const PHASE_LABELS: Record<ItemYearPhase, Bilingual> = {
  proposal: { th: 'เสนอโครงการ', en: 'Proposal' },
  approval: { th: 'รอการอนุมัติ', en: 'Awaiting approval' },
  committee: { th: 'แต่งตั้งคณะกรรมการ', en: 'Committee order' },
  committee_signoff: { th: 'รอลงนามคำสั่งแต่งตั้ง', en: 'Awaiting the committee order’s signature' },
  execution: { th: 'ดำเนินการตามขั้นตอน', en: 'Execution' },
  evaluation: { th: 'ประเมินผลตามตัวชี้วัด', en: 'Evaluation' },
  report: { th: 'รายงานผล', en: 'Item report' },
  report_ack: { th: 'รอรับทราบรายงาน', en: 'Awaiting acknowledgement of the report' },
  completed: { th: 'เสร็จสิ้น', en: 'Completed' },
  cancelled: { th: 'ยกเลิก', en: 'Cancelled' },
};

/** What the owner is asked to do in a phase that waits on them. */
export const PHASE_TASKS: Partial<Record<ItemYearPhase, Bilingual>> = {
  proposal: { th: 'เสนอโครงการเพื่อขออนุมัติ', en: 'Submit the proposal for approval' },
  committee: { th: 'บันทึกคำสั่งแต่งตั้งคณะกรรมการ', en: 'Record the committee order' },
  evaluation: { th: 'บันทึกผลการประเมินตามตัวชี้วัด', en: 'Record the evaluation against the indicators' },
  report: { th: 'ส่งรายงานผลการดำเนินการ', en: 'Submit the item report' },
};

/** What a decision point asks of its approver. */
export const PURPOSE_LABELS: Record<DecisionPurpose, Bilingual> = {
  proposal: { th: 'พิจารณาอนุมัติโครงการ', en: 'Approve the proposal' },
  committee: { th: 'พิจารณาลงนามคำสั่งแต่งตั้งคณะกรรมการ', en: 'Sign the committee order' },
  report: { th: 'รับทราบรายงานผลการดำเนินงาน', en: 'Acknowledge the report' },
  cancellation: { th: 'พิจารณาการยกเลิกรายการ', en: 'Decide on the cancellation' },
  plan: { th: 'พิจารณาอนุมัติแผนปฏิบัติการป้องกันการทุจริต', en: 'Approve the anti-corruption plan' },
};

/** A decision's outcome as it reads after the fact ("approved by ..."). */
export const OUTCOME_LABELS: Record<DecisionOutcome, Bilingual> = {
  approve: { th: 'อนุมัติ', en: 'approved' },
  reject: { th: 'ไม่อนุมัติ', en: 'rejected' },
  send_back: { th: 'ส่งกลับให้แก้ไข', en: 'sent back for changes' },
  acknowledge: { th: 'รับทราบ', en: 'acknowledged' },
};

/** How a decision form offers each outcome it accepts. */
export const OUTCOME_CHOICES: Record<DecisionOutcome, Bilingual> = {
  approve: { th: 'อนุมัติ', en: 'Approve' },
  reject: { th: 'ไม่อนุมัติ (ต้องระบุเหตุผล)', en: 'Reject (a reason is required)' },
  send_back: { th: 'ส่งกลับให้แก้ไข (ต้องระบุสิ่งที่ขอให้แก้ไข)', en: 'Send back for changes (say what to change)' },
  acknowledge: { th: 'รับทราบ', en: 'Acknowledge' },
};

export const KIND_LABELS: Record<ItemKind, Bilingual> = {
  project: { th: 'โครงการ', en: 'Project' },
  measure: { th: 'มาตรการ', en: 'Measure' },
  activity: { th: 'กิจกรรม', en: 'Activity' },
};

/** Where an item stands (domain/item-status.ts): the dashboard, the item lists, the public page. */
export const STATUS_LABELS: Record<ItemStatus, Bilingual> = {
  done: { th: 'ดำเนินการแล้ว', en: 'Done' },
  in_progress: { th: 'อยู่ระหว่างดำเนินการ', en: 'In progress' },
  not_started: { th: 'ยังไม่ได้ดำเนินการ', en: 'Not started' },
  overdue: { th: 'เลยกำหนด', en: 'Overdue' },
  cancelled: { th: 'ยกเลิก', en: 'Cancelled' },
};

/** An item-year's stored status, named as its item status: completed reads ดำเนินการแล้ว. */
export function itemYearStatusLabel(status: ItemYearStatusName): Bilingual {
  return STATUS_LABELS[status === 'completed' ? 'done' : status];
}

export const ROLE_LABELS: Record<Role, Bilingual> = ROLE_NAMES;

/**
 * The label of a value read from a row (text, not yet a union member); the value itself when the catalogue has no
 * label for it, so an unexpected value is shown rather than hidden.
 */
export function labelOf<K extends string>(table: Partial<Record<K, Bilingual>>, key: string): Bilingual {
  const pairs: Partial<Record<string, Bilingual>> = table;
  return pairs[key] ?? { th: key, en: key };
}
