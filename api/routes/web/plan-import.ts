import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditKeyFrom } from '../../../db/audit';
import { readFindingMarks } from '../../../domain/plan-confirmation';
import { AppError } from '../../../services/errors';
import { itemCorrectionInputOf, readItemCorrection } from '../../../domain/plan-correction';
import { unitsOfOrganization } from '../../../domain/units';
import { confirmPlanImport, correctPlanItem, keepEarlierCorrection, planImportStatus, startPlanImport, type PlanImportDeps } from '../../../services/plan-import';
import { itemCorrectionPage, planImportStatusPage, planUploadPage } from '../../pages/web/plan-import';
import { RATE_LIMITED } from '../../protections';
import { formField, readFormUpload, redirect, requireOwnForm, requireRole, sendPage, signedIn, type SignedIn } from './context';

/**
 * The coordinator's plan upload (multipart, its CSRF field before the file), run as the plan-import workflow, and
 * its page: progress while it reads, then the items beside their findings (services/plan-import.ts), and the
 * confirmation that stores it as a plan version for the นายก to approve (confirmPlanImport).
 */

const REFUSAL = { th: 'หน้านี้สำหรับผู้ประสานแผนและผู้ดูแลระบบ', en: 'This page is for the plan coordinator and administrators.' };
const MAX_PLAN_BYTES = 64 << 20;
/** A scan's OCR gives a finding per number read: room for hundreds of findings, each with a Thai note, form-encoded. */
const CONFIRM_BODY_LIMIT = 16 * 1024 * 1024;

