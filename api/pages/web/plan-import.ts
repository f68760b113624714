import { ITEM_KINDS, STEP_PHASES, type CanonicalPlan, type Finding, type PlanItem, type StepPhase } from '../../../domain/plan';
import { ITEM_NAME_MAX, STEP_TEXT_MAX, TARGET_GROUP_MAX, type FieldErrors, type ItemCorrectionInput } from '../../../domain/plan-correction';
import type { ItemChange, YearBudget } from '../../../domain/plan-diff';
import { FINDING_NOTE_MAX, type FindingMark } from '../../../domain/plan-confirmation';
import { RESPONSIBLE_UNITS, responsibleUnitByKey, sectionByKey, STANDARD_UNITS, type OrganizationUnits } from '../../../domain/units';
import { correctedFieldName, correctionUndoneText } from '../../../domain/messages';
import type { AmendmentView, PlanImportStatus } from '../../../services/plan-import';
import { html, type Html } from '../layout';
import { csrfField, formatMoney, messageBox, t, webPage, type WebView } from './frame';

/**
 * The coordinator's plan upload: the form (a Word file, a PDF, or a scan read by OCR), the progress while the
 * plan-import workflow reads it, and then every item beside the findings about it, Thai first.
 */

export function planUploadPage(view: WebView, notice?: { th: string; en: string }): string {
  const body = html`${notice ? messageBox('error', html`${notice.th}<br><span lang="en">${notice.en}</span>`, 'alert') : ''}
<p>${t(
    view,
    'ไฟล์ Word (.docx), PDF ที่ส่งออกจาก Word หรือ PDF ที่สแกน (อ่านด้วย OCR ใช้เวลาหน้าละหลายสิบวินาที) ระบบอ่านแล้วแสดงรายการพร้อมข้อสังเกต ยังไม่บันทึกเป็นแผน',
    'A Word file (.docx), a PDF exported from Word, or a scanned PDF (read by OCR, tens of seconds a page). The items are shown with their findings; nothing is stored as a plan yet.',
  )}</p>
<form method="post" action="/plans/import" enctype="multipart/form-data">${csrfField(view)}
<div class="field"><label for="plan-years">${t(view, 'ปีงบประมาณของแผน (สำหรับไฟล์สแกน เช่น 2566-2570)', 'The plan’s fiscal years (for a scan, e.g. 2566-2570)')}</label>
<input type="text" id="plan-years" name="years" inputmode="numeric" pattern="25[0-9]{2}-25[0-9]{2}" placeholder="2566-2570"></div>
<div class="field"><label for="plan-file">${t(view, 'ไฟล์แผน', 'Plan file')} <span aria-hidden="true">*</span></label>
<input type="file" id="plan-file" name="file" accept=".docx,.pdf,.txt,.json,application/pdf" required></div>
<div class="actions"><button type="submit">${t(view, 'อ่านไฟล์', 'Read the file')}</button></div></form>`;
  return webPage(view, { titleTh: 'นำเข้าแผนจากไฟล์', titleEn: 'Import a plan from a file', body, nav: 'admin' });
}

const KIND_LABEL: Record<PlanItem['kind'], { th: string; en: string }> = {
  project: { th: 'โครงการ', en: 'Project' },
  measure: { th: 'มาตรการ', en: 'Measure' },
  activity: { th: 'กิจกรรม', en: 'Activity' },
};

function findingList(view: WebView, findings: readonly Finding[]): Html {
  if (findings.length === 0) return html``;
  return html`<ul>${findings.map(
    (f) => html`<li class="${f.severity === 'error' ? 'problem-error' : 'problem-warning'}">${f.message}${f.page ? html` <span class="small">(${t(view, 'หน้า', 'page')} ${String(f.page)})</span>` : ''}<br><span lang="en" class="small">${f.messageEn}</span></li>`,
  )}</ul>`;
}

function unitCell(view: WebView, item: PlanItem): string {
  const unit = responsibleUnitByKey(item.responsibleUnit);
  const section = item.responsibleSection ? sectionByKey(STANDARD_UNITS, item.responsibleSection) : undefined;
  const unitName = unit ? t(view, unit.nameTh, unit.nameEn) : item.responsibleUnit;
  const sectionName = section ? t(view, section.nameTh, section.nameEn) : item.responsibleSectionText;
  return sectionName ? `${unitName} (${sectionName})` : unitName;
}

