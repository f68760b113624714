import { parseRoles, type CheckedRow, type ImportProblem } from '../../../domain/people-import';
import type { PeoplePreview } from '../../../services/people-import';
import { html, type Html } from '../layout';
import { adminPage, type AdminNotice } from './admin';
import { csrfField, messageBox, roleLabel, t, type WebView } from './frame';

/**
 * Importing people from a spreadsheet: the upload form with the columns it reads, then the preview of every row
 * with its problems (Thai first, English under it), and the confirmation that stores them all.
 */

const COLUMN_HELP: Array<{ th: string; en: string; noteTh: string; noteEn: string }> = [
  { th: 'ชื่อ-นามสกุล', en: 'name', noteTh: 'จำเป็น', noteEn: 'required' },
  { th: 'ตำแหน่ง', en: 'position', noteTh: 'เช่น นักวิชาการเงินและบัญชี', noteEn: 'e.g. นักวิชาการเงินและบัญชี' },
  { th: 'กอง', en: 'division', noteTh: 'เช่น สำนักปลัด กองคลัง กองช่าง', noteEn: 'e.g. สำนักปลัด, กองคลัง, กองช่าง' },
  { th: 'งาน', en: 'section', noteTh: 'เช่น งานการเงินและบัญชี', noteEn: 'e.g. งานการเงินและบัญชี' },
  { th: 'อีเมล', en: 'e-mail', noteTh: 'ใช้เข้าสู่ระบบ ไม่ซ้ำกันในองค์กร', noteEn: 'used to sign in; unique in the organisation' },
  { th: 'LINE', en: 'LINE id', noteTh: 'LINE user ID (U ตามด้วยอักขระ 32 ตัว) ว่างได้', noteEn: 'LINE user ID (U and 32 characters); may be empty' },
  {
    th: 'บทบาท',
    en: 'roles',
    noteTh: 'คั่นด้วยจุลภาค เช่น ผู้รับผิดชอบรายการ, หัวหน้าส่วนราชการ หรือ ปลัด (รักษาราชการแทน)',
    noteEn: 'separated by commas, e.g. owner, unit_head, or palad (acting)',
  },
];

export function importFormSection(view: WebView): Html {
  return html`<section aria-labelledby="import-title"><h2 id="import-title">${t(view, 'นำเข้าบุคลากรจากไฟล์ XLSX หรือ CSV', 'Import people from an XLSX or CSV file')}</h2>
<p>${t(
    view,
    'แถวแรกเป็นหัวตาราง (ภาษาไทยหรือภาษาอังกฤษ) ระบบตรวจทุกแถวและแสดงให้ตรวจก่อน ยังไม่บันทึกจนกว่าจะกดยืนยัน',
    'The first row is the header (Thai or English). Every row is checked and shown first; nothing is stored until you confirm.',
  )}</p>
<p><a href="/admin/people/import/template.xlsx" download>${t(view, 'ดาวน์โหลดแบบฟอร์ม XLSX (มีรายชื่อกองและบทบาทขององค์กร)', 'Download the XLSX template (with the organisation’s divisions and the roles)')}</a></p>
<table class="data"><thead><tr><th scope="col">${t(view, 'คอลัมน์', 'Column')}</th><th scope="col">${t(view, 'คำอธิบาย', 'Notes')}</th></tr></thead>
<tbody>${COLUMN_HELP.map((c) => html`<tr><th scope="row">${c.th} / ${c.en}</th><td>${t(view, c.noteTh, c.noteEn)}</td></tr>`)}</tbody></table>
<form method="post" action="/admin/people/import" enctype="multipart/form-data">${csrfField(view)}
<div class="field"><label for="import-file">${t(view, 'ไฟล์', 'File')} <span aria-hidden="true">*</span></label>
<input type="file" id="import-file" name="file" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required></div>
<div class="actions"><button type="submit">${t(view, 'ตรวจสอบไฟล์', 'Check the file')}</button></div></form></section>`;
}

export function importPage(view: WebView, notice?: AdminNotice): string {
  return adminPage(view, 'import', 'ผู้ดูแลระบบ: นำเข้าบุคลากร', 'Administration: import people', importFormSection(view), notice);
}

