import { ITA_CHECK_LABELS, type ItaPack, type ItaPackEntry } from '../../../domain/ita';
import { ORGANIZATION_KINDS, type OrganizationKind } from '../../../domain/organizations';
import { agencyGroupLabel, itaApprovalLine, itaDocumentLine, itaPublishedLine } from '../../../services/ita';
import { html, type Html } from '../layout';
import { messageBox, t, webPage, type WebView } from './frame';

/**
 * The coordinator's ITA evidence pack (services/ita.ts): for the chosen ITA year and agency group, each O-code's
 * document, its signed-off version, publication date and stable address, and what the assessor looks for, every gap
 * named; the ZIP to download.
 */

export interface ItaPageData {
  pack: ItaPack;
  years: number[];
  /** The organisation's own kind, the group chosen when none is asked for. */
  ownGroup: OrganizationKind | null;
}

function query(pack: ItaPack): string {
  return new URLSearchParams({ year: String(pack.itaYear), ...(pack.agencyGroup ? { group: pack.agencyGroup } : {}) }).toString();
}

function filters(view: WebView, data: ItaPageData): Html {
  const { pack } = data;
  return html`<form method="get" action="/dashboard/ita" class="filters">
<div class="field"><label for="ita-year">${t(view, 'ปีการประเมิน ITA', 'ITA year')}</label>
<select id="ita-year" name="year">${data.years.map(
    (y) => html`<option value="${String(y)}"${y === pack.itaYear ? html` selected` : ''}>${String(y)}</option>`,
  )}</select></div>
<div class="field"><label for="ita-group">${t(view, 'กลุ่มหน่วยงาน', 'Agency group')}</label>
<select id="ita-group" name="group">${ORGANIZATION_KINDS.map(
    (kind) =>
      html`<option value="${kind}"${kind === pack.agencyGroup ? html` selected` : ''}>${agencyGroupLabel(kind, view.lang)}${
        kind === data.ownGroup ? t(view, ' (ของหน่วยงานนี้)', ' (this organisation)') : ''
      }</option>`,
  )}</select></div>
<div class="field"><button type="submit">${t(view, 'แสดง', 'Show')}</button></div>
</form>
<p><a href="/dashboard/ita.zip?${query(pack)}" download>${t(view, 'ดาวน์โหลดชุดหลักฐานทั้งหมด (.zip)', 'Download the whole pack (.zip)')}</a>${
    (view.viewer?.roles ?? []).includes('admin')
      ? html` · <a href="/admin/ita?year=${String(pack.itaYear)}">${t(view, 'แก้ไขเลขข้อ ITA ของปีนี้', 'Edit this year’s ITA item numbers')}</a>`
      : ''
  }</p>`;
}

function link(url: string | null): Html | string {
  return url ? html`<a href="${url}">${url}</a>` : '-';
}

function entrySection(view: WebView, entry: ItaPackEntry): Html {
  const id = `ita-${entry.oCode}`;
  const lang = view.lang;
  return html`<section aria-labelledby="${id}" class="${entry.gaps.length ? 'warning' : 'done'}">
<h2 id="${id}">${entry.oCode} ${t(view, entry.labelTh, entry.labelEn)}${
    entry.confirmed ? '' : html` <span class="small muted">${t(view, '(ยังไม่ยืนยันเลขข้อ)', '(number not confirmed)')}</span>`
  }</h2>
<dl class="facts">
<dt>${t(view, 'ปีงบประมาณของเอกสาร', 'Fiscal year covered')}</dt><dd>${String(entry.fiscalYear)}</dd>
<dt>${t(view, 'เอกสาร', 'Document')}</dt><dd>${itaDocumentLine(entry, lang)}</dd>
<dt>${t(view, 'วันที่เผยแพร่', 'Published')}</dt><dd>${itaPublishedLine(entry, lang)}</dd>
<dt>${t(view, 'ที่อยู่ถาวร', 'Stable URL')}</dt><dd>${link(entry.document?.url ?? null)}</dd>
<dt>${t(view, 'การอนุมัติ', 'Approval')}</dt><dd>${itaApprovalLine(entry, lang)}</dd>
</dl>
<ul class="checks">${entry.checks.map((check) => {
    const gaps = entry.gaps.filter((g) => g.check === check.check);
    return html`<li><strong>${check.passed ? t(view, '✓ ครบ', '✓ complete') : t(view, '✗ ขาด', '✗ missing')}</strong> ${t(
      view,
      ITA_CHECK_LABELS[check.check].th,
      ITA_CHECK_LABELS[check.check].en,
    )}${gaps.length ? html`<ul>${gaps.map((g) => html`<li>${t(view, g.th, g.en)}</li>`)}</ul>` : ''}</li>`;
  })}</ul>
</section>`;
}

export function itaPackPage(view: WebView, data: ItaPageData): string {
  const { pack } = data;
  return webPage(view, {
    titleTh: `ชุดหลักฐานการประเมิน ITA ปี ${pack.itaYear}`,
    titleEn: `ITA ${pack.itaYear} evidence pack`,
    nav: 'dashboard',
    wide: true,
    body: html`${filters(view, data)}
${
  pack.complete
    ? messageBox('done', t(view, 'เอกสารครบตามที่ผู้ประเมินตรวจทุกข้อ', 'Every document has what the assessor looks for.'), 'status')
    : messageBox(
        'warning',
        t(view, `ยังขาด ${pack.gaps.length} รายการ กรุณาดำเนินการก่อนส่งหลักฐาน`, `${pack.gaps.length} gaps to close before the evidence is sent.`),
        'status',
      )
}
${pack.entries.map((entry) => entrySection(view, entry))}`,
  });
}