export function registerPlanImportRoutes(app: FastifyInstance): void {
  const deps: PlanImportDeps = { pool: app.deps.pool, temporal: app.deps.temporal, taskQueue: app.deps.config.TEMPORAL_TASK_QUEUE };

  async function coordinator(request: FastifyRequest): Promise<SignedIn> {
    const who = await signedIn(app, request);
    requireRole(who, ['coordinator', 'admin'], REFUSAL);
    return who;
  }

  async function readUpload(request: FastifyRequest, who: SignedIn) {
    const { fields, file } = await readFormUpload(app, request, who, { defaultName: 'plan', maxBytes: MAX_PLAN_BYTES });
    const years = (fields.years ?? '').trim();
    const m = /^(25\d\d)\s*-\s*(25\d\d)$/.exec(years);
    if (years !== '' && (!m || Number(m[2]) < Number(m[1]) || Number(m[2]) - Number(m[1]) > 9)) {
      throw new AppError('VALIDATION_FAILED', 'ปีงบประมาณต้องเป็นช่วงปี พ.ศ. เช่น 2566-2570', 'The fiscal years must be a BE range such as 2566-2570.');
    }
    const planYears = m ? Array.from({ length: Number(m[2]) - Number(m[1]) + 1 }, (_, i) => Number(m[1]) + i) : undefined;
    return { ...file, ...(planYears ? { planYears } : {}) };
  }

  app.get('/plans/import', async (request, reply) => {
    const who = await coordinator(request);
    return sendPage(reply, 200, planUploadPage(who.view));
  });

  app.post('/plans/import', { config: { uploads: true, ...RATE_LIMITED } }, async (request, reply) => {
    const who = await coordinator(request);
    let upload: Awaited<ReturnType<typeof readUpload>>;
    try {
      upload = await readUpload(request, who);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'VALIDATION_FAILED' || err.code === 'PAYLOAD_TOO_LARGE')) {
        return sendPage(reply, err.status, planUploadPage(who.view, { th: err.messageTh, en: err.messageEn }));
      }
      throw err;
    }
    const { importId } = await startPlanImport(deps, {
      organizationId: who.profile.organizationId,
      fileName: upload.fileName,
      bytes: upload.bytes,
      ...(upload.planYears ? { planYears: upload.planYears } : {}),
      requestedBy: `person:${who.actor.personId}`,
    });
    return redirect(reply, `/plans/import/${importId}`);
  });

  async function statusOf(who: SignedIn, rawId: string) {
    const id = /^\d{1,15}$/.test(rawId) ? Number(rawId) : undefined;
    const status = id === undefined ? undefined : await planImportStatus(deps, id, who.profile.organizationId);
    if (!status) throw new AppError('NOT_FOUND', 'ไม่พบการนำเข้านี้', 'No such plan import.');
    return status;
  }

  app.get<{ Params: { id: string } }>('/plans/import/:id', async (request, reply) => {
    const who = await coordinator(request);
    return sendPage(reply, 200, planImportStatusPage(who.view, await statusOf(who, request.params.id)));
  });

  async function correctable(who: SignedIn, rawId: string, code: string) {
    const status = await statusOf(who, rawId);
    const item = status.plan?.items.find((i) => i.code === code);
    if (!status.plan || !item) throw new AppError('NOT_FOUND', 'ไม่พบรายการ', 'Item not found.');
    if (status.stored) throw new AppError('CONFLICT', 'แผนนี้ยืนยันแล้ว แก้ไขได้ด้วยการแก้ไขเพิ่มเติมแผน', 'This plan is confirmed; change it by an amendment.');
    return { status, plan: status.plan, item };
  }

  app.get<{ Params: { id: string; code: string } }>('/plans/import/:id/items/:code', async (request, reply) => {
    const who = await coordinator(request);
    const { status, plan, item } = await correctable(who, request.params.id, request.params.code);
    const units = unitsOfOrganization(who.profile.organizationSlug);
    const input = itemCorrectionInputOf(plan, item);
    return sendPage(reply, 200, itemCorrectionPage(who.view, { importId: status.importId, fileName: status.fileName, plan, item, input, units }));
  });

  app.post<{ Params: { id: string; code: string } }>('/plans/import/:id/items/:code', async (request, reply) => {
    const who = await coordinator(request);
    requireOwnForm(app, request, who, formField(request.body, 'csrf'));
    const { status, plan } = await correctable(who, request.params.id, request.params.code);
    const form = readItemCorrection((request.body ?? {}) as Record<string, unknown>, plan.fiscalYears);
    const result = await correctPlanItem(
      { pool: app.deps.pool, auditKey: auditKeyFrom(app.deps.config) },
      { importId: status.importId, organizationId: who.profile.organizationId, personId: who.actor.personId, code: request.params.code, form },
    );
    if (result.kind === 'not_found') throw new AppError('NOT_FOUND', 'ไม่พบรายการ', 'Item not found.');
    if (result.kind === 'not_correctable') throw new AppError('CONFLICT', 'แผนนี้แก้ไขไม่ได้แล้ว', 'This plan can no longer be corrected.');
    if (result.kind === 'refused') {
      const units = unitsOfOrganization(who.profile.organizationSlug);
      const page = { importId: status.importId, fileName: status.fileName, plan: result.plan, item: result.item, input: form, units, errors: result.errors };
      return sendPage(reply, 400, itemCorrectionPage(who.view, page));
    }
    return redirect(reply, `/plans/import/${status.importId}#item-${request.params.code}`);
  });

  // An amendment's field change that would undo an earlier import's correction: keep that correction (one action).
  app.post<{ Params: { id: string } }>('/plans/import/:id/keep-correction', async (request, reply) => {
    const who = await coordinator(request);
    requireOwnForm(app, request, who, formField(request.body, 'csrf'));
    const status = await statusOf(who, request.params.id);
    const result = await keepEarlierCorrection(
      { pool: app.deps.pool, auditKey: auditKeyFrom(app.deps.config) },
      {
        importId: status.importId,
        organizationId: who.profile.organizationId,
        personId: who.actor.personId,
        code: formField(request.body, 'item'),
        field: formField(request.body, 'field'),
      },
    );
    if (result.kind === 'not_found') throw new AppError('NOT_FOUND', 'ไม่พบการนำเข้านี้', 'No such plan import.');
    if (result.kind === 'not_undone') {
      throw new AppError('CONFLICT', 'แผนที่แก้ไขไม่ได้ยกเลิกการแก้ไขนี้แล้ว หรือยืนยันแผนแล้ว', 'The amendment no longer undoes this correction, or it is confirmed.');
    }
    if (result.kind === 'refused') {
      const first = Object.values(result.errors)[0]!;
      throw new AppError('VALIDATION_FAILED', `คงค่าที่แก้ไขไว้ไม่ได้: ${first.th}`, `The earlier correction cannot be kept: ${first.en}`);
    }
    return redirect(reply, `/plans/import/${status.importId}#amendment`);
  });

  app.post<{ Params: { id: string } }>('/plans/import/:id/confirm', { bodyLimit: CONFIRM_BODY_LIMIT }, async (request, reply) => {
    const who = await coordinator(request);
    requireOwnForm(app, request, who, formField(request.body, 'csrf'));
    const status = await statusOf(who, request.params.id);
    const marks = readFindingMarks((request.body ?? {}) as Record<string, unknown>);
    const result = await confirmPlanImport(
      { ...deps, auditKey: auditKeyFrom(app.deps.config) },
      { importId: status.importId, organizationId: who.profile.organizationId, personId: who.actor.personId, marks },
    );
    if (result.kind === 'not_found') throw new AppError('NOT_FOUND', 'ไม่พบการนำเข้านี้', 'No such plan import.');
    if (result.kind === 'not_ready') {
      throw new AppError('CONFLICT', 'ยังไม่มีแผนที่อ่านได้ให้ยืนยัน', 'There is no readable plan to confirm yet.');
    }
    if (result.kind === 'open_findings') {
      return sendPage(reply, 400, planImportStatusPage(who.view, status, { marks, open: result.open.map((o) => o.index) }));
    }
    return redirect(reply, `/plans/import/${status.importId}`);
  });
}
