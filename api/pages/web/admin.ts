import type { DelegationRow } from '../../../db/queries/delegations';
import type { HolidayRow } from '../../../db/queries/holidays';
import type { ItaDocumentRow } from '../../../db/queries/reports';
import { ITA_DOCUMENT_KINDS, type ItaDocumentKind } from '../../../domain/ita';
import { ORGANIZATION_KIND_NAMES, type OrganizationKind } from '../../../domain/organizations';
import type { AdminPersonRow } from '../../../db/queries/people';
import type { RoleAssignmentRow } from '../../../db/queries/roles';
import type { UnitRow } from '../../../db/queries/units';
import { DEFAULT_LATE_START_GRACE_DAYS, MAX_LATE_START_GRACE_DAYS, type ReminderPolicy } from '../../../domain/reminders';
import { html, type Html } from '../layout';
import { ROLES } from '../../../domain/roles';
import { csrfField, formatDay, messageBox, roleLabel, t, webPage, type WebView } from './frame';
import { sharingSection } from './oversight';

/** Administration: people and their contact channels, units, roles, delegations, the reminder policy, holidays. */

export type AdminTab = 'people' | 'import' | 'plan' | 'units' | 'delegations' | 'reminders' | 'holidays' | 'oversight' | 'ita';

export interface AdminNotice {
  kind: 'done' | 'error';
  th: string;
  en: string;
}

const TABS: Array<{ key: AdminTab; href: string; th: string; en: string }> = [
  { key: 'people', href: '/admin', th: 'บุคลากรและบทบาท', en: 'People and roles' },
  { key: 'import', href: '/admin/people/import', th: 'นำเข้าบุคลากรจากไฟล์', en: 'Import people from a file' },
  // A new organisation's coordinator starts here: without this link the plan upload page had no way in.
  { key: 'plan', href: '/plans/import', th: 'นำเข้าแผนจากไฟล์', en: 'Import a plan from a file' },
  { key: 'units', href: '/admin/units', th: 'หน่วยงาน', en: 'Units' },
  { key: 'delegations', href: '/admin/delegations', th: 'การมอบอำนาจ', en: 'Delegations' },
  { key: 'reminders', href: '/admin/reminders', th: 'การแจ้งเตือน', en: 'Reminders' },
  { key: 'holidays', href: '/admin/holidays', th: 'วันหยุด', en: 'Holidays' },
  { key: 'oversight', href: '/admin/oversight', th: 'การเปิดเผยต่อ สถ.จ./สถ.อ.', en: 'Sharing with the province' },
  { key: 'ita', href: '/admin/ita', th: 'เลขข้อ ITA', en: 'ITA items' },
];

export function adminPage(view: WebView, tab: AdminTab, titleTh: string, titleEn: string, body: Html, notice?: AdminNotice): string {
  return webPage(view, {
    titleTh,
    titleEn,
    nav: 'admin',
    body: html`<nav aria-label="${t(view, 'เมนูผู้ดูแลระบบ', 'Administration menu')}"><ul class="subnav">${TABS.map(
      (tabLink) => html`<li><a href="${tabLink.href}"${tabLink.key === tab ? html` aria-current="page"` : ''}>${t(view, tabLink.th, tabLink.en)}</a></li>`,
    )}</ul></nav>
${notice ? messageBox(notice.kind, t(view, notice.th, notice.en), notice.kind === 'error' ? 'alert' : 'status') : ''}
${body}`,
  });
}

function input(
  view: WebView,
  o: { id: string; name: string; th: string; en: string; value?: string; type?: string; required?: boolean; hintTh?: string; hintEn?: string; attrs?: Html },
): Html {
  return html`<div class="field"><label for="${o.id}">${t(view, o.th, o.en)}${o.required ? html` <span aria-hidden="true">*</span>` : ''}</label>
<input type="${o.type ?? 'text'}" id="${o.id}" name="${o.name}" value="${o.value ?? ''}"${o.required ? html` required` : ''}${
    o.hintTh ? html` aria-describedby="${o.id}-hint"` : ''
  }${o.attrs ?? ''}>
${o.hintTh ? html`<p class="hint" id="${o.id}-hint">${t(view, o.hintTh, o.hintEn ?? o.hintTh)}</p>` : ''}</div>`;
}

