import { randomUUID } from 'node:crypto';
import { PROGRESS_STATUSES } from '../../../domain/item-status';
import { EVIDENCE_TYPES, MAX_EVIDENCE_FILES } from '../../../services/evidence';
import type { EarlierYearsView } from '../../../services/earlier-years';
import type { GoLiveItem, GoLiveOverview } from '../../../services/go-live';
import { PHASE_LABELS, STATUS_LABELS } from '../labels';
import { html, type Html } from '../layout';
import { csrfField, formatDay, formatMoney, messageBox, t, webPage, type WebView } from './frame';
import { label } from './labels';

/**
 * The coordinator's go-live page: start the running fiscal year when nothing runs yet, then record item by item what
 * already happened on paper (บันทึกย้อนหลัง). Thai first; English where the reader chose it.
 */

export interface GoLiveNotice {
  kind: 'done' | 'error';
  th: string;
  en: string;
}

/** A refused form for one item: what was typed, and every problem the service named. */
export interface GoLiveFormError {
  itemCode: string;
  values: Record<string, string>;
  problems: Array<{ th: string; en: string }>;
}

function field(view: WebView, o: { id: string; name: string; th: string; en: string; type?: string; value?: string; hintTh?: string; hintEn?: string }): Html {
  return html`<div class="field"><label for="${o.id}">${t(view, o.th, o.en)}</label>
<input type="${o.type ?? 'text'}" id="${o.id}" name="${o.name}" value="${o.value ?? ''}"${o.hintTh ? html` aria-describedby="${o.id}-hint"` : ''}>
${o.hintTh ? html`<p class="hint" id="${o.id}-hint">${t(view, o.hintTh, o.hintEn ?? o.hintTh)}</p>` : ''}</div>`;
}

/** The id a form field of an item gets on the page: codes have dots, ids had better not. */
const idOf = (code: string, name: string) => `gl-${code.replace(/\./g, '-')}-${name}`;

