import { t, type WebView } from './frame';

/** Names of phases, decisions and timeline events as an officer would read them. */

type Pair = { th: string; en: string };

export const PHASE_LABELS: Record<string, Pair> = {
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
export const PHASE_TASKS: Record<string, Pair> = {
  proposal: { th: 'เสนอโครงการเพื่อขออนุมัติ', en: 'Submit the proposal for approval' },
  committee: { th: 'บันทึกคำสั่งแต่งตั้งคณะกรรมการ', en: 'Record the committee order' },
  evaluation: { th: 'บันทึกผลการประเมินตามตัวชี้วัด', en: 'Record the evaluation against the indicators' },
  report: { th: 'ส่งรายงานผลการดำเนินการ', en: 'Submit the item report' },
};

export const PURPOSE_LABELS: Record<string, Pair> = {
  proposal: { th: 'พิจารณาอนุมัติโครงการ', en: 'Approve the proposal' },
  committee: { th: 'ลงนามคำสั่งแต่งตั้งคณะกรรมการ', en: 'Sign the committee order' },
  report: { th: 'รับทราบรายงานผลการดำเนินงาน', en: 'Acknowledge the report' },
  cancellation: { th: 'พิจารณาการยกเลิกรายการ', en: 'Decide on the cancellation' },
};

export const OUTCOME_LABELS: Record<string, Pair> = {
  approve: { th: 'อนุมัติ', en: 'approved' },
  reject: { th: 'ไม่อนุมัติ', en: 'rejected' },
  send_back: { th: 'ส่งกลับให้แก้ไข', en: 'sent back for changes' },
  acknowledge: { th: 'รับทราบ', en: 'acknowledged' },
};

export const KIND_LABELS: Record<string, Pair> = {
  project: { th: 'โครงการ', en: 'Project' },
  measure: { th: 'มาตรการ', en: 'Measure' },
  activity: { th: 'กิจกรรม', en: 'Activity' },
};

export function label(view: Pick<WebView, 'lang'>, table: Record<string, Pair>, key: string): string {
  const pair = table[key];
  return pair ? t(view, pair.th, pair.en) : key;
}

/** One audit-log action of an item-year as a line of its timeline. */
export function auditActionText(view: Pick<WebView, 'lang'>, action: string, after: unknown): string {
  const [head, rest] = action.includes(':') ? [action.slice(0, action.indexOf(':')), action.slice(action.indexOf(':') + 1)] : [action, ''];
  const details = (after ?? {}) as Record<string, unknown>;
  switch (head) {
    case 'started':
      return t(view, 'เริ่มรายการในปีงบประมาณนี้', 'Started for this fiscal year');
    case 'phase':
      return `${t(view, 'เข้าสู่ขั้นตอน', 'Entered phase')}: ${label(view, PHASE_LABELS, rest)}`;
    case 'decision_requested':
      return t(view, 'ส่งเรื่องให้ผู้มีอำนาจพิจารณา', 'Sent for decision');
    case 'decision':
      return `${t(view, 'ผลการพิจารณา', 'Decision')}: ${label(view, OUTCOME_LABELS, rest)}`;
    case 'step_completed':
      return t(view, 'บันทึกผลการดำเนินการขั้นตอน', 'Step completed');
    case 'due_date_moved':
      return `${t(view, 'เลื่อนกำหนดวัน', 'Due date moved')}${typeof details.reason === 'string' ? ` (${details.reason})` : ''}`;
    case 'reassigned':
      return t(view, 'มอบหมายผู้รับผิดชอบใหม่', 'Owner reassigned');
    case 'cancellation_requested':
      return t(view, 'ขอยกเลิกรายการ', 'Cancellation requested');
    case 'cancellation_refused':
      return t(view, 'ไม่อนุมัติการยกเลิก', 'Cancellation refused');
    default:
      return action;
  }
}
