import { z } from 'zod';
import { freeText } from './input-schema';
import { PROGRESS_STATUSES, type ProgressStatus } from './item-status';
import { bahtToSatang, type ReportSnapshot } from './report';

/**
 * Results of fiscal years before the organisation used the system, as the coordinator copies them from the old
 * reports: per item, the report's status (ดำเนินการแล้ว, อยู่ระหว่างดำเนินการ, ยังไม่ได้ดำเนินการ, ยกเลิก), the money
 * spent and a short result. They give the annual report its comparison with the year before.
 */

export interface EarlierYearEntry {
  itemCode: string;
  /** Absent: no entry for the item (an entry already stored is removed). */
  status?: ProgressStatus;
  budgetSpent: number | null;
  resultText: string;
}

export interface EarlierYearProblem {
  itemCode: string;
  th: string;
  en: string;
}

const entrySchema = z.strictObject({
  itemCode: z.string().regex(/^\d+\.\d+$/),
  status: z.enum(PROGRESS_STATUSES).optional(),
  budgetSpent: z.number().nonnegative().max(1e10).nullable().default(null),
  resultText: freeText({ max: 2000, min: 0 }).default(''),
});
export const earlierYearInput = z.strictObject({ entries: z.array(entrySchema).max(500) });

/** The page's table as the input above: `status-<code>`, `spent-<code>` (thousands separators allowed), `result-<code>`. */
export function readEarlierYearForm(fields: Record<string, unknown>): unknown {
  const text = (name: string): string => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
  const codes = Object.keys(fields).filter((n) => n.startsWith('status-')).map((n) => n.slice('status-'.length));
  return {
    entries: codes.map((itemCode) => {
      const spent = text(`spent-${itemCode}`).replace(/[,\s]/g, '');
      const status = text(`status-${itemCode}`);
      return {
        itemCode,
        ...(status ? { status } : {}),
        budgetSpent: spent === '' ? null : Number(spent),
        resultText: text(`result-${itemCode}`),
      };
    }),
  };
}

/** What an entry is checked against: the fiscal years one may enter, and the plan's items with that year's budget. */
export interface EarlierYearContext {
  fiscalYear: number;
  /** The first fiscal year of the plan and the running one: entries are for the years between, the running one excluded. */
  firstFiscalYear: number;
  runningFiscalYear: number;
  /** The items that run in the year (they have a budget entry for it, a number or ไม่ใช้งบประมาณ). */
  items: ReadonlyArray<{ code: string; budget: number | null }>;
}

export function earlierYearProblems(entries: EarlierYearEntry[], context: EarlierYearContext): EarlierYearProblem[] {
  if (context.fiscalYear < context.firstFiscalYear || context.fiscalYear >= context.runningFiscalYear) {
    return [
      {
        itemCode: '',
        th: `บันทึกผลย้อนหลังได้เฉพาะปีงบประมาณ ${context.firstFiscalYear}–${context.runningFiscalYear - 1} ของแผนนี้`,
        en: `earlier results are entered for fiscal years ${context.firstFiscalYear}–${context.runningFiscalYear - 1} of this plan only`,
      },
    ];
  }
  const problems: EarlierYearProblem[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const item = context.items.find((i) => i.code === entry.itemCode);
    if (!item) {
      problems.push({ itemCode: entry.itemCode, th: `รายการ ${entry.itemCode} ไม่อยู่ในแผนของปีงบประมาณ ${context.fiscalYear}`, en: `item ${entry.itemCode} is not in the plan for fiscal year ${context.fiscalYear}` });
      continue;
    }
    if (seen.has(entry.itemCode)) {
      problems.push({ itemCode: entry.itemCode, th: `รายการ ${entry.itemCode} ระบุซ้ำ`, en: `item ${entry.itemCode} is given twice` });
      continue;
    }
    seen.add(entry.itemCode);
    if (!entry.status && (entry.budgetSpent !== null || entry.resultText !== '')) {
      problems.push({ itemCode: entry.itemCode, th: `รายการ ${entry.itemCode}: กรุณาเลือกสถานะ`, en: `item ${entry.itemCode}: choose its status` });
    }
    if (entry.budgetSpent !== null && entry.budgetSpent > 0 && item.budget === null) {
      problems.push({ itemCode: entry.itemCode, th: `รายการ ${entry.itemCode} ไม่ใช้งบประมาณในปีนั้น`, en: `item ${entry.itemCode} had no budget that year` });
    }
  }
  return problems;
}

/** An entry as the compiled report reads it: the stored row with the name of the person who entered it. */
export interface EnteredResult {
  itemCode: string;
  status: ProgressStatus;
  budgetSpent: number | null;
  resultText: string;
  recordedByName: string;
  recordedAt: string;
}

/**
 * The annual report of a fiscal year that did not run in the system, compiled from its entered results: the plan's
 * items of the year (the snapshot the annual report would take) each with its entry standing in for the run, and the
 * document marked as compiled after the fact, by whom and when. Null without any entry. The result still goes
 * through the snapshot schema at the caller.
 */
export function compileEnteredYear(snapshot: ReportSnapshot, entries: readonly EnteredResult[]): ReportSnapshot | null {
  if (snapshot.kind !== 'annual' || entries.length === 0) return null;
  const byCode = new Map(entries.map((e) => [e.itemCode, e]));
  const times = entries.map((e) => e.recordedAt).sort();
  return {
    ...snapshot,
    items: snapshot.items.map((item) => {
      const entry = byCode.get(item.code);
      if (!entry) return item;
      return {
        ...item,
        entered: {
          status: entry.status,
          budgetSpentSatang: entry.budgetSpent === null ? null : bahtToSatang(entry.budgetSpent),
          resultText: entry.resultText,
        },
      };
    }),
    // Nobody signed this compilation: the blocks keep the positions, no one's name.
    signatories: { coordinator: null, palad: null, mayor: null },
    compiledFromEntries: {
      recordedBy: [...new Set(entries.map((e) => e.recordedByName))].sort((a, b) => a.localeCompare(b, 'th')),
      firstRecordedAt: times[0]!,
      lastRecordedAt: times.at(-1)!,
    },
  };
}
