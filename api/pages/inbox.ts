import type { OutboxRow } from '../../db/queries/outbox';
import { bilingual, englishDateTime, html, page, thaiDateTime } from './layout';

const CHANNEL_LABELS: Record<OutboxRow['channel'], { th: string; en: string }> = {
  inbox: { th: 'กล่องข้อความในระบบ', en: 'in-app inbox' },
  email: { th: 'อีเมล', en: 'e-mail' },
  line: { th: 'LINE', en: 'LINE' },
};

const STATUS_LABELS: Record<OutboxRow['status'], { th: string; en: string }> = {
  pending: { th: 'รอส่ง', en: 'pending' },
  sent: { th: 'ส่งแล้ว', en: 'sent' },
  failed: { th: 'ส่งไม่สำเร็จ', en: 'failed' },
};

/** The development inbox: every message the system wrote, newest first, with its links clickable. */
export function devInboxPage(rows: OutboxRow[]): string {
  const messages = rows.map((r) => {
    const channel = CHANNEL_LABELS[r.channel];
    const status = STATUS_LABELS[r.status];
    return html`<section class="${r.status === 'failed' ? 'error' : 'notice'}">
<h2>${r.subject}</h2>
<p>${bilingual(
      `#${r.id} · ${channel.th} · ถึง ${r.toAddress} · ${status.th} · ${thaiDateTime(r.createdAt)}`,
      `#${r.id} · ${channel.en} · to ${r.toAddress} · ${status.en} · ${englishDateTime(r.createdAt)}`,
    )}</p>
${r.links.length ? html`<ul>${r.links.map((link) => html`<li><a href="${link}">${link}</a></li>`)}</ul>` : ''}
<details><summary>${bilingual('ข้อความ', 'Message text')}</summary><pre>${r.bodyText}</pre></details>
${r.lastError ? html`<p>${bilingual('ข้อผิดพลาดล่าสุด', 'Last error')}: ${r.lastError}</p>` : ''}
</section>`;
  });
  return page({
    titleTh: 'กล่องข้อความสำหรับนักพัฒนา',
    titleEn: 'Development inbox',
    body: html`<section class="warning"><p>${bilingual(
      'หน้านี้มีเฉพาะในโหมดพัฒนา แสดงทุกข้อความที่ระบบส่ง เพื่อให้ทดลองกดลิงก์อนุมัติได้ครบขั้นตอนในเบราว์เซอร์',
      'Development mode only: every message the system sent, so an approval can be clicked through in the browser.',
    )}</p></section>
${messages.length ? messages : html`<section><p>${bilingual('ยังไม่มีข้อความ', 'No messages yet.')}</p></section>`}`,
  });
}