function itemForm(view: WebView, item: GoLiveItem, error?: GoLiveFormError): Html {
  const { itemYear, view: facts } = item;
  const code = itemYear.itemCode;
  const values = error?.values ?? {};
  const v = (name: string) => values[name] ?? '';
  const phase = facts.state.phase;
  const askApproval = facts.needsApproval && phase === 'proposal';
  const askCommittee = facts.needsCommittee && (phase === 'proposal' || phase === 'committee');
  const openSteps = itemYear.state.steps.filter((s) => s.status === 'pending');
  return html`<form method="post" action="/golive/items/${code}" enctype="multipart/form-data">${csrfField(view)}<input type="hidden" name="requestId" value="${randomUUID()}">
${error ? html`<section class="error" role="alert"><p>${t(view, 'ยังไม่ได้บันทึก กรุณาแก้ไข (ไฟล์ที่แนบไว้ต้องเลือกใหม่):', 'Nothing was recorded. Please correct (choose any files again):')}</p><ul>${error.problems.map(
    (p) => html`<li>${p.th}<br><span lang="en" class="small">${p.en}</span></li>`,
  )}</ul></section>` : ''}
${askApproval ? html`<fieldset><legend>${t(view, 'การอนุมัติโครงการ (ถ้าอนุมัติแล้ว)', 'Project approval (if already approved)')}</legend>
${field(view, { id: idOf(code, 'approvalDate'), name: 'approvalDate', th: 'วันที่อนุมัติ', en: 'Approved on', type: 'date', value: v('approvalDate') })}
${field(view, { id: idOf(code, 'approvalDocument'), name: 'approvalDocument', th: 'เลขที่หนังสือ', en: 'Letter number', value: v('approvalDocument'), hintTh: 'เช่น กท 73601/0456', hintEn: 'e.g. กท 73601/0456' })}
</fieldset>` : ''}
${askCommittee ? html`<fieldset><legend>${t(view, 'คำสั่งแต่งตั้งคณะกรรมการ (ถ้าลงนามแล้ว)', 'Committee order (if already signed)')}</legend>
${field(view, { id: idOf(code, 'committeeNumber'), name: 'committeeNumber', th: 'เลขที่คำสั่ง', en: 'Order number', value: v('committeeNumber'), hintTh: 'เช่น 112/2569', hintEn: 'e.g. 112/2569' })}
${field(view, { id: idOf(code, 'committeeDate'), name: 'committeeDate', th: 'ลงวันที่', en: 'Dated', type: 'date', value: v('committeeDate') })}
</fieldset>` : ''}
${openSteps.length ? html`<fieldset><legend>${t(view, 'ขั้นตอนที่ดำเนินการเสร็จแล้ว', 'Steps already done')}</legend>
${openSteps.map(
  (s) => html`<div class="field check"><input type="checkbox" id="${idOf(code, `done-${s.key}`)}" name="done-${s.key}" value="yes"${values[`done-${s.key}`] === 'yes' ? html` checked` : ''}>
<label for="${idOf(code, `done-${s.key}`)}">${s.text} <span class="small muted">(${s.key} · ${t(view, 'กำหนด', 'due')} ${formatDay(view, s.dueAtMs)})</span></label>
<div class="grid">${field(view, { id: idOf(code, `date-${s.key}`), name: `date-${s.key}`, th: 'วันที่เสร็จ', en: 'Done on', type: 'date', value: v(`date-${s.key}`) })}
${field(view, { id: idOf(code, `evidence-${s.key}`), name: `evidence-${s.key}`, th: 'หลักฐาน (หมายเหตุสั้น ๆ)', en: 'Evidence (a short note)', value: v(`evidence-${s.key}`) })}
<div class="field"><label for="${idOf(code, `file-${s.key}`)}">${t(view, `ไฟล์หลักฐาน (รูปภาพ PDF Word Excel ไม่เกิน ${MAX_EVIDENCE_FILES} ไฟล์ ไฟล์ละ 10 MB)`, `Evidence files (photos, PDF, Word, Excel; up to ${MAX_EVIDENCE_FILES}, 10 MB each)`)}</label>
<input type="file" id="${idOf(code, `file-${s.key}`)}" name="file-${s.key}" multiple accept="${Object.keys(EVIDENCE_TYPES).join(',')}"></div></div></div>`,
)}</fieldset>` : ''}
${itemYear.budgetPlanned !== null ? field(view, {
    id: idOf(code, 'budgetSpent'),
    name: 'budgetSpent',
    th: `งบประมาณที่ใช้จ่ายไปแล้ว (บาท จากที่ตั้งไว้ ${formatMoney(view, itemYear.budgetPlanned)})`,
    en: `Budget spent so far (baht, of ${formatMoney(view, itemYear.budgetPlanned)})`,
    type: 'text',
    value: v('budgetSpent'),
  }) : ''}
<div class="actions"><button type="submit">${t(view, `บันทึกย้อนหลังรายการ ${code}`, `Record item ${code} after the fact`)}</button></div>
</form>`;
}

