import { fiscalYearBounds, type IsoDate } from './fiscal';
import { formatBaht, formatThaiDate, formatEnglishDate } from './thai-format';

/**
 * What the coordinator records, when the organisation starts using the system in the middle of a fiscal year, of an
 * item-year's work that already happened on paper (บันทึกย้อนหลัง): the project approved on a date by a numbered
 * letter, the order appointing its committee, the steps done with their dates, the budget spent. The item-year's
 * workflow takes it as one command, moves past the stages it covers without asking anyone for a decision already
 * taken, and audits it as recorded after the fact, by whom, with the original dates.
 *
 * Pure and zod-free: the workflow bundle imports this module and applies the same checks as the service that accepts
 * the command (the schema of the input is after-the-fact-schema.ts).
 */

export interface AfterTheFactRecord {
  /** The นายก approved the project on paper: the date and the letter's number (เลขที่หนังสือ). */
  approval?: { date: IsoDate; documentNumber: string };
  /** The signed order appointing the committee (คำสั่งแต่งตั้งคณะกรรมการ): its number and date. */
  committee?: { orderNumber: string; orderDate: IsoDate };
  /** Execution steps of this item-year done already, by their key in the item-year, with a short evidence note. */
  steps: Array<{ key: string; date: IsoDate; evidence?: string }>;
  /** Baht spent so far this year. */
  budgetSpent?: number;
}

/** What the checks read of the item-year: its plan's stages, its budget, and where its workflow stands now. */
export interface AfterTheFactView {
  fiscalYear: number;
  /** Today in Bangkok: nothing is recorded as done on a later date. */
  today: IsoDate;
  needsApproval: boolean;
  needsCommittee: boolean;
  /** This year's planned budget; null = ไม่ใช้งบประมาณ. */
  budget: number | null;
  state: {
    phase: string;
    proposal?: unknown;
    committee?: unknown;
    openDecision?: unknown;
    afterTheFact?: unknown;
    decisions: readonly unknown[];
    steps: ReadonlyArray<{ key: string; status: string }>;
  };
}

export type AfterTheFactProblemCode =
  | 'already_recorded'
  | 'wrong_phase'
  | 'nothing_to_record'
  | 'approval_not_needed'
  | 'approval_passed'
  | 'committee_not_needed'
  | 'committee_passed'
  | 'approval_first'
  | 'committee_first'
  | 'date_outside_year'
  | 'date_in_future'
  | 'date_order'
  | 'unknown_step'
  | 'step_done'
  | 'step_twice'
  | 'no_budget'
  | 'over_budget';

export interface AfterTheFactProblem {
  code: AfterTheFactProblemCode;
  /** Where in the input: `approval.date`, `steps.2.key`, `budgetSpent`, ... */
  path: string;
  th: string;
  en: string;
}

/** The phases in which the work done on paper can still be taken in: before any decision was asked in the system. */
const OPEN_PHASES: readonly string[] = ['proposal', 'committee', 'execution'];

/** Why the item-year cannot take an after-the-fact record now, whatever it holds; undefined when it can. */
export function afterTheFactRefusal(state: AfterTheFactView['state']): AfterTheFactProblem | undefined {
  if (state.afterTheFact !== undefined) {
    return {
      code: 'already_recorded',
      path: '',
      th: 'บันทึกย้อนหลังของรายการนี้ไปแล้ว ขั้นต่อไปบันทึกตามปกติในระบบ',
      en: 'this item-year was already recorded after the fact; what follows is recorded in the system as usual',
    };
  }
  if (!OPEN_PHASES.includes(state.phase) || state.openDecision !== undefined || state.proposal !== undefined || state.decisions.length > 0) {
    return {
      code: 'wrong_phase',
      path: '',
      th: 'รายการนี้ดำเนินการในระบบแล้ว (มีการเสนอหรือการพิจารณาในระบบ) จึงบันทึกย้อนหลังไม่ได้',
      en: 'this item-year has already moved on in the system (a proposal or a decision was made there), so it cannot be recorded after the fact',
    };
  }
  return undefined;
}

function thaiDate(date: IsoDate): string {
  return formatThaiDate(date);
}

function englishDate(date: IsoDate): string {
  return formatEnglishDate(date);
}