function unitSelect(view: WebView, id: string, name: string, units: UnitRow[], selected: number | null, allowNone: boolean): Html {
  return html`<div class="field"><label for="${id}">${t(view, 'หน่วยงาน', 'Unit')}</label>
<select id="${id}" name="${name}">${allowNone ? html`<option value="">${t(view, '— ไม่ระบุ —', '— none —')}</option>` : ''}${units.map(
    (u) => html`<option value="${String(u.id)}"${u.id === selected ? html` selected` : ''}>${t(view, u.nameTh, u.nameEn)}</option>`,
  )}</select></div>`;
}

function checkbox(view: WebView, id: string, name: string, th: string, en: string, checked: boolean): Html {
  return html`<div class="field check"><input type="checkbox" id="${id}" name="${name}" value="on"${checked ? html` checked` : ''}> <label for="${id}">${t(view, th, en)}</label></div>`;
}

function personFields(view: WebView, prefix: string, units: UnitRow[], person: Partial<AdminPersonRow>): Html {
  return html`${input(view, { id: `${prefix}fullName`, name: 'fullName', th: 'ชื่อ-นามสกุล', en: 'Full name', value: person.fullName ?? '', required: true })}
${input(view, { id: `${prefix}positionTitle`, name: 'positionTitle', th: 'ตำแหน่ง', en: 'Position', value: person.positionTitle ?? '' })}
${unitSelect(view, `${prefix}unitId`, 'unitId', units, person.unitId ?? null, true)}
${input(view, { id: `${prefix}email`, name: 'email', th: 'อีเมล', en: 'E-mail', type: 'email', value: person.email ?? '', hintTh: 'ใช้เข้าสู่ระบบและรับข้อความ', hintEn: 'used to sign in and to receive messages' })}
${input(view, {
  id: `${prefix}lineUserId`,
  name: 'lineUserId',
  th: 'LINE user ID',
  en: 'LINE user ID',
  value: person.lineUserId ?? '',
  hintTh: 'ขึ้นต้นด้วย U ตามด้วยอักขระ 32 ตัว ได้เมื่อผู้ใช้เพิ่มบัญชีทางการของหน่วยงานเป็นเพื่อน',
  hintEn: 'U followed by 32 characters; known once the person adds the Official Account as a friend',
  attrs: html` pattern="U[0-9a-f]{32}" autocomplete="off"`,
})}
${checkbox(view, `${prefix}active`, 'active', 'ใช้งานอยู่', 'Active', person.active ?? true)}`;
}

export function peoplePage(
  view: WebView,
  data: { people: AdminPersonRow[]; roles: RoleAssignmentRow[]; units: UnitRow[]; notice?: AdminNotice; values?: Partial<AdminPersonRow> },
): string {
  const rolesOf = (id: number) => data.roles.filter((r) => r.personId === id);
  return adminPage(
    view,
    'people',
    'ผู้ดูแลระบบ: บุคลากร',
    'Administration: people',
    html`<section aria-labelledby="people-title"><h2 id="people-title">${t(view, `บุคลากร (${data.people.length})`, `People (${data.people.length})`)}</h2>
<ul class="cards">${data.people.map(
      (p) => html`<li><div class="card-title"><a href="/admin/people/${String(p.id)}">${p.fullName}</a>${p.active ? '' : html` <span class="badge st-cancelled">${t(view, 'ไม่ใช้งาน', 'inactive')}</span>`}</div>
<div class="meta small"><span>${p.positionTitle}</span>${p.unitNameTh ? html`<span>${p.unitNameTh}${p.section ? ` · ${p.section}` : ''}</span>` : ''}<span>${p.email ?? t(view, 'ไม่มีอีเมล', 'no e-mail')}</span><span>LINE: ${
        p.lineUserId ? t(view, 'ลงทะเบียนแล้ว', 'registered') : t(view, 'ยังไม่ลงทะเบียน', 'not registered')
      }</span></div>
<div class="meta small">${rolesOf(p.id).map((r) => html`<span class="badge st-in_progress">${roleLabel(view, r.role)}${r.unitNameTh ? ` · ${r.unitNameTh}` : ''}${r.acting ? t(view, ' (รักษาราชการแทน)', ' (acting)') : ''}</span>`)}</div></li>`,
    )}</ul></section>
<section aria-labelledby="add-person"><h2 id="add-person">${t(view, 'เพิ่มบุคลากร', 'Add a person')}</h2>
<form method="post" action="/admin/people">${csrfField(view)}
${personFields(view, 'new-', data.units, data.values ?? {})}
<div class="actions"><button type="submit">${t(view, 'เพิ่ม', 'Add')}</button></div></form></section>`,
    data.notice,
  );
}

