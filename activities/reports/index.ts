import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { reachFaultPoint } from '../../config/fault-points';
import { inTransaction } from '../../db/pool';
import * as q from '../../db/queries/reports';
import { putContent, type FileStore } from '../../services/files';
import { whileHeartbeating } from '../heartbeat';
import { buildReportModel, parseReportSnapshot, type ReportSnapshot } from '../../domain/report';
import type { ReportKind } from '../../domain/report-kind';
import type { Language } from '../../domain/thai-format';
import { renderReportCsv, renderReportJson } from './render-csv';
import { renderReportHtml } from './render-html';
import { sharedPdfPrinter, type PdfPrinter } from './render-pdf';
import { snapshotSha256, takeReportSnapshot, type TakeSnapshotInput } from './snapshot';
import type { ReportStoreActivities } from '../../workflows/report/activity-contract';

export { takeReportSnapshot, snapshotSha256, ReportSnapshotError, type TakeSnapshotInput } from './snapshot';
export { PdfPrinter, sharedPdfPrinter, closeSharedPdfPrinter, ChromiumMissingError } from './render-pdf';
export { renderReportHtml } from './render-html';
export { renderReportCsv, renderReportSummaryCsv, renderReportJson } from './render-csv';

/** In rendering order: the PDF, which needs a browser, last, so the other files are stored even if it fails. */
export const REPORT_FORMATS = ['html', 'docx', 'xlsx', 'csv', 'json', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const REPORT_LANGUAGES: readonly Language[] = ['th', 'en'];

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
};

/** Printed documents write Thai digits; data formats keep Arabic digits so the numbers stay numbers. */
const DOCUMENT_FORMATS: ReadonlySet<ReportFormat> = new Set(['html', 'pdf', 'docx']);

export interface RenderedReport {
  format: ReportFormat;
  lang: Language;
  contentType: string;
  bytes: Buffer;
  sha256: string;
  sizeBytes: number;
}

export interface RenderOptions {
  lang?: Language;
  /** Defaults to the process's shared printer (one Chromium per process). */
  printer?: PdfPrinter;
}

/** One format of a report, from its snapshot alone. */
export async function renderReport(
  snapshot: ReportSnapshot,
  format: ReportFormat,
  options: RenderOptions = {},
): Promise<RenderedReport> {
  const lang = options.lang ?? 'th';
  const model = buildReportModel(snapshot, { lang, digits: DOCUMENT_FORMATS.has(format) ? 'thai' : 'arabic' });
  let bytes: Buffer;
  switch (format) {
    case 'html':
      bytes = Buffer.from(renderReportHtml(model), 'utf8');
      break;
    case 'pdf':
      bytes = await (options.printer ?? sharedPdfPrinter()).print(renderReportHtml(model), { createdAt: model.createdAt });
      break;
    // The office formats' libraries (docx, exceljs) load with the first report that needs them: a worker busy with
    // item-years does not carry them. require, not import(): jest's CommonJS runtime has no dynamic import.
    case 'docx':
      bytes = await (require('./render-docx') as typeof import('./render-docx')).renderReportDocx(model);
      break;
    case 'xlsx':
      bytes = await (require('./render-xlsx') as typeof import('./render-xlsx')).renderReportXlsx(model);
      break;
    case 'csv':
      bytes = renderReportCsv(model);
      break;
    case 'json':
      bytes = renderReportJson(model);
      break;
  }
  return {
    format,
    lang,
    contentType: REPORT_CONTENT_TYPES[format],
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    sizeBytes: bytes.length,
  };
}

/** `khek-noi-six-month-2570-v2.pdf`, `khek-noi-annual-2570-v1.en.docx` */
export function reportFileName(key: {
  organizationSlug: string;
  kind: ReportKind;
  fiscalYear: number;
  version: number;
  lang: Language;
  format: ReportFormat;
}): string {
  const kind = key.kind === 'six_month' ? 'six-month' : 'annual';
  return `${key.organizationSlug}-${kind}-${key.fiscalYear}-v${key.version}${key.lang === 'th' ? '' : `.${key.lang}`}.${key.format}`;
}

export class ReportIntegrityError extends Error {
  constructor(readonly reportId: number) {
    super(
      `สแนปช็อตของรายงาน ${reportId} ไม่ตรงกับค่าแฮชที่บันทึกไว้ / report ${reportId}: stored snapshot does not match its hash`,
    );
    this.name = 'ReportIntegrityError';
  }
}

/** The stored snapshot of a report version, checked against its hash. */
export async function loadReportSnapshot(pool: Pool, reportId: number): Promise<ReportSnapshot> {
  const stored = await q.findReportSnapshot(pool, reportId);
  if (!stored) throw new Error(`ไม่พบรายงาน / report not found: ${reportId}`);
  const snapshot = parseReportSnapshot(stored.snapshot);
  if (snapshotSha256(snapshot) !== stored.snapshotSha256) throw new ReportIntegrityError(reportId);
  return snapshot;
}

