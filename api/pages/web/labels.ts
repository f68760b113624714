import { labelOf, OUTCOME_LABELS, PHASE_LABELS, type Bilingual } from '../labels';
import { t, type WebView } from './frame';

/** The catalogue's labels (../labels.ts) in the language of the page, and timeline events as an officer reads them. */

export function label(view: Pick<WebView, 'lang'>, table: Partial<Record<string, Bilingual>>, key: string): string {
  const pair = labelOf(table, key);
  return t(view, pair.th, pair.en);
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
