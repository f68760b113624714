import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listOrganizations } from '../../db/queries/organizations';
import { afterTheFactInput } from '../../domain/after-the-fact-schema';
import { MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES } from '../../services/evidence';
import * as commands from '../../services/item-year-commands';
import * as itemYears from '../../services/item-years';
import { requireActor } from '../authz';
import { RATE_LIMITED } from '../protections';
import { AppError } from '../../services/errors';
import { labelOf, PHASE_TASKS } from '../pages/labels';
import { declareRoute, routeInput, type RouteSchemas } from '../route-schemas';
import { serviceDeps } from '../service-deps';

/**
 * The JSON API of item-years: each route parses its path, finds who is asking, calls the service
 * (services/item-years.ts, services/item-year-commands.ts) and answers with its result as JSON. The web pages call
 * the same services, so both give the same answers and the same refusals.
 */

const itemYearParams = z.object({
  code: z.string().regex(/^\d+\.\d+$/),
  fy: z.coerce.number().int().min(2500).max(2700),
});
const orgQuery = z.object({ org: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/).optional() });
const stepParams = itemYearParams.extend({ stepKey: z.string().regex(/^[a-z0-9-]{1,32}$/) });
const personParams = z.object({ id: z.coerce.number().int().positive() });
const evidenceParams = z.object({ id: z.string().uuid() });

type CommandRoute = (deps: itemYears.ItemYearDeps, ctx: commands.CommandContext, input: unknown) => Promise<commands.CommandResult>;

const COMMAND_RESPONSES = {
  200: { th: 'บันทึกแล้ว', en: 'recorded: the workflow has taken the command' },
  202: { th: 'รับเรื่องแล้ว กำลังดำเนินการ', en: 'accepted, being processed' },
} as const;

/** A command on an item-year: its path, its body (the schema the service parses it with) and what it does. */
const commandRoute = <Body extends RouteSchemas['body']>(body: Body, th: string, en: string) =>
  declareRoute({ summary: { th, en }, params: itemYearParams, query: orgQuery, body, responses: COMMAND_RESPONSES });

/** The commands whose body is one JSON document, by the last segment of their path. */
const BODY_COMMANDS: Record<string, { run: CommandRoute; schemas: ReturnType<typeof commandRoute> }> = {
  proposal: { run: commands.submitProposal, schemas: commandRoute(commands.proposalInput, 'เสนอโครงการ', 'submit the proposal') },
  committee: { run: commands.recordCommittee, schemas: commandRoute(commands.committeeInput, 'บันทึกคำสั่งแต่งตั้งคณะกรรมการ', 'record the committee order') },
  evaluation: { run: commands.submitEvaluation, schemas: commandRoute(commands.evaluationInput, 'ส่งผลการประเมิน', 'submit the evaluation') },
  report: { run: commands.submitReport, schemas: commandRoute(commands.reportInput, 'ส่งรายงานผล', 'submit the item report') },
  cancellation: { run: commands.requestCancellation, schemas: commandRoute(commands.cancellationInput, 'ขอยกเลิกรายการ', 'ask to cancel the item-year') },
  reassign: { run: commands.reassign, schemas: commandRoute(commands.reassignInput, 'มอบหมายผู้รับผิดชอบใหม่', 'hand the item-year to another owner') },
  /** What happened on paper before go-live (the coordinator only): domain/after-the-fact.ts. */
  'after-the-fact': {
    run: commands.recordAfterTheFact,
    schemas: commandRoute(afterTheFactInput, 'บันทึกย้อนหลังสิ่งที่ทำไปแล้วบนกระดาษ', 'record what already happened on paper before go-live'),
  },
};

const ROUTES = {
  itemYear: declareRoute({ summary: { th: 'รายการประจำปีหนึ่งรายการ', en: 'one item-year with its steps, decisions and history' }, params: itemYearParams, query: orgQuery }),
  evidence: declareRoute({ summary: { th: 'ดาวน์โหลดหลักฐาน', en: 'download one evidence file' }, params: evidenceParams }),
  tasks: declareRoute({ summary: { th: 'งานของบุคคล', en: "a person's open tasks" }, params: personParams }),
  completeStep: declareRoute({
    summary: { th: 'บันทึกขั้นตอนเสร็จ พร้อมหลักฐาน', en: 'mark a step done, with notes, spending and evidence files' },
    params: stepParams,
    query: orgQuery,
    body: commands.stepCompletionForm,
    bodyTypes: ['application/json', 'multipart/form-data'],
    responses: COMMAND_RESPONSES,
  }),
  dueDate: declareRoute({
    summary: { th: 'เลื่อนกำหนดของขั้นตอน', en: "move a step's due date" },
    params: stepParams,
    query: orgQuery,
    body: commands.dueDateInput,
    responses: COMMAND_RESPONSES,
  }),
};

/** 200 once the workflow has taken the command, 202 while it is only accepted. */
function sendCommandResult(reply: FastifyReply, result: commands.CommandResult) {
  return reply.status(result.processed ? 200 : 202).send(result);
}

