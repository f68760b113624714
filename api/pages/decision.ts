import { formatBaht, formatEnglishDate, formatStoredEnglishDate, formatStoredThaiDate, formatThaiDate } from '../../domain/thai-format';
import type { DecisionLinkRow, DecisionPointRow, DecisionRow } from '../../db/queries/decisions';
import { acceptedOutcomes, storedAuthorityLabel } from '../../domain/decision';
import { OUTCOME_CHOICES, OUTCOME_LABELS, PURPOSE_LABELS } from './labels';
import { bilingual, englishDateTime, html, page, thaiDateTime, type Html, type PageChrome } from './layout';

/** The pages behind a decision link. Each is a pure function of what the route read. */

function row(th: string, en: string, value: Html | string): Html {
  return html`<tr><th>${bilingual(th, en)}</th><td>${value}</td></tr>`;
}

function budgetCell(budget: number | null): Html {
  return budget === null
    ? bilingual('ไม่ใช้งบประมาณ', 'no budget')
    : bilingual(formatBaht(budget, { unit: true }), formatBaht(budget, { unit: true, lang: 'en' }));
}

function dateCell(iso: string): Html {
  return bilingual(formatStoredThaiDate(iso), formatStoredEnglishDate(iso));
}

function itemSection(point: DecisionPointRow): Html {
  const s = point.summary;
  const period =
    s.startDate && s.endDate
      ? bilingual(
          `${formatStoredThaiDate(s.startDate)} ถึง ${formatStoredThaiDate(s.endDate)}`,
          `${formatStoredEnglishDate(s.startDate)} to ${formatStoredEnglishDate(s.endDate)}`,
        )
      : s.startDate
        ? dateCell(s.startDate)
        : null;
  return html`<section>
<h2>${bilingual('รายละเอียดรายการ', 'The item')}</h2>
<table>
${row('รหัสรายการ', 'Item', s.itemCode)}
${row('ชื่อรายการ', 'Name', s.itemName)}
${row('ปีงบประมาณ', 'Fiscal year', bilingual(`พ.ศ. ${s.fiscalYear}`, `${s.fiscalYear} BE`))}
${row('งบประมาณ', 'Budget', budgetCell(s.budget))}
${period ? row('ระยะเวลาดำเนินการ', 'Period', period) : ''}
${row('เรื่องที่ขอ', 'What is asked', bilingual(s.askTh, s.askEn))}
${s.memo ? row('บันทึกข้อความ', 'Memo', html`<pre>${s.memo}</pre>`) : ''}
${s.reason ? row('เหตุผล', 'Reason', html`<pre>${s.reason}</pre>`) : ''}
${point.dueAt ? row('กำหนดพิจารณา', 'Decision due', bilingual(formatThaiDate(point.dueAt.getTime()), formatEnglishDate(point.dueAt.getTime()))) : ''}
</table>
</section>`;
}

function decisionLine(d: DecisionRow): Html {
  const outcome = OUTCOME_LABELS[d.outcome];
  const acting = storedAuthorityLabel(d.actingAs);
  const purpose = PURPOSE_LABELS[d.purpose];
  return html`<li>${bilingual(
    html`${thaiDateTime(d.decidedAt)}: ${purpose.th} — <strong>${outcome.th}</strong> โดย ${d.personName} (${acting.th})${
      d.reason ? html` เหตุผล: ${d.reason}` : ''
    }`,
    html`${englishDateTime(d.decidedAt)}: ${purpose.en} — ${outcome.en} by ${d.personName} (${acting.en})`,
  )}</li>`;
}

function historySection(history: DecisionRow[]): Html {
  return html`<section>
<h2>${bilingual('ประวัติการพิจารณาของรายการนี้', 'Earlier decisions on this item')}</h2>
${
  history.length
    ? html`<ul>${history.map(decisionLine)}</ul>`
    : html`<p>${bilingual('ยังไม่มีการพิจารณาก่อนหน้านี้', 'No earlier decisions.')}</p>`
}
</section>`;
}

