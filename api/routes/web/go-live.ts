import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { auditKeyFrom } from '../../../db/audit';
import { readAfterTheFactForm } from '../../../domain/after-the-fact-schema';
import { readEarlierYearForm } from '../../../domain/earlier-years';
import { earlierYearsOf, recordEarlierYear, uploadEarlierYearReport, type EarlierYearReportFile } from '../../../services/earlier-years';
import { AppError } from '../../../services/errors';
import { goLiveOverview, startRunningFiscalYear, type GoLiveDeps } from '../../../services/go-live';
import { recordAfterTheFact, type AfterTheFactFile } from '../../../services/item-year-commands';
import { toErrorBody } from '../../errors';
import { earlierYearsPage, goLivePage, type EarlierYearsFormError, type GoLiveFormError, type GoLiveNotice } from '../../pages/web/go-live';
import { serviceDeps } from '../../service-deps';
import { readFormParts, redirect, requireOwnForm, sendPage, signedIn, stringFields } from './context';

/**
 * The coordinator's go-live page (services/go-live.ts): start the running fiscal year, then record each item's work
 * done on paper through recordAfterTheFact, the command the JSON API's `after-the-fact` route calls.
 */

const itemParams = z.object({ code: z.string().regex(/^\d+\.\d+$/) });
const yearParams = z.object({ fy: z.coerce.number().int().min(2500).max(2700) });

/** A refusal's problems as the form lists them: each detail's "Thai / English" message, else the refusal's own. */
function problemsOf(error: { message: string; messageEn: string; details?: unknown }): GoLiveFormError['problems'] {
  const details = Array.isArray(error.details) ? (error.details as Array<{ path?: string; message?: string }>) : [];
  if (!details.length) return [{ th: error.message, en: error.messageEn }];
  return details.map((d) => {
    const message = String(d.message ?? '');
    const at = message.indexOf(' / ');
    const where = d.path ? ` (${d.path})` : '';
    return at > 0 ? { th: message.slice(0, at) + where, en: message.slice(at + 3) + where } : { th: message + where, en: message + where };
  });
}