export interface RenderFilesOptions {
  formats?: readonly ReportFormat[];
  langs?: readonly Language[];
  printer?: PdfPrinter;
}

export interface ReportFileDeps {
  pool: Pool;
  /** Where the rendered bytes go; report_files keeps each file's key, hash and size. */
  files: FileStore;
}

/**
 * Renders a stored report version into the file store and report_files. Again (a retried activity): the same bytes
 * under the same content key, and the same row.
 */
export async function renderReportFiles(
  deps: ReportFileDeps,
  reportId: number,
  options: RenderFilesOptions = {},
): Promise<q.ReportFileRow[]> {
  const { pool } = deps;
  const report = await q.findReportById(pool, reportId);
  if (!report) throw new Error(`ไม่พบรายงาน / report not found: ${reportId}`);
  const snapshot = await loadReportSnapshot(pool, reportId);
  for (const lang of options.langs ?? REPORT_LANGUAGES) {
    for (const format of options.formats ?? REPORT_FORMATS) {
      const file = await renderReport(snapshot, format, { lang, ...(options.printer ? { printer: options.printer } : {}) });
      const stored = await putContent(deps.files, 'reports', file.bytes, file.contentType);
      await q.upsertReportFile(pool, {
        reportId,
        format,
        lang,
        contentType: file.contentType,
        fileName: reportFileName({
          organizationSlug: snapshot.organization.slug,
          kind: snapshot.kind,
          fiscalYear: snapshot.fiscalYear,
          version: report.version,
          lang,
          format,
        }),
        bytes: null,
        storagePath: stored.key,
        sha256: file.sha256,
        sizeBytes: file.sizeBytes,
      });
      reachFaultPoint('report-rendering');
    }
  }
  return q.listReportFiles(pool, reportId);
}

export interface CreateReportInput extends TakeSnapshotInput {
  /** Idempotency key (workflow id + purpose): the same key returns the version it created. */
  requestKey: string;
}

/**
 * Takes a snapshot and stores it as the next draft version of the report. Rendering is a separate step
 * (renderReportFiles), so a slow or failed PDF never loses the snapshot.
 */
export async function createReportVersion(pool: Pool, input: CreateReportInput): Promise<q.ReportRow> {
  const existing = await q.findReportByRequestKey(pool, input.requestKey);
  if (existing) return existing;
  const snapshot = await takeReportSnapshot(pool, input);
  const inserted = await q.insertReportVersion(pool, {
    organizationId: input.organizationId,
    kind: input.kind,
    fiscalYear: input.fiscalYear,
    requestKey: input.requestKey,
    snapshot,
    snapshotSha256: snapshotSha256(snapshot),
    createdAt: input.createdAt,
  });
  return inserted ?? (await q.findReportByRequestKey(pool, input.requestKey))!;
}

/** Publishes a version and supersedes the one published before it, in one transaction. */
export async function publishReportVersion(pool: Pool, reportId: number, publishedAt: Date): Promise<q.ReportRow> {
  return inTransaction(pool, async (tx) => {
    await q.supersedePublishedReports(tx, reportId);
    const published = await q.markReportPublished(tx, reportId, publishedAt);
    if (!published) {
      throw new Error(`รายงาน ${reportId} ไม่อยู่ในสถานะที่เผยแพร่ได้ / report ${reportId} cannot be published from its status`);
    }
    return published;
  });
}

/**
 * The report activities for the worker. Inputs are plain JSON (times as epoch ms) because Temporal serialises them;
 * the workflow passes its own clock so a replay asks for the same snapshot time.
 */
export function createReportActivities(deps: ReportFileDeps & { printer?: PdfPrinter }) {
  return {
    async createReportVersion(input: Omit<CreateReportInput, 'createdAt'> & { createdAtMs: number }) {
      const { createdAtMs, ...rest } = input;
      const report = await createReportVersion(deps.pool, { ...rest, createdAt: new Date(createdAtMs) });
      return { reportId: report.id, version: report.version, snapshotSha256: report.snapshotSha256 };
    },
    async renderReportFiles(input: { reportId: number; formats?: ReportFormat[]; langs?: Language[] }) {
      const files = await whileHeartbeating(() =>
        renderReportFiles(deps, input.reportId, {
          ...(input.formats ? { formats: input.formats } : {}),
          ...(input.langs ? { langs: input.langs } : {}),
          ...(deps.printer ? { printer: deps.printer } : {}),
        }),
      );
      return files.map((f) => ({ format: f.format, lang: f.lang, fileName: f.fileName, sha256: f.sha256, sizeBytes: f.sizeBytes }));
    },
    async publishReport(input: { reportId: number; publishedAtMs: number }) {
      const report = await publishReportVersion(deps.pool, input.reportId, new Date(input.publishedAtMs));
      return { reportId: report.id, version: report.version, status: report.status };
    },
  } satisfies ReportStoreActivities;
}