export function personPage(
  view: WebView,
  data: { person: AdminPersonRow; roles: RoleAssignmentRow[]; units: UnitRow[]; notice?: AdminNotice },
): string {
  const p = data.person;
  return adminPage(
    view,
    'people',
    `ผู้ดูแลระบบ: ${p.fullName}`,
    `Administration: ${p.fullName}`,
    html`<section aria-labelledby="edit-person"><h2 id="edit-person">${t(view, 'ข้อมูลและช่องทางติดต่อ', 'Details and contact channels')}</h2>
<form method="post" action="/admin/people/${String(p.id)}">${csrfField(view)}
${personFields(view, '', data.units, p)}
<div class="actions"><button type="submit">${t(view, 'บันทึก', 'Save')}</button> <a href="/admin">${t(view, 'กลับ', 'Back')}</a></div></form></section>
<section aria-labelledby="roles-title"><h2 id="roles-title">${t(view, 'บทบาท', 'Roles')}</h2>
${
  data.roles.length
    ? html`<ul class="cards">${data.roles.map(
        (r) => html`<li><div class="card-title">${roleLabel(view, r.role)}${r.unitNameTh ? ` · ${r.unitNameTh}` : ''}${r.acting ? t(view, ' (รักษาราชการแทน)', ' (acting)') : ''}</div>
<div class="meta small">${r.validFrom ? html`<span>${t(view, 'ตั้งแต่', 'from')} ${formatDay(view, r.validFrom)}</span>` : ''}${
          r.validTo ? html`<span>${t(view, 'ถึง', 'to')} ${formatDay(view, r.validTo)}</span>` : ''
        }</div>
<form method="post" action="/admin/roles/${String(r.id)}/delete" class="actions">${csrfField(view)}<button type="submit" class="secondary compact" aria-label="${t(
          view,
          `นำบทบาท${roleLabel(view, r.role)}ออก`,
          `Remove the role ${roleLabel(view, r.role)}`,
        )}">${t(view, 'นำบทบาทนี้ออก', 'Remove this role')}</button></form></li>`,
      )}</ul>`
    : html`<p>${t(view, 'ยังไม่มีบทบาท', 'No roles yet.')}</p>`
}
<h3>${t(view, 'เพิ่มบทบาท', 'Add a role')}</h3>
<form method="post" action="/admin/roles">${csrfField(view)}
<input type="hidden" name="personId" value="${String(p.id)}">
<div class="field"><label for="role">${t(view, 'บทบาท', 'Role')}</label><select id="role" name="role" required>${ROLES.map(
      (role) => html`<option value="${role}">${roleLabel(view, role)}</option>`,
    )}</select></div>
${unitSelect(view, 'roleUnitId', 'unitId', data.units, null, true)}
<p class="hint">${t(view, 'ระบุหน่วยงานสำหรับบทบาทหัวหน้าส่วนราชการและผู้รับผิดชอบรายการ', 'Give the unit for the head-of-division and item-owner roles')}</p>
${checkbox(view, 'acting', 'acting', 'รักษาราชการแทน', 'Acting (รักษาราชการแทน)', false)}
${input(view, { id: 'validFrom', name: 'validFrom', th: 'มีผลตั้งแต่', en: 'Valid from', type: 'date' })}
${input(view, { id: 'validTo', name: 'validTo', th: 'ถึงวันที่', en: 'Valid to', type: 'date' })}
<div class="actions"><button type="submit">${t(view, 'เพิ่มบทบาท', 'Add the role')}</button></div></form></section>`,
    data.notice,
  );
}

