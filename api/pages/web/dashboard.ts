import { formatNumber, formatPercent } from '../../../domain/thai-format';
import { ITEM_STATUSES, type ItemStatus } from '../../../domain/item-status';
import { percent, type Dashboard, type GroupSummary, type ItemStanding } from '../../routes/web/dashboard-data';
import { html, type Html } from '../layout';
import { dueCell, formatCount, formatMoney, statusBadge, t, webPage, type WebView } from './frame';
import { PHASE_LABELS, STATUS_LABELS } from '../labels';
import { label } from './labels';

/** The coordinator's dashboard: progress and budget per มิติ and ภารกิจ, charts drawn as inline SVG, the overdue list. */

export const STANDING_COLORS: Record<ItemStatus, string> = {
  done: '#2e7d32',
  in_progress: '#1f5aa6',
  not_started: '#8a96a3',
  overdue: '#c62828',
  cancelled: '#a35f00',
};

export function standingLabel(view: Pick<WebView, 'lang'>, standing: ItemStatus): string {
  return label(view, STATUS_LABELS, standing);
}

export interface DashboardPageData {
  fiscalYear: number;
  fiscalYears: number[];
  unitKey: string;
  units: Array<{ key: string; name: string }>;
  dashboard: Dashboard;
}

function dimensionTitle(view: WebView, group: GroupSummary): string {
  return `${t(view, 'มิติที่', 'Dimension')} ${group.key}${group.name ? ` ${group.name}` : ''}`;
}

function countsText(view: WebView, group: GroupSummary): string {
  return ITEM_STATUSES.filter((s) => group.counts[s] > 0)
    .map((s) => `${standingLabel(view, s)} ${formatCount(group.counts[s])}`)
    .join(', ');
}

function legend(view: WebView): Html {
  return html`<ul class="legend">${ITEM_STATUSES.map(
    (s) => html`<li><span class="swatch" style="background:${STANDING_COLORS[s]}"></span>${standingLabel(view, s)}</li>`,
  )}</ul>`;
}

/** One horizontal bar split by standing; the numbers are also written out beside it, so colour is never the only cue. */
function progressBar(view: WebView, group: GroupSummary): Html {
  let x = 0;
  const segments = ITEM_STATUSES.filter((s) => group.counts[s] > 0).map((s) => {
    const width = (group.counts[s] / group.total) * 100;
    const rect = html`<rect x="${x.toFixed(3)}" y="0" width="${width.toFixed(3)}" height="6" fill="${STANDING_COLORS[s]}"><title>${standingLabel(view, s)} ${formatCount(group.counts[s])}</title></rect>`;
    x += width;
    return rect;
  });
  return html`<svg viewBox="0 0 100 6" preserveAspectRatio="none" height="22" role="img" aria-label="${countsText(view, group)}">${segments}</svg>`;
}

function budgetBars(view: WebView, group: GroupSummary, max: number): Html {
  const width = (value: number) => (max === 0 ? 0 : (value / max) * 100).toFixed(3);
  return html`<svg viewBox="0 0 100 13" preserveAspectRatio="none" height="30" role="img" aria-label="${t(
    view,
    `ตามแผน ${formatMoney(view, group.budgetPlanned)} ใช้จ่ายแล้ว ${formatMoney(view, group.budgetSpent)}`,
    `planned ${formatMoney(view, group.budgetPlanned)}, spent ${formatMoney(view, group.budgetSpent)}`,
  )}">
<rect x="0" y="0" width="${width(group.budgetPlanned)}" height="6" fill="#7f9cc7"><title>${t(view, 'ตามแผน', 'Planned')}</title></rect>
<rect x="0" y="7" width="${width(group.budgetSpent)}" height="6" fill="#2e7d32"><title>${t(view, 'ใช้จ่ายแล้ว', 'Spent')}</title></rect>
</svg>`;
}

function progressChart(view: WebView, data: DashboardPageData): Html {
  return html`<section class="chart" aria-labelledby="progress-title">
<h2 id="progress-title">${t(view, 'ความก้าวหน้าตามมิติ', 'Progress by dimension')}</h2>
${legend(view)}
${data.dashboard.byDimension.map(
  (group) => html`<div class="field">
<div>${dimensionTitle(view, group)}</div>
${progressBar(view, group)}
<div class="small muted">${countsText(view, group)} · ${t(view, `ดำเนินการแล้ว ${formatPercent(percent(group.counts.done, group.total))}`, `${formatPercent(percent(group.counts.done, group.total))} done`)}</div>
</div>`,
)}
</section>`;
}

