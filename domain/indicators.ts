import type { Indicator, Target } from './plan';
import { thaiToArabicDigits } from './thai';

/**
 * Output and outcome indicators (field ๙ ผลผลิต/ผลลัพธ์) and the targets their wording states.
 *
 * Comparators follow the words: ไม่น้อยกว่า / ไม่ต่ำกว่า / อย่างน้อย / ...ขึ้นไป are "at least",
 * ไม่เกิน "at most". A bare percentage or score ("ร้อยละ ๘๐", "ร้อยละ ๙๐ (ทดสอบ...)") is a threshold to
 * reach, so it reads as "at least"; a bare count ("จำนวน ๑ ครั้ง", "จำนวน ๗๘ คน") is what the item
 * delivers, so it reads as "exactly".
 */

export interface SourceText {
  text: string;
  line: number;
}

export interface ParsedIndicator extends Indicator {
  line: number;
  /** The wording announces a threshold ("ไม่น้อยกว่าร้อยละ") but the number is missing. */
  targetValueMissing: boolean;
}

const COMPARATOR_WORDS: ReadonlyArray<{ words: RegExp; comparator: Target['comparator'] }> = [
  { words: /^(ไม่น้อยกว่า|ไม่ต่ำกว่า|อย่างน้อย|อย่างต่ำ)$/, comparator: 'gte' },
  { words: /^(ไม่เกิน|ไม่เกินกว่า|ไม่มากกว่า|ไม่สูงกว่า)$/, comparator: 'lte' },
  { words: /^(มากกว่า|เกินกว่า|สูงกว่า)$/, comparator: 'gt' },
  { words: /^(น้อยกว่า|ต่ำกว่า)$/, comparator: 'lt' },
];
const COMPARATOR = '(ไม่น้อยกว่า|ไม่ต่ำกว่า|อย่างน้อย|อย่างต่ำ|ไม่เกินกว่า|ไม่เกิน|ไม่มากกว่า|ไม่สูงกว่า|มากกว่า|เกินกว่า|สูงกว่า|น้อยกว่า|ต่ำกว่า)';
const NUMBER = '(\\d+(?:,\\d{3})*(?:\\.\\d+)?)';
const COUNT_UNITS =
  'ครั้ง|คน|ช่องทาง|เรื่อง|ชุด|ฉบับ|หมู่บ้าน|แห่ง|เครือข่าย|มาตรการ|ศูนย์|หน่วย|ราย|โครงการ|กิจกรรม|หลักสูตร|ประเด็น|ระบบ|เล่ม|รุ่น|วัน';

const PERCENT = new RegExp(`(?:${COMPARATOR}\\s*)?(?:จำนวน\\s*)?ร้อยละ\\s*${NUMBER}(\\s*ขึ้นไป)?`, 'g');
const SCORE = new RegExp(`(?:${COMPARATOR}\\s*)?${NUMBER}\\s*คะแนน(\\s*ขึ้นไป)?`, 'g');
const COUNT = new RegExp(
  `(?:${COMPARATOR}\\s*)?(จำนวน\\s*|ปี\\s*ละ\\s*)?(?:${COMPARATOR}\\s*)?${NUMBER}\\s*(${COUNT_UNITS})(\\s*ขึ้นไป)?`,
  'g',
);
const LEVEL = new RegExp(`(?:${COMPARATOR}\\s*)?ระดับ(?:ที่)?\\s*${NUMBER}(\\s*ขึ้นไป)?`, 'g');
const VALUE_MISSING = new RegExp(`${COMPARATOR}\\s*ร้อยละ(?!\\s*\\d)|ร้อยละ\\s*(\\(|$)`);

function comparatorOf(word: string | undefined, orMore: string | undefined, fallback: Target['comparator']) {
  if (orMore) return 'gte';
  if (!word) return fallback;
  return COMPARATOR_WORDS.find((c) => c.words.test(word))?.comparator ?? fallback;
}

function toNumber(digits: string): number {
  return Number(digits.replace(/,/g, ''));
}

