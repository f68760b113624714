import type { AuditHead } from '../../db/audit';
import type { PublicPlanItemYearRow, PublicPlanRow } from '../../db/queries/public';
import type { ItaDocumentRow, ReportFileRow, ReportRow } from '../../db/queries/reports';
import { fiscalYearBounds } from '../../domain/fiscal';
import { ITA_CHECK_LABELS, type ReportContentCheck } from '../../domain/ita';
import { reportPeriod, reportTitle } from '../../domain/report';
import { formatBaht, formatEnglishDate, formatNumber, formatStoredEnglishDate, formatStoredThaiDate, formatThaiDate, periodTitle } from '../../domain/thai-format';
import { responsibleUnitByKey } from '../../domain/units';
import { reportKindSlug } from '../../domain/report-kind';
import { itemYearStatusLabel, KIND_LABELS } from './labels';
import { publicReportPath } from '../../workflows/report/messages';
import { bilingual, html, page, type Html, type PageChrome } from './layout';

/**
 * The public transparency page of an organisation (no sign-in): its plan with every item, budget and period per
 * fiscal year, every published report at a stable address, and the documents an ITA year asks for by O-code.
 * Thai is the page's language; `?lang=en` adds the English lines. Pure functions of what the route read.
 */

export type PublicLang = 'th' | 'en';

export interface PublicOrganization {
  slug: string;
  name: string;
  district: string;
  province: string;
}

export interface PublishedReport {
  report: ReportRow;
  files: ReportFileRow[];
  /** What the ITA assessor looks for in the document's content (domain/ita.ts), item by item. */
  contentCheck: ReportContentCheck;
}

export interface ItaEntry {
  document: ItaDocumentRow;
  /** The fiscal year the document covers (ITA year + the map's offset). */
  fiscalYear: number;
  /** The published report answering it; for the plan, the plan covering the year. */
  report?: ReportRow;
  plan?: PublicPlanRow;
}

export interface PublicPageData {
  lang: PublicLang;
  organization: PublicOrganization;
  plans: Array<{ plan: PublicPlanRow; items: PublicPlanItemYearRow[] }>;
  reports: PublishedReport[];
  ita: { years: number[]; selected: number | null; entries: ItaEntry[] };
  /** The fiscal year open by default. */
  currentFiscalYear: number;
  /** The audit chain's last row; none before anything was recorded. */
  auditHead: AuditHead | undefined;
}

const FORMAT_LABELS: Record<string, { th: string; en: string }> = {
  pdf: { th: 'PDF (เอกสารลงนาม)', en: 'PDF (the signed document)' },
  docx: { th: 'Word (DOCX)', en: 'Word (DOCX)' },
  xlsx: { th: 'Excel (XLSX)', en: 'Excel (XLSX)' },
  csv: { th: 'ข้อมูล CSV', en: 'CSV data' },
  json: { th: 'ข้อมูล JSON', en: 'JSON data' },
  html: { th: 'หน้าเว็บ (HTML)', en: 'Web page (HTML)' },
};

const FORMAT_ORDER = ['pdf', 'docx', 'xlsx', 'csv', 'json', 'html'];

const STYLE = html`<style>
  table.items th, table.items td { width: auto; font-size: 0.95em; }
  table.items td.num { text-align: right; white-space: nowrap; }
  details { margin: 8px 0; } summary { cursor: pointer; font-weight: 600; }
  .muted { color: #555555; } .tag { font-size: 0.85em; color: #555555; }
  nav.public { max-width: 1120px; margin: 0 auto; padding: 8px 16px; display: flex; justify-content: space-between; }
  ul.files { margin: 4px 0; padding-left: 20px; }
</style>`;

function chrome(lang: PublicLang, org: PublicOrganization, path: string): PageChrome {
  const other = lang === 'th' ? 'en' : 'th';
  const [base, query = ''] = path.split('?');
  const params = new URLSearchParams(query);
  if (other === 'th') params.delete('lang');
  else params.set('lang', 'en');
  const rest = params.toString();
  const switchTo = `${base}${rest ? `?${rest}` : ''}`;
  return {
    lang,
    wide: true,
    head: STYLE,
    header: html`<nav class="public" aria-label="${lang === 'th' ? 'ภาษา' : 'Language'}"><a href="/public/${org.slug}">${org.name}</a>
<a href="${switchTo}" lang="${other}">${other === 'en' ? 'English' : 'ภาษาไทย'}</a></nav>`,
  };
}

