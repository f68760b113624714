import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { appendAudit, type AuditKey } from '../db/audit';
import { storePlanVersion } from '../db/plan-store';
import * as importRows from '../db/queries/plan-imports';
import { findCurrentVersionId, findPlan, findVersionCanonical, setPlanVersionApprovalPending, countAppliedAmendments } from '../db/queries/plans';
import { planAmendmentAsk, planAmendmentMemo } from '../domain/messages';
import { diffPlans, type PlanDiff } from '../domain/plan-diff';
import { checkConfirmation, type FindingMark } from '../domain/plan-confirmation';
import type { Finding, PlanItem } from '../domain/plan';
import { correctItem, itemCorrectionInputOf, withItem, type FieldChange, type FieldErrors, type ItemCorrectionInput } from '../domain/plan-correction';
import { correctionsUndone, correctionUndoneFinding, withCorrectionKept, type CorrectionUndone } from '../domain/plan-correction-undo';
import { inTransaction } from '../db/pool';
import { importPlanBytes } from '../domain/importer';
import { canonicalPlanSchema, planTitle, type CanonicalPlan } from '../domain/plan';
import { unitsOfOrganization } from '../domain/units';
import { pdfToPlanDocument } from '../infra/pdf-text';
import { planApprovalWorkflow, planImportWorkflow } from '../workflows';
import { planApprovalWorkflowId, type PlanApprovalInput } from '../workflows/plan-approval/messages';
import type { StoredPlanVersion } from '../workflows/plan-load/activity-contract';
import { planImportProgressQuery, planImportWorkflowId, type PlanImportProgress } from '../workflows/plan-import/messages';

export interface PlanFileImportOptions {
  /** The organisation the plan is for, when known: its structure says which sections (งาน) exist. */
  organizationSlug?: string;
  /** The plan's fiscal years, for a scan whose numbers OCR cannot read reliably. */
  planYears?: readonly number[];
  /** Progress of the OCR of scanned pages. */
  onOcrPage?: (done: number, of: number) => void;
}

/**
 * A plan file as a person gives it (text, .docx, PDF exported from Word or scanned, or the canonical JSON)
 * imported: the pure importer, with the PDF text extraction (poppler's pdftotext, and OCR for pages without a
 * text layer) plugged in. The CLI uses
 * it; an upload form should too.
 */
export function importPlanFile(bytes: Uint8Array, fileName: string, options: PlanFileImportOptions = {}): Promise<CanonicalPlan> {
  return importPlanBytes(bytes, fileName, {
    pdfToText: (pdf) => pdfToPlanDocument(pdf, options.onOcrPage ? { onOcrPage: options.onOcrPage } : {}),
    units: unitsOfOrganization(options.organizationSlug),
    ...(options.planYears ? { planYears: options.planYears } : {}),
  });
}

export interface PlanImportDeps {
  pool: Pool;
  temporal: Client;
  taskQueue: string;
}

/**
 * Starts the import of an uploaded plan file as a workflow (a scan's OCR takes minutes): the file is stored, the
 * workflow reads it page by page, and planImportStatus follows it.
 */
export async function startPlanImport(
  deps: PlanImportDeps,
  input: { organizationId: number; fileName: string; bytes: Uint8Array; planYears?: readonly number[]; requestedBy: string },
): Promise<{ importId: number; workflowId: string }> {
  const importId = await importRows.insertPlanImport(deps.pool, {
    organizationId: input.organizationId,
    fileName: input.fileName,
    source: input.bytes,
    planYears: input.planYears,
    requestedBy: input.requestedBy,
  });
  const workflowId = planImportWorkflowId(importId);
  await deps.temporal.workflow.start(planImportWorkflow, { taskQueue: deps.taskQueue, workflowId, args: [{ importId }] });
  return { importId, workflowId };
}

export interface PlanImportStatus {
  importId: number;
  fileName: string;
  progress: PlanImportProgress;
  /** Once done: the plan with its findings, or why the document is unusable. */
  plan?: CanonicalPlan;
  error?: { code: string; message: string; messageEn: string };
  /** Once the coordinator confirmed it: the plan version it became, and where the นายก's approval stands. */
  stored?: importRows.ImportedVersion;
  /**
   * When the organisation has this plan in force (the same fiscal years): the upload is an amendment of it, shown as
   * the difference from that version (once stored, from the version it was confirmed against).
   */
  amendment?: AmendmentView;
  /**
   * The findings to account for before confirming: the importer's, then (for an amendment) each correction it would
   * undo, so their indexes in the confirmation form follow the plan's own.
   */
  findings?: Finding[];
}

