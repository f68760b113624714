import { paragraphsOfCell } from './cells';
import { FindingCollector, linesList } from './findings';
import type { ItemDraft } from './reconcile';
import { comparable, dice } from './similarity';
import type { SourceDocument } from './source';

/** Defects of the text as a whole: typos in headings, stray marks, quotes, copy-pasted sections. */

export interface ItemLocator {
  /** The item whose section (or Part 2 row) holds the line, if any. */
  at(line: number, containing?: string): string | undefined;
}

export function locateItems(drafts: readonly ItemDraft[], part3End: number): ItemLocator {
  const sections = [...drafts].sort((a, b) => a.section.line - b.section.line);
  return {
    at(line, containing) {
      const inTable = drafts.filter((d) => d.tableItem?.line === line);
      if (inTable.length === 1) return inTable[0]!.code;
      if (inTable.length > 1) return (containing && inTable.find((d) => d.tableItem!.name.includes(containing))?.code) || undefined;
      if (line > part3End) return undefined;
      let found: ItemDraft | undefined;
      for (const d of sections) {
        if (d.section.line <= line) found = d;
        else break;
      }
      return found?.code;
    },
  };
}

export function checkHeadingTypos(doc: SourceDocument, findings: FindingCollector): void {
  const lines: number[] = [];
  for (const line of doc.lines) {
    const cells = line.raw.includes('\t') ? line.raw.split('\t').flatMap(paragraphsOfCell) : [line.text];
    if (cells.some((c) => /^มติ(ที่\s*[๐-๙\d]|$)/.test(c) || /ภารกิจตามมติ/.test(c))) lines.push(line.number);
  }
  if (lines.length === 0) return;
  const list = linesList(lines);
  findings.add(
    'HEADING_TYPO',
    lines[0]!,
    `หัวข้อเขียน “มติ” แทน “มิติ” ${lines.length} แห่ง บรรทัด ${list.th}`,
    `Headings spell “มติ” (resolution) for “มิติ” (dimension), ${lines.length} time(s), lines ${list.en}`,
  );
}

export function checkStrayMarkup(doc: SourceDocument, locate: ItemLocator, findings: FindingCollector): void {
  const byItem = new Map<string, number[]>();
  for (const line of doc.lines) {
    if (!line.raw.includes('**')) continue;
    const item = locate.at(line.number) ?? `line:${line.number}`;
    byItem.set(item, [...(byItem.get(item) ?? []), line.number]);
  }
  for (const [item, lines] of byItem) {
    const list = linesList(lines);
    findings.add(
      'STRAY_MARKUP',
      lines[0]!,
      `เครื่องหมาย ** ค้างจากการแปลงไฟล์ (ตัวหนา) บรรทัด ${list.th}`,
      `Stray ** (bold) marks from the file conversion, lines ${list.en}`,
      item.startsWith('line:') ? undefined : item,
    );
  }
}