function money(amount: number | null): Html {
  return amount === null
    ? bilingual('ไม่ใช้งบประมาณ', 'no budget')
    : bilingual(formatBaht(amount, { unit: true }), formatBaht(amount, { unit: true, lang: 'en' }));
}

function day(iso: string | Date): Html {
  const value = iso instanceof Date ? iso.getTime() : iso;
  return bilingual(formatThaiDate(value), formatEnglishDate(value));
}

function reportTitleOf(report: Pick<ReportRow, 'kind' | 'fiscalYear'>): { th: string; en: string } {
  return {
    th: reportTitle(report.kind, report.fiscalYear, { lang: 'th', digits: 'arabic' }).join(' '),
    en: reportTitle(report.kind, report.fiscalYear, { lang: 'en', digits: 'arabic' }).join(' '),
  };
}

function itemPeriod(row: PublicPlanItemYearRow): Html {
  if (row.startDate && row.endDate) {
    return bilingual(
      `${formatStoredThaiDate(row.startDate)} – ${formatStoredThaiDate(row.endDate)}`,
      `${formatStoredEnglishDate(row.startDate)} – ${formatStoredEnglishDate(row.endDate)}`,
    );
  }
  const year = fiscalYearBounds(row.fiscalYear);
  return bilingual(
    `${periodTitle(year, { digits: 'arabic' })} (ตลอดปีงบประมาณ)`,
    `${periodTitle(year, { lang: 'en' })} (the whole fiscal year)`,
  );
}

function unitOf(row: PublicPlanItemYearRow): Html {
  const unit = responsibleUnitByKey(row.unitKey);
  return bilingual(row.unitText ?? unit?.nameTh ?? row.unitKey, unit?.nameEn ?? row.unitKey);
}

function yearSection(plan: PublicPlanRow, fiscalYear: number, rows: PublicPlanItemYearRow[], open: boolean): Html {
  const total = rows.reduce((sum, r) => sum + (r.budget ?? 0), 0);
  return html`<details id="fy-${fiscalYear}"${open ? html` open` : ''}>
<summary>${bilingual(
    `ปีงบประมาณ พ.ศ. ${fiscalYear}: ${formatNumber(rows.length)} รายการ งบประมาณรวม ${formatBaht(total, { unit: true })}`,
    `Fiscal year ${fiscalYear} BE: ${rows.length} items, ${formatBaht(total, { unit: true, lang: 'en' })} in total`,
  )}</summary>
<table class="items">
<thead><tr>
<th scope="col">${bilingual('ที่', 'Code')}</th>
<th scope="col">${bilingual('โครงการ / มาตรการ / กิจกรรม', 'Item')}</th>
<th scope="col">${bilingual('งบประมาณ', 'Budget')}</th>
<th scope="col">${bilingual('ระยะเวลาดำเนินการ', 'Period')}</th>
<th scope="col">${bilingual('ผู้รับผิดชอบ', 'Responsible')}</th>
<th scope="col">${bilingual('สถานะ', 'Status')}</th>
</tr></thead>
<tbody>
${rows.map(
  (r) => html`<tr>
<td>${r.code}</td>
<td>${r.name}<br><span class="tag">${bilingual(KIND_LABELS[r.kind].th, KIND_LABELS[r.kind].en)}</span></td>
<td class="num">${money(r.budget)}</td>
<td>${itemPeriod(r)}</td>
<td>${unitOf(r)}</td>
<td>${r.status ? bilingual(itemYearStatusLabel(r.status).th, itemYearStatusLabel(r.status).en) : html`<span class="muted">${bilingual('ยังไม่เริ่ม', 'not started')}</span>`}</td>
</tr>`,
)}
</tbody>
</table>
<p class="muted">${bilingual(`แผน: ${plan.title}`, `Plan ${plan.firstFiscalYear}-${plan.lastFiscalYear}, version ${plan.version}`)}</p>
</details>`;
}

