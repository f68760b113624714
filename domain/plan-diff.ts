import type { CanonicalPlan, PlanItem } from './plan';

/**
 * A plan amendment (แผนฯ แก้ไขเพิ่มเติม/เปลี่ยนแปลง ครั้งที่ ...) as the difference between the version in force and the
 * amended one: items added, removed, and changed (name, budget per year, the years it runs, responsible division and
 * section, method steps). Items are matched by their code (`D.S`) and only by it: the code is what an item-year, its
 * workflow and its page are known by. An item removed under one code and added under another with the same name and
 * kind is still removed and added (its running year ends and a new one starts), but the diff pairs them as `recoded`
 * so the page says so plainly before the coordinator sends the amendment for approval. Pure and zod-free: the
 * plan-approval workflow's activity and the pages read it.
 */

/** An item's budget in one fiscal year: baht, null = ไม่ใช้งบประมาณ (runs without budget), 'not_run' = does not run. */
export type YearBudget = number | null | 'not_run';

export interface BudgetChange {
  fiscalYear: number;
  before: YearBudget;
  after: YearBudget;
}

export interface ItemChange {
  code: string;
  before: PlanItem;
  after: PlanItem;
  name?: { before: string; after: string };
  /** Every year whose budget or whether the item runs differs, in year order. */
  budgets: BudgetChange[];
  /** The years the item runs (its period), when they differ. */
  fiscalYears?: { before: number[]; after: number[] };
  unit?: { before: UnitOf; after: UnitOf };
  /** The method steps (text, phase or rhythm), when they differ: the steps' due dates in a year follow them. */
  steps?: { before: PlanItem['steps']; after: PlanItem['steps'] };
}

/** A removed item and an added one with the same name and kind: most likely one item whose code changed. */
export interface Recoded {
  removed: PlanItem;
  added: PlanItem;
}

export interface UnitOf {
  division: string;
  section: string | null;
}

export interface PlanDiff {
  added: PlanItem[];
  removed: PlanItem[];
  changed: ItemChange[];
  /** Pairs among removed and added that look like one item renumbered; each item is still in removed and added. */
  recoded: Recoded[];
  /** How many items are the same in both (by the fields above). */
  unchanged: number;
}

/** The years an item runs: those with a budget entry (null included), as the item-years are made from them. */
export function yearsRun(item: PlanItem): number[] {
  return Object.keys(item.budgetByYear).map(Number).sort((a, b) => a - b);
}

export function yearBudget(item: PlanItem | undefined, fiscalYear: number): YearBudget {
  if (!item || !Object.hasOwn(item.budgetByYear, String(fiscalYear))) return 'not_run';
  return item.budgetByYear[String(fiscalYear)] ?? null;
}

function unitOf(item: PlanItem): UnitOf {
  return { division: item.responsibleUnit, section: item.responsibleSection ?? null };
}

function sameYears(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((y, i) => y === b[i]);
}

function sameSteps(a: PlanItem['steps'], b: PlanItem['steps']): boolean {
  return a.length === b.length && a.every((s, i) => s.text.trim() === b[i]!.text.trim() && s.phase === b[i]!.phase && s.recurrence === b[i]!.recurrence);
}

function nameKey(item: PlanItem): string {
  return `${item.kind}:${item.name.replace(/\s+/g, ' ').trim()}`;
}

/** Each removed item paired with the first unpaired added item of the same kind and name, in code order. */
function recodedPairs(removed: readonly PlanItem[], added: readonly PlanItem[]): Recoded[] {
  const free = [...added];
  const pairs: Recoded[] = [];
  for (const gone of removed) {
    const i = free.findIndex((a) => nameKey(a) === nameKey(gone));
    if (i >= 0) pairs.push({ removed: gone, added: free.splice(i, 1)[0]! });
  }
  return pairs;
}

function byCode(a: PlanItem, b: PlanItem): number {
  return a.dimension - b.dimension || a.seq - b.seq || a.code.localeCompare(b.code);
}

