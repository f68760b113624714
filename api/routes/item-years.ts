import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listOrganizations } from '../../db/queries/organizations';
import { MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES } from '../../services/evidence';
import * as commands from '../../services/item-year-commands';
import * as itemYears from '../../services/item-years';
import { requireActor } from '../authz';
import { RATE_LIMITED } from '../protections';
import { AppError, parseInput } from '../../services/errors';
import { labelOf, PHASE_TASKS } from '../pages/labels';
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

/** The commands whose body is one JSON document, by the last segment of their path. */
const BODY_COMMANDS: Record<string, CommandRoute> = {
  proposal: commands.submitProposal,
  committee: commands.recordCommittee,
  evaluation: commands.submitEvaluation,
  report: commands.submitReport,
  cancellation: commands.requestCancellation,
  reassign: commands.reassign,
  /** What happened on paper before go-live (the coordinator only): domain/after-the-fact.ts. */
  'after-the-fact': commands.recordAfterTheFact,
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
    const { org } = parseInput(orgQuery, query, 'ในคำค้น', 'query');
    if (org) return org;
    const orgs = await listOrganizations(pool);
    if (orgs.length === 1) return orgs[0]!.slug;
    throw new AppError('VALIDATION_FAILED', 'มีหลายองค์กร กรุณาระบุ ?org=', 'several organisations: give ?org=<slug>');
  }

  /** Who asks, about which item-year: the actor first (401 before anything else), then the path, then ?org. */
  async function contextOf<P extends z.infer<typeof itemYearParams>>(request: FastifyRequest, schema: z.ZodType<P>) {
    const actor = await requireActor(app, request);
    const params = parseInput(schema, request.params, 'ในที่อยู่', 'path parameters');
    const ref = { organizationSlug: await organizationSlug(request.query), itemCode: params.code, fiscalYear: params.fy };
    const ctx: commands.CommandContext = { actor, ref, requestId: request.headers['idempotency-key'] };
    return { ctx, params };
  }

  app.get('/api/items/:code/years/:fy', async (request) => {
    const { ctx } = await contextOf(request, itemYearParams);
    return itemYearJson(await itemYears.readItemYear(serviceDeps(app, request), ctx.actor, ctx.ref));
  });

  app.get('/api/evidence/:id', async (request, reply) => {
    const { id } = parseInput(evidenceParams, request.params, 'ในที่อยู่', 'path parameters');
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

  app.get('/api/people/:id/tasks', async (request) => {
    const { id } = parseInput(personParams, request.params, 'ในที่อยู่', 'path parameters');
    const actor = await requireActor(app, request);
    const { tasks, ...rest } = await itemYears.tasksOf(serviceDeps(app, request), actor, id);
    return { ...rest, tasks: tasks.map(ownerTaskJson) };
  });

  for (const [path, command] of Object.entries(BODY_COMMANDS)) {
    app.post(`/api/items/:code/years/:fy/${path}`, async (request, reply) => {
      const { ctx } = await contextOf(request, itemYearParams);
      return sendCommandResult(reply, await command(serviceDeps(app, request), ctx, request.body));
    });
  }

  app.post('/api/items/:code/years/:fy/steps/:stepKey/complete', { config: { uploads: true, ...RATE_LIMITED } }, async (request, reply) => {
    const { ctx, params } = await contextOf(request, stepParams);
    return sendCommandResult(reply, await commands.completeStep(serviceDeps(app, request), ctx, params.stepKey, stepFormParts(request)));
  });

  app.post('/api/items/:code/years/:fy/steps/:stepKey/due-date', async (request, reply) => {
    const { ctx, params } = await contextOf(request, stepParams);
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
