import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderReportHtml, takeReportSnapshot } from '../../activities/reports';
import { auditKeyFrom, verifyAuditChain } from '../../db/audit';
import { storePlanVersion } from '../../db/plan-store';
import { loadConfig } from '../../config';
import { readEarlierYearForm } from '../../domain/earlier-years';
import { canonicalPlanSchema } from '../../domain/plan';
import { buildReportModel } from '../../domain/report';
import type { Actor } from '../../services/authz';
import { earlierYearsOf, recordEarlierYear } from '../../services/earlier-years';
import { freshDatabase, type FreshDatabase } from '../setup/db';

/**
 * Results of fiscal years before go-live, on a real database: entered from the old report (status, money, a short
 * result), checked, audited, and read by the next year's annual report as its comparison with the year before.
 */

const ROOT = path.join(__dirname, '..', '..');
/** A day in FY2570, the plan's last year: the years one may enter are 2566-2569. */
const NOW_MS = Date.parse('2027-01-15T03:00:00Z');

let db: FreshDatabase;
let organizationId: number;
let coordinator: Actor;
const auditKey = auditKeyFrom(loadConfig({ NODE_ENV: 'test', APP_SECRET: 'test-secret-of-at-least-thirty-two-characters' }));

beforeAll(async () => {
  db = await freshDatabase();
  const plan = canonicalPlanSchema.parse(JSON.parse(readFileSync(path.join(ROOT, 'data', 'seed', 'khek-noi.plan.json'), 'utf8')));
  const stored = await storePlanVersion(db.pool, {
    organizationSlug: 'khek-noi-earlier',
    plan,
    loadKey: 'earlier-years-test',
    sourceName: 'khek-noi.plan.json',
    sourceSha256: '0'.repeat(64),
    loadedBy: 'test',
  });
  organizationId = stored.organizationId;
  const { rows } = await db.pool.query<{ id: number }>(
    'INSERT INTO people (organization_id, full_name, position_title) VALUES ($1, $2, $3) RETURNING id',
    [organizationId, 'นางสาวพิมพ์ใจ วางแผนดี', 'นักวิเคราะห์นโยบายและแผน'],
  );
  coordinator = { personId: rows[0]!.id, organizationId, fullName: 'นางสาวพิมพ์ใจ วางแผนดี', roles: [{ role: 'coordinator', unitKey: null, acting: false }] };
});

afterAll(async () => {
  await db?.drop();
});

const deps = () => ({ pool: db.pool, auditKey });

test('the coordinator enters FY2569 from its report; the FY2570 annual report compares with it', async () => {
  const view = await earlierYearsOf(deps(), coordinator, NOW_MS);
  expect(view.fiscalYears).toEqual([2566, 2567, 2568, 2569]);
  expect(view.fiscalYear).toBe(2569);
  const [first, second, third] = view.items;
  expect(first && second && third).toBeTruthy();

  const form = {
    csrf: 'x',
    [`status-${first!.code}`]: 'done',
    [`spent-${first!.code}`]: first!.budget === null ? '' : '1,500',
    [`result-${first!.code}`]: 'จัดอบรมแล้ว ผู้เข้าร่วม 45 คน',
    [`status-${second!.code}`]: 'cancelled',
    [`status-${third!.code}`]: '',
  };
  const saved = await recordEarlierYear(deps(), coordinator, NOW_MS, 2569, readEarlierYearForm(form));
  expect(saved).toEqual({ written: 2, removed: 0 });
  // The same table again changes nothing and audits nothing.
  expect(await recordEarlierYear(deps(), coordinator, NOW_MS, 2569, readEarlierYearForm(form))).toEqual({ written: 0, removed: 0 });

  const audits = await db.pool.query<{ actor: string; action: string; after: { recordedAfterTheFact?: boolean } }>(
    `SELECT actor, action, after FROM audit_log WHERE entity_type = 'earlier_year_result' ORDER BY id`,
  );
  expect(audits.rows.map((r) => [r.actor, r.action, r.after.recordedAfterTheFact])).toEqual([
    [`person:${coordinator.personId}`, 'earlier_year_result_recorded', true],
    [`person:${coordinator.personId}`, 'earlier_year_result_recorded', true],
  ]);
  expect((await verifyAuditChain(db.pool, auditKey)).ok).toBe(true);

  const snapshot = await takeReportSnapshot(db.pool, { organizationId, kind: 'annual', fiscalYear: 2570, createdAt: new Date(NOW_MS) });
  expect(snapshot.previousYear).toMatchObject({ fiscalYear: 2569, source: 'entered' });
  const model = buildReportModel(snapshot);
  expect(model.comparison?.heading).toBe('เปรียบเทียบกับปีงบประมาณ พ.ศ. ๒๕๖๙');
  expect(model.comparison?.rows[0]).toMatchObject({ planned: 2, done: 1, cancelled: 1, budgetSpentSatang: first!.budget === null ? 0 : 150_000 });
  expect(model.comparison?.rows[1]).toMatchObject({ planned: model.overall.planned });
  const html = renderReportHtml(model);
  expect(html).toContain('เปรียบเทียบกับปีงบประมาณ พ.ศ. ๒๕๖๙');
  expect(html).toContain('บันทึกย้อนหลังจากรายงานผลการดำเนินงานฉบับเดิม');
  // The six-month report has no comparison.
  const sixMonth = await takeReportSnapshot(db.pool, { organizationId, kind: 'six_month', fiscalYear: 2570, createdAt: new Date(NOW_MS) });
  expect(buildReportModel(sixMonth).comparison).toBeNull();

  // A blank status removes an entry, audited.
  expect(await recordEarlierYear(deps(), coordinator, NOW_MS, 2569, readEarlierYearForm({ [`status-${second!.code}`]: '' }))).toEqual({ written: 0, removed: 1 });
  expect((await earlierYearsOf(deps(), coordinator, NOW_MS, 2569)).items.filter((i) => i.entry).map((i) => i.code)).toEqual([first!.code]);
});

test('a year outside the plan before this one, an unknown item, or money on an item without a budget is refused; owners may not enter', async () => {
  await expect(recordEarlierYear(deps(), coordinator, NOW_MS, 2570, { entries: [] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  await expect(recordEarlierYear(deps(), coordinator, NOW_MS, 2565, { entries: [] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  const view = await earlierYearsOf(deps(), coordinator, NOW_MS, 2568);
  const unbudgeted = view.items.find((i) => i.budget === null);
  const refused = recordEarlierYear(deps(), coordinator, NOW_MS, 2568, {
    entries: [
      { itemCode: '9.99', status: 'done' },
      ...(unbudgeted ? [{ itemCode: unbudgeted.code, status: 'done', budgetSpent: 100 }] : []),
      { itemCode: view.items[0]!.code, resultText: 'ไม่มีสถานะ' },
    ],
  });
  await expect(refused).rejects.toMatchObject({ code: 'VALIDATION_FAILED', messageTh: expect.stringContaining('ไม่อยู่ในแผน') });
  const details = await refused.then(
    () => [],
    (err: { details: Array<{ path: string }> }) => err.details,
  );
  expect(details.map((d) => d.path)).toEqual(['9.99', ...(unbudgeted ? [unbudgeted.code] : []), view.items[0]!.code]);
  const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM earlier_year_results WHERE fiscal_year = 2568');
  expect(rows[0]!.n).toBe(0);

  const owner: Actor = { ...coordinator, roles: [{ role: 'owner', unitKey: 'office-of-palad', acting: false }] };
  await expect(earlierYearsOf(deps(), owner, NOW_MS)).rejects.toMatchObject({ code: 'FORBIDDEN' });
});