function resultBody(view: WebView, plan: CanonicalPlan, editable?: number): Html {
  const general = plan.findings.filter((f) => !f.item);
  return html`${messageBox(
    'notice',
    html`อ่านได้ ${String(plan.items.length)} รายการ ข้อสังเกต ${String(plan.findings.length)} รายการ<br><span lang="en">${String(plan.items.length)} items, ${String(plan.findings.length)} findings.</span>`,
    'status',
  )}
${general.length ? html`<h2>${t(view, 'ข้อสังเกตทั้งเอกสาร', 'Findings about the whole document')}</h2>${findingList(view, general)}` : ''}
<div class="scroll"><table class="data"><caption>${plan.organization.name}</caption><thead><tr>
<th scope="col">${t(view, 'รายการ', 'Item')}</th><th scope="col">${t(view, 'ประเภท', 'Kind')}</th><th scope="col">${t(view, 'ชื่อ', 'Name')}</th>
<th scope="col">${t(view, 'ผู้รับผิดชอบ', 'Responsible')}</th><th scope="col">${t(view, 'งบประมาณ', 'Budget')}</th><th scope="col">${t(view, 'ข้อสังเกต', 'Findings')}</th></tr></thead>
<tbody>${plan.items.map(
    (item) => html`<tr id="item-${item.code}"><th scope="row">${item.code}${editable === undefined ? '' : html`<br><a href="/plans/import/${String(editable)}/items/${item.code}">แก้ไข / Edit</a>`}</th><td>${t(view, KIND_LABEL[item.kind].th, KIND_LABEL[item.kind].en)}</td><td>${item.name}</td><td>${unitCell(view, item)}</td>
<td>${Object.entries(item.budgetByYear).map(([year, amount]) => html`${year}: ${formatMoney(view, amount)}<br>`)}</td>
<td>${findingList(view, plan.findings.filter((f) => f.item === item.code))}</td></tr>`,
  )}</tbody></table></div>`;
}

const APPROVAL_TEXT: Record<'pending' | 'approved' | 'rejected' | 'sent_back', { th: string; en: string }> = {
  pending: { th: 'รอนายกพิจารณาอนุมัติ (ส่งลิงก์ให้นายกแล้ว)', en: 'awaiting the chief executive’s approval (the link has been sent)' },
  approved: { th: 'นายกอนุมัติแล้ว', en: 'approved by the chief executive' },
  rejected: { th: 'นายกไม่อนุมัติ', en: 'not approved by the chief executive' },
  sent_back: { th: 'นายกส่งกลับให้แก้ไข', en: 'sent back by the chief executive' },
};

function yearBudgetText(view: WebView, budget: YearBudget): string {
  return budget === 'not_run' ? t(view, 'ไม่ดำเนินการ', 'not run') : formatMoney(view, budget);
}

function yearsText(years: readonly number[]): string {
  return years.length ? years.join(', ') : '-';
}

function changeCell(view: WebView, change: ItemChange): Html {
  const parts: Html[] = [];
  if (change.name) parts.push(html`<li>${t(view, 'ชื่อ', 'Name')}: ${change.name.before} → ${change.name.after}</li>`);
  if (change.fiscalYears) {
    parts.push(html`<li>${t(view, 'ปีที่ดำเนินการ', 'Years run')}: ${yearsText(change.fiscalYears.before)} → ${yearsText(change.fiscalYears.after)}</li>`);
  }
  for (const b of change.budgets) {
    parts.push(html`<li>${t(view, 'งบประมาณ', 'Budget')} ${String(b.fiscalYear)}: ${yearBudgetText(view, b.before)} → ${yearBudgetText(view, b.after)}</li>`);
  }
  if (change.unit) {
    const unit = (u: { division: string; section: string | null }) => {
      const division = responsibleUnitByKey(u.division);
      const section = u.section ? sectionByKey(STANDARD_UNITS, u.section) : undefined;
      const name = division ? t(view, division.nameTh, division.nameEn) : u.division;
      return section ? `${name} (${t(view, section.nameTh, section.nameEn)})` : u.section ? `${name} (${u.section})` : name;
    };
    parts.push(html`<li>${t(view, 'ผู้รับผิดชอบ', 'Responsible')}: ${unit(change.unit.before)} → ${unit(change.unit.after)}</li>`);
  }
  if (change.steps) {
    const steps = (list: PlanItem['steps']) => html`<ol>${list.map((s) => html`<li>${s.text}</li>`)}</ol>`;
    parts.push(html`<li>${t(view, 'วิธีดำเนินการ (กำหนดส่งของแต่ละขั้นคำนวณใหม่)', 'Method steps (each step’s due date is worked out again)')}: ${steps(change.steps.before)} → ${steps(change.steps.after)}</li>`);
  }
  return html`<ul>${parts}</ul>`;
}