export function registerGoLiveRoutes(app: FastifyInstance): void {
  const goLiveDeps = (): GoLiveDeps => ({
    pool: app.deps.pool,
    temporal: app.deps.temporal,
    taskQueue: app.deps.config.TEMPORAL_TASK_QUEUE,
    auditKey: auditKeyFrom(app.deps.config),
  });

  async function show(request: FastifyRequest, reply: FastifyReply, status: number, options: { notice?: GoLiveNotice; error?: GoLiveFormError }) {
    const who = await signedIn(app, request);
    const overview = await goLiveOverview(app.deps, who.actor, Date.now());
    return sendPage(reply, status, goLivePage(who.view, overview, options));
  }

  app.get('/golive', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const notice: GoLiveNotice | undefined =
      typeof query.done === 'string' && /^\d+\.\d+$/.test(query.done)
        ? { kind: 'done', th: `บันทึกย้อนหลังรายการ ${query.done} แล้ว`, en: `Item ${query.done} was recorded after the fact.` }
        : query.pending === '1'
          ? { kind: 'done', th: 'รับเรื่องแล้ว ระบบกำลังดำเนินการ อาจใช้เวลาสักครู่', en: 'Accepted; the system is still processing it.' }
          : query.started === '1'
            ? { kind: 'done', th: 'เริ่มปีงบประมาณแล้ว บันทึกย้อนหลังทีละรายการได้ด้านล่าง', en: 'The fiscal year has started: record each item below.' }
            : undefined;
    return show(request, reply, 200, notice ? { notice } : {});
  });

  app.post('/golive/start', async (request, reply) => {
    const who = await signedIn(app, request);
    requireOwnForm(app, request, who, stringFields(request.body).csrf);
    await startRunningFiscalYear(goLiveDeps(), who.actor, Date.now());
    return redirect(reply, '/golive?started=1');
  });

  /** The item's form: its fields, and each step's evidence files (`file-<step key>`). */
  async function readItemForm(request: FastifyRequest, who: Awaited<ReturnType<typeof signedIn>>) {
    const { fields, files } = await readFormParts(app, request, who);
    const stepFiles: AfterTheFactFile[] = files.map((f) => {
      const stepKey = /^file-([a-z0-9-]{1,32})$/.exec(f.fieldname)?.[1];
      if (!stepKey) throw new AppError('VALIDATION_FAILED', `ไม่รู้จักช่องแนบไฟล์ ${f.fieldname}`, `unknown file field ${f.fieldname}`);
      return { stepKey, fileName: f.fileName, contentType: f.contentType, bytes: f.bytes, truncated: f.truncated };
    });
    return { fields, files: stepFiles };
  }

  app.post('/golive/items/:code', { config: { uploads: true } }, async (request, reply) => {
    const who = await signedIn(app, request);
    const parsed = itemParams.safeParse(request.params);
    if (!parsed.success) throw new AppError('NOT_FOUND', 'ไม่พบรายการที่ต้องการ', 'no such item');
    const { code } = parsed.data;
    const { fields, files } = await readItemForm(request, who);
    requireOwnForm(app, request, who, fields.csrf);
    const overview = await goLiveOverview(app.deps, who.actor, Date.now());
    const ref = { organizationSlug: overview.organizationSlug, itemCode: code, fiscalYear: overview.fiscalYear };
    try {
      const result = await recordAfterTheFact(serviceDeps(app, request), { actor: who.actor, ref, requestId: fields.requestId }, readAfterTheFactForm(fields), files);
      return redirect(reply, result.processed ? `/golive?done=${code}#item-${code}` : '/golive?pending=1');
    } catch (err) {
      const { status, body } = toErrorBody(err);
      if (status !== 400 && status !== 409 && status !== 413 && status !== 415) throw err;
      const { csrf: _csrf, requestId: _requestId, ...values } = fields;
      return show(request, reply, status, { error: { itemCode: code, values, problems: problemsOf(body.error) } });
    }
  });

  async function showEarlier(request: FastifyRequest, reply: FastifyReply, status: number, fiscalYear: number | undefined, options: { notice?: GoLiveNotice; error?: EarlierYearsFormError }) {
    const who = await signedIn(app, request);
    const data = await earlierYearsOf(app.deps, who.actor, Date.now(), fiscalYear);
    return sendPage(reply, status, earlierYearsPage(who.view, data, options));
  }

  app.get('/golive/earlier-years', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const asked = yearParams.safeParse({ fy: query.fy });
    const notice: GoLiveNotice | undefined =
      query.saved === '1'
        ? { kind: 'done', th: 'บันทึกผลแล้ว', en: 'Saved.' }
        : query.attached === '1'
          ? { kind: 'done', th: 'แนบรายงานฉบับเดิมแล้ว', en: 'The old report is attached.' }
          : undefined;
    return showEarlier(request, reply, 200, asked.success ? asked.data.fy : undefined, notice ? { notice } : {});
  });

  /** The old report of a year: the form's CSRF field first, then its one file (`report`), read whole. */
  app.post('/golive/earlier-years/:fy/report', { config: { uploads: true } }, async (request, reply) => {
    const who = await signedIn(app, request);
    const parsed = yearParams.safeParse(request.params);
    if (!parsed.success) throw new AppError('NOT_FOUND', 'ไม่พบปีงบประมาณที่ต้องการ', 'no such fiscal year');
    const { fy } = parsed.data;
    try {
      const { fields, files } = await readFormParts(app, request, who);
      const report = files.find((f) => f.fieldname === 'report');
      const file: EarlierYearReportFile | undefined = report && { fileName: report.fileName, contentType: report.contentType, bytes: report.bytes, truncated: report.truncated };
      requireOwnForm(app, request, who, fields.csrf);
      await uploadEarlierYearReport({ pool: app.deps.pool, auditKey: auditKeyFrom(app.deps.config), files: app.files }, who.actor, Date.now(), fy, file);
      return redirect(reply, `/golive/earlier-years?fy=${fy}&attached=1`);
    } catch (err) {
      const { status, body } = toErrorBody(err);
      if (status !== 400 && status !== 413 && status !== 415) throw err;
      return showEarlier(request, reply, status, fy, { error: { problems: problemsOf(body.error) } });
    }
  });

  app.post('/golive/earlier-years/:fy', { bodyLimit: 4 * 1024 * 1024 }, async (request, reply) => {
    const who = await signedIn(app, request);
    const parsed = yearParams.safeParse(request.params);
    if (!parsed.success) throw new AppError('NOT_FOUND', 'ไม่พบปีงบประมาณที่ต้องการ', 'no such fiscal year');
    const { fy } = parsed.data;
    const fields = stringFields(request.body);
    requireOwnForm(app, request, who, fields.csrf);
    try {
      await recordEarlierYear({ pool: app.deps.pool, auditKey: auditKeyFrom(app.deps.config) }, who.actor, Date.now(), fy, readEarlierYearForm(fields));
      return redirect(reply, `/golive/earlier-years?fy=${fy}&saved=1`);
    } catch (err) {
      const { status, body } = toErrorBody(err);
      if (status !== 400) throw err;
      const { csrf: _csrf, ...values } = fields;
      return showEarlier(request, reply, status, fy, { error: { values, problems: problemsOf(body.error) } });
    }
  });
}