function planSection(data: PublicPageData): Html {
  if (!data.plans.length) {
    return html`<section><h2>${bilingual('แผนปฏิบัติการป้องกันการทุจริต', 'Anti-corruption action plan')}</h2>
<p>${bilingual('ยังไม่มีแผนที่เผยแพร่', 'No plan has been published yet.')}</p></section>`;
  }
  return html`${data.plans.map(({ plan, items }) => {
    const years = [...new Set(items.map((i) => i.fiscalYear))].sort((a, b) => a - b);
    const open = years.includes(data.currentFiscalYear) ? data.currentFiscalYear : years.at(-1);
    return html`<section id="plan-${plan.id}">
<h2>${plan.title}</h2>
<table>
<tr><th>${bilingual('ช่วงปีของแผน', 'Years')}</th><td>${bilingual(`พ.ศ. ${plan.firstFiscalYear} – ${plan.lastFiscalYear}`, `${plan.firstFiscalYear}–${plan.lastFiscalYear} BE`)}</td></tr>
<tr><th>${bilingual('ฉบับที่', 'Version')}</th><td>${plan.version} (${day(plan.loadedAt)})</td></tr>
<tr><th>${bilingual('ข้อมูลแผนแบบเครื่องอ่านได้', 'Machine-readable plan')}</th><td><a href="/api/plans/${plan.id}">/api/plans/${plan.id}</a></td></tr>
</table>
${years.map((fy) => yearSection(plan, fy, items.filter((i) => i.fiscalYear === fy), fy === open))}
</section>`;
  })}`;
}

function fileLinks(base: string, files: ReportFileRow[]): Html {
  const ordered = FORMAT_ORDER.flatMap((format) => files.filter((f) => f.format === format && f.lang === 'th'));
  const english = FORMAT_ORDER.flatMap((format) => files.filter((f) => f.format === format && f.lang === 'en'));
  const item = (f: ReportFileRow) => {
    const label = FORMAT_LABELS[f.format] ?? { th: f.format, en: f.format };
    const href = `${base}/${f.format}${f.lang === 'th' ? '' : `?lang=${f.lang}`}`;
    return html`<li><a href="${href}">${bilingual(label.th, label.en)}</a> <span class="muted">${f.fileName}, ${formatNumber(Math.ceil(f.sizeBytes / 1024))} KB</span></li>`;
  };
  return html`<ul class="files">${ordered.map(item)}</ul>
${english.length ? html`<p>${bilingual('ฉบับภาษาอังกฤษ', 'In English')}</p><ul class="files">${english.map(item)}</ul>` : ''}`;
}

/** The report's ITA content check: each thing the assessor looks for, complete or what is missing. */
function contentCheckList(check: ReportContentCheck): Html {
  return html`<p>${bilingual('ตรวจเนื้อหาตามเกณฑ์การประเมิน ITA', 'ITA content check')}</p>
<ul class="ita-check">${check.checks.map((c) => {
    const gaps = check.gaps.filter((g) => g.check === c.check);
    return html`<li>${c.passed ? bilingual('✓ ครบ', '✓ complete') : bilingual('✗ ขาด', '✗ missing')}: ${bilingual(ITA_CHECK_LABELS[c.check].th, ITA_CHECK_LABELS[c.check].en)}${
      gaps.length ? html`<ul>${gaps.map((g) => html`<li>${bilingual(g.th, g.en)}</li>`)}</ul>` : ''
    }</li>`;
  })}</ul>`;
}