function forWhom(link: DecisionLinkRow): Html {
  const who = link.personPosition ? `${link.personName} (${link.personPosition})` : link.personName;
  return html`<section class="notice"><p>${bilingual(
    `เรียน ${who} — ลิงก์นี้ออกให้ท่านเท่านั้น กรุณาอย่าส่งต่อ`,
    `For ${who} only; please do not forward this link.`,
  )}</p></section>`;
}

export interface DecisionFormPage {
  link: DecisionLinkRow;
  history: DecisionRow[];
  formAction: string;
  csrfToken: string;
  /** Shown above the form when a submission was refused (e.g. a reason is missing). */
  error?: { th: string; en: string };
  /** What the person had typed, kept when the form is shown again. */
  previous?: { outcome?: string; reason?: string };
  /** The signed-in frame when the form is shown in the approver's own view rather than behind a link. */
  chrome?: PageChrome;
}

function decisionForm(input: DecisionFormPage): Html {
  const csrf = html`<input type="hidden" name="csrf" value="${input.csrfToken}">`;
  const outcomes = acceptedOutcomes(input.link.point);
  if (outcomes.length === 1 && outcomes[0] === 'acknowledge') {
    return html`<form method="post" action="${input.formAction}">
${csrf}
<input type="hidden" name="outcome" value="acknowledge">
<p>${bilingual('เมื่อกดปุ่มด้านล่าง ระบบจะบันทึกว่าท่านรับทราบรายงานนี้แล้ว', 'Pressing the button records that you acknowledge this report.')}</p>
<button type="submit">${bilingual('รับทราบ', 'Acknowledge')}</button>
</form>`;
  }
  const chosen = input.previous?.outcome;
  return html`<form method="post" action="${input.formAction}">
${csrf}
<fieldset>
<legend>${bilingual('ผลการพิจารณา', 'Your decision')}</legend>
${outcomes.map((value) => {
  const choice = OUTCOME_CHOICES[value];
  return html`<label><input type="radio" name="outcome" value="${value}"${chosen === value ? html` checked` : ''} required> ${bilingual(choice.th, choice.en)}</label>`;
})}
</fieldset>
<label for="reason">${bilingual('เหตุผล / ข้อสังเกต', 'Reason or remarks')}</label>
<textarea id="reason" name="reason" maxlength="4000">${input.previous?.reason ?? ''}</textarea>
<p><button type="submit">${bilingual('ยืนยันการพิจารณา', 'Confirm decision')}</button></p>
</form>`;
}

export function decisionFormPage(input: DecisionFormPage): string {
  const purpose = PURPOSE_LABELS[input.link.point.purpose];
  return page({
    titleTh: purpose.th,
    titleEn: purpose.en,
    chrome: input.chrome,
    body: html`${forWhom(input.link)}
${input.error ? html`<section class="error"><p>${bilingual(input.error.th, input.error.en)}</p></section>` : ''}
${itemSection(input.link.point)}
${historySection(input.history)}
<section>
<h2>${bilingual('ยืนยันการพิจารณา', 'Confirm your decision')}</h2>
${decisionForm(input)}
</section>`,
  });
}

export function alreadyDecidedPage(input: { point: DecisionPointRow; decision: DecisionRow; history: DecisionRow[] }): string {
  const { decision } = input;
  const outcome = OUTCOME_LABELS[decision.outcome];
  const acting = storedAuthorityLabel(decision.actingAs);
  return page({
    titleTh: 'เรื่องนี้ได้รับการพิจารณาแล้ว',
    titleEn: 'This has already been decided',
    body: html`<section class="done">
<table>
${row('ผลการพิจารณา', 'Decision', bilingual(outcome.th, outcome.en))}
${row('ผู้พิจารณา', 'Decided by', bilingual(`${decision.personName} (${acting.th})`, `${decision.personName} (${acting.en})`))}
${row('เมื่อ', 'When', bilingual(thaiDateTime(decision.decidedAt), englishDateTime(decision.decidedAt)))}
${decision.reason ? row('เหตุผล', 'Reason', html`<pre>${decision.reason}</pre>`) : ''}
</table>
</section>
${itemSection(input.point)}
${historySection(input.history)}`,
  });
}

