import { freeText } from './input-schema';
import type { Finding } from './plan';

/**
 * The coordinator's confirmation of an imported plan: every finding must be accounted for before the plan is
 * stored. A finding the coordinator fixed in the document disappears when the corrected file is imported again;
 * one that stays must be accepted, with a note saying why, and that note is audited with the stored version.
 */

export interface FindingMark {
  accepted: boolean;
  /** Marked แก้ไขแล้ว: the coordinator corrected the item on the review page (also with a note). */
  fixed?: boolean;
  note: string;
}

export interface AcceptedFinding {
  index: number;
  code: string;
  item?: string;
  line: number;
  note: string;
  /** Accepted as read, or fixed by a correction on the review page. */
  resolution?: 'fixed';
}

export type ConfirmationCheck =
  | { ok: true; accepted: AcceptedFinding[] }
  | { ok: false; open: Array<{ index: number; finding: Finding }> };

export const FINDING_NOTE_MAX = 2000;

const noteSchema = freeText({ max: FINDING_NOTE_MAX });

/** A finding counts as accepted (or fixed) only with its choice made and a note that is not blank (nor too long, nor hostile). */
export function checkConfirmation(findings: readonly Finding[], marks: ReadonlyMap<number, FindingMark>): ConfirmationCheck {
  const open: Array<{ index: number; finding: Finding }> = [];
  const accepted: AcceptedFinding[] = [];
  findings.forEach((finding, index) => {
    const mark = marks.get(index);
    const note = noteSchema.safeParse(mark?.note ?? '');
    if (!(mark?.accepted || mark?.fixed) || !note.success) {
      open.push({ index, finding });
      return;
    }
    accepted.push({ index, code: finding.code, ...(finding.item ? { item: finding.item } : {}), line: finding.line, note: note.data, ...(mark.fixed && !mark.accepted ? { resolution: 'fixed' as const } : {}) });
  });
  return open.length ? { ok: false, open } : { ok: true, accepted };
}

/** The form's fields `accept-<n>` (`yes`, or `fixed` for แก้ไขแล้ว) and `note-<n>` as marks; anything else is ignored. */
export function readFindingMarks(body: Record<string, unknown>): Map<number, FindingMark> {
  const marks = new Map<number, FindingMark>();
  for (const [name, value] of Object.entries(body)) {
    const m = /^(accept|note)-(\d{1,5})$/.exec(name);
    if (!m || typeof value !== 'string') continue;
    const index = Number(m[2]);
    const mark = marks.get(index) ?? { accepted: false, note: '' };
    if (m[1] === 'accept') {
      mark.accepted = value === 'yes';
      mark.fixed = value === 'fixed';
    }
    else mark.note = value;
    marks.set(index, mark);
  }
  return marks;
}
