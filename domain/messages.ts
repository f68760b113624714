import { annualPeriod, BANGKOK_OFFSET_MS, bangkokDate, DAY_MS, daysBetween, sixMonthPeriod, type IsoDate } from './fiscal';
import type { EscalationTarget } from './reminders';
import type { ReportKind } from './report-kind';
import { ROLE_NAMES, type Role } from './roles';
import { arabicToThaiDigits } from './thai';
import { responsibleUnitByKey } from './units';
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
 * The catalogue of every notification the system sends: approval requests, decision links and their reminders,
 * step reminders, escalations, decision results, sign-in links, report sign-off requests and report notices.
 * Each is an entry of MESSAGE_CATALOGUE, a pure function of its input, Thai first and English after, in one
 * content object that each channel takes its part of (e-mail subject, text and HTML, LINE text). `Message` is the
 * discriminated union `{ template, data }` derived from the catalogue: what activities render and, for the
 * templates a workflow may name (WorkflowMessage), what workflows send, so a wrong field fails the typecheck.
 * Thai wording follows official correspondence: เรียน ..., ขอความกรุณา ..., จึงเรียนมาเพื่อ ...
 *
 * Workflow code imports this module as types only; it stays free of I/O, the clock and heavy dependencies.
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

/** The one signature line every message ends with, in each language. */
export function signatureLine(lang: 'th' | 'en'): string {
  return lang === 'th' ? 'ระบบสุจริต (ระบบติดตามแผนปฏิบัติการป้องกันการทุจริต)' : 'Sujarit (anti-corruption action plan tracking)';
}

interface Fact {
  label: string;
  value: string;
}

interface LanguageBlock {
  greeting: string;
  paragraphs: string[];
  facts: Fact[];
  linkLabel: string;
  /** Courtesy lines before the signature (จึงเรียนมาเพื่อ ...); the signature line is added by render. */
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

function closingLines(block: LanguageBlock, lang: 'th' | 'en'): string[] {
  return [...block.closing, signatureLine(lang)];
}

function renderTextBlock(block: LanguageBlock, link: string, lang: 'th' | 'en'): string {
  const parts = [block.greeting, ...block.paragraphs];
  if (block.facts.length > 0) parts.push(block.facts.map((f) => `${f.label}: ${f.value}`).join('\n'));
  parts.push(`${block.linkLabel}:\n${link}`);
  parts.push(closingLines(block, lang).join('\n'));
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
    `<p>${closingLines(block, lang).map(escapeHtml).join('<br>')}</p>`,
    '</div>',
  ]
    .filter(Boolean)
    .join('\n');
}

