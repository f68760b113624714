import { randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { SignalDefinition } from '@temporalio/workflow';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listAuditForEntity } from '../../db/audit';
import * as itemYears from '../../db/queries/item-years';
import * as work from '../../db/queries/work';
import { listOrganizations } from '../../db/queries/organizations';
import {
  completeStepSignal,
  moveDueDateSignal,
  reassignSignal,
  recordCommitteeSignal,
  requestCancellationSignal,
  submitEvaluationSignal,
  submitProposalSignal,
  submitReportSignal,
  stateQuery,
} from '../../workflows/item-year/messages';
import { issueCommand } from '../../services/commands';
import { itemYearCommandRefusal, type ItemYearCommand } from '../../domain/commands';
import { mayActOnItemYear, refuse, requireActor, type ItemYearAction } from '../authz';
import { AppError, notFound, parseInput } from '../errors';
import { checkEvidence, evidenceKey, MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES } from '../evidence-store';
import { FileNotFoundError, putContent } from '../../services/files';
import { labelOf, PHASE_TASKS } from '../pages/labels';

const itemYearParams = z.object({
  code: z.string().regex(/^\d+\.\d+$/),
  fy: z.coerce.number().int().min(2500).max(2700),
});
const orgQuery = z.object({ org: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/).optional() });
const stepParams = itemYearParams.extend({ stepKey: z.string().regex(/^[a-z0-9-]{1,32}$/) });
const personParams = z.object({ id: z.coerce.number().int().positive() });

const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const baht = z.number().nonnegative().max(1e10);

const proposalBody = z.object({
  memo: text(5000),
  budget: baht.nullable(),
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
});
const committeeBody = z.object({
  orderNumber: text(50),
  orderDate: isoDate,
  members: z.array(z.object({ name: text(200), role: text(200) })).min(1).max(50),
});
const evaluationBody = z.object({
  indicatorResults: z
    .array(z.object({ ordinal: z.number().int().positive(), value: z.number().optional(), text: z.string().max(2000), met: z.boolean().optional() }))
    .max(50),
  budgetSpent: baht.nullable(),
  problems: z.string().trim().max(5000).transform((v) => v || 'ไม่มี'),
  suggestions: z.string().trim().max(5000).transform((v) => v || 'ไม่มี'),
});
const reportBody = z.object({ summary: text(10000) });
const cancelBody = z.object({ reason: text(2000) });
const reassignBody = z.object({ newOwnerPersonId: z.number().int().positive() });
const dueDateBody = z.object({ newDueDate: isoDate, reason: text(2000) });
const stepFields = z.object({
  notes: z.string().trim().max(5000).default(''),
  budgetSpent: z.preprocess((v) => (v === '' || v === undefined ? undefined : Number(v)), baht.optional()),
});

/** How long a request waits for the workflow to take its signal before answering "accepted, in progress". */
const CONFIRM_WAIT_MS = 10_000;

