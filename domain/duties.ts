/**
 * Separation of duties, as a Thai municipality's internal control expects it (ระเบียบกระทรวงมหาดไทยว่าด้วยการควบคุม
 * ภายใน): whoever owns an item or proposed it does not approve it, and nobody grants authority to themselves.
 *
 * A conflicted approver is not given the decision: the point goes to the others who hold the approver's role today
 * (an acting holder, a delegate), and when nobody else does, the decision is refused with a message naming the
 * conflict, so the administration appoints someone to act for this matter (คำสั่งให้ปฏิบัติราชการแทน) rather than
 * the system quietly choosing a superior the law did not name.
 */

export type DutyConflict = 'owner' | 'proposer';

export interface ItemParties {
  ownerPersonId: number | null;
  /** Everyone who submitted a proposal for the item-year (a resubmission may come from someone else). */
  proposerPersonIds: readonly number[];
}

/** Why this person may not decide on the item, or undefined when they may. */
export function approvalConflict(approverPersonId: number, parties: ItemParties): DutyConflict | undefined {
  if (parties.ownerPersonId === approverPersonId) return 'owner';
  if (parties.proposerPersonIds.includes(approverPersonId)) return 'proposer';
  return undefined;
}

export const APPROVAL_CONFLICT_MESSAGES: Record<DutyConflict, { th: string; en: string }> = {
  owner: {
    th: 'ท่านเป็นผู้รับผิดชอบรายการนี้ จึงพิจารณาอนุมัติเองไม่ได้ ขอให้ผู้มีอำนาจคนอื่นหรือผู้ได้รับมอบหมายพิจารณา',
    en: 'You are responsible for this item, so you cannot approve it yourself; another approver or a delegate must decide.',
  },
  proposer: {
    th: 'ท่านเป็นผู้เสนอเรื่องนี้ จึงพิจารณาอนุมัติเองไม่ได้ ขอให้ผู้มีอำนาจคนอื่นหรือผู้ได้รับมอบหมายพิจารณา',
    en: 'You proposed this, so you cannot approve it yourself; another approver or a delegate must decide.',
  },
};

/** An administrator's change that would grant the administrator authority: a role or a delegation to themselves. */
export function isSelfGrant(administratorPersonId: number, granteePersonId: number): boolean {
  return administratorPersonId === granteePersonId;
}

export const SELF_GRANT_MESSAGE = {
  th: 'ผู้ดูแลระบบกำหนดบทบาทหรือรับมอบอำนาจให้ตนเองไม่ได้ ต้องให้ผู้ดูแลระบบคนอื่นดำเนินการ',
  en: 'An administrator cannot grant a role or a delegation to themselves; another administrator must do it.',
};