function render(draft: Draft): NotificationContent {
  const link = requireLink(draft.link);
  const subject = `${oneLine(draft.subjectTh)} / ${oneLine(draft.subjectEn)}`;
  const text = `${renderTextBlock(draft.th, link, 'th')}\n\n----------------------------------------\n\n${renderTextBlock(draft.en, link, 'en')}\n`;
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
      closing: ['จึงเรียนมาเพื่อโปรดพิจารณา'],
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
      closing: [],
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Decision link: a reminder, a renewed link, or a request in the workflow's own words

/** Why a decision link is sent: the first request, a renewal the approver asked for, or a reminder. */
export type DecisionLinkOccasion =
  | { kind: 'request' }
  | { kind: 'renewal' }
  | { kind: 'reminder'; reminder: 'before' | 'due' | 'overdue' };

export interface DecisionLinkInput extends CommonInput {
  occasion: DecisionLinkOccasion;
  item: ItemRef;
  fiscalYear: number;
  /** What is asked, in the workflow's own words (ask + object, e.g. 'พิจารณารับทราบรายงานผล'). */
  askTh: string;
  askEn: string;
  /** Baht; null when the item uses no budget (ไม่ใช้งบประมาณ). */
  budgetBaht: number | null;
  /** Why it is asked (a cancellation's reason), as written. */
  reason?: string;
  dueDate: IsoDate;
  /** Today in Bangkok: a reminder counts the days from it (the domain does not read the clock). */
  today: IsoDate;
}

function decisionLinkWording(
  occasion: DecisionLinkOccasion,
  dueDate: IsoDate,
  today: IsoDate,
  w: Wording,
): { th: string; en: string; subjectTh: string; subjectEn: string } {
  if (occasion.kind === 'renewal') {
    return {
      th: 'ตามที่ท่านขอ ระบบได้ออกลิงก์ใหม่แทนลิงก์เดิมที่หมดอายุแล้ว',
      en: 'As you asked, here is a new link in place of the one that expired.',
      subjectTh: 'ลิงก์ใหม่สำหรับการพิจารณา',
      subjectEn: 'New decision link',
    };
  }
  if (occasion.kind === 'request') return { th: '', en: '', subjectTh: 'ขอความกรุณาพิจารณา', subjectEn: 'Decision requested' };
  if (occasion.reminder === 'overdue') {
    const days = Math.max(1, daysBetween(dueDate, today));
    return {
      th: `เรื่องนี้เกินกำหนดพิจารณามาแล้ว ${w.numberTh(days)} วัน`,
      en: `This decision is ${plural(days, 'day')} overdue.`,
      subjectTh: `แจ้งเตือน เกินกำหนดพิจารณา ${w.numberTh(days)} วัน`,
      subjectEn: `Reminder, decision overdue by ${plural(days, 'day')}`,
    };
  }
  const daysLeft = occasion.reminder === 'due' ? 0 : Math.max(0, daysBetween(today, dueDate));
  const whenTh = daysLeft === 0 ? 'ครบกำหนดพิจารณาวันนี้' : `อีก ${w.numberTh(daysLeft)} วันครบกำหนดพิจารณา`;
  const whenEn = daysLeft === 0 ? 'due today' : `due in ${plural(daysLeft, 'day')}`;
  return {
    th: `ขอแจ้งเตือนว่าเรื่องนี้${whenTh}`,
    en: `A reminder: this decision is ${whenEn}.`,
    subjectTh: `แจ้งเตือน ${whenTh}`,
    subjectEn: `Reminder, decision ${whenEn}`,
  };
}

/**
 * To an approver, with the signed link: a reminder, a renewed link, or a request whose ask the workflow words
 * itself (a report acknowledgement, a cancellation). A first request for a proposal or a committee order is an
 * approvalRequestMessage instead.
 */
export function decisionLinkMessage(input: DecisionLinkInput): NotificationContent {
  const w = wording(input, input.item);
  const wordingFor = decisionLinkWording(input.occasion, input.dueDate, input.today, w);
  const askTh = oneLine(requireText(input.askTh, 'askTh'));
  const askEn = oneLine(requireText(input.askEn, 'askEn'));
  const reason = input.reason?.trim() ?? '';
  return render({
    subjectTh: `${wordingFor.subjectTh}: ${w.codeTh} ${w.name}`,
    subjectEn: `${wordingFor.subjectEn}: item ${w.code}`,
    link: input.link,
    th: {
      greeting: w.greetingTh,
      paragraphs: [wordingFor.th, `ขอความกรุณา${askTh} สำหรับ${itemLabelTh(w)} ตามแผนปฏิบัติการป้องกันการทุจริต`].filter(Boolean),
      facts: [
        ...itemFactsTh(w),
        { label: 'ปีงบประมาณ', value: w.numberTh(input.fiscalYear) },
        { label: 'เรื่องที่ขอ', value: askTh },
        { label: 'งบประมาณ', value: budgetTh(input.budgetBaht, w.digits) },
        ...(reason ? [{ label: 'เหตุผล', value: reason }] : []),
        { label: 'กำหนดพิจารณา', value: `ภายในวันที่ ${w.dateTh(input.dueDate)}` },
      ],
      linkLabel: 'กรุณาเปิดลิงก์เพื่อดูรายละเอียดและยืนยันการพิจารณา',
      closing: ['จึงเรียนมาเพื่อโปรดพิจารณา'],
    },
    en: {
      greeting: w.greetingEn,
      paragraphs: [wordingFor.en, `You are kindly asked to ${askEn} for ${itemLabelEn(w)}.`].filter(Boolean),
      facts: [
        ...itemFactsEn(w),
        { label: 'Fiscal year', value: `${input.fiscalYear} BE` },
        { label: 'Request', value: askEn },
        { label: 'Budget', value: budgetEn(input.budgetBaht) },
        ...(reason ? [{ label: 'Reason (as written)', value: reason }] : []),
        { label: 'Decision due', value: `by ${w.dateEn(input.dueDate)}` },
      ],
      linkLabel: 'Open the link to review the details and confirm your decision',
      closing: [],
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
      closing: ['จึงเรียนมาเพื่อโปรดทราบและดำเนินการ'],
    },
    en: {
      greeting: w.greetingEn,
      paragraphs: [
        `This is a reminder that the step "${step}" of ${itemLabelEn(w)} is ${whenEn} (${dueEn}).`,
        'Please complete it and record the result in the system by the due date.',
      ],
      facts: [...itemFactsEn(w), { label: 'Step', value: step }, { label: 'Due date', value: dueEn }],
      linkLabel: 'Open the link to record progress',
      closing: [],
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
      closing: ['จึงเรียนมาเพื่อโปรดดำเนินการ'],
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
      closing: [],
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
      closing: ['จึงเรียนมาเพื่อโปรดพิจารณา'],
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
      closing: [],
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Decision result

/** What the owner is told was decided (domain/decision.ts has the outcomes an approver chooses from). */
export type DecisionResult =
  | { outcome: 'approved' }
  | { outcome: 'rejected'; reason: string }
  | { outcome: 'changes_requested'; reason: string };

export interface DecisionResultInput extends CommonInput {
  item: ItemRef;
  decision: DecisionResult;
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
      closing: [outcome.closingTh],
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
      closing: [],
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
      closing: [],
    },
    en: {
      greeting: w.greetingEn,
      paragraphs: [
        'You asked to sign in to Sujarit. Open the link below to sign in.',
        `The link works once and expires at ${expiresEn}. If you did not ask for it, ignore this message and do not forward the link.`,
      ],
      facts: [],
      linkLabel: 'Sign in',
      closing: [],
    },
  });
}


export interface OrganizationInvitationInput extends CommonInput {
  /** The organisation's full Thai name. */
  organization: string;
  /** When the link stops working (epoch milliseconds); afterwards the person signs in by address as anyone does. */
  expiresAtMs: number;
}

/** To an organisation's first coordinator, invited by a platform administrator: a sign-in link that lasts days. */
export function organizationInvitationMessage(input: OrganizationInvitationInput): NotificationContent {
  const w = wording(input);
  const organization = oneLine(requireText(input.organization, 'organization'));
  const expiryDate = bangkokDate(input.expiresAtMs);
  return render({
    subjectTh: `เชิญเข้าใช้ระบบสุจริตในฐานะผู้ประสานงานแผนของ${organization}`,
    subjectEn: `Invitation to Sujarit as the plan coordinator of ${organization}`,
    link: input.link,
    th: {
      greeting: w.greetingTh,
      paragraphs: [
        `ระบบสุจริตได้เปิดใช้งานสำหรับ${organization}แล้ว และท่านได้รับมอบหมายเป็นผู้ประสานงานแผนและผู้ดูแลระบบขององค์กร ` +
          'เมื่อเข้าสู่ระบบแล้ว ท่านสามารถเพิ่มบุคลากร (หรือนำเข้าจากไฟล์) กำหนดบทบาท และนำเข้าแผนปฏิบัติการได้',
        `ลิงก์นี้ใช้ได้ครั้งเดียว และหมดอายุวันที่ ${w.dateTh(expiryDate)} หลังจากนั้นท่านเข้าสู่ระบบด้วยอีเมลนี้ได้ที่หน้าเข้าสู่ระบบ อย่าส่งต่อลิงก์ให้ผู้อื่น`,
      ],
      facts: [{ label: 'องค์กร', value: organization }],
      linkLabel: 'เข้าสู่ระบบ',
      closing: [],
    },
    en: {
      greeting: w.greetingEn,
      paragraphs: [
        `Sujarit is now open for ${organization}, and you are its plan coordinator and administrator. ` +
          'Once signed in you can add people (or import them from a file), assign roles and import the action plan.',
        `The link works once and expires on ${w.dateEn(expiryDate)}; after that, sign in with this address on the sign-in page. Do not forward the link.`,
      ],
      facts: [{ label: 'Organisation', value: organization }],
      linkLabel: 'Sign in',
      closing: [],
    },
  });
}

export interface OversightInvitationInput extends CommonInput {
  /** The office's name, e.g. สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น. */
  office: string;
  /** When the link stops working (epoch milliseconds); afterwards the person signs in by address as anyone does. */
  expiresAtMs: number;
}

/** To an officer of a province or district office, invited by a platform administrator: a sign-in link that lasts days. */
export function oversightInvitationMessage(input: OversightInvitationInput): NotificationContent {
  const w = wording(input);
  const office = oneLine(requireText(input.office, 'office'));
  const expiryDate = bangkokDate(input.expiresAtMs);
  return render({
    subjectTh: `เชิญเข้าใช้ระบบสุจริตในฐานะเจ้าหน้าที่ของ${office}`,
    subjectEn: `Invitation to Sujarit as an officer of ${office}`,
    link: input.link,
    th: {
      greeting: w.greetingTh,
      paragraphs: [
        `ท่านได้รับสิทธิ์ดูภาพรวมการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริตขององค์กรปกครองส่วนท้องถิ่นในพื้นที่ของ${office} ` +
          'เฉพาะองค์กรที่ยินยอมเปิดเผยข้อมูลต่อสำนักงาน: คะแนนการดำเนินงาน งบประมาณ การเผยแพร่รายงาน และรายการที่เลยกำหนด',
        `ลิงก์นี้ใช้ได้ครั้งเดียว และหมดอายุวันที่ ${w.dateTh(expiryDate)} หลังจากนั้นท่านเข้าสู่ระบบด้วยอีเมลนี้ได้ที่หน้าเข้าสู่ระบบ อย่าส่งต่อลิงก์ให้ผู้อื่น`,
      ],
      facts: [{ label: 'สำนักงาน', value: office }],
      linkLabel: 'เข้าสู่ระบบ',
      closing: [],
    },
    en: {
      greeting: w.greetingEn,
      paragraphs: [
        `You may now see how the local governments in the area of ${office} carry out their anti-corruption action plans, ` +
          'for those that chose to share with the office: implementation score, budget, report publication and overdue items.',
        `The link works once and expires on ${w.dateEn(expiryDate)}; after that, sign in with this address on the sign-in page. Do not forward the link.`,
      ],
      facts: [{ label: 'Office', value: office }],
      linkLabel: 'Sign in',
      closing: [],
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// A change to someone's authority

export type AuthorityChange = 'role_assigned' | 'role_removed' | 'delegation_added' | 'delegation_ended';

export interface AuthorityChangeInput extends CommonInput {
  change: AuthorityChange;
  /** The organisation's full Thai name. */
  organization: string;
  /** The administrator who made the change, by name. */
  administrator: string;
  /** Whose role or delegation it is, by name. */
  person: string;
  /** The role, or for a delegation the role whose authority is delegated. */
  role: Role;
  /** An acting appointment (รักษาราชการแทน). */
  acting?: boolean;
  validFrom: IsoDate | null;
  validTo: IsoDate | null;
  /** The day of the change (Bangkok). */
  changedOn: IsoDate;
}

const AUTHORITY_CHANGE_WORDS: Record<AuthorityChange, { subjectTh: string; subjectEn: string }> = {
  role_assigned: { subjectTh: 'มีการกำหนดบทบาท', subjectEn: 'A role was assigned' },
  role_removed: { subjectTh: 'มีการยกเลิกบทบาท', subjectEn: 'A role was removed' },
  delegation_added: { subjectTh: 'มีการมอบอำนาจ', subjectEn: 'Authority was delegated' },
  delegation_ended: { subjectTh: 'มีการสิ้นสุดการมอบอำนาจ', subjectEn: 'A delegation was ended' },
};

/**
 * To the นายก and the internal auditor, whenever an administrator changes a role or a delegation: who can approve
 * is the heart of the control, so the people who answer for it hear of every change, not only the one who made it.
 */
export function authorityChangeMessage(input: AuthorityChangeInput): NotificationContent {
  const w = wording(input);
  const organization = oneLine(requireText(input.organization, 'organization'));
  const administrator = oneLine(requireText(input.administrator, 'administrator'));
  const person = oneLine(requireText(input.person, 'person'));
  const role = ROLE_NAMES[input.role];
  const actingTh = input.acting ? ' (รักษาราชการแทน)' : '';
  const actingEn = input.acting ? ' (acting)' : '';
  const whatTh: Record<AuthorityChange, string> = {
    role_assigned: `กำหนดบทบาท${role.th}${actingTh}ให้แก่ ${person}`,
    role_removed: `ยกเลิกบทบาท${role.th}${actingTh}ของ ${person}`,
    delegation_added: `มอบอำนาจของ${role.th}ให้ ${person} ปฏิบัติราชการแทน`,
    delegation_ended: `สิ้นสุดการมอบอำนาจของ${role.th}ให้ ${person}`,
  };
  const whatEn: Record<AuthorityChange, string> = {
    role_assigned: `assigned the role ${role.en}${actingEn} to ${person}`,
    role_removed: `removed the role ${role.en}${actingEn} from ${person}`,
    delegation_added: `delegated the authority of the ${role.en} to ${person}`,
    delegation_ended: `ended the delegation of the ${role.en}'s authority to ${person}`,
  };
  const periodTh = (date: IsoDate | null, open: string) => (date ? w.dateTh(date) : open);
  const periodEn = (date: IsoDate | null, open: string) => (date ? w.dateEn(date) : open);
  const words = AUTHORITY_CHANGE_WORDS[input.change];
  return render({
    subjectTh: `${words.subjectTh}: ${role.th} – ${person}`,
    subjectEn: `${words.subjectEn}: ${role.en} – ${person}`,
    link: input.link,
    th: {
      greeting: w.greetingTh,
      paragraphs: [
        `${administrator} ผู้ดูแลระบบของ${organization} ได้${whatTh[input.change]} เมื่อวันที่ ${w.dateTh(input.changedOn)}`,
        'ระบบแจ้งนายกและผู้ตรวจสอบภายในทุกครั้งที่มีการเปลี่ยนบทบาทหรือการมอบอำนาจ หากท่านไม่ทราบหรือไม่ได้อนุญาตการเปลี่ยนแปลงนี้ โปรดตรวจสอบกับผู้ดูแลระบบโดยเร็ว',
      ],
      facts: [
        { label: 'องค์กร', value: organization },
        { label: 'ผู้ดำเนินการ', value: administrator },
        { label: 'บุคคล', value: person },
        { label: input.change.startsWith('delegation') ? 'อำนาจของ' : 'บทบาท', value: `${role.th}${actingTh}` },
        { label: 'มีผลตั้งแต่', value: periodTh(input.validFrom, 'ทันที') },
        { label: 'ถึง', value: periodTh(input.validTo, 'ไม่กำหนด') },
      ],
      linkLabel: 'เปิดระบบสุจริต',
      closing: [],
    },
    en: {
      greeting: w.greetingEn,
      paragraphs: [
        `${administrator}, administrator of ${organization}, ${whatEn[input.change]} on ${w.dateEn(input.changedOn)}.`,
        'The chief executive and the internal auditor are told of every change to a role or a delegation. If you did not know of or allow this change, check it with the administrator at once.',
      ],
      facts: [
        { label: 'Organisation', value: organization },
        { label: 'Changed by', value: administrator },
        { label: 'Person', value: person },
        { label: input.change.startsWith('delegation') ? 'Authority of' : 'Role', value: `${role.en}${actingEn}` },
        { label: 'From', value: periodEn(input.validFrom, 'now') },
        { label: 'Until', value: periodEn(input.validTo, 'no end date') },
      ],
      linkLabel: 'Open Sujarit',
      closing: [],
    },
  });
}

export interface RolesImportedInput extends CommonInput {
  /** The organisation's full Thai name. */
  organization: string;
  /** The administrator who imported, by name. */
  administrator: string;
  /** How many people the import added. */
  people: number;
  /** Every role the import granted, by the person's name. */
  grants: ReadonlyArray<{ person: string; role: Role; acting: boolean }>;
  /** The day of the import (Bangkok). */
  importedOn: IsoDate;
}

/**
 * To the นายก and the internal auditor when an administrator imports people with roles from a file: the same rule
 * as authorityChangeMessage (they hear of every role granted), as one message listing every grant of the import.
 */
export function rolesImportedMessage(input: RolesImportedInput): NotificationContent {
  const w = wording(input);
  const organization = oneLine(requireText(input.organization, 'organization'));
  const administrator = oneLine(requireText(input.administrator, 'administrator'));
  const people = requireWholeDays(input.people, 1, 'people');
  const grants = input.grants.map((g) => ({ person: oneLine(requireText(g.person, 'grants.person')), role: ROLE_NAMES[g.role], acting: g.acting }));
  return render({
    subjectTh: `มีการนำเข้าบุคลากร ${w.numberTh(people)} คน พร้อมบทบาท ${w.numberTh(grants.length)} รายการ`,
    subjectEn: `People imported: ${people === 1 ? '1 person' : `${people} people`} with ${plural(grants.length, 'role')}`,
    link: input.link,
    th: {
      greeting: w.greetingTh,
      paragraphs: [
        `${administrator} ผู้ดูแลระบบของ${organization} ได้นำเข้าบุคลากร ${w.numberTh(people)} คนจากไฟล์ เมื่อวันที่ ${w.dateTh(input.importedOn)} ` +
          `และกำหนดบทบาท ${w.numberTh(grants.length)} รายการตามรายการด้านล่าง`,
        'ระบบแจ้งนายกและผู้ตรวจสอบภายในทุกครั้งที่มีการเปลี่ยนบทบาทหรือการมอบอำนาจ หากท่านไม่ทราบหรือไม่ได้อนุญาตการเปลี่ยนแปลงนี้ โปรดตรวจสอบกับผู้ดูแลระบบโดยเร็ว',
      ],
      facts: [
        { label: 'องค์กร', value: organization },
        { label: 'ผู้ดำเนินการ', value: administrator },
        ...grants.map((g) => ({ label: g.person, value: `${g.role.th}${g.acting ? ' (รักษาราชการแทน)' : ''}` })),
      ],
      linkLabel: 'เปิดระบบสุจริต',
      closing: [],
    },
    en: {
      greeting: w.greetingEn,
      paragraphs: [
        `${administrator}, administrator of ${organization}, imported ${people === 1 ? '1 person' : `${people} people`} from a file on ${w.dateEn(input.importedOn)} ` +
          `and assigned ${plural(grants.length, 'role')}, listed below.`,
        'The chief executive and the internal auditor are told of every change to a role or a delegation. If you did not know of or allow this change, check it with the administrator at once.',
      ],
      facts: [
        { label: 'Organisation', value: organization },
        { label: 'Changed by', value: administrator },
        ...grants.map((g) => ({ label: g.person, value: `${g.role.en}${g.acting ? ' (acting)' : ''}` })),
      ],
      linkLabel: 'Open Sujarit',
      closing: [],
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Report ready for sign-off

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
      closing: ['จึงเรียนมาเพื่อโปรดพิจารณา'],
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
      closing: [],
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Report notices: sent back, published

export type ReportNotice =
  | { event: 'sent_back'; role: 'palad' | 'mayor'; reason: string; decidedBy: string }
  | { event: 'published' };

export interface ReportNoticeInput extends CommonInput {
  notice: ReportNotice;
  organisationName: string;
  /** The report's own title, as its document words it, on one line per language. */
  reportTitle: { th: string; en: string };
  version: number;
}

/** To the coordinator (and, once published, the ปลัด): a report was sent back for changes, or published. */
export function reportNoticeMessage(input: ReportNoticeInput): NotificationContent {
  const w = wording(input);
  const titleTh = oneLine(requireText(input.reportTitle.th, 'reportTitle.th'));
  const titleEn = oneLine(requireText(input.reportTitle.en, 'reportTitle.en'));
  const organisation = oneLine(requireText(input.organisationName, 'organisationName'));
  const versionTh = w.numberTh(input.version);
  const { notice } = input;
  if (notice.event === 'sent_back') {
    const roleTh = notice.role === 'palad' ? 'ปลัด' : 'นายก';
    const roleEn = notice.role === 'palad' ? 'the permanent secretary' : 'the chief executive';
    const decidedBy = oneLine(notice.decidedBy);
    return render({
      subjectTh: `รายงานถูกส่งกลับให้แก้ไข: ${titleTh}`,
      subjectEn: `Report sent back for changes: ${titleEn}`,
      link: input.link,
      th: {
        greeting: w.greetingTh,
        paragraphs: [
          `${titleTh} ฉบับที่ ${versionTh} ถูกส่งกลับให้แก้ไขโดย ${decidedBy} (${roleTh})`,
          `สิ่งที่ขอให้แก้ไข: ${notice.reason}`,
          'เมื่อแก้ไขข้อมูลในระบบแล้ว ขอความกรุณาสั่งจัดทำรายงานฉบับใหม่ ระบบจะเสนอปลัดและนายกตามลำดับอีกครั้ง',
        ],
        facts: [],
        linkLabel: 'เปิดลิงก์เพื่อดูรายงานฉบับที่ถูกส่งกลับ',
        closing: ['จึงเรียนมาเพื่อโปรดดำเนินการ'],
      },
      en: {
        greeting: w.greetingEn,
        paragraphs: [
          `Version ${input.version} of the ${titleEn} was sent back for changes by ${decidedBy} (${roleEn}).`,
          `Changes asked for (as written): ${notice.reason}`,
          'Once the data is corrected, ask for a new version; it goes to the permanent secretary and the chief executive again.',
        ],
        facts: [],
        linkLabel: 'Open the version that was sent back',
        closing: [],
      },
    });
  }
  return render({
    subjectTh: `เผยแพร่รายงานแล้ว: ${titleTh}`,
    subjectEn: `Report published: ${titleEn}`,
    link: input.link,
    th: {
      greeting: w.greetingTh,
      paragraphs: [
        `${organisation} ได้เผยแพร่${titleTh} ฉบับที่ ${versionTh} บนหน้าเผยแพร่ข้อมูลสาธารณะแล้ว ` +
          'ตามที่นายกรับทราบและอนุญาตให้เผยแพร่',
        'ลิงก์ด้านล่างเป็นที่อยู่ถาวรของรายงานนี้ ใช้อ้างอิงในการประเมิน ITA ได้',
      ],
      facts: [],
      linkLabel: 'ลิงก์สาธารณะของรายงาน',
      closing: ['จึงเรียนมาเพื่อโปรดทราบ'],
    },
    en: {
      greeting: w.greetingEn,
      paragraphs: [
        `${organisation} has published version ${input.version} of the ${titleEn} on its public page, as authorised by the chief executive.`,
        'The link below is the report’s permanent address; it can be cited in the ITA assessment.',
      ],
      facts: [],
      linkLabel: 'Public link of the report',
      closing: [],
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Plan amendments: the words of the นายก's decision page and of the reason a removed item's year ends

export interface PlanAmendmentSummary {
  number: number;
  added: readonly string[];
  removed: readonly string[];
  changed: readonly string[];
}

/** What the นายก is asked to approve (the decision point's ask), Thai and English. */
export function planAmendmentAsk(number: number): { th: string; en: string } {
  return {
    th: `พิจารณาอนุมัติแผนปฏิบัติการป้องกันการทุจริต (แก้ไขเพิ่มเติม/เปลี่ยนแปลง ครั้งที่ ${number}) ที่ผู้ประสานแผนนำเข้าและยืนยันแล้ว`,
    en: `approve amendment no. ${number} of the anti-corruption plan, imported and confirmed by the coordinator`,
  };
}

/** One line of what the amendment changes, by item code, for the decision page's memo. */
export function planAmendmentMemo(a: PlanAmendmentSummary): string {
  const list = (codes: readonly string[]) => (codes.length ? codes.join(', ') : '-');
  return (
    `เพิ่ม ${a.added.length} รายการ (${list(a.added)}) ยกเลิก ${a.removed.length} รายการ (${list(a.removed)}) ` +
    `เปลี่ยนแปลง ${a.changed.length} รายการ (${list(a.changed)}) / ` +
    `${a.added.length} added, ${a.removed.length} removed, ${a.changed.length} changed`
  );
}

export type PlanAmendmentChange =
  | { kind: 'cancelled' }
  | {
      kind: 'changed';
      budgetBefore: number | null;
      budget: number | null;
      /** The responsible division's key, when the amendment moved the item (the reader is its new owner). */
      unitKey?: string;
      /** The method steps changed: the steps and their due dates were worked out again. */
      stepsChanged?: true;
    };

export interface PlanAmendmentNoticeInput extends CommonInput {
  /** The item as the amended plan names it. */
  item: ItemRef;
  amendmentNumber: number;
  fiscalYear: number;
  change: PlanAmendmentChange;
}

/** To the item owner: an approved plan amendment ended the item for this fiscal year, or changed its budget or name. */
export function planAmendmentNoticeMessage(input: PlanAmendmentNoticeInput): NotificationContent {
  const w = wording(input, input.item);
  const numberTh = w.numberTh(input.amendmentNumber);
  const yearTh = w.numberTh(input.fiscalYear);
  const amendmentTh = `แผนปฏิบัติการป้องกันการทุจริต (แก้ไขเพิ่มเติม/เปลี่ยนแปลง ครั้งที่ ${numberTh})`;
  const amendmentEn = `amendment no. ${input.amendmentNumber} of the anti-corruption plan`;
  const { change } = input;
  const cancelled = change.kind === 'cancelled';
  return render({
    subjectTh: `${cancelled ? 'ยกเลิกรายการตามแผนที่แก้ไข' : 'รายการเปลี่ยนตามแผนที่แก้ไข'}: ${w.codeTh} ${w.name}`,
    subjectEn: `${cancelled ? 'Item cancelled by the plan amendment' : 'Item changed by the plan amendment'}: item ${w.code}`,
    link: input.link,
    th: {
      greeting: w.greetingTh,
      paragraphs: [
        cancelled
          ? `นายกได้อนุมัติ${amendmentTh} ซึ่งไม่มี${itemLabelTh(w)} ในปีงบประมาณ ${yearTh} รายการนี้จึงยุติในปีงบประมาณนี้ ไม่ต้องดำเนินการต่อ`
          : `นายกได้อนุมัติ${amendmentTh} ซึ่งเปลี่ยนแปลง${itemLabelTh(w)} ในปีงบประมาณ ${yearTh} ตามรายละเอียดด้านล่าง`,
      ],
      facts: [
        ...itemFactsTh(w),
        { label: 'ปีงบประมาณ', value: yearTh },
        ...(change.kind === 'changed'
          ? [
              { label: 'งบประมาณเดิม', value: budgetTh(change.budgetBefore, w.digits) },
              { label: 'งบประมาณตามแผนที่แก้ไข', value: budgetTh(change.budget, w.digits) },
              ...(change.unitKey ? [{ label: 'ผู้รับผิดชอบตามแผนที่แก้ไข', value: responsibleUnitByKey(change.unitKey)?.nameTh ?? change.unitKey }] : []),
              ...(change.stepsChanged ? [{ label: 'วิธีดำเนินการ', value: 'เปลี่ยนตามแผนที่แก้ไข กำหนดส่งแต่ละขั้นคำนวณใหม่ (ดูที่ลิงก์)' }] : []),
            ]
          : []),
      ],
      linkLabel: 'เปิดลิงก์เพื่อดูรายละเอียด',
      closing: ['จึงเรียนมาเพื่อโปรดทราบ'],
    },
    en: {
      greeting: w.greetingEn,
      paragraphs: [
        cancelled
          ? `The chief executive approved ${amendmentEn}, which no longer has ${itemLabelEn(w)} in fiscal year ${input.fiscalYear}. The item ends for this fiscal year; nothing more is to be done.`
          : `The chief executive approved ${amendmentEn}, which changes ${itemLabelEn(w)} in fiscal year ${input.fiscalYear} as below.`,
      ],
      facts: [
        ...itemFactsEn(w),
        { label: 'Fiscal year', value: String(input.fiscalYear) },
        ...(change.kind === 'changed'
          ? [
              { label: 'Budget before', value: budgetEn(change.budgetBefore) },
              { label: 'Budget in the amended plan', value: budgetEn(change.budget) },
              ...(change.unitKey ? [{ label: 'Responsible in the amended plan', value: responsibleUnitByKey(change.unitKey)?.nameEn ?? change.unitKey }] : []),
              ...(change.stepsChanged ? [{ label: 'Method steps', value: 'changed by the amendment; each step’s due date worked out again (see the link)' }] : []),
            ]
          : []),
      ],
      linkLabel: 'Open the link for the details',
      closing: [],
    },
  });
}

/** The cancellation reason an item-year removed by an approved amendment carries (item_years.cancel_reason). */
export function planAmendmentCancelReason(a: { number: number; version: number }): string {
  return (
    `ยกเลิกตามแผนปฏิบัติการป้องกันการทุจริต (แก้ไขเพิ่มเติม/เปลี่ยนแปลง ครั้งที่ ${a.number}) ที่นายกอนุมัติ (แผนฉบับที่ ${a.version}) / ` +
    `cancelled by amendment no. ${a.number} of the plan, approved by the chief executive (plan version ${a.version})`
  );
}

// An amendment undoing an earlier correction: the finding on the amendment's review page

const CORRECTED_FIELD_NAMES: Record<string, { th: string; en: string }> = {
  name: { th: 'ชื่อรายการ', en: 'name' },
  kind: { th: 'ประเภท', en: 'kind' },
  mission: { th: 'ภารกิจ', en: 'mission' },
  responsibleUnit: { th: 'ส่วนราชการที่รับผิดชอบ', en: 'responsible division' },
  responsibleSection: { th: 'งานที่รับผิดชอบ', en: 'responsible section' },
  targetGroup: { th: 'กลุ่มเป้าหมาย', en: 'target group' },
  fiscalYears: { th: 'ปีที่ดำเนินการ', en: 'years run' },
  budgetByYear: { th: 'งบประมาณ', en: 'budget' },
  steps: { th: 'ขั้นตอนการดำเนินงาน', en: 'method steps' },
  indicators: { th: 'ตัวชี้วัด', en: 'indicators' },
};

/** The field's name as the correction form labels it. */
export function correctedFieldName(field: string): { th: string; en: string } {
  return CORRECTED_FIELD_NAMES[field] ?? { th: field, en: field };
}

/** A corrected field's value in words: budgets per year in baht, units by name, steps and indicators by their text. */
export function correctedValueText(field: string, value: unknown, lang: 'th' | 'en'): string {
  const none = lang === 'th' ? 'ไม่ระบุ' : 'none';
  if (value === null || value === undefined || value === '') return none;
  if (field === 'budgetByYear' && typeof value === 'object') {
    const years = Object.entries(value as Record<string, number | null>).sort(([a], [b]) => a.localeCompare(b));
    if (!years.length) return none;
    return years
      .map(([year, amount]) => `${year}: ${amount === null ? (lang === 'th' ? 'ไม่ใช้งบประมาณ' : 'no budget') : formatBaht(amount, { unit: true, lang })}`)
      .join(', ');
  }
  if (field === 'responsibleUnit' && typeof value === 'string') {
    const unit = responsibleUnitByKey(value);
    return unit ? (lang === 'th' ? unit.nameTh : unit.nameEn) : value;
  }
  if (Array.isArray(value)) {
    if (!value.length) return none;
    return value.map((v: unknown) => (v !== null && typeof v === 'object' && 'text' in v ? String((v as { text: unknown }).text) : String(v))).join('; ');
  }
  return String(value);
}

/**
 * The finding: the amendment's value of a field is the one an earlier correction replaced. Who corrected it and
 * when, and what the coordinator can do: keep the correction with one action, or accept the document's value with a note.
 */
export function correctionUndoneText(u: {
  code: string;
  field: string;
  correctedValue: unknown;
  documentValue: unknown;
  correctedBy: string;
  correctedAt: number;
}): { th: string; en: string } {
  const name = correctedFieldName(u.field);
  return {
    th:
      `รายการ ${u.code}: ${name.th}ในแผนที่แก้ไขเป็น "${correctedValueText(u.field, u.documentValue, 'th')}" ซึ่งเป็นค่าเดิมก่อนการแก้ไข ` +
      `ที่${u.correctedBy}แก้ไขเป็น "${correctedValue(u, 'th')}" เมื่อ ${formatThaiDate(u.correctedAt)} ในการนำเข้าครั้งก่อน ` +
      `หากบันทึกตามนี้จะเป็นการยกเลิกการแก้ไขนั้น กด คงค่าที่แก้ไขไว้ หรือยอมรับค่าตามเอกสารพร้อมหมายเหตุ`,
    en:
      `Item ${u.code}: the amendment's ${name.en} is "${correctedValueText(u.field, u.documentValue, 'en')}", the value before ` +
      `${u.correctedBy} corrected it to "${correctedValue(u, 'en')}" on ${formatEnglishDate(u.correctedAt)} on an earlier import. ` +
      `Stored as it is, this undoes that correction: keep the earlier correction, or accept the document's value with a note.`,
  };
}

function correctedValue(u: { field: string; correctedValue: unknown }, lang: 'th' | 'en'): string {
  return correctedValueText(u.field, u.correctedValue, lang);
}

// ---------------------------------------------------------------------------------------------------------------
// The catalogue

/** Every notification, by the template name that payloads (and workflow histories) carry. */
export const MESSAGE_CATALOGUE = {
  approvalRequestMessage,
  decisionLinkMessage,
  stepDueReminderMessage,
  overdueReminderMessage,
  escalationMessage,
  decisionResultMessage,
  signInLinkMessage,
  organizationInvitationMessage,
  oversightInvitationMessage,
  authorityChangeMessage,
  rolesImportedMessage,
  reportReadyForSignOffMessage,
  reportNoticeMessage,
  planAmendmentNoticeMessage,
} as const;

export type MessageTemplate = keyof typeof MESSAGE_CATALOGUE;

/** Whom a message is addressed to: filled in per recipient when it is rendered, never part of the data. */
export type Addressee = Pick<CommonInput, 'recipient' | 'recipientEn'>;

/** What an entry needs besides its addressee; `link` is absolute here. */
export type MessageData<T extends MessageTemplate> = Omit<Parameters<(typeof MESSAGE_CATALOGUE)[T]>[0], keyof Addressee>;

/** The discriminated union of every notification: a template name and exactly the data that entry takes. */
export type Message<T extends MessageTemplate = MessageTemplate> = { [K in T]: { template: K; data: MessageData<K> } }[T];

export function isMessageTemplate(name: string): name is MessageTemplate {
  return Object.prototype.hasOwnProperty.call(MESSAGE_CATALOGUE, name);
}

export const MESSAGE_TEMPLATES = Object.keys(MESSAGE_CATALOGUE) as MessageTemplate[];

/** Renders one message for one addressee. Throws RangeError on data no retry can fix (an unknown template included). */
export function renderMessage<T extends MessageTemplate>(message: Message<T>, to: Addressee): NotificationContent {
  if (!isMessageTemplate(message.template)) {
    throw new RangeError(
      `ไม่รู้จักแม่แบบข้อความ "${String(message.template)}" / unknown message template (known: ${MESSAGE_TEMPLATES.join(', ')})`,
    );
  }
  // The union is correlated by `template`; TypeScript cannot follow that through an indexed call.
  const entry = MESSAGE_CATALOGUE[message.template] as unknown as (input: MessageData<T> & Addressee) => NotificationContent;
  return entry({ ...message.data, ...to });
}

/**
 * The templates a workflow may name in a notify call. The others are absent on purpose: approval requests,
 * decision links and sign-in links carry a signed link, which must be created by the activity (openDecision, the
 * sign-in flow) and never pass through workflow history; report notices are composed by notifyReport from the
 * stored report.
 */
export type WorkflowTemplate =
  | 'decisionResultMessage'
  | 'stepDueReminderMessage'
  | 'overdueReminderMessage'
  | 'escalationMessage'
  | 'reportReadyForSignOffMessage'
  | 'planAmendmentNoticeMessage';

/** An entry's data as a workflow sends it: `link` may be a path, made absolute by the activity (absent: the home page). */
export type WorkflowMessageData<T extends WorkflowTemplate> = Omit<MessageData<T>, 'link'> & { link?: string };

/** What a workflow asks the notify activity to send; the JSON shape `{ template, data }` is what histories hold. */
export type WorkflowMessage<T extends WorkflowTemplate = WorkflowTemplate> = {
  [K in T]: { template: K; data: WorkflowMessageData<K> };
}[T];