export interface AmendmentView {
  /** ครั้งที่ n. */
  number: number;
  inForceVersionId: number;
  diff: PlanDiff;
  /** Before confirmation: the field changes that would undo a correction made on an earlier import of this plan. */
  undone: CorrectionUndone[];
}

/** The amendment an imported plan is of the organisation's plan in force, or undefined when none is in force. */
async function amendmentViewOf(
  pool: Pool,
  organizationId: number,
  importId: number,
  plan: CanonicalPlan,
  stored: importRows.ImportedVersion | undefined,
): Promise<AmendmentView | undefined> {
  if (stored) {
    if (stored.amendsVersionId === null || stored.amendmentNumber === null) return undefined;
    const inForce = canonicalPlanSchema.parse(await findVersionCanonical(pool, stored.amendsVersionId));
    return { number: stored.amendmentNumber, inForceVersionId: stored.amendsVersionId, diff: diffPlans(inForce, plan), undone: [] };
  }
  const found = await findPlan(pool, { organizationId, firstFiscalYear: Math.min(...plan.fiscalYears), lastFiscalYear: Math.max(...plan.fiscalYears) });
  const inForceVersionId = found ? await findCurrentVersionId(pool, found.id) : null;
  if (!found || inForceVersionId === null) return undefined;
  const number = (await countAppliedAmendments(pool, found.id)) + 1;
  const inForce = canonicalPlanSchema.parse(await findVersionCanonical(pool, inForceVersionId));
  const earlier = await importRows.listEarlierImportCorrections(pool, { organizationId, planId: found.id, importId });
  const corrections = earlier.flatMap((row) => {
    const code = row.after.item;
    if (typeof code !== 'string') return [];
    const correctedBy = row.personName ?? row.actor;
    return [{ importId: row.importId, code, before: row.before, after: row.after, correctedBy, correctedAt: row.occurredAt.getTime() }];
  });
  return { number, inForceVersionId, diff: diffPlans(inForce, plan), undone: correctionsUndone(inForce, plan, corrections) };
}

/** The importer's findings and, for an amendment, one per earlier correction it would undo. */
function reviewFindingsOf(plan: CanonicalPlan, amendment: AmendmentView | undefined): Finding[] {
  return [...plan.findings, ...(amendment?.undone ?? []).map(correctionUndoneFinding)];
}

/** The plan to review and confirm: as the coordinator corrected it, else as the importer read it. */
function draftPlanOf(outcome: importRows.PlanImportOutcome): CanonicalPlan | undefined {
  const draft = outcome.corrected ?? outcome.result;
  return draft ? canonicalPlanSchema.parse(draft) : undefined;
}

export type CorrectPlanItemResult =
  | { kind: 'not_found' }
  /** Still being read, unusable, or already confirmed: nothing to correct. */
  | { kind: 'not_correctable' }
  | { kind: 'refused'; errors: FieldErrors; plan: CanonicalPlan; item: PlanItem }
  | { kind: 'corrected'; changes: FieldChange[] };

/**
 * The coordinator corrects one item of an imported plan before confirming it (domain/plan-correction.ts): checked
 * against the organisation's structure and the canonical schema, stored as the import's corrected plan (the
 * importer's reading is kept), and audited in the same transaction with each field before and after. A refused
 * correction stores nothing; once the plan is confirmed it is a version, and changes go through an amendment.
 */
export async function correctPlanItem(
  deps: Pick<PlanImportDeps, 'pool'> & { auditKey: AuditKey },
  input: {
    importId: number;
    organizationId: number;
    personId: number;
    code: string;
    /** What the form sent, or made from the item as it stands once locked (so a concurrent correction is not undone). */
    form: ItemCorrectionInput | ((plan: CanonicalPlan, item: PlanItem) => ItemCorrectionInput);
    /** Audited with the correction when it puts back what an earlier import's correction set. */
    keeps?: { importId: number; correctedAt: string };
  },
): Promise<CorrectPlanItemResult> {
  return inTransaction(deps.pool, async (tx) => {
    const outcome = await importRows.lockPlanImportOutcome(tx, input.importId);
    if (!outcome || outcome.organizationId !== input.organizationId) return { kind: 'not_found' };
    const plan = outcome.finished ? draftPlanOf(outcome) : undefined;
    if (!plan) return { kind: 'not_correctable' };
    if (await importRows.findImportedVersion(tx, input.importId)) return { kind: 'not_correctable' };
    const source = (await importRows.findPlanImportSource(tx, input.importId))!;
    const locked = plan.items.find((i) => i.code === input.code);
    if (!locked) return { kind: 'not_found' };
    const form = typeof input.form === 'function' ? input.form(plan, locked) : input.form;
    const checked = correctItem(plan, input.code, form, unitsOfOrganization(source.organizationSlug));
    if (!checked) return { kind: 'not_found' };
    if (!checked.ok) return { kind: 'refused', errors: checked.errors, plan, item: plan.items.find((i) => i.code === input.code)! };
    if (checked.changes.length === 0) return { kind: 'corrected', changes: [] };
    await importRows.setPlanImportCorrected(tx, input.importId, withItem(plan, checked.item));
    const occurredAt = new Date();
    await appendAudit(tx, deps.auditKey, {
      idempotencyKey: `plan-import:${input.importId}:item:${input.code}:${occurredAt.toISOString()}:${randomUUID()}`,
      organizationId: input.organizationId,
      occurredAt,
      actor: `person:${input.personId}`,
      action: 'plan_import_item_corrected',
      entityType: 'plan_import',
      entityId: String(input.importId),
      before: { item: input.code, ...Object.fromEntries(checked.changes.map((c) => [c.field, c.before])) },
      after: { item: input.code, ...Object.fromEntries(checked.changes.map((c) => [c.field, c.after])), ...(input.keeps ? { keepsCorrection: input.keeps } : {}) },
    });
    return { kind: 'corrected', changes: checked.changes };
  });
}

