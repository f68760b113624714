import type { OversightOfficeListRow } from '../../../db/queries/oversight';
import { OVERSIGHT_COLUMNS, REPORT_STANDING_LABELS, type ReportStanding } from '../../../domain/oversight';
import { formatNumber } from '../../../domain/thai-format';
import type { OversightReport, OversightView } from '../../../services/oversight';
import { html, type Html } from '../layout';
import { csrfField, formatDay, formatMoney, messageBox, t, webPage, type WebView } from './frame';

/**
 * The oversight office's page (/oversight): the organisations of its area that share with it, one row each, for a
 * chosen fiscal year and e-PlanNACC round, and the XLSX of the same table. Each organisation links to its public
 * page only. Also the platform administrator's section on offices and officers, and the organisation
 * administrator's sharing form.
 */

const col = (view: WebView, key: keyof typeof OVERSIGHT_COLUMNS) => t(view, OVERSIGHT_COLUMNS[key].th, OVERSIGHT_COLUMNS[key].en);

function percent(view: WebView, value: number | null): string {
  return value === null ? t(view, 'ไม่มีข้อมูล', 'n/a') : `${formatNumber(value, { decimals: 2 })}%`;
}

function reportCell(view: WebView, report: OversightReport): Html {
  const label = REPORT_STANDING_LABELS[report.standing];
  const warn: ReportStanding[] = ['published_late', 'overdue'];
  return html`<td><span class="badge${warn.includes(report.standing) ? ' st-overdue' : ''}" data-standing="${report.standing}">${t(view, label.th, label.en)}</span>
<div class="small muted">${
    report.firstPublishedAt
      ? html`${t(view, 'เผยแพร่', 'published')} ${formatDay(view, report.firstPublishedAt)}`
      : html`${t(view, 'กำหนด', 'due')} ${formatDay(view, report.deadline)}`
  }</div></td>`;
}

