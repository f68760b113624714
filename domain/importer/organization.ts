import type { Organization } from '../plan';
import { FindingCollector, linesList } from './findings';
import type { SourceDocument } from './source';

/**
 * The organisation the plan belongs to, and every place the document spells it differently.
 *
 * Plans are assembled from other organisations' plans, so the place name is misspelt in many ways
 * (เชิงน้อย, เช็กน้อย, เล็กน้อย, เชิงกัน้อย ...) and sometimes another organisation's name is left in.
 * A variant is recognised by what follows the organisation type ("ส่วนตำบล", "อบต."): it shares the
 * ending of the real name or is within two edits of it. "เล็กน้อย" elsewhere is an ordinary word.
 */

export interface OrganizationInfo {
  organization: Organization;
  /** The full name as the title page writes it, e.g. องค์การบริหารส่วนตำบลเข็กน้อย. */
  orgType: string;
  placeName: string;
  line: number;
  title?: string;
}

const ORG_TYPES = ['องค์การบริหารส่วนตำบล', 'องค์การบริหารส่วนจังหวัด', 'เทศบาลตำบล', 'เทศบาลเมือง', 'เทศบาลนคร'];
const ORG_HEADER = new RegExp(`^(${ORG_TYPES.join('|')})\\s*([\\u0E01-\\u0E2E\\u0E30-\\u0E4E]+)$`);

export function findOrganization(doc: SourceDocument, findings: FindingCollector): OrganizationInfo | undefined {
  const limit = Math.min(doc.lines.length, 80);
  for (let i = 0; i < limit; i++) {
    const m = ORG_HEADER.exec(doc.lines[i]!.text);
    if (!m) continue;
    const titleLines = doc.lines.slice(0, i).filter((l) => l.text !== '');
    let district = '';
    let province = '';
    for (const l of doc.lines.slice(i, i + 4)) {
      district ||= /อำเภอ\s*([\u0E00-\u0E7F]+)/.exec(l.text)?.[1] ?? '';
      province ||= /จังหวัด\s*([\u0E00-\u0E7F]+)/.exec(l.text)?.[1] ?? '';
    }
    const info: OrganizationInfo = {
      organization: { name: `${m[1]}${m[2]}`, district, province },
      orgType: m[1]!,
      placeName: m[2]!,
      line: i + 1,
    };
    if (titleLines.length > 0 && titleLines.length <= 6) info.title = titleLines.map((l) => l.text).join(' ');
    return info;
  }
  return guessOrganization(doc, findings);
}

/** Without a title page the most frequent "องค์การบริหารส่วนตำบล..." of the text is taken. */
function guessOrganization(doc: SourceDocument, findings: FindingCollector): OrganizationInfo | undefined {
  const counts = new Map<string, { type: string; place: string; count: number; line: number }>();
  const pattern = new RegExp(`(${ORG_TYPES.join('|')})([\\u0E01-\\u0E2E\\u0E30-\\u0E4E]{2,})`, 'g');
  for (const l of doc.lines) {
    for (const m of l.text.matchAll(pattern)) {
      const key = m[0];
      const entry = counts.get(key) ?? { type: m[1]!, place: m[2]!, count: 0, line: l.number };
      entry.count++;
      counts.set(key, entry);
    }
  }
  const best = [...counts.values()].sort((a, b) => b.count - a.count || a.line - b.line)[0];
  if (!best) return undefined;
  findings.add(
    'ORGANIZATION_GUESSED',
    best.line,
    `ไม่พบชื่อองค์กรที่หน้าปก ใช้ชื่อที่พบบ่อยที่สุด “${best.type}${best.place}” แทน`,
    `No organisation on the title page; the most frequent name “${best.type}${best.place}” was used`,
  );
  return {
    organization: { name: `${best.type}${best.place}`, district: '', province: '' },
    orgType: best.type,
    placeName: best.place,
    line: best.line,
  };
}

const FUNCTION_WORDS =
  /^(มี|ให้|ใน|และ|ที่|ของ|จะ|ได้|เป็น|มา|จึง|ซึ่ง|โดย|กับ|ต้อง|ทั้ง|หรือ|แห่ง|นั้น|นี้|ดังกล่าว|ทุก|ต่าง|เพื่อ|ตาม|แต่|ก็|ยัง|ไม่|อื่น|เอง|ว่า|ทราบ)/;
