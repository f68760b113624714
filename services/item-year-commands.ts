import { randomUUID } from 'node:crypto';
import type { SignalDefinition } from '@temporalio/workflow';
import { z } from 'zod';
import * as itemYears from '../db/queries/item-years';
import { insertDueDateChange } from '../db/queries/due-date-changes';
import { insertEvidenceFile } from '../db/queries/evidence';
import { findActivePerson } from '../db/queries/people';
import { afterTheFactProblems, type AfterTheFactView } from '../domain/after-the-fact';
import { afterTheFactInput } from '../domain/after-the-fact-schema';
import { bangkokDate } from '../domain/fiscal';
import { calendarDate, freeText } from '../domain/input-schema';
import { planItemYear } from '../domain/item-year-plan';
import type { ItemKind, Step } from '../domain/plan';
import { itemYearCommandRefusal, type ItemYearCommand } from '../domain/commands';
import {
  completeStepSignal,
  moveDueDateSignal,
  reassignSignal,
  recordAfterTheFactSignal,
  recordCommitteeSignal,
  requestCancellationSignal,
  submitEvaluationSignal,
  submitProposalSignal,
  submitReportSignal,
  stateQuery,
} from '../workflows/item-year/messages';
import { hasRole, type Actor } from './authz';
import { issueCommand } from './commands';
import { AppError, notFound, parseInput } from './errors';
import { MAX_EVIDENCE_FILES, checkEvidence } from './evidence';
import { putContent } from './files';
import { findForActor, type ItemYearDeps, type ItemYearRef, type ItemYearRow } from './item-years';

/**
 * What a person does to an item-year: propose, record the committee, complete a step, move a date, evaluate,
 * report, ask to cancel, reassign. Each function checks who asks (404/403) first, then the input (400) and whether
 * the workflow takes the command now (requireTaken, 409), in the order each command has always had: the same order
 * and the same refusals for the JSON API and the web forms, which is why the input arrives unparsed and is validated
 * here rather than by each caller. A command is delivered to the workflow by signalAndConfirm.
 */

const text = (max: number) => freeText({ max });
const optionalText = (max: number) => freeText({ max, min: 0 });
const isoDate = calendarDate;
const baht = z.number().nonnegative().max(1e10);

export const proposalInput = z.object({
  memo: text(5000),
  budget: baht.nullable(),
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
});
export const committeeInput = z.object({
  orderNumber: text(50),
  orderDate: isoDate,
  members: z.array(z.object({ name: text(200), role: text(200) })).min(1).max(50),
});
export const evaluationInput = z.object({
  indicatorResults: z
    .array(z.object({ ordinal: z.number().int().positive(), value: z.number().optional(), text: optionalText(2000), met: z.boolean().optional() }))
    .max(50),
  budgetSpent: baht.nullable(),
  problems: optionalText(5000).transform((v) => v || 'ไม่มี'),
  suggestions: optionalText(5000).transform((v) => v || 'ไม่มี'),
});
export const reportInput = z.object({ summary: text(10000) });
export const cancellationInput = z.object({ reason: text(2000) });
export const reassignInput = z.object({ newOwnerPersonId: z.number().int().positive() });
export const dueDateInput = z.object({ newDueDate: isoDate, reason: text(2000) });
/** Strict: a field the form does not have (`note` for `notes`, say) is refused, not silently dropped. */
export const stepCompletionInput = z.strictObject({
  notes: optionalText(5000).default(''),
  // A form sends the amount as text; JSON sends a number. Nothing else (true would be Number(true) = 1) is an amount.
  budgetSpent: z.preprocess(
    (v) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? undefined : typeof v === 'string' ? Number(v) : v),
    baht.optional(),
  ),
});

/**
 * A step completion as it arrives: the completion and the web form's own fields (its CSRF token, checked by the page
 * before the parts are read, and its request id), which are dropped. What the JSON API declares for the route.
 */
export const stepCompletionForm = stepCompletionInput.extend({ csrf: z.unknown().optional(), requestId: z.unknown().optional() });

/** How long a request waits for the workflow to take its signal before answering "accepted, in progress". */
const CONFIRM_WAIT_MS = 10_000;

export interface CommandResult {
  requestId: string;
  /** True once the workflow has taken the command; false while the server only holds it. */
  processed: boolean;
  message: string;
  messageEn: string;
}