export function unitsPage(view: WebView, data: { units: UnitRow[]; notice?: AdminNotice }): string {
  return adminPage(
    view,
    'units',
    'ผู้ดูแลระบบ: หน่วยงาน',
    'Administration: units',
    html`<section aria-labelledby="units-title"><h2 id="units-title">${t(view, 'หน่วยงาน', 'Units')}</h2>
${data.units.map(
  (u) => html`<form method="post" action="/admin/units/${String(u.id)}" class="filters">${csrfField(view)}
${input(view, { id: `th-${u.id}`, name: 'nameTh', th: `ชื่อภาษาไทย (${u.key})`, en: `Thai name (${u.key})`, value: u.nameTh, required: true })}
${input(view, { id: `en-${u.id}`, name: 'nameEn', th: 'ชื่อภาษาอังกฤษ', en: 'English name', value: u.nameEn, required: true })}
<div class="field"><button type="submit" class="secondary">${t(view, 'บันทึก', 'Save')}</button></div></form>`,
)}
</section>
<section aria-labelledby="add-unit"><h2 id="add-unit">${t(view, 'เพิ่มหน่วยงาน', 'Add a unit')}</h2>
<form method="post" action="/admin/units">${csrfField(view)}
${input(view, { id: 'unitKey', name: 'key', th: 'รหัสหน่วยงาน (ภาษาอังกฤษตัวเล็ก)', en: 'Key (lower-case letters)', required: true, hintTh: 'เช่น public-health', hintEn: 'for example public-health', attrs: html` pattern="[a-z0-9][a-z0-9-]{1,40}"` })}
${input(view, { id: 'unitNameTh', name: 'nameTh', th: 'ชื่อภาษาไทย', en: 'Thai name', required: true })}
${input(view, { id: 'unitNameEn', name: 'nameEn', th: 'ชื่อภาษาอังกฤษ', en: 'English name', required: true })}
<div class="actions"><button type="submit">${t(view, 'เพิ่ม', 'Add')}</button></div></form></section>`,
    data.notice,
  );
}

