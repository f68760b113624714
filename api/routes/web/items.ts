import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findPeopleNames, listPeopleOfOrganization } from '../../../db/queries/people';
import { responsibleUnitByKey } from '../../../domain/units';
import { mayActOnItemYear } from '../../../services/authz';
import { AppError } from '../../../services/errors';
import * as commands from '../../../services/item-year-commands';
import * as itemYears from '../../../services/item-years';
import { toErrorBody, type ErrorBody } from '../../errors';
import { t } from '../../pages/web/frame';
import { itemPage, stepPage, type FormError, type ItemPageData, type StepView } from '../../pages/web/item';
import { RATE_LIMITED } from '../../protections';
import { serviceDeps } from '../../service-deps';
import { readFormParts, redirect, requireOwnForm, sendPage, signedIn, stringFields, wantsJson, type SignedIn } from './context';

/**
 * The item page, the step page and their forms. They call the same services as the JSON API
 * (services/item-years.ts, services/item-year-commands.ts), so its checks, workflow signals and confirmations
 * apply unchanged; these routes only turn forms into service inputs and results or refusals into pages.
 */

const itemParams = z.object({
  code: z.string().regex(/^\d+\.\d+$/),
  fy: z.coerce.number().int().min(2500).max(2700),
});
const stepParams = itemParams.extend({ stepKey: z.string().regex(/^[a-z0-9-]{1,32}$/) });

type ItemParams = z.infer<typeof itemParams>;
type StepParams = z.infer<typeof stepParams>;

function parseParams<T>(schema: z.ZodType<T>, params: unknown): T {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new AppError('NOT_FOUND', 'ไม่พบรายการที่ต้องการ', 'no such item');
  return parsed.data;
}

const FIELD_LABELS: Record<string, { th: string; en: string }> = {
  memo: { th: 'บันทึกข้อความเสนอ', en: 'memo' },
  budget: { th: 'งบประมาณ', en: 'budget' },
  startDate: { th: 'วันเริ่มดำเนินการ', en: 'start date' },
  endDate: { th: 'วันสิ้นสุด', en: 'end date' },
  orderNumber: { th: 'เลขที่คำสั่ง', en: 'order number' },
  orderDate: { th: 'ลงวันที่', en: 'order date' },
  members: { th: 'รายชื่อกรรมการ', en: 'members' },
  indicatorResults: { th: 'ผลตามตัวชี้วัด', en: 'indicator results' },
  budgetSpent: { th: 'งบประมาณที่ใช้จ่าย', en: 'budget spent' },
  problems: { th: 'ปัญหา อุปสรรค', en: 'problems' },
  suggestions: { th: 'ข้อเสนอแนะ', en: 'suggestions' },
  summary: { th: 'สรุปผล', en: 'summary' },
  reason: { th: 'เหตุผล', en: 'reason' },
  newDueDate: { th: 'กำหนดใหม่', en: 'new due date' },
  newOwnerPersonId: { th: 'ผู้รับผิดชอบคนใหม่', en: 'new owner' },
  notes: { th: 'หมายเหตุ', en: 'notes' },
};

/** A refusal a form shows next to its fields: its status and the error the API would answer with. */
interface Refusal {
  status: number;
  error: ErrorBody['error'];
}

/**
 * Runs a service command for a form. Refusals of the input or the moment (400, 404, 409, 413, 415, 503) come back to
 * be shown on the form; a refusal of the person (401, 403) and any unexpected failure go to the error page.
 */
async function attempt<T>(run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; refusal: Refusal }> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    const { status, body } = toErrorBody(err);
    if (status === 401 || status === 403 || (status >= 500 && !(err instanceof AppError))) throw err;
    return { ok: false, refusal: { status, error: body.error } };
  }
}

