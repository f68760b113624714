import type { Step, StepPhase } from './plan';
import { thaiToArabicDigits } from './thai';

/**
 * Method steps (field ๕ วิธีดำเนินการ) of a plan item: splitting the numbered list, the phase of each step
 * and the recurrence its text asks for. Phases drive the workflow (an approval step waits for the นายก,
 * a reporting step produces a report), so the rules look at the step's leading verb first: "จัดทำคำสั่ง
 * มอบหมายงานในการสั่ง อนุญาต อนุมัติ" is the measure being carried out, not an approval.
 */

export type Recurrence = NonNullable<Step['recurrence']>;

export interface SourceText {
  text: string;
  line: number;
}

export interface NumberedStep {
  /** The number as written (๑) → 1); undefined when the list is not numbered. */
  number: number | undefined;
  text: string;
  /** The step's own line, without the sub-points that continue it. */
  head: string;
  line: number;
}

export interface StepNumberingIssue {
  kind: 'gap' | 'repeat';
  expected: number;
  found: number;
  line: number;
}

const STEP_START = /^(?:[-–•·]\s*)?(\d{1,2})\s*\)\s*(.*)$/;

/**
 * Top-level steps are "๑)" "- ๒)"; anything else ("- มีหมายเลข...", "(๑) ผู้แทน...", "๑.๑) ด้าน...",
 * a wrapped line) continues the step above it. An unnumbered list makes one step per paragraph.
 */
export function splitMethodSteps(lines: readonly SourceText[]): NumberedStep[] {
  const content = lines.filter((l) => l.text.trim() !== '');
  const numbered = content.some((l) => STEP_START.test(thaiToArabicDigits(l.text.trim())));
  if (!numbered) {
    return content.map((l) => ({ number: undefined, text: stripBullet(l.text), head: stripBullet(l.text), line: l.line }));
  }
  const steps: NumberedStep[] = [];
  for (const l of content) {
    const trimmed = l.text.trim();
    const match = STEP_START.exec(thaiToArabicDigits(trimmed));
    if (match) {
      const body = trimmed.slice(trimmed.length - (match[2] ?? '').length).trim();
      steps.push({ number: Number(match[1]), text: body, head: body, line: l.line });
    } else if (steps.length > 0) {
      const last = steps[steps.length - 1]!;
      last.text = `${last.text} ${trimmed}`.trim();
    } else {
      // Text before the first number is an introduction, kept as its own step so nothing is lost.
      steps.push({ number: undefined, text: stripBullet(trimmed), head: stripBullet(trimmed), line: l.line });
    }
  }
  return steps.filter((s) => s.text !== '');
}

export function checkStepNumbering(steps: readonly NumberedStep[]): StepNumberingIssue[] {
  const issues: StepNumberingIssue[] = [];
  let expected = 1;
  for (const step of steps) {
    if (step.number === undefined) continue;
    if (step.number !== expected) {
      issues.push({ kind: step.number < expected ? 'repeat' : 'gap', expected, found: step.number, line: step.line });
    }
    expected = step.number + 1;
  }
  return issues;
}

function stripBullet(text: string): string {
  return text.replace(/^\s*[-–•·]\s*/, '').trim();
}

interface PhaseRule {
  phase: StepPhase;
  /** Words so specific that they decide the phase wherever they stand ("ขออนุมัติ"). */
  decisive?: RegExp;
  /** Matched against the start of the step, after its subject ("คณะทำงาน", "ดำเนินการ") is removed. */
  head: RegExp;
  /** Matched anywhere, when no rule's head matched. */
  anywhere?: RegExp;
}