/** A caller's request id (the API's Idempotency-Key, a form's hidden field) when well formed, so a retry is one request. */
export function commandRequestId(candidate: unknown): string {
  return typeof candidate === 'string' && /^[A-Za-z0-9_-]{8,80}$/.test(candidate) ? candidate : randomUUID();
}

/**
 * Refuses a command the workflow would not take now, by the workflow's own rule (domain/commands.ts). The
 * projection can trail the workflow by a moment (it is written after each change), so a refusal is confirmed with
 * the workflow itself before it reaches the person.
 */
export async function requireTaken(deps: Pick<ItemYearDeps, 'temporal'>, row: ItemYearRow, command: ItemYearCommand): Promise<void> {
  const { temporal } = deps;
  const { state } = row;
  const projected = itemYearCommandRefusal(
    {
      status: row.status,
      phase: row.phase,
      steps: state.steps,
      pendingCancellation: state.pendingCancellation,
      proposal: state.proposal,
      committee: state.committee,
      openDecision: state.openDecision,
      afterTheFact: state.afterTheFact,
      decisions: state.decisions,
    },
    command,
  );
  if (!projected) return;
  const live = await temporal.workflow
    .getHandle(row.workflowId)
    .query(stateQuery)
    .catch(() => undefined);
  const refusal = live ? itemYearCommandRefusal(live, command) : projected;
  if (!refusal) return;
  if (refusal.code === 'unknown_step') throw notFound('ขั้นตอน', `step ${command.stepKey}`);
  throw new AppError('INVALID_TRANSITION', refusal.th, refusal.en, {
    phase: live?.phase ?? row.phase,
    status: live?.status ?? row.status,
    ...(refusal.expectedPhase ? { expected: [refusal.expectedPhase] } : {}),
  });
}

/** The command path (services/commands.ts): processed once the workflow has taken it, accepted while it is only held. */
export async function signalAndConfirm<Payload>(
  deps: Pick<ItemYearDeps, 'pool' | 'temporal' | 'log'>,
  row: ItemYearRow,
  signal: SignalDefinition<[Payload]>,
  payload: Payload,
  id: string,
): Promise<CommandResult> {
  const { pool, temporal } = deps;
  const outcome = await issueCommand(
    { pool, temporal },
    { workflowId: row.workflowId, signal, payload, commandId: id },
    {
      waitMs: CONFIRM_WAIT_MS,
      onProblem: (stage, err) => deps.log.warn({ err, requestId: id, stage }, 'command not confirmed yet'),
    },
  );
  if (outcome === 'gone') {
    throw new AppError('INVALID_TRANSITION', 'รายการนี้สิ้นสุดแล้ว', 'the item-year has already ended');
  }
  return outcome === 'applied'
    ? { requestId: id, processed: true, message: 'บันทึกแล้ว', messageEn: 'recorded' }
    : { requestId: id, processed: false, message: 'รับเรื่องแล้ว กำลังดำเนินการ', messageEn: 'accepted, being processed' };
}

/** Who is asking, about which item-year, under which request id: what every command needs. */
export interface CommandContext {
  actor: Actor;
  ref: ItemYearRef;
  /** A caller's candidate id; see commandRequestId. */
  requestId?: unknown;
}

/**
 * A command taken in one phase, with a body and nothing else to check. The body's schema must produce the signal's
 * payload (less who sent it and the request id), so a schema and a signal that disagree fail tsc.
 */
interface PhaseCommand<P extends { requestId: string; personId: number }> {
  name: 'submitProposal' | 'recordCommittee' | 'submitEvaluation' | 'submitReport';
  signal: SignalDefinition<[P]>;
  input: z.ZodType<Omit<P, 'requestId' | 'personId'>, unknown>;
  th: string;
  en: string;
}