/** Where the import stands, for the organisation that started it (undefined for anyone else's). */
export async function planImportStatus(deps: PlanImportDeps, importId: number, organizationId: number): Promise<PlanImportStatus | undefined> {
  const outcome = await importRows.findPlanImportOutcome(deps.pool, importId);
  if (!outcome || outcome.organizationId !== organizationId) return undefined;
  const base = { importId, fileName: outcome.fileName };
  if (outcome.finished && outcome.error) return { ...base, progress: { phase: 'done', ocrPages: 0, ocrPagesDone: 0 }, error: outcome.error };
  const progress = await deps.temporal.workflow.getHandle(planImportWorkflowId(importId)).query(planImportProgressQuery);
  if (outcome.finished && outcome.result) {
    const stored = await importRows.findImportedVersion(deps.pool, importId);
    const plan = draftPlanOf(outcome)!;
    const amendment = await amendmentViewOf(deps.pool, organizationId, importId, plan, stored);
    return { ...base, progress, plan, ...(stored ? { stored } : {}), ...(amendment ? { amendment } : {}), findings: reviewFindingsOf(plan, amendment) };
  }
  return { ...base, progress };
}

export type KeepCorrectionResult =
  | { kind: 'not_found' }
  /** The amendment no longer undoes that correction (kept already, or corrected since): nothing to do. */
  | { kind: 'not_undone' }
  | { kind: 'refused'; errors: FieldErrors }
  | { kind: 'kept'; changes: FieldChange[] };

/**
 * The coordinator keeps an earlier correction the amendment would undo: the corrected value is put into the
 * amendment import's item and goes through the same correction as the review page's form (checked, stored as the
 * import's corrected plan, audited field by field), the audit naming the correction kept.
 */
export async function keepEarlierCorrection(
  deps: Pick<PlanImportDeps, 'pool'> & { auditKey: AuditKey },
  input: { importId: number; organizationId: number; personId: number; code: string; field: string },
): Promise<KeepCorrectionResult> {
  const outcome = await importRows.findPlanImportOutcome(deps.pool, input.importId);
  if (!outcome || outcome.organizationId !== input.organizationId) return { kind: 'not_found' };
  const plan = outcome.finished ? draftPlanOf(outcome) : undefined;
  if (!plan) return { kind: 'not_found' };
  if (await importRows.findImportedVersion(deps.pool, input.importId)) return { kind: 'not_undone' };
  const amendment = await amendmentViewOf(deps.pool, input.organizationId, input.importId, plan, undefined);
  const undone = amendment?.undone.find((u) => u.code === input.code && u.field === input.field);
  if (!undone) return { kind: 'not_undone' };
  const form = (locked: CanonicalPlan, item: PlanItem) => itemCorrectionInputOf(locked, withCorrectionKept(item, undone));
  const result = await correctPlanItem(deps, {
    importId: input.importId,
    organizationId: input.organizationId,
    personId: input.personId,
    code: input.code,
    form,
    keeps: { importId: undone.importId, correctedAt: new Date(undone.correctedAt).toISOString() },
  });
  if (result.kind === 'not_found') return { kind: 'not_found' };
  if (result.kind === 'not_correctable') return { kind: 'not_undone' };
  if (result.kind === 'refused') return { kind: 'refused', errors: result.errors };
  return { kind: 'kept', changes: result.changes };
}

export type ConfirmPlanImportResult =
  | { kind: 'not_found' }
  /** Still being read, or unusable: there is nothing to confirm. */
  | { kind: 'not_ready' }
  | { kind: 'open_findings'; open: Array<{ index: number; finding: Finding }> }
  | { kind: 'stored'; stored: StoredPlanVersion; workflowId: string };

