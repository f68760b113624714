import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { appendAudit, appendAuditEntries, type AuditEntry, type AuditKey } from '../db/audit';
import { inTransaction } from '../db/pool';
import * as earlier from '../db/queries/earlier-years';
import { findOrganizationById } from '../db/queries/organizations';
import { findPlanCoveringYear, getPlanSummary, listItemsOfVersion } from '../db/queries/plans';
import { earlierYearInput, earlierYearProblems, type EarlierYearEntry } from '../domain/earlier-years';
import { fiscalYearOf } from '../domain/fiscal';
import { hasRole, type Actor } from './authz';
import { AppError, parseInput } from './errors';
import { checkEvidence } from './evidence';
import { putContent, type FileStore } from './files';

/**
 * Results of fiscal years before go-live (domain/earlier-years.ts), for the coordinator: the plan's items of a year
 * with what is entered, and the entries of a year written and audited in one transaction. The annual report of the
 * year after reads them as its comparison (activities/reports/snapshot.ts).
 */

export interface EarlierYearsDeps {
  pool: Pool;
  auditKey: AuditKey;
}

export interface EarlierYearsView {
  runningFiscalYear: number;
  /** The years one may enter, oldest first; empty when the plan starts this year. */
  fiscalYears: number[];
  fiscalYear: number | null;
  items: Array<{ code: string; name: string; budget: number | null; entry?: earlier.EarlierYearResultRow }>;
  /** The year's old report as uploaded (its file), when there is one. */
  report?: earlier.EarlierYearReportRow;
}

function requireCoordinator(actor: Actor): void {
  if (!hasRole(actor, 'coordinator', 'admin')) {
    throw new AppError('FORBIDDEN', 'หน้านี้สำหรับผู้ประสานแผนเท่านั้น', 'This page is for the plan coordinator only.');
  }
}

/** The plan in force this year, its earlier years, and the items of the year asked about that run in it. */
async function planContext(pool: Pool, actor: Actor, nowMs: number, asked: number | undefined) {
  requireCoordinator(actor);
  const org = await findOrganizationById(pool, actor.organizationId);
  if (!org) throw new AppError('NOT_FOUND', 'ไม่พบองค์กร', 'organisation not found');
  const runningFiscalYear = fiscalYearOf(nowMs);
  const covering = await findPlanCoveringYear(pool, org.id, runningFiscalYear);
  const plan = covering && (await getPlanSummary(pool, covering.id));
  if (!plan || plan.currentVersionId === null) {
    throw new AppError('NOT_FOUND', `ยังไม่มีแผนที่ครอบคลุมปีงบประมาณ ${runningFiscalYear}`, `no plan covers fiscal year ${runningFiscalYear} yet`);
  }
  const fiscalYears: number[] = [];
  for (let fy = plan.firstFiscalYear; fy < runningFiscalYear; fy++) fiscalYears.push(fy);
  const fiscalYear = asked !== undefined && fiscalYears.includes(asked) ? asked : (fiscalYears.at(-1) ?? null);
  const items =
    fiscalYear === null
      ? []
      : (await listItemsOfVersion(pool, plan.currentVersionId))
          .filter((i) => String(fiscalYear) in i.budgetByYear)
          .map((i) => ({ code: i.code, name: i.name, budget: i.budgetByYear[String(fiscalYear)] ?? null }));
  return { org, plan, runningFiscalYear, fiscalYears, fiscalYear, items };
}

export async function earlierYearsOf(deps: Pick<EarlierYearsDeps, 'pool'>, actor: Actor, nowMs: number, fiscalYear?: number): Promise<EarlierYearsView> {
  const context = await planContext(deps.pool, actor, nowMs, fiscalYear);
  const entries = context.fiscalYear === null ? [] : await earlier.listEarlierYearResults(deps.pool, context.plan.id, context.fiscalYear);
  const report = context.fiscalYear === null ? null : await earlier.findEarlierYearReport(deps.pool, context.org.id, context.fiscalYear);
  return {
    ...(report ? { report } : {}),
    runningFiscalYear: context.runningFiscalYear,
    fiscalYears: context.fiscalYears,
    fiscalYear: context.fiscalYear,
    items: context.items.map((item) => {
      const entry = entries.find((e) => e.itemCode === item.code);
      return { ...item, ...(entry ? { entry } : {}) };
    }),
  };
}

/**
 * Stores a year's entries: each given status writes the item's entry, a blank one removes it; every change is one
 * audit row with the entry before and after, by the coordinator. A problem with any entry stores none (400, each
 * problem listed).
 */