async function phaseCommand<P extends { requestId: string; personId: number }>(
  spec: PhaseCommand<P>,
  deps: ItemYearDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<CommandResult> {
  const row = await findForActor(deps, ctx.actor, ctx.ref, 'work');
  await requireTaken(deps, row, { name: spec.name });
  const body = parseInput(spec.input, input, spec.th, spec.en);
  const requestId = commandRequestId(ctx.requestId);
  return signalAndConfirm(deps, row, spec.signal, { ...body, requestId, personId: ctx.actor.personId } as P, requestId);
}

export const submitProposal = (deps: ItemYearDeps, ctx: CommandContext, input: unknown) =>
  phaseCommand({ name: 'submitProposal', signal: submitProposalSignal, input: proposalInput, th: 'ข้อเสนอโครงการ', en: 'proposal' }, deps, ctx, input);
export const recordCommittee = (deps: ItemYearDeps, ctx: CommandContext, input: unknown) =>
  phaseCommand({ name: 'recordCommittee', signal: recordCommitteeSignal, input: committeeInput, th: 'คำสั่งแต่งตั้งคณะกรรมการ', en: 'committee order' }, deps, ctx, input);
export const submitEvaluation = (deps: ItemYearDeps, ctx: CommandContext, input: unknown) =>
  phaseCommand({ name: 'submitEvaluation', signal: submitEvaluationSignal, input: evaluationInput, th: 'ผลการประเมิน', en: 'evaluation' }, deps, ctx, input);
export const submitReport = (deps: ItemYearDeps, ctx: CommandContext, input: unknown) =>
  phaseCommand({ name: 'submitReport', signal: submitReportSignal, input: reportInput, th: 'รายงานผล', en: 'report' }, deps, ctx, input);

export async function requestCancellation(deps: ItemYearDeps, ctx: CommandContext, input: unknown): Promise<CommandResult> {
  const row = await findForActor(deps, ctx.actor, ctx.ref, 'cancel');
  const body = parseInput(cancellationInput, input, 'คำขอยกเลิก', 'cancellation request');
  await requireTaken(deps, row, { name: 'requestCancellation', reason: body.reason });
  const requestId = commandRequestId(ctx.requestId);
  return signalAndConfirm(deps, row, requestCancellationSignal, { requestId, personId: ctx.actor.personId, ...body }, requestId);
}

export async function reassign(deps: ItemYearDeps, ctx: CommandContext, input: unknown): Promise<CommandResult> {
  const row = await findForActor(deps, ctx.actor, ctx.ref, 'reassign');
  const body = parseInput(reassignInput, input, 'การมอบหมาย', 'reassignment');
  await requireTaken(deps, row, { name: 'reassign' });
  const newOwner = await findActivePerson(deps.pool, body.newOwnerPersonId);
  if (!newOwner || newOwner.organizationId !== row.organizationId) {
    throw new AppError('VALIDATION_FAILED', 'ไม่พบผู้รับมอบหมายในองค์กรนี้', 'the new owner is not a member of this organisation');
  }
  const requestId = commandRequestId(ctx.requestId);
  return signalAndConfirm(
    deps,
    row,
    reassignSignal,
    { requestId, personId: ctx.actor.personId, ...body, newOwnerName: newOwner.fullName },
    requestId,
  );
}

async function openStep(deps: Pick<ItemYearDeps, 'pool'>, row: ItemYearRow, stepKey: string) {
  const step = (await itemYears.listItemYearStepRows(deps.pool, row.id)).find((s) => s.stepKey === stepKey);
  if (!step) throw notFound('ขั้นตอน', `step ${stepKey}`);
  return step;
}

export async function moveDueDate(deps: ItemYearDeps, ctx: CommandContext, stepKey: string, input: unknown): Promise<CommandResult> {
  const row = await findForActor(deps, ctx.actor, ctx.ref, 'work');
  const body = parseInput(dueDateInput, input, 'การเลื่อนกำหนด', 'due date change');
  const step = await openStep(deps, row, stepKey);
  await requireTaken(deps, row, { name: 'moveDueDate', stepKey, reason: body.reason });
  // Due at the end of office hours (16:30 Bangkok) of the new date.
  const newDueAt = new Date(`${body.newDueDate}T16:30:00+07:00`);
  const requestId = commandRequestId(ctx.requestId);
  await insertDueDateChange(deps.pool, {
    requestId,
    itemYearId: row.id,
    stepKey,
    oldDueAt: step.dueAt,
    newDueAt,
    reason: body.reason,
    changedBy: ctx.actor.personId,
  });
  return signalAndConfirm(
    deps,
    row,
    moveDueDateSignal,
    { requestId, personId: ctx.actor.personId, stepKey, newDueAtMs: newDueAt.getTime(), reason: body.reason },
    requestId,
  );
}

/** One part of a step's completion form, as it arrives: a field, or an uploaded file already read. */
export type StepFormPart =
  | { kind: 'field'; name: string; value: unknown }
  | { kind: 'file'; fileName: string; contentType: string; bytes: Buffer; truncated: boolean };

/**
 * Marks a step done with its notes, spending and evidence. The parts are read only once the person and the phase are
 * checked; files are checked and stored as they come, and their rows written only once every part is accepted.
 */
export async function completeStep(
  deps: ItemYearDeps,
  ctx: CommandContext,
  stepKey: string,
  parts: AsyncIterable<StepFormPart> | Iterable<StepFormPart>,
): Promise<CommandResult & { evidenceIds: string[] }> {
  const row = await findForActor(deps, ctx.actor, ctx.ref, 'work');
  await openStep(deps, row, stepKey);
  await requireTaken(deps, row, { name: 'completeStep', stepKey });
  const fields: Record<string, unknown> = {};
  const files: Array<{ id: string; fileName: string; contentType: string; sizeBytes: number; sha256: string }> = [];
  for await (const part of parts) {
    if (part.kind === 'field') {
      fields[part.name] = part.value;
      continue;
    }
    if (part.truncated) {
      throw new AppError('PAYLOAD_TOO_LARGE', `ไฟล์ ${part.fileName} ใหญ่เกิน 10 MB`, `${part.fileName} is larger than 10 MB`);
    }
    const fileName = part.fileName || 'evidence';
    checkEvidence({ fileName, contentType: part.contentType, bytes: part.bytes });
    const stored = await putContent(deps.files, 'evidence', part.bytes, part.contentType);
    files.push({ id: randomUUID(), fileName, contentType: part.contentType, sizeBytes: stored.sizeBytes, sha256: stored.sha256 });
  }
  // The web form's own fields (its CSRF token and request id) are checked by the page before the parts are read.
  const { csrf: _csrf, requestId: _requestId, ...completion } = fields;
  // Judged before any evidence row is written: a refused completion leaves no row behind (the stored bytes are only
  // content under their hash, which a later upload of the same file reuses).
  const body = parseInput(stepCompletionInput, completion, 'การบันทึกขั้นตอน', 'step completion');
  const evidenceIds: string[] = [];
  for (const file of files) {
    await insertEvidenceFile(deps.pool, { ...file, itemYearId: row.id, stepKey, uploadedBy: ctx.actor.personId });
    evidenceIds.push(file.id);
  }
  const requestId = commandRequestId(ctx.requestId);
  const result = await signalAndConfirm(
    deps,
    row,
    completeStepSignal,
    {
      requestId,
      personId: ctx.actor.personId,
      stepKey,
      notes: body.notes,
      evidenceIds,
      ...(body.budgetSpent !== undefined ? { budgetSpent: body.budgetSpent } : {}),
    },
    requestId,
  );
  return { ...result, evidenceIds };
}

/** An evidence file of a step recorded after the fact (the go-live page's `file-<step key>`), already read. */
export interface AfterTheFactFile {
  stepKey: string;
  fileName: string;
  contentType: string;
  bytes: Buffer;
  truncated: boolean;
}

/**
 * What already happened on paper this fiscal year before the organisation went live (domain/after-the-fact.ts): the
 * coordinator's record, checked against the item-year (400 with every problem, by field), taken by the workflow as
 * one command. The workflow checks it again when it arrives. Each step recorded done may carry evidence files, under
 * the same rules as a step completed in the system (services/evidence.ts): they are checked once the record is, and
 * their rows written only when every file is accepted, so a refused record leaves no evidence behind.
 */
export async function recordAfterTheFact(
  deps: ItemYearDeps,
  ctx: CommandContext,
  input: unknown,
  files: readonly AfterTheFactFile[] = [],
): Promise<CommandResult> {
  const row = await findForActor(deps, ctx.actor, ctx.ref, 'work');
  if (!hasRole(ctx.actor, 'coordinator', 'admin')) {
    throw new AppError('FORBIDDEN', 'การบันทึกย้อนหลังทำได้เฉพาะผู้ประสานแผน', 'only the plan coordinator records what happened before go-live');
  }
  await requireTaken(deps, row, { name: 'recordAfterTheFact' });
  const record = parseInput(afterTheFactInput, input, 'การบันทึกย้อนหลัง', 'after-the-fact record');
  const problems = afterTheFactProblems(record, await afterTheFactViewOf(deps, row));
  if (problems.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `ข้อมูลการบันทึกย้อนหลังไม่ถูกต้อง: ${problems[0]!.th}`,
      `invalid after-the-fact record: ${problems[0]!.en}`,
      problems.map((p) => ({ path: p.path, code: p.code, message: `${p.th} / ${p.en}` })),
    );
  }
  const stored = await storeAfterTheFactFiles(deps, record.steps.map((s) => s.key), files);
  const evidenceIds: Record<string, string[]> = {};
  for (const file of stored) {
    await insertEvidenceFile(deps.pool, { ...file, itemYearId: row.id, uploadedBy: ctx.actor.personId });
    (evidenceIds[file.stepKey] ??= []).push(file.id);
  }
  const requestId = commandRequestId(ctx.requestId);
  return signalAndConfirm(
    deps,
    row,
    recordAfterTheFactSignal,
    {
      requestId,
      personId: ctx.actor.personId,
      personName: ctx.actor.fullName,
      record,
      ...(stored.length ? { evidenceIds } : {}),
    },
    requestId,
  );
}

