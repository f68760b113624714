import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { zipSync, type Zippable } from 'fflate';
import type { Pool } from 'pg';
import { UTF8_BOM, csvLines } from '../domain/csv';
import { bangkokDate, fiscalYearBounds } from '../domain/fiscal';
import {
  ITA_CHECK_LABELS,
  ITA_DOCUMENT_WORDS,
  buildItaPack,
  itaFolder,
  type ItaFileFacts,
  type ItaMapEntry,
  type ItaMapScope,
  type ItaPack,
  type ItaCompiledFacts,
  type ItaOriginalReport,
  type ItaPackEntry,
  type ItaPlanFacts,
  type ItaReportFacts,
} from '../domain/ita';
import { ORGANIZATION_KINDS, ORGANIZATION_KIND_NAMES, type OrganizationKind } from '../domain/organizations';
import { canonicalJson, parseReportSnapshot } from '../domain/report';
import type { ReportKind } from '../domain/report-kind';
import { formatEnglishDate, formatThaiDate } from '../domain/thai-format';
import { withPoolClient } from '../db/pool';
import * as itaRows from '../db/queries/ita';
import { findOrganizationBySlug } from '../db/queries/organizations';
import { listPublicPlanItemYears } from '../db/queries/public';
import * as reportRows from '../db/queries/reports';
import { reportWorkflowId } from '../workflows/report/messages';
// The annual report's own snapshot and renderers, for the one document the pack makes itself (docs/ARCHITECTURE.md).
import { ReportSnapshotError, renderReport, snapshotSha256, takeReportSnapshot, type ReportFormat } from '../activities/reports';
import * as earlier from '../db/queries/earlier-years';
import { compileEnteredYear } from '../domain/earlier-years';
import { reportSnapshotSchema } from '../domain/report';
import { AppError } from './errors';
import type { FileStore } from './files';

/**
 * The ITA evidence pack of an organisation (domain/ita.ts decides what is complete): read from the stored plan
 * versions, report versions and their sign-off decisions and publication, for the coordinator's dashboard page, its
 * ZIP download and the CLI (`export ita`). docs/ITA.md.
 */

export interface ItaDeps {
  pool: Pool;
  files: FileStore;
  /** The public site's base, for the stable addresses. */
  publicBaseUrl: string;
}

export interface ItaRequest {
  itaYear: number;
  /** The agency group whose map applies; by default the organisation's own kind. */
  agencyGroup: OrganizationKind | null | undefined;
}

/** Checks an ITA year as people type it ("2567"); a refusal in Thai and English. */
export function parseItaYear(value: unknown): number {
  const year = typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : value;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 2560 || year > 2700) {
    throw new AppError(
      'VALIDATION_FAILED',
      `ปีการประเมิน ITA ไม่ถูกต้อง ต้องเป็นปี พ.ศ. เช่น 2567: ${String(value)}`,
      `invalid ITA year: give a Buddhist Era year, e.g. 2567: ${String(value)}`,
    );
  }
  return year;
}

/** An agency group by its key (an organisation kind); nothing given is undefined: the organisation's own. */
export function parseAgencyGroup(value: unknown): OrganizationKind | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !(ORGANIZATION_KINDS as readonly string[]).includes(value)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `กลุ่มหน่วยงานไม่ถูกต้อง ต้องเป็น ${ORGANIZATION_KINDS.join(', ')}: ${String(value)}`,
      `the agency group must be one of ${ORGANIZATION_KINDS.join(', ')}: ${String(value)}`,
    );
  }
  return value as OrganizationKind;
}

interface Attachment {
  facts: ItaFileFacts;
  load: () => Promise<Buffer>;
}

export interface AssembledItaPack {
  pack: ItaPack;
  /** The documents' files, loaded only for the ZIP. */
  attachments: Attachment[];
}