export function withdrawnPage(point: DecisionPointRow): string {
  return page({
    titleTh: 'เรื่องนี้ถูกถอนแล้ว',
    titleEn: 'This request was withdrawn',
    body: html`<section class="warning"><p>${bilingual(
      'ผู้เสนอได้ถอนเรื่องนี้แล้ว จึงไม่ต้องพิจารณา',
      'The request was withdrawn; no decision is needed.',
    )}</p></section>
${itemSection(point)}`,
  });
}

export function expiredPage(input: { link: DecisionLinkRow; renewAction: string; csrfToken: string }): string {
  const expired = input.link.expiresAt;
  return page({
    titleTh: 'ลิงก์หมดอายุแล้ว',
    titleEn: 'This link has expired',
    body: html`<section class="warning">
<p>${bilingual(
      `ลิงก์นี้หมดอายุเมื่อ ${thaiDateTime(expired)} เรื่องนี้ยังรอการพิจารณาอยู่ ท่านสามารถขอลิงก์ใหม่ได้`,
      `This link expired on ${englishDateTime(expired)}. The request is still waiting for a decision; you can ask for a new link.`,
    )}</p>
<form method="post" action="${input.renewAction}">
<input type="hidden" name="csrf" value="${input.csrfToken}">
<button type="submit">${bilingual('ส่งลิงก์ใหม่ให้ฉัน', 'Send me a new link')}</button>
</form>
</section>
${itemSection(input.link.point)}`,
  });
}

export function renewedPage(input: { alreadySent: boolean }): string {
  return page({
    titleTh: input.alreadySent ? 'ส่งลิงก์ใหม่ไปแล้ว' : 'ส่งลิงก์ใหม่แล้ว',
    titleEn: input.alreadySent ? 'A new link was already sent' : 'A new link is on its way',
    body: html`<section class="done"><p>${bilingual(
      'ลิงก์ใหม่ถูกส่งไปยังกล่องข้อความในระบบ และทางอีเมลหรือ LINE ที่ท่านลงทะเบียนไว้ กรุณาใช้ลิงก์ใหม่นั้น',
      'The new link was sent to your in-app inbox and to the e-mail or LINE account on record. Please use it.',
    )}</p></section>`,
  });
}

export function recordedPage(input: { decision: DecisionRow; processed: boolean }): string {
  const outcome = OUTCOME_LABELS[input.decision.outcome];
  return page({
    titleTh: input.processed ? 'บันทึกผลการพิจารณาแล้ว' : 'บันทึกแล้ว กำลังดำเนินการ',
    titleEn: input.processed ? 'Your decision is recorded' : 'Recorded, being processed',
    body: html`<section class="done">
<p>${bilingual(
      `ระบบบันทึกผลการพิจารณา “${outcome.th}” ของท่านแล้ว เมื่อ ${thaiDateTime(input.decision.decidedAt)}`,
      `Your decision (${outcome.en}) was recorded on ${englishDateTime(input.decision.decidedAt)}.`,
    )}</p>
${
  input.processed
    ? html`<p>${bilingual('ขั้นตอนงานถัดไปได้รับผลการพิจารณาแล้ว', 'The workflow has taken your decision.')}</p>`
    : html`<p>${bilingual(
        'ระบบจะดำเนินขั้นตอนถัดไปโดยอัตโนมัติ ท่านไม่ต้องดำเนินการใดเพิ่มเติม',
        'The next steps will follow automatically; there is nothing more for you to do.',
      )}</p>`
}
</section>`,
  });
}

/** Every refusal of a link looks the same: nothing tells a guesser whether a token ever existed. */
export function invalidLinkPage(): string {
  return page({
    titleTh: 'ลิงก์ไม่ถูกต้อง',
    titleEn: 'This link is not valid',
    body: html`<section class="error"><p>${bilingual(
      'ไม่สามารถใช้ลิงก์นี้ได้ กรุณาตรวจสอบว่าเปิดลิงก์จากข้อความล่าสุดที่ได้รับ',
      'This link cannot be used. Please check that you opened the link from the latest message you received.',
    )}</p></section>`,
  });
}

export function refusedPage(reason: { th: string; en: string }): string {
  return page({
    titleTh: 'ไม่สามารถดำเนินการได้',
    titleEn: 'This cannot be done',
    body: html`<section class="error"><p>${bilingual(reason.th, reason.en)}</p></section>`,
  });
}