/** Every problem of the record against the item-year, in the order of the form; empty when it can be taken. */
export function afterTheFactProblems(record: AfterTheFactRecord, view: AfterTheFactView): AfterTheFactProblem[] {
  const refusal = afterTheFactRefusal(view.state);
  if (refusal) return [refusal];
  const problems: AfterTheFactProblem[] = [];
  const { phase } = view.state;
  const { start, end } = fiscalYearBounds(view.fiscalYear);

  if (!record.approval && !record.committee && record.steps.length === 0 && record.budgetSpent === undefined) {
    problems.push({ code: 'nothing_to_record', path: '', th: 'ไม่มีข้อมูลให้บันทึกย้อนหลัง', en: 'there is nothing to record' });
    return problems;
  }

  const checkDate = (date: IsoDate, path: string, what: { th: string; en: string }) => {
    if (date < start || date > end) {
      problems.push({
        code: 'date_outside_year',
        path,
        th: `${what.th} ${thaiDate(date)} ไม่อยู่ในปีงบประมาณ ${view.fiscalYear} (${thaiDate(start)} – ${thaiDate(end)})`,
        en: `${what.en} ${englishDate(date)} is not in fiscal year ${view.fiscalYear} (${englishDate(start)} – ${englishDate(end)})`,
      });
    } else if (date > view.today) {
      problems.push({
        code: 'date_in_future',
        path,
        th: `${what.th} ${thaiDate(date)} ยังมาไม่ถึง บันทึกย้อนหลังได้เฉพาะสิ่งที่เกิดขึ้นแล้ว`,
        en: `${what.en} ${englishDate(date)} is in the future; only what has already happened is recorded`,
      });
    }
  };

  // Approval: only for an item that needs it, and only while the run still waits for its first proposal.
  const approvalPending = view.needsApproval && phase === 'proposal';
  if (record.approval) {
    if (!view.needsApproval) {
      problems.push({ code: 'approval_not_needed', path: 'approval', th: 'รายการนี้ไม่ต้องขออนุมัติโครงการ', en: 'this item needs no project approval' });
    } else if (phase !== 'proposal') {
      problems.push({ code: 'approval_passed', path: 'approval', th: 'รายการนี้ผ่านขั้นการอนุมัติโครงการแล้ว', en: 'this item-year is already past its project approval' });
    }
    checkDate(record.approval.date, 'approval.date', { th: 'วันที่อนุมัติ', en: 'the approval date' });
  }
  const approvedBy = record.approval?.date;

  // Committee: only for an item with a committee stage, after its approval (on paper or in the system).
  const committeePending = view.needsCommittee && (phase === 'proposal' || phase === 'committee');
  if (record.committee) {
    if (!view.needsCommittee) {
      problems.push({ code: 'committee_not_needed', path: 'committee', th: 'รายการนี้ไม่มีขั้นตอนแต่งตั้งคณะกรรมการ', en: 'this item has no committee stage' });
    } else if (!committeePending || view.state.committee !== undefined) {
      problems.push({ code: 'committee_passed', path: 'committee', th: 'รายการนี้ผ่านขั้นแต่งตั้งคณะกรรมการแล้ว', en: 'this item-year is already past its committee order' });
    } else if (approvalPending && !record.approval) {
      problems.push({
        code: 'approval_first',
        path: 'committee',
        th: 'ต้องบันทึกการอนุมัติโครงการก่อนคำสั่งแต่งตั้งคณะกรรมการ',
        en: 'record the project approval before the committee order',
      });
    }
    checkDate(record.committee.orderDate, 'committee.orderDate', { th: 'วันที่ของคำสั่ง', en: 'the order date' });
    if (approvedBy && record.committee.orderDate < approvedBy) {
      problems.push({
        code: 'date_order',
        path: 'committee.orderDate',
        th: `คำสั่งแต่งตั้งคณะกรรมการลงวันที่ก่อนวันที่อนุมัติโครงการ (${thaiDate(approvedBy)})`,
        en: `the committee order is dated before the project approval (${englishDate(approvedBy)})`,
      });
    }
  }

  // Steps: the item-year's own execution steps, still open, and only once the stages before them are through.
  if (record.steps.length > 0) {
    if (approvalPending && !record.approval) {
      problems.push({
        code: 'approval_first',
        path: 'steps',
        th: 'ขั้นตอนการดำเนินงานบันทึกได้เมื่อโครงการได้รับอนุมัติแล้ว กรุณาบันทึกการอนุมัติด้วย',
        en: 'steps can be recorded once the project is approved: record the approval as well',
      });
    } else if (committeePending && !record.committee) {
      problems.push({
        code: 'committee_first',
        path: 'steps',
        th: 'ขั้นตอนการดำเนินงานบันทึกได้เมื่อมีคำสั่งแต่งตั้งคณะกรรมการแล้ว กรุณาบันทึกคำสั่งด้วย',
        en: 'steps can be recorded once the committee is appointed: record the order as well',
      });
    }
  }
  const seen = new Set<string>();
  record.steps.forEach((done, index) => {
    const path = `steps.${index}`;
    const step = view.state.steps.find((s) => s.key === done.key);
    if (!step) {
      problems.push({ code: 'unknown_step', path: `${path}.key`, th: `ไม่พบขั้นตอน ${done.key} ในรายการนี้`, en: `this item-year has no step ${done.key}` });
      return;
    }
    if (seen.has(done.key)) {
      problems.push({ code: 'step_twice', path: `${path}.key`, th: `ขั้นตอน ${done.key} ระบุซ้ำ`, en: `step ${done.key} is given twice` });
      return;
    }
    seen.add(done.key);
    if (step.status === 'done') {
      problems.push({ code: 'step_done', path: `${path}.key`, th: `ขั้นตอน ${done.key} บันทึกว่าเสร็จแล้ว`, en: `step ${done.key} is already done` });
    }
    checkDate(done.date, `${path}.date`, { th: `วันที่ทำขั้นตอน ${done.key} เสร็จ`, en: `the date step ${done.key} was done` });
    if (approvedBy && done.date < approvedBy) {
      problems.push({
        code: 'date_order',
        path: `${path}.date`,
        th: `ขั้นตอน ${done.key} เสร็จก่อนวันที่อนุมัติโครงการ (${thaiDate(approvedBy)})`,
        en: `step ${done.key} is dated before the project approval (${englishDate(approvedBy)})`,
      });
    }
  });

  if (record.budgetSpent !== undefined && record.budgetSpent > 0) {
    if (view.budget === null) {
      problems.push({ code: 'no_budget', path: 'budgetSpent', th: 'รายการนี้ไม่ใช้งบประมาณ', en: 'this item has no budget' });
    } else if (record.budgetSpent > view.budget) {
      problems.push({
        code: 'over_budget',
        path: 'budgetSpent',
        th: `งบประมาณที่ใช้จ่าย ${formatBaht(record.budgetSpent, { unit: true })} สูงกว่างบประมาณที่ตั้งไว้ ${formatBaht(view.budget, { unit: true })}`,
        en: `the budget spent (${formatBaht(record.budgetSpent, { unit: true, lang: 'en' })}) is more than the planned ${formatBaht(view.budget, { unit: true, lang: 'en' })}`,
      });
    }
  }
  return problems;
}

