import { randomUUID } from 'node:crypto';
import { formatNumber } from '../../../domain/thai-format';
import { EVIDENCE_TYPES, MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES } from '../../../services/evidence';
import { UPLOAD_SCRIPT_PATH } from '../../assets';
import { html, type Html } from '../layout';
import {
  csrfField,
  dueCell,
  formatDateTime,
  formatDay,
  formatMoney,
  messageBox,
  t,
  webPage,
  type WebView,
} from './frame';
import { KIND_LABELS, OUTCOME_LABELS, PHASE_LABELS, PURPOSE_LABELS } from '../labels';
import { auditActionText, label } from './labels';

/** The item page (details, the form of the current phase, steps, evidence, decisions, timeline) and the step page. */

export interface ItemSummary {
  code: string;
  name: string;
  kind: string;
  fiscalYear: number;
  status: string;
  phase: string;
  phaseDueAtMs: number | null;
  unitName: string;
  ownerName: string | null;
  budgetPlanned: number | null;
  budgetSpent: number | null;
  cancelReason: string | null;
  waitingFor: { purpose: string; approverRole: string; dueAtMs: number } | null;
  pendingCancellation: { reason: string } | null;
}

export interface StepView {
  stepKey: string;
  text: string;
  dueAtMs: number | null;
  status: string;
  completedAt: Date | null;
  completedByName: string | null;
  notes: string | null;
}

export interface EvidenceView {
  id: string;
  stepKey: string;
  fileName: string;
  sizeBytes: number;
  uploadedAt: Date;
}

export interface DecisionView {
  purpose: string;
  status: string;
  outcome: string | null;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  requestedAt: Date;
}

export interface TimelineEntry {
  at: Date;
  actorName: string;
  action: string;
  after: unknown;
}

export interface IndicatorView {
  ordinal: number;
  kind: string;
  text: string;
}

/** A refused form comes back with its message and what the person had typed. */
export interface FormError {
  form: string;
  th: string;
  en: string;
  values: Record<string, string>;
}

export interface ItemPageData {
  base: string;
  item: ItemSummary;
  steps: StepView[];
  evidence: EvidenceView[];
  decisions: DecisionView[];
  timeline: TimelineEntry[];
  indicators: IndicatorView[];
  proposal: { memo: string; budget: number | null; startDate?: string; endDate?: string } | null;
  mayWork: boolean;
  mayCancel: boolean;
  mayReassign: boolean;
  people: Array<{ id: number; fullName: string }>;
  flash?: { th: string; en: string };
  formError?: FormError;
}

function row(view: WebView, th: string, en: string, value: Html | string): Html {
  return html`<tr><th scope="row">${t(view, th, en)}</th><td>${value}</td></tr>`;
}

/** Each rendered form carries its own request id, so a double submission is one request to the API. */
function requestIdField(): Html {
  return html`<input type="hidden" name="requestId" value="${randomUUID()}">`;
}

function value(data: { formError?: FormError }, form: string, name: string, fallback = ''): string {
  return data.formError?.form === form ? (data.formError.values[name] ?? fallback) : fallback;
}

function formErrorBox(view: WebView, data: { formError?: FormError }, form: string): Html {
  if (data.formError?.form !== form) return html``;
  return html`<div class="error" role="alert" id="${form}-error"><p><strong>${t(view, 'บันทึกไม่สำเร็จ', 'Not saved')}:</strong> ${t(
    view,
    data.formError.th,
    data.formError.en,
  )}</p></div>`;
}

function textField(
  view: WebView,
  input: { id: string; name: string; th: string; en: string; value: string; type?: string; required?: boolean; hintTh?: string; hintEn?: string; attrs?: Html },
): Html {
  const hintId = `${input.id}-hint`;
  return html`<div class="field">
<label for="${input.id}">${t(view, input.th, input.en)}${input.required ? html` <span aria-hidden="true">*</span>` : ''}</label>
<input type="${input.type ?? 'text'}" id="${input.id}" name="${input.name}" value="${input.value}"${input.required ? html` required` : ''}${
    input.hintTh ? html` aria-describedby="${hintId}"` : ''
  }${input.attrs ?? ''}>
${input.hintTh ? html`<p class="hint" id="${hintId}">${t(view, input.hintTh, input.hintEn ?? input.hintTh)}</p>` : ''}
</div>`;
}

