import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { freeText } from '../../domain/input-schema';
import { findOrganizationById, findOrganizationBySlug, type OrganizationRow } from '../../db/queries/organizations';
import { listFilesOfReports, listPublishedReports } from '../../db/queries/public';
import * as reports from '../../db/queries/reports';
import { parseReportKind, type ReportKind } from '../../domain/report-kind';
import {
  publicReportPath,
  regenerateSignal,
  reportStateQuery,
  reportWorkflowId,
} from '../../workflows/report/messages';
import { issueCommand } from '../../services/commands';
import { regenerateRefusal } from '../../domain/commands';
import { startReportWorkflow } from '../../services/schedules';
import { FileNotFoundError, type FileStore } from '../../services/files';
import { requireActor } from '../authz';
import { hasRole, type Actor } from '../../services/authz';
import { AppError, notFound, parseInput } from '../../services/errors';
import { declareRoute, routeInput } from '../route-schemas';

/**
 * Reports through the API: start one now (the coordinator's "generate now", the same workflow the schedules
 * start), list versions with their files, ask for a new version after a send-back, and download a file. A
 * published report's files are public; any other version only for a signed-in person of its organisation.
 */

const FORMATS = ['html', 'pdf', 'docx', 'xlsx', 'csv', 'json'] as const;
/** Opened in the browser; the office formats and CSV are saved. */
const INLINE_FORMATS: ReadonlySet<string> = new Set(['html', 'pdf', 'json']);

const kindSchema = z.string().transform((value, ctx) => {
  const kind = parseReportKind(value);
  if (!kind) {
    ctx.addIssue({ code: 'custom', message: "kind: 'six_month' | 'six-month' | 'annual'" });
    return z.NEVER;
  }
  return kind;
});
const fiscalYearSchema = z.coerce.number().int().min(2500).max(2700);
const recordedSchema = z
  .object({
    itaScore: z.number().min(0).max(100).nullable().optional(),
    caseReductionPercent: z.number().min(-1000).max(100).nullable().optional(),
  })
  .strict();

const startBody = z.object({ kind: kindSchema, fiscalYear: fiscalYearSchema, recorded: recordedSchema.optional() }).strict();
const regenerateBody = z
  .object({ note: freeText({ max: 2000, min: 0 }).optional(), recorded: recordedSchema.optional() })
  .strict();
const listQuery = z.object({
  org: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/).optional(),
  kind: kindSchema.optional(),
  fy: fiscalYearSchema.optional(),
});
const idParams = z.object({ id: z.coerce.number().int().positive() });
const fileParams = idParams.extend({ format: z.enum(FORMATS) });
const langQuery = z.object({ lang: z.enum(['th', 'en']).default('th') });

const ROUTES = {
  start: declareRoute({
    summary: { th: 'สั่งจัดทำรายงานของรอบนี้ทันที', en: "start the period's report now" },
    body: startBody,
    responses: { 202: { th: 'เริ่มจัดทำแล้ว', en: 'started' }, 200: { th: 'มีรายงานของรอบนี้อยู่แล้ว', en: 'the period already has its report' } },
  }),
  list: declareRoute({ summary: { th: 'รายงานและไฟล์', en: 'report versions with their files (published ones for the public)' }, query: listQuery }),
  report: declareRoute({ summary: { th: 'รายงานหนึ่งฉบับ', en: 'one report version' }, params: idParams }),
  regenerate: declareRoute({
    summary: { th: 'จัดทำรายงานฉบับใหม่หลังส่งกลับ', en: 'a new version after a send-back' },
    params: idParams,
    body: regenerateBody,
    bodyOptional: true,
  }),
};

const CONFIRM_WAIT_MS = 10_000;
const QUERY_WAIT_MS = 3_000;

/** The signed-in person, or undefined for the public; any other failure (a bad secret) still fails. */
export async function optionalActor(app: FastifyInstance, request: FastifyRequest): Promise<Actor | undefined> {
  try {
    return await requireActor(app, request);
  } catch (err) {
    if (err instanceof AppError && err.code === 'UNAUTHENTICATED') return undefined;
    throw err;
  }
}

/**
 * Sends one rendered file. Published files may be cached by anyone for a short while (a new version replaces
 * them at the same public address); any other version is private and never stored.
 */
