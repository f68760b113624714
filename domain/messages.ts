import { annualPeriod, BANGKOK_OFFSET_MS, bangkokDate, DAY_MS, sixMonthPeriod, type IsoDate } from './fiscal';
import type { EscalationTarget } from './reminders';
import { arabicToThaiDigits } from './thai';
import {
  formatBaht,
  formatEnglishDate,
  formatRelativeDays,
  formatThaiDate,
  periodTitle,
  type DateInput,
  type DigitStyle,
} from './thai-format';

/**
 * The texts of every notification the system sends: approval requests, reminders, escalations, decisions,
 * sign-in links and report sign-off requests. Pure functions of their input, Thai first and English after, in
 * one content object per notification that each channel takes its part of (e-mail subject, text and HTML, LINE
 * text). Thai wording follows official correspondence: เรียน ..., ขอความกรุณา ..., จึงเรียนมาเพื่อ ...
 */

export interface NotificationContent {
  subject: string;
  text: string;
  html: string;
  lineText: string;
}

export interface ItemRef {
  /** `D.S`, e.g. '1.3'. */
  code: string;
  name: string;
}

interface CommonInput {
  /** Thai form of address as in a memo: a position ('นายกองค์การบริหารส่วนตำบลสุจริต') or a name. */
  recipient: string;
  /** English form of address; the Thai one is used when absent. */
  recipientEn?: string;
  /** Absolute http(s) link the message is about; it appears in every channel's text. */
  link: string;
  /** Digits of the Thai text (default 'thai', as official documents write them); English always uses 0-9. */
  digits?: DigitStyle;
}

const SYSTEM_SIGNATURE_TH = 'ระบบสุจริต (ระบบติดตามแผนปฏิบัติการป้องกันการทุจริต)';
const SYSTEM_SIGNATURE_EN = 'Sujarit (anti-corruption action plan tracking)';

interface Fact {
  label: string;
  value: string;
}

interface LanguageBlock {
  greeting: string;
  paragraphs: string[];
  facts: Fact[];
  linkLabel: string;
  closing: string[];
}

interface Draft {
  subjectTh: string;
  subjectEn: string;
  link: string;
  th: LanguageBlock;
  en: LanguageBlock;
}