/** The refusal's message, plus the fields it named (in the reader's words) when the input was refused. */
function formErrorOf(form: string, { error }: Refusal, values: Record<string, string>): FormError {
  const fields = Array.isArray(error.details)
    ? [...new Set((error.details as Array<{ path?: string }>).map((d) => String(d.path ?? '').split('.')[0]!).filter(Boolean))]
    : [];
  const named = fields.map((f) => FIELD_LABELS[f] ?? { th: f, en: f });
  return {
    form,
    th: named.length ? `${error.message} (${named.map((n) => n.th).join(', ')})` : error.message,
    en: named.length ? `${error.messageEn} (${named.map((n) => n.en).join(', ')})` : error.messageEn,
    values,
  };
}

const FLASH: Record<string, { th: string; en: string }> = {
  proposal: { th: 'ส่งเสนอโครงการแล้ว ระบบส่งเรื่องให้ผู้มีอำนาจพิจารณา', en: 'The proposal was submitted and sent for a decision.' },
  committee: { th: 'บันทึกคำสั่งแต่งตั้งคณะกรรมการแล้ว', en: 'The committee order was recorded.' },
  evaluation: { th: 'บันทึกผลการประเมินแล้ว', en: 'The evaluation was recorded.' },
  report: { th: 'ส่งรายงานผลแล้ว', en: 'The report was submitted.' },
  cancellation: { th: 'ส่งคำขอยกเลิกให้นายกพิจารณาแล้ว', en: 'The cancellation request was sent to the chief executive.' },
  reassign: { th: 'มอบหมายผู้รับผิดชอบใหม่แล้ว', en: 'The owner was reassigned.' },
  complete: { th: 'บันทึกผลการดำเนินการขั้นตอนแล้ว', en: 'The step was recorded as done.' },
  'due-date': { th: 'เลื่อนกำหนดแล้ว', en: 'The due date was moved.' },
  pending: { th: 'รับเรื่องแล้ว ระบบกำลังดำเนินการ อาจใช้เวลาสักครู่', en: 'Accepted; the system is still processing it.' },
};


const dateMs = (value: Date | null): number | null => (value ? value.getTime() : null);

/** Where a signed-in person's pages look for an item-year: their own organisation. */
function refOf(who: SignedIn, params: ItemParams): itemYears.ItemYearRef {
  return { organizationSlug: who.profile.organizationSlug, itemCode: params.code, fiscalYear: params.fy };
}

/** What a form showed back after a refusal: what the person typed, without the form's own hidden fields. */
function typedValues(fields: Record<string, string>): Record<string, string> {
  const { csrf: _csrf, requestId: _requestId, ...values } = fields;
  return values;
}

function stepViews(steps: itemYears.ItemYearDetail['steps'], names: Map<number, string>): StepView[] {
  return steps.map((s) => ({
    stepKey: s.stepKey,
    text: s.text,
    dueAtMs: dateMs(s.dueAt),
    status: s.status,
    completedAt: s.completedAt,
    completedByName: s.completedBy === null ? null : (names.get(s.completedBy) ?? null),
    notes: s.notes,
  }));
}

type ServiceCommand = (deps: itemYears.ItemYearDeps, ctx: commands.CommandContext, input: unknown) => Promise<commands.CommandResult>;