function recordedSummary(view: WebView, item: GoLiveItem): Html {
  const record = item.itemYear.state.afterTheFact;
  if (!record) return html`<p>${t(view, item.closed!.th, item.closed!.en)}</p>`;
  const steps = item.itemYear.state.steps.filter((s) => s.recordedAfterTheFact);
  return html`<ul>
<li>${t(view, 'บันทึกย้อนหลังโดย', 'Recorded after the fact by')} ${record.recordedByName ?? `#${record.recordedBy}`} ${t(view, 'เมื่อ', 'on')} ${formatDay(view, record.recordedAtMs)}</li>
${record.approval ? html`<li>${t(view, 'อนุมัติโครงการ', 'Project approved')} ${formatDay(view, record.approval.date)} ${t(view, 'หนังสือเลขที่', 'letter no.')} ${record.approval.documentNumber}</li>` : ''}
${record.committee ? html`<li>${t(view, 'คำสั่งแต่งตั้งคณะกรรมการ เลขที่', 'Committee order no.')} ${record.committee.orderNumber} ${t(view, 'ลงวันที่', 'of')} ${formatDay(view, record.committee.orderDate)}</li>` : ''}
${steps.map((s) => html`<li>${s.text}: ${t(view, 'เสร็จ', 'done')} ${formatDay(view, s.completedAtMs ?? 0)}${s.notes ? html` · ${s.notes}` : ''}</li>`)}
</ul>`;
}

function itemBlock(view: WebView, item: GoLiveItem, error?: GoLiveFormError): Html {
  const { itemYear } = item;
  const recorded = itemYear.state.afterTheFact !== undefined;
  const badge = recorded
    ? html`<span class="badge st-done">${t(view, 'บันทึกย้อนหลังแล้ว', 'Recorded')}</span>`
    : item.closed
      ? html`<span class="badge st-in_progress">${t(view, 'ดำเนินการในระบบแล้ว', 'Moving in the system')}</span>`
      : html`<span class="badge st-not_started">${t(view, 'ยังไม่บันทึก', 'Not recorded yet')}</span>`;
  return html`<li id="item-${itemYear.itemCode}"><details${error?.itemCode === itemYear.itemCode ? html` open` : ''}>
<summary>${itemYear.itemCode} ${itemYear.itemName} ${badge} <span class="small muted">${label(view, PHASE_LABELS, itemYear.phase)}</span></summary>
${item.closed ? recordedSummary(view, item) : itemForm(view, item, error?.itemCode === itemYear.itemCode ? error : undefined)}
<p class="small"><a href="/items/${itemYear.itemCode}/years/${String(itemYear.fiscalYear)}">${t(view, 'เปิดหน้ารายการ', 'Open the item page')}</a></p>
</details></li>`;
}

function startSection(view: WebView, overview: GoLiveOverview): Html {
  if (!overview.plan) {
    return messageBox(
      'warning',
      html`${t(view, `ยังไม่มีแผนที่ครอบคลุมปีงบประมาณ ${overview.fiscalYear} กรุณานำเข้าแผนก่อน`, `No plan covers fiscal year ${overview.fiscalYear} yet: import the plan first.`)} <a href="/plans/import">${t(view, 'นำเข้าแผนจากไฟล์', 'Import a plan from a file')}</a>`,
    );
  }
  if (overview.plan.approvalStatus !== null && overview.plan.approvalStatus !== 'approved') {
    return messageBox('warning', t(view, 'แผนฉบับปัจจุบันยังไม่ได้รับอนุมัติจากนายก จึงยังเริ่มใช้งานไม่ได้', 'The current plan version is not approved by the chief executive yet.'));
  }
  return html`<section aria-labelledby="start-title"><h2 id="start-title">${t(view, `เริ่มปีงบประมาณ ${overview.fiscalYear} ในระบบ`, `Start fiscal year ${overview.fiscalYear} in the system`)}</h2>
<p>${t(
    view,
    `แผน "${overview.plan.title}" ยังไม่มีรายการที่ดำเนินอยู่ในปีงบประมาณนี้ เมื่อกดเริ่ม ทุกรายการจะเริ่มที่ขั้นตอนแรก แล้วจึงบันทึกย้อนหลังทีละรายการว่าอะไรอนุมัติหรือทำเสร็จไปแล้ว ${
      overview.graceDays
        ? `ขั้นตอนที่เลยกำหนดไปก่อนเริ่มใช้ระบบจะยังไม่มีการแจ้งเตือนเลยกำหนดหรือแจ้งผู้บังคับบัญชาภายใน ${overview.graceDays} วันหลังเริ่ม (ช่วงผ่อนผันที่หน่วยงานตั้งไว้) จึงควรบันทึกให้ครบภายในช่วงนั้น`
        : 'หน่วยงานไม่ได้ตั้งช่วงผ่อนผัน ขั้นตอนที่เลยกำหนดไปก่อนเริ่มใช้ระบบจะได้รับการแจ้งเตือนเลยกำหนดทันที'
    }`,
    `The plan "${overview.plan.title}" has no item running this fiscal year. Starting puts every item at its first stage; then record, item by item, what was already approved or done. ${
      overview.graceDays
        ? `Steps whose due dates passed before go-live get no overdue reminder and no escalation for ${overview.graceDays} days after the start (the organisation's grace), so record them within that time.`
        : 'The organisation has set no grace: steps whose due dates passed before go-live are chased at once.'
    }`,
  )}</p>
<form method="post" action="/golive/start">${csrfField(view)}<div class="actions"><button type="submit">${t(view, 'เริ่มใช้งานปีงบประมาณนี้', 'Go live for this fiscal year')}</button></div></form></section>`;
}

/**
 * The items nothing is recorded for yet, each with how many of its deadlines had passed before go-live: those are
 * not chased until the grace ends, so this list, not a burst of reminders, is how the coordinator finds them.
 */
function nothingRecordedSection(view: WebView, overview: GoLiveOverview): Html {
  const pending = overview.items.filter((i) => !i.closed && i.followUp.nothingRecorded);
  if (!pending.length) {
    return messageBox('done', t(view, 'ทุกรายการมีการบันทึกแล้ว', 'Something is recorded for every item.'), 'status');
  }
  const late = pending.filter((i) => i.followUp.dueBeforeStartMs.length > 0).length;
  const until = overview.graceEndsAtMs === undefined ? '' : formatDay(view, overview.graceEndsAtMs);
  return html`<section aria-labelledby="unrecorded-title"><h2 id="unrecorded-title">${t(view, `ยังไม่มีการบันทึก ${pending.length} รายการ`, `${pending.length} items with nothing recorded`)}</h2>
<p>${
    overview.graceDays
      ? t(
          view,
          `${late} รายการมีกำหนดที่เลยไปแล้วก่อนเริ่มใช้ระบบ ระบบจะไม่ส่งแจ้งเตือนเลยกำหนดหรือแจ้งผู้บังคับบัญชาสำหรับกำหนดเหล่านั้นจนถึง ${until} (ช่วงผ่อนผันของหน่วยงาน ${overview.graceDays} วันหลังเริ่มใช้งาน) หลังจากนั้นจะแจ้งเตือนตามรอบปกติ`,
          `${late} of them have deadlines that passed before go-live. Those get no overdue reminder and no escalation until ${until} (the organisation's grace, ${overview.graceDays} days after the start); after that, reminders follow the usual schedule.`,
        )
      : t(
          view,
          `${late} รายการมีกำหนดที่เลยไปแล้วก่อนเริ่มใช้ระบบ หน่วยงานไม่ได้ตั้งช่วงผ่อนผัน จึงแจ้งเตือนเลยกำหนดตามรอบปกติตั้งแต่เริ่ม`,
          `${late} of them have deadlines that passed before go-live. The organisation has set no grace, so those are reminded on the usual schedule from the start.`,
        )
  }</p>
<ul>${pending.map((i) => {
    const due = i.followUp.dueBeforeStartMs;
    return html`<li><a href="#item-${i.itemYear.itemCode}">${i.itemYear.itemCode} ${i.itemYear.itemName}</a>${due.length
      ? html` <span class="small muted">${t(view, `เลยกำหนดก่อนเริ่ม ${due.length} รายการ ตั้งแต่ ${formatDay(view, due[0]!)}`, `${due.length} deadlines passed before the start, the first on ${formatDay(view, due[0]!)}`)}</span>`
      : ''}</li>`;
  })}</ul></section>`;
}

export function goLivePage(view: WebView, overview: GoLiveOverview, options: { notice?: GoLiveNotice; error?: GoLiveFormError } = {}): string {
  const open = overview.items.filter((i) => !i.closed).length;
  const recorded = overview.items.filter((i) => i.itemYear.state.afterTheFact !== undefined).length;
  const body = html`<p>${t(
    view,
    'บันทึกสิ่งที่ดำเนินการไปแล้วก่อนเริ่มใช้ระบบ (อนุมัติโครงการ คำสั่งแต่งตั้งคณะกรรมการ ขั้นตอนที่เสร็จ งบประมาณที่ใช้จ่าย) ระบบจะไม่ส่งเรื่องให้พิจารณาซ้ำ และบันทึกตรวจสอบระบุว่าเป็นการบันทึกย้อนหลังโดยท่าน พร้อมวันที่จริง',
    'Record what was done before the system was used (project approvals, committee orders, steps done, money spent). Nobody is asked to decide again, and the audit log says it was recorded after the fact, by you, with the original dates.',
  )}</p>
<p><a href="/golive/earlier-years">${t(view, 'ผลการดำเนินงานปีงบประมาณก่อน ๆ (จากรายงานฉบับเดิม)', 'Results of earlier fiscal years (from the old reports)')}</a></p>
${options.notice ? messageBox(options.notice.kind, t(view, options.notice.th, options.notice.en), options.notice.kind === 'error' ? 'alert' : 'status') : ''}
${overview.started
    ? html`<p>${t(view, `${overview.items.length} รายการ · บันทึกย้อนหลังแล้ว ${recorded} · ยังบันทึกได้ ${open}`, `${overview.items.length} items · ${recorded} recorded · ${open} still open`)}</p>
${nothingRecordedSection(view, overview)}
<ul class="cards">${overview.items.map((item) => itemBlock(view, item, options.error))}</ul>`
    : startSection(view, overview)}`;
  return webPage(view, { titleTh: `เริ่มใช้งานระหว่างปีงบประมาณ ${overview.fiscalYear}`, titleEn: `Going live during fiscal year ${overview.fiscalYear}`, body, nav: 'golive' });
}

/** The year's old report as a file (the signed PDF): what is attached, and the form to attach or replace it. */
function oldReportSection(view: WebView, data: EarlierYearsView, fiscalYear: number): Html {
  const report = data.report;
  return html`<section aria-labelledby="old-report-title"><h2 id="old-report-title">${t(view, `รายงานฉบับเดิมของปีงบประมาณ ${fiscalYear}`, `The old report of fiscal year ${fiscalYear}`)}</h2>
<p>${report
    ? t(view, `แนบแล้ว: ${report.fileName} (แนบโดย ${report.uploadedByName} เมื่อ ${formatDay(view, report.uploadedAt)}) ชุดหลักฐาน ITA รวมไฟล์นี้ไว้กับรายงานที่รวบรวมจากผลที่บันทึก`, `Attached: ${report.fileName} (by ${report.uploadedByName} on ${formatDay(view, report.uploadedAt)}). The ITA pack carries it beside the report compiled from the results entered.`)
    : t(view, 'ยังไม่ได้แนบ แนบไฟล์รายงานที่นายกลงนามและเผยแพร่แล้ว (PDF สแกน หรือ Word) เพื่อให้ชุดหลักฐาน ITA มีฉบับจริง', 'Not attached yet: attach the report as signed and published (PDF, a scan or Word) so that the ITA pack has the original.')}</p>
<form method="post" action="/golive/earlier-years/${String(fiscalYear)}/report" enctype="multipart/form-data">${csrfField(view)}
<div class="field"><label for="ey-old-report">${t(view, 'ไฟล์รายงาน (ไม่เกิน 10 MB)', 'Report file (up to 10 MB)')}</label>
<input type="file" id="ey-old-report" name="report" accept="${Object.keys(EVIDENCE_TYPES).join(',')}"></div>
<div class="actions"><button type="submit">${report ? t(view, 'แทนที่ไฟล์รายงาน', 'Replace the report file') : t(view, 'แนบรายงานฉบับเดิม', 'Attach the old report')}</button></div></form></section>`;
}

/** A refused table (what was typed) or old report (no values: the table shows what is stored), and the problems. */
export interface EarlierYearsFormError {
  values?: Record<string, string>;
  problems: Array<{ th: string; en: string }>;
}

/** The results of an earlier fiscal year, item by item, as the old report gave them. */
export function earlierYearsPage(view: WebView, data: EarlierYearsView, options: { notice?: GoLiveNotice; error?: EarlierYearsFormError } = {}): string {
  const values = options.error?.values;
  const valueOf = (name: string, stored: string) => (values ? (values[name] ?? '') : stored);
  const years = html`<ul class="subnav">${data.fiscalYears.map(
    (fy) => html`<li><a href="/golive/earlier-years?fy=${String(fy)}"${fy === data.fiscalYear ? html` aria-current="page"` : ''}>${t(view, `ปีงบประมาณ ${fy}`, `FY ${fy}`)}</a></li>`,
  )}</ul>`;
  const table =
    data.fiscalYear === null
      ? messageBox('notice', t(view, 'แผนนี้เริ่มในปีงบประมาณปัจจุบัน จึงไม่มีปีก่อนให้บันทึก', 'The plan starts this fiscal year: there is no earlier year to enter.'))
      : html`<form method="post" action="/golive/earlier-years/${String(data.fiscalYear)}">${csrfField(view)}
<div class="scroll"><table class="data"><caption>${t(view, `ผลการดำเนินงานปีงบประมาณ ${data.fiscalYear}`, `Results of fiscal year ${data.fiscalYear}`)}</caption>
<thead><tr><th scope="col">${t(view, 'รายการ', 'Item')}</th><th scope="col">${t(view, 'สถานะ', 'Status')}</th><th scope="col">${t(view, 'งบประมาณที่ใช้จ่าย (บาท)', 'Budget spent (baht)')}</th><th scope="col">${t(view, 'ผลการดำเนินงานโดยย่อ', 'Result in short')}</th></tr></thead>
<tbody>${data.items.map((item) => {
          const status = valueOf(`status-${item.code}`, item.entry?.status ?? '');
          const id = (name: string) => `ey-${item.code.replace(/\./g, '-')}-${name}`;
          return html`<tr><th scope="row">${item.code} ${item.name}<br><span class="small muted">${t(view, 'งบประมาณ', 'budget')} ${formatMoney(view, item.budget)}</span></th>
<td><label class="small" for="${id('status')}">${t(view, 'สถานะ', 'Status')}</label><select id="${id('status')}" name="status-${item.code}"><option value="">${t(view, '— ยังไม่บันทึก —', '— not entered —')}</option>${PROGRESS_STATUSES.map(
            (s) => html`<option value="${s}"${s === status ? html` selected` : ''}>${t(view, STATUS_LABELS[s].th, STATUS_LABELS[s].en)}</option>`,
          )}</select></td>
<td><label class="small" for="${id('spent')}">${t(view, 'บาท', 'baht')}</label><input type="text" inputmode="decimal" id="${id('spent')}" name="spent-${item.code}" value="${valueOf(`spent-${item.code}`, item.entry?.budgetSpent == null ? '' : String(item.entry.budgetSpent))}"></td>
<td><label class="small" for="${id('result')}">${t(view, 'ผล', 'Result')}</label><input type="text" id="${id('result')}" name="result-${item.code}" value="${valueOf(`result-${item.code}`, item.entry?.resultText ?? '')}"></td></tr>`;
        })}</tbody></table></div>
<div class="actions"><button type="submit">${t(view, `บันทึกผลปีงบประมาณ ${data.fiscalYear}`, `Save fiscal year ${data.fiscalYear}`)}</button></div></form>`;
  const body = html`<p>${t(
    view,
    'บันทึกผลจากรายงานผลการดำเนินงานฉบับเดิมของแต่ละปี (สถานะ งบประมาณที่ใช้จ่าย ผลโดยย่อ) เพื่อให้รายงานประจำปีเปรียบเทียบกับปีก่อนได้ ทุกการบันทึกมีบันทึกตรวจสอบว่าเป็นการบันทึกย้อนหลังโดยท่าน',
    'Enter each year’s results from its old report (status, money spent, a short result), so that the annual report can compare with the year before. Every entry is audited as recorded after the fact, by you.',
  )}</p>
<p><a href="/golive">${t(view, 'กลับไปหน้าบันทึกย้อนหลังของปีนี้', 'Back to this year’s go-live page')}</a></p>
${years}
${options.notice ? messageBox(options.notice.kind, t(view, options.notice.th, options.notice.en), 'status') : ''}
${options.error ? html`<section class="error" role="alert"><p>${t(view, 'ยังไม่ได้บันทึก กรุณาแก้ไข:', 'Nothing was saved. Please correct:')}</p><ul>${options.error.problems.map(
    (p) => html`<li>${p.th}<br><span lang="en" class="small">${p.en}</span></li>`,
  )}</ul></section>` : ''}
${table}
${data.fiscalYear === null ? '' : oldReportSection(view, data, data.fiscalYear)}`;
  return webPage(view, { titleTh: 'ผลการดำเนินงานปีงบประมาณก่อน ๆ', titleEn: 'Results of earlier fiscal years', body, nav: 'golive', wide: true });
}
