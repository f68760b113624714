import ExcelJS from 'exceljs';
import type { Pool, PoolClient } from 'pg';
import { z } from 'zod';
import { appendChangeAudit, type AuditKey } from '../db/audit';
import { inTransaction } from '../db/pool';
import * as oversightRows from '../db/queries/oversight';
import * as platformRows from '../db/queries/platform';
import { eplanCutoff, eplanScore, type EplanLang, type EplanRound, type EplanScore } from '../domain/eplannacc';
import { fiscalYearOf, sixMonthPeriod, type IsoDate } from '../domain/fiscal';
import { freeText } from '../domain/input-schema';
import { oversightInvitationMessage } from '../domain/messages';
import {
  budgetTotals,
  officeCovers,
  officePlaceProblem,
  OVERSIGHT_LEVELS,
  REPORT_PUBLICATION_GRACE_DAYS,
  reportDeadlineMs,
  reportStanding,
  type BudgetTotals,
  type OversightLevel,
  OVERSIGHT_COLUMNS,
  REPORT_STANDING_LABELS,
  type ReportStanding,
} from '../domain/oversight';
import { REPORT_KINDS, type ReportKind } from '../domain/report-kind';
import { formatEnglishDate, formatThaiDate } from '../domain/thai-format';
import { eplanExport, parseEplanRequest, type EplanRequest } from './eplannacc';
import { AppError } from './errors';
import type { NotificationChannels } from './notify';
import { deliverOutbox } from './outbox';
import { enqueueInvitation, type PlatformAdmin } from './platform';
import { reportDatesFromSettings } from './schedules';
import type { Administrator } from './admin';

/**
 * The province's and the district's view (สถ.จ. / สถ.อ.). An officer is a person of no organisation (migration 021),
 * so every organisation page and API refuses them (api/authz.ts); what they see is `oversightView`: for each
 * organisation of their office's area that shares with it (oversight_shares, given and taken back by the
 * organisation's administrator), the e-PlanNACC score and budget of a round, the reports' publication, the overdue
 * item-years and the link to the organisation's public page. Offices and officers are made by a platform
 * administrator; every change here is audited.
 */

export interface OversightDeps {
  pool: Pool;
  auditKey: AuditKey;
}

export interface OversightOfficer {
  personId: number;
  fullName: string;
  office: oversightRows.OversightOfficeRow;
}

/** Where an invited officer lands. */
export const OVERSIGHT_HOME = '/oversight';

function audit(deps: OversightDeps, tx: PoolClient, entry: { organizationId: number | null; actor: string; action: string; entityType: string; entityId: string | number; before: unknown; after: unknown }) {
  return appendChangeAudit(tx, deps.auditKey, 'oversight', entry);
}

/** The officer behind a session; 403 for anyone else (a platform administrator and an organisation's people too). */
export async function requireOversightOfficer(pool: Pool, personId: number): Promise<OversightOfficer> {
  const row = await oversightRows.findOversightOfficer(pool, personId);
  if (!row) throw new AppError('FORBIDDEN', 'หน้านี้สำหรับเจ้าหน้าที่สำนักงานส่งเสริมการปกครองท้องถิ่นเท่านั้น', 'This page is for oversight office officers only.');
  return row;
}

/** The first page after sign-in: an organisation's people their tasks, an officer the oversight view, else /platform. */
export async function homePathOf(pool: Pool, person: { id: number; organizationId: number | null }): Promise<string> {
  if (person.organizationId !== null) return '/tasks';
  return (await oversightRows.findOversightOfficer(pool, person.id)) ? OVERSIGHT_HOME : '/platform';
}

// Offices and officers (the platform administrator's) -------------------------------------------------------------

const emailSchema = z.email().max(254).transform((v) => v.toLowerCase());

export const officeForm = z.object({
  level: z.enum(OVERSIGHT_LEVELS),
  name: freeText({ max: 200 }),
  province: freeText({ max: 100 }),
  district: freeText({ max: 100, min: 0 }).default(''),
  officerName: freeText({ max: 200 }),
  officerEmail: z.string().trim().pipe(emailSchema),
});
export type OfficeInput = z.input<typeof officeForm>;
export const officerForm = officeForm.pick({ officerName: true, officerEmail: true });

