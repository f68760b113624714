import { z } from 'zod';
import type { AfterTheFactRecord } from './after-the-fact';
import { calendarDate, freeText } from './input-schema';

/**
 * The after-the-fact record (domain/after-the-fact.ts) as it enters the system from the JSON API and the go-live
 * page: strict, so a misspelt field is refused rather than dropped. Its checks against the item-year are
 * afterTheFactProblems, which the workflow applies too.
 */

const baht = z.number().nonnegative().max(1e10);

export const afterTheFactInput = z.strictObject({
  approval: z.strictObject({ date: calendarDate, documentNumber: freeText({ max: 100 }) }).optional(),
  committee: z.strictObject({ orderNumber: freeText({ max: 50 }), orderDate: calendarDate }).optional(),
  steps: z
    .array(
      z.strictObject({
        key: z.string().regex(/^[a-z0-9-]{1,32}$/, { message: 'รหัสขั้นตอนไม่ถูกต้อง / not a step key' }),
        date: calendarDate,
        evidence: freeText({ max: 2000, min: 0 }).optional(),
      }),
    )
    .max(200)
    .default(() => []),
  budgetSpent: baht.optional(),
});

// The schema's output is the record the workflow takes; a field added to one and not the other fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesRecord: Same<z.output<typeof afterTheFactInput>, AfterTheFactRecord> = true;
void schemaMatchesRecord;

/**
 * The go-live page's form for one item-year as the input above: a stage is given when any of its fields is filled
 * (the schema then wants both), a step when its box is ticked, the amount when typed (thousands separators allowed).
 * The schema and afterTheFactProblems judge what comes out.
 */
export function readAfterTheFactForm(fields: Record<string, unknown>): unknown {
  const text = (name: string): string => {
    const value = fields[name];
    return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
  };
  const filled = (...names: string[]) => names.some((n) => text(n).trim() !== '');
  const amount = text('budgetSpent').replace(/[,\s]/g, '');
  return {
    ...(filled('approvalDate', 'approvalDocument') ? { approval: { date: text('approvalDate'), documentNumber: text('approvalDocument') } } : {}),
    ...(filled('committeeNumber', 'committeeDate') ? { committee: { orderNumber: text('committeeNumber'), orderDate: text('committeeDate') } } : {}),
    steps: Object.keys(fields)
      .filter((name) => name.startsWith('done-') && text(name) === 'yes')
      .map((name) => name.slice('done-'.length))
      .map((key) => ({ key, date: text(`date-${key}`), ...(filled(`evidence-${key}`) ? { evidence: text(`evidence-${key}`) } : {}) })),
    ...(amount !== '' ? { budgetSpent: Number(amount) } : {}),
  };
}