function budgetChart(view: WebView, data: DashboardPageData): Html {
  const max = Math.max(0, ...data.dashboard.byDimension.map((g) => Math.max(g.budgetPlanned, g.budgetSpent)));
  return html`<section class="chart" aria-labelledby="budget-title">
<h2 id="budget-title">${t(view, 'งบประมาณตามแผนเทียบกับที่ใช้จ่าย', 'Budget planned against spent')}</h2>
<ul class="legend"><li><span class="swatch" style="background:#7f9cc7"></span>${t(view, 'ตามแผน', 'Planned')}</li><li><span class="swatch" style="background:#2e7d32"></span>${t(
    view,
    'ใช้จ่ายแล้ว',
    'Spent',
  )}</li></ul>
${data.dashboard.byDimension.map(
  (group) => html`<div class="field">
<div>${dimensionTitle(view, group)}</div>
${budgetBars(view, group, max)}
<div class="small muted">${t(view, 'ตามแผน', 'Planned')} ${formatMoney(view, group.budgetPlanned)} · ${t(view, 'ใช้จ่ายแล้ว', 'Spent')} ${formatMoney(
    view,
    group.budgetSpent,
  )} (${formatPercent(percent(group.budgetSpent, group.budgetPlanned))})</div>
</div>`,
)}
</section>`;
}

function summaryTable(view: WebView, groups: GroupSummary[], total: GroupSummary, kind: 'dimension' | 'mission'): Html {
  const headCell = (th: string, en: string, num = true) => html`<th scope="col"${num ? html` class="num"` : ''}>${t(view, th, en)}</th>`;
  const rowOf = (group: GroupSummary, name: Html | string, isTotal = false) => html`<tr>
<th scope="row">${isTotal ? html`<strong>${name}</strong>` : name}</th>
<td class="num">${formatCount(group.total)}</td>
${ITEM_STATUSES.map((s) => html`<td class="num">${formatCount(group.counts[s])}</td>`)}
<td class="num">${formatPercent(percent(group.counts.done, group.total))}</td>
<td class="num">${formatNumber(group.budgetPlanned, { decimals: 2 })}</td>
<td class="num">${formatNumber(group.budgetSpent, { decimals: 2 })}</td>
<td class="num">${formatPercent(percent(group.budgetSpent, group.budgetPlanned))}</td>
</tr>`;
  return html`<div class="scroll"><table class="data">
<thead><tr>${headCell(kind === 'dimension' ? 'มิติ' : 'ภารกิจ', kind === 'dimension' ? 'Dimension' : 'Mission', false)}${headCell('รายการ', 'Items')}${ITEM_STATUSES.map(
    (s) => headCell(STATUS_LABELS[s].th, STATUS_LABELS[s].en),
  )}${headCell('ร้อยละที่ดำเนินการแล้ว', '% done')}${headCell('งบตามแผน (บาท)', 'Planned (baht)')}${headCell('ใช้จ่ายแล้ว (บาท)', 'Spent (baht)')}${headCell(
    'ร้อยละการเบิกจ่าย',
    '% spent',
  )}</tr></thead>
<tbody>${groups.map((g) => rowOf(g, kind === 'dimension' ? dimensionTitle(view, g) : `${g.key} ${g.name}`))}</tbody>
<tfoot>${rowOf(total, t(view, 'รวม', 'Total'), true)}</tfoot>
</table></div>`;
}

function overdueWho(view: WebView, item: ItemStanding): string {
  const late = item.late!;
  if (late.waitingOn === 'mayor') return t(view, 'รอนายกพิจารณา', 'waiting for the chief executive');
  if (late.waitingOn === 'palad') return t(view, 'รอปลัดพิจารณา', 'waiting for the permanent secretary');
  return item.row.ownerName ?? t(view, 'ยังไม่ได้มอบหมายผู้รับผิดชอบ', 'no owner assigned');
}

function overdueSection(view: WebView, data: DashboardPageData): Html {
  const items = data.dashboard.overdue;
  return html`<section class="${items.length ? 'error' : 'done'}" aria-labelledby="overdue-title">
<h2 id="overdue-title">${t(view, `รายการที่เลยกำหนด (${items.length})`, `Overdue (${items.length})`)}</h2>
${
  items.length
    ? html`<ul class="cards">${items.map((item) => {
        const late = item.late!;
        const what = 'step' in late.what ? late.what.step : label(view, PHASE_LABELS, late.what.phase);
        return html`<li>
<div class="card-title"><a href="/items/${item.row.itemCode}/years/${String(data.fiscalYear)}">${item.row.itemCode} ${item.row.itemName}</a></div>
<div class="meta">
<span>${what}</span>
<span>${t(view, 'กำหนด', 'Due')}: ${dueCell(view, late.dueAtMs)}</span>
<span>${t(view, 'ผู้รับผิดชอบ', 'Owner')}: ${overdueWho(view, item)}</span>
<span>${item.row.unitName ?? item.row.unitKey}</span>
</div></li>`;
      })}</ul>`
    : html`<p>${t(view, 'ไม่มีรายการที่เลยกำหนด', 'Nothing is overdue.')}</p>`
}
</section>`;
}