export const OFFICE_FIELD_NAMES: Record<string, { th: string; en: string }> = {
  level: { th: 'ระดับสำนักงาน', en: 'level' },
  name: { th: 'ชื่อสำนักงาน', en: 'office name' },
  province: { th: 'จังหวัด', en: 'province' },
  district: { th: 'อำเภอ', en: 'district' },
  officerName: { th: 'ชื่อเจ้าหน้าที่', en: "officer's name" },
  officerEmail: { th: 'อีเมลเจ้าหน้าที่', en: "officer's e-mail" },
};

function formRefusal(fields: string[]): AppError {
  const names = fields.map((f) => OFFICE_FIELD_NAMES[f] ?? { th: f, en: f });
  return new AppError('VALIDATION_FAILED', `กรุณาตรวจสอบ${names.map((n) => n.th).join(', ')}`, `Please check the ${names.map((n) => n.en).join(', ')}.`);
}

type InviteDeps = OversightDeps & { channels: NotificationChannels; publicBaseUrl: string };

/** The officer (a person of no organisation, created) with the sign-in invitation in the caller's transaction. */
async function addOfficer(deps: InviteDeps, tx: PoolClient, actor: string, office: oversightRows.OversightOfficeRow, officer: { fullName: string; email: string }) {
  // One address is one person of no organisation (people_platform_email): a platform administrator or another office's
  // officer cannot be made this office's officer too.
  if (await platformRows.findPlatformPersonByEmail(tx, officer.email)) {
    throw new AppError('CONFLICT', 'อีเมลนี้มีผู้ใช้อยู่แล้วนอกองค์กร (ผู้ดูแลแพลตฟอร์มหรือเจ้าหน้าที่สำนักงานอื่น)', 'This address already belongs to a platform administrator or another office’s officer.');
  }
  const personId = await platformRows.insertPlatformPerson(tx, officer);
  await oversightRows.insertOversightOfficer(tx, { personId, officeId: office.id, grantedBy: actor });
  await audit(deps, tx, {
    organizationId: null,
    actor,
    action: 'oversight_officer_added',
    entityType: 'person',
    entityId: personId,
    before: null,
    after: { personId, officeId: office.id, fullName: officer.fullName, email: officer.email },
  });
  return enqueueInvitation(deps, tx, {
    person: { id: personId, fullName: officer.fullName, email: officer.email },
    organizationId: null,
    nextPath: OVERSIGHT_HOME,
    content: (link, expiresAtMs) => oversightInvitationMessage({ recipient: officer.fullName, office: office.name, link, expiresAtMs }),
  });
}

/** An office and its first officer, invited by sign-in link through the outbox, in one audited transaction. */
export async function createOversightOffice(deps: InviteDeps, admin: PlatformAdmin, input: OfficeInput): Promise<oversightRows.OversightOfficeRow> {
  const parsed = officeForm.safeParse(input);
  if (!parsed.success) throw formRefusal([...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')))]);
  const form = parsed.data;
  const problem = officePlaceProblem(form);
  if (problem) throw new AppError('VALIDATION_FAILED', problem.th, problem.en);
  const actor = `person:${admin.personId}`;
  const { office, outboxKey } = await inTransaction(deps.pool, async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('sujarit:platform-admin'))");
    const office = await oversightRows.insertOversightOffice(tx, {
      level: form.level as OversightLevel,
      province: form.province,
      district: form.level === 'district' ? form.district : null,
      name: form.name,
      createdBy: actor,
    });
    await audit(deps, tx, { organizationId: null, actor, action: 'oversight_office_created', entityType: 'oversight_office', entityId: office.id, before: null, after: { level: office.level, province: office.province, district: office.district, name: office.name } });
    const outboxKey = await addOfficer(deps, tx, actor, office, { fullName: form.officerName, email: form.officerEmail });
    return { office, outboxKey };
  });
  await deliverOutbox(deps.pool, deps.channels, [outboxKey]);
  return office;
}