const LINK_PATTERN = /^https?:\/\/[^\s<>"'`]+$/i;

function requireLink(link: string): string {
  if (!LINK_PATTERN.test(link)) {
    throw new RangeError(`ลิงก์ต้องเป็น URL แบบ http(s) ที่สมบูรณ์ / link must be an absolute http(s) URL: ${link}`);
  }
  return link;
}

function requireText(value: string, what: string): string {
  if (!value.trim()) throw new RangeError(`${what} ต้องไม่ว่าง / ${what} must not be empty`);
  return value;
}

function requireWholeDays(days: number, minimum: number, what: string): number {
  if (!Number.isInteger(days) || days < minimum) {
    throw new RangeError(`${what} ต้องเป็นจำนวนเต็มตั้งแต่ ${minimum} / ${what} must be an integer >= ${minimum}: ${days}`);
  }
  return days;
}

/** Subjects and table cells are one line: a newline in a plan's item name must not break a header or a layout. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function thaiDigits(text: string, digits: DigitStyle): string {
  return digits === 'thai' ? arabicToThaiDigits(text) : text;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function htmlWithBreaks(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

function renderTextBlock(block: LanguageBlock, link: string): string {
  const parts = [block.greeting, ...block.paragraphs];
  if (block.facts.length > 0) parts.push(block.facts.map((f) => `${f.label}: ${f.value}`).join('\n'));
  parts.push(`${block.linkLabel}:\n${link}`);
  if (block.closing.length > 0) parts.push(block.closing.join('\n'));
  return parts.join('\n\n');
}

const HTML_CELL = 'padding: 2px 12px 2px 0; vertical-align: top;';

function renderHtmlBlock(block: LanguageBlock, link: string, lang: 'th' | 'en'): string {
  const href = escapeHtml(link);
  const facts = block.facts.length
    ? `<table role="presentation" style="border-collapse: collapse; margin: 0 0 16px;">${block.facts
        .map(
          (f) =>
            `<tr><th align="left" style="${HTML_CELL} font-weight: 600;">${escapeHtml(f.label)}</th>` +
            `<td style="${HTML_CELL}">${htmlWithBreaks(f.value)}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  return [
    `<div lang="${lang}">`,
    `<p>${escapeHtml(block.greeting)}</p>`,
    ...block.paragraphs.map((p) => `<p>${htmlWithBreaks(p)}</p>`),
    facts,
    `<p><a href="${href}" style="display: inline-block; padding: 10px 18px; background: #1f5aa6; color: #ffffff; ` +
      `text-decoration: none; border-radius: 4px;">${escapeHtml(block.linkLabel)}</a></p>`,
    `<p style="font-size: 13px; color: #555555; word-break: break-all;">${escapeHtml(link)}</p>`,
    block.closing.length ? `<p>${block.closing.map(escapeHtml).join('<br>')}</p>` : '',
    '</div>',
  ]
    .filter(Boolean)
    .join('\n');
}

function render(draft: Draft): NotificationContent {
  const link = requireLink(draft.link);
  const subject = `${oneLine(draft.subjectTh)} / ${oneLine(draft.subjectEn)}`;
  const text = `${renderTextBlock(draft.th, link)}\n\n----------------------------------------\n\n${renderTextBlock(draft.en, link)}\n`;
  const html = [
    '<!DOCTYPE html>',
    '<html lang="th">',
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    `<body style="font-family: Sarabun, 'TH Sarabun New', Tahoma, sans-serif; font-size: 16px; line-height: 1.6; color: #1a1a1a;">`,
    renderHtmlBlock(draft.th, link, 'th'),
    '<hr style="border: none; border-top: 1px solid #cccccc; margin: 24px 0;">',
    renderHtmlBlock(draft.en, link, 'en'),
    '</body>',
    '</html>',
    '',
  ].join('\n');
  // LINE is read on a phone: the Thai message, its facts and the link, then the English subject as a pointer.
  const lineText = [
    oneLine(draft.subjectTh),
    '',
    draft.th.greeting,
    ...draft.th.paragraphs,
    '',
    ...draft.th.facts.map((f) => `${f.label}: ${f.value}`),
    '',
    `${draft.th.linkLabel}:`,
    link,
    '',
    oneLine(draft.subjectEn),
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
  return { subject, text, html, lineText };
}

interface Wording {
  digits: DigitStyle;
  code: string;
  codeTh: string;
  name: string;
  greetingTh: string;
  greetingEn: string;
  dateTh(date: DateInput): string;
  dateEn(date: DateInput): string;
  numberTh(n: number): string;
}

function wording(input: CommonInput, item?: ItemRef): Wording {
  const digits = input.digits ?? 'thai';
  const recipient = oneLine(requireText(input.recipient, 'recipient'));
  const code = item ? oneLine(requireText(item.code, 'item.code')) : '';
  return {
    digits,
    code,
    codeTh: thaiDigits(code, digits),
    name: item ? oneLine(requireText(item.name, 'item.name')) : '',
    greetingTh: `เรียน ${recipient}`,
    greetingEn: `Dear ${oneLine(input.recipientEn ?? '') || recipient},`,
    dateTh: (date) => formatThaiDate(date, { digits }),
    dateEn: (date) => formatEnglishDate(date),
    numberTh: (n) => thaiDigits(String(n), digits),
  };
}

function itemLabelTh(w: Wording): string {
  return `รายการ ${w.codeTh} ${w.name}`;
}

function itemLabelEn(w: Wording, position: 'start' | 'inside' = 'inside'): string {
  return `${position === 'start' ? 'Item' : 'item'} ${w.code} "${w.name}"`;
}

function itemFactsTh(w: Wording): Fact[] {
  return [
    { label: 'รหัสรายการ', value: w.codeTh },
    { label: 'ชื่อรายการ', value: w.name },
  ];
}

function itemFactsEn(w: Wording): Fact[] {
  return [
    { label: 'Item', value: w.code },
    { label: 'Name', value: w.name },
  ];
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Approval request

export const APPROVAL_ASKS = {
  approve_project: {
    subjectTh: 'ขออนุมัติโครงการ',
    askTh: 'พิจารณาอนุมัติโครงการ',
    requestTh: 'อนุมัติโครงการ',
    askEn: 'approve the project',
  },
  approve_budget: {
    subjectTh: 'ขออนุมัติใช้จ่ายงบประมาณ',
    askTh: 'พิจารณาอนุมัติการใช้จ่ายงบประมาณ',
    requestTh: 'อนุมัติการใช้จ่ายงบประมาณ',
    askEn: 'approve spending the budget',
  },
  approve_project_and_budget: {
    subjectTh: 'ขออนุมัติโครงการและการใช้จ่ายงบประมาณ',
    askTh: 'พิจารณาอนุมัติโครงการและการใช้จ่ายงบประมาณ',
    requestTh: 'อนุมัติโครงการและการใช้จ่ายงบประมาณ',
    askEn: 'approve the project and its budget',
  },
  sign_committee_order: {
    subjectTh: 'ขอลงนามคำสั่งแต่งตั้งคณะกรรมการ',
    askTh: 'พิจารณาลงนามคำสั่งแต่งตั้งคณะกรรมการ',
    requestTh: 'ลงนามคำสั่งแต่งตั้งคณะกรรมการ',
    askEn: 'sign the order appointing the committee',
  },
  endorse: {
    subjectTh: 'ขอความเห็นชอบ',
    askTh: 'พิจารณาให้ความเห็นชอบเพื่อเสนอผู้บริหาร',
    requestTh: 'ความเห็นชอบเพื่อเสนอผู้บริหาร',
    askEn: 'endorse the proposal for the chief executive',
  },
} as const;
export type ApprovalAsk = keyof typeof APPROVAL_ASKS;

export interface ApprovalRequestInput extends CommonInput {
  item: ItemRef;
  ask: ApprovalAsk;
  /** Baht; null when the item uses no budget (ไม่ใช้งบประมาณ). */
  budgetBaht: number | null;
  /** The decision is due by this date (ISO, CE). */
  dueDate: IsoDate;
  /** Who proposes it, as written in Thai (name and position), if the request should say so. */
  requestedBy?: string;
}

