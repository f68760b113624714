import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { bangkokDate } from '../../domain/fiscal';
import type { Target } from '../../domain/plan';
import {
  SNAPSHOT_SCHEMA_VERSION,
  canonicalJson,
  deepFreeze,
  reportSnapshotSchema,
  type ReportSnapshot,
  type SnapshotItem,
  type PreviousYear,
  type YearFigures,
} from '../../domain/report';
import { progressStatus } from '../../domain/item-status';
import type { Db } from '../../db/pool';
import type { ReportKind } from '../../domain/report-kind';
import { withPoolClient } from '../../db/pool';
import { findOrganizationById } from '../../db/queries/organizations';
import * as q from '../../db/queries/reports';
import { reportRunOf } from '../../db/report-run';

export interface TakeSnapshotInput {
  organizationId: number;
  kind: ReportKind;
  fiscalYear: number;
  /** The moment the snapshot stands for; the caller's clock, so a workflow can pass its own time. */
  createdAt: Date;
  /** ITA score and case reduction the organisation recorded for the year; missing values print ยังไม่มีข้อมูล. */
  recorded?: Partial<YearFigures>;
  /** Public base of evidence links (`<base>/<evidence id>`); omitted: the documents list file names only. */
  evidenceBaseUrl?: string | null;
}

export class ReportSnapshotError extends Error {
  constructor(
    readonly code: 'ORGANIZATION_NOT_FOUND' | 'NO_PLAN_FOR_FISCAL_YEAR',
    message: string,
  ) {
    super(message);
    this.name = 'ReportSnapshotError';
  }
}

/**
 * Reads everything a report shows into one frozen, validated snapshot. The reads run in one read-only
 * repeatable-read transaction, so a workflow writing its projection meanwhile cannot leave the report half old,
 * half new.
 */
export async function takeReportSnapshot(pool: Pool, input: TakeSnapshotInput): Promise<ReportSnapshot> {
  return withPoolClient(pool, async (client, discard) => {
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const organization = await findOrganizationById(client, input.organizationId);
      if (!organization) {
        throw new ReportSnapshotError(
          'ORGANIZATION_NOT_FOUND',
          `ไม่พบองค์กร / organisation not found: ${input.organizationId}`,
        );
      }
      const plan = await q.findPlanForFiscalYear(client, input.organizationId, input.fiscalYear);
      if (!plan) {
        throw new ReportSnapshotError(
          'NO_PLAN_FOR_FISCAL_YEAR',
          `ไม่มีแผนที่ครอบคลุมปีงบประมาณ ${input.fiscalYear} / no plan covers fiscal year ${input.fiscalYear}`,
        );
      }
      // One connection runs one statement at a time, so these reads go in sequence.
      const targets = await q.findPlanTargets(client, plan.versionId, input.fiscalYear);
      const dimensions = await q.listPlanDimensions(client, plan.versionId);
      const missions = await q.listPlanMissions(client, plan.versionId);
      const units = await q.listOrganizationUnits(client, input.organizationId);
      const itemRows = await q.listReportItems(client, { planId: plan.id, planVersionId: plan.versionId, fiscalYear: input.fiscalYear });
      const itemYearIds = itemRows.flatMap((r) => (r.itemYearId === null ? [] : [r.itemYearId]));
      const indicators = await q.listReportIndicators(client, itemRows.map((r) => r.itemId));
      const steps = await q.listReportSteps(client, itemYearIds);
      const results = await q.listReportIndicatorResults(client, itemYearIds);
      const evidence = await q.listReportEvidence(client, itemYearIds);
      const signatories = await q.listReportSignatories(client, {
        organizationId: input.organizationId,
        onDate: bangkokDate(input.createdAt.getTime()),
      });
      const previousYear = input.kind === 'annual' ? await previousYearOf(client, input.organizationId, input.fiscalYear - 1) : null;
      await client.query('COMMIT');

      const byItem = groupBy(indicators, (r) => r.itemId);
      const stepsByYear = groupBy(steps, (r) => r.itemYearId);
      const resultsByYear = groupBy(results, (r) => r.itemYearId);
      const evidenceByYear = groupBy(evidence, (r) => r.itemYearId);
      const signatory = (role: q.ReportSignatoryRow['role']) => {
        const row = signatories.find((s) => s.role === role);
        return row ? { fullName: row.fullName, positionTitle: row.positionTitle, acting: row.acting } : null;
      };

      const items: SnapshotItem[] = itemRows.map((row) => ({
        code: row.code,
        dimension: row.dimension,
        seq: row.seq,
        missionCode: row.missionCode,
        kind: row.kind,
        name: row.name,
        unitKey: row.unitKey,
        unitText: row.unitText,
        budgetPlannedSatang: row.budgetPlannedSatang,
        indicators: (byItem.get(row.itemId) ?? []).map((i) => ({
          ordinal: i.ordinal,
          kind: i.kind,
          text: i.text,
          target: targetOf(i),
        })),
        run:
          row.itemYearId === null
            ? null
            : reportRunOf(row, stepsByYear.get(row.itemYearId) ?? [], resultsByYear.get(row.itemYearId) ?? [], evidenceByYear.get(row.itemYearId) ?? []),
      }));

      const snapshot = reportSnapshotSchema.parse({
        schemaVersion: SNAPSHOT_SCHEMA_VERSION,
        kind: input.kind,
        fiscalYear: input.fiscalYear,
        createdAt: input.createdAt.toISOString(),
        organization: {
          id: organization.id,
          slug: organization.slug,
          name: organization.name,
          district: organization.district,
          province: organization.province,
        },
        plan,
        targets: targets ?? null,
        recorded: {
          itaScore: input.recorded?.itaScore ?? null,
          caseReductionPercent: input.recorded?.caseReductionPercent ?? null,
        },
        dimensions,
        missions,
        units,
        items,
        signatories: { coordinator: signatory('coordinator'), palad: signatory('palad'), mayor: signatory('mayor') },
        evidenceBaseUrl: input.evidenceBaseUrl ? input.evidenceBaseUrl.replace(/\/+$/, '') : null,
        previousYear,
      });
      return deepFreeze(snapshot);
    } catch (err) {
      await client.query('ROLLBACK').catch(discard);
      throw err;
    }
  });
}