function budgetsCell(view: WebView, item: PlanItem): Html {
  return html`${Object.entries(item.budgetByYear).map(([year, amount]) => html`${year}: ${formatMoney(view, amount)}<br>`)}`;
}

/**
 * The amendment as the difference from the version in force: what is added, removed and changed, so the coordinator
 * sees what the นายก is asked to approve and what the running item-years will be told.
 */
/**
 * The amendment's changes that would undo an earlier import's correction, each with its one action to keep the
 * correction; accepting the document's value instead is a finding of the confirmation form.
 */
function undoneBox(view: WebView, importId: number, undone: AmendmentView['undone']): Html {
  if (!undone.length) return html``;
  return messageBox(
    'warning',
    html`การเปลี่ยนแปลงต่อไปนี้จะยกเลิกการแก้ไขที่ทำไว้ในการนำเข้าครั้งก่อน (ไฟล์ยังมีค่าเดิมก่อนแก้ไข)<br><span lang="en">These changes would undo corrections made on an earlier import (the file still has the values from before them).</span>
<ul>${undone.map((u) => {
      const text = correctionUndoneText(u);
      return html`<li id="undone-${u.code}-${u.field}">${text.th}<br><span lang="en">${text.en}</span>
<form method="post" action="/plans/import/${String(importId)}/keep-correction">${csrfField(view)}<input type="hidden" name="item" value="${u.code}"><input type="hidden" name="field" value="${u.field}">
<button type="submit">${t(view, `คงค่าที่แก้ไขไว้ (${correctedFieldName(u.field).th} รายการ ${u.code})`, `Keep the earlier correction (${correctedFieldName(u.field).en}, item ${u.code})`)}</button></form></li>`;
    })}</ul>`,
    'alert',
  );
}