/** Another officer for an office. */
export async function inviteOversightOfficer(deps: InviteDeps, admin: PlatformAdmin, officeId: number, input: z.input<typeof officerForm>): Promise<void> {
  const parsed = officerForm.safeParse(input);
  if (!parsed.success) throw formRefusal([...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')))]);
  const outboxKey = await inTransaction(deps.pool, async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('sujarit:platform-admin'))");
    const office = await oversightRows.findOversightOffice(tx, officeId);
    if (!office) throw new AppError('NOT_FOUND', 'ไม่พบสำนักงานนี้', 'no such office');
    return addOfficer(deps, tx, `person:${admin.personId}`, office, { fullName: parsed.data.officerName, email: parsed.data.officerEmail });
  });
  await deliverOutbox(deps.pool, deps.channels, [outboxKey]);
}

export function listOversightOffices(deps: Pick<OversightDeps, 'pool'>) {
  return oversightRows.listOversightOffices(deps.pool);
}

// Consent (the organisation's administrator's) --------------------------------------------------------------------

export function oversightShareOf(deps: Pick<OversightDeps, 'pool'>, organizationId: number) {
  return oversightRows.findOversightShare(deps.pool, organizationId);
}

/**
 * Shares the organisation with the oversight offices of its province and district, or stops sharing, audited
 * (`oversight_shared` / `oversight_unshared`, with who shared and when). Answers false when nothing changed.
 */
export async function setOversightSharing(deps: OversightDeps, admin: Administrator, share: boolean): Promise<boolean> {
  return inTransaction(deps.pool, async (tx) => {
    await tx.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [admin.organizationId]);
    const actor = `person:${admin.personId}`;
    if (share) {
      if (!(await oversightRows.insertOversightShare(tx, { organizationId: admin.organizationId, sharedBy: admin.personId }))) return false;
      await audit(deps, tx, { organizationId: admin.organizationId, actor, action: 'oversight_shared', entityType: 'organization', entityId: admin.organizationId, before: null, after: { sharedBy: admin.personId } });
      return true;
    }
    const before = await oversightRows.deleteOversightShare(tx, admin.organizationId);
    if (!before) return false;
    await audit(deps, tx, { organizationId: admin.organizationId, actor, action: 'oversight_unshared', entityType: 'organization', entityId: admin.organizationId, before, after: null });
    return true;
  });
}

// The view --------------------------------------------------------------------------------------------------------

export interface OversightReport {
  standing: ReportStanding;
  /** When it is due on the public page (the organisation's report date plus the grace days). */
  deadline: Date;
  firstPublishedAt: Date | null;
}

export interface OversightRow {
  slug: string;
  name: string;
  district: string;
  province: string;
  sharedAt: Date;
  /** False when the organisation has no plan covering the fiscal year: nothing to score then. */
  hasPlan: boolean;
  score: EplanScore;
  budget: BudgetTotals;
  reports: Record<ReportKind, OversightReport>;
  overdueItemYears: number;
  /** The only page of the organisation the office is sent to. */
  publicPath: string;
}

export interface OversightView {
  office: oversightRows.OversightOfficeRow;
  fiscalYear: number;
  round: EplanRound;
  cutoff: IsoDate;
  graceDays: number;
  rows: OversightRow[];
}

/** The fiscal year and round asked for; without them, this fiscal year and the round under way. */
export function parseOversightRequest(query: { fy?: unknown; round?: unknown }, nowMs: number): EplanRequest {
  const fiscalYear = query.fy ?? String(fiscalYearOf(nowMs));
  const round = query.round ?? (nowMs < sixMonthPeriod(fiscalYearOf(nowMs)).endExclusiveMs ? '6' : '12');
  return parseEplanRequest({ fiscalYear, round });
}