function scopeOf(row: reportRows.ItaDocumentRow): ItaMapScope {
  return row.organizationId !== null ? 'organization' : row.agencyGroup !== null ? 'agency_group' : 'default';
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function streamToBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** A file name safe inside the ZIP on every system: ASCII letters, digits, dot, dash and underscore. */
function safeName(name: string, fallback: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return cleaned && /[A-Za-z0-9]/.test(cleaned) ? cleaned : fallback;
}

const iso = (at: Date | null): string | null => (at === null ? null : at.toISOString());

/**
 * Everything the pack says, read in one repeatable-read transaction (a report being published meanwhile cannot
 * leave it half old, half new), then judged by buildItaPack.
 */
export async function assembleItaPack(
  deps: ItaDeps,
  input: ItaRequest & { organizationSlug: string; nowMs: number },
): Promise<AssembledItaPack> {
  return withPoolClient(deps.pool, async (client, discard) => {
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const organization = await findOrganizationBySlug(client, input.organizationSlug);
      if (!organization) {
        throw new AppError('NOT_FOUND', `ไม่พบองค์กร ${input.organizationSlug}`, `organisation not found: ${input.organizationSlug}`);
      }
      const agencyGroup = input.agencyGroup === undefined ? organization.kind : input.agencyGroup;
      const rows = await reportRows.listItaDocuments(client, { organizationId: organization.id, agencyGroup, itaYear: input.itaYear });
      if (!rows.length) {
        throw new AppError(
          'NOT_FOUND',
          `ยังไม่มีเลขข้อ ITA ของปีการประเมิน ${input.itaYear} กรุณาเพิ่มในหน้าผู้ดูแลระบบ (เลขข้อ ITA)`,
          `No ITA items are mapped for ITA year ${input.itaYear}; add them on the administration page (ITA items).`,
        );
      }
      const map: ItaMapEntry[] = rows.map((r) => ({
        oCode: r.oCode,
        documentKind: r.documentKind,
        fiscalYearOffset: r.fiscalYearOffset,
        labelTh: r.labelTh,
        labelEn: r.labelEn,
        confirmed: r.confirmed,
        scope: scopeOf(r),
      }));

      const plans = new Map<number, ItaPlanFacts | null>();
      const reports = new Map<string, ItaReportFacts | null>();
      /** Annual entries with no report of their own: fiscal year → the folders their compiled report would fill. */
      const compiledFolders = new Map<number, string[]>();
      const attachmentsByFolder = new Map<string, Attachment[]>();
      for (const entry of map) {
        const fiscalYear = input.itaYear + entry.fiscalYearOffset;
        const folder = itaFolder({ oCode: entry.oCode, documentKind: entry.documentKind, fiscalYear });
        const attachments: Attachment[] = [];
        attachmentsByFolder.set(folder, attachments);
        if (entry.documentKind === 'plan') {
          const plan = await readPlan(client, organization.id, fiscalYear);
          plans.set(fiscalYear, plan?.facts ?? null);
          if (plan) {
            const items = await planItemsCsv(client, plan.facts, plan.versionId, fiscalYear);
            attachments.push({ facts: { path: `${folder}/plan-items-${fiscalYear}.csv`, sha256: sha256(items), sizeBytes: items.length }, load: async () => items });
            if (plan.source) {
              const source = plan.source;
              attachments.push({
                facts: { path: `${folder}/${safeName(source.fileName, `plan-source-${source.importId}`)}`, sha256: source.sha256, sizeBytes: source.sizeBytes },
                load: async () => {
                  const bytes = await itaRows.readPlanSource(deps.pool, source.importId);
                  if (!bytes) throw new Error(`ไม่พบไฟล์แผน / plan source ${source.importId} is gone`);
                  return bytes;
                },
              });
            }
          }
        } else {
          const report = await readReport(client, { organizationId: organization.id, slug: organization.slug }, entry.documentKind, fiscalYear);
          reports.set(`${entry.documentKind}:${fiscalYear}`, report);
          if (!report && entry.documentKind === 'annual') compiledFolders.set(fiscalYear, [...(compiledFolders.get(fiscalYear) ?? []), folder]);
          if (report) {
            for (const file of await reportRows.listReportFiles(client, report.reportId)) {
              if (file.lang !== 'th') continue;
              attachments.push({
                facts: { path: `${folder}/${safeName(file.fileName, `report-${file.reportId}.${file.format}`)}`, sha256: file.sha256, sizeBytes: file.sizeBytes },
                load: () => loadReportFile(deps, file),
              });
            }
          }
        }
      }
      await client.query('COMMIT');

      const compiled = new Map<number, CompiledYear>();
      for (const [fiscalYear, folders] of compiledFolders) {
        const facts = await compileYear(deps.pool, organization.id, fiscalYear, input.nowMs);
        if (!facts) continue;
        compiled.set(fiscalYear, facts);
        for (const folder of folders) attachmentsByFolder.get(folder)!.push(...(await compiledFiles(deps, facts, folder, organization.slug)));
      }

      const pack = buildItaPack({
        organization: { slug: organization.slug, name: organization.name },
        itaYear: input.itaYear,
        agencyGroup,
        publicBaseUrl: deps.publicBaseUrl,
        generatedAt: new Date(input.nowMs).toISOString(),
        map,
        planFor: (fy) => plans.get(fy) ?? null,
        reportFor: (kind, fy) => reports.get(`${kind}:${fy}`) ?? null,
        compiledFor: (fy) => compiled.get(fy) ?? null,
        filesOf: (_document, folder) => (attachmentsByFolder.get(folder) ?? []).map((a) => a.facts),
      });
      return { pack, attachments: [...attachmentsByFolder.values()].flat() };
    } catch (err) {
      await client.query('ROLLBACK').catch(discard);
      throw err;
    }
  });
}