function textArea(view: WebView, input: { id: string; name: string; th: string; en: string; value: string; required?: boolean; max?: number }): Html {
  return html`<div class="field">
<label for="${input.id}">${t(view, input.th, input.en)}${input.required ? html` <span aria-hidden="true">*</span>` : ''}</label>
<textarea id="${input.id}" name="${input.name}"${input.required ? html` required` : ''} maxlength="${input.max ?? 5000}">${input.value}</textarea>
</div>`;
}

function bahtField(view: WebView, input: { id: string; name: string; th: string; en: string; value: string; hintTh: string; hintEn: string }): Html {
  return textField(view, {
    ...input,
    type: 'number',
    attrs: html` min="0" step="0.01" inputmode="decimal"`,
  });
}

function detailsSection(view: WebView, data: ItemPageData): Html {
  const item = data.item;
  const status =
    item.status === 'completed' || item.status === 'cancelled'
      ? label(view, PHASE_LABELS, item.status)
      : label(view, PHASE_LABELS, item.phase);
  return html`<section>
<h2>${t(view, 'รายละเอียด', 'Details')}</h2>
<table>
${row(view, 'รหัสรายการ', 'Item', item.code)}
${row(view, 'ชื่อรายการ', 'Name', item.name)}
${row(view, 'ประเภท', 'Kind', label(view, KIND_LABELS, item.kind))}
${row(view, 'ปีงบประมาณ', 'Fiscal year', t(view, `พ.ศ. ${item.fiscalYear}`, `${item.fiscalYear} BE`))}
${row(view, 'หน่วยงานรับผิดชอบ', 'Responsible unit', item.unitName)}
${row(view, 'ผู้รับผิดชอบ', 'Owner', item.ownerName ?? t(view, 'ยังไม่ได้มอบหมาย', 'not assigned'))}
${row(view, 'ขั้นตอนปัจจุบัน', 'Current stage', status)}
${item.phaseDueAtMs && item.status === 'in_progress' ? row(view, 'กำหนดของขั้นตอนนี้', 'Stage due', dueCell(view, item.phaseDueAtMs)) : ''}
${row(view, 'งบประมาณตามแผน', 'Planned budget', formatMoney(view, item.budgetPlanned))}
${row(view, 'ใช้จ่ายแล้ว', 'Spent', item.budgetSpent === null ? t(view, 'ยังไม่ได้บันทึก', 'not recorded') : formatMoney(view, item.budgetSpent))}
${item.cancelReason ? row(view, 'เหตุผลการยกเลิก', 'Reason for cancellation', item.cancelReason) : ''}
</table>
</section>`;
}

function waitingSection(view: WebView, data: ItemPageData): Html {
  const waiting = data.item.waitingFor;
  if (!waiting || data.item.status !== 'in_progress') return html``;
  const who = waiting.approverRole === 'mayor' ? t(view, 'นายก', 'the chief executive') : t(view, 'ปลัด', 'the permanent secretary');
  return html`<section class="notice" aria-labelledby="waiting-title">
<h2 id="waiting-title">${t(view, 'รอการพิจารณา', 'Waiting for a decision')}</h2>
<p>${t(view, `${label(view, PURPOSE_LABELS, waiting.purpose)} — รอ${who}`, `${label(view, PURPOSE_LABELS, waiting.purpose)}: waiting for ${who}`)}</p>
<p>${t(view, 'กำหนดพิจารณา', 'Decision due')}: ${dueCell(view, waiting.dueAtMs)}</p>
</section>`;
}

function proposalForm(view: WebView, data: ItemPageData): Html {
  const previous = data.proposal;
  const budget = previous ? previous.budget : data.item.budgetPlanned;
  return html`<section id="proposal" aria-labelledby="proposal-title">
<h2 id="proposal-title">${t(view, 'เสนอโครงการเพื่อขออนุมัติ', 'Submit the proposal for approval')}</h2>
${formErrorBox(view, data, 'proposal')}
<form method="post" action="${data.base}/proposal">
${csrfField(view)}${requestIdField()}
${textArea(view, { id: 'memo', name: 'memo', th: 'บันทึกข้อความเสนอ', en: 'Memo', value: value(data, 'proposal', 'memo', previous?.memo ?? ''), required: true })}
${bahtField(view, {
  id: 'budget',
  name: 'budget',
  th: 'งบประมาณที่ขอ (บาท)',
  en: 'Budget requested (baht)',
  value: value(data, 'proposal', 'budget', budget === null ? '' : String(budget)),
  hintTh: 'เว้นว่างหากไม่ใช้งบประมาณ',
  hintEn: 'Leave empty when no budget is used',
})}
${textField(view, { id: 'startDate', name: 'startDate', th: 'วันเริ่มดำเนินการ', en: 'Start date', type: 'date', value: value(data, 'proposal', 'startDate', previous?.startDate ?? '') })}
${textField(view, { id: 'endDate', name: 'endDate', th: 'วันสิ้นสุด', en: 'End date', type: 'date', value: value(data, 'proposal', 'endDate', previous?.endDate ?? '') })}
<div class="actions"><button type="submit">${t(view, 'ส่งเสนอขออนุมัติ', 'Submit for approval')}</button></div>
</form>
</section>`;
}