function amendmentBody(view: WebView, importId: number, amendment: AmendmentView): Html {
  const { diff } = amendment;
  const itemRows = (items: readonly PlanItem[]) =>
    items.map((item) => html`<tr><th scope="row">${item.code}</th><td>${item.name}</td><td>${unitCell(view, item)}</td><td>${budgetsCell(view, item)}</td></tr>`);
  const itemTable = (caption: string, items: readonly PlanItem[]) =>
    items.length
      ? html`<div class="scroll"><table class="data"><caption>${caption}</caption><thead><tr><th scope="col">${t(view, 'รายการ', 'Item')}</th><th scope="col">${t(view, 'ชื่อ', 'Name')}</th><th scope="col">${t(view, 'ผู้รับผิดชอบ', 'Responsible')}</th><th scope="col">${t(view, 'งบประมาณ', 'Budget')}</th></tr></thead><tbody>${itemRows(items)}</tbody></table></div>`
      : '';
  return html`<section id="amendment"><h2>แผนฯ แก้ไขเพิ่มเติม/เปลี่ยนแปลง ครั้งที่ ${String(amendment.number)}<br><span lang="en" class="small">Amendment no. ${String(amendment.number)}: the difference from the plan in force</span></h2>
${messageBox(
    'notice',
    html`เทียบกับแผนที่ใช้อยู่: เพิ่ม ${String(diff.added.length)} รายการ ยกเลิก ${String(diff.removed.length)} รายการ เปลี่ยนแปลง ${String(diff.changed.length)} รายการ ไม่เปลี่ยน ${String(diff.unchanged)} รายการ เมื่อนายกอนุมัติ รายการที่เพิ่มจะเริ่มดำเนินการในปีงบประมาณที่ดำเนินอยู่ รายการที่ยกเลิกจะยุติโดยระบุการแก้ไขนี้เป็นเหตุผล และงบประมาณ ชื่อ ผู้รับผิดชอบ และวิธีดำเนินการที่เปลี่ยนจะแจ้งถึงรายการที่ดำเนินอยู่ ก่อนอนุมัติไม่มีสิ่งใดเปลี่ยน<br><span lang="en">Against the plan in force: ${String(diff.added.length)} added, ${String(diff.removed.length)} removed, ${String(diff.changed.length)} changed, ${String(diff.unchanged)} unchanged. Once the chief executive approves, added items start in the running fiscal year, removed ones end with this amendment as the reason, and changed budgets, names, responsible units and method steps reach the running item-years; nothing changes before.</span>`,
    'status',
  )}
${diff.recoded.length
    ? messageBox(
        'warning',
        html`รายการต่อไปนี้ถูกยกเลิกและเพิ่มใหม่ด้วยรหัสอื่นแต่ชื่อเดียวกัน ระบบจับคู่รายการด้วยรหัสเท่านั้น จึงถือเป็นคนละรายการ: เมื่อนายกอนุมัติ รายการเดิมที่ดำเนินอยู่จะยุติ และรายการรหัสใหม่จะเริ่มใหม่ตั้งแต่ต้น งานที่ทำไปแล้วไม่ย้ายตาม หากเพียงเปลี่ยนลำดับ ให้ใช้รหัสเดิมในไฟล์แล้วนำเข้าใหม่
<ul>${diff.recoded.map((r) => html`<li>${r.removed.code} → ${r.added.code}: ${r.added.name}</li>`)}</ul>
<span lang="en">These items are removed and added again under another code with the same name. Items are matched by code only, so they are different items: once approved, the running item ends and the new code starts from the beginning; work done does not move over. If only the numbering changed, keep the old code in the file and import it again.</span>`,
        'alert',
      )
    : ''}
${undoneBox(view, importId, amendment.undone)}
${itemTable(t(view, 'รายการที่เพิ่ม', 'Items added'), diff.added)}
${itemTable(t(view, 'รายการที่ยกเลิก', 'Items removed'), diff.removed)}
${diff.changed.length
    ? html`<div class="scroll"><table class="data"><caption>${t(view, 'รายการที่เปลี่ยนแปลง', 'Items changed')}</caption><thead><tr><th scope="col">${t(view, 'รายการ', 'Item')}</th><th scope="col">${t(view, 'ชื่อ', 'Name')}</th><th scope="col">${t(view, 'สิ่งที่เปลี่ยน (เดิม → ใหม่)', 'What changes (before → after)')}</th></tr></thead>
<tbody>${diff.changed.map((c) => html`<tr><th scope="row">${c.code}</th><td>${c.after.name}</td><td>${changeCell(view, c)}</td></tr>`)}</tbody></table></div>`
    : ''}</section>`;
}

function storedBox(stored: NonNullable<PlanImportStatus['stored']>): Html {
  const approval = APPROVAL_TEXT[stored.approvalStatus ?? 'pending'];
  const applied = stored.amendmentApplied
    ? html`<br>การแก้ไขนี้ใช้กับรายการที่ดำเนินอยู่แล้ว<br><span lang="en">The amendment has been applied to the running item-years.</span>`
    : '';
  return messageBox(
    'done',
    html`บันทึกเป็นแผนฉบับที่ ${String(stored.version)} แล้ว: ${approval.th}<br><span lang="en">Stored as plan version ${String(stored.version)}: ${approval.en}.</span>${applied}`,
    'status',
  );
}

/** What the confirmation form was sent, shown again when it is refused. */
export interface ConfirmationForm {
  marks: ReadonlyMap<number, FindingMark>;
  /** The findings still open, by their index in the plan's findings. */
  open: readonly number[];
}

