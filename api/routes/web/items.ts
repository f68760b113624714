import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import * as itemYears from '../../../db/queries/item-years';
import { findPeopleNames, listPeopleOfOrganization } from '../../../db/queries/people';
import { responsibleUnitByKey } from '../../../domain/units';
import { mayActOnItemYear } from '../../authz';
import { AppError, toErrorBody } from '../../errors';
import { t } from '../../pages/web/frame';
import { itemPage, stepPage, type FormError, type ItemPageData, type StepView } from '../../pages/web/item';
import { apiError, callApi, redirect, requireOwnForm, sendPage, signedIn, wantsJson, type ApiAnswer, type SignedIn } from './context';

/**
 * The item page, the step page and their forms. Every change goes through the JSON API (in-process, as the same
 * person), so its checks, workflow signals and confirmations apply unchanged; these routes only turn forms into
 * API requests and API answers into pages.
 */

const itemParams = z.object({
  code: z.string().regex(/^\d+\.\d+$/),
  fy: z.coerce.number().int().min(2500).max(2700),
});
const stepParams = itemParams.extend({ stepKey: z.string().regex(/^[a-z0-9-]{1,32}$/) });

type ItemParams = z.infer<typeof itemParams>;

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

/** The API's message, plus the fields it named (in the reader's words) when the input was refused. */
function formErrorOf(form: string, answer: ApiAnswer, values: Record<string, string>): FormError {
  const error = apiError(answer);
  const fields = Array.isArray(error.details)
    ? [...new Set((error.details as Array<{ path?: string }>).map((d) => String(d.path ?? '').split('.')[0]!).filter(Boolean))]
    : [];
  const named = fields.map((f) => FIELD_LABELS[f] ?? { th: f, en: f });
  return {
    form,
    th: named.length ? `${error.th} (${named.map((n) => n.th).join(', ')})` : error.th,
    en: named.length ? `${error.en} (${named.map((n) => n.en).join(', ')})` : error.en,
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

interface ApiItem {
  itemYear: {
    itemCode: string;
    itemName: string;
    kind: string;
    fiscalYear: number;
    status: string;
    phase: string;
    phaseDueAt: string | null;
    ownerPersonId: number | null;
    unit: string;
    budgetPlanned: number | null;
    budgetSpent: number | null;
    cancelReason: string | null;
    openDecision: { purpose: string; approverRole: string; dueAtMs: number } | null;
    pendingCancellation: { reason: string } | null;
  };
  steps: Array<{ stepKey: string; text: string; dueAt: string | null; status: string; completedAt: string | null; completedBy: number | null; notes: string | null }>;
  decisions: Array<{ purpose: string; status: string; outcome: string | null; reason: string | null; decidedBy: string | null; decidedAt: string | null; requestedAt: string }>;
  evidence: Array<{ id: string; stepKey: string; fileName: string; sizeBytes: number; uploadedAt: string }>;
  history: Array<{ at: string; actor: string; action: string; after: unknown }>;
}

const dateOrNull = (value: string | null): Date | null => (value ? new Date(value) : null);

export function registerItemRoutes(app: FastifyInstance): void {
  const { pool } = app.deps;

  async function loadItem(request: FastifyRequest, who: SignedIn, params: ItemParams) {
    const answer = await callApi(app, request, who, { method: 'GET', path: `/api/items/${params.code}/years/${params.fy}` });
    if (answer.status !== 200) {
      const error = apiError(answer);
      const code = answer.status === 404 ? 'NOT_FOUND' : answer.status === 403 ? 'FORBIDDEN' : answer.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL';
      throw new AppError(code, error.th, error.en);
    }
    const api = answer.body as unknown as ApiItem;
    const row = await itemYears.findItemYear(pool, { organizationSlug: who.profile.organizationSlug, itemCode: params.code, fiscalYear: params.fy });
    if (!row) throw new AppError('NOT_FOUND', 'ไม่พบรายการในปีงบประมาณนี้', `item ${params.code} not found in FY${params.fy}`);
    return { api, row };
  }

  function stepViews(api: ApiItem, names: Map<number, string>): StepView[] {
    return api.steps.map((s) => ({
      stepKey: s.stepKey,
      text: s.text,
      dueAtMs: s.dueAt ? Date.parse(s.dueAt) : null,
      status: s.status,
      completedAt: dateOrNull(s.completedAt),
      completedByName: s.completedBy === null ? null : (names.get(s.completedBy) ?? null),
      notes: s.notes,
    }));
  }

  async function itemPageData(
    request: FastifyRequest,
    who: SignedIn,
    params: ItemParams,
    extra: { flash?: { th: string; en: string }; formError?: FormError },
  ): Promise<ItemPageData> {
    const { api, row } = await loadItem(request, who, params);
    const { state } = row;
    const actorIds = api.history.map((h) => /^person:(\d+)$/.exec(h.actor)?.[1]).filter((id): id is string => !!id).map(Number);
    const stepPeople = api.steps.map((s) => s.completedBy).filter((id): id is number => id !== null);
    const names = await findPeopleNames(pool, [...actorIds, ...stepPeople, ...(row.ownerPersonId ? [row.ownerPersonId] : [])]);
    const mayWork = mayActOnItemYear(who.actor, row, 'work');
    const mayReassign = mayActOnItemYear(who.actor, row, 'reassign');
    const [indicators, people] = await Promise.all([
      itemYears.listItemIndicators(pool, [row.itemId]),
      mayReassign ? listPeopleOfOrganization(pool, who.profile.organizationId) : Promise.resolve([]),
    ]);
    const unit = responsibleUnitByKey(api.itemYear.unit);
    const item = api.itemYear;
    return {
      base: `/items/${params.code}/years/${params.fy}`,
      item: {
        code: item.itemCode,
        name: item.itemName,
        kind: item.kind,
        fiscalYear: item.fiscalYear,
        status: item.status,
        phase: item.phase,
        phaseDueAtMs: item.phaseDueAt ? Date.parse(item.phaseDueAt) : null,
        unitName: unit ? t(who.view, unit.nameTh, unit.nameEn) : item.unit,
        ownerName: item.ownerPersonId === null ? null : (names.get(item.ownerPersonId) ?? state.ownerName ?? null),
        budgetPlanned: item.budgetPlanned,
        budgetSpent: item.budgetSpent,
        cancelReason: item.cancelReason,
        waitingFor: item.openDecision,
        pendingCancellation: item.pendingCancellation,
      },
      steps: stepViews(api, names),
      evidence: api.evidence.map((e) => ({ ...e, uploadedAt: new Date(e.uploadedAt) })),
      decisions: api.decisions.map((d) => ({ ...d, decidedAt: dateOrNull(d.decidedAt), requestedAt: new Date(d.requestedAt) })),
      timeline: api.history.map((h) => {
        const personId = /^person:(\d+)$/.exec(h.actor)?.[1];
        return {
          at: new Date(h.at),
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

  app.get('/items/:code/years/:fy', async (request, reply) => {
    const who = await signedIn(app, request);
    const params = parseParams(itemParams, request.params);
    const done = (request.query as Record<string, unknown>).done;
    const flash = typeof done === 'string' ? FLASH[done] : undefined;
    return sendPage(reply, 200, itemPage(who.view, await itemPageData(request, who, params, flash ? { flash } : {})));
  });

  /** Turns a posted form into the API's JSON body; undefined marks a field the API treats as absent. */
  const FORMS: Record<string, { apiPath: string; toPayload: (body: Record<string, string>, indicatorCount: number) => Record<string, unknown> }> = {
    proposal: {
      apiPath: 'proposal',
      toPayload: (b) => ({
        memo: b.memo ?? '',
        budget: b.budget?.trim() ? Number(b.budget) : null,
        ...(b.startDate ? { startDate: b.startDate } : {}),
        ...(b.endDate ? { endDate: b.endDate } : {}),
      }),
    },
    committee: {
      apiPath: 'committee',
      toPayload: (b) => ({
        orderNumber: b.orderNumber ?? '',
        orderDate: b.orderDate ?? '',
        members: Object.keys(b)
          .filter((k) => /^memberName\d+$/.test(k) && b[k]!.trim())
          .sort((x, y) => Number(x.slice(10)) - Number(y.slice(10)))
          .map((k) => ({ name: b[k]!, role: b[`memberRole${k.slice(10)}`]?.trim() || 'กรรมการ' })),
      }),
    },
    evaluation: {
      apiPath: 'evaluation',
      toPayload: (b, indicatorCount) => ({
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
    report: { apiPath: 'report', toPayload: (b) => ({ summary: b.summary ?? '' }) },
    cancellation: { apiPath: 'cancellation', toPayload: (b) => ({ reason: b.reason ?? '' }) },
    reassign: { apiPath: 'reassign', toPayload: (b) => ({ newOwnerPersonId: Number(b.newOwnerPersonId) }) },
  };

  function stringFields(body: unknown): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
      if (typeof value === 'string') out[key] = value;
    }
    return out;
  }

  function idempotencyHeader(requestId: string | undefined): Record<string, string> {
    return requestId && /^[A-Za-z0-9_-]{8,80}$/.test(requestId) ? { 'idempotency-key': requestId } : {};
  }

  for (const [form, spec] of Object.entries(FORMS)) {
    app.post(`/items/:code/years/:fy/${form}`, async (request, reply) => {
      const who = await signedIn(app, request);
      const params = parseParams(itemParams, request.params);
      const body = stringFields(request.body);
      requireOwnForm(app, request, who, body.csrf);
      const indicatorCount =
        form === 'evaluation'
          ? (await itemYears.listItemIndicators(pool, [(await loadItem(request, who, params)).row.itemId])).length
          : 0;
      const answer = await callApi(app, request, who, {
        method: 'POST',
        path: `/api/items/${params.code}/years/${params.fy}/${spec.apiPath}`,
        payload: spec.toPayload(body, indicatorCount),
        headers: idempotencyHeader(body.requestId),
      });
      if (answer.status === 200 || answer.status === 202) {
        return redirect(reply, `/items/${params.code}/years/${params.fy}?done=${answer.status === 200 ? form : 'pending'}`);
      }
      if (answer.status === 403 || answer.status === 401) throw apiRefusal(answer);
      const { csrf: _csrf, requestId: _requestId, ...values } = body;
      const data = await itemPageData(request, who, params, { formError: formErrorOf(form, answer, values) });
      return sendPage(reply, answer.status, itemPage(who.view, data));
    });
  }

  function apiRefusal(answer: ApiAnswer): AppError {
    const error = apiError(answer);
    return new AppError(answer.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', error.th, error.en);
  }

  /** The step page is for whoever may work on the item: others get the refusal page, not a read-only form. */
  async function stepData(request: FastifyRequest, who: SignedIn, params: z.infer<typeof stepParams>, formError?: FormError) {
    const { api, row } = await loadItem(request, who, params);
    if (!mayActOnItemYear(who.actor, row, 'work')) {
      throw new AppError(
        'FORBIDDEN',
        'ท่านไม่มีสิทธิ์บันทึกผลของรายการนี้ (เป็นงานของหน่วยงานอื่น)',
        'You may not record work on this item (it belongs to another unit).',
      );
    }
    const step = api.steps.find((s) => s.stepKey === params.stepKey);
    if (!step) throw new AppError('NOT_FOUND', 'ไม่พบขั้นตอนนี้', `step ${params.stepKey} not found`);
    const names = await findPeopleNames(pool, step.completedBy === null ? [] : [step.completedBy]);
    return stepPage(who.view, {
      base: `/items/${params.code}/years/${params.fy}`,
      item: {
        code: api.itemYear.itemCode,
        name: api.itemYear.itemName,
        fiscalYear: api.itemYear.fiscalYear,
        status: api.itemYear.status,
        phase: api.itemYear.phase,
      },
      step: stepViews({ ...api, steps: [step] }, names)[0]!,
      evidence: api.evidence.filter((e) => e.stepKey === params.stepKey).map((e) => ({ ...e, uploadedAt: new Date(e.uploadedAt) })),
      csrfToken: who.view.viewer!.csrfToken,
      ...(formError ? { formError } : {}),
    });
  }

  app.get('/items/:code/years/:fy/steps/:stepKey', async (request, reply) => {
    const who = await signedIn(app, request);
    const params = parseParams(stepParams, request.params);
    return sendPage(reply, 200, await stepData(request, who, params));
  });

  async function answerStep(
    request: FastifyRequest,
    reply: FastifyReply,
    who: SignedIn,
    params: z.infer<typeof stepParams>,
    form: 'complete' | 'due-date',
    answer: ApiAnswer,
    values: Record<string, string>,
  ) {
    const itemUrl = `/items/${params.code}/years/${params.fy}`;
    const target = answer.status === 200 ? `${itemUrl}?done=${form}` : `${itemUrl}?done=pending`;
    if (answer.status === 200 || answer.status === 202) {
      return wantsJson(request) ? reply.status(200).send({ redirect: target }) : redirect(reply, target);
    }
    const formError = formErrorOf(form, answer, values);
    if (wantsJson(request)) {
      return reply.status(answer.status).send({ error: { code: apiError(answer).code, message: t(who.view, formError.th, formError.en) } });
    }
    if (answer.status === 403 || answer.status === 401) throw apiRefusal(answer);
    return sendPage(reply, answer.status, await stepData(request, who, params, formError));
  }

  app.post('/items/:code/years/:fy/steps/:stepKey', async (request, reply) => {
    const who = await signedIn(app, request);
    const params = parseParams(stepParams, request.params);
    const fields: Record<string, string> = {};
    const files: Array<{ fileName: string; contentType: string; bytes: Buffer }> = [];
    try {
      if (request.isMultipart()) {
        for await (const part of request.parts()) {
          if (part.type === 'field') {
            if (typeof part.value === 'string') fields[part.fieldname] = part.value;
            continue;
          }
          const bytes = await part.toBuffer();
          // A file input left empty still sends a part, without a name or content.
          if (!part.filename && bytes.length === 0) continue;
          files.push({ fileName: part.filename, contentType: part.mimetype, bytes });
        }
      } else {
        Object.assign(fields, stringFields(request.body));
      }
    } catch (err) {
      const { status, body } = toErrorBody(err);
      return answerStep(request, reply, who, params, 'complete', { status, body: body as unknown as Record<string, unknown> }, fields);
    }
    requireOwnForm(app, request, who, fields.csrf);
    const form = new FormData();
    form.append('notes', fields.notes ?? '');
    if (fields.budgetSpent?.trim()) form.append('budgetSpent', fields.budgetSpent.trim());
    for (const file of files) form.append('files', new Blob([file.bytes], { type: file.contentType }), file.fileName);
    const answer = await callApi(app, request, who, {
      method: 'POST',
      path: `/api/items/${params.code}/years/${params.fy}/steps/${params.stepKey}/complete`,
      payload: form,
      headers: idempotencyHeader(fields.requestId),
    });
    const { csrf: _csrf, requestId: _requestId, ...values } = fields;
    return answerStep(request, reply, who, params, 'complete', answer, values);
  });

  app.post('/items/:code/years/:fy/steps/:stepKey/due-date', async (request, reply) => {
    const who = await signedIn(app, request);
    const params = parseParams(stepParams, request.params);
    const body = stringFields(request.body);
    requireOwnForm(app, request, who, body.csrf);
    const answer = await callApi(app, request, who, {
      method: 'POST',
      path: `/api/items/${params.code}/years/${params.fy}/steps/${params.stepKey}/due-date`,
      payload: { newDueDate: body.newDueDate ?? '', reason: body.reason ?? '' },
      headers: idempotencyHeader(body.requestId),
    });
    const { csrf: _csrf, requestId: _requestId, ...values } = body;
    return answerStep(request, reply, who, params, 'due-date', answer, values);
  });
}