const COMMITTEE_ROWS = 6;

function committeeForm(view: WebView, data: ItemPageData): Html {
  const rows = Array.from({ length: COMMITTEE_ROWS }, (_, i) => i + 1);
  return html`<section id="committee" aria-labelledby="committee-title">
<h2 id="committee-title">${t(view, 'บันทึกคำสั่งแต่งตั้งคณะกรรมการ', 'Record the committee order')}</h2>
${formErrorBox(view, data, 'committee')}
<form method="post" action="${data.base}/committee">
${csrfField(view)}${requestIdField()}
${textField(view, { id: 'orderNumber', name: 'orderNumber', th: 'เลขที่คำสั่ง', en: 'Order number', value: value(data, 'committee', 'orderNumber'), required: true, hintTh: 'เช่น 12/2570', hintEn: 'for example 12/2570' })}
${textField(view, { id: 'orderDate', name: 'orderDate', th: 'ลงวันที่', en: 'Order date', type: 'date', value: value(data, 'committee', 'orderDate'), required: true })}
<fieldset>
<legend>${t(view, 'กรรมการ (กรอกอย่างน้อย ๑ คน)', 'Members (at least one)')}</legend>
${rows.map(
  (i) => html`<div class="filters">
${textField(view, { id: `memberName${i}`, name: `memberName${i}`, th: `ชื่อกรรมการคนที่ ${i}`, en: `Member ${i}: name`, value: value(data, 'committee', `memberName${i}`) })}
${textField(view, { id: `memberRole${i}`, name: `memberRole${i}`, th: `ตำแหน่งในคณะกรรมการคนที่ ${i}`, en: `Member ${i}: role`, value: value(data, 'committee', `memberRole${i}`) })}
</div>`,
)}
</fieldset>
<div class="actions"><button type="submit">${t(view, 'บันทึกและส่งให้นายกลงนาม', 'Record and send for signature')}</button></div>
</form>
</section>`;
}

function evaluationForm(view: WebView, data: ItemPageData): Html {
  return html`<section id="evaluation" aria-labelledby="evaluation-title">
<h2 id="evaluation-title">${t(view, 'บันทึกผลการประเมินตามตัวชี้วัด', 'Record the evaluation')}</h2>
${formErrorBox(view, data, 'evaluation')}
<form method="post" action="${data.base}/evaluation">
${csrfField(view)}${requestIdField()}
${data.indicators.map(
  (ind) => html`<fieldset>
<legend>${t(view, ind.kind === 'outcome' ? 'ผลลัพธ์' : 'ผลผลิต', ind.kind === 'outcome' ? 'Outcome' : 'Output')}: ${ind.text}</legend>
${textField(view, { id: `value${ind.ordinal}`, name: `value${ind.ordinal}`, th: 'ค่าที่วัดได้', en: 'Measured value', type: 'number', value: value(data, 'evaluation', `value${ind.ordinal}`), attrs: html` step="any" inputmode="decimal"` })}
${textField(view, { id: `text${ind.ordinal}`, name: `text${ind.ordinal}`, th: 'ผลการดำเนินงาน', en: 'Result', value: value(data, 'evaluation', `text${ind.ordinal}`) })}
<div class="field"><span class="label" id="met${ind.ordinal}-label">${t(view, 'บรรลุเป้าหมาย', 'Target met')}</span>
<div role="radiogroup" aria-labelledby="met${ind.ordinal}-label" class="check">
${(
  [
    ['yes', 'บรรลุ', 'Met'],
    ['no', 'ไม่บรรลุ', 'Not met'],
    ['', 'ไม่ระบุ', 'Not stated'],
  ] as const
).map(
  ([v, th, en]) =>
    html`<label><input type="radio" name="met${ind.ordinal}" value="${v}"${value(data, 'evaluation', `met${ind.ordinal}`) === v ? html` checked` : ''}> ${t(view, th, en)}</label> `,
)}
</div></div>
</fieldset>`,
)}
${bahtField(view, {
  id: 'evalBudgetSpent',
  name: 'budgetSpent',
  th: 'งบประมาณที่ใช้จ่ายจริง (บาท)',
  en: 'Budget actually spent (baht)',
  value: value(data, 'evaluation', 'budgetSpent', data.item.budgetSpent === null ? '' : String(data.item.budgetSpent)),
  hintTh: 'เว้นว่างหากไม่ใช้งบประมาณ',
  hintEn: 'Leave empty when no budget was used',
})}
${textArea(view, { id: 'problems', name: 'problems', th: 'ปัญหา อุปสรรค (เว้นว่าง = ไม่มี)', en: 'Problems and obstacles (empty = none)', value: value(data, 'evaluation', 'problems') })}
${textArea(view, { id: 'suggestions', name: 'suggestions', th: 'ข้อเสนอแนะ (เว้นว่าง = ไม่มี)', en: 'Suggestions (empty = none)', value: value(data, 'evaluation', 'suggestions') })}
<div class="actions"><button type="submit">${t(view, 'บันทึกผลการประเมิน', 'Record the evaluation')}</button></div>
</form>
</section>`;
}

