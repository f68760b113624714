/**
 * The decision point: who is asked (an approver role), for what (a purpose), what they may answer (an outcome), and
 * whose authority a decision used. One vocabulary for the workflows, the activities, db/ and the pages. Pure and
 * without zod: the workflow bundle imports this module, and every module of that bundle is evaluated again for each
 * workflow run.
 */

export const APPROVER_ROLES = ['mayor', 'palad'] as const;
/** The posts that decide: the นายก and the ปลัด. */
export type ApproverRole = (typeof APPROVER_ROLES)[number];

/** 'plan': the นายก approves a plan version the coordinator confirmed (workflows/plan-approval). */
export const DECISION_PURPOSES = ['proposal', 'committee', 'report', 'cancellation', 'plan'] as const;
export type DecisionPurpose = (typeof DECISION_PURPOSES)[number];

export const DECISION_OUTCOMES = ['approve', 'reject', 'send_back', 'acknowledge'] as const;
/** What an approver answers at a decision point. */
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export type DecisionPointStatus = 'open' | 'decided' | 'withdrawn';

/** What the approver is shown at a decision point (and what its messages say), as the workflow described it. */
export interface DecisionSummary {
  itemCode: string;
  itemName: string;
  fiscalYear: number;
  budget: number | null;
  startDate?: string;
  endDate?: string;
  memo?: string;
  askTh: string;
  askEn: string;
  reason?: string;
}

/** What identifies a decision point and what it asks: the workflow opens one with these, the database stores them. */
export interface DecisionPointFacts {
  workflowId: string;
  decisionKey: string;
  purpose: DecisionPurpose;
  approverRole: ApproverRole;
  organizationId: number;
  /** Null for a point that belongs to no item-year (a report's sign-off). */
  itemYearId: number | null;
  summary: DecisionSummary;
}

const SIGN_OFF_KEY_PREFIX = 'signoff:';

/** The decision key of one approver in one round of a report's sign-off: `signoff:<round>:<role>`. */
export function signOffDecisionKey(round: number, role: ApproverRole): string {
  return `${SIGN_OFF_KEY_PREFIX}${round}:${role}`;
}

/**
 * A decision point of a report's sign-off (the ปลัด reviews, the นายก orders publication) rather than an
 * item-year's report acknowledgement: purpose 'report', no item-year, and a sign-off key.
 */
export function isReportSignOff(point: { purpose: string; itemYearId: number | null; decisionKey: string }): boolean {
  return point.purpose === 'report' && point.itemYearId === null && point.decisionKey.startsWith(SIGN_OFF_KEY_PREFIX);
}

/**
 * The outcomes a point accepts, in the order a form offers them. A report's sign-off is approved or sent back; an
 * item's report is only acknowledged; anything else is approved, rejected or sent back.
 */
export function acceptedOutcomes(point: { purpose: string; itemYearId: number | null; decisionKey: string }): DecisionOutcome[] {
  if (isReportSignOff(point)) return ['approve', 'send_back'];
  if (point.purpose === 'report') return ['acknowledge'];
  return ['approve', 'reject', 'send_back'];
}

/** Rejecting and sending back say why; approving and acknowledging need no reason. */
export function outcomeNeedsReason(outcome: DecisionOutcome): boolean {
  return outcome === 'reject' || outcome === 'send_back';
}

// ---------------------------------------------------------------------------------------------------------------
// Authority

/** How a person came to hold a decision-making role on a given day. */
export type AuthorityBasis = 'holder' | 'acting' | 'delegated';

/** Whose authority a decision used: the post, and whether the person holds it, acts in it or decides under delegation. */
export interface Authority {
  role: ApproverRole;
  basis: AuthorityBasis;
}

/**
 * The authority as it is stored (`decisions.acting_as`) and carried in the workflows' decide signal and their
 * histories: `mayor`, `mayor (acting)`, `mayor (delegated)`. Rows and running histories hold this text, so the
 * form does not change.
 */
export type AuthorityText = ApproverRole | `${ApproverRole} (${Exclude<AuthorityBasis, 'holder'>})`;

export function authorityText(authority: Authority): AuthorityText {
  return authority.basis === 'holder' ? authority.role : `${authority.role} (${authority.basis})`;
}

const AUTHORITY_TEXT = /^(\w+)(?: \((acting|delegated)\))?$/;

/** The stored text read back; undefined for text this system never wrote. */
export function parseAuthority(text: string): Authority | undefined {
  const match = AUTHORITY_TEXT.exec(text.trim());
  const role = match?.[1];
  if (!match || !(APPROVER_ROLES as readonly string[]).includes(role!)) return undefined;
  return { role: role as ApproverRole, basis: (match[2] as AuthorityBasis | undefined) ?? 'holder' };
}

export const APPROVER_ROLE_LABELS: Record<ApproverRole, { th: string; en: string }> = {
  mayor: { th: 'นายก', en: 'chief executive' },
  palad: { th: 'ปลัด', en: 'permanent secretary' },
};

/** The authority as an officer would write it: นายก, รักษาราชการแทนนายก, ปฏิบัติราชการแทนนายก. */
export function authorityLabel(authority: Authority): { th: string; en: string } {
  const role = APPROVER_ROLE_LABELS[authority.role];
  if (authority.basis === 'acting') return { th: `รักษาราชการแทน${role.th}`, en: `acting ${role.en}` };
  if (authority.basis === 'delegated') return { th: `ปฏิบัติราชการแทน${role.th}`, en: `${role.en}'s delegate` };
  return { th: role.th, en: role.en };
}

/** The label of a stored authority; text that does not parse is shown as it is rather than hidden. */
export function storedAuthorityLabel(text: string): { th: string; en: string } {
  const authority = parseAuthority(text);
  return authority ? authorityLabel(authority) : { th: text, en: text };
}

/**
 * What a memo adds after the name and position of who decided: nothing when they hold the post (the position says
 * it), otherwise how they had its authority.
 */
export function authorityNote(text: string): { th: string; en: string } | undefined {
  const authority = parseAuthority(text);
  if (authority?.basis === 'holder') return undefined;
  return storedAuthorityLabel(text);
}