export async function oversightView(deps: Pick<OversightDeps, 'pool'>, officer: OversightOfficer, request: EplanRequest, nowMs: number): Promise<OversightView> {
  const shared = (await oversightRows.listSharedOrganizations(deps.pool)).filter((o) => officeCovers(officer.office, o));
  const ids = shared.map((o) => o.id);
  const [overdue, publications] = await Promise.all([
    oversightRows.countOverdueItemYearsOf(deps.pool, { organizationIds: ids, fiscalYear: request.fiscalYear, now: new Date(nowMs) }),
    oversightRows.listReportPublications(deps.pool, { organizationIds: ids, fiscalYear: request.fiscalYear }),
  ]);
  const rows: OversightRow[] = [];
  for (const org of shared) {
    const exported = await eplanExport(deps.pool, { organizationSlug: org.slug, ...request }).catch((err: unknown) => {
      // An organisation without a plan for the year is shown with nothing to score, not left out.
      if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
      throw err;
    });
    const items = exported?.items ?? [];
    const dates = reportDatesFromSettings(org.settings);
    const reports = Object.fromEntries(
      REPORT_KINDS.map((kind) => {
        const published = publications.find((p) => p.organizationId === org.id && p.kind === kind);
        const deadlineMs = reportDeadlineMs(kind, request.fiscalYear, kind === 'six_month' ? dates.sixMonth : dates.annual);
        const firstPublishedAt = published?.firstPublishedAt ?? null;
        const standing = reportStanding({ firstPublishedAtMs: firstPublishedAt?.getTime() ?? null, inReview: published?.inReview ?? false, deadlineMs, nowMs });
        return [kind, { standing, deadline: new Date(deadlineMs), firstPublishedAt }];
      }),
    ) as Record<ReportKind, OversightReport>;
    rows.push({
      slug: org.slug,
      name: org.name,
      district: org.district,
      province: org.province,
      sharedAt: org.sharedAt,
      hasPlan: exported !== null,
      score: eplanScore(items.map((i) => i.status)),
      budget: budgetTotals(items),
      reports,
      overdueItemYears: overdue.get(org.id) ?? 0,
      publicPath: `/public/${org.slug}`,
    });
  }
  return { office: officer.office, ...request, cutoff: eplanCutoff(request.fiscalYear, request.round).date, graceDays: REPORT_PUBLICATION_GRACE_DAYS, rows };
}

// The workbook ----------------------------------------------------------------------------------------------------

const FONT = { name: 'TH Sarabun New', size: 14 } as const;

/** One organisation a row, the table's columns, amounts and percentages as numbers; the office and round on top. */
export async function oversightWorkbook(data: OversightView, publicBaseUrl: string, lang: EplanLang = 'th'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = data.office.name;
  const sheet = workbook.addWorksheet(lang === 'th' ? 'ภาพรวม' : 'Overview');
  const title = lang === 'th'
    ? `${data.office.name}: ปีงบประมาณ ${data.fiscalYear} รอบ ${data.round} เดือน (ข้อมูล ณ ${formatThaiDate(data.cutoff)})`
    : `${data.office.name}: fiscal year ${data.fiscalYear}, ${data.round}-month round (as of ${formatEnglishDate(data.cutoff)})`;
  const titleRow = sheet.addRow([title]);
  titleRow.font = { ...FONT, bold: true };
  // Tall enough for Thai upper vowels and tone marks.
  titleRow.height = 28;
  const c = OVERSIGHT_COLUMNS;
  const head = sheet.addRow([c.organization, c.district, c.items, c.done, c.inProgress, c.notDone, c.notReported, c.score, c.planned, c.spent, c.disbursed, c.sixMonth, c.annual, c.overdue, c.publicPage].map((h) => h[lang]));
  head.font = { ...FONT, bold: true };
  head.alignment = { vertical: 'middle', wrapText: true };
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  const base = publicBaseUrl.replace(/\/+$/, '');
  for (const row of data.rows) {
    sheet.addRow([
      row.name,
      row.district,
      row.score.items,
      row.score.counts.done,
      row.score.counts.in_progress,
      row.score.counts.not_done,
      row.score.counts.not_reported,
      row.score.percent ?? '',
      row.budget.planned,
      row.budget.spent,
      row.budget.percent ?? '',
      REPORT_STANDING_LABELS[row.reports.six_month.standing][lang],
      REPORT_STANDING_LABELS[row.reports.annual.standing][lang],
      row.overdueItemYears,
      `${base}${row.publicPath}`,
    ]).font = FONT;
  }
  [40, 16, 10, 12, 12, 12, 12, 14, 18, 18, 12, 26, 26, 12, 40].forEach((width, i) => {
    sheet.getColumn(i + 1).width = width;
  });
  for (const col of [9, 10]) sheet.getColumn(col).numFmt = '#,##0.00';
  for (const col of [8, 11]) sheet.getColumn(col).numFmt = '0.00';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function oversightFileName(data: OversightView): string {
  return `sujarit-oversight-${data.office.id}-${data.fiscalYear}-${data.round}m.xlsx`;
}