type Client = Parameters<Parameters<typeof withPoolClient>[1]>[0];

/**
 * The annual report of a fiscal year that never ran here, compiled from its entered results (null without any): the
 * snapshot the annual report would take of the plan's year, each entry standing in for its item's run.
 */
/** The compiled facts with where the original's bytes are, which only the ZIP needs. */
type CompiledYear = ItaCompiledFacts & { original: (ItaOriginalReport & { sha256: string; sizeBytes: number; storageKey: string }) | null };

async function compileYear(pool: Pool, organizationId: number, fiscalYear: number, nowMs: number): Promise<CompiledYear | null> {
  const entries = await earlier.listEnteredResultsWithRecorder(pool, organizationId, fiscalYear);
  if (!entries.length) return null;
  const base = await takeReportSnapshot(pool, { organizationId, kind: 'annual', fiscalYear, createdAt: new Date(nowMs) }).catch((err: unknown) => {
    // The plan the entries were made against no longer covers the year: nothing to compile the items from.
    if (err instanceof ReportSnapshotError) return null;
    throw err;
  });
  if (!base) return null;
  const snapshot = compileEnteredYear(
    base,
    entries.map((e) => ({
      itemCode: e.itemCode,
      status: e.status,
      budgetSpent: e.budgetSpent,
      resultText: e.resultText,
      recordedByName: e.recordedByName,
      recordedAt: e.recordedAt.toISOString(),
    })),
  );
  if (!snapshot) return null;
  const checked = reportSnapshotSchema.parse(snapshot);
  const original = await earlier.findEarlierYearReport(pool, organizationId, fiscalYear);
  return {
    fiscalYear,
    snapshot: checked,
    original: original
      ? { fileName: original.fileName, uploadedBy: original.uploadedByName, uploadedAt: original.uploadedAt.toISOString(), sha256: original.sha256, sizeBytes: original.sizeBytes, storageKey: original.storageKey }
      : null,
    recordedBy: checked.compiledFromEntries!.recordedBy,
    firstRecordedAt: checked.compiledFromEntries!.firstRecordedAt,
    lastRecordedAt: checked.compiledFromEntries!.lastRecordedAt,
  };
}

/**
 * The compiled report as files, by the annual report's own renderers: Thai HTML (the page prints as the PDF does) and
 * Word, to sign and print. No PDF: the API and the CLI run no browser; the worker's PDF printer renders stored reports.
 */
const COMPILED_FORMATS: readonly ReportFormat[] = ['html', 'docx'];

async function compiledFiles(deps: ItaDeps, facts: CompiledYear, folder: string, slug: string): Promise<Attachment[]> {
  const name = `${slug}-annual-${facts.fiscalYear}-compiled-${snapshotSha256(facts.snapshot).slice(0, 8)}`;
  const files: Attachment[] = [];
  for (const format of COMPILED_FORMATS) {
    const rendered = await renderReport(facts.snapshot, format, { lang: 'th' });
    files.push({
      facts: { path: `${folder}/${name}.${format}`, sha256: rendered.sha256, sizeBytes: rendered.sizeBytes },
      load: async () => rendered.bytes,
    });
  }
  const original = facts.original;
  if (original) {
    files.push({
      facts: { path: `${folder}/original-${safeName(original.fileName, `report-${facts.fiscalYear}`)}`, sha256: original.sha256, sizeBytes: original.sizeBytes },
      load: async () => streamToBuffer(await deps.files.get(original.storageKey)),
    });
  }
  return files;
}

