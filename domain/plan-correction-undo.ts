import { correctionUndoneText } from './messages';
import type { CanonicalPlan, Finding, PlanItem } from './plan';
import { changesOf, COMPARED_FIELDS, type CorrectedField } from './plan-correction';

/**
 * An amendment is usually made from the same Word file the plan was first imported from, which still has the
 * values the coordinator corrected on that import's review page. Compared with the version in force, such a field
 * would go back to the document's old value as if it were an intended change. Each field change of the amendment
 * that would undo a correction made on an earlier import of this plan becomes a finding: same item code and field,
 * the version in force holding the corrected value (the correction is what is in force, not overtaken by a later
 * amendment) and the amendment holding the value from before that correction. Pure: the audited corrections are given.
 */

export const CORRECTION_UNDONE = 'AMENDMENT_UNDOES_CORRECTION';

/**
 * The fields a correction can change that an amendment can undo. The section's wording is left out: it follows the
 * section (a corrected section is named as the structure names it), so keeping the section keeps the wording too.
 */
export type UndoableField = Exclude<CorrectedField, 'responsibleSectionText'>;
export const UNDOABLE_FIELDS: readonly UndoableField[] = COMPARED_FIELDS.filter((f): f is UndoableField => f !== 'responsibleSectionText');

/** One audited correction of one item on an earlier import: its fields before and after, as the audit row has them. */
export interface AuditedCorrection {
  importId: number;
  code: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  /** The person as the organisation names them, or the audit's actor when they are not found. */
  correctedBy: string;
  /** Epoch milliseconds. */
  correctedAt: number;
}

export interface CorrectionUndone {
  code: string;
  field: UndoableField;
  /** The value the earlier correction set, and that the version in force has. */
  correctedValue: unknown;
  /** The amendment document's value: what the field held before the correction. */
  documentValue: unknown;
  correctedBy: string;
  correctedAt: number;
  importId: number;
}

/** JSON with object keys sorted: the audit's jsonb does not keep the order the plan's objects were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function isUndoable(field: string): field is UndoableField {
  return (UNDOABLE_FIELDS as readonly string[]).includes(field);
}

/**
 * The amendment's field changes that undo an earlier correction, in item and field order. Of several corrections of
 * one field, the latest whose corrected value is the one in force counts.
 */
export function correctionsUndone(
  inForce: Pick<CanonicalPlan, 'items'>,
  amended: Pick<CanonicalPlan, 'items'>,
  corrections: readonly AuditedCorrection[],
): CorrectionUndone[] {
  const before = new Map(inForce.items.map((i) => [i.code, i]));
  const latestFirst = [...corrections].sort((a, b) => b.correctedAt - a.correctedAt);
  const found: CorrectionUndone[] = [];
  for (const next of amended.items) {
    const prev = before.get(next.code);
    if (!prev) continue;
    for (const change of changesOf(prev, next)) {
      if (!isUndoable(change.field)) continue;
      const field = change.field;
      const undone = latestFirst.find(
        (c) =>
          c.code === next.code &&
          Object.hasOwn(c.after, field) &&
          canonical(c.after[field]) === canonical(change.before) &&
          canonical(c.before[field]) === canonical(change.after),
      );
      if (!undone) continue;
      found.push({
        code: next.code,
        field,
        correctedValue: change.before,
        documentValue: change.after,
        correctedBy: undone.correctedBy,
        correctedAt: undone.correctedAt,
        importId: undone.importId,
      });
    }
  }
  return found;
}

/** The finding each undone correction is on the amendment's review, accepted with a note like the importer's own. */
export function correctionUndoneFinding(undone: CorrectionUndone): Finding {
  const text = correctionUndoneText(undone);
  return { severity: 'warning', code: CORRECTION_UNDONE, message: text.th, messageEn: text.en, line: 0, item: undone.code };
}

/** The item with the earlier correction's value put back into the field, for the correction form to check and store. */
export function withCorrectionKept(item: PlanItem, undone: Pick<CorrectionUndone, 'field' | 'correctedValue'>): PlanItem {
  const { [undone.field]: _dropped, ...rest } = item;
  return (undone.correctedValue === null ? rest : { ...rest, [undone.field]: undone.correctedValue }) as PlanItem;
}