function reportsSection(data: PublicPageData): Html {
  const slug = data.organization.slug;
  return html`<section id="reports">
<h2>${bilingual('รายงานที่เผยแพร่', 'Published reports')}</h2>
${
  data.reports.length
    ? html`<ul>${data.reports.map(({ report, files, contentCheck }) => {
        const title = reportTitleOf(report);
        const path = publicReportPath(slug, report.kind, report.fiscalYear);
        return html`<li id="${reportKindSlug(report.kind)}-${report.fiscalYear}"><p><a href="${path}">${bilingual(title.th, title.en)}</a></p>
<p class="muted">${bilingual(
          `ฉบับที่ ${report.version} เผยแพร่เมื่อ ${report.publishedAt ? formatThaiDate(report.publishedAt.getTime()) : '-'}`,
          `Version ${report.version}, published ${report.publishedAt ? formatEnglishDate(report.publishedAt.getTime()) : '-'}`,
        )}</p>
${fileLinks(path, files)}
${contentCheckList(contentCheck)}</li>`;
      })}</ul>`
    : html`<p>${bilingual('ยังไม่มีรายงานที่เผยแพร่', 'No report has been published yet.')}</p>`
}
</section>`;
}

function itaSection(data: PublicPageData): Html {
  const { ita } = data;
  const slug = data.organization.slug;
  const selector = html`<form method="get" action="/public/${slug}#ita">
${data.lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}
<label for="ita-year">${bilingual('ปีการประเมิน ITA', 'ITA year')}</label>
<select id="ita-year" name="ita">${ita.years.map((y) => html`<option value="${y}"${y === ita.selected ? html` selected` : ''}>${y}</option>`)}</select>
<button type="submit">${bilingual('แสดง', 'Show')}</button>
</form>`;
  const link = (entry: ItaEntry): Html => {
    if (entry.document.documentKind === 'plan') {
      return entry.plan
        ? html`<a href="/public/${slug}#fy-${entry.fiscalYear}">${bilingual(`แผนปีงบประมาณ ${entry.fiscalYear}`, `The plan for FY${entry.fiscalYear}`)}</a>`
        : html`<span class="muted">${bilingual('ไม่มีแผนที่ครอบคลุมปีนี้', 'no plan covers this year')}</span>`;
    }
    if (!entry.report) return html`<span class="muted">${bilingual('ยังไม่เผยแพร่', 'not published yet')}</span>`;
    const title = reportTitleOf(entry.report);
    return html`<a href="${publicReportPath(slug, entry.report.kind, entry.report.fiscalYear)}">${bilingual(title.th, title.en)}</a>`;
  };
  return html`<section id="ita">
<h2>${bilingual('เอกสารตามตัวชี้วัดการประเมิน ITA', 'Documents by ITA indicator')}</h2>
${ita.years.length ? selector : ''}
${
  ita.selected === null || !ita.entries.length
    ? html`<p>${bilingual('ยังไม่มีข้อมูลตัวชี้วัดของปีนี้', 'No ITA items are recorded for this year.')}</p>`
    : html`<table class="items">
<thead><tr><th scope="col">${bilingual('ข้อ', 'Item')}</th><th scope="col">${bilingual('ตัวชี้วัด', 'Indicator')}</th><th scope="col">${bilingual('ปีงบประมาณของเอกสาร', 'Fiscal year covered')}</th><th scope="col">${bilingual('เอกสาร', 'Document')}</th></tr></thead>
<tbody>${ita.entries.map(
        (e) => html`<tr><td>${e.document.oCode}${e.document.confirmed ? '' : html` <span class="tag">${bilingual('(ยังไม่ยืนยันเลขข้อ)', '(number not confirmed)')}</span>`}</td>
<td>${bilingual(e.document.labelTh, e.document.labelEn)}</td><td>${e.fiscalYear}</td><td>${link(e)}</td></tr>`,
      )}</tbody>
</table>`
}
</section>`;
}

export function publicOrganizationPage(data: PublicPageData, path: string): string {
  const org = data.organization;
  const place = [org.district ? `อำเภอ${org.district}` : '', org.province ? `จังหวัด${org.province}` : ''].filter(Boolean).join(' ');
  return page({
    titleTh: `ข้อมูลสาธารณะ ${org.name}`,
    titleEn: `Public information: ${org.name}`,
    chrome: chrome(data.lang, org, path),
    body: html`<section class="notice"><p>${bilingual(
      `${org.name} ${place} เผยแพร่แผนปฏิบัติการป้องกันการทุจริต รายการโครงการและงบประมาณ และรายงานผลการดำเนินการ`,
      `${org.name} publishes its anti-corruption action plan, its items and budgets, and its progress reports.`,
    )}</p></section>
${planSection(data)}
${reportsSection(data)}
${itaSection(data)}
${auditHeadSection(data.auditHead)}`,
  });
}

