import { FindingCollector } from './findings';
import type { SourceDocument, SourceLine } from './source';

/**
 * Part 3, one section per item: "รายละเอียดโครงการ/กิจกรรม/มาตรการ ลำดับที่ N" then fields ๑ ชื่อ ... ๙
 * ผลผลิต/ผลลัพธ์, under dimension (มิติที่) and mission (๑.๑.๓ ...) headings.
 *
 * Fields are recognised by their words, not their numbers (the seed numbers ผู้รับผิดชอบโครงการ ๙ and
 * ผลผลิต ๑๐ in some items), and mission headings only between items: item 2.3's method lists its own
 * "๒.๑.๑ ข้อมูลพื้นฐาน ..." sub-points, which are not missions.
 */

export type FieldKey = 'name' | 'rationale' | 'objectives' | 'target' | 'method' | 'period' | 'budget' | 'responsible' | 'outputs';

export const EXPECTED_FIELD_NUMBER: Record<FieldKey, number> = {
  name: 1,
  rationale: 2,
  objectives: 3,
  target: 4,
  method: 5,
  period: 6,
  budget: 7,
  responsible: 8,
  outputs: 9,
};

const FIELD_WORDS: ReadonlyArray<{ key: FieldKey; pattern: RegExp }> = [
  { key: 'name', pattern: /^ชื่อ/ },
  { key: 'rationale', pattern: /^หลักการ/ },
  { key: 'objectives', pattern: /^วัตถุประสงค์/ },
  { key: 'target', pattern: /^(กลุ่ม)?เป้าหมาย/ },
  { key: 'method', pattern: /^วิธี(การ)?ดำเนิน(การ|งาน)/ },
  { key: 'period', pattern: /^ระยะเวลา/ },
  { key: 'budget', pattern: /^งบประมาณ/ },
  { key: 'responsible', pattern: /^(ผู้รับผิดชอบ|หน่วยงาน\s*(ที่)?\s*รับผิดชอบ)/ },
  { key: 'outputs', pattern: /^(ผลผลิต|ผลลัพธ์|ตัวชี้วัด)/ },
];

export interface FieldLine {
  text: string;
  line: number;
  /** Inside ผลผลิต/ผลลัพธ์: which of the two sub-lists the line belongs to. */
  part?: 'output' | 'outcome';
}

export interface FieldBlock {
  key: FieldKey;
  number: number;
  line: number;
  /** Text after the label on the field's own line ("๑. ชื่อโครงการ : <this>"). */
  inline: string;
  lines: FieldLine[];
}

export interface Part3Item {
  dimension: number | undefined;
  /** ลำดับที่ as written; undefined when the section has none. */
  seq: number | undefined;
  seqLine: number;
  /** Where the section starts (its "รายละเอียดโครงการ/กิจกรรม/มาตรการ" heading). */
  line: number;
  /** Level-3 mission headings directly above the section, in order; several when no item sat between them. */
  missionCandidates: string[];
  fields: FieldBlock[];
}

export interface Part3Result {
  items: Part3Item[];
  missions: Map<string, { name: string; line: number }>;
  dimensions: Map<number, { name: string; line: number }>;
}

const DIMENSION_HEADING = /^(?:มิติ|มติ)ที่\s*(\d+)\s*(.*)$/;
const SECTION_HEADING = /^รายละเอียดโครงการ\s*\/\s*กิจกรรม\s*\/\s*มาตรการ/;
const SEQ = /ลำดับที่\s*(\d+)/;
const MISSION_HEADING = /^(?:[-–•]\s*)?(\d+\.\d+(?:\.\d+)?)\s+(\S.*)$/;
const STRAY_LABEL = /^(มิตินี้\s*\d+\s*)?โครงการที่\s*\d+$/;
const FIELD = /^(\d{1,2})\s*\.\s*(.+)$/;

export function fieldOf(item: Part3Item, key: FieldKey): FieldBlock | undefined {
  return item.fields.find((f) => f.key === key);
}

export function fieldsOf(item: Part3Item, key: FieldKey): FieldBlock[] {
  return item.fields.filter((f) => f.key === key);
}

