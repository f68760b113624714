import { html } from '../layout';
import { dueCell, formatDateTime, messageBox, t, webPage, type WebView } from './frame';
import { PURPOSE_LABELS } from '../labels';
import { label } from './labels';

/** The approver's own list: every open decision that asked this person, soonest due first. */

export interface ApprovalEntry {
  pointId: number;
  purpose: string;
  itemCode: string | null;
  itemName: string | null;
  fiscalYear: number | null;
  requestedAt: Date;
  dueAtMs: number | null;
}

export function approvalsPage(view: WebView, entries: ApprovalEntry[], flash?: { kind: 'done' | 'warning'; th: string; en: string }): string {
  const sorted = [...entries].sort((a, b) => (a.dueAtMs ?? Number.MAX_SAFE_INTEGER) - (b.dueAtMs ?? Number.MAX_SAFE_INTEGER));
  return webPage(view, {
    titleTh: 'รออนุมัติ',
    titleEn: 'Waiting for my decision',
    nav: 'approvals',
    body: html`${flash ? messageBox(flash.kind, t(view, flash.th, flash.en), 'status') : ''}
<section>
${
  sorted.length
    ? html`<ul class="cards">${sorted.map(
        (e) => html`<li>
<div class="card-title"><a href="/approvals/${String(e.pointId)}">${label(view, PURPOSE_LABELS, e.purpose)}${e.itemCode ? html`: ${e.itemCode} ${e.itemName ?? ''}` : ''}</a></div>
<div class="meta">
${e.fiscalYear ? html`<span>${t(view, `ปีงบประมาณ ${e.fiscalYear}`, `FY ${e.fiscalYear} BE`)}</span>` : ''}
<span>${t(view, 'ส่งเรื่องเมื่อ', 'Requested')} ${formatDateTime(view, e.requestedAt)}</span>
<span>${t(view, 'กำหนดพิจารณา', 'Decision due')}: ${dueCell(view, e.dueAtMs)}</span>
</div></li>`,
      )}</ul>`
    : html`<p>${t(view, 'ไม่มีเรื่องรอการพิจารณาของท่าน', 'Nothing is waiting for your decision.')}</p>`
}
</section>`,
  });
}

export function approvalClosedPage(view: WebView, input: { withdrawn: boolean }): string {
  return webPage(view, {
    titleTh: input.withdrawn ? 'เรื่องนี้ถูกถอนแล้ว' : 'เรื่องนี้ได้รับการพิจารณาแล้ว',
    titleEn: input.withdrawn ? 'This request was withdrawn' : 'This has already been decided',
    nav: 'approvals',
    body: html`${messageBox(
      'warning',
      input.withdrawn
        ? t(view, 'ผู้เสนอได้ถอนเรื่องนี้แล้ว จึงไม่ต้องพิจารณา', 'The request was withdrawn; no decision is needed.')
        : t(view, 'เรื่องนี้ได้รับการพิจารณาแล้ว ไม่ต้องดำเนินการเพิ่มเติม', 'This has already been decided; nothing more is needed.'),
    )}
<section><p><a href="/approvals">${t(view, 'กลับไปรายการรออนุมัติ', 'Back to my approvals')}</a></p></section>`,
  });
}