/**
 * The audit chain's head, for anyone to note down: an auditor who later runs `audit verify --head <id>:<hash>`
 * with it finds rows cut off the end or a chain rebuilt, which the chain alone cannot show.
 */
function auditHeadSection(head: AuditHead | undefined): Html {
  return html`<section id="audit-head" class="muted">
<h2>${bilingual('หัวสายบันทึกตรวจสอบ', 'Audit log head')}</h2>
${
  head
    ? html`<p>${bilingual(
        `บันทึกล่าสุดลำดับที่ ${head.id} เมื่อ`,
        `Latest entry no. ${head.id}, recorded`,
      )} ${day(head.occurredAt)}</p>
<p><code>${`${head.id}:${head.hash}`}</code></p>
<p>${bilingual(
        'ผู้ตรวจสอบจดค่านี้ไว้ได้ หากภายหลังบันทึกถูกลบหรือแก้ไข การตรวจสอบกับค่านี้จะไม่ผ่าน',
        'Auditors may note this value: if entries are later removed or rewritten, a check against it fails.',
      )}</p>`
    : html`<p>${bilingual('ยังไม่มีบันทึกตรวจสอบ', 'Nothing has been recorded yet.')}</p>`
}
</section>`;
}

export function publicReportPage(input: {
  lang: PublicLang;
  organization: PublicOrganization;
  report: ReportRow;
  files: ReportFileRow[];
  path: string;
}): string {
  const { report, organization: org } = input;
  const title = reportTitleOf(report);
  const period = reportPeriod(report.kind, report.fiscalYear);
  const base = publicReportPath(org.slug, report.kind, report.fiscalYear);
  return page({
    titleTh: title.th,
    titleEn: title.en,
    chrome: chrome(input.lang, org, input.path),
    body: html`<section>
<table>
<tr><th>${bilingual('หน่วยงาน', 'Organisation')}</th><td>${org.name}</td></tr>
<tr><th>${bilingual('ช่วงเวลาที่รายงาน', 'Period')}</th><td>${bilingual(periodTitle(period, { digits: 'arabic' }), periodTitle(period, { lang: 'en' }))}</td></tr>
<tr><th>${bilingual('ฉบับที่', 'Version')}</th><td>${report.version}</td></tr>
<tr><th>${bilingual('เผยแพร่เมื่อ', 'Published')}</th><td>${report.publishedAt ? day(report.publishedAt) : '-'}</td></tr>
<tr><th>${bilingual('ลายนิ้วมือข้อมูล (SHA-256)', 'Data fingerprint (SHA-256)')}</th><td><code>${report.snapshotSha256}</code></td></tr>
</table>
<p class="muted">${bilingual(
      'ที่อยู่นี้แสดงฉบับล่าสุดที่เผยแพร่เสมอ ใช้อ้างอิงได้ถาวร',
      'This address always shows the latest published version; it is safe to cite.',
    )}</p>
</section>
<section>
<h2>${bilingual('ดาวน์โหลด', 'Download')}</h2>
${fileLinks(base, input.files)}
</section>
<p><a href="/public/${org.slug}#reports">${bilingual('รายงานทั้งหมด', 'All reports')}</a></p>`,
  });
}

export function publicNotFoundPage(input: { lang: PublicLang; organization?: PublicOrganization; path: string; what: { th: string; en: string } }): string {
  return page({
    titleTh: 'ไม่พบข้อมูล',
    titleEn: 'Not found',
    ...(input.organization ? { chrome: chrome(input.lang, input.organization, input.path) } : {}),
    body: html`<section class="warning"><p>${bilingual(input.what.th, input.what.en)}</p></section>`,
  });
}