export async function itemYearRoutes(app: FastifyInstance): Promise<void> {
  const { pool, temporal } = app.deps;
  const { files: store } = app;
  await app.register(multipart, { limits: { fileSize: MAX_EVIDENCE_BYTES, files: MAX_EVIDENCE_FILES, fields: 20 } });

  async function organizationSlug(query: unknown): Promise<string> {
    const { org } = parseInput(orgQuery, query, 'ในคำค้น', 'query');
    if (org) return org;
    const orgs = await listOrganizations(pool);
    if (orgs.length === 1) return orgs[0]!.slug;
    throw new AppError('VALIDATION_FAILED', 'มีหลายองค์กร กรุณาระบุ ?org=', 'several organisations: give ?org=<slug>');
  }

  type ItemYearParams = z.infer<typeof itemYearParams>;

  async function loadItemYear<P extends ItemYearParams>(request: FastifyRequest, schema: z.ZodType<P>) {
    const params = parseInput(schema, request.params, 'ในที่อยู่', 'path parameters');
    const slug = await organizationSlug(request.query);
    const row = await itemYears.findItemYear(pool, { organizationSlug: slug, itemCode: params.code, fiscalYear: params.fy });
    if (!row) throw notFound('รายการในปีงบประมาณนี้', `item ${params.code} in FY${params.fy}`);
    return { row, params };
  }

  async function authorised<P extends ItemYearParams = ItemYearParams>(
    request: FastifyRequest,
    action: ItemYearAction,
    schema: z.ZodType<P> = itemYearParams as unknown as z.ZodType<P>,
  ) {
    const actor = await requireActor(app, request);
    const loaded = await loadItemYear(request, schema);
    if (!mayActOnItemYear(actor, loaded.row, action)) throw refuse();
    return { actor, ...loaded };
  }

  /**
   * Refuses a command the workflow would not take now, by the workflow's own rule (domain/commands.ts). The
   * projection can trail the workflow by a moment (it is written after each change), so a refusal is confirmed with
   * the workflow itself before it reaches the person.
   */
  async function requireTaken(row: itemYears.ItemYearRow, command: ItemYearCommand): Promise<void> {
    const { state } = row;
    const projected = itemYearCommandRefusal(
      { status: row.status, phase: row.phase, steps: state.steps, pendingCancellation: state.pendingCancellation },
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

  /** Request ids come from the client's Idempotency-Key when it sends one, so a retried POST is one request. */
  function requestIdOf(request: FastifyRequest): string {
    const key = request.headers['idempotency-key'];
    return typeof key === 'string' && /^[A-Za-z0-9_-]{8,80}$/.test(key) ? key : randomUUID();
  }

  /** The command path (services/commands.ts): 200 once the workflow has taken it, 202 while it is only accepted. */
  async function signalAndConfirm<Payload>(
    request: FastifyRequest,
    row: itemYears.ItemYearRow,
    signal: SignalDefinition<[Payload]>,
    payload: Payload,
    id: string,
  ): Promise<{ requestId: string; processed: boolean; message: string; messageEn: string }> {
    const outcome = await issueCommand(
      { pool, temporal },
      { workflowId: row.workflowId, signal, payload, commandId: id },
      {
        waitMs: CONFIRM_WAIT_MS,
        onProblem: (stage, err) => request.log.warn({ err, requestId: id, stage }, 'command not confirmed yet'),
      },
    );
    if (outcome === 'gone') {
      throw new AppError('INVALID_TRANSITION', 'รายการนี้สิ้นสุดแล้ว', 'the item-year has already ended');
    }
    return outcome === 'applied'
      ? { requestId: id, processed: true, message: 'บันทึกแล้ว', messageEn: 'recorded' }
      : { requestId: id, processed: false, message: 'รับเรื่องแล้ว กำลังดำเนินการ', messageEn: 'accepted, being processed' };
  }

  app.get('/api/items/:code/years/:fy', async (request) => {
    const { row } = await authorised(request, 'read');
    const { state } = row;
    const [steps, decisions, dueDateChanges, files, audit] = await Promise.all([
      itemYears.listItemYearStepRows(pool, row.id),
      work.listDecisionsOfWorkflow(pool, row.workflowId),
      work.listDueDateChanges(pool, row.id),
      work.listEvidenceOfItemYear(pool, row.id),
      listAuditForEntity(pool, 'item_year', row.workflowId),
    ]);
    return {
      itemYear: {
        id: row.id,
        organization: row.organizationSlug,
        itemCode: row.itemCode,
        itemName: row.itemName,
        kind: row.kind,
        fiscalYear: row.fiscalYear,
        status: row.status,
        phase: row.phase,
        phaseDueAt: state.phaseDueAtMs ? new Date(state.phaseDueAtMs).toISOString() : null,
        ownerPersonId: row.ownerPersonId,
        unit: row.unitKey,
        budgetPlanned: row.budgetPlanned,
        budgetSpent: row.budgetSpent,
        problems: row.problems,
        suggestions: row.suggestions,
        cancelReason: row.cancelReason,
        openDecision: state.openDecision ?? null,
        pendingCancellation: state.pendingCancellation ?? null,
        evaluation: state.evaluation ?? null,
      },
      steps,
      decisions,
      dueDateChanges,
      evidence: files.map((f) => ({ ...f, url: `/api/evidence/${f.id}` })),
      history: audit.map((a) => ({ at: a.occurredAt, actor: a.actor, action: a.action, before: a.before, after: a.after })),
    };
  });

  app.get('/api/evidence/:id', async (request, reply) => {
    const { id } = parseInput(z.object({ id: z.string().uuid() }), request.params, 'ในที่อยู่', 'path parameters');
    const actor = await requireActor(app, request);
    const file = await work.findEvidenceFile(pool, id);
    const row = file && (await itemYears.findItemYearById(pool, file.itemYearId));
    if (!file || !row) throw notFound('ไฟล์หลักฐาน', 'evidence file');
    if (!mayActOnItemYear(actor, row, 'read')) throw refuse();
    const body = await store.get(evidenceKey(file.sha256)).catch((err: unknown) => {
      throw err instanceof FileNotFoundError ? notFound('ไฟล์หลักฐาน', 'evidence file') : err;
    });
    return reply
      .header('content-type', file.contentType)
      .header('content-length', file.sizeBytes)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .send(body);
  });

  app.get('/api/people/:id/tasks', async (request) => {
    const { id } = parseInput(personParams, request.params, 'ในที่อยู่', 'path parameters');
    const actor = await requireActor(app, request);
    if (actor.personId !== id && !actor.roles.some((r) => ['coordinator', 'admin', 'palad', 'mayor'].includes(r.role))) {
      throw refuse();
    }
    const [owned, approvals] = await Promise.all([work.listOwnerTasks(pool, id), work.listApproverTasks(pool, id)]);
    const ownerTasks = owned.flatMap((t) => ownerTasksOf(t));
    ownerTasks.sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'));
    return {
      personId: id,
      tasks: ownerTasks,
      approvals: approvals.map((a) => ({ ...a, dueAt: a.dueAt ? a.dueAt.toISOString() : null })),
    };
  });

  app.post('/api/items/:code/years/:fy/proposal', async (request, reply) => {
    const { actor, row } = await authorised(request, 'work');
    await requireTaken(row, { name: 'submitProposal' });
    const body = parseInput(proposalBody, request.body, 'ข้อเสนอโครงการ', 'proposal');
    const requestId = requestIdOf(request);
    const result = await signalAndConfirm(request, row, submitProposalSignal, { requestId, personId: actor.personId, ...body }, requestId);
    return reply.status(result.processed ? 200 : 202).send(result);
  });

  app.post('/api/items/:code/years/:fy/committee', async (request, reply) => {
    const { actor, row } = await authorised(request, 'work');
    await requireTaken(row, { name: 'recordCommittee' });
    const body = parseInput(committeeBody, request.body, 'คำสั่งแต่งตั้งคณะกรรมการ', 'committee order');
    const requestId = requestIdOf(request);
    const result = await signalAndConfirm(request, row, recordCommitteeSignal, { requestId, personId: actor.personId, ...body }, requestId);
    return reply.status(result.processed ? 200 : 202).send(result);
  });

  app.post('/api/items/:code/years/:fy/steps/:stepKey/complete', async (request, reply) => {
    const { actor, row, params } = await authorised(request, 'work', stepParams);
    const step = (await itemYears.listItemYearStepRows(pool, row.id)).find((s) => s.stepKey === params.stepKey);
    if (!step) throw notFound('ขั้นตอน', `step ${params.stepKey}`);
    await requireTaken(row, { name: 'completeStep', stepKey: params.stepKey });
    const fields: Record<string, unknown> = {};
    const evidenceIds: string[] = [];
    if (request.isMultipart()) {
      // Files are checked and stored as they stream in; rows are written only once every part is accepted.
      const files: Array<{ id: string; fileName: string; contentType: string; sizeBytes: number; sha256: string }> = [];
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          fields[part.fieldname] = part.value;
          continue;
        }
        const bytes = await part.toBuffer();
        if (part.file.truncated) {
          throw new AppError('PAYLOAD_TOO_LARGE', `ไฟล์ ${part.filename} ใหญ่เกิน 10 MB`, `${part.filename} is larger than 10 MB`);
        }
        const fileName = part.filename || 'evidence';
        checkEvidence({ fileName, contentType: part.mimetype, bytes });
        const stored = await putContent(store, 'evidence', bytes, part.mimetype);
        files.push({ id: randomUUID(), fileName, contentType: part.mimetype, sizeBytes: stored.sizeBytes, sha256: stored.sha256 });
      }
      for (const file of files) {
        await work.insertEvidenceFile(pool, { ...file, itemYearId: row.id, stepKey: params.stepKey, uploadedBy: actor.personId });
        evidenceIds.push(file.id);
      }
    } else {
      Object.assign(fields, request.body ?? {});
    }
    const body = parseInput(stepFields, fields, 'การบันทึกขั้นตอน', 'step completion');
    const requestId = requestIdOf(request);
    const result = await signalAndConfirm(
      request,
      row,
      completeStepSignal,
      {
        requestId,
        personId: actor.personId,
        stepKey: params.stepKey,
        notes: body.notes,
        evidenceIds,
        ...(body.budgetSpent !== undefined ? { budgetSpent: body.budgetSpent } : {}),
      },
      requestId,
    );
    return reply.status(result.processed ? 200 : 202).send({ ...result, evidenceIds });
  });

  app.post('/api/items/:code/years/:fy/steps/:stepKey/due-date', async (request, reply) => {
    const { actor, row, params } = await authorised(request, 'work', stepParams);
    const body = parseInput(dueDateBody, request.body, 'การเลื่อนกำหนด', 'due date change');
    const step = (await itemYears.listItemYearStepRows(pool, row.id)).find((s) => s.stepKey === params.stepKey);
    if (!step) throw notFound('ขั้นตอน', `step ${params.stepKey}`);
    await requireTaken(row, { name: 'moveDueDate', stepKey: params.stepKey, reason: body.reason });
    // Due at the end of office hours (16:30 Bangkok) of the new date.
    const newDueAt = new Date(`${body.newDueDate}T16:30:00+07:00`);
    const requestId = requestIdOf(request);
    await work.insertDueDateChange(pool, {
      requestId,
      itemYearId: row.id,
      stepKey: params.stepKey,
      oldDueAt: step.dueAt,
      newDueAt,
      reason: body.reason,
      changedBy: actor.personId,
    });
    const result = await signalAndConfirm(
      request,
      row,
      moveDueDateSignal,
      { requestId, personId: actor.personId, stepKey: params.stepKey, newDueAtMs: newDueAt.getTime(), reason: body.reason },
      requestId,
    );
    return reply.status(result.processed ? 200 : 202).send(result);
  });

  app.post('/api/items/:code/years/:fy/evaluation', async (request, reply) => {
    const { actor, row } = await authorised(request, 'work');
    await requireTaken(row, { name: 'submitEvaluation' });
    const body = parseInput(evaluationBody, request.body, 'ผลการประเมิน', 'evaluation');
    const requestId = requestIdOf(request);
    const result = await signalAndConfirm(request, row, submitEvaluationSignal, { requestId, personId: actor.personId, ...body }, requestId);
    return reply.status(result.processed ? 200 : 202).send(result);
  });

  app.post('/api/items/:code/years/:fy/report', async (request, reply) => {
    const { actor, row } = await authorised(request, 'work');
    await requireTaken(row, { name: 'submitReport' });
    const body = parseInput(reportBody, request.body, 'รายงานผล', 'report');
    const requestId = requestIdOf(request);
    const result = await signalAndConfirm(request, row, submitReportSignal, { requestId, personId: actor.personId, ...body }, requestId);
    return reply.status(result.processed ? 200 : 202).send(result);
  });

  app.post('/api/items/:code/years/:fy/cancellation', async (request, reply) => {
    const { actor, row } = await authorised(request, 'cancel');
    const body = parseInput(cancelBody, request.body, 'คำขอยกเลิก', 'cancellation request');
    await requireTaken(row, { name: 'requestCancellation', reason: body.reason });
    const requestId = requestIdOf(request);
    const result = await signalAndConfirm(request, row, requestCancellationSignal, { requestId, personId: actor.personId, ...body }, requestId);
    return reply.status(result.processed ? 200 : 202).send(result);
  });

  app.post('/api/items/:code/years/:fy/reassign', async (request, reply) => {
    const { actor, row } = await authorised(request, 'reassign');
    const body = parseInput(reassignBody, request.body, 'การมอบหมาย', 'reassignment');
    await requireTaken(row, { name: 'reassign' });
    const newOwner = await work.findActivePerson(pool, body.newOwnerPersonId);
    if (!newOwner || newOwner.organizationId !== row.organizationId) {
      throw new AppError('VALIDATION_FAILED', 'ไม่พบผู้รับมอบหมายในองค์กรนี้', 'the new owner is not a member of this organisation');
    }
    const requestId = requestIdOf(request);
    const result = await signalAndConfirm(
      request,
      row,
      reassignSignal,
      { requestId, personId: actor.personId, ...body, newOwnerName: newOwner.fullName },
      requestId,
    );
    return reply.status(result.processed ? 200 : 202).send(result);
  });
}

interface OwnerTask {
  itemYearId: number;
  organization: string;
  itemCode: string;
  itemName: string;
  fiscalYear: number;
  phase: string;
  stepKey: string | null;
  what: string;
  dueAt: string | null;
}

/** Turns an item-year waiting on its owner into the tasks the owner sees: the phase's action or each open step. */
function ownerTasksOf(row: Awaited<ReturnType<typeof work.listOwnerTasks>>[number]): OwnerTask[] {
  const { state } = row;
  const base = { itemYearId: row.itemYearId, organization: row.organizationSlug, itemCode: row.itemCode, itemName: row.itemName, fiscalYear: row.fiscalYear, phase: row.phase };
  if (row.phase === 'execution') {
    return (state.steps ?? [])
      .filter((s) => s.status === 'pending')
      .map((s) => ({ ...base, stepKey: s.key, what: s.text, dueAt: new Date(s.dueAtMs).toISOString() }));
  }
  const task = labelOf(PHASE_TASKS, row.phase);
  return [{ ...base, stepKey: null, what: `${task.th} / ${task.en}`, dueAt: state.phaseDueAtMs ? new Date(state.phaseDueAtMs).toISOString() : null }];
}