function reportForm(view: WebView, data: ItemPageData): Html {
  return html`<section id="report" aria-labelledby="report-title">
<h2 id="report-title">${t(view, 'ส่งรายงานผลการดำเนินการ', 'Submit the item report')}</h2>
${formErrorBox(view, data, 'report')}
<form method="post" action="${data.base}/report">
${csrfField(view)}${requestIdField()}
${textArea(view, { id: 'summary', name: 'summary', th: 'สรุปผลการดำเนินการ', en: 'Summary of the results', value: value(data, 'report', 'summary'), required: true, max: 10000 })}
<div class="actions"><button type="submit">${t(view, 'ส่งรายงานให้ปลัดรับทราบ', 'Send the report for acknowledgement')}</button></div>
</form>
</section>`;
}

function phaseForm(view: WebView, data: ItemPageData): Html {
  if (!data.mayWork || data.item.status !== 'in_progress') return html``;
  switch (data.item.phase) {
    case 'proposal':
      return proposalForm(view, data);
    case 'committee':
      return committeeForm(view, data);
    case 'evaluation':
      return evaluationForm(view, data);
    case 'report':
      return reportForm(view, data);
    default:
      return html``;
  }
}

function stepStatus(view: WebView, step: StepView): Html {
  if (step.status === 'done') {
    return html`<span class="badge st-done">${t(view, 'เสร็จแล้ว', 'Done')}</span>${
      step.completedAt ? html` <span class="small muted">${formatDay(view, step.completedAt)}</span>` : ''
    }`;
  }
  return dueCell(view, step.dueAtMs);
}

function stepsSection(view: WebView, data: ItemPageData): Html {
  if (!data.steps.length) return html``;
  const done = data.steps.filter((s) => s.status === 'done').length;
  return html`<section id="steps" aria-labelledby="steps-title">
<h2 id="steps-title">${t(view, `ขั้นตอนการดำเนินการ (เสร็จ ${done} จาก ${data.steps.length})`, `Steps (${done} of ${data.steps.length} done)`)}</h2>
<ul class="cards">
${data.steps.map(
  (step) => html`<li>
<div class="card-title"><a href="${data.base}/steps/${step.stepKey}">${step.text}</a></div>
<div class="meta"><span>${stepStatus(view, step)}</span>${
    data.evidence.some((e) => e.stepKey === step.stepKey)
      ? html`<span>${t(view, `หลักฐาน ${data.evidence.filter((e) => e.stepKey === step.stepKey).length} ไฟล์`, `${data.evidence.filter((e) => e.stepKey === step.stepKey).length} evidence file(s)`)}</span>`
      : ''
  }</div>
</li>`,
)}
</ul>
</section>`;
}