/**
 * The annual report's year before: as it ran in the system when it did, else as the coordinator entered it from
 * that year's report (services/earlier-years.ts); null when neither exists.
 */
async function previousYearOf(db: Db, organizationId: number, fiscalYear: number): Promise<PreviousYear | null> {
  if (fiscalYear < 2500) return null;
  const ran = await q.listYearStandings(db, organizationId, fiscalYear);
  if (ran.length > 0) {
    return {
      fiscalYear,
      source: 'system',
      items: ran.map((r) => ({
        code: r.code,
        status: progressStatus({ status: r.status, phase: r.phase, anyStepDone: r.anyStepDone }),
        budgetPlannedSatang: r.budgetPlannedSatang,
        budgetSpentSatang: r.budgetSpentSatang,
      })),
    };
  }
  const entered = await q.listEnteredYearResults(db, organizationId, fiscalYear);
  if (entered.length === 0) return null;
  return {
    fiscalYear,
    source: 'entered',
    items: entered.map((r) => ({
      code: r.code,
      status: r.status as PreviousYear['items'][number]['status'],
      budgetPlannedSatang: r.budgetPlannedSatang,
      budgetSpentSatang: r.budgetSpentSatang,
    })),
  };
}

/** SHA-256 of the snapshot's canonical JSON: the same after a jsonb round trip. */
export function snapshotSha256(snapshot: ReportSnapshot): string {
  return createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

const COMPARATORS = new Set(['gte', 'lte', 'eq', 'gt', 'lt']);
const UNITS = new Set(['percent', 'count', 'score', 'times', 'level', 'other']);

function targetOf(row: q.ReportIndicatorRow): Target | null {
  if (row.comparator === null || row.value === null || !COMPARATORS.has(row.comparator)) return null;
  const unit = row.unit !== null && UNITS.has(row.unit) ? row.unit : 'other';
  return {
    comparator: row.comparator as Target['comparator'],
    value: row.value,
    unit: unit as Target['unit'],
    ...(row.unitText ? { unitText: row.unitText } : {}),
  };
}