async function readPlan(client: Client, organizationId: number, fiscalYear: number) {
  const plan = await reportRows.findPlanForFiscalYear(client, organizationId, fiscalYear);
  if (!plan) return null;
  const version = await itaRows.findItaPlanVersion(client, plan.versionId);
  const counts = await itaRows.countItemsByFiscalYear(client, plan.versionId);
  const facts: ItaPlanFacts = {
    planId: plan.id,
    version: plan.version,
    title: plan.title,
    firstFiscalYear: plan.firstFiscalYear,
    lastFiscalYear: plan.lastFiscalYear,
    loadedAt: version!.loadedAt.toISOString(),
    approval: {
      status: version!.approvalStatus,
      decidedAt: iso(version!.approvalDecidedAt),
      personName: version!.approverName,
    },
    itemsInYear: (fy) => counts.get(fy) ?? 0,
  };
  return { facts, versionId: plan.versionId, source: await itaRows.findPlanSourceFile(client, plan.versionId) };
}

/** The plan's items of the year as the public page lists them: what, budget (or ไม่ใช้งบประมาณ), and period. */
async function planItemsCsv(client: Client, plan: ItaPlanFacts, versionId: number, fiscalYear: number): Promise<Buffer> {
  const items = (await listPublicPlanItemYears(client, { planId: plan.planId, planVersionId: versionId })).filter((i) => i.fiscalYear === fiscalYear);
  const year = fiscalYearBounds(fiscalYear);
  const kinds = { project: 'โครงการ', activity: 'กิจกรรม', measure: 'มาตรการ' } as const;
  const rows: Array<Array<string | number | null>> = [
    ['ลำดับ / No.', 'ประเภท / Kind', 'ชื่อ / Name', 'งบประมาณ (บาท) / Budget (baht)', 'เริ่ม / Start', 'สิ้นสุด / End'],
    ...items.map((i) => [
      i.code,
      kinds[i.kind],
      i.name,
      i.budget === null ? 'ไม่ใช้งบประมาณ' : Number(i.budget).toFixed(2),
      i.startDate ?? year.start,
      i.endDate ?? year.end,
    ]),
  ];
  return Buffer.from(UTF8_BOM + csvLines(rows), 'utf8');
}

async function readReport(
  client: Client,
  organization: { organizationId: number; slug: string },
  kind: ReportKind,
  fiscalYear: number,
): Promise<ItaReportFacts | null> {
  const versions = await reportRows.listReports(client, { organizationId: organization.organizationId, kind, fiscalYear });
  const report = versions.find((r) => r.status === 'published') ?? versions[0];
  if (!report) return null;
  const stored = await reportRows.findReportSnapshot(client, report.id);
  const snapshot = parseReportSnapshot(stored!.snapshot);
  if (createHash('sha256').update(canonicalJson(snapshot)).digest('hex') !== stored!.snapshotSha256) {
    throw new Error(`สแนปช็อตของรายงาน ${report.id} ไม่ตรงกับค่าแฮชที่บันทึกไว้ / report ${report.id}: stored snapshot does not match its hash`);
  }
  const approvals = await itaRows.listSignOffApprovals(client, {
    workflowId: reportWorkflowId(organization.slug, kind, fiscalYear),
    version: report.version,
  });
  const of = (role: 'palad' | 'mayor') => {
    const row = approvals.find((a) => a.role === role);
    return row ? { personName: row.personName, actingAs: row.actingAs, decidedAt: row.decidedAt.toISOString() } : null;
  };
  return {
    kind,
    fiscalYear,
    reportId: report.id,
    version: report.version,
    status: report.status,
    snapshotSha256: report.snapshotSha256,
    publishedAt: iso(report.publishedAt),
    snapshot,
    approvals: { palad: of('palad'), mayor: of('mayor') },
  };
}

async function loadReportFile(deps: ItaDeps, file: reportRows.ReportFileRow): Promise<Buffer> {
  if (file.storagePath) return streamToBuffer(await deps.files.get(file.storagePath));
  // Rows rendered before the file store kept their bytes in the database.
  const row = await reportRows.findReportFile(deps.pool, { reportId: file.reportId, format: file.format, lang: file.lang });
  if (!row?.bytes) throw new Error(`ไม่พบไฟล์รายงาน / report file ${file.reportId} ${file.format} is gone`);
  return row.bytes;
}

// ---------------------------------------------------------------------------------------------------------------
// Texts and the ZIP

function day(isoInstant: string, lang: 'th' | 'en'): string {
  const date = bangkokDate(Date.parse(isoInstant));
  return lang === 'th' ? formatThaiDate(date) : formatEnglishDate(date);
}