export function delegationsPage(
  view: WebView,
  data: { delegations: DelegationRow[]; people: AdminPersonRow[]; today: string; notice?: AdminNotice },
): string {
  return adminPage(
    view,
    'delegations',
    'ผู้ดูแลระบบ: การมอบอำนาจ',
    'Administration: delegations',
    html`<section aria-labelledby="delegations-title"><h2 id="delegations-title">${t(view, 'การมอบอำนาจ (ปฏิบัติราชการแทน)', 'Delegations')}</h2>
${
  data.delegations.length
    ? html`<ul class="cards">${data.delegations.map((d) => {
        const ended = d.validTo !== null && d.validTo < data.today;
        return html`<li><div class="card-title">${d.delegateName} ${t(view, 'ปฏิบัติราชการแทน', 'acts for the')} ${roleLabel(view, d.role)}</div>
<div class="meta small"><span>${t(view, 'ตั้งแต่', 'from')} ${formatDay(view, d.validFrom)}</span><span>${
          d.validTo ? html`${t(view, 'ถึง', 'to')} ${formatDay(view, d.validTo)}` : t(view, 'ไม่กำหนดวันสิ้นสุด', 'open-ended')
        }</span>${d.note ? html`<span>${d.note}</span>` : ''}</div>
${
  ended
    ? ''
    : html`<form method="post" action="/admin/delegations/${String(d.id)}/end" class="actions">${csrfField(view)}<button type="submit" class="secondary compact" aria-label="${t(
        view,
        `สิ้นสุดการมอบอำนาจให้ ${d.delegateName} วันนี้`,
        `End the delegation to ${d.delegateName} today`,
      )}">${t(view, 'สิ้นสุดวันนี้', 'End today')}</button></form>`
}</li>`;
      })}</ul>`
    : html`<p>${t(view, 'ยังไม่มีการมอบอำนาจ', 'No delegations yet.')}</p>`
}</section>
<section aria-labelledby="add-delegation"><h2 id="add-delegation">${t(view, 'มอบอำนาจ', 'Add a delegation')}</h2>
<form method="post" action="/admin/delegations">${csrfField(view)}
<div class="field"><label for="delegationRole">${t(view, 'อำนาจของ', 'Authority of')}</label><select id="delegationRole" name="role">
<option value="mayor">${roleLabel(view, 'mayor')}</option><option value="palad">${roleLabel(view, 'palad')}</option></select></div>
<div class="field"><label for="delegatePersonId">${t(view, 'ผู้รับมอบ', 'Delegate')}</label><select id="delegatePersonId" name="delegatePersonId" required>${data.people
      .filter((p) => p.active)
      .map((p) => html`<option value="${String(p.id)}">${p.fullName}</option>`)}</select></div>
${input(view, { id: 'delegationFrom', name: 'validFrom', th: 'ตั้งแต่วันที่', en: 'From', type: 'date', value: data.today, required: true })}
${input(view, { id: 'delegationTo', name: 'validTo', th: 'ถึงวันที่ (เว้นว่างได้)', en: 'To (optional)', type: 'date' })}
${input(view, { id: 'delegationNote', name: 'note', th: 'อ้างอิงคำสั่ง / หมายเหตุ', en: 'Order reference / note' })}
<div class="actions"><button type="submit">${t(view, 'บันทึกการมอบอำนาจ', 'Record the delegation')}</button></div></form></section>`,
    data.notice,
  );
}

export function remindersPage(view: WebView, data: { policy: ReminderPolicy; stored: boolean; notice?: AdminNotice; values?: Record<string, string> }): string {
  const p = data.policy;
  const v = (name: string, fallback: string) => data.values?.[name] ?? fallback;
  const escalation = (to: 'unit_head' | 'palad') => p.escalations.find((e) => e.to === to)?.afterDaysOverdue;
  return adminPage(
    view,
    'reminders',
    'ผู้ดูแลระบบ: การแจ้งเตือน',
    'Administration: reminders',
    html`<section aria-labelledby="policy-title"><h2 id="policy-title">${t(view, 'นโยบายการแจ้งเตือน', 'Reminder policy')}</h2>
<p>${
      data.stored
        ? t(view, 'ใช้นโยบายที่หน่วยงานกำหนด ใช้กับปีงบประมาณที่เริ่มหลังการบันทึก', 'The organisation’s own policy; it applies to fiscal years started after saving.')
        : t(view, 'ยังใช้ค่าเริ่มต้นของระบบ', 'The system defaults are in use.')
    }</p>
<form method="post" action="/admin/reminders">${csrfField(view)}
${input(view, { id: 'beforeDays', name: 'beforeDays', th: 'เตือนล่วงหน้า (วัน คั่นด้วยจุลภาค)', en: 'Remind this many days before (comma-separated)', value: v('beforeDays', p.beforeDays.join(', ')), hintTh: 'เช่น 7, 1', hintEn: 'for example 7, 1' })}
${checkbox(view, 'onDueDay', 'onDueDay', 'เตือนในวันครบกำหนด', 'Remind on the due day', data.values ? data.values.onDueDay === 'on' : p.onDueDay)}
${input(view, { id: 'overdueEveryDays', name: 'overdueEveryDays', th: 'เมื่อเลยกำหนด เตือนทุก ๆ (วัน)', en: 'When overdue, remind every (days)', type: 'number', value: v('overdueEveryDays', String(p.overdueEveryDays)), required: true, attrs: html` min="1"` })}
${input(view, { id: 'overdueCapDays', name: 'overdueCapDays', th: 'หยุดเตือนเมื่อเลยกำหนดเกิน (วัน)', en: 'Stop overdue reminders after (days)', type: 'number', value: v('overdueCapDays', String(p.overdueCapDays)), required: true, attrs: html` min="1"` })}
${input(view, { id: 'escalateUnitHead', name: 'escalateUnitHead', th: 'แจ้งหัวหน้าส่วนราชการเมื่อเลยกำหนด (วัน เว้นว่าง = ไม่แจ้ง)', en: 'Escalate to the head of division after (days overdue; empty = never)', type: 'number', value: v('escalateUnitHead', String(escalation('unit_head') ?? '')), attrs: html` min="1"` })}
${input(view, { id: 'escalatePalad', name: 'escalatePalad', th: 'แจ้งปลัดเมื่อเลยกำหนด (วัน เว้นว่าง = ไม่แจ้ง)', en: 'Escalate to the permanent secretary after (days overdue; empty = never)', type: 'number', value: v('escalatePalad', String(escalation('palad') ?? '')), attrs: html` min="1"` })}
${input(view, { id: 'sendAtHour', name: 'sendAtHour', th: 'ส่งข้อความเวลา (นาฬิกา 0-23)', en: 'Send at (hour, 0-23)', type: 'number', value: v('sendAtHour', p.sendAtHour === null ? '' : String(p.sendAtHour)), attrs: html` min="0" max="23"` })}
${checkbox(view, 'shiftToWorkingDays', 'shiftToWorkingDays', 'เลื่อนการเตือนที่ตรงกับวันหยุดไปวันทำการ', 'Move reminders off weekends and holidays', data.values ? data.values.shiftToWorkingDays === 'on' : p.shiftToWorkingDays)}
${input(view, {
  id: 'lateStartGraceDays',
  name: 'lateStartGraceDays',
  th: `ช่วงผ่อนผันหลังเริ่มใช้ระบบ (วัน 0-${MAX_LATE_START_GRACE_DAYS})`,
  en: `Grace after go-live (days, 0-${MAX_LATE_START_GRACE_DAYS})`,
  type: 'number',
  value: v('lateStartGraceDays', String(p.lateStartGraceDays)),
  required: true,
  attrs: html` min="0" max="${String(MAX_LATE_START_GRACE_DAYS)}"`,
  hintTh: `เมื่อเริ่มใช้ระบบระหว่างปี ขั้นตอนที่เลยกำหนดไปก่อนเริ่มจะไม่มีการแจ้งเตือนเลยกำหนดหรือแจ้งผู้บังคับบัญชาตามจำนวนวันนี้ เพื่อให้มีเวลาบันทึกย้อนหลัง 0 = แจ้งเตือนทันที (ค่าเริ่มต้น ${DEFAULT_LATE_START_GRACE_DAYS} วัน)`,
  hintEn: `After going live during the year, steps already overdue at the start get no overdue reminder and no escalation for this many days, to leave time to record them after the fact. 0 = chase at once (default ${DEFAULT_LATE_START_GRACE_DAYS} days).`,
})}
<div class="actions"><button type="submit">${t(view, 'บันทึกนโยบาย', 'Save the policy')}</button></div></form></section>`,
    data.notice,
  );
}

export function holidaysPage(
  view: WebView,
  data: { fiscalYear: number; fiscalYears: number[]; holidays: HolidayRow[]; canLoadDefaults: boolean; notice?: AdminNotice },
): string {
  return adminPage(
    view,
    'holidays',
    'ผู้ดูแลระบบ: วันหยุด',
    'Administration: holidays',
    html`<section aria-labelledby="holidays-title"><h2 id="holidays-title">${t(view, `วันหยุดราชการ ปีงบประมาณ ${data.fiscalYear}`, `Holidays, fiscal year ${data.fiscalYear} BE`)}</h2>
<form method="get" action="/admin/holidays" class="filters"><div class="field"><label for="holidayFy">${t(view, 'ปีงบประมาณ', 'Fiscal year')}</label>
<select id="holidayFy" name="fy">${data.fiscalYears.map((fy) => html`<option value="${String(fy)}"${fy === data.fiscalYear ? html` selected` : ''}>${String(fy)}</option>`)}</select></div>
<div class="field"><button type="submit" class="secondary">${t(view, 'แสดง', 'Show')}</button></div></form>
${
  data.holidays.length
    ? html`<div class="scroll"><table class="data"><thead><tr><th scope="col">${t(view, 'วันที่', 'Date')}</th><th scope="col">${t(view, 'ชื่อวันหยุด', 'Holiday')}</th><td></td></tr></thead><tbody>${data.holidays.map(
        (h) => html`<tr><th scope="row">${formatDay(view, h.day)}</th><td>${h.nameTh}</td><td>
<form method="post" action="/admin/holidays/delete" class="inline-form">${csrfField(view)}<input type="hidden" name="day" value="${h.day}"><input type="hidden" name="fy" value="${String(
          data.fiscalYear,
        )}"><button type="submit" class="secondary compact" aria-label="${t(view, `ลบ ${formatDay(view, h.day)}`, `Remove ${formatDay(view, h.day)}`)}">${t(view, 'ลบ', 'Remove')}</button></form></td></tr>`,
      )}</tbody></table></div>`
    : html`<p>${t(view, 'ไม่มีวันหยุดในปีงบประมาณนี้', 'No holidays in this fiscal year.')}</p>`
}${
  data.canLoadDefaults
    ? html`<form method="post" action="/admin/holidays/seed">${csrfField(view)}<input type="hidden" name="fy" value="${String(data.fiscalYear)}">