/** What the amended plan changes against the plan in force. */
export function diffPlans(inForce: Pick<CanonicalPlan, 'items'>, amended: Pick<CanonicalPlan, 'items'>): PlanDiff {
  const before = new Map(inForce.items.map((i) => [i.code, i]));
  const after = new Map(amended.items.map((i) => [i.code, i]));
  const added = amended.items.filter((i) => !before.has(i.code)).sort(byCode);
  const removed = inForce.items.filter((i) => !after.has(i.code)).sort(byCode);
  const changed: ItemChange[] = [];
  let unchanged = 0;
  for (const next of [...amended.items].sort(byCode)) {
    const prev = before.get(next.code);
    if (!prev) continue;
    const years = [...new Set([...yearsRun(prev), ...yearsRun(next)])].sort((a, b) => a - b);
    const budgets = years
      .map((fiscalYear) => ({ fiscalYear, before: yearBudget(prev, fiscalYear), after: yearBudget(next, fiscalYear) }))
      .filter((b) => b.before !== b.after);
    const change: ItemChange = { code: next.code, before: prev, after: next, budgets };
    if (prev.name.trim() !== next.name.trim()) change.name = { before: prev.name, after: next.name };
    if (!sameYears(yearsRun(prev), yearsRun(next))) change.fiscalYears = { before: yearsRun(prev), after: yearsRun(next) };
    const [unitBefore, unitAfter] = [unitOf(prev), unitOf(next)];
    if (unitBefore.division !== unitAfter.division || unitBefore.section !== unitAfter.section) {
      change.unit = { before: unitBefore, after: unitAfter };
    }
    if (!sameSteps(prev.steps, next.steps)) change.steps = { before: prev.steps, after: next.steps };
    if (change.name || change.budgets.length || change.fiscalYears || change.unit || change.steps) changed.push(change);
    else unchanged++;
  }
  return { added, removed, changed, recoded: recodedPairs(removed, added), unchanged };
}

export function isEmptyDiff(diff: PlanDiff): boolean {
  return !diff.added.length && !diff.removed.length && !diff.changed.length;
}

/** What an approved amendment does to the item-years of one fiscal year that has started. */
export interface AmendmentForYear {
  fiscalYear: number;
  /** Items that run this year only under the amendment (added, or a year added to their period): their item-years start. */
  start: string[];
  /** Items that ran this year and no longer do (removed, or the year taken out of their period): cancelled. */
  cancel: string[];
  /**
   * Items running this year in both whose budget for the year, name, responsible unit or method steps changed: the
   * running workflow is told (unit and steps only when they changed).
   */
  update: AmendmentUpdate[];
}

export interface AmendmentUpdate {
  code: string;
  budget: number | null;
  name: string;
  unit?: UnitOf;
  steps?: PlanItem['steps'];
}

export function amendmentForYear(diff: PlanDiff, fiscalYear: number): AmendmentForYear {
  const runs = (item: PlanItem) => yearBudget(item, fiscalYear) !== 'not_run';
  const start = diff.added.filter(runs).map((i) => i.code);
  const cancel = diff.removed.filter(runs).map((i) => i.code);
  const update: AmendmentUpdate[] = [];
  for (const change of diff.changed) {
    const [was, is] = [runs(change.before), runs(change.after)];
    if (!was && is) start.push(change.code);
    else if (was && !is) cancel.push(change.code);
    else if (was && is) {
      const budget = yearBudget(change.after, fiscalYear) as number | null;
      if (budget !== yearBudget(change.before, fiscalYear) || change.name || change.unit || change.steps) {
        update.push({
          code: change.code,
          budget,
          name: change.after.name,
          ...(change.unit ? { unit: change.unit.after } : {}),
          ...(change.steps ? { steps: change.steps.after } : {}),
        });
      }
    }
  }
  return { fiscalYear, start, cancel, update };
}

/** Counts for a summary line (the นายก's decision page, the audit row). */
export function diffCounts(diff: PlanDiff): { added: number; removed: number; changed: number } {
  return { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length };
}