function fileSize(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${formatNumber(bytes / (1024 * 1024), { decimals: 1 })} MB`
    : `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

function evidenceList(view: WebView, files: EvidenceView[], steps: StepView[]): Html {
  if (!files.length) return html`<p>${t(view, 'ยังไม่มีไฟล์หลักฐาน', 'No evidence files yet.')}</p>`;
  return html`<ul class="cards">
${files.map((file) => {
  const step = steps.find((s) => s.stepKey === file.stepKey);
  return html`<li><a href="/api/evidence/${file.id}" download>${file.fileName}</a>
<div class="meta small"><span>${fileSize(file.sizeBytes)}</span><span>${formatDateTime(view, file.uploadedAt)}</span>${
    step ? html`<span>${step.text}</span>` : ''
  }</div></li>`;
})}
</ul>`;
}

function decisionsSection(view: WebView, data: ItemPageData): Html {
  if (!data.decisions.length) return html``;
  return html`<section aria-labelledby="decisions-title">
<h2 id="decisions-title">${t(view, 'การพิจารณา', 'Decisions')}</h2>
<ul class="cards">
${data.decisions.map(
  (d) => html`<li><div class="card-title">${label(view, PURPOSE_LABELS, d.purpose)}</div>
<div class="meta">${
    d.outcome
      ? html`<span><strong>${label(view, OUTCOME_LABELS, d.outcome)}</strong>${d.decidedBy ? html` ${t(view, 'โดย', 'by')} ${d.decidedBy}` : ''}</span>${
          d.decidedAt ? html`<span>${formatDateTime(view, d.decidedAt)}</span>` : ''
        }${d.reason ? html`<span>${t(view, 'เหตุผล', 'Reason')}: ${d.reason}</span>` : ''}`
      : html`<span>${d.status === 'withdrawn' ? t(view, 'ถอนเรื่องแล้ว', 'withdrawn') : t(view, 'รอการพิจารณา', 'waiting')}</span><span>${t(
          view,
          'ส่งเรื่องเมื่อ',
          'requested',
        )} ${formatDateTime(view, d.requestedAt)}</span>`
  }</div></li>`,
)}
</ul>
</section>`;
}

function timelineSection(view: WebView, entries: TimelineEntry[]): Html {
  return html`<section aria-labelledby="timeline-title">
<h2 id="timeline-title">${t(view, 'ลำดับเหตุการณ์', 'Timeline')}</h2>
${
  entries.length
    ? html`<ol class="timeline">${[...entries].reverse().map(
        (e) => html`<li><div>${auditActionText(view, e.action, e.after)}</div><div class="small muted">${formatDateTime(view, e.at)} · ${e.actorName}</div></li>`,
      )}</ol>`
    : html`<p>${t(view, 'ยังไม่มีเหตุการณ์', 'Nothing has happened yet.')}</p>`
}
</section>`;
}

function cancellationSection(view: WebView, data: ItemPageData): Html {
  if (data.item.status !== 'in_progress') return html``;
  if (data.item.pendingCancellation) {
    return messageBox('warning', t(view, `มีคำขอยกเลิกรายการนี้รอนายกพิจารณา: ${data.item.pendingCancellation.reason}`, `A cancellation waits for the chief executive: ${data.item.pendingCancellation.reason}`));
  }
  const parts: Html[] = [];
  if (data.mayReassign && data.people.length) {
    parts.push(html`<details${data.formError?.form === 'reassign' ? html` open` : ''}><summary>${t(view, 'มอบหมายผู้รับผิดชอบใหม่', 'Reassign the owner')}</summary>
${formErrorBox(view, data, 'reassign')}
<form method="post" action="${data.base}/reassign">
${csrfField(view)}${requestIdField()}
<div class="field"><label for="newOwnerPersonId">${t(view, 'ผู้รับผิดชอบคนใหม่', 'New owner')}</label>
<select id="newOwnerPersonId" name="newOwnerPersonId" required>
${data.people.map((p) => html`<option value="${String(p.id)}">${p.fullName}</option>`)}
</select></div>
<div class="actions"><button type="submit" class="secondary">${t(view, 'มอบหมาย', 'Reassign')}</button></div>
</form></details>`);
  }
  if (data.mayCancel) {
    parts.push(html`<details${data.formError?.form === 'cancellation' ? html` open` : ''}><summary>${t(view, 'ขอยกเลิกรายการ (ต้องได้รับอนุมัติจากนายก)', 'Request cancellation (needs the chief executive’s approval)')}</summary>
${formErrorBox(view, data, 'cancellation')}
<form method="post" action="${data.base}/cancellation">
${csrfField(view)}${requestIdField()}
${textArea(view, { id: 'cancelReason', name: 'reason', th: 'เหตุผล', en: 'Reason', value: value(data, 'cancellation', 'reason'), required: true, max: 2000 })}
<div class="actions"><button type="submit" class="danger">${t(view, 'ส่งคำขอยกเลิก', 'Send the cancellation request')}</button></div>
</form></details>`);
  }
  if (!parts.length) return html``;
  return html`<section aria-labelledby="more-title"><h2 id="more-title">${t(view, 'การดำเนินการอื่น', 'Other actions')}</h2>${parts}</section>`;
}

const PHASE_FORMS = ['proposal', 'committee', 'evaluation', 'report'];

/** The forms this page shows, so a refusal of a form no longer shown (the phase moved on) is shown at the top. */
function formsShown(data: ItemPageData): Set<string> {
  const shown = new Set<string>();
  if (data.item.status !== 'in_progress') return shown;
  if (data.mayWork && PHASE_FORMS.includes(data.item.phase)) shown.add(data.item.phase);
  if (!data.item.pendingCancellation) {
    if (data.mayReassign && data.people.length) shown.add('reassign');
    if (data.mayCancel) shown.add('cancellation');
  }
  return shown;
}

export function itemPage(view: WebView, data: ItemPageData): string {
  const item = data.item;
  return webPage(view, {
    titleTh: `${item.code} ${item.name}`,
    titleEn: `Item ${item.code}: ${item.name}`,
    nav: 'tasks',
    body: html`${data.flash ? messageBox('done', t(view, data.flash.th, data.flash.en), 'status') : ''}
${data.formError && !formsShown(data).has(data.formError.form) ? messageBox('error', t(view, data.formError.th, data.formError.en), 'alert') : ''}
${!data.mayWork && item.status === 'in_progress'
  ? messageBox('notice', t(view, 'ท่านดูรายการนี้ได้ แต่ไม่ได้เป็นผู้รับผิดชอบ จึงบันทึกผลไม่ได้', 'You can read this item but it is not yours to work on.'))
  : ''}
${detailsSection(view, data)}
${waitingSection(view, data)}
${phaseForm(view, data)}
${stepsSection(view, data)}
<section aria-labelledby="evidence-title"><h2 id="evidence-title">${t(view, 'หลักฐาน', 'Evidence')}</h2>${evidenceList(view, data.evidence, data.steps)}</section>
${decisionsSection(view, data)}
${cancellationSection(view, data)}
${timelineSection(view, data.timeline)}`,
  });
}

export interface StepPageData {
  base: string;
  item: Pick<ItemSummary, 'code' | 'name' | 'fiscalYear' | 'status' | 'phase'>;
  step: StepView;
  evidence: EvidenceView[];
  csrfToken: string;
  formError?: FormError;
}

function acceptedTypes(view: WebView): string {
  const names = Object.values(EVIDENCE_TYPES).map((type) => type.th);
  const mb = MAX_EVIDENCE_BYTES / (1024 * 1024);
  return t(
    view,
    `รับ ${names.join(', ')} ไม่เกิน ${mb} MB ต่อไฟล์ และไม่เกิน ${MAX_EVIDENCE_FILES} ไฟล์ต่อครั้ง`,
    `Accepted: photos (JPEG, PNG, WebP), PDF, Word (.docx) and Excel (.xlsx), at most ${mb} MB each and ${MAX_EVIDENCE_FILES} files at a time`,
  );
}

export function stepPage(view: WebView, data: StepPageData): string {
  const { step } = data;
  const open = step.status !== 'done' && data.item.status === 'in_progress';
  const executing = data.item.phase === 'execution';
  const action = `${data.base}/steps/${step.stepKey}`;
  const completeForm = html`<section id="complete" aria-labelledby="complete-title">
<h2 id="complete-title">${t(view, 'บันทึกผลการดำเนินการ', 'Record this step as done')}</h2>
${formErrorBox(view, data, 'complete')}
<form method="post" action="${action}" enctype="multipart/form-data" data-upload
  data-uploading="${t(view, 'กำลังส่งไฟล์ {percent}%', 'Uploading {percent}%')}"
  data-done="${t(view, 'บันทึกแล้ว กำลังเปิดหน้ารายการ', 'Saved, opening the item')}"
  data-failed="${t(view, 'ส่งไม่สำเร็จ กรุณาลองอีกครั้ง', 'The upload failed; please try again.')}">
<input type="hidden" name="csrf" value="${data.csrfToken}">${requestIdField()}
${textArea(view, { id: 'notes', name: 'notes', th: 'ผลการดำเนินการ / หมายเหตุ', en: 'What was done / notes', value: value(data, 'complete', 'notes') })}
${bahtField(view, {
  id: 'budgetSpent',
  name: 'budgetSpent',
  th: 'งบประมาณที่ใช้จ่ายแล้ว (บาท)',
  en: 'Budget spent so far (baht)',
  value: value(data, 'complete', 'budgetSpent'),
  hintTh: 'ยอดสะสมของรายการนี้ เว้นว่างหากไม่เปลี่ยนแปลง',
  hintEn: 'The item’s running total; leave empty if unchanged',
})}
<div class="field">
<label for="files">${t(view, 'ไฟล์หลักฐาน (รูปภาพ PDF เอกสาร)', 'Evidence files (photos, PDF, documents)')}</label>
<input type="file" id="files" name="files" multiple aria-describedby="files-hint"
  accept="image/jpeg,image/png,image/webp,application/pdf,.docx,.xlsx,${Object.keys(EVIDENCE_TYPES).join(',')}">
<p class="hint" id="files-hint">${acceptedTypes(view)}</p>
</div>
<progress max="100" value="0" hidden aria-label="${t(view, 'ความคืบหน้าการส่งไฟล์', 'Upload progress')}"></progress>
<p role="status" aria-live="polite" data-upload-status></p>
<div class="actions"><button type="submit">${t(view, 'บันทึกว่าเสร็จแล้ว', 'Mark as done')}</button>
<a href="${data.base}">${t(view, 'กลับไปหน้ารายการ', 'Back to the item')}</a></div>
</form>
</section>`;
  const dueForm = html`<section id="due-date" aria-labelledby="due-title">
<h2 id="due-title">${t(view, 'ขอเลื่อนกำหนด', 'Move the due date')}</h2>
${formErrorBox(view, data, 'due-date')}
<form method="post" action="${data.base}/steps/${step.stepKey}/due-date">
<input type="hidden" name="csrf" value="${data.csrfToken}">${requestIdField()}
${textField(view, { id: 'newDueDate', name: 'newDueDate', th: 'กำหนดใหม่', en: 'New due date', type: 'date', value: value(data, 'due-date', 'newDueDate'), required: true })}
${textArea(view, { id: 'dueReason', name: 'reason', th: 'เหตุผล', en: 'Reason', value: value(data, 'due-date', 'reason'), required: true, max: 2000 })}
<div class="actions"><button type="submit" class="secondary">${t(view, 'เลื่อนกำหนด', 'Move the date')}</button></div>
</form>
</section>`;
  return webPage(view, {
    titleTh: step.text,
    titleEn: step.text,
    nav: 'tasks',
    script: open && executing ? UPLOAD_SCRIPT_PATH : undefined,
    body: html`<p><a href="${data.base}">${data.item.code} ${data.item.name}</a> · ${t(view, `ปีงบประมาณ ${data.item.fiscalYear}`, `FY ${data.item.fiscalYear} BE`)}</p>
<section>
<table>
${row(view, 'สถานะ', 'Status', stepStatus(view, step))}
${row(view, 'กำหนด', 'Due', step.dueAtMs ? formatDay(view, step.dueAtMs) : t(view, 'ไม่กำหนด', 'no date'))}
${step.completedByName ? row(view, 'บันทึกโดย', 'Recorded by', step.completedByName) : ''}
${step.notes ? row(view, 'ผลการดำเนินการ', 'Notes', html`<pre>${step.notes}</pre>`) : ''}
</table>
</section>
${open && executing ? completeForm : ''}
${open && !executing ? messageBox('notice', t(view, 'บันทึกผลขั้นตอนได้เมื่อรายการเข้าสู่ขั้นดำเนินการ (หลังได้รับอนุมัติ)', 'Steps can be recorded once the item is in execution (after approval).')) : ''}
${open ? dueForm : ''}
<section aria-labelledby="step-evidence"><h2 id="step-evidence">${t(view, 'หลักฐานของขั้นตอนนี้', 'Evidence for this step')}</h2>${evidenceList(view, data.evidence, [])}</section>`,
  });
}
