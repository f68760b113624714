import { acceptedOutcomes, type DecisionOutcome, type DecisionPurpose, type DecisionSummary } from './decision';
import { formatBaht, formatThaiDate, formatEnglishDate } from './thai-format';
import { signatureLine } from './messages';

/**
 * The words and shapes of approvals inside LINE: the Flex message whose buttons decide a point, the postback data
 * those buttons carry, and every reply the Official Account sends in the chat (Thai first, then English). The
 * postback data only names the point and the outcome; who decides is the LINE user the platform names in the event,
 * linked to a person beforehand, so a forwarded or copied button decides nothing for anyone else.
 */

/** The outcomes a LINE button can give. Rejecting stays on the web page, where the full memo is read. */
export const LINE_BUTTON_OUTCOMES = ['approve', 'send_back', 'acknowledge'] as const satisfies readonly DecisionOutcome[];
export type LineButtonOutcome = (typeof LINE_BUTTON_OUTCOMES)[number];

export interface LineDecisionPostback {
  pointId: number;
  outcome: LineButtonOutcome;
}

/** `decide:<point id>:<outcome>`, well under LINE's 300 characters. */
export function decisionPostbackData(postback: LineDecisionPostback): string {
  return `decide:${postback.pointId}:${postback.outcome}`;
}

export function parseDecisionPostbackData(data: string): LineDecisionPostback | undefined {
  const match = /^decide:([1-9][0-9]{0,15}):([a-z_]+)$/.exec(data);
  if (!match) return undefined;
  const outcome = LINE_BUTTON_OUTCOMES.find((o) => o === match[2]);
  const pointId = Number(match[1]);
  return outcome && Number.isSafeInteger(pointId) ? { pointId, outcome } : undefined;
}

const BUTTON_LABELS: Record<LineButtonOutcome, { label: string; displayText: string; style: 'primary' | 'secondary' }> = {
  // LINE cuts a button label at 20 characters: the Thai word alone, the English in the displayed text.
  approve: { label: 'อนุมัติ', displayText: 'อนุมัติ / Approve', style: 'primary' },
  send_back: { label: 'ส่งกลับให้แก้ไข', displayText: 'ส่งกลับให้แก้ไข / Send back', style: 'secondary' },
  acknowledge: { label: 'รับทราบ', displayText: 'รับทราบ / Acknowledge', style: 'primary' },
};

export interface DecisionFlexInput {
  pointId: number;
  purpose: DecisionPurpose;
  itemYearId: number | null;
  decisionKey: string;
  summary: DecisionSummary;
  /** Calendar day (YYYY-MM-DD, Bangkok) the decision is due. */
  dueDate: string;
  /** The signed link to the full decision page, for reading the memo or rejecting. */
  link: string;
}

const ALT_TEXT_LIMIT = 400;

function text(value: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'text', text: value, wrap: true, ...extra };
}

/** A Flex bubble: what is asked, the item, the budget and due date, and one postback button per outcome. */
export function decisionFlexMessage(input: DecisionFlexInput): { type: 'flex'; altText: string; contents: Record<string, unknown> } {
  const { summary } = input;
  const outcomes = acceptedOutcomes(input).filter((o): o is LineButtonOutcome => (LINE_BUTTON_OUTCOMES as readonly string[]).includes(o));
  const budgetTh = summary.budget === null ? 'ไม่ใช้งบประมาณ' : `งบประมาณ ${formatBaht(summary.budget, { unit: true })}`;
  const budgetEn = summary.budget === null ? 'no budget' : `budget ${formatBaht(summary.budget, { unit: true, lang: 'en' })}`;
  const dueTh = `พิจารณาภายใน ${formatThaiDate(input.dueDate)}`;
  const dueEn = `decide by ${formatEnglishDate(input.dueDate)}`;
  const altText = `${summary.askTh} รายการ ${summary.itemCode} / ${summary.askEn}, item ${summary.itemCode}`.slice(0, ALT_TEXT_LIMIT);
  return {
    type: 'flex',
    altText,
    contents: {
      type: 'bubble',
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'sm',
        contents: [
          text(summary.askTh, { weight: 'bold', size: 'md' }),
          text(`รายการ ${summary.itemCode} ${summary.itemName}`, { size: 'sm' }),
          text(`ปีงบประมาณ ${summary.fiscalYear} · ${budgetTh}`, { size: 'sm', color: '#555555' }),
          text(dueTh, { size: 'sm', color: '#555555' }),
          text(`${summary.askEn}: item ${summary.itemCode}, FY ${summary.fiscalYear} BE, ${budgetEn}, ${dueEn}`, { size: 'xs', color: '#777777' }),
        ],
      },
      footer: {
        type: 'box',
        layout: 'vertical',
        spacing: 'sm',
        contents: [
          ...outcomes.map((outcome) => ({
            type: 'button',
            style: BUTTON_LABELS[outcome].style,
            action: {
              type: 'postback',
              label: BUTTON_LABELS[outcome].label,
              data: decisionPostbackData({ pointId: input.pointId, outcome }),
              displayText: BUTTON_LABELS[outcome].displayText,
            },
          })),
          {
            type: 'button',
            style: 'link',
            action: { type: 'uri', label: 'ดูรายละเอียด', uri: input.link },
          },
        ],
      },
    },
  };
}

