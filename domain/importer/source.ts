import { thaiToArabicDigits } from '../thai';

/**
 * The document as numbered lines. Parsers match on `arabic` (Thai digits replaced one for one, so every
 * index is also an index into `text`) and keep `text` so that names stay as the document wrote them.
 */
export interface SourceLine {
  /** 1-based, as an editor shows it. */
  number: number;
  raw: string;
  /** Markup of the Word conversion removed, whitespace normalised. */
  text: string;
  arabic: string;
}

const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

export function normaliseSpace(text: string): string {
  return text.replace(INVISIBLE, '').replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Word conversions leave `<p>` cell paragraphs and `**` bold marks in the text. */
export function stripMarkup(text: string): string {
  return text.replace(/<\/?p>/gi, ' ').replace(/\*\*/g, '');
}

export function cleanText(text: string): string {
  return normaliseSpace(stripMarkup(text));
}

export const toArabic = thaiToArabicDigits;

export class SourceDocument {
  readonly lines: readonly SourceLine[];

  constructor(text: string) {
    this.lines = text.split(/\r\n|\r|\n/).map((raw, i) => {
      const cleaned = cleanText(raw);
      return { number: i + 1, raw, text: cleaned, arabic: toArabic(cleaned) };
    });
  }

  /** Index of the first line at or after `from` whose cleaned text matches. */
  find(pattern: RegExp, from = 0, to = this.lines.length): number {
    for (let i = Math.max(0, from); i < Math.min(to, this.lines.length); i++) {
      if (pattern.test(this.lines[i]!.arabic)) return i;
    }
    return -1;
  }
}

/** "๑๕,๐๐๐" → 15000; undefined when the text is not a plain amount. */
export function parseAmount(text: string): number | undefined {
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(?:\d+|-))?$/.exec(toArabic(text).replace(/\s/g, ''));
  return m ? Number(m[1]!.replace(/,/g, '')) : undefined;
}

const YEAR_RANGE = /(25\d\d)\s*[-–—]\s*(25\d\d)/g;
const YEAR = /25\d\d/g;

/**
 * Buddhist Era years a phrase names: "๒๕๖๖-๒๕๗๐" is the range, "๒๕๖๖ , ๒๕๖๘ และ ๒๕๗๐" the list.
 * Undefined when it names none.
 */
export function yearsIn(text: string): number[] | undefined {
  let arabic = toArabic(text);
  const years = new Set<number>();
  arabic = arabic.replace(YEAR_RANGE, (_all, from: string, to: string) => {
    const a = Number(from);
    const b = Number(to);
    if (b >= a && b - a <= 20) for (let y = a; y <= b; y++) years.add(y);
    return ' ';
  });
  for (const m of arabic.matchAll(YEAR)) years.add(Number(m[0]));
  return years.size ? [...years].sort((a, b) => a - b) : undefined;
}

export function formatYears(years: readonly number[] | undefined): string {
  if (!years || years.length === 0) return '-';
  return years.join(', ');
}

export function formatBaht(value: number): string {
  return value.toLocaleString('en-US');
}

export function sameYears(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((y, i) => y === b[i]);
}

export type ItemKindWord = 'โครงการ' | 'มาตรการ' | 'กิจกรรม';
const KIND_BY_WORD = { โครงการ: 'project', มาตรการ: 'measure', กิจกรรม: 'activity' } as const;

/** The kind from the leading word of an item's own name, ignoring opening quotes. */
export function kindOfName(name: string): 'project' | 'measure' | 'activity' | undefined {
  const m = /^[\s“”"'‘’]*(โครงการ|มาตรการ|กิจกรรม)/.exec(name);
  return m ? KIND_BY_WORD[m[1] as ItemKindWord] : undefined;
}

export interface Counts {
  project: number;
  measure: number;
  activity: number;
}

/** "จำนวน ๑๕ โครงการ ๑ มาตรการ ๓ กิจกรรม" in any order; undefined unless all three are stated. */
export function parseCounts(text: string): Counts | undefined {
  const arabic = toArabic(text);
  const found: Partial<Counts> = {};
  for (const m of arabic.matchAll(/(\d+)\s*(โครงการ|มาตรการ|กิจกรรม)/g)) {
    const kind = KIND_BY_WORD[m[2] as ItemKindWord];
    if (found[kind] === undefined) found[kind] = Number(m[1]);
  }
  return found.project !== undefined && found.measure !== undefined && found.activity !== undefined
    ? { project: found.project, measure: found.measure, activity: found.activity }
    : undefined;
}

export function formatCounts(c: Counts): string {
  return `${c.project}/${c.measure}/${c.activity}`;
}

export function sameCounts(a: Counts, b: Counts): boolean {
  return a.project === b.project && a.measure === b.measure && a.activity === b.activity;
}