export async function sendReportFile(
  reply: FastifyReply,
  files: FileStore,
  file: reports.ReportFileRow & { bytes: Buffer | null },
  visibility: 'public' | 'private',
  request: FastifyRequest,
): Promise<FastifyReply> {
  const etag = `"${file.sha256}"`;
  reply
    .header('etag', etag)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', visibility === 'public' ? 'public, max-age=300' : 'private, no-store')
    .header(
      'content-disposition',
      `${INLINE_FORMATS.has(file.format) ? 'inline' : 'attachment'}; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    );
  if (file.format === 'html') {
    // The report page carries its fonts and styles inline; it needs nothing else and may run nothing.
    reply.header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
    );
  }
  if (request.headers['if-none-match'] === etag) return reply.status(304).send();
  // Rows rendered before the file store kept their bytes in the database; they are served as they are.
  if (file.bytes) return reply.type(file.contentType).send(file.bytes);
  if (!file.storagePath) throw notFound('ไฟล์รายงาน', 'report file');
  const body = await files.get(file.storagePath).catch((err: unknown) => {
    throw err instanceof FileNotFoundError ? notFound('ไฟล์รายงาน', 'report file') : err;
  });
  return reply.type(file.contentType).header('content-length', file.sizeBytes).send(body);
}

export interface ReportListEntry {
  id: number;
  kind: ReportKind;
  fiscalYear: number;
  version: number;
  status: reports.ReportStatusName;
  createdAt: Date;
  publishedAt: Date | null;
  snapshotSha256: string;
  workflowId: string;
  publicUrl: string | null;
  files: Array<{ format: string; lang: string; fileName: string; sizeBytes: number; sha256: string; url: string }>;
}

export async function reportRoutes(app: FastifyInstance): Promise<void> {
  const { pool, temporal, config } = app.deps;

  function requireCoordinator(actor: Actor): void {
    if (!hasRole(actor, 'coordinator', 'admin')) {
      throw new AppError(
        'FORBIDDEN',
        'เฉพาะผู้ประสานแผนหรือผู้ดูแลระบบเท่านั้นที่สั่งจัดทำรายงานได้',
        'only the plan coordinator or an administrator may ask for a report',
      );
    }
  }

  async function organizationOf(actor: Actor): Promise<OrganizationRow> {
    const org = await findOrganizationById(pool, actor.organizationId);
    if (!org) throw notFound('องค์กร', `organisation ${actor.organizationId}`);
    return org;
  }

  function entry(org: OrganizationRow, row: reports.ReportRow, files: reports.ReportFileRow[]): ReportListEntry {
    return {
      id: row.id,
      kind: row.kind,
      fiscalYear: row.fiscalYear,
      version: row.version,
      status: row.status,
      createdAt: row.createdAt,
      publishedAt: row.publishedAt,
      snapshotSha256: row.snapshotSha256,
      workflowId: reportWorkflowId(org.slug, row.kind, row.fiscalYear),
      publicUrl: row.status === 'published' ? publicReportPath(org.slug, row.kind, row.fiscalYear) : null,
      files: files.map((f) => ({
        format: f.format,
        lang: f.lang,
        fileName: f.fileName,
        sizeBytes: f.sizeBytes,
        sha256: f.sha256,
        url: `/reports/${row.id}/${f.format}${f.lang === 'th' ? '' : `?lang=${f.lang}`}`,
      })),
    };
  }

  /** Starts the period's report now. A second start for the same period starts nothing and says which exists. */
  app.post('/api/reports', { config: { schemas: ROUTES.start } }, async (request, reply) => {
    const actor = await requireActor(app, request);
    requireCoordinator(actor);
    const body = parseInput(ROUTES.start.body, request.body, 'ของรายงาน', 'report request');
    const org = await organizationOf(actor);
    const result = await startReportWorkflow(temporal, {
      organizationSlug: org.slug,
      kind: body.kind,
      fiscalYear: body.fiscalYear,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      requestedBy: `person:${actor.personId}`,
      ...(body.recorded ? { recorded: body.recorded } : {}),
    });
    return reply.status(result.started ? 202 : 200).send({ ...result, kind: body.kind, fiscalYear: body.fiscalYear });
  });

  /** Every version with its status and files for a person of the organisation; published ones for anyone else. */
  app.get('/api/reports', { config: { schemas: ROUTES.list } }, async (request) => {
    const query = routeInput(ROUTES.list, request).query();
    const actor = await optionalActor(app, request);
    const org = query.org
      ? await findOrganizationBySlug(pool, query.org)
      : actor
        ? await findOrganizationById(pool, actor.organizationId)
        : undefined;
    if (!org) {
      throw query.org
        ? notFound('องค์กร', `organisation ${query.org}`)
        : new AppError('VALIDATION_FAILED', 'กรุณาระบุ ?org=', 'give ?org=<slug>');
    }
    const member = actor?.organizationId === org.id;
    const rows = (
      member
        ? await reports.listReports(pool, {
            organizationId: org.id,
            ...(query.kind ? { kind: query.kind } : {}),
            ...(query.fy ? { fiscalYear: query.fy } : {}),
          })
        : await listPublishedReports(pool, org.id)
    ).filter((r) => (!query.kind || r.kind === query.kind) && (!query.fy || r.fiscalYear === query.fy));
    const files = await listFilesOfReports(pool, rows.map((r) => r.id));
    return {
      organization: { slug: org.slug, name: org.name },
      scope: member ? 'organisation' : 'published',
      reports: rows.map((r) => entry(org, r, files.get(r.id) ?? [])),
    };
  });

  /** One version, with its workflow's live state for a person of the organisation. */
  app.get('/api/reports/:id', { config: { schemas: ROUTES.report } }, async (request) => {
    const { id } = routeInput(ROUTES.report, request).params();
    const row = await reports.findReportById(pool, id);
    const actor = await optionalActor(app, request);
    const member = row !== undefined && actor?.organizationId === row.organizationId;
    if (!row || (!member && row.status !== 'published')) throw notFound('รายงาน', `report ${id}`);
    const org = (await findOrganizationById(pool, row.organizationId))!;
    const files = await listFilesOfReports(pool, [row.id]);
    // The live state needs a worker to answer; without one the stored report is still shown.
    const workflow = member
      ? await temporal
          .withDeadline(Date.now() + QUERY_WAIT_MS, () =>
            temporal.workflow.getHandle(reportWorkflowId(org.slug, row.kind, row.fiscalYear)).query(reportStateQuery),
          )
          .catch(() => null)
      : null;
    return { report: entry(org, row, files.get(row.id) ?? []), workflow };
  });

  /**
   * After the ปลัด or the นายก sent the report back: a new version from a fresh snapshot. Only the version that
   * was sent back can be regenerated, and only while the workflow waits for it.
   */
  app.post('/api/reports/:id/regenerate', { config: { schemas: ROUTES.regenerate } }, async (request) => {
    const actor = await requireActor(app, request);
    requireCoordinator(actor);
    const { id } = routeInput(ROUTES.regenerate, request).params();
    const body = parseInput(ROUTES.regenerate.body, request.body ?? {}, 'ของคำขอ', 'request');
    const row = await reports.findReportById(pool, id);
    if (!row || row.organizationId !== actor.organizationId) throw notFound('รายงาน', `report ${id}`);
    const org = await organizationOf(actor);
    const handle = temporal.workflow.getHandle(reportWorkflowId(org.slug, row.kind, row.fiscalYear));
    const state = await temporal.withDeadline(Date.now() + QUERY_WAIT_MS, () => handle.query(reportStateQuery)).catch(() => {
      throw new AppError('UNAVAILABLE', 'ระบบงานยังไม่พร้อม กรุณาลองใหม่อีกครั้ง', 'the report workflow is not answering; try again');
    });
    const refusal = regenerateRefusal(
      { phase: state.phase, ...(state.current ? { currentReportId: state.current.reportId } : {}) },
      row.id,
    );
    if (refusal) throw new AppError('INVALID_TRANSITION', refusal.th, refusal.en);
    const requestId = randomUUID();
    const outcome = await issueCommand(
      { pool, temporal },
      {
        workflowId: handle.workflowId,
        signal: regenerateSignal,
        payload: {
          requestId,
          personId: actor.personId,
          ...(body.note ? { note: body.note } : {}),
          ...(body.recorded ? { recorded: body.recorded } : {}),
        },
        commandId: requestId,
      },
      {
        waitMs: CONFIRM_WAIT_MS,
        onProblem: (stage, err) => request.log.warn({ err, requestId, stage }, 'command not confirmed yet'),
      },
    );
    if (outcome === 'gone') throw new AppError('INVALID_TRANSITION', 'รายงานนี้สิ้นสุดขั้นตอนแล้ว', 'the report workflow has already ended');
    return { requestId, processed: outcome === 'applied' };
  });

  /** A rendered file: public once published, otherwise only for a signed-in person of the organisation. */
  app.get('/reports/:id/:format', async (request, reply) => {
    const { id, format } = parseInput(fileParams, request.params, 'ในที่อยู่', 'path parameters');
    const { lang } = parseInput(langQuery, request.query, 'ในคำค้น', 'query');
    const row = await reports.findReportById(pool, id);
    const published = row?.status === 'published';
    if (row && !published) {
      const actor = await optionalActor(app, request);
      // The public learns nothing about drafts, not even that one exists.
      if (actor?.organizationId !== row.organizationId) throw notFound('รายงานที่เผยแพร่', `published report ${id}`);
    }
    const file = row ? await reports.findReportFile(pool, { reportId: row.id, format, lang }) : undefined;
    if (!row || !file) throw notFound('ไฟล์รายงาน', `report ${id} as ${format} (${lang})`);
    return sendReportFile(reply, app.files, file, published ? 'public' : 'private', request);
  });
}