export function checkQuotes(doc: SourceDocument, locate: ItemLocator, findings: FindingCollector): void {
  const paragraphs: Array<Array<{ text: string; line: number }>> = [];
  let current: Array<{ text: string; line: number }> = [];
  const flush = () => {
    if (current.length) paragraphs.push(current);
    current = [];
  };
  for (const line of doc.lines) {
    if (line.raw.includes('\t')) {
      flush();
      for (const cell of line.raw.split('\t').flatMap(paragraphsOfCell)) if (cell) paragraphs.push([{ text: cell, line: line.number }]);
    } else if (line.text === '') {
      flush();
    } else {
      current.push({ text: line.text, line: line.number });
    }
  }
  flush();
  for (const paragraph of paragraphs) {
    let depth = 0;
    let openAt: { line: number; text: string } | undefined;
    for (const part of paragraph) {
      for (let i = 0; i < part.text.length; i++) {
        const ch = part.text[i];
        if (ch === '“') {
          if (depth === 0) openAt = { line: part.line, text: part.text.slice(i, i + 40) };
          depth++;
        } else if (ch === '”' && depth > 0) {
          depth--;
        }
      }
    }
    if (depth > 0 && openAt) {
      const snippet = openAt.text.slice(1, 25);
      findings.add(
        'UNCLOSED_QUOTE',
        openAt.line,
        `เครื่องหมายคำพูดเปิด “ ไม่มีปิด: “${openAt.text.slice(1)}...`,
        `An opening quote “ is never closed: “${openAt.text.slice(1)}...`,
        locate.at(openAt.line, snippet),
      );
    }
    const straight = paragraph.reduce((n, p) => n + (p.text.match(/"/g) ?? []).length, 0);
    if (straight % 2 === 1) {
      const line = paragraph.find((p) => p.text.includes('"'))!.line;
      findings.add('UNCLOSED_QUOTE', line, 'เครื่องหมาย " ไม่ครบคู่', 'An unpaired " quote', locate.at(line));
    }
  }
}

const FOREIGN_SCRIPT = /[\u0400-\u04FF\u0590-\u05FF\u0600-\u06FF\u0750-\u077F\u4E00-\u9FFF]/;

export function checkForeignScript(doc: SourceDocument, locate: ItemLocator, findings: FindingCollector): void {
  for (const line of doc.lines) {
    const at = line.text.search(FOREIGN_SCRIPT);
    if (at < 0) continue;
    const word = /[^\s]*$/.exec(line.text.slice(0, at))![0] + /^[^\s]*/.exec(line.text.slice(at))![0];
    findings.add(
      'FOREIGN_SCRIPT',
      line.number,
      `มีอักษรต่างประเทศปนในคำ “${word}” (ข้อความเสียจากการแปลงไฟล์?)`,
      `Foreign-script characters inside the word “${word}” (text damaged by a conversion?)`,
      locate.at(line.number),
    );
  }
}

export function checkBlankDates(doc: SourceDocument, findings: FindingCollector): void {
  for (const line of doc.lines) {
    if (/วันที่\s+(เดือน|เป็นต้นไป)/.test(line.text)) {
      findings.add('BLANK_DATE', line.number, `วันที่ยังว่าง: “${line.text.slice(0, 60)}”`, `The date is left blank: “${line.text.slice(0, 60)}”`);
    } else if (/^ที่\s*\/\s*[๐-๙\d]{4}$/.test(line.text)) {
      findings.add('BLANK_DATE', line.number, `เลขที่คำสั่งยังว่าง: “${line.text}”`, `The order number is left blank: “${line.text}”`);
    }
  }
}

const DUPLICATE_FIELDS = [
  { key: 'method', th: 'วิธีดำเนินการ', en: 'method', minLength: 80, threshold: 0.9 },
  { key: 'rationale', th: 'หลักการและเหตุผล', en: 'rationale', minLength: 150, threshold: 0.85 },
  { key: 'outputs', th: 'ผลผลิต/ผลลัพธ์', en: 'outputs/outcomes', minLength: 80, threshold: 0.9 },
] as const;

/**
 * The same text in two items where each should have its own: a section copied from another item and
 * not rewritten (item 2.2's method and indicators are item 2.1's, word for word).
 */
export function checkDuplicatedText(drafts: readonly ItemDraft[], findings: FindingCollector): void {
  for (const field of DUPLICATE_FIELDS) {
    const texts = drafts.map((d) => ({ d, text: d.texts[field.key], compact: comparable(d.texts[field.key]?.text ?? '') }));
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i]!;
        const b = texts[j]!;
        if (a.compact.length < field.minLength || b.compact.length < field.minLength) continue;
        const shorter = Math.min(a.compact.length, b.compact.length);
        const longer = Math.max(a.compact.length, b.compact.length);
        if (shorter / longer < 0.7) continue;
        const similarity = dice(a.compact, b.compact);
        if (similarity < field.threshold) continue;
        const percent = Math.round(similarity * 100);
        findings.add(
          'DUPLICATED_TEXT',
          b.text!.line,
          `${field.th}ของรายการ ${b.d.code} ซ้ำกับรายการ ${a.d.code} (บรรทัด ${a.text!.line}) ${percent}% — คัดลอกมาโดยไม่ได้ปรับ?`,
          `The ${field.en} of item ${b.d.code} repeats item ${a.d.code} (line ${a.text!.line}) at ${percent}% — copied without being rewritten?`,
          b.d.code,
        );
      }
    }
  }
}

export function checkMissionsWithoutItems(
  missions: ReadonlyMap<string, { line: number }>,
  drafts: readonly ItemDraft[],
  findings: FindingCollector,
): void {
  const used = new Set(drafts.map((d) => d.mission));
  for (const [code, { line }] of missions) {
    if (code.split('.').length !== 3 || used.has(code)) continue;
    const covering = drafts.filter((d) => d.section.missionCandidates.includes(code)).map((d) => d.code);
    findings.add(
      'MISSION_WITHOUT_ITEMS',
      line,
      covering.length
        ? `ภารกิจ ${code} ไม่มีรายการของตนเอง (หัวข้ออยู่เหนือรายการ ${covering.join(', ')} ซึ่งจัดไว้ใต้ภารกิจ ${drafts.find((d) => d.code === covering[0])!.mission})`
        : `ภารกิจ ${code} ไม่มีโครงการ/กิจกรรม/มาตรการ`,
      covering.length
        ? `Mission ${code} has no item of its own (its heading sits above item ${covering.join(', ')}, filed under ${drafts.find((d) => d.code === covering[0])!.mission})`
        : `Mission ${code} has no item`,
    );
  }
}