export function oversightPage(view: WebView, data: OversightView): string {
  const query = `fy=${data.fiscalYear}&round=${data.round}`;
  const years = [data.fiscalYear - 1, data.fiscalYear, data.fiscalYear + 1];
  const office = data.office;
  const area =
    office.level === 'province'
      ? t(view, `จังหวัด${office.province}`, `${office.province} province`)
      : t(view, `อำเภอ${office.district ?? ''} จังหวัด${office.province}`, `${office.district ?? ''} district, ${office.province}`);
  const rows = data.rows.map(
    (row) => html`<tr data-org="${row.slug}">
<th scope="row">${row.name}<div class="small"><a href="${row.publicPath}">${t(view, 'หน้าเผยแพร่ข้อมูลสาธารณะ', 'public page')}</a></div></th>
<td>${row.district}</td>
<td class="num">${row.hasPlan ? formatNumber(row.score.items) : t(view, 'ไม่มีแผนปีนี้', 'no plan this year')}</td>
<td class="num">${formatNumber(row.score.counts.done)}</td>
<td class="num">${formatNumber(row.score.counts.in_progress)}</td>
<td class="num">${formatNumber(row.score.counts.not_done)}</td>
<td class="num">${formatNumber(row.score.counts.not_reported)}</td>
<td class="num" data-score="${row.score.score === null ? '' : String(row.score.score)}">${percent(view, row.score.percent)}</td>
<td class="num">${formatMoney(view, row.budget.planned)}</td>
<td class="num">${formatMoney(view, row.budget.spent)}</td>
<td class="num">${percent(view, row.budget.percent)}</td>
${reportCell(view, row.reports.six_month)}
${reportCell(view, row.reports.annual)}
<td class="num" data-overdue="${String(row.overdueItemYears)}">${formatNumber(row.overdueItemYears)}</td>
</tr>`,
  );
  return webPage(view, {
    titleTh: `ภาพรวมองค์กรปกครองส่วนท้องถิ่น: ${office.name}`,
    titleEn: `Local governments: ${office.name}`,
    nav: 'oversight',
    wide: true,
    body: html`<p>${office.name} · ${area}</p>
<form method="get" action="/oversight" class="filters">
<div class="field"><label for="ov-fy">${t(view, 'ปีงบประมาณ', 'Fiscal year')}</label>
<select id="ov-fy" name="fy">${years.map((y) => html`<option value="${String(y)}"${y === data.fiscalYear ? html` selected` : ''}>${String(y)}</option>`)}</select></div>
<div class="field"><label for="ov-round">${t(view, 'รอบการรายงาน', 'Round')}</label>
<select id="ov-round" name="round"><option value="6"${data.round === 6 ? html` selected` : ''}>${t(view, 'รอบ 6 เดือน (ณ 31 มีนาคม)', '6-month round (31 March)')}</option><option value="12"${
      data.round === 12 ? html` selected` : ''
    }>${t(view, 'รอบ 12 เดือน (ณ 30 กันยายน)', '12-month round (30 September)')}</option></select></div>
<div class="field"><button type="submit">${t(view, 'แสดง', 'Show')}</button></div>
</form>
<p><a href="/oversight.xlsx?${query}">${t(view, 'ดาวน์โหลดตารางนี้ (Excel)', 'Download this table (Excel)')}</a></p>
${
  data.rows.length === 0
    ? messageBox('notice', t(view, 'ยังไม่มีองค์กรในพื้นที่ที่ยินยอมเปิดเผยข้อมูลต่อสำนักงาน', 'No organisation in the area shares with the office yet.'))
    : html`<div class="scroll"><table class="data"><caption>${t(
        view,
        `ปีงบประมาณ ${data.fiscalYear} รอบ ${data.round} เดือน ข้อมูล ณ ${formatDay(view, data.cutoff)} (${data.rows.length} องค์กร)`,
        `Fiscal year ${data.fiscalYear}, ${data.round}-month round, as of ${formatDay(view, data.cutoff)} (${data.rows.length} organisations)`,
      )}</caption>
<thead><tr>${(['organization', 'district', 'items', 'done', 'inProgress', 'notDone', 'notReported', 'score', 'planned', 'spent', 'disbursed', 'sixMonth', 'annual', 'overdue'] as const).map(
        (key) => html`<th scope="col">${col(view, key)}</th>`,
      )}</tr></thead>
<tbody>${rows}</tbody></table></div>`
}
<p class="small muted">${t(
      view,
      `คะแนนการดำเนินงานตามสูตรของระบบ e-PlanNACC: (แล้วเสร็จ × 1 + อยู่ระหว่างดำเนินการ × 0.5) ÷ จำนวนรายการ รายงานถือว่าเผยแพร่ตรงเวลาเมื่อฉบับแรกเผยแพร่ภายใน ${data.graceDays} วันนับจากวันจัดทำรายงานที่องค์กรกำหนด รายการที่เลยกำหนดนับ ณ ขณะนี้`,
      `Implementation score as e-PlanNACC computes it: (done × 1 + in progress × 0.5) ÷ items. A report is on time when its first version is published within ${data.graceDays} days of the organisation's report date. Overdue items are counted as of now.`,
    )}</p>`,
  });
}

// The platform administrator's section ---------------------------------------------------------------------------

export function oversightOfficesSection(view: WebView, offices: OversightOfficeListRow[]): Html {
  return html`<section aria-labelledby="offices-title"><h2 id="offices-title">${t(
    view,
    `สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดและอำเภอ (${offices.length})`,
    `Province and district offices (${offices.length})`,
  )}</h2>
<ul class="cards">${offices.map(
    (o) => html`<li><div class="card-title">${o.name}</div>
<div class="meta small"><span>${o.level === 'province' ? t(view, `ระดับจังหวัด: ${o.province}`, `province: ${o.province}`) : t(view, `ระดับอำเภอ: ${o.district ?? ''} จังหวัด${o.province}`, `district: ${o.district ?? ''}, ${o.province}`)}</span></div>
<div class="meta small">${
      o.officers.length
        ? o.officers.map((p) => html`<span>${t(view, 'เจ้าหน้าที่', 'officer')}: ${p.fullName}${p.email ? ` <${p.email}>` : ''}</span>`)
        : html`<span>${t(view, 'ยังไม่มีเจ้าหน้าที่', 'no officer yet')}</span>`
    }</div>
<details><summary>${t(view, 'เชิญเจ้าหน้าที่เพิ่ม', 'Invite another officer')}</summary>
<form method="post" action="/platform/oversight-offices/${String(o.id)}/officers">${csrfField(view)}
<div class="field"><label for="off-name-${String(o.id)}">${t(view, 'ชื่อ-นามสกุล', 'Full name')}</label><input type="text" id="off-name-${String(o.id)}" name="officerName" required></div>
<div class="field"><label for="off-email-${String(o.id)}">${t(view, 'อีเมล', 'E-mail')}</label><input type="email" id="off-email-${String(o.id)}" name="officerEmail" required></div>
<div class="actions"><button type="submit" class="secondary">${t(view, 'ส่งคำเชิญ', 'Send the invitation')}</button></div></form></details></li>`,
  )}</ul>
<h3>${t(view, 'สร้างสำนักงานและเชิญเจ้าหน้าที่', 'Create an office and invite its officer')}</h3>
<form method="post" action="/platform/oversight-offices">${csrfField(view)}
<div class="field"><label for="office-level">${t(view, 'ระดับ', 'Level')}</label>
<select id="office-level" name="level"><option value="province">${t(view, 'จังหวัด (สถ.จ.)', 'Province office')}</option><option value="district">${t(view, 'อำเภอ (สถ.อ.)', 'District office')}</option></select></div>
<div class="field"><label for="office-name">${t(view, 'ชื่อสำนักงาน', 'Office name')}</label><input type="text" id="office-name" name="name" required></div>
<div class="field"><label for="office-province">${t(view, 'จังหวัด', 'Province')}</label><input type="text" id="office-province" name="province" required></div>
<div class="field"><label for="office-district">${t(view, 'อำเภอ (เฉพาะระดับอำเภอ)', 'District (district offices only)')}</label><input type="text" id="office-district" name="district"></div>
<div class="field"><label for="office-officer-name">${t(view, 'ชื่อเจ้าหน้าที่', 'Officer’s full name')}</label><input type="text" id="office-officer-name" name="officerName" required></div>
<div class="field"><label for="office-officer-email">${t(view, 'อีเมลเจ้าหน้าที่', 'Officer’s e-mail')}</label><input type="email" id="office-officer-email" name="officerEmail" required></div>
<div class="actions"><button type="submit">${t(view, 'สร้างสำนักงานและส่งคำเชิญ', 'Create and send the invitation')}</button></div></form></section>`;
}

// The organisation administrator's sharing form -----------------------------------------------------------------

export function sharingSection(view: WebView, share: { sharedAt: Date; sharedByName: string } | undefined, place: { province: string; district: string }): Html {
  return html`<section aria-labelledby="sharing-title"><h2 id="sharing-title">${t(view, 'การเปิดเผยข้อมูลต่อสำนักงานส่งเสริมการปกครองท้องถิ่น', 'Sharing with the province and district offices')}</h2>
<p>${t(
    view,
    `เมื่อยินยอม สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด${place.province}และอำเภอ${place.district} จะเห็นคะแนนการดำเนินงาน งบประมาณตามแผนและที่เบิกจ่าย สถานะการเผยแพร่รายงาน และจำนวนรายการที่เลยกำหนด ขององค์กรนี้ และลิงก์ไปยังหน้าเผยแพร่ข้อมูลสาธารณะ ไม่เห็นบุคลากร รายละเอียดรายการ หรือเอกสารภายใน ยกเลิกได้ทุกเมื่อ`,
    `When shared, the offices of ${place.province} province and ${place.district} district see this organisation's implementation score, budget planned and spent, report publication and overdue item counts, and a link to its public page; never its people, item details or internal documents. You can stop sharing at any time.`,
  )}</p>
${
  share
    ? html`${messageBox('done', t(view, `เปิดเผยข้อมูลแล้ว โดย ${share.sharedByName} เมื่อ ${formatDay(view, share.sharedAt)}`, `Shared by ${share.sharedByName} on ${formatDay(view, share.sharedAt)}.`), 'status')}
<form method="post" action="/admin/oversight">${csrfField(view)}<input type="hidden" name="share" value="no">
<div class="actions"><button type="submit" class="secondary">${t(view, 'ยกเลิกการเปิดเผยข้อมูล', 'Stop sharing')}</button></div></form>`
    : html`<form method="post" action="/admin/oversight">${csrfField(view)}<input type="hidden" name="share" value="yes">
<div class="actions"><button type="submit">${t(view, 'ยินยอมเปิดเผยข้อมูลต่อสำนักงาน', 'Share with the offices')}</button></div></form>`
}</section>`;
}