/** Each item-page form: the service command it calls, and how its posted fields become that command's input. */
const FORMS: Record<string, { command: ServiceCommand; toInput: (body: Record<string, string>, indicatorCount: number) => Record<string, unknown> }> = {
  proposal: {
    command: commands.submitProposal,
    toInput: (b) => ({
      memo: b.memo ?? '',
      budget: b.budget?.trim() ? Number(b.budget) : null,
      ...(b.startDate ? { startDate: b.startDate } : {}),
      ...(b.endDate ? { endDate: b.endDate } : {}),
    }),
  },
  committee: {
    command: commands.recordCommittee,
    toInput: (b) => ({
      orderNumber: b.orderNumber ?? '',
      orderDate: b.orderDate ?? '',
      members: Object.keys(b)
        .filter((k) => /^memberName\d+$/.test(k) && b[k]!.trim())
        .sort((x, y) => Number(x.slice(10)) - Number(y.slice(10)))
        .map((k) => ({ name: b[k]!, role: b[`memberRole${k.slice(10)}`]?.trim() || 'กรรมการ' })),
    }),
  },
  evaluation: {
    command: commands.submitEvaluation,
    toInput: (b, indicatorCount) => ({
      indicatorResults: Array.from({ length: indicatorCount }, (_, i) => i + 1).map((ordinal) => ({
        ordinal,
        ...(b[`value${ordinal}`]?.trim() ? { value: Number(b[`value${ordinal}`]) } : {}),
        text: b[`text${ordinal}`] ?? '',
        ...(b[`met${ordinal}`] === 'yes' ? { met: true } : b[`met${ordinal}`] === 'no' ? { met: false } : {}),
      })),
      budgetSpent: b.budgetSpent?.trim() ? Number(b.budgetSpent) : null,
      problems: b.problems ?? '',
      suggestions: b.suggestions ?? '',
    }),
  },
  report: { command: commands.submitReport, toInput: (b) => ({ summary: b.summary ?? '' }) },
  cancellation: { command: commands.requestCancellation, toInput: (b) => ({ reason: b.reason ?? '' }) },
  reassign: { command: commands.reassign, toInput: (b) => ({ newOwnerPersonId: Number(b.newOwnerPersonId) }) },
};

