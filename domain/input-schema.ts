import { z } from 'zod';
import { isIsoDate } from './fiscal';

/**
 * The two shapes every person-typed value takes where it enters the system: a calendar date and a free text. Each is
 * checked once here, so nothing PostgreSQL cannot store (a NUL byte, a lone UTF-16 surrogate) and no date that does
 * not exist (2570-02-30, 9999-99-99) ever reaches a workflow, a table or a page.
 */

/**
 * The years a date field accepts, in the Common Era as `<input type="date">` sends them. A Buddhist-era year typed
 * into a date field (2570 for 2027) is outside, so it is refused rather than stored 543 years late.
 */
export const MIN_INPUT_YEAR = 1900;
export const MAX_INPUT_YEAR = 2200;

const DATE_MESSAGE =
  `ต้องเป็นวันที่ที่มีจริง รูปแบบ YYYY-MM-DD ปี ค.ศ. ${MIN_INPUT_YEAR}–${MAX_INPUT_YEAR} / ` +
  `must be a real date YYYY-MM-DD, year ${MIN_INPUT_YEAR}–${MAX_INPUT_YEAR} CE`;

/** A real date (no 30 February) in the accepted range. */
export function isInputDate(value: string): boolean {
  if (!isIsoDate(value)) return false;
  const year = Number(value.slice(0, 4));
  return year >= MIN_INPUT_YEAR && year <= MAX_INPUT_YEAR;
}

/** Documented (api/openapi.ts) as JSON Schema's `date` format, which is what `<input type="date">` sends. */
export const calendarDate = z.string().trim().refine(isInputDate, { message: DATE_MESSAGE }).meta({ format: 'date' });

/** Control characters other than tab and line feed (carriage returns are folded into line feeds first). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one: not Unicode text. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text cannot be stored and shown as it is, or undefined when it can. */
export function textProblem(value: string): { th: string; en: string } | undefined {
  if (CONTROL.test(value)) {
    return { th: 'มีอักขระควบคุมที่ไม่อนุญาต (เช่น NUL)', en: 'contains a control character that is not allowed (such as NUL)' };
  }
  if (LONE_SURROGATE.test(value)) {
    return { th: 'มีอักขระที่ไม่ใช่ข้อความ Unicode ที่ถูกต้อง', en: 'contains characters that are not valid Unicode text' };
  }
  return undefined;
}

export interface FreeTextOptions {
  max: number;
  /** Default 1: a required text. 0 lets an empty one through (as ''). */
  min?: number;
}

/** A free text: line endings made \n, trimmed, free of control characters and lone surrogates, within its length. */
export function freeText({ max, min = 1 }: FreeTextOptions) {
  return z
    .string()
    .transform((v) => v.replace(/\r\n?/g, '\n').trim())
    .superRefine((v, ctx) => {
      const problem = textProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: `${problem.th} / ${problem.en}` });
    })
    .pipe(
      z
        .string()
        .min(min, { message: min === 1 ? 'กรุณากรอกข้อความ / required' : `อย่างน้อย ${min} ตัวอักษร / at least ${min} characters` })
        .max(max, { message: `ยาวได้ไม่เกิน ${max} ตัวอักษร / at most ${max} characters` }),
    );
}