function confirmForm(view: WebView, importId: number, findings: readonly Finding[], form?: ConfirmationForm): Html {
  const open = new Set(form?.open ?? []);
  return html`<h2>${t(view, 'ยืนยันและบันทึกแผน', 'Confirm and store the plan')}</h2>
${form && form.open.length
    ? messageBox(
        'error',
        html`ยังบันทึกไม่ได้: ข้อสังเกตต่อไปนี้ยังไม่ได้ยอมรับพร้อมหมายเหตุ (แก้ไขในไฟล์แล้วนำเข้าใหม่ หรือยอมรับพร้อมหมายเหตุ)<br><span lang="en">Not stored: these findings are not yet accepted with a note (fix them in the file and import it again, or accept each with a note).</span>
<ul>${form.open.map((i) => html`<li>${findingLabel(findings[i]!)}: ${findings[i]!.message}<br><span lang="en">${findings[i]!.messageEn}</span></li>`)}</ul>`,
        'alert',
      )
    : ''}
<p>${t(
    view,
    'ทุกข้อสังเกตต้องแก้ไข (ในไฟล์แล้วนำเข้าใหม่ หรือที่ปุ่ม แก้ไข ของรายการ แล้วเลือก แก้ไขแล้ว) หรือยอมรับ พร้อมหมายเหตุ เมื่อบันทึกแล้วระบบส่งลิงก์ให้นายกพิจารณาอนุมัติ',
    'Every finding must be fixed (in the file, then import it again, or with the item’s Edit button, then marked fixed) or accepted, with a note. Once stored, the chief executive is sent a link to approve the plan.',
  )}</p>
<form method="post" action="/plans/import/${String(importId)}/confirm">${csrfField(view)}
${findings.map((f, i) => {
    const mark = form?.marks.get(i);
    return html`<fieldset${open.has(i) ? html` class="problem-error"` : ''}><legend>${findingLabel(f)}: ${t(view, f.message, f.messageEn)}</legend>
<div class="field check"><input type="radio" id="open-${String(i)}" name="accept-${String(i)}" value=""${!mark?.accepted && !mark?.fixed ? html` checked` : ''}> <label for="open-${String(i)}">ยังไม่ได้ตรวจ / not yet reviewed</label>
<input type="radio" id="accept-${String(i)}" name="accept-${String(i)}" value="yes"${mark?.accepted ? html` checked` : ''}> <label for="accept-${String(i)}">ยอมรับข้อสังเกตนี้ / accepted as read</label>
<input type="radio" id="fixed-${String(i)}" name="accept-${String(i)}" value="fixed"${mark?.fixed ? html` checked` : ''}> <label for="fixed-${String(i)}">แก้ไขแล้ว / fixed</label></div>
<div class="field"><label for="note-${String(i)}">${t(view, 'หมายเหตุ (เหตุผลที่ยอมรับ หรือสิ่งที่แก้ไข)', 'Note (why it is accepted, or what was fixed)')}</label>
<textarea id="note-${String(i)}" name="note-${String(i)}" maxlength="${String(FINDING_NOTE_MAX)}">${mark?.note ?? ''}</textarea></div></fieldset>`;
  })}
<div class="actions"><button type="submit">${t(view, 'ยืนยันและบันทึกแผน', 'Confirm and store the plan')}</button></div></form>`;
}

function findingLabel(f: Finding): string {
  return f.item ? `${f.item} (${f.code})` : f.code;
}

/** How often the page of a plan still being read reloads itself. */
const READING_REFRESH_SECONDS = 3;

export function planImportStatusPage(view: WebView, status: PlanImportStatus, form?: ConfirmationForm): string {
  const { progress } = status;
  let body: Html;
  let reading = false;
  if (status.error) {
    body = messageBox('error', html`นำเข้าไม่ได้: ${status.error.message}<br><span lang="en">Unusable document: ${status.error.messageEn}</span>`, 'alert');
  } else if (status.plan) {
    body = html`${status.stored ? storedBox(status.stored) : ''}${status.amendment ? amendmentBody(view, status.importId, status.amendment) : ''}${resultBody(view, status.plan, status.stored ? undefined : status.importId)}${
      status.stored ? '' : confirmForm(view, status.importId, status.findings ?? status.plan.findings, form)
    }`;
  } else {
    reading = true;
    const progressText =
      progress.phase === 'ocr'
        ? html`กำลังอ่านภาพสแกน (OCR) ${String(progress.ocrPagesDone)} จาก ${String(progress.ocrPages)} หน้า<br><span lang="en">Reading the scan (OCR): ${String(progress.ocrPagesDone)} of ${String(progress.ocrPages)} pages</span>`
        : html`กำลังอ่านไฟล์<br><span lang="en">Reading the file</span>`;
    body = html`${messageBox('notice', progressText, 'status')}
<p>${t(view, 'หน้านี้แสดงความคืบหน้าใหม่เองทุก 3 วินาที', 'This page shows the progress again every 3 seconds.')} <a href="/plans/import/${String(status.importId)}">${t(view, 'ดูความคืบหน้าอีกครั้ง', 'Check the progress again')}</a></p>`;
  }
  return webPage(view, {
    titleTh: `นำเข้าแผน: ${status.fileName}`,
    titleEn: `Plan import: ${status.fileName}`,
    body: html`${body}<p><a href="/plans/import">${t(view, 'นำเข้าไฟล์อื่น', 'Import another file')}</a></p>`,
    nav: 'admin',
    wide: true,
    ...(reading ? { refreshSeconds: READING_REFRESH_SECONDS } : {}),
  });
}

