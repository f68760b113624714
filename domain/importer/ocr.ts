import type { Finding } from '../plan';
import { FINDING_CODES } from './findings';

/**
 * Text read by OCR from a scanned plan, made fit for the importer, and every number in it turned into a finding to
 * confirm. Tesseract's Thai model (the `tha` of tesseract-ocr-tha) has no ๔ ๖ ๗ ๘ ๙ among the characters it can
 * output: it reads ๖ mostly as อ or ๒, ๗ as ฒ or not at all, ๘ and ๔ as ๕, and turns separators into others
 * (20,000 → 20.000). No number read from a scan can be trusted as it stands, so each becomes an OCR_NUMBER finding
 * with its page; where the plan's own years or the template settle what it must have been, the importer uses
 * that value and says so.
 */

export interface ExtractedText {
  text: string;
  /** Present when pages were read by OCR. */
  ocr?: {
    /** 1-based pages read by OCR. */
    pages: readonly number[];
    /** For each line of `text` (0-based), the 1-based OCR page it was read from; 0 for a text-layer line. */
    pageOfLine: readonly number[];
  };
}

/** What OCR made of a digit the model cannot write, per digit (from its misreadings of plan documents). */
const LOOKALIKES: Record<string, readonly string[]> = {
  '๖': ['อ', '๒'],
  '๗': ['ฒ', '๑', '๓'],
  '๘': ['๕', '๒'],
  '๔': ['๕'],
  '๙': ['๕', '๑'],
};
/** Digits the model cannot write at all: OCR may drop them without a trace. */
const UNWRITABLE = new Set(Object.keys(LOOKALIKES));

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';
const toThai = (n: number | string) => String(n).replace(/\d/g, (d) => THAI_DIGITS[Number(d)]!);

/**
 * The weighted edit distance from what OCR read to a number as the plan would write it (Thai digits): a look-alike
 * costs little, a dropped unwritable digit little, anything else one.
 */
export function misreadDistance(read: string, truth: string): number {
  const r = [...read];
  const t = [...truth];
  const d: number[][] = Array.from({ length: r.length + 1 }, () => new Array<number>(t.length + 1).fill(0));
  for (let i = 1; i <= r.length; i++) d[i]![0] = i;
  for (let j = 1; j <= t.length; j++) d[0]![j] = d[0]![j - 1]! + (UNWRITABLE.has(t[j - 1]!) ? 0.5 : 1);
  for (let i = 1; i <= r.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const rc = r[i - 1]!;
      const tc = t[j - 1]!;
      const substitute = rc === tc ? 0 : LOOKALIKES[tc]?.includes(rc) ? 0.3 : 1;
      d[i]![j] = Math.min(
        d[i - 1]![j - 1]! + substitute,
        d[i - 1]![j]! + 1,
        d[i]![j - 1]! + (UNWRITABLE.has(tc) ? 0.5 : 1),
      );
    }
  }
  return d[r.length]![t.length]!;
}

/** The candidate OCR most likely misread, when one is clearly closer than the others. */
export function likeliestReading(read: string, candidates: readonly string[]): string | undefined {
  const scored = candidates.map((c) => ({ c, d: misreadDistance(read, c) })).sort((a, b) => a.d - b.d);
  const best = scored[0];
  if (!best || best.d > 1.2) return undefined;
  if (scored[1] && scored[1].d - best.d < 0.3) return undefined;
  return best.c;
}

/** Letters OCR puts for digits: inside a number they are digits. */
const DIGITISH = '[๐-๙0-9อฒ]';
/** A year as plans write it, possibly misread: ๒๕ and two to four more digit-like characters. */
const YEAR_LIKE = new RegExp(`(?<![๐-๙0-9])๒๕${DIGITISH}{1,4}(?!${DIGITISH})`, 'g');
/** An amount in baht: digits with separators (a misread comma becomes a full stop). */
const AMOUNT_LIKE = /(?<![๐-๙0-9.,])[๐-๙0-9]{1,3}(?:[,.][๐-๙0-9]{3})+(?![๐-๙0-9])/g;

export interface OcrNumber {
  line: number;
  page: number;
  found: string;
  used: string;
}