const THAI_WORD = /^[\u0E01-\u0E2E\u0E30-\u0E4E]+/;

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      prev[j] = Math.min(above + 1, prev[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return prev[b.length]!;
}

export interface OrganizationNameChecks {
  /** The text with misspellings of the organisation's own name corrected. */
  correct(text: string): string;
}

/** "ส่วนตำบล" / "อบต." for an อบต.; the tail of the type name for the others. */
function typeMarker(orgType: string): RegExp {
  if (orgType === 'องค์การบริหารส่วนตำบล') return /(องค์การ|องค์กร)?\s*บริหาร\s*ส่วน\s*ตำบล\s*|อบต\.\s*/g;
  if (orgType === 'องค์การบริหารส่วนจังหวัด') return /(องค์การ|องค์กร)?\s*บริหาร\s*ส่วน\s*จังหวัด\s*|อบจ\.\s*/g;
  return new RegExp(`${orgType}\\s*`, 'g');
}

interface Occurrence {
  variant: string;
  line: number;
}

export function checkOrganizationNames(
  doc: SourceDocument,
  info: OrganizationInfo,
  findings: FindingCollector,
): OrganizationNameChecks {
  const place = info.placeName;
  const ending = place.slice(-Math.ceil(place.length / 2));
  const misspelt: Occurrence[] = [];
  const others: Occurrence[] = [];
  const wrongType: number[] = [];

  doc.lines.forEach((line, index) => {
    for (const m of line.text.matchAll(typeMarker(info.orgType))) {
      let rest = line.text.slice((m.index ?? 0) + m[0].length);
      // A name wrapped onto the next line of the same paragraph.
      if (rest.trim() === '') rest = doc.lines[index + 1]?.text ?? '';
      const word = THAI_WORD.exec(rest.trim())?.[0] ?? '';
      if (m[1] === 'องค์กร') wrongType.push(line.number);
      if (word === '' || word.startsWith(place)) continue;
      const window = word.slice(0, place.length + 4);
      const endAt = window.indexOf(ending);
      if (endAt >= 0) {
        misspelt.push({ variant: word.slice(0, endAt + ending.length), line: line.number });
      } else if (editDistance(word.slice(0, place.length), place) <= 2) {
        misspelt.push({ variant: word.slice(0, place.length), line: line.number });
      } else if (word.length >= 3 && word.length <= 15 && !FUNCTION_WORDS.test(word) && m[0].includes('บริหาร')) {
        others.push({ variant: word, line: line.number });
      }
    }
  });

  const fullName = (variant: string) => `${info.orgType}${variant}`;
  for (const [variant, occurrences] of groupByVariant(misspelt)) {
    const lines = linesList(occurrences.map((o) => o.line));
    findings.add(
      'ORG_NAME_MISSPELLED',
      occurrences[0]!.line,
      `ชื่อองค์กรสะกดผิดเป็น “${fullName(variant)}” (ควรเป็น “${info.organization.name}”) ${occurrences.length} แห่ง บรรทัด ${lines.th}`,
      `Organisation name misspelt as “${fullName(variant)}” (should be “${info.organization.name}”), ${occurrences.length} time(s), lines ${lines.en}`,
    );
  }
  for (const [variant, occurrences] of groupByVariant(others)) {
    const lines = linesList(occurrences.map((o) => o.line));
    findings.add(
      'OTHER_ORGANIZATION_NAME',
      occurrences[0]!.line,
      `พบชื่อองค์กรอื่น “${fullName(variant)}” ในแผนของ${info.organization.name} (คัดลอกมาจากแผนอื่น?) บรรทัด ${lines.th}`,
      `Another organisation's name “${fullName(variant)}” appears in the plan of ${info.organization.name} (copied from another plan?), lines ${lines.en}`,
    );
  }
  if (wrongType.length > 0) {
    const lines = linesList(wrongType);
    findings.add(
      'ORG_TYPE_MISSPELLED',
      wrongType[0]!,
      `เขียน “องค์กรบริหารส่วนตำบล” แทน “องค์การบริหารส่วนตำบล” ${wrongType.length} แห่ง บรรทัด ${lines.th}`,
      `“องค์กรบริหารส่วนตำบล” written for “องค์การบริหารส่วนตำบล” ${wrongType.length} time(s), lines ${lines.en}`,
    );
  }

  const variants = [...new Set(misspelt.map((o) => o.variant))].sort((a, b) => b.length - a.length);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const corrections = variants.map((v) => new RegExp(`(ส่วน\\s*ตำบล|ส่วน\\s*จังหวัด|อบต\\.|อบจ\\.|เทศบาล\\S{0,4})(\\s*)${escape(v)}`, 'g'));
  return {
    correct(text: string): string {
      return corrections.reduce((t, pattern) => t.replace(pattern, `$1$2${place}`), text);
    },
  };
}

function groupByVariant(occurrences: readonly Occurrence[]): Map<string, Occurrence[]> {
  const groups = new Map<string, Occurrence[]>();
  for (const o of occurrences) groups.set(o.variant, [...(groups.get(o.variant) ?? []), o]);
  return groups;
}