/** What the Official Account answers in the chat, Thai first and English after. */
export const LINE_REPLIES = {
  linked: (fullName: string) =>
    `เชื่อมบัญชี LINE กับ ${fullName} ในระบบสุจริตแล้ว ท่านจะได้รับคำขออนุมัติและการแจ้งเตือนทางนี้\n` +
    `Your LINE account is now linked to ${fullName} in Sujarit; approval requests and reminders will come here.`,
  badCode:
    'รหัสเชื่อมบัญชีไม่ถูกต้อง ใช้แล้ว หรือหมดอายุ กรุณาขอรหัสใหม่จากหน้า "LINE" ในระบบสุจริต\n' +
    'The link code is wrong, already used or expired. Please get a new code from the "LINE" page in Sujarit.',
  alreadyLinked:
    'บัญชี LINE นี้หรือบัญชีของท่านในระบบเชื่อมไว้แล้ว กรุณายกเลิกการเชื่อมเดิมที่หน้า "LINE" ก่อน\n' +
    'This LINE account, or your Sujarit account, is already linked. Please unlink it first on the "LINE" page.',
  notLinked:
    'บัญชี LINE นี้ยังไม่ได้เชื่อมกับผู้ใช้ในระบบสุจริต จึงไม่สามารถพิจารณาเรื่องนี้ได้ กรุณาเข้าสู่ระบบแล้วเชื่อมบัญชีที่หน้า "LINE"\n' +
    'This LINE account is not linked to anyone in Sujarit, so it cannot decide this. Sign in and link it on the "LINE" page.',
  notApprover:
    'ท่านไม่ใช่ผู้พิจารณาเรื่องนี้ หรือไม่มีอำนาจพิจารณาในวันนี้ จึงไม่ได้บันทึกผลใด ๆ\n' +
    'You are not the approver of this request, or do not hold the authority today; nothing was recorded.',
  closed: 'เรื่องนี้ได้รับการพิจารณาไปแล้วหรือถูกถอนแล้ว\nThis request has already been decided or was withdrawn.',
  notAccepted: 'ผลการพิจารณานี้ใช้กับเรื่องนี้ไม่ได้\nThat decision does not apply to this request.',
  askReason:
    'กรุณาพิมพ์เหตุผลที่ส่งกลับให้แก้ไขเป็นข้อความถัดไปภายใน 10 นาที (ยังไม่ได้บันทึกผล)\n' +
    'Please type the reason for sending it back as your next message, within 10 minutes (nothing is recorded yet).',
  badReason:
    'เหตุผลไม่ถูกต้อง (มีอักขระที่ไม่อนุญาตหรือยาวเกิน 4000 ตัวอักษร) ยังไม่ได้บันทึกผล กรุณากดปุ่มอีกครั้ง\n' +
    'The reason is not valid (a character that is not allowed, or longer than 4000 characters); nothing was recorded. Please tap the button again.',
  recorded: (outcomeTh: string, outcomeEn: string, itemCode: string) =>
    `บันทึกผลการพิจารณา "${outcomeTh}" รายการ ${itemCode} แล้ว\nYour decision "${outcomeEn}" on item ${itemCode} is recorded.\n${signatureLine('th')}`,
  unknown:
    'ระบบสุจริตรับเฉพาะรหัสเชื่อมบัญชีและการกดปุ่มพิจารณา กรุณาใช้หน้าเว็บสำหรับเรื่องอื่น\n' +
    'Sujarit takes only link codes and decision buttons here; please use the web pages for anything else.',
} as const;

export const OUTCOME_WORDS: Record<DecisionOutcome, { th: string; en: string }> = {
  approve: { th: 'อนุมัติ', en: 'Approve' },
  reject: { th: 'ไม่อนุมัติ', en: 'Reject' },
  send_back: { th: 'ส่งกลับให้แก้ไข', en: 'Send back' },
  acknowledge: { th: 'รับทราบ', en: 'Acknowledge' },
};