const PHASE_LABEL: Record<StepPhase, { th: string; en: string }> = {
  approval: { th: 'ขออนุมัติ', en: 'Approval' },
  committee: { th: 'แต่งตั้งคณะทำงาน', en: 'Committee' },
  preparation: { th: 'เตรียมการ', en: 'Preparation' },
  execution: { th: 'ดำเนินการ', en: 'Execution' },
  evaluation: { th: 'ประเมินผล', en: 'Evaluation' },
  reporting: { th: 'รายงานผล', en: 'Reporting' },
  publication: { th: 'เผยแพร่', en: 'Publication' },
};

const COMPARATORS = [
  { key: 'gte', label: 'ไม่น้อยกว่า / at least' },
  { key: 'gt', label: 'มากกว่า / more than' },
  { key: 'eq', label: 'เท่ากับ / exactly' },
  { key: 'lte', label: 'ไม่เกิน / at most' },
  { key: 'lt', label: 'น้อยกว่า / less than' },
] as const;

const TARGET_UNITS = [
  { key: 'percent', label: 'ร้อยละ / percent' },
  { key: 'count', label: 'จำนวน / count' },
  { key: 'score', label: 'คะแนน / score' },
  { key: 'times', label: 'ครั้ง / times' },
  { key: 'level', label: 'ระดับ / level' },
  { key: 'other', label: 'อื่น ๆ / other' },
] as const;

function fieldError(errors: FieldErrors | undefined, name: string, id: string): Html {
  const e = errors?.[name];
  return e ? html`<p class="problem-error" id="${id}-error">${e.th}<br><span lang="en">${e.en}</span></p>` : html``;
}

function selected(on: boolean): Html {
  return on ? html` selected` : html``;
}

function checked(on: boolean): Html {
  return on ? html` checked` : html``;
}

/**
 * One imported item's correction form, before the plan is confirmed: name, kind, mission, run years with a budget
 * or ไม่ใช้งบประมาณ each, division and section from the organisation's structure, target group, and the steps with
 * their phases (remove one, add one per submission). Refused input comes back as typed, each problem under its field.
 */