/**
 * Checks every file (a step of the record, at most MAX_EVIDENCE_FILES a step, each by services/evidence.ts) before it
 * stores any; the bytes go to the file store under their hash, the rows are the caller's to write.
 */
async function storeAfterTheFactFiles(deps: ItemYearDeps, doneSteps: readonly string[], files: readonly AfterTheFactFile[]) {
  for (const file of files) {
    const name = file.fileName || 'evidence';
    if (!doneSteps.includes(file.stepKey)) {
      const th = `แนบไฟล์ ${name} ไว้กับขั้นตอน ${file.stepKey} ซึ่งไม่ได้ระบุว่าเสร็จแล้ว กรุณาทำเครื่องหมายขั้นตอนนั้นหรือเอาไฟล์ออก`;
      const en = `${name} is attached to step ${file.stepKey}, which is not marked done: tick the step or remove the file`;
      throw new AppError('VALIDATION_FAILED', th, en, [{ path: `steps.${file.stepKey}.evidence`, code: 'evidence_without_step', message: `${th} / ${en}` }]);
    }
    if (file.truncated) {
      throw new AppError('PAYLOAD_TOO_LARGE', `ไฟล์ ${name} ใหญ่เกิน 10 MB`, `${name} is larger than 10 MB`);
    }
    checkEvidence({ fileName: name, contentType: file.contentType, bytes: file.bytes });
  }
  for (const key of doneSteps) {
    const count = files.filter((f) => f.stepKey === key).length;
    if (count > MAX_EVIDENCE_FILES) {
      throw new AppError(
        'VALIDATION_FAILED',
        `ขั้นตอน ${key} แนบไฟล์ได้ไม่เกิน ${MAX_EVIDENCE_FILES} ไฟล์ (แนบมา ${count} ไฟล์)`,
        `step ${key} takes at most ${MAX_EVIDENCE_FILES} evidence files (${count} given)`,
      );
    }
  }
  const stored: Array<{ id: string; stepKey: string; fileName: string; contentType: string; sizeBytes: number; sha256: string }> = [];
  for (const file of files) {
    const content = await putContent(deps.files, 'evidence', file.bytes, file.contentType);
    stored.push({ id: randomUUID(), stepKey: file.stepKey, fileName: file.fileName || 'evidence', contentType: file.contentType, sizeBytes: content.sizeBytes, sha256: content.sha256 });
  }
  return stored;
}