<p>${t(view, 'ยังไม่มีตารางวันหยุดขององค์กร', 'The organisation has no holiday table yet.')}</p>
<div class="actions"><button type="submit">${t(view, 'นำเข้าวันหยุดราชการเริ่มต้น', 'Load the default government holidays')}</button></div></form>`
    : ''
}</section>
<section aria-labelledby="add-holiday"><h2 id="add-holiday">${t(view, 'เพิ่มหรือแก้ไขวันหยุด', 'Add or rename a holiday')}</h2>
<form method="post" action="/admin/holidays">${csrfField(view)}<input type="hidden" name="fy" value="${String(data.fiscalYear)}">
${input(view, { id: 'holidayDay', name: 'day', th: 'วันที่', en: 'Date', type: 'date', required: true })}
${input(view, { id: 'holidayName', name: 'nameTh', th: 'ชื่อวันหยุด', en: 'Name (Thai)', required: true, hintTh: 'เช่น วันหยุดชดเชย หรือวันหยุดท้องถิ่น', hintEn: 'for example a substitution day or a local holiday' })}
<div class="actions"><button type="submit">${t(view, 'บันทึกวันหยุด', 'Save the holiday')}</button></div></form></section>`,
    data.notice,
  );
}

/** Whether the organisation shares with its province's and district's oversight offices, and the form to change it. */
export function oversightSharingPage(
  view: WebView,
  data: { share: { sharedAt: Date; sharedByName: string } | undefined; place: { province: string; district: string }; notice?: AdminNotice },
): string {
  return adminPage(view, 'oversight', 'ผู้ดูแลระบบ: การเปิดเผยข้อมูลต่อสำนักงานส่งเสริมการปกครองท้องถิ่น', 'Administration: sharing with the province', sharingSection(view, data.share, data.place), data.notice);
}