/**
 * After go-live, what the coordinator still has to look at for one item-year: nothing recorded for it (no record
 * after the fact, no step done, no proposal or decision in the system), and its deadlines that had already passed
 * when its run started. Those deadlines are not chased until the late-start grace is over (domain/reminders.ts).
 */
export interface LateStartFollowUp {
  nothingRecorded: boolean;
  /** The stage's deadline and the pending steps' due dates before the start, oldest first. */
  dueBeforeStartMs: number[];
}

export interface LateStartState {
  proposal?: unknown;
  openDecision?: unknown;
  afterTheFact?: unknown;
  decisions: readonly unknown[];
  phaseDueAtMs?: number | undefined;
  steps: ReadonlyArray<{ status: string; dueAtMs: number }>;
}

export function lateStartFollowUp(state: LateStartState, startedAtMs: number): LateStartFollowUp {
  const nothingRecorded =
    state.afterTheFact === undefined &&
    state.proposal === undefined &&
    state.openDecision === undefined &&
    state.decisions.length === 0 &&
    state.steps.every((s) => s.status !== 'done');
  const due = state.steps.filter((s) => s.status === 'pending' && s.dueAtMs < startedAtMs).map((s) => s.dueAtMs);
  if (state.phaseDueAtMs !== undefined && state.phaseDueAtMs < startedAtMs) due.push(state.phaseDueAtMs);
  return { nothingRecorded, dueBeforeStartMs: due.sort((a, b) => a - b) };
}
