import type { CanonicalPlan, Finding, PlanItem } from '../../../domain/plan';
import type { ItemChange, YearBudget } from '../../../domain/plan-diff';
import { FINDING_NOTE_MAX, type FindingMark } from '../../../domain/plan-confirmation';
import { responsibleUnitByKey, sectionByKey, STANDARD_UNITS } from '../../../domain/units';
import type { AmendmentView, PlanImportStatus } from '../../../services/plan-import';
import { html, type Html } from '../layout';
import { csrfField, formatMoney, messageBox, t, webPage, type WebView } from './frame';

/**
 * The coordinator's plan upload: the form (a Word file, a PDF, or a scan read by OCR), the progress while the
 * plan-import workflow reads it, and then every item beside the findings about it, Thai first.
 */

export function planUploadPage(view: WebView, notice?: { th: string; en: string }): string {
  const body = html`<h1>${t(view, 'นำเข้าแผนจากไฟล์', 'Import a plan from a file')}</h1>
${notice ? messageBox('error', html`${notice.th}<br><span lang="en">${notice.en}</span>`, 'alert') : ''}
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
  return webPage(view, { titleTh: 'นำเข้าแผน', titleEn: 'Import a plan', body, nav: 'admin' });
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

function resultBody(view: WebView, plan: CanonicalPlan): Html {
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
    (item) => html`<tr><th scope="row">${item.code}</th><td>${t(view, KIND_LABEL[item.kind].th, KIND_LABEL[item.kind].en)}</td><td>${item.name}</td><td>${unitCell(view, item)}</td>
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
  return html`<ul>${parts}</ul>`;
}

function budgetsCell(view: WebView, item: PlanItem): Html {
  return html`${Object.entries(item.budgetByYear).map(([year, amount]) => html`${year}: ${formatMoney(view, amount)}<br>`)}`;
}

/**
 * The amendment as the difference from the version in force: what is added, removed and changed, so the coordinator
 * sees what the นายก is asked to approve and what the running item-years will be told.
 */
function amendmentBody(view: WebView, amendment: AmendmentView): Html {
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
    html`เทียบกับแผนที่ใช้อยู่: เพิ่ม ${String(diff.added.length)} รายการ ยกเลิก ${String(diff.removed.length)} รายการ เปลี่ยนแปลง ${String(diff.changed.length)} รายการ ไม่เปลี่ยน ${String(diff.unchanged)} รายการ เมื่อนายกอนุมัติ รายการที่เพิ่มจะเริ่มดำเนินการในปีงบประมาณที่ดำเนินอยู่ รายการที่ยกเลิกจะยุติโดยระบุการแก้ไขนี้เป็นเหตุผล และงบประมาณที่เปลี่ยนจะแจ้งถึงรายการที่ดำเนินอยู่ ก่อนอนุมัติไม่มีสิ่งใดเปลี่ยน<br><span lang="en">Against the plan in force: ${String(diff.added.length)} added, ${String(diff.removed.length)} removed, ${String(diff.changed.length)} changed, ${String(diff.unchanged)} unchanged. Once the chief executive approves, added items start in the running fiscal year, removed ones end with this amendment as the reason, and changed budgets reach the running item-years; nothing changes before.</span>`,
    'status',
  )}
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
    'ทุกข้อสังเกตต้องแก้ไขในไฟล์แล้วนำเข้าใหม่ หรือยอมรับพร้อมหมายเหตุเหตุผล เมื่อบันทึกแล้วระบบส่งลิงก์ให้นายกพิจารณาอนุมัติ',
    'Every finding must be fixed in the file (then import it again) or accepted with a note saying why. Once stored, the chief executive is sent a link to approve the plan.',
  )}</p>
<form method="post" action="/plans/import/${String(importId)}/confirm">${csrfField(view)}
${findings.map((f, i) => {
    const mark = form?.marks.get(i);
    return html`<fieldset${open.has(i) ? html` class="problem-error"` : ''}><legend>${findingLabel(f)}: ${t(view, f.message, f.messageEn)}</legend>
<div class="field check"><input type="checkbox" id="accept-${String(i)}" name="accept-${String(i)}" value="yes"${mark?.accepted ? html` checked` : ''}> <label for="accept-${String(i)}">${t(view, 'ยอมรับข้อสังเกตนี้', 'Accept this finding')}</label></div>
<div class="field"><label for="note-${String(i)}">${t(view, 'หมายเหตุ (เหตุผลที่ยอมรับ)', 'Note (why it is accepted)')}</label>
<textarea id="note-${String(i)}" name="note-${String(i)}" maxlength="${String(FINDING_NOTE_MAX)}">${mark?.note ?? ''}</textarea></div></fieldset>`;
  })}
<div class="actions"><button type="submit">${t(view, 'ยืนยันและบันทึกแผน', 'Confirm and store the plan')}</button></div></form>`;
}

function findingLabel(f: Finding): string {
  return f.item ? `${f.item} (${f.code})` : f.code;
}

export function planImportStatusPage(view: WebView, status: PlanImportStatus, form?: ConfirmationForm): string {
  const { progress } = status;
  let body: Html;
  if (status.error) {
    body = messageBox('error', html`นำเข้าไม่ได้: ${status.error.message}<br><span lang="en">Unusable document: ${status.error.messageEn}</span>`, 'alert');
  } else if (status.plan) {
    body = html`${status.stored ? storedBox(status.stored) : ''}${status.amendment ? amendmentBody(view, status.amendment) : ''}${resultBody(view, status.plan)}${
      status.stored ? '' : confirmForm(view, status.importId, status.plan.findings, form)
    }`;
  } else {
    const reading =
      progress.phase === 'ocr'
        ? html`กำลังอ่านภาพสแกน (OCR) ${String(progress.ocrPagesDone)} จาก ${String(progress.ocrPages)} หน้า<br><span lang="en">Reading the scan (OCR): ${String(progress.ocrPagesDone)} of ${String(progress.ocrPages)} pages</span>`
        : html`กำลังอ่านไฟล์<br><span lang="en">Reading the file</span>`;
    body = html`${messageBox('notice', reading, 'status')}
<p><a href="/plans/import/${String(status.importId)}">${t(view, 'ดูความคืบหน้าอีกครั้ง', 'Check the progress again')}</a></p>`;
  }
  return webPage(view, {
    titleTh: `นำเข้าแผน: ${status.fileName}`,
    titleEn: `Plan import: ${status.fileName}`,
    body: html`<h1>${t(view, 'นำเข้าแผน', 'Plan import')}: ${status.fileName}</h1>${body}<p><a href="/plans/import">${t(view, 'นำเข้าไฟล์อื่น', 'Import another file')}</a></p>`,
    nav: 'admin',
    wide: true,
  });
}