function budgetTh(budgetBaht: number | null, digits: DigitStyle): string {
  return budgetBaht === null ? 'ไม่ใช้งบประมาณ' : formatBaht(budgetBaht, { digits, unit: true });
}

function budgetEn(budgetBaht: number | null): string {
  return budgetBaht === null ? 'no budget (ไม่ใช้งบประมาณ)' : formatBaht(budgetBaht, { lang: 'en', unit: true });
}

/** To the นายก, รองนายก or ปลัด: a decision is waiting behind the signed link. */
export function approvalRequestMessage(input: ApprovalRequestInput): NotificationContent {
  const w = wording(input, input.item);
  const ask = APPROVAL_ASKS[input.ask];
  const requestedBy = input.requestedBy ? oneLine(input.requestedBy) : '';
  return render({
    subjectTh: `${ask.subjectTh}: ${w.codeTh} ${w.name}`,
    subjectEn: `Request to ${ask.askEn}: item ${w.code}`,
    link: input.link,
    th: {
      greeting: w.greetingTh,
      paragraphs: [
        `ขอความกรุณา${ask.askTh} สำหรับ${itemLabelTh(w)} ตามแผนปฏิบัติการป้องกันการทุจริต โดยมีรายละเอียดดังนี้`,
      ],
      facts: [
        ...itemFactsTh(w),
        { label: 'เรื่องที่ขอ', value: ask.requestTh },
        { label: 'งบประมาณ', value: budgetTh(input.budgetBaht, w.digits) },
        { label: 'กำหนดพิจารณา', value: `ภายในวันที่ ${w.dateTh(input.dueDate)}` },
        ...(requestedBy ? [{ label: 'ผู้เสนอ', value: requestedBy }] : []),
      ],
      linkLabel: 'กรุณาเปิดลิงก์เพื่อดูรายละเอียดและยืนยันการพิจารณา',
      closing: ['จึงเรียนมาเพื่อโปรดพิจารณา', SYSTEM_SIGNATURE_TH],
    },
    en: {
      greeting: w.greetingEn,
      paragraphs: [`You are kindly asked to ${ask.askEn} for ${itemLabelEn(w)} of the anti-corruption action plan.`],
      facts: [
        ...itemFactsEn(w),
        { label: 'Request', value: ask.askEn },
        { label: 'Budget', value: budgetEn(input.budgetBaht) },
        { label: 'Decision due', value: `by ${w.dateEn(input.dueDate)}` },
        ...(requestedBy ? [{ label: 'Proposed by', value: requestedBy }] : []),
      ],
      linkLabel: 'Open the link to review the details and confirm your decision',
      closing: [SYSTEM_SIGNATURE_EN],
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Reminders

export interface StepReminderInput extends CommonInput {
  item: ItemRef;
  /** The step's text as the plan words it. */
  step: string;
  dueDate: IsoDate;
}

export interface StepDueReminderInput extends StepReminderInput {
  /** Whole days until the due date: 7, 1, 0 (today) in the default policy. */
  daysLeft: number;
}

/** To an item owner before a step is due. */
export function stepDueReminderMessage(input: StepDueReminderInput): NotificationContent {
  const w = wording(input, input.item);
  const daysLeft = requireWholeDays(input.daysLeft, 0, 'daysLeft');
  const step = oneLine(requireText(input.step, 'step'));
  const relativeTh = formatRelativeDays(daysLeft, { digits: w.digits });
  const relativeEn = formatRelativeDays(daysLeft, { lang: 'en' });
  const whenTh = daysLeft >= 2 ? `${relativeTh}ครบกำหนด` : `ครบกำหนด${relativeTh}`;
  const whenEn = `due ${relativeEn}`;
  const dueTh = w.dateTh(input.dueDate);
  const dueEn = w.dateEn(input.dueDate);
  return render({
    subjectTh: `แจ้งเตือน ${whenTh}: ${w.codeTh} ${w.name}`,
    subjectEn: `Reminder, ${whenEn}: item ${w.code}`,
    link: input.link,
    th: {
      greeting: w.greetingTh,
      paragraphs: [
        daysLeft === 0
          ? `ขอแจ้งเตือนว่า ขั้นตอน “${step}” ของ${itemLabelTh(w)} ครบกำหนดวันนี้ (วันที่ ${dueTh})`
          : `ขอแจ้งเตือนว่า ขั้นตอน “${step}” ของ${itemLabelTh(w)} จะครบกำหนดในวันที่ ${dueTh} (${relativeTh})`,
        'ขอความกรุณาดำเนินการและบันทึกผลการดำเนินงานในระบบให้แล้วเสร็จภายในกำหนด',
      ],
      facts: [...itemFactsTh(w), { label: 'ขั้นตอน', value: step }, { label: 'วันครบกำหนด', value: dueTh }],
      linkLabel: 'เปิดลิงก์เพื่อบันทึกผลการดำเนินงาน',
      closing: ['จึงเรียนมาเพื่อโปรดทราบและดำเนินการ', SYSTEM_SIGNATURE_TH],
    },
    en: {
      greeting: w.greetingEn,
      paragraphs: [
        `This is a reminder that the step "${step}" of ${itemLabelEn(w)} is ${whenEn} (${dueEn}).`,
        'Please complete it and record the result in the system by the due date.',
      ],
      facts: [...itemFactsEn(w), { label: 'Step', value: step }, { label: 'Due date', value: dueEn }],
      linkLabel: 'Open the link to record progress',
      closing: [SYSTEM_SIGNATURE_EN],
    },
  });
}

export interface OverdueReminderInput extends StepReminderInput {
  /** Whole days past the due date, at least 1. */
  daysOverdue: number;
}

/** To an item owner whose step is past its due date. */
export function overdueReminderMessage(input: OverdueReminderInput): NotificationContent {
  const w = wording(input, input.item);
  const daysOverdue = requireWholeDays(input.daysOverdue, 1, 'daysOverdue');
  const step = oneLine(requireText(input.step, 'step'));
  const lateTh = `เกินกำหนด ${w.numberTh(daysOverdue)} วัน`;
  const lateEn = `${plural(daysOverdue, 'day')} overdue`;
  const dueTh = w.dateTh(input.dueDate);
  const dueEn = w.dateEn(input.dueDate);
  return render({
    subjectTh: `${lateTh}: ${w.codeTh} ${w.name}`,
    subjectEn: `Overdue by ${plural(daysOverdue, 'day')}: item ${w.code}`,
    link: input.link,
    th: {
      greeting: w.greetingTh,
      paragraphs: [
        `ขอแจ้งว่า ขั้นตอน “${step}” ของ${itemLabelTh(w)} ครบกำหนดเมื่อวันที่ ${dueTh} ขณะนี้${lateTh}แล้ว`,
        'ขอความกรุณาดำเนินการและบันทึกผลในระบบโดยเร็ว หากมีปัญหาหรืออุปสรรค กรุณาบันทึกไว้ในระบบด้วย',
      ],
      facts: [
        ...itemFactsTh(w),
        { label: 'ขั้นตอน', value: step },
        { label: 'วันครบกำหนด', value: dueTh },
        { label: 'ความล่าช้า', value: lateTh },
      ],
      linkLabel: 'เปิดลิงก์เพื่อบันทึกผลการดำเนินงาน',
      closing: ['จึงเรียนมาเพื่อโปรดดำเนินการ', SYSTEM_SIGNATURE_TH],
    },
    en: {
      greeting: w.greetingEn,
      paragraphs: [
        `The step "${step}" of ${itemLabelEn(w)} was due on ${dueEn} and is now ${lateEn}.`,
        'Please complete it and record the result as soon as possible; if something is in the way, record the problem in the system too.',
      ],
      facts: [
        ...itemFactsEn(w),
        { label: 'Step', value: step },
        { label: 'Due date', value: dueEn },
        { label: 'Delay', value: lateEn },
      ],
      linkLabel: 'Open the link to record progress',
      closing: [SYSTEM_SIGNATURE_EN],
    },
  });
}

export interface EscalationInput extends OverdueReminderInput {
  /** Who receives it, which decides what they are asked to do. */
  escalateTo: EscalationTarget;
  owner: { name: string; unit?: string };
}

/** To the unit head or the ปลัด when an owner's step stays overdue. */
export function escalationMessage(input: EscalationInput): NotificationContent {
  const w = wording(input, input.item);
  const daysOverdue = requireWholeDays(input.daysOverdue, 1, 'daysOverdue');
  const step = oneLine(requireText(input.step, 'step'));
  const ownerName = oneLine(requireText(input.owner.name, 'owner.name'));
  const unit = input.owner.unit ? oneLine(input.owner.unit) : '';
  const ownerTh = unit ? `${ownerName} (${unit})` : ownerName;
  const lateTh = `เกินกำหนด ${w.numberTh(daysOverdue)} วัน`;
  const lateEn = `${plural(daysOverdue, 'day')} overdue`;
  const dueTh = w.dateTh(input.dueDate);
  const dueEn = w.dateEn(input.dueDate);
  const toPalad = input.escalateTo === 'palad';
  return render({
    subjectTh: `รายงานงานล่าช้า ${lateTh}: ${w.codeTh} ${w.name}`,
    subjectEn: `Escalation, ${lateEn}: item ${w.code}`,
    link: input.link,
    th: {
      greeting: w.greetingTh,
      paragraphs: [
        `ขอเรียนให้ทราบว่า ขั้นตอน “${step}” ของ${itemLabelTh(w)} ซึ่งมี ${ownerTh} เป็นผู้รับผิดชอบ ` +
          `ครบกำหนดเมื่อวันที่ ${dueTh} ขณะนี้${lateTh}แล้ว และระบบได้แจ้งเตือนผู้รับผิดชอบแล้ว`,
        toPalad
          ? 'ขอความกรุณาพิจารณาสั่งการเพื่อเร่งรัดการดำเนินงานให้แล้วเสร็จ'
          : 'ขอความกรุณาติดตามและกำกับการดำเนินงานให้แล้วเสร็จโดยเร็ว',
      ],
      facts: [
        ...itemFactsTh(w),
        { label: 'ขั้นตอน', value: step },
        { label: 'ผู้รับผิดชอบ', value: ownerTh },
        { label: 'วันครบกำหนด', value: dueTh },
        { label: 'ความล่าช้า', value: lateTh },
      ],
      linkLabel: 'เปิดลิงก์เพื่อดูสถานะของรายการ',
      closing: ['จึงเรียนมาเพื่อโปรดพิจารณา', SYSTEM_SIGNATURE_TH],
    },
    en: {
      greeting: w.greetingEn,
      paragraphs: [
        `The step "${step}" of ${itemLabelEn(w)}, owned by ${ownerTh}, was due on ${dueEn} and is now ${lateEn}. ` +
          'The owner has already been reminded.',
        toPalad
          ? 'You are kindly asked to give instructions so that the work is completed.'
          : 'You are kindly asked to follow up with the owner so that the work is completed soon.',
      ],
      facts: [
        ...itemFactsEn(w),
        { label: 'Step', value: step },
        { label: 'Owner', value: ownerTh },
        { label: 'Due date', value: dueEn },
        { label: 'Delay', value: lateEn },
      ],
      linkLabel: 'Open the link to see the item',
      closing: [SYSTEM_SIGNATURE_EN],
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Decision result

export type DecisionOutcome =
  | { outcome: 'approved' }
  | { outcome: 'rejected'; reason: string }
  | { outcome: 'changes_requested'; reason: string };

export interface DecisionResultInput extends CommonInput {
  item: ItemRef;
  decision: DecisionOutcome;
  /** Who decided, as written in Thai (name and position). */
  decidedBy: string;
  /** ISO date, or the instant of the decision (read in Bangkok time). */
  decidedAt: DateInput;
}

/** To the item owner: what the approver decided. */
export function decisionResultMessage(input: DecisionResultInput): NotificationContent {
  const w = wording(input, input.item);
  const decidedBy = oneLine(requireText(input.decidedBy, 'decidedBy'));
  const decision = input.decision;
  const reason = decision.outcome === 'approved' ? '' : requireText(decision.reason, 'reason').trim();
  const onTh = w.dateTh(input.decidedAt);
  const onEn = w.dateEn(input.decidedAt);
  const outcome = {
    approved: {
      th: 'อนุมัติ',
      en: 'approved',
      paragraphTh: `${itemLabelTh(w)} ได้รับการอนุมัติจาก ${decidedBy} เมื่อวันที่ ${onTh} ท่านสามารถดำเนินการในขั้นตอนถัดไปได้`,
      paragraphEn: `${itemLabelEn(w, 'start')} was approved by ${decidedBy} on ${onEn}. You may go on with the next step.`,
      reasonLabelTh: '',
      reasonLabelEn: '',
      closingTh: 'จึงเรียนมาเพื่อโปรดทราบ',
    },
    rejected: {
      th: 'ไม่อนุมัติ',
      en: 'rejected',
      paragraphTh: `${itemLabelTh(w)} ไม่ได้รับการอนุมัติจาก ${decidedBy} เมื่อวันที่ ${onTh} ด้วยเหตุผลตามที่ระบุด้านล่าง`,
      paragraphEn: `${itemLabelEn(w, 'start')} was rejected by ${decidedBy} on ${onEn}, for the reason below.`,
      reasonLabelTh: 'เหตุผล',
      reasonLabelEn: 'Reason',
      closingTh: 'จึงเรียนมาเพื่อโปรดทราบ',
    },
    changes_requested: {
      th: 'ส่งกลับให้แก้ไข',
      en: 'sent back for changes',
      paragraphTh:
        `${itemLabelTh(w)} ถูกส่งกลับให้แก้ไขโดย ${decidedBy} เมื่อวันที่ ${onTh} ` +
        'ขอความกรุณาแก้ไขตามข้อสังเกตด้านล่างและเสนอใหม่อีกครั้ง',
      paragraphEn: `${itemLabelEn(w, 'start')} was sent back for changes by ${decidedBy} on ${onEn}. Please revise it as noted below and submit it again.`,
      reasonLabelTh: 'สิ่งที่ขอให้แก้ไข',
      reasonLabelEn: 'Changes asked for',
      closingTh: 'จึงเรียนมาเพื่อโปรดดำเนินการ',
    },
  }[decision.outcome];
  return render({
    subjectTh: `ผลการพิจารณา ${outcome.th}: ${w.codeTh} ${w.name}`,
    subjectEn: `Decision, ${outcome.en}: item ${w.code}`,
    link: input.link,
    th: {
      greeting: w.greetingTh,
      paragraphs: [outcome.paragraphTh],
      facts: [
        ...itemFactsTh(w),
        { label: 'ผลการพิจารณา', value: outcome.th },
        { label: 'ผู้พิจารณา', value: decidedBy },
        { label: 'วันที่พิจารณา', value: onTh },
        ...(reason ? [{ label: outcome.reasonLabelTh, value: reason }] : []),
      ],
      linkLabel: 'เปิดลิงก์เพื่อดูรายละเอียด',
      closing: [outcome.closingTh, SYSTEM_SIGNATURE_TH],
    },
    en: {
      greeting: w.greetingEn,
      paragraphs: [outcome.paragraphEn],
      facts: [
        ...itemFactsEn(w),
        { label: 'Decision', value: outcome.en },
        { label: 'Decided by', value: decidedBy },
        { label: 'Date', value: onEn },
        ...(reason ? [{ label: `${outcome.reasonLabelEn} (as written)`, value: reason }] : []),
      ],
      linkLabel: 'Open the link for the details',
      closing: [SYSTEM_SIGNATURE_EN],
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Sign-in link

export interface SignInLinkInput extends CommonInput {
  /** When the link stops working (epoch milliseconds). */
  expiresAtMs: number;
}

/** HH:MM in Bangkok time; ICU is avoided for the same determinism reasons as thai-format. */
function bangkokClock(epochMs: number): string {
  const msIntoBangkokDay = (((epochMs + BANGKOK_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  const minuteOfDay = Math.floor(msIntoBangkokDay / 60_000);
  const hh = String(Math.floor(minuteOfDay / 60)).padStart(2, '0');
  const mm = String(minuteOfDay % 60).padStart(2, '0');
  return `${hh}:${mm}`;
}

/** A one-time sign-in link to a person who asked for it. */
export function signInLinkMessage(input: SignInLinkInput): NotificationContent {
  const w = wording(input);
  const expiryDate = bangkokDate(input.expiresAtMs);
  const clock = bangkokClock(input.expiresAtMs);
  const expiresTh = `วันที่ ${w.dateTh(expiryDate)} เวลา ${thaiDigits(clock, w.digits)} น.`;
  const expiresEn = `${clock} (Bangkok time) on ${w.dateEn(expiryDate)}`;
  return render({
    subjectTh: 'ลิงก์เข้าสู่ระบบสุจริต',
    subjectEn: 'Sujarit sign-in link',
    link: input.link,
    th: {
      greeting: w.greetingTh,
      paragraphs: [
        'ตามที่ท่านขอเข้าสู่ระบบสุจริต กรุณาเปิดลิงก์ด้านล่างเพื่อเข้าสู่ระบบ',
        `ลิงก์นี้ใช้ได้ครั้งเดียว และหมดอายุ${expiresTh} หากท่านไม่ได้เป็นผู้ขอ โปรดเพิกเฉยต่อข้อความนี้ และอย่าส่งต่อลิงก์ให้ผู้อื่น`,
      ],
      facts: [],
      linkLabel: 'เข้าสู่ระบบ',
      closing: [SYSTEM_SIGNATURE_TH],
    },
    en: {
      greeting: w.greetingEn,
      paragraphs: [
        'You asked to sign in to Sujarit. Open the link below to sign in.',
        `The link works once and expires at ${expiresEn}. If you did not ask for it, ignore this message and do not forward the link.`,
      ],
      facts: [],
      linkLabel: 'Sign in',
      closing: [SYSTEM_SIGNATURE_EN],
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Report ready for sign-off

export type ReportKind = 'six_month' | 'annual';

export interface ReportSignOffInput extends CommonInput {
  report: { kind: ReportKind; fiscalYear: number };
  organisationName: string;
  /**
   * 'forward': a reviewer on the way up (หัวหน้าสำนักปลัด, ปลัด) checks and signs to pass it on;
   * 'final': the นายก acknowledges the report and authorises its publication.
   */
  stage: 'forward' | 'final';
  /** Sign-off wanted by this date, if there is one. */
  dueDate?: IsoDate;
}

function reportTitles(kind: ReportKind, fiscalYear: number, digits: DigitStyle) {
  const fy = thaiDigits(String(fiscalYear), digits);
  if (kind === 'six_month') {
    const period = sixMonthPeriod(fiscalYear);
    return {
      th: `รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ ${thaiDigits('6', digits)} เดือน ประจำปีงบประมาณ พ.ศ. ${fy}`,
      en: `six-month anti-corruption monitoring report, fiscal year ${fiscalYear} BE`,
      periodTh: periodTitle(period, { digits }),
      periodEn: periodTitle(period, { lang: 'en' }),
    };
  }
  const period = annualPeriod(fiscalYear);
  return {
    th: `รายงานผลการดำเนินการป้องกันการทุจริตประจำปี ประจำปีงบประมาณ พ.ศ. ${fy}`,
    en: `annual anti-corruption result report, fiscal year ${fiscalYear} BE`,
    periodTh: periodTitle(period, { digits }),
    periodEn: periodTitle(period, { lang: 'en' }),
  };
}

/** To a reviewer or the นายก: a compiled report waits for their signature. */
export function reportReadyForSignOffMessage(input: ReportSignOffInput): NotificationContent {
  const w = wording(input);
  const organisation = oneLine(requireText(input.organisationName, 'organisationName'));
  const title = reportTitles(input.report.kind, input.report.fiscalYear, w.digits);
  const final = input.stage === 'final';
  const dueFactsTh = input.dueDate ? [{ label: 'กำหนดลงนาม', value: `ภายในวันที่ ${w.dateTh(input.dueDate)}` }] : [];
  const dueFactsEn = input.dueDate ? [{ label: 'Sign-off due', value: `by ${w.dateEn(input.dueDate)}` }] : [];
  return render({
    subjectTh: `รายงานรอลงนาม: ${title.th}`,
    subjectEn: `Report ready for sign-off: ${title.en}`,
    link: input.link,
    th: {
      greeting: w.greetingTh,
      paragraphs: [
        `ด้วย${organisation} ได้จัดทำ${title.th} (${title.periodTh}) แล้วเสร็จ`,
        final
          ? 'ขอความกรุณาพิจารณารับทราบรายงาน และอนุญาตให้เผยแพร่บนเว็บไซต์ของหน่วยงาน'
          : 'ขอความกรุณาตรวจสอบรายงานและลงนามเพื่อเสนอตามลำดับ',
      ],
      facts: [
        { label: 'รายงาน', value: title.th },
        { label: 'ช่วงเวลา', value: title.periodTh },
        { label: 'หน่วยงาน', value: organisation },
        ...dueFactsTh,
      ],
      linkLabel: 'เปิดลิงก์เพื่อตรวจสอบรายงานและลงนาม',
      closing: ['จึงเรียนมาเพื่อโปรดพิจารณา', SYSTEM_SIGNATURE_TH],
    },
    en: {
      greeting: w.greetingEn,
      paragraphs: [
        `${organisation} has completed its ${title.en} (${title.periodEn}).`,
        final
          ? 'You are kindly asked to acknowledge the report and authorise its publication on the website.'
          : 'You are kindly asked to review the report and sign it to pass it on.',
      ],
      facts: [
        { label: 'Report', value: title.en },
        { label: 'Period', value: title.periodEn },
        { label: 'Organisation', value: organisation },
        ...dueFactsEn,
      ],
      linkLabel: 'Open the link to review and sign the report',
      closing: [SYSTEM_SIGNATURE_EN],
    },
  });
}
