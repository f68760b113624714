import { labelOf, OUTCOME_LABELS, PHASE_LABELS, type Bilingual } from '../labels';
import { formatDay, formatMoney, t, type WebView } from './frame';

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
    case 'recorded_after_the_fact':
      return afterTheFactText(view, details);
    case 'amended':
      return amendedText(view, details);
    default:
      return action;
  }
}

/** The timeline line of an approved plan amendment that reached this item-year: its number, the new budget and name. */
function amendedText(view: Pick<WebView, 'lang'>, details: Record<string, unknown>): string {
  const number = (details.amendment as { number?: number } | undefined)?.number;
  const budget = details.budget === null || typeof details.budget === 'number' ? formatMoney(view, details.budget) : '';
  const head = t(view, `แก้ไขตามแผนฯ แก้ไขเพิ่มเติม/เปลี่ยนแปลง ครั้งที่ ${number ?? '-'}`, `Changed by plan amendment no. ${number ?? '-'}`);
  return budget ? `${head}: ${t(view, 'งบประมาณตามแผน', 'planned budget')} ${budget}` : head;
}

/** The timeline line of what the coordinator recorded after the fact: who, and each fact with its original date. */
function afterTheFactText(view: Pick<WebView, 'lang'>, details: Record<string, unknown>): string {
  const by = (details.recordedBy as { name?: string } | undefined)?.name;
  const approval = details.approval as { date: string; documentNumber: string } | undefined;
  const committee = details.committee as { orderNumber: string; orderDate: string } | undefined;
  const steps = Array.isArray(details.steps) ? (details.steps as Array<{ key: string; date: string }>) : [];
  const parts = [
    approval ? t(view, `อนุมัติโครงการ ${formatDay(view, approval.date)} หนังสือเลขที่ ${approval.documentNumber}`, `project approved ${formatDay(view, approval.date)}, letter no. ${approval.documentNumber}`) : '',
    committee ? t(view, `คำสั่งแต่งตั้งคณะกรรมการ เลขที่ ${committee.orderNumber} ลงวันที่ ${formatDay(view, committee.orderDate)}`, `committee order no. ${committee.orderNumber} of ${formatDay(view, committee.orderDate)}`) : '',
    ...steps.map((s) => t(view, `ขั้นตอน ${s.key} เสร็จ ${formatDay(view, s.date)}`, `step ${s.key} done ${formatDay(view, s.date)}`)),
    typeof details.budgetSpent === 'number' ? `${t(view, 'ใช้จ่ายแล้ว', 'spent')} ${formatMoney(view, details.budgetSpent)}` : '',
  ].filter(Boolean);
  const head = t(view, `บันทึกย้อนหลัง${by ? `โดย ${by}` : ''}`, `Recorded after the fact${by ? ` by ${by}` : ''}`);
  return parts.length ? `${head}: ${parts.join('; ')}` : head;
}