/**
 * The coordinator confirms an imported plan: with every finding accepted with a note, the plan is stored as a new
 * version by the same storePlanVersion the CLI's `plan load` uses (load key `plan-import:<id>`, so confirming twice
 * stores once), audited in that transaction with who confirmed and each accepted finding's note, marked pending, and
 * the นายก is asked to approve it (planApprovalWorkflow). It is the plan in force only once approved; while another
 * version is in force it is an amendment of that one, and the approval applies it to the running item-years. A finding left open stores nothing. Confirming an import
 * already stored starts the approval if it had not started (say Temporal was unreachable the first time).
 */
export async function confirmPlanImport(
  deps: PlanImportDeps & { auditKey: AuditKey },
  input: { importId: number; organizationId: number; personId: number; marks: ReadonlyMap<number, FindingMark> },
): Promise<ConfirmPlanImportResult> {
  const outcome = await importRows.findPlanImportOutcome(deps.pool, input.importId);
  if (!outcome || outcome.organizationId !== input.organizationId) return { kind: 'not_found' };
  if (!outcome.finished || !outcome.result) return { kind: 'not_ready' };
  const source = (await importRows.findPlanImportSource(deps.pool, input.importId))!;
  const plan = draftPlanOf(outcome)!;
  const already = await importRows.findImportedVersion(deps.pool, input.importId);
  const findings = already ? plan.findings : reviewFindingsOf(plan, await amendmentViewOf(deps.pool, input.organizationId, input.importId, plan, undefined));
  const checked = checkConfirmation(findings, input.marks);
  if (!already && !checked.ok) return { kind: 'open_findings', open: checked.open };
  const accepted = checked.ok ? checked.accepted : [];
  const stored = await storePlanVersion(
    deps.pool,
    {
      organizationSlug: source.organizationSlug,
      plan,
      loadKey: `plan-import:${input.importId}`,
      sourceName: source.fileName,
      sourceSha256: (await importRows.findPlanImportSourceSha256(deps.pool, input.importId))!,
      loadedBy: `person:${input.personId}`,
    },
    {
      // In force only once the นายก approves it (recordPlanApproval); an amendment while another version is in force.
      inForce: 'on_approval',
      alsoStore: async (tx, version) => {
        await importRows.setPlanImportVersion(tx, input.importId, version.versionId);
        await setPlanVersionApprovalPending(tx, version.versionId);
        await appendAudit(tx, deps.auditKey, {
          idempotencyKey: `plan-import:${input.importId}:confirmed`,
          organizationId: version.organizationId,
          occurredAt: new Date(),
          actor: `person:${input.personId}`,
          action: 'plan_import_confirmed',
          entityType: 'plan_version',
          entityId: String(version.versionId),
          before: null,
          after: {
            ...(version.amendment ? { amendment: version.amendment.number, amendsVersionId: version.amendment.amendsVersionId } : {}),
            importId: input.importId,
            planId: version.planId,
            version: version.version,
            sourceName: source.fileName,
            items: plan.items.length,
            acceptedFindings: accepted,
          },
        });
      },
    },
  );
  const workflowId = planApprovalWorkflowId(source.organizationSlug, stored.versionId);
  const budgets = plan.items.flatMap((item) => Object.values(item.budgetByYear).filter((b): b is number => b !== null));
  const approval: PlanApprovalInput = {
    organizationId: stored.organizationId,
    organizationSlug: source.organizationSlug,
    planVersionId: stored.versionId,
    version: stored.version,
    title: planTitle(plan),
    firstFiscalYear: Math.min(...plan.fiscalYears),
    itemCount: plan.items.length,
    budgetBaht: budgets.length ? budgets.reduce((a, b) => a + b, 0) : null,
  };
  if (stored.amendment) {
    const inForce = canonicalPlanSchema.parse(await findVersionCanonical(deps.pool, stored.amendment.amendsVersionId));
    const diff = diffPlans(inForce, plan);
    const summary = {
      number: stored.amendment.number,
      added: diff.added.map((i) => i.code),
      removed: diff.removed.map((i) => i.code),
      changed: diff.changed.map((c) => c.code),
    };
    approval.amendment = { ...summary, amendsVersionId: stored.amendment.amendsVersionId, ask: planAmendmentAsk(summary.number), memo: planAmendmentMemo(summary) };
  }
  try {
    // One run per version, ever: a finished approval is not asked again by a repeated confirmation.
    await deps.temporal.workflow.start(planApprovalWorkflow, {
      taskQueue: deps.taskQueue,
      workflowId,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [approval],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return { kind: 'stored', stored, workflowId };
}