function problemList(problems: ImportProblem[]): Html {
  if (!problems.length) return html`<span class="badge st-done">ตรวจผ่าน<span lang="en" class="small"> · OK</span></span>`;
  return html`<ul>${problems.map(
    (p) => html`<li class="${p.severity === 'error' ? 'problem-error' : 'problem-warning'}"><strong>${p.severity === 'error' ? 'ข้อผิดพลาด' : 'ข้อสังเกต'}</strong> ${p.th}<br><span lang="en" class="small">${p.severity === 'error' ? 'Error' : 'Note'}: ${p.en}</span></li>`,
  )}</ul>`;
}

function rolesCell(view: WebView, row: CheckedRow): Html {
  const parsed = parseRoles(row.values.roles);
  return html`${parsed.map((r) => html`<span class="badge st-in_progress">${r.role ? `${roleLabel(view, r.role.role)}${r.role.acting ? t(view, ' (รักษาราชการแทน)', ' (acting)') : ''}` : r.text}</span> `)}`;
}

export function previewPage(view: WebView, preview: PeoplePreview, notice?: AdminNotice): string {
  const ready = preview.confirmable;
  const summary = preview.fileProblem
    ? messageBox('error', html`${preview.fileProblem.th}<br><span lang="en">${preview.fileProblem.en}</span>`, 'alert')
    : ready
      ? messageBox(
          'notice',
          html`ตรวจแล้ว ${String(preview.rows.length)} แถว ไม่มีข้อผิดพลาด${preview.warnings ? ` มีข้อสังเกต ${preview.warnings} รายการ` : ''} กดยืนยันเพื่อบันทึกทั้งหมด<br><span lang="en">${String(preview.rows.length)} rows checked, no errors${
            preview.warnings ? `, ${preview.warnings} notes` : ''
          }. Confirm to store them all.</span>`,
          'status',
        )
      : messageBox(
          'error',
          html`พบข้อผิดพลาด ${String(preview.errors)} รายการใน ${String(preview.rows.filter((r) => !r.person).length)} แถว ยังไม่ได้บันทึกข้อมูลใด กรุณาแก้ไขไฟล์แล้วอัปโหลดใหม่<br><span lang="en">${String(preview.errors)} errors in ${String(
            preview.rows.filter((r) => !r.person).length,
          )} rows. Nothing has been stored; correct the file and upload it again.</span>`,
          'alert',
        );
  const table = preview.rows.length
    ? html`<div class="scroll"><table class="data"><caption>${preview.fileName}</caption><thead><tr>
<th scope="col">${t(view, 'แถว', 'Row')}</th><th scope="col">${t(view, 'ชื่อ-นามสกุล', 'Name')}</th><th scope="col">${t(view, 'ตำแหน่ง', 'Position')}</th>
<th scope="col">${t(view, 'กอง', 'Division')}</th><th scope="col">${t(view, 'งาน', 'Section')}</th><th scope="col">${t(view, 'อีเมล', 'E-mail')}</th>
<th scope="col">LINE</th><th scope="col">${t(view, 'บทบาท', 'Roles')}</th><th scope="col">${t(view, 'ผลการตรวจ', 'Check')}</th></tr></thead>
<tbody>${preview.rows.map(
        (r) => html`<tr${r.person ? '' : html` class="row-error"`}><td class="num">${String(r.line)}</td><th scope="row">${r.values.fullName}</th><td>${r.values.positionTitle}</td>
<td>${r.values.division}</td><td>${r.person?.section ?? r.values.section}</td><td>${r.values.email}</td><td>${r.values.lineUserId ? t(view, 'มี', 'yes') : ''}</td>
<td>${rolesCell(view, r)}</td><td>${problemList(r.problems)}</td></tr>`,
      )}</tbody></table></div>`
    : '';
  const confirm = ready
    ? html`<form method="post" action="/admin/people/import/confirm">${csrfField(view)}
<input type="hidden" name="fileName" value="${preview.fileName}"><input type="hidden" name="table" value="${ready.table}"><input type="hidden" name="signature" value="${ready.signature}">
<div class="actions"><button type="submit">${t(view, `ยืนยันนำเข้า ${preview.rows.length} คน`, `Confirm: import ${preview.rows.length} people`)}</button> <a href="/admin/people/import">${t(view, 'ยกเลิก', 'Cancel')}</a></div></form>`
    : importFormSection(view);
  return adminPage(view, 'import', 'ผู้ดูแลระบบ: ตรวจสอบการนำเข้าบุคลากร', 'Administration: check the people import', html`${summary}${table}${confirm}`, notice);
}