/** What a new row of a document kind starts as: the ป.ป.ช. titles, and the annual result of the year before. */
const ITA_ROW_DEFAULTS: Record<ItaDocumentKind, { labelTh: string; labelEn: string; fiscalYearOffset: number; th: string; en: string }> = {
  plan: { th: 'แผนปฏิบัติการป้องกันการทุจริต', en: 'The anti-corruption action plan', labelTh: 'แผนปฏิบัติการป้องกันการทุจริต', labelEn: 'Anti-corruption action plan', fiscalYearOffset: 0 },
  six_month: {
    th: 'รายงานการกำกับติดตามรอบ ๖ เดือน',
    en: 'The six-month monitoring report',
    labelTh: 'รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ ๖ เดือน',
    labelEn: 'Six-month monitoring report on anti-corruption implementation',
    fiscalYearOffset: 0,
  },
  annual: {
    th: 'รายงานผลการดำเนินการประจำปี',
    en: 'The annual result report',
    labelTh: 'รายงานผลการดำเนินการป้องกันการทุจริตประจำปี',
    labelEn: 'Annual report on anti-corruption implementation results',
    fiscalYearOffset: -1,
  },
};

function itaScope(view: WebView, row: ItaDocumentRow): string {
  if (row.organizationId !== null) return t(view, 'ของหน่วยงานนี้', "this organisation's own");
  if (row.agencyGroup !== null) return t(view, `ของกลุ่ม${ORGANIZATION_KIND_NAMES[row.agencyGroup].th}`, `for ${ORGANIZATION_KIND_NAMES[row.agencyGroup].en}s`);
  return t(view, 'ค่าเริ่มต้นทุกหน่วยงาน', 'default for everyone');
}

/**
 * The ITA O-code map of one ITA year: for each document kind, the rows that reach this organisation (the first
 * applies) and a form to set its own number, label and fiscal year; its own row can be removed again.
 */