/** A request's fields and files as the step service reads them, streamed from a multipart body or taken from JSON. */
async function* stepFormParts(request: FastifyRequest): AsyncGenerator<commands.StepFormPart> {
  if (!request.isMultipart()) {
    const { body } = request;
    // Only an object has fields: an array or a string would otherwise pass as a completion without notes.
    if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
      throw new AppError('VALIDATION_FAILED', 'ข้อมูลการบันทึกขั้นตอนไม่ถูกต้อง', 'invalid step completion: the body must be an object');
    }
    for (const [name, value] of Object.entries(body ?? {})) yield { kind: 'field', name, value };
    return;
  }
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      yield { kind: 'field', name: part.fieldname, value: part.value };
      continue;
    }
    const bytes = await part.toBuffer();
    yield { kind: 'file', fileName: part.filename, contentType: part.mimetype, bytes, truncated: part.file.truncated };
  }
}

export async function itemYearRoutes(app: FastifyInstance): Promise<void> {
  const { pool } = app.deps;
  await app.register(multipart, { limits: { fileSize: MAX_EVIDENCE_BYTES, files: MAX_EVIDENCE_FILES, fields: 20 } });

  async function organizationSlug(query: unknown): Promise<string> {
    const { org } = query as z.infer<typeof orgQuery>;
    if (org) return org;
    const orgs = await listOrganizations(pool);
    if (orgs.length === 1) return orgs[0]!.slug;
    throw new AppError('VALIDATION_FAILED', 'มีหลายองค์กร กรุณาระบุ ?org=', 'several organisations: give ?org=<slug>');
  }

  /** Who asks, about which item-year: the actor first (401 before anything else), then the path, then ?org. */
  async function contextOf<S extends RouteSchemas & { params: z.ZodType<z.infer<typeof itemYearParams>> }>(request: FastifyRequest, schemas: S) {
    const actor = await requireActor(app, request);
    const input = routeInput(schemas, request);
    const params = input.params();
    const ref = { organizationSlug: await organizationSlug(input.query()), itemCode: params.code, fiscalYear: params.fy };
    const ctx: commands.CommandContext = { actor, ref, requestId: request.headers['idempotency-key'] };
    return { ctx, params };
  }

  app.get('/api/items/:code/years/:fy', { config: { schemas: ROUTES.itemYear } }, async (request) => {
    const { ctx } = await contextOf(request, ROUTES.itemYear);
    return itemYearJson(await itemYears.readItemYear(serviceDeps(app, request), ctx.actor, ctx.ref));
  });

  app.get('/api/evidence/:id', { config: { schemas: ROUTES.evidence } }, async (request, reply) => {
    const { id } = routeInput(ROUTES.evidence, request).params();
    const actor = await requireActor(app, request);
    const { file, body } = await itemYears.readEvidence(serviceDeps(app, request), actor, id);
    return reply
      .header('content-type', file.contentType)
      .header('content-length', file.sizeBytes)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      // A private file: no shared cache or browser history keeps a copy.
      .header('cache-control', 'no-store')
      .send(body);
  });

  app.get('/api/people/:id/tasks', { config: { schemas: ROUTES.tasks } }, async (request) => {
    const { id } = routeInput(ROUTES.tasks, request).params();
    const actor = await requireActor(app, request);
    const { tasks, ...rest } = await itemYears.tasksOf(serviceDeps(app, request), actor, id);
    return { ...rest, tasks: tasks.map(ownerTaskJson) };
  });

  for (const [path, { run, schemas }] of Object.entries(BODY_COMMANDS)) {
    app.post(`/api/items/:code/years/:fy/${path}`, { config: { schemas } }, async (request, reply) => {
      const { ctx } = await contextOf(request, schemas);
      return sendCommandResult(reply, await run(serviceDeps(app, request), ctx, request.body));
    });
  }

  app.post('/api/items/:code/years/:fy/steps/:stepKey/complete', { config: { uploads: true, ...RATE_LIMITED, schemas: ROUTES.completeStep } }, async (request, reply) => {
    const { ctx, params } = await contextOf(request, ROUTES.completeStep);
    return sendCommandResult(reply, await commands.completeStep(serviceDeps(app, request), ctx, params.stepKey, stepFormParts(request)));
  });

  app.post('/api/items/:code/years/:fy/steps/:stepKey/due-date', { config: { schemas: ROUTES.dueDate } }, async (request, reply) => {
    const { ctx, params } = await contextOf(request, ROUTES.dueDate);
    return sendCommandResult(reply, await commands.moveDueDate(serviceDeps(app, request), ctx, params.stepKey, request.body));
  });
}

/** An owner's task as the API names it: `what` is the step's text, or the phase's action in Thai and English. */
function ownerTaskJson({ stepText, ...task }: itemYears.OwnerTask) {
  const phaseTask = labelOf(PHASE_TASKS, task.phase);
  return { ...task, what: stepText ?? `${phaseTask.th} / ${phaseTask.en}` };
}

/** The JSON answer for one item-year. */
function itemYearJson({ row, state, steps, decisions, dueDateChanges, evidence, history }: itemYears.ItemYearDetail) {
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
    evidence: evidence.map((f) => ({ ...f, url: `/api/evidence/${f.id}` })),
    history: history.map((a) => ({ at: a.occurredAt, actor: a.actor, action: a.action, before: a.before, after: a.after })),
  };
}