const PHASE_RULES: readonly PhaseRule[] = [
  {
    phase: 'approval',
    decisive: /ขออนุมัติ|เพื่ออนุมัติ|พิจารณาอนุมัติ|ขอความเห็นชอบ|อนุมัติจากผู้บริหาร/,
    head: /^(ขออนุมัติ|ขอความเห็นชอบ|เสนอ(โครงการ|ขอ|ผู้บริหาร(ท้องถิ่น)?เพื่อ(ขอ)?(อนุมัติ|ความเห็นชอบ))|จัดทำโครงการ)/,
    anywhere: /ขออนุมัติ|เพื่ออนุมัติ|พิจารณาอนุมัติ|ขอความเห็นชอบ|อนุมัติจากผู้บริหาร|อนุมัติโครงการ/,
  },
  {
    phase: 'committee',
    head: /^(แต่งตั้ง|จัดตั้งคณะ|จัดทำคำสั่ง(แต่งตั้ง|คณะ)|ประชุมคณะ(ทำงาน|กรรมการ)|มอบหมาย(งาน)?(ให้(กับ)?)?ผู้รับผิดชอบ)/,
    anywhere: /แต่งตั้งคณะ|จัดตั้งคณะ|คำสั่งแต่งตั้ง/,
  },
  {
    phase: 'reporting',
    head: /^(รายงาน|สรุปรายงาน|จัดทำรายงาน|เสนอรายงาน|ให้ผู้รับมอบ\S*.*รายงาน|สรุปผล\S*\s*(และ|พร้อม)?\s*รายงาน)/,
    anywhere: /รายงานผล|สรุปผลเสนอผู้บริหาร|เสนอผู้บริหาร(ท้องถิ่น)?ทราบ|ให้ผู้บริหาร(ท้องถิ่น)?(รับ)?ทราบ/,
  },
  {
    phase: 'publication',
    head: /^(เผยแพร่|ประชาสัมพันธ์|ปิดประกาศ|ประกาศ(ผล|เผยแพร่|ให้|ใช้)|จัดทำประกาศ\s*ประชาสัมพันธ์|จัดทำหนังสือแจ้งเวียน)/,
    anywhere: /เผยแพร่|ประชาสัมพันธ์|ประกาศให้\S*ทราบ/,
  },
  {
    phase: 'evaluation',
    head: /^(ประเมิน|ติดตาม|สรุปผล|สรุปติดตาม|วัดผล|ควบคุมติดตาม|ทดสอบ)/,
    anywhere: /ประเมินผล|ติดตามผล|ติดตามประเมิน|ติดตาม\s*ประเมิน/,
  },
  {
    phase: 'preparation',
    head: /^(ประสาน|จัดเตรียม|เตรียม|กำหนด|วางแผน|ศึกษา|รวบรวม|เก็บรวบรวม|จัดหา|ปรับปรุง|จัดทำ|ตรวจสอบรายชื่อ|ออกแบบ|จัดตั้งหน่วย|นำข้อมูล)/,
    anywhere: /จัดเตรียม|กำหนดกรอบ|กำหนดรูปแบบ|กำหนดหลักเกณฑ์|จัดทำมาตรการ|วางแผน/,
  },
  {
    // Doing the item itself: training, selecting, awarding, auditing, briefing, building the system.
    phase: 'execution',
    head: /^(พิจารณาคัดเลือก|คัดเลือก|ตัดสิน|มอบ|จัดพิธี|ทำพิธี|จัดฝึกอบรม|จัดอบรม|อบรม|จัดกิจกรรม|จัดเวที|ตาม|ปฏิบัติตาม|สอบทาน|ชี้แจง|ประชุมชี้แจง|พัฒนา)/,
  },
];

/** The executive signing or announcing is the approval of the item, whatever verb follows. */
const EXECUTIVE_DECIDES = /^ผู้บริหาร(ท้องถิ่น)?(ประกาศใช้|ลงนาม|อนุมัติ|เห็นชอบ)/;
const LEADING_SUBJECT =
  /^(ดำเนินการ|คณะทำงาน(ฯ)?|คณะกรรมการ(ฯ)?|ผู้บริหาร(ท้องถิ่น)?(และบุคลากร)?|หน่วยงาน(ที่เกี่ยวข้อง)?|เจ้าหน้าที่)\s*/;

export function classifyStepPhase(text: string): StepPhase {
  const compact = thaiToArabicDigits(text).replace(/^\s*[-–•·]\s*/, '').trim();
  if (EXECUTIVE_DECIDES.test(compact)) return 'approval';
  let head = compact;
  for (let i = 0; i < 2 && LEADING_SUBJECT.test(head); i++) head = head.replace(LEADING_SUBJECT, '');
  for (const rule of PHASE_RULES) if (rule.decisive?.test(compact)) return rule.phase;
  for (const rule of PHASE_RULES) if (rule.head.test(head)) return rule.phase;
  for (const rule of PHASE_RULES) if (rule.anywhere?.test(compact)) return rule.phase;
  return 'execution';
}

const RECURRENCE_RULES: ReadonlyArray<{ recurrence: Recurrence; pattern: RegExp }> = [
  { recurrence: 'monthly', pattern: /ทุก\s*เดือน|ราย\s*เดือน|เดือน\s*ละ\s*(1\s*)?ครั้ง/ },
  { recurrence: 'quarterly', pattern: /ทุก\s*ไตรมาส|ราย\s*ไตรมาส|ไตรมาส\s*ละ/ },
  { recurrence: 'semiannual', pattern: /ปี\s*ละ\s*2\s*ครั้ง|ทุก\s*6\s*เดือน|รอบ\s*6\s*เดือน|ราย\s*6\s*เดือน|ครึ่งปี/ },
  {
    recurrence: 'annual',
    // "ข้อบัญญัติ...ประจำปี" and "ประจำปีงบประมาณ พ.ศ. ..." name a document or a year, not a rhythm.
    pattern: /ปี\s*ละ\s*1\s*ครั้ง|ทุก\s*ปี|ราย\s*ปี|(?<!ข้อบัญญัติ\S{0,20})ประจำปี(?!\s*(งบประมาณ|พ\.ศ|\d))/,
  },
];

/** The most frequent rhythm the text names, when it names one. */
export function detectRecurrence(text: string): Recurrence | undefined {
  const arabic = thaiToArabicDigits(text);
  return RECURRENCE_RULES.find((r) => r.pattern.test(arabic))?.recurrence;
}

/** Recurrence is read from the step's own line: sub-points list documents ("สรุปผล...รายเดือน"), not rhythms. */
export function toPlanSteps(steps: readonly NumberedStep[]): Step[] {
  return steps.map((s) => {
    const recurrence = detectRecurrence(s.head);
    return recurrence ? { text: s.text, phase: classifyStepPhase(s.text), recurrence } : { text: s.text, phase: classifyStepPhase(s.text) };
  });
}