export function registerItemRoutes(app: FastifyInstance): void {
  const { pool } = app.deps;

  /** The item page's data: the item-year as the service reads it, with the names and choices the page shows. */
  async function itemPageData(
    request: FastifyRequest,
    who: SignedIn,
    params: ItemParams,
    extra: { flash?: { th: string; en: string }; formError?: FormError },
  ): Promise<ItemPageData> {
    const { row, state, steps, evidence, decisions, history } = await itemYears.readItemYear(serviceDeps(app, request), who.actor, refOf(who, params));
    const actorIds = history.map((h) => /^person:(\d+)$/.exec(h.actor)?.[1]).filter((id): id is string => !!id).map(Number);
    const stepPeople = steps.map((s) => s.completedBy).filter((id): id is number => id !== null);
    const names = await findPeopleNames(pool, [...actorIds, ...stepPeople, ...(row.ownerPersonId ? [row.ownerPersonId] : [])]);
    const mayWork = mayActOnItemYear(who.actor, row, 'work');
    const mayReassign = mayActOnItemYear(who.actor, row, 'reassign');
    const [indicators, people] = await Promise.all([
      itemYears.indicatorsOf(serviceDeps(app, request), who.actor, refOf(who, params)),
      mayReassign ? listPeopleOfOrganization(pool, who.profile.organizationId) : Promise.resolve([]),
    ]);
    const unit = responsibleUnitByKey(row.unitKey);
    return {
      base: `/items/${params.code}/years/${params.fy}`,
      item: {
        code: row.itemCode,
        name: row.itemName,
        kind: row.kind,
        fiscalYear: row.fiscalYear,
        status: row.status,
        phase: row.phase,
        phaseDueAtMs: state.phaseDueAtMs || null,
        unitName: unit ? t(who.view, unit.nameTh, unit.nameEn) : row.unitKey,
        ownerName: row.ownerPersonId === null ? null : (names.get(row.ownerPersonId) ?? state.ownerName ?? null),
        budgetPlanned: row.budgetPlanned,
        budgetSpent: row.budgetSpent,
        cancelReason: row.cancelReason,
        waitingFor: state.openDecision ?? null,
        pendingCancellation: state.pendingCancellation ?? null,
      },
      steps: stepViews(steps, names),
      evidence,
      decisions,
      timeline: history.map((h) => {
        const personId = /^person:(\d+)$/.exec(h.actor)?.[1];
        return {
          at: h.occurredAt,
          actorName: personId ? (names.get(Number(personId)) ?? h.actor) : t(who.view, 'ระบบ', 'system'),
          action: h.action,
          after: h.after,
        };
      }),
      indicators: indicators.map((ind, i) => ({ ordinal: i + 1, kind: ind.kind, text: ind.text })),
      proposal: state.proposal
        ? {
            memo: state.proposal.memo,
            budget: state.proposal.budget,
            ...(state.proposal.startDate ? { startDate: state.proposal.startDate } : {}),
            ...(state.proposal.endDate ? { endDate: state.proposal.endDate } : {}),
          }
        : null,
      mayWork,
      mayCancel: mayActOnItemYear(who.actor, row, 'cancel'),
      mayReassign,
      people: people.filter((p) => p.active).map((p) => ({ id: p.id, fullName: p.fullName })),
      ...extra,
    };
  }

  /** The step page is for whoever may work on the item: others get the refusal page, not a read-only form. */
  async function stepPageOf(request: FastifyRequest, who: SignedIn, params: StepParams, formError?: FormError) {
    const { row, steps, evidence } = await itemYears.readItemYear(serviceDeps(app, request), who.actor, refOf(who, params));
    if (!mayActOnItemYear(who.actor, row, 'work')) {
      throw new AppError(
        'FORBIDDEN',
        'ท่านไม่มีสิทธิ์บันทึกผลของรายการนี้ (เป็นงานของหน่วยงานอื่น)',
        'You may not record work on this item (it belongs to another unit).',
      );
    }
    const step = steps.find((s) => s.stepKey === params.stepKey);
    if (!step) throw new AppError('NOT_FOUND', 'ไม่พบขั้นตอนนี้', `step ${params.stepKey} not found`);
    const names = await findPeopleNames(pool, step.completedBy === null ? [] : [step.completedBy]);
    return stepPage(who.view, {
      base: `/items/${params.code}/years/${params.fy}`,
      item: { code: row.itemCode, name: row.itemName, fiscalYear: row.fiscalYear, status: row.status, phase: row.phase },
      step: stepViews([step], names)[0]!,
      evidence: evidence.filter((e) => e.stepKey === params.stepKey),
      csrfToken: who.view.viewer!.csrfToken,
      ...(formError ? { formError } : {}),
    });
  }

  async function showItem(request: FastifyRequest, reply: FastifyReply) {
    const who = await signedIn(app, request);
    const params = parseParams(itemParams, request.params);
    const done = (request.query as Record<string, unknown>).done;
    const flash = typeof done === 'string' ? FLASH[done] : undefined;
    return sendPage(reply, 200, itemPage(who.view, await itemPageData(request, who, params, flash ? { flash } : {})));
  }

  function postItemForm(form: string, spec: (typeof FORMS)[string]) {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const who = await signedIn(app, request);
      const params = parseParams(itemParams, request.params);
      const body = stringFields(request.body);
      requireOwnForm(app, request, who, body.csrf);
      const deps = serviceDeps(app, request);
      const ctx = { actor: who.actor, ref: refOf(who, params), requestId: body.requestId };
      const indicatorCount = form === 'evaluation' ? (await itemYears.indicatorsOf(deps, who.actor, ctx.ref)).length : 0;
      const outcome = await attempt(() => spec.command(deps, ctx, spec.toInput(body, indicatorCount)));
      if (outcome.ok) {
        return redirect(reply, `/items/${params.code}/years/${params.fy}?done=${outcome.value.processed ? form : 'pending'}`);
      }
      const data = await itemPageData(request, who, params, { formError: formErrorOf(form, outcome.refusal, typedValues(body)) });
      return sendPage(reply, outcome.refusal.status, itemPage(who.view, data));
    };
  }

  async function showStep(request: FastifyRequest, reply: FastifyReply) {
    const who = await signedIn(app, request);
    const params = parseParams(stepParams, request.params);
    return sendPage(reply, 200, await stepPageOf(request, who, params));
  }

  /** A step form's answer: to the item page once taken, else the step page (or JSON for the page's script) with the refusal. */
  async function answerStep(
    request: FastifyRequest,
    reply: FastifyReply,
    who: SignedIn,
    params: StepParams,
    form: 'complete' | 'due-date',
    outcome: Awaited<ReturnType<typeof attempt<commands.CommandResult>>>,
    values: Record<string, string>,
  ) {
    if (outcome.ok) {
      const target = `/items/${params.code}/years/${params.fy}?done=${outcome.value.processed ? form : 'pending'}`;
      return wantsJson(request) ? reply.status(200).send({ redirect: target }) : redirect(reply, target);
    }
    const { refusal } = outcome;
    const formError = formErrorOf(form, refusal, values);
    if (wantsJson(request)) {
      return reply.status(refusal.status).send({ error: { code: refusal.error.code, message: t(who.view, formError.th, formError.en) } });
    }
    return sendPage(reply, refusal.status, await stepPageOf(request, who, params, formError));
  }

  /** Reads the whole form first (files are small and few), so a refused upload can be shown on the step page. */
  /** The form's CSRF field comes before its files, so a forged upload is refused before any file is read. */
  async function readStepForm(request: FastifyRequest, who: SignedIn, fields: Record<string, string>) {
    const form = await readFormParts(app, request, who, fields);
    const files: commands.StepFormPart[] = form.files.map((f) => ({ kind: 'file', fileName: f.fileName, contentType: f.contentType, bytes: f.bytes, truncated: f.truncated }));
    return { fields: form.fields, files };
  }

  async function postStepCompletion(request: FastifyRequest, reply: FastifyReply) {
    const who = await signedIn(app, request);
    const params = parseParams(stepParams, request.params);
    const read: Record<string, string> = {};
    const form = await attempt(() => readStepForm(request, who, read));
    if (!form.ok) return answerStep(request, reply, who, params, 'complete', form, read);
    const { fields, files } = form.value;
    requireOwnForm(app, request, who, fields.csrf);
    const parts: commands.StepFormPart[] = [
      { kind: 'field', name: 'notes', value: fields.notes ?? '' },
      ...(fields.budgetSpent?.trim() ? [{ kind: 'field' as const, name: 'budgetSpent', value: fields.budgetSpent.trim() }] : []),
      ...files,
    ];
    const ctx = { actor: who.actor, ref: refOf(who, params), requestId: fields.requestId };
    const outcome = await attempt(() => commands.completeStep(serviceDeps(app, request), ctx, params.stepKey, parts));
    return answerStep(request, reply, who, params, 'complete', outcome, typedValues(fields));
  }

  async function postDueDate(request: FastifyRequest, reply: FastifyReply) {
    const who = await signedIn(app, request);
    const params = parseParams(stepParams, request.params);
    const body = stringFields(request.body);
    requireOwnForm(app, request, who, body.csrf);
    const ctx = { actor: who.actor, ref: refOf(who, params), requestId: body.requestId };
    const input = { newDueDate: body.newDueDate ?? '', reason: body.reason ?? '' };
    const outcome = await attempt(() => commands.moveDueDate(serviceDeps(app, request), ctx, params.stepKey, input));
    return answerStep(request, reply, who, params, 'due-date', outcome, typedValues(body));
  }

  app.get('/items/:code/years/:fy', showItem);
  for (const [form, spec] of Object.entries(FORMS)) app.post(`/items/:code/years/:fy/${form}`, postItemForm(form, spec));
  app.get('/items/:code/years/:fy/steps/:stepKey', showStep);
  app.post('/items/:code/years/:fy/steps/:stepKey', { config: { uploads: true, ...RATE_LIMITED } }, postStepCompletion);
  app.post('/items/:code/years/:fy/steps/:stepKey/due-date', postDueDate);
}