export async function recordEarlierYear(
  deps: EarlierYearsDeps,
  actor: Actor,
  nowMs: number,
  fiscalYear: number,
  input: unknown,
): Promise<{ written: number; removed: number }> {
  const context = await planContext(deps.pool, actor, nowMs, fiscalYear);
  const { entries } = parseInput(earlierYearInput, input, 'ผลการดำเนินงานปีก่อน', 'earlier-year results');
  const problems = earlierYearProblems(entries as EarlierYearEntry[], {
    fiscalYear,
    firstFiscalYear: context.plan.firstFiscalYear,
    runningFiscalYear: context.runningFiscalYear,
    items: context.items,
  });
  if (problems.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `ข้อมูลผลการดำเนินงานปีก่อนไม่ถูกต้อง: ${problems[0]!.th}`,
      `invalid earlier-year results: ${problems[0]!.en}`,
      problems.map((p) => ({ path: p.itemCode, message: `${p.th} / ${p.en}` })),
    );
  }
  const planId = context.plan.id;
  return inTransaction(deps.pool, async (tx) => {
    const stored = await earlier.listEarlierYearResults(tx, planId, fiscalYear);
    const audits: AuditEntry[] = [];
    let written = 0;
    let removed = 0;
    for (const entry of entries) {
      const before = stored.find((s) => s.itemCode === entry.itemCode);
      const beforeFacts = before ? { status: before.status, budgetSpent: before.budgetSpent, resultText: before.resultText } : null;
      if (!entry.status) {
        if (!before) continue;
        await earlier.deleteEarlierYearResult(tx, { planId, itemCode: entry.itemCode, fiscalYear });
        removed++;
      } else {
        const after = { status: entry.status, budgetSpent: entry.budgetSpent, resultText: entry.resultText };
        if (beforeFacts && JSON.stringify(beforeFacts) === JSON.stringify(after)) continue;
        await earlier.upsertEarlierYearResult(tx, {
          organizationId: context.org.id,
          planId,
          itemCode: entry.itemCode,
          fiscalYear,
          ...after,
          recordedBy: actor.personId,
        });
        written++;
      }
      audits.push({
        idempotencyKey: `earlier-year:${planId}:${entry.itemCode}:${fiscalYear}:${randomUUID()}`,
        organizationId: context.org.id,
        occurredAt: new Date(nowMs),
        actor: `person:${actor.personId}`,
        action: entry.status ? 'earlier_year_result_recorded' : 'earlier_year_result_removed',
        entityType: 'earlier_year_result',
        entityId: `${planId}:${entry.itemCode}:${fiscalYear}`,
        before: beforeFacts,
        after: entry.status ? { status: entry.status, budgetSpent: entry.budgetSpent, resultText: entry.resultText, recordedAfterTheFact: true } : null,
      });
    }
    if (audits.length) await appendAuditEntries(tx, deps.auditKey, audits);
    return { written, removed };
  });
}

/** The old report's file as the page sends it, already read. */
export interface EarlierYearReportFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
  truncated: boolean;
}

/**
 * Keeps the old report of an earlier year (its signed PDF, a scan, the Word file), checked as evidence is
 * (services/evidence.ts), its bytes in the file store under their hash and its row replacing the one before, audited
 * in the same transaction. A refused file changes nothing stored. The ITA pack carries it as that year's original.
 */
export async function uploadEarlierYearReport(
  deps: EarlierYearsDeps & { files: FileStore },
  actor: Actor,
  nowMs: number,
  fiscalYear: number,
  file: EarlierYearReportFile | undefined,
): Promise<earlier.EarlierYearReportRow> {
  const context = await planContext(deps.pool, actor, nowMs, fiscalYear);
  if (!context.fiscalYears.includes(fiscalYear)) {
    const [first, last] = [context.fiscalYears[0], context.fiscalYears.at(-1)];
    throw new AppError(
      'VALIDATION_FAILED',
      first === undefined
        ? 'แผนนี้เริ่มในปีงบประมาณนี้ จึงไม่มีปีก่อนให้แนบรายงาน'
        : `แนบรายงานฉบับเดิมได้เฉพาะปีงบประมาณ ${first}–${last} ของแผนนี้`,
      first === undefined ? 'this plan starts this fiscal year: there is no earlier year to attach a report to' : `old reports are attached for fiscal years ${first}–${last} of this plan only`,
    );
  }
  if (!file) {
    throw new AppError('VALIDATION_FAILED', 'กรุณาเลือกไฟล์รายงานฉบับเดิม', 'choose the file of the old report');
  }
  const fileName = file.fileName || 'report';
  if (file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', `ไฟล์ ${fileName} ใหญ่เกิน 10 MB`, `${fileName} is larger than 10 MB`);
  checkEvidence({ fileName, contentType: file.contentType, bytes: file.bytes });
  const stored = await putContent(deps.files, 'evidence', file.bytes, file.contentType);
  const organizationId = context.org.id;
  await inTransaction(deps.pool, async (tx) => {
    const before = await earlier.findEarlierYearReport(tx, organizationId, fiscalYear);
    await earlier.upsertEarlierYearReport(tx, {
      organizationId,
      fiscalYear,
      fileName,
      contentType: file.contentType,
      sizeBytes: stored.sizeBytes,
      sha256: stored.sha256,
      storageKey: stored.key,
      uploadedBy: actor.personId,
    });
    await appendAudit(tx, deps.auditKey, {
      idempotencyKey: `earlier-year-report:${organizationId}:${fiscalYear}:${randomUUID()}`,
      organizationId,
      occurredAt: new Date(nowMs),
      actor: `person:${actor.personId}`,
      action: 'earlier_year_report_uploaded',
      entityType: 'earlier_year_report',
      entityId: `${organizationId}:${fiscalYear}`,
      before: before ? { fileName: before.fileName, sha256: before.sha256, sizeBytes: before.sizeBytes } : null,
      after: { fileName, sha256: stored.sha256, sizeBytes: stored.sizeBytes, recordedAfterTheFact: true },
    });
  });
  return (await earlier.findEarlierYearReport(deps.pool, organizationId, fiscalYear))!;
}