/** The item-year as the after-the-fact checks read it: its plan's stages (as its workflow plans them) and its projection. */
export async function afterTheFactViewOf(deps: Pick<ItemYearDeps, 'pool'>, row: ItemYearRow): Promise<AfterTheFactView> {
  return (await afterTheFactViewsOf(deps, [row]))[0]!;
}

/** afterTheFactViewOf for many item-years, with one read of their items' steps. */
export async function afterTheFactViewsOf(deps: Pick<ItemYearDeps, 'pool'>, rows: ItemYearRow[]): Promise<AfterTheFactView[]> {
  const steps = await itemYears.listItemSteps(deps.pool, rows.map((r) => r.itemId));
  const today = bangkokDate(Date.now());
  return rows.map((row) => {
    const own = steps
      .filter((s) => s.itemId === row.itemId)
      .map((s) => ({ text: s.text, phase: s.phase, ...(s.recurrence ? { recurrence: s.recurrence } : {}) }) as Step);
    const plan = planItemYear({ kind: row.kind as ItemKind, steps: own, budget: row.budgetPlanned }, row.fiscalYear);
    return {
      fiscalYear: row.fiscalYear,
      today,
      needsApproval: plan.needsApproval,
      needsCommittee: plan.needsCommittee,
      budget: row.budgetPlanned,
      state: { ...row.state, phase: row.phase },
    };
  });
}