export function agencyGroupLabel(group: OrganizationKind | null, lang: 'th' | 'en'): string {
  if (group === null) return lang === 'th' ? 'ไม่ระบุ (ใช้เลขข้อทั่วไป)' : 'not set (the general numbers)';
  return ORGANIZATION_KIND_NAMES[group][lang];
}

/** What the entry's document is, in one line: title and version, or what is missing. */
export function itaDocumentLine(entry: ItaPackEntry, lang: 'th' | 'en'): string {
  const doc = entry.document;
  const what = ITA_DOCUMENT_WORDS[entry.documentKind][lang];
  if (!doc) return lang === 'th' ? `ไม่มี${what}` : `no ${what}`;
  if (doc.type === 'plan') return lang === 'th' ? `${doc.title} ฉบับที่ ${doc.version}` : `${doc.title}, version ${doc.version}`;
  if (doc.type === 'compiled') {
    const who = doc.recordedBy.join(', ');
    const original = doc.original;
    return lang === 'th'
      ? `${what} ปีงบประมาณ ${entry.fiscalYear} รวบรวมจากผลที่บันทึกย้อนหลัง โดย ${who} เมื่อ ${day(doc.lastRecordedAt, 'th')}${original ? ` พร้อมรายงานฉบับเดิม ${original.fileName} (แนบโดย ${original.uploadedBy})` : ''}`
      : `${what}, fiscal year ${entry.fiscalYear}, compiled from results entered after the fact by ${who} on ${day(doc.lastRecordedAt, 'en')}${original ? `, with the original report ${original.fileName} (attached by ${original.uploadedBy})` : ''}`;
  }
  return lang === 'th' ? `${what} ปีงบประมาณ ${entry.fiscalYear} ฉบับที่ ${doc.version}` : `${what}, fiscal year ${entry.fiscalYear}, version ${doc.version}`;
}

export function itaPublishedLine(entry: ItaPackEntry, lang: 'th' | 'en'): string {
  const at = entry.document?.publishedAt;
  if (!at) return lang === 'th' ? 'ยังไม่เผยแพร่' : 'not published';
  return day(at, lang);
}

export function itaApprovalLine(entry: ItaPackEntry, lang: 'th' | 'en'): string {
  const doc = entry.document;
  const none = lang === 'th' ? 'ไม่มีบันทึกการอนุมัติของนายก' : 'no approval by the chief executive recorded';
  if (!doc) return none;
  if (doc.type === 'plan') {
    if (doc.approval.status !== 'approved' || !doc.approval.decidedAt) return none;
    const who = doc.approval.personName ?? '';
    return lang === 'th' ? `นายกอนุมัติ ${who} ${day(doc.approval.decidedAt, 'th')}` : `approved by ${who}, ${day(doc.approval.decidedAt, 'en')}`;
  }
  if (doc.type === 'compiled') return none;
  const mayor = doc.approvals.mayor;
  if (!mayor) return none;
  return lang === 'th' ? `นายกอนุมัติ ${mayor.personName} ${day(mayor.decidedAt, 'th')}` : `approved by ${mayor.personName}, ${day(mayor.decidedAt, 'en')}`;
}

/** One row per check of each O-code, with the gaps that fail it; Thai and English headings. */
export function itaChecklistCsv(pack: ItaPack): Buffer {
  const rows: Array<Array<string | number | null>> = [
    [
      'ข้อ / Item',
      'ตัวชี้วัด / Indicator',
      'ปีงบประมาณ / Fiscal year',
      'เอกสาร / Document',
      'วันที่เผยแพร่ / Published',
      'ที่อยู่ถาวร / Stable URL',
      'การอนุมัติ / Approval',
      'รายการตรวจ / Check',
      'ผล / Result',
      'สิ่งที่ขาด / Gaps',
    ],
  ];
  for (const entry of pack.entries) {
    for (const check of entry.checks) {
      const gaps = entry.gaps.filter((g) => g.check === check.check);
      rows.push([
        entry.oCode,
        entry.labelTh,
        entry.fiscalYear,
        itaDocumentLine(entry, 'th'),
        itaPublishedLine(entry, 'th'),
        entry.document?.url ?? '',
        itaApprovalLine(entry, 'th'),
        `${ITA_CHECK_LABELS[check.check].th} / ${ITA_CHECK_LABELS[check.check].en}`,
        check.passed ? 'ครบ / complete' : 'ขาด / missing',
        gaps.map((g) => `${g.th} / ${g.en}`).join('\n'),
      ]);
    }
  }
  return Buffer.from(UTF8_BOM + csvLines(rows), 'utf8');
}