interface Candidate {
  index: number;
  target: Target;
}

/** The first target the text states, or undefined when it states none. */
export function parseTarget(text: string): Target | undefined {
  const arabic = thaiToArabicDigits(text);
  const candidates: Candidate[] = [];
  for (const m of arabic.matchAll(PERCENT)) {
    candidates.push({
      index: m.index ?? 0,
      target: { comparator: comparatorOf(m[1], m[3], 'gte'), value: toNumber(m[2]!), unit: 'percent' },
    });
  }
  for (const m of arabic.matchAll(SCORE)) {
    candidates.push({
      index: m.index ?? 0,
      target: { comparator: comparatorOf(m[1], m[3], 'gte'), value: toNumber(m[2]!), unit: 'score' },
    });
  }
  for (const m of arabic.matchAll(COUNT)) {
    const [, before, quantifier, after, digits, unitText, orMore] = m;
    // A bare number needs a quantifier or a comparator to be a target: "ใน ๕ ประเด็น ดังนี้" is not one.
    if (!before && !quantifier && !after && !orMore) continue;
    const unit = unitText === 'ครั้ง' ? 'times' : 'count';
    const fallback = quantifier && /ปี/.test(quantifier) ? 'gte' : 'eq';
    candidates.push({
      index: m.index ?? 0,
      target: { comparator: comparatorOf(before ?? after, orMore, fallback), value: toNumber(digits!), unit, unitText },
    });
  }
  for (const m of arabic.matchAll(LEVEL)) {
    candidates.push({
      index: m.index ?? 0,
      target: { comparator: comparatorOf(m[1], m[3], 'gte'), value: toNumber(m[2]!), unit: 'level' },
    });
  }
  candidates.sort((a, b) => a.index - b.index);
  return candidates[0]?.target;
}

export function statesTargetWithoutValue(text: string): boolean {
  return VALUE_MISSING.test(thaiToArabicDigits(text));
}

const NUMBERED = /^(?:[-–•·]\s*)?\(?\d{1,2}\s*[).]\s*/;
const DASHED = /^[-–•·]\s*/;

/**
 * One indicator per list entry. In a numbered list only numbers start an entry and dashes are its
 * sub-points ("๑) ... ใน ๕ ประเด็น ดังนี้" followed by "- ข้อมูลพื้นฐาน"); in a dashed list each dash
 * starts one; text outside any list is an entry of its own, and a line after it continues it.
 */
export function splitIndicators(lines: readonly SourceText[]): SourceText[] {
  const content = lines.map((l) => ({ text: l.text.trim(), line: l.line })).filter((l) => l.text !== '');
  const arabic = (t: string) => thaiToArabicDigits(t);
  const numbered = content.some((l) => NUMBERED.test(arabic(l.text)));
  const entries: SourceText[] = [];
  for (const l of content) {
    const a = arabic(l.text);
    const starts = numbered ? NUMBERED.test(a) : DASHED.test(a);
    const last = entries[entries.length - 1];
    if (starts || !last) {
      const body = numbered ? l.text.slice(a.match(NUMBERED)?.[0].length ?? 0) : l.text.replace(DASHED, '');
      entries.push({ text: body.trim(), line: l.line });
    } else {
      last.text = `${last.text} ${l.text}`.trim();
    }
  }
  return entries.filter((e) => e.text !== '');
}

export function parseIndicators(
  outputs: readonly SourceText[],
  outcomes: readonly SourceText[],
): ParsedIndicator[] {
  const build = (entries: SourceText[], kind: Indicator['kind']): ParsedIndicator[] =>
    entries.map((e) => {
      const target = parseTarget(e.text);
      const base = { text: e.text, kind, line: e.line, targetValueMissing: !target && statesTargetWithoutValue(e.text) };
      return target ? { ...base, target } : base;
    });
  return [...build(splitIndicators(outputs), 'output'), ...build(splitIndicators(outcomes), 'outcome')];
}