export function itaMapPage(
  view: WebView,
  data: { itaYear: number; years: number[]; agencyGroup: OrganizationKind | null; rows: ItaDocumentRow[]; notice?: AdminNotice },
): string {
  const year = String(data.itaYear);
  const section = (kind: ItaDocumentKind): Html => {
    const rows = data.rows.filter((r) => r.documentKind === kind);
    const applying = rows[0];
    const own = rows.find((r) => r.organizationId !== null);
    const defaults = ITA_ROW_DEFAULTS[kind];
    const value = applying ?? { oCode: '', labelTh: defaults.labelTh, labelEn: defaults.labelEn, fiscalYearOffset: defaults.fiscalYearOffset, confirmed: false };
    const id = `ita-${kind}`;
    return html`<section aria-labelledby="${id}"><h2 id="${id}">${t(view, defaults.th, defaults.en)}</h2>
${
  rows.length
    ? html`<div class="scroll"><table class="data"><thead><tr><th scope="col">${t(view, 'ข้อ', 'Item')}</th><th scope="col">${t(view, 'ชื่อตัวชี้วัด', 'Indicator')}</th><th scope="col">${t(
        view,
        'ปีงบประมาณของเอกสาร',
        'Fiscal year covered',
      )}</th><th scope="col">${t(view, 'ที่มา', 'Source')}</th><th scope="col">${t(view, 'ใช้อยู่', 'In use')}</th></tr></thead><tbody>${rows.map(
        (r, i) => html`<tr><th scope="row">${r.oCode}${r.confirmed ? '' : html` <span class="small muted">${t(view, '(ยังไม่ยืนยัน)', '(not confirmed)')}</span>`}</th>
<td>${t(view, r.labelTh, r.labelEn)}</td><td>${String(data.itaYear + r.fiscalYearOffset)}</td><td>${itaScope(view, r)}</td><td>${i === 0 ? t(view, 'ใช้ข้อนี้', 'applies') : '-'}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>${t(view, 'ปีนี้ยังไม่มีเลขข้อสำหรับเอกสารนี้', 'No item number for this document in this year yet.')}</p>`
}
<form method="post" action="/admin/ita">${csrfField(view)}<input type="hidden" name="itaYear" value="${year}"><input type="hidden" name="documentKind" value="${kind}">
${input(view, { id: `${id}-oCode`, name: 'oCode', th: 'เลขข้อ', en: 'Item number', value: value.oCode, required: true, hintTh: 'เช่น O36', hintEn: 'for example O36', attrs: html` pattern="[Oo][0-9]{1,3}" autocomplete="off"` })}
<div class="field"><label for="${id}-offset">${t(view, 'ปีงบประมาณของเอกสาร', 'Fiscal year covered')}</label>
<select id="${id}-offset" name="fiscalYearOffset"><option value="0"${value.fiscalYearOffset === 0 ? html` selected` : ''}>${t(view, `ปีเดียวกัน (${year})`, `the same year (${year})`)}</option><option value="-1"${
      value.fiscalYearOffset === -1 ? html` selected` : ''
    }>${t(view, `ปีก่อน (${String(data.itaYear - 1)})`, `the year before (${String(data.itaYear - 1)})`)}</option></select></div>
${input(view, { id: `${id}-labelTh`, name: 'labelTh', th: 'ชื่อตัวชี้วัด (ภาษาไทย)', en: 'Indicator (Thai)', value: value.labelTh, required: true })}
${input(view, { id: `${id}-labelEn`, name: 'labelEn', th: 'ชื่อตัวชี้วัด (ภาษาอังกฤษ)', en: 'Indicator (English)', value: value.labelEn, required: true })}
${checkbox(view, `${id}-confirmed`, 'confirmed', 'ยืนยันเลขข้อจากคู่มือการประเมินของปีนี้แล้ว', "Checked against this year's assessment manual", own?.confirmed ?? false)}
<div class="actions"><button type="submit">${t(view, 'บันทึกเลขข้อของหน่วยงาน', "Save this organisation's number")}</button></div></form>
${
  own
    ? html`<form method="post" action="/admin/ita/delete">${csrfField(view)}<input type="hidden" name="itaYear" value="${year}"><input type="hidden" name="documentKind" value="${kind}">
<div class="actions"><button type="submit" class="secondary">${t(view, 'เลิกใช้เลขข้อของหน่วยงาน (กลับไปใช้ค่าเริ่มต้น)', "Remove this organisation's number (the default applies again)")}</button></div></form>`
    : ''
}</section>`;
  };
  return adminPage(
    view,
    'ita',
    `ผู้ดูแลระบบ: เลขข้อ ITA ปี ${year}`,
    `Administration: ITA items, ${year}`,
    html`<section aria-labelledby="ita-year-title"><h2 id="ita-year-title">${t(view, 'ปีการประเมิน ITA', 'ITA year')}</h2>
<p>${t(
      view,
      `เลขข้อเปลี่ยนเกือบทุกปี กลุ่มหน่วยงาน: ${data.agencyGroup ? ORGANIZATION_KIND_NAMES[data.agencyGroup].th : 'ไม่ระบุ'} ชุดหลักฐาน ITA และหน้าสาธารณะใช้เลขข้อของหน่วยงานก่อน แล้วจึงใช้ของกลุ่มและค่าเริ่มต้น`,
      `The numbers change almost every year. Agency group: ${data.agencyGroup ? ORGANIZATION_KIND_NAMES[data.agencyGroup].en : 'not set'}. The ITA evidence pack and the public page use this organisation's own number first, then its group's, then the default.`,
    )}</p>
<form method="get" action="/admin/ita" class="filters">
<div class="field"><label for="itaYear">${t(view, 'ปีการประเมิน (พ.ศ.)', 'ITA year (BE)')}</label>
<input type="number" id="itaYear" name="year" min="2560" max="2700" value="${year}" list="ita-years"><datalist id="ita-years">${data.years.map((y) => html`<option value="${String(y)}"></option>`)}</datalist></div>
<div class="field"><button type="submit" class="secondary">${t(view, 'แสดง', 'Show')}</button></div></form>
<p><a href="/dashboard/ita?year=${year}">${t(view, 'ดูชุดหลักฐาน ITA ของปีนี้', "This year's ITA evidence pack")}</a></p></section>
${ITA_DOCUMENT_KINDS.map(section)}`,
    data.notice,
  );
}