/** The ZIP's first page: what the pack is, each O-code's document and what is missing, Thai then English. */
export function itaReadme(pack: ItaPack): string {
  const lines: string[] = [];
  for (const lang of ['th', 'en'] as const) {
    const th = lang === 'th';
    lines.push(
      th
        ? `ชุดหลักฐานการประเมิน ITA ปี ${pack.itaYear}: ${pack.organization.name}`
        : `ITA ${pack.itaYear} evidence pack: ${pack.organization.name}`,
      `${th ? 'กลุ่มหน่วยงาน' : 'Agency group'}: ${agencyGroupLabel(pack.agencyGroup, lang)}`,
      `${th ? 'จัดทำเมื่อ' : 'Made on'}: ${day(pack.generatedAt, lang)}`,
      pack.complete
        ? th
          ? 'ผลการตรวจ: ครบทุกข้อ'
          : 'Result: nothing is missing'
        : th
          ? `ผลการตรวจ: ขาด ${pack.gaps.length} รายการ`
          : `Result: ${pack.gaps.length} gaps`,
      '',
    );
    for (const entry of pack.entries) {
      lines.push(
        `${entry.oCode} ${th ? entry.labelTh : entry.labelEn}${entry.confirmed ? '' : th ? ' (ยังไม่ยืนยันเลขข้อ)' : ' (number not confirmed)'}`,
        `  ${th ? 'เอกสาร' : 'Document'}: ${itaDocumentLine(entry, lang)}`,
        `  ${th ? 'วันที่เผยแพร่' : 'Published'}: ${itaPublishedLine(entry, lang)}`,
        `  ${th ? 'ที่อยู่ถาวร' : 'Stable URL'}: ${entry.document?.url ?? '-'}`,
        `  ${th ? 'การอนุมัติ' : 'Approval'}: ${itaApprovalLine(entry, lang)}`,
        `  ${th ? 'ไฟล์' : 'Files'}: ${entry.document?.files.map((f) => f.path).join(', ') || '-'}`,
      );
      for (const check of entry.checks) {
        lines.push(`  [${check.passed ? 'x' : ' '}] ${ITA_CHECK_LABELS[check.check][lang]}`);
        for (const g of entry.gaps.filter((x) => x.check === check.check)) lines.push(`      - ${th ? g.th : g.en}`);
      }
      lines.push('');
    }
  }
  return lines.join('\r\n');
}

/** `sujarit-ita-<org>-<ITA year>.zip` */
export function itaPackFileName(pack: ItaPack, ext: 'zip' | 'json' = 'zip'): string {
  return `sujarit-ita-${pack.organization.slug}-${pack.itaYear}.${ext}`;
}

/** The JSON of the pack: what the CLI prints and the ZIP holds. */
export function itaPackJson(pack: ItaPack): string {
  return `${JSON.stringify(pack, null, 2)}\n`;
}

/**
 * The one download: README.txt (Thai, then English), checklist.csv, the pack as JSON, and each O-code's folder with
 * its documents (the published report's Thai files; the plan's items of the year and its uploaded source, if any).
 */
export async function itaPackZip(assembled: AssembledItaPack): Promise<Buffer> {
  const { pack } = assembled;
  const mtime = new Date(Date.parse(pack.generatedAt));
  const zippable: Zippable = {
    'README.txt': [Buffer.from(UTF8_BOM + itaReadme(pack), 'utf8'), { mtime }],
    'checklist.csv': [itaChecklistCsv(pack), { mtime }],
    [itaPackFileName(pack, 'json')]: [Buffer.from(itaPackJson(pack), 'utf8'), { mtime }],
  };
  for (const attachment of assembled.attachments) {
    const bytes = await attachment.load();
    if (sha256(bytes) !== attachment.facts.sha256) {
      throw new Error(`ไฟล์ ${attachment.facts.path} ไม่ตรงกับค่าแฮชที่บันทึกไว้ / ${attachment.facts.path} does not match its stored hash`);
    }
    zippable[attachment.facts.path] = [bytes, { mtime, level: /\.(pdf|docx|xlsx|zip)$/i.test(attachment.facts.path) ? 0 : 6 }];
  }
  return Buffer.from(zipSync(zippable));
}