export function parsePart3(doc: SourceDocument, from: number, to: number, findings: FindingCollector): Part3Result {
  const result: Part3Result = { items: [], missions: new Map(), dimensions: new Map() };
  let dimension: number | undefined;
  let item: Part3Item | undefined;
  let field: FieldBlock | undefined;
  let outputPart: FieldLine['part'];
  let sectionLine: number | undefined;
  let block: string[] = [];
  let blockUsed = false;
  let headingOpen: string | undefined;
  let lastDimensionHeading: { number: number; line: number; itemsSince: number } | undefined;

  const closeItem = () => {
    item = undefined;
    field = undefined;
  };
  const startItem = (seq: number | undefined, line: SourceLine) => {
    closeItem();
    item = {
      dimension,
      seq,
      seqLine: line.number,
      line: sectionLine ?? line.number,
      missionCandidates: [...block],
      fields: [],
    };
    blockUsed = true;
    sectionLine = undefined;
    result.items.push(item);
    if (lastDimensionHeading) lastDimensionHeading.itemsSince++;
  };
  const headingsAllowed = () => !item || !field || field.key === 'outputs' || field.key === 'responsible';

  for (let i = from; i < to; i++) {
    const line = doc.lines[i]!;
    const { text, arabic } = line;
    if (text === '') continue;
    if (/^ภาคผนวก$/.test(text)) break;

    const dim = DIMENSION_HEADING.exec(arabic);
    if (dim && headingsAllowed()) {
      closeItem();
      const number = Number(dim[1]);
      const name = text.slice(text.length - dim[2]!.length).trim();
      if (lastDimensionHeading?.number === number && lastDimensionHeading.itemsSince === 0) {
        findings.add(
          'DUPLICATE_HEADING',
          line.number,
          `หัวข้อมิติที่ ${number} ซ้ำกับบรรทัด ${lastDimensionHeading.line}`,
          `Dimension ${number} heading repeats the one on line ${lastDimensionHeading.line}`,
        );
      }
      dimension = number;
      if (!result.dimensions.has(number) || (name && !result.dimensions.get(number)!.name)) {
        result.dimensions.set(number, { name, line: line.number });
      }
      lastDimensionHeading = { number, line: line.number, itemsSince: 0 };
      block = [];
      blockUsed = false;
      sectionLine = undefined;
      headingOpen = undefined;
      continue;
    }
    if (STRAY_LABEL.test(arabic) && headingsAllowed()) {
      findings.add(
        'STRAY_LABEL',
        line.number,
        `ข้อความ “${text}” ค้างอยู่ระหว่างหัวข้อ ไม่ใช่ส่วนหนึ่งของรายการ`,
        `Stray label “${text}” between sections; not part of any item`,
      );
      closeItem();
      continue;
    }
    if (SECTION_HEADING.test(arabic)) {
      closeItem();
      sectionLine = line.number;
      headingOpen = undefined;
      const seq = SEQ.exec(arabic);
      if (seq) startItem(Number(seq[1]), line);
      continue;
    }
    const seqOnly = /^ลำดับที่\s*(\d+)$/.exec(arabic);
    if (seqOnly) {
      startItem(Number(seqOnly[1]), line);
      continue;
    }
    const mission = MISSION_HEADING.exec(arabic);
    if (mission && headingsAllowed() && (dimension === undefined || mission[1]!.split('.')[0] === String(dimension))) {
      closeItem();
      const code = mission[1]!;
      const name = text.slice(text.length - mission[2]!.length).trim();
      if (!result.missions.has(code)) result.missions.set(code, { name, line: line.number });
      if (code.split('.').length === 3) {
        if (blockUsed) block = [];
        block.push(code);
        blockUsed = false;
      }
      headingOpen = code;
      sectionLine = undefined;
      continue;
    }
    // A heading wrapped onto a second line, or a second Word paragraph, before anything else starts.
    if (headingOpen && !item && text.length < 160 && !/^\d/.test(arabic)) {
      const entry = result.missions.get(headingOpen);
      if (entry) entry.name = joinWrapped([entry.name, text]);
      continue;
    }
    headingOpen = undefined;

    const fieldMatch = FIELD.exec(arabic);
    const key = fieldMatch ? FIELD_WORDS.find((f) => f.pattern.test(fieldMatch[2]!))?.key : undefined;
    if (fieldMatch && key && Number(fieldMatch[1]) <= 12) {
      if (!item || (key === 'name' && fieldOf(item, 'name'))) {
        findings.add(
          'SEQ_NUMBER_MISSING',
          line.number,
          'รายการนี้ไม่มี “ลำดับที่” กำกับ ใช้ลำดับถัดจากรายการก่อนหน้า',
          'This item has no “ลำดับที่”; the number after the previous item was used',
        );
        startItem(undefined, line);
      }
      const labelEnd = fieldMatch.index + fieldMatch[0].length - fieldMatch[2]!.length;
      const rest = text.slice(labelEnd);
      field = {
        key,
        number: Number(fieldMatch[1]),
        line: line.number,
        inline: key === 'name' ? rest.replace(/^ชื่อ(โครงการ|กิจกรรม|มาตรการ)?\s*:?\s*/, '').trim() : '',
        lines: [],
      };
      item!.fields.push(field);
      outputPart = undefined;
      continue;
    }
    if (!item || !field) continue;
    if (field.key === 'outputs' && /^(ผลผลิต|ผลลัพธ์)\s*:?$/.test(text)) {
      outputPart = text.startsWith('ผลผลิต') ? 'output' : 'outcome';
      continue;
    }
    field.lines.push({ text, line: line.number, ...(field.key === 'outputs' ? { part: outputPart ?? 'output' } : {}) });
  }
  return result;
}

/**
 * The item's name: the text after the label and every line up to the next field, since a name wrapped in
 * Word may be one paragraph with line breaks or several paragraphs.
 */
export function itemNameOf(item: Part3Item): { text: string; line: number } | undefined {
  const name = fieldOf(item, 'name');
  if (!name) return undefined;
  const text = joinWrapped([name.inline, ...name.lines.map((l) => l.text)].filter((p) => p !== ''));
  return text ? { text, line: name.line } : undefined;
}

const THAI_END = /[\u0E01-\u0E4E]$/;
const THAI_START = /^[\u0E01-\u0E4E]/;

/**
 * Lines of one paragraph. Thai puts no space between words, and the seed's hard wraps fall inside phrases
 * ("ส่วน|ตำบลเข็กน้อย", "ประจำปี|งบประมาณ"), so a wrap between two Thai letters joins without a space.
 */
export function joinWrapped(lines: readonly string[]): string {
  return lines
    .map((l) => l.trim())
    .reduce((text, l) => (text === '' ? l : THAI_END.test(text) && THAI_START.test(l) ? text + l : `${text} ${l}`), '')
    .trim();
}