/** Thai OCR artefacts that break the template's words: ํา for ำ, a doubled ะ, ที่ and ชื่อ without their tone marks. */
function repairThai(line: string): string {
  return line
    .replace(/\u0E4D([\u0E48-\u0E4B])\u0E32/g, '$1\u0E33')
    .replace(/([\u0E48-\u0E4B])\u0E4D\u0E32/g, '$1\u0E33')
    .replace(/\u0E4D\u0E32/g, '\u0E33')
    .replace(/ะ\s*ะ/g, 'ะ')
    .replace(/(?<=[๐-๙])[“”"'‘’@]+(?=[๐-๙อฒ])/g, '')
    .replace(/(?<=[ก-ฮ])ที(?![\u0E48-\u0E4B])(?=\s*[๐-๙0-9อฒ](?![ก-ฮ]))/g, 'ที่')
    // The template's field labels, whose ่ OCR drops: หน่วยงานที่รับผิดชอบ, ที่เกี่ยวข้อง.
    .replace(/ที(?=รับผิดชอบ|เก(?:ี่|ี|่)?ยวข้อง)/g, 'ที่')
    .replace(/ชือ(?=\s*(?:โครงการ|กิจกรรม|มาตรการ)?\s*:)/g, 'ชื่อ');
}

/** Headings whose number is a single digit-like letter: ลำดับที่ อ is ลำดับที่ ๖, ฒ. งบประมาณ is ๗. งบประมาณ. */
const NUMBERED = /^((?:ลำดับที่|มิติที่|มติที่|ส่วนที่|โครงการที่)\s*)([๐-๙อฒ]{1,2})$|^((?:-\s*)?)([๐-๙อฒ]{1,2})(\)|\.\s)/;

export interface OcrRepairResult {
  text: string;
  numbers: OcrNumber[];
}

/**
 * The OCR'd lines repaired (text-layer lines are left alone), with every number on them: years are read against
 * the plan's years when one of them is clearly what OCR saw, amounts get their separators back.
 */
export function repairOcrText(extracted: ExtractedText, planYears: readonly number[] | undefined): OcrRepairResult {
  const pageOfLine = extracted.ocr?.pageOfLine ?? [];
  const numbers: OcrNumber[] = [];
  const yearCandidates = (planYears ?? []).map(toThai);
  const lines = extracted.text.split('\n').map((raw, i) => {
    const page = pageOfLine[i] ?? 0;
    if (page === 0) return raw;
    const record = (found: string, used: string) => numbers.push({ line: i + 1, page, found, used });
    let line = repairThai(raw);
    line = line.replace(NUMBERED, (_whole, label?: string, n1?: string, bullet?: string, n2?: string, mark?: string) => {
      const read = (n1 ?? n2)!;
      const used = read.replace(/อ/g, '๖').replace(/ฒ/g, '๗');
      if (used !== read) record(read, used);
      return label !== undefined ? `${label}${used}` : `${bullet}${used}${mark}`;
    });
    line = line.replace(YEAR_LIKE, (read) => {
      const used = likeliestReading(read, yearCandidates) ?? read;
      record(read, used);
      return used;
    });
    line = line.replace(AMOUNT_LIKE, (read) => {
      const used = read.replace(/\.(?=[๐-๙0-9]{3})/g, ',');
      record(read, used);
      return used;
    });
    return line;
  });
  return { text: lines.join('\n'), numbers };
}

/**
 * The plan's years when the caller does not know them: the template's plan runs five fiscal years from the first
 * year its title states, and that first year is read with the digits OCR cannot write put back.
 */
export function planYearsFromOcrTitle(text: string): number[] | undefined {
  const head = text.split('\n').slice(0, 30).map(repairThai).join('\n');
  const first = /พ\.\s*ศ\.\s*(๒๕[๐-๙อฒ]{2})(?![๐-๙อฒ])/.exec(head)?.[1];
  if (!first) return undefined;
  const year = Number(first.replace(/อ/g, '๖').replace(/ฒ/g, '๗').replace(/[๐-๙]/g, (d) => String(THAI_DIGITS.indexOf(d))));
  return Array.from({ length: 5 }, (_, i) => year + i);
}

/** The findings that tell the coordinator what OCR read and what to check, page by page. */
export function ocrFindings(
  extracted: ExtractedText,
  numbers: readonly OcrNumber[],
  itemAt: (line: number) => string | undefined,
): Finding[] {
  const pages = extracted.ocr?.pages ?? [];
  if (pages.length === 0) return [];
  const findings: Finding[] = [
    {
      severity: FINDING_CODES.OCR_PAGES,
      code: 'OCR_PAGES',
      message: `อ่านหน้า ${pages.join(', ')} จากภาพสแกน (OCR) ตรวจทานข้อความและตัวเลขทุกตัวกับต้นฉบับ`,
      messageEn: `Pages ${pages.join(', ')} were read from scanned images (OCR); check their text and every number against the original`,
      line: 0,
      page: pages[0]!,
    },
  ];
  for (const n of numbers) {
    const changed = n.used !== n.found;
    const finding: Finding = {
      severity: FINDING_CODES.OCR_NUMBER,
      code: 'OCR_NUMBER',
      message: changed
        ? `หน้า ${n.page}: อ่านตัวเลขจากภาพได้ “${n.found}” ใช้ “${n.used}” กรุณายืนยันกับต้นฉบับ`
        : `หน้า ${n.page}: ตัวเลข “${n.found}” อ่านจากภาพ กรุณายืนยันกับต้นฉบับ`,
      messageEn: changed
        ? `Page ${n.page}: OCR read the number “${n.found}”, “${n.used}” is used; confirm it against the original`
        : `Page ${n.page}: the number “${n.found}” was read by OCR; confirm it against the original`,
      line: n.line,
      page: n.page,
      found: n.found,
      suggestion: n.used,
    };
    const item = itemAt(n.line);
    if (item) finding.item = item;
    findings.push(finding);
  }
  return findings;
}
