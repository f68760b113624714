import { html } from '../layout';
import { csrfField, formatDateTime, messageBox, t, webPage, type WebView } from './frame';

/** The person's own LINE page: whether their LINE account is linked, a one-time code to link it, and unlinking. */

export interface LineAccountPageInput {
  linkedAt: Date | null;
  /** Shown once, right after it was issued. */
  code?: { code: string; expiresAt: Date };
  /** False when the server has no LINE channel: linking cannot work, and the page says so. */
  channelConfigured: boolean;
  flash?: 'unlinked';
}

export function lineAccountPage(view: WebView, input: LineAccountPageInput): string {
  const status = input.linkedAt
    ? messageBox(
        'done',
        t(
          view,
          `บัญชี LINE ของท่านเชื่อมแล้วเมื่อ ${formatDateTime(view, input.linkedAt)} คำขออนุมัติจะมีปุ่มให้พิจารณาในแชต LINE`,
          `Your LINE account was linked on ${formatDateTime(view, input.linkedAt)}. Approval requests come with decision buttons in the LINE chat.`,
        ),
        'status',
      )
    : messageBox('notice', t(view, 'ยังไม่ได้เชื่อมบัญชี LINE', 'No LINE account is linked.'));
  const code = input.code
    ? html`<section class="done" role="status">
<p>${t(view, 'รหัสเชื่อมบัญชีของท่าน (ใช้ได้ครั้งเดียว ภายใน 10 นาที):', 'Your link code (single use, valid for 10 minutes):')}</p>
<p><strong style="font-size:1.6em;letter-spacing:0.1em" data-line-code>${input.code.code}</strong></p>
<p>${t(
        view,
        `ส่งรหัสนี้เป็นข้อความถึงบัญชี LINE Official ของหน่วยงาน ก่อน ${formatDateTime(view, input.code.expiresAt)}`,
        `Send this code as a message to your organisation's LINE Official Account before ${formatDateTime(view, input.code.expiresAt)}.`,
      )}</p>
</section>`
    : '';
  const actions = !input.channelConfigured
    ? messageBox('warning', t(view, 'ระบบนี้ยังไม่ได้ตั้งค่าช่อง LINE', 'LINE is not configured on this server.'))
    : input.linkedAt
      ? html`<form method="post" action="/me/line/unlink">${csrfField(view)}<div class="actions"><button type="submit" class="danger">${t(
          view,
          'ยกเลิกการเชื่อมบัญชี LINE',
          'Unlink my LINE account',
        )}</button></div></form>`
      : html`<form method="post" action="/me/line/code">${csrfField(view)}<div class="actions"><button type="submit">${t(
          view,
          'ขอรหัสเชื่อมบัญชี',
          'Get a link code',
        )}</button></div></form>`;
  return webPage(view, {
    titleTh: 'บัญชี LINE ของฉัน',
    titleEn: 'My LINE account',
    nav: 'line',
    body: html`${input.flash === 'unlinked' ? messageBox('done', t(view, 'ยกเลิกการเชื่อมบัญชี LINE แล้ว', 'Your LINE account is unlinked.'), 'status') : ''}
${status}
<p>${t(
      view,
      'เมื่อเชื่อมบัญชีแล้ว ท่านจะพิจารณาคำขออนุมัติได้ด้วยปุ่มในแชต LINE โดยระบบยืนยันตัวท่านจากบัญชี LINE ที่เชื่อมไว้ ไม่ใช่จากข้อความ ผู้อื่นที่ได้รับข้อความต่อจึงกดแทนท่านไม่ได้',
      'Once linked, you can decide approval requests with the buttons in the LINE chat. Sujarit knows it is you from the linked LINE account, not from the message, so someone the message is forwarded to cannot decide for you.',
    )}</p>
${code}
${actions}`,
  });
}