function filters(view: WebView, data: DashboardPageData): Html {
  const query = new URLSearchParams({ fy: String(data.fiscalYear), ...(data.unitKey ? { unit: data.unitKey } : {}) });
  return html`<section aria-labelledby="filter-title">
<h2 id="filter-title" class="small">${t(view, 'เลือกข้อมูล', 'Choose what to show')}</h2>
<form method="get" action="/dashboard" class="filters">
<div class="field"><label for="fy">${t(view, 'ปีงบประมาณ', 'Fiscal year')}</label>
<select id="fy" name="fy">${data.fiscalYears.map(
    (fy) => html`<option value="${String(fy)}"${fy === data.fiscalYear ? html` selected` : ''}>${t(view, `พ.ศ. ${fy}`, `${fy} BE`)}</option>`,
  )}</select></div>
<div class="field"><label for="unit">${t(view, 'หน่วยงาน', 'Unit')}</label>
<select id="unit" name="unit"><option value="">${t(view, 'ทุกหน่วยงาน', 'All units')}</option>${data.units.map(
    (u) => html`<option value="${u.key}"${u.key === data.unitKey ? html` selected` : ''}>${u.name}</option>`,
  )}</select></div>
<div class="field"><button type="submit">${t(view, 'แสดง', 'Show')}</button></div>
</form>
<p><a href="/dashboard.xlsx?${query.toString()}" download>${t(view, 'ส่งออกมุมมองนี้เป็น Excel (.xlsx)', 'Export this view to Excel (.xlsx)')}</a></p>
${eplannaccForm(view, data)}
${itaPackLink(view)}
</section>`;
}

/** The round file for ป.ป.ช.'s e-PlanNACC, offered to whoever may make it (api/routes/web/eplannacc.ts). */
function eplannaccForm(view: WebView, data: DashboardPageData): Html | string {
  const roles = view.viewer?.roles ?? [];
  if (!roles.includes('coordinator') && !roles.includes('admin')) return '';
  return html`<form method="get" action="/dashboard/eplannacc" class="filters">
<input type="hidden" name="fy" value="${String(data.fiscalYear)}">
<div class="field"><label for="eplan-round">${t(view, 'ไฟล์สำหรับระบบ e-PlanNACC ของ ป.ป.ช.', 'File for the NACC’s e-PlanNACC')}</label>
<select id="eplan-round" name="round"><option value="6">${t(view, 'รอบ 6 เดือน (ณ 31 มีนาคม)', '6-month round (31 March)')}</option><option value="12">${t(
    view,
    'รอบ 12 เดือน (ณ 30 กันยายน)',
    '12-month round (30 September)',
  )}</option></select></div>
<div class="field"><label for="eplan-format">${t(view, 'รูปแบบ', 'Format')}</label>
<select id="eplan-format" name="format"><option value="xlsx">Excel (.xlsx)</option><option value="csv">CSV</option><option value="json">JSON</option></select></div>
<div class="field"><button type="submit">${t(view, 'ดาวน์โหลด', 'Download')}</button></div>
</form>`;
}

/** The ITA evidence pack (api/routes/web/ita.ts), for the same people as the e-PlanNACC file. */
function itaPackLink(view: WebView): Html | string {
  const roles = view.viewer?.roles ?? [];
  if (!roles.includes('coordinator') && !roles.includes('admin')) return '';
  return html`<p><a href="/dashboard/ita">${t(view, 'ชุดหลักฐานการประเมิน ITA รายข้อ พร้อมสิ่งที่ยังขาด', 'ITA evidence pack by item, with what is missing')}</a></p>`;
}

function stats(view: WebView, data: DashboardPageData): Html {
  const total = data.dashboard.total;
  const stat = (value: string, th: string, en: string, standing?: ItemStatus) =>
    html`<div class="stat" role="listitem"><div class="value">${value}</div><div>${standing ? statusBadge(view, standing) : t(view, th, en)}</div></div>`;
  return html`<div class="grid" role="list" aria-label="${t(view, 'สรุป', 'Summary')}">
${stat(formatCount(total.total), 'รายการทั้งหมด', 'Items')}
${ITEM_STATUSES.map((s) => stat(formatCount(total.counts[s]), STATUS_LABELS[s].th, STATUS_LABELS[s].en, s))}
${stat(formatMoney(view, total.budgetPlanned), 'งบประมาณตามแผน', 'Budget planned')}
${stat(formatMoney(view, total.budgetSpent), 'ใช้จ่ายแล้ว', 'Spent')}
</div>`;
}

export function dashboardPage(view: WebView, data: DashboardPageData): string {
  const unit = data.units.find((u) => u.key === data.unitKey);
  return webPage(view, {
    titleTh: `ภาพรวมปีงบประมาณ ${data.fiscalYear}${unit ? ` · ${unit.name}` : ''}`,
    titleEn: `Fiscal year ${data.fiscalYear} BE at a glance${unit ? ` · ${unit.name}` : ''}`,
    nav: 'dashboard',
    wide: true,
    body: html`${filters(view, data)}
${stats(view, data)}
${overdueSection(view, data)}
${progressChart(view, data)}
${budgetChart(view, data)}
<section aria-labelledby="by-dimension"><h2 id="by-dimension">${t(view, 'สรุปตามมิติ', 'By dimension')}</h2>
${summaryTable(view, data.dashboard.byDimension, data.dashboard.total, 'dimension')}</section>
<section aria-labelledby="by-mission"><h2 id="by-mission">${t(view, 'สรุปตามภารกิจ', 'By mission')}</h2>
${summaryTable(view, data.dashboard.byMission, data.dashboard.total, 'mission')}</section>`,
  });
}