export function itemCorrectionPage(
  view: WebView,
  page: { importId: number; fileName: string; plan: CanonicalPlan; item: PlanItem; input: ItemCorrectionInput; units: OrganizationUnits; errors?: FieldErrors },
): string {
  const { importId, plan, item, input, units, errors } = page;
  const action = `/plans/import/${String(importId)}/items/${item.code}`;
  const invalid = (name: string, id: string) => (errors?.[name] ? html` aria-invalid="true" aria-describedby="${id}-error"` : html``);
  const findings = plan.findings.filter((f) => f.item === item.code);
  const steps = [...input.steps, { text: '', phase: 'execution', remove: false }];
  const indicators = [...input.indicators, { text: '', kind: 'output', comparator: '', value: '', unit: '', remove: false }];
  const body = html`${errors ? messageBox('error', html`ยังไม่ได้บันทึกการแก้ไข: กรุณาแก้ตามที่ระบุใต้แต่ละช่อง<br><span lang="en">The correction is not stored: see the problem under each field.</span>${fieldError(errors, 'item', 'item')}`, 'alert') : ''}
${findings.length ? html`<h2>${t(view, 'ข้อสังเกตของรายการนี้', 'Findings about this item')}</h2>${findingList(view, findings)}` : ''}
<form method="post" action="${action}">${csrfField(view)}
<div class="field"><label for="name">${t(view, 'ชื่อรายการ', 'Name')}</label>
<textarea id="name" name="name" maxlength="${String(ITEM_NAME_MAX)}"${invalid('name', 'name')}>${input.name}</textarea>${fieldError(errors, 'name', 'name')}</div>
<div class="field"><label for="kind">${t(view, 'ประเภท', 'Kind')}</label>
<select id="kind" name="kind"${invalid('kind', 'kind')}>${ITEM_KINDS.map((k) => html`<option value="${k}"${selected(input.kind === k)}>${KIND_LABEL[k].th} / ${KIND_LABEL[k].en}</option>`)}</select>${fieldError(errors, 'kind', 'kind')}</div>
<div class="field"><label for="mission">${t(view, 'ภารกิจ (มิติที่', 'Mission (dimension')} ${String(item.dimension)})</label>
<select id="mission" name="mission"${invalid('mission', 'mission')}>${[...new Set([...plan.missions.filter((m) => m.code.startsWith(`${item.dimension}.`)).map((m) => m.code), input.mission])].map((code) => html`<option value="${code}"${selected(input.mission === code)}>${code} ${plan.missions.find((m) => m.code === code)?.name ?? ''}</option>`)}</select>${fieldError(errors, 'mission', 'mission')}</div>
<fieldset><legend>${t(view, 'ปีที่ดำเนินการและงบประมาณ (บาท)', 'Years run and budget (baht)')}</legend>${fieldError(errors, 'years', 'years')}
${input.years.map(
    (y) => html`<div class="field"><input type="checkbox" id="run-${String(y.year)}" name="run-${String(y.year)}" value="yes"${checked(y.run)}> <label for="run-${String(y.year)}">${t(view, 'ดำเนินการปี', 'Runs in')} ${String(y.year)}</label>
<label for="budget-${String(y.year)}">${t(view, 'งบประมาณ', 'Budget')} ${String(y.year)}</label> <input type="text" inputmode="decimal" id="budget-${String(y.year)}" name="budget-${String(y.year)}" value="${y.budget}"${invalid(`budget-${y.year}`, `budget-${y.year}`)}>
<input type="checkbox" id="nobudget-${String(y.year)}" name="nobudget-${String(y.year)}" value="yes"${checked(y.noBudget)}> <label for="nobudget-${String(y.year)}">ไม่ใช้งบประมาณ / no budget</label>${fieldError(errors, `budget-${y.year}`, `budget-${y.year}`)}</div>`,
  )}</fieldset>
<div class="field"><label for="unit">${t(view, 'ส่วนราชการที่รับผิดชอบ', 'Responsible division')}</label>
<select id="unit" name="unit"${invalid('unit', 'unit')}>${RESPONSIBLE_UNITS.map((u) => html`<option value="${u.key}"${selected(input.unit === u.key)}>${u.nameTh} / ${u.nameEn}</option>`)}</select>${fieldError(errors, 'unit', 'unit')}</div>
<div class="field"><label for="section">${t(view, 'งานที่รับผิดชอบ', 'Responsible section')}</label>
<select id="section" name="section"${invalid('section', 'section')}><option value="">ไม่ระบุงาน / no section</option>${RESPONSIBLE_UNITS.filter((u) => units.sections[u.key]?.length).map(
    (u) => html`<optgroup label="${u.nameTh}">${units.sections[u.key]!.map((s) => html`<option value="${s.key}"${selected(input.section === s.key)}>${s.nameTh} / ${s.nameEn}</option>`)}</optgroup>`,
  )}</select>${fieldError(errors, 'section', 'section')}</div>
<div class="field"><label for="targetGroup">${t(view, 'กลุ่มเป้าหมาย', 'Target group')}</label>
<textarea id="targetGroup" name="targetGroup" maxlength="${String(TARGET_GROUP_MAX)}"${invalid('targetGroup', 'targetGroup')}>${input.targetGroup}</textarea>${fieldError(errors, 'targetGroup', 'targetGroup')}</div>
<fieldset><legend>${t(view, 'ขั้นตอนการดำเนินงาน', 'Steps')}</legend>
${steps.map((s, n) => {
    const isNew = n === steps.length - 1;
    return html`<div class="field"><label for="step-text-${String(n)}">${isNew ? t(view, 'เพิ่มขั้นตอน', 'Add a step') : `${t(view, 'ขั้นตอนที่', 'Step')} ${String(n + 1)}`}</label>
<textarea id="step-text-${String(n)}" name="step-text-${String(n)}" maxlength="${String(STEP_TEXT_MAX)}"${invalid(`step-${n}`, `step-${n}`)}>${s.text}</textarea>
<label for="step-phase-${String(n)}">${t(view, 'ขั้น', 'Phase')}</label> <select id="step-phase-${String(n)}" name="step-phase-${String(n)}">${STEP_PHASES.map((p) => html`<option value="${p}"${selected(s.phase === p)}>${PHASE_LABEL[p].th} / ${PHASE_LABEL[p].en}</option>`)}</select>
${isNew ? '' : html`<input type="checkbox" id="step-remove-${String(n)}" name="step-remove-${String(n)}" value="yes"${checked(s.remove)}> <label for="step-remove-${String(n)}">${t(view, 'ลบขั้นตอนนี้', 'Remove this step')}</label>`}${fieldError(errors, `step-${n}`, `step-${n}`)}</div>`;
  })}</fieldset>
<fieldset><legend>${t(view, 'ตัวชี้วัดและค่าเป้าหมาย', 'Indicators and targets')}</legend>
${indicators.map((d, n) => {
    const isNew = n === indicators.length - 1;
    const id = String(n);
    return html`<div class="field"><label for="ind-text-${id}">${isNew ? t(view, 'เพิ่มตัวชี้วัด', 'Add an indicator') : `${t(view, 'ตัวชี้วัดที่', 'Indicator')} ${String(n + 1)}`}</label>
<textarea id="ind-text-${id}" name="ind-text-${id}" maxlength="${String(STEP_TEXT_MAX)}"${invalid(`indicator-${n}`, `indicator-${n}`)}>${d.text}</textarea>
<label for="ind-kind-${id}">${t(view, 'ชนิด', 'Kind')}</label> <select id="ind-kind-${id}" name="ind-kind-${id}"><option value="output"${selected(d.kind === 'output')}>ผลผลิต / output</option><option value="outcome"${selected(d.kind === 'outcome')}>ผลลัพธ์ / outcome</option></select>
<label for="ind-cmp-${id}">${t(view, 'ค่าเป้าหมาย', 'Target')}</label> <select id="ind-cmp-${id}" name="ind-cmp-${id}"><option value="">ไม่ระบุ / none</option>${COMPARATORS.map((c) => html`<option value="${c.key}"${selected(d.comparator === c.key)}>${c.label}</option>`)}</select>
<label for="ind-value-${id}">${t(view, 'ค่า', 'Value')}</label> <input type="text" inputmode="decimal" id="ind-value-${id}" name="ind-value-${id}" value="${d.value}">
<label for="ind-unit-${id}">${t(view, 'หน่วย', 'Unit')}</label> <select id="ind-unit-${id}" name="ind-unit-${id}"><option value="">-</option>${TARGET_UNITS.map((u) => html`<option value="${u.key}"${selected(d.unit === u.key)}>${u.label}</option>`)}</select>
${isNew ? '' : html`<input type="checkbox" id="ind-remove-${id}" name="ind-remove-${id}" value="yes"${checked(d.remove)}> <label for="ind-remove-${id}">${t(view, 'ลบตัวชี้วัดนี้', 'Remove this indicator')}</label>`}${fieldError(errors, `indicator-${n}`, `indicator-${n}`)}</div>`;
  })}</fieldset>
<div class="actions"><button type="submit">${t(view, 'บันทึกการแก้ไข', 'Store the correction')}</button></div></form>
<p><a href="/plans/import/${String(importId)}#item-${item.code}">${t(view, 'กลับไปหน้าตรวจทาน', 'Back to the review')}</a></p>`;
  return webPage(view, { titleTh: `แก้ไขรายการ ${item.code}`, titleEn: `Correct item ${item.code}`, body, nav: 'admin' });
}
