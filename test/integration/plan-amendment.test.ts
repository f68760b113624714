import { auditKeyFrom, verifyAuditChain } from '../../db/audit';
import type { CanonicalPlan, PlanItem } from '../../domain/plan';
import { stateQuery } from '../../workflows/item-year/messages';
import { planApprovalWorkflowId } from '../../workflows/plan-approval/messages';
import { recordHistory } from '../support/histories';
import { decideThroughLink, decisionLinkPath, eventually, loadSeedPlan, startTestSystem, type TestSystem } from '../support/system';
import { uploadPlanFile } from '../support/plan-upload';

/**
 * A plan amendment on the real dev server, worker and Postgres: the coordinator uploads the amended plan, sees it as
 * the difference from the version in force, confirms it, and nothing changes until the นายก approves it by signed
 * link; then the added item's year starts, the removed item's running year is cancelled with the amendment as its
 * reason (audited), and the changed budget reaches its running workflow and the projection.
 */

jest.setTimeout(180_000);

const FY = 2570;
const LONG_DAY_MS = 600_000;
const REMOVED = '1.1';
const CHANGED = '1.4';
const KEPT = '1.6';
const ADDED = '1.99';

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem('plan-amend');
  await sys.startWorker();
});

afterAll(async () => {
  await sys?.close();
});

interface ItemYearRow {
  item_code: string;
  status: string;
  budget_planned: number | null;
  cancel_reason: string | null;
  workflow_id: string;
  item_version: number;
}

async function itemYears(): Promise<Map<string, ItemYearRow>> {
  const { rows } = await sys.db.pool.query<ItemYearRow>(
    `SELECT y.item_code, y.status, y.budget_planned, y.cancel_reason, y.workflow_id, v.version AS item_version
     FROM item_years y JOIN items i ON i.id = y.item_id JOIN plan_versions v ON v.id = i.plan_version_id
     WHERE y.plan_id = $1 AND y.fiscal_year = $2`,
    [sys.planId, FY],
  );
  return new Map(rows.map((r) => [r.item_code, r]));
}

async function currentVersion(): Promise<number> {
  const { rows } = await sys.db.pool.query<{ version: number }>(
    'SELECT v.version FROM plans p JOIN plan_versions v ON v.id = p.current_version_id WHERE p.id = $1',
    [sys.planId],
  );
  return rows[0]!.version;
}

function amendedPlan(seed: CanonicalPlan): CanonicalPlan {
  const template = seed.items.find((i) => i.code === CHANGED)!;
  const added: PlanItem = {
    ...template,
    code: ADDED,
    seq: 99,
    name: 'โครงการอบรมเจ้าหน้าที่ด้านการจัดซื้อจัดจ้างโปร่งใส (เพิ่มเติม)',
    fiscalYears: [FY],
    budgetByYear: { [String(FY)]: 30000 },
  };
  const items = seed.items
    .filter((i) => i.code !== REMOVED)
    .map((i) => (i.code === CHANGED ? { ...i, budgetByYear: { ...i.budgetByYear, [String(FY)]: 20000 } } : i));
  return { ...seed, items: [...items, added], findings: [] };
}

test('an amendment is shown as a difference, changes nothing before approval, and reaches the running item-years after it', async () => {
  const seed = await loadSeedPlan();
  await sys.startFiscalYear({ fiscalYear: FY, itemCodes: [REMOVED, CHANGED, KEPT], timing: { startMs: Date.now(), dayMs: LONG_DAY_MS } });
  const before = await eventually('the three item-years to run', async () => {
    const rows = await itemYears();
    return [...rows.values()].every((r) => r.status === 'in_progress') && rows.size === 3 ? rows : undefined;
  });
  expect(before.get(CHANGED)!.budget_planned).toBe(15000);
  const versionInForce = await currentVersion();

  const cookie = sys.cookieFor('coordinator');
  const location = await uploadPlanFile(sys, cookie, { name: 'amendment-1.json', contentType: 'application/json', bytes: Buffer.from(JSON.stringify(amendedPlan(seed))) });
  const page = await eventually('the import page to offer the confirmation', async () => {
    const shown = await sys.app.inject({ url: location, headers: { cookie } });
    return shown.body.includes(`action="${location}/confirm"`) ? shown.body : undefined;
  });
  // The difference from the version in force, Thai first.
  const diff = page.slice(page.indexOf('id="amendment"'), page.indexOf(`<caption>${seed.organization.name}</caption>`));
  expect(diff).toContain('แผนฯ แก้ไขเพิ่มเติม/เปลี่ยนแปลง ครั้งที่ 1');
  expect(diff).toContain('เพิ่ม 1 รายการ ยกเลิก 1 รายการ เปลี่ยนแปลง 1 รายการ');
  expect(diff).toMatch(new RegExp(`รายการที่เพิ่ม[\\s\\S]*>${ADDED.replace('.', '\\.')}<[\\s\\S]*รายการที่ยกเลิก[\\s\\S]*>${REMOVED.replace('.', '\\.')}<[\\s\\S]*รายการที่เปลี่ยนแปลง[\\s\\S]*>${CHANGED.replace('.', '\\.')}<`));
  expect(diff).toContain(`งบประมาณ ${FY}: 15,000 บาท → 20,000 บาท`);

  const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
  const mailsBefore = sys.smtp.mails.length;
  const confirmed = await sys.app.inject({
    method: 'POST',
    url: `${location}/confirm`,
    headers: { cookie, origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf }).toString(),
  });
  expect(confirmed.statusCode).toBe(303);
  const stored = await sys.db.pool.query<{ id: number; version: number; amendment_number: number; approval_status: string }>(
    `SELECT v.id, v.version, v.amendment_number, v.approval_status FROM plan_imports i JOIN plan_versions v ON v.id = i.plan_version_id WHERE i.id = $1`,
    [Number(location.split('/').at(-1))],
  );
  const amendment = stored.rows[0]!;
  expect(amendment).toMatchObject({ amendment_number: 1, approval_status: 'pending' });

  // The นายก is asked, by link, about amendment no. 1 and what it changes.
  const link = await eventually('a decision link mailed to the นายก', async () => {
    for (const mail of sys.smtp.mails.slice(mailsBefore).filter((m) => m.envelopeTo.includes(sys.people.mayor!.email))) {
      const found = decisionLinkPath(mail.parsed.text ?? '');
      if (found) return found;
    }
    return undefined;
  });
  const asked = await sys.app.inject({ url: link });
  expect(asked.body).toContain('แก้ไขเพิ่มเติม/เปลี่ยนแปลง ครั้งที่ 1');
  expect(asked.body).toContain(`เพิ่ม 1 รายการ (${ADDED})`);

  // Someone asks the นายก to cancel the item the amendment removes: that request waits for its own decision.
  const removedId = before.get(REMOVED)!.workflow_id;
  const asking = await sys.app.inject({
    method: 'POST',
    url: `/api/items/${REMOVED}/years/${FY}/cancellation`,
    headers: sys.apiHeaders('coordinator'),
    payload: { reason: 'ขอยกเลิกเพราะซ้ำกับโครงการของจังหวัด' },
  });
  expect([200, 202]).toContain(asking.statusCode);
  const pendingKey = await eventually('the cancellation request to wait for the นายก', async () =>
    (await sys.client.workflow.getHandle(removedId).query(stateQuery)).pendingCancellation?.decisionKey,
  );

  // Before approval nothing changed: the version in force, the item-years and their workflows.
  expect(await currentVersion()).toBe(versionInForce);
  const waiting = await itemYears();
  expect([...waiting.keys()].sort()).toEqual([CHANGED, KEPT, REMOVED].sort());
  expect([...waiting.values()].map((r) => [r.item_code, r.status, r.item_version])).toEqual(
    [...before.values()].map((r) => [r.item_code, 'in_progress', r.item_version]),
  );
  expect(waiting.get(CHANGED)!.budget_planned).toBe(15000);
  expect((await sys.client.workflow.getHandle(waiting.get(CHANGED)!.workflow_id).query(stateQuery)).amended).toBeUndefined();

  const decided = await decideThroughLink(sys.app, link, { outcome: 'approve' });
  expect(decided.status).toBe(200);

  const after = await eventually('the amendment to reach the item-years', async () => {
    const rows = await itemYears();
    const ok =
      rows.get(REMOVED)?.status === 'cancelled' && rows.get(CHANGED)?.budget_planned === 20000 && rows.get(ADDED)?.status === 'in_progress';
    return ok ? rows : undefined;
  }, 60_000);
  expect(await currentVersion()).toBe(amendment.version);

  // Removed: cancelled with the amendment as the reason, audited; its workflow ended.
  const removed = after.get(REMOVED)!;
  expect(removed.cancel_reason).toContain('ยกเลิกตามแผนปฏิบัติการป้องกันการทุจริต (แก้ไขเพิ่มเติม/เปลี่ยนแปลง ครั้งที่ 1)');
  const removedHandle = sys.client.workflow.getHandle(removed.workflow_id);
  await eventually('the removed item-year to end', async () => ((await removedHandle.describe()).status.name === 'COMPLETED' ? true : undefined));
  // The person's request is withdrawn, not refused: the amendment is why the year ended.
  const removedState = await removedHandle.query(stateQuery);
  expect(removedState.pendingCancellation).toBeUndefined();
  expect(removedState.cancelReason).toBe(removed.cancel_reason);
  const points = await sys.db.pool.query<{ status: string }>(
    'SELECT status FROM decision_points WHERE workflow_id = $1 AND decision_key = $2',
    [removed.workflow_id, pendingKey],
  );
  expect(points.rows).toEqual([{ status: 'withdrawn' }]);
  const refusedAudit = await sys.db.pool.query(`SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'cancellation_refused'`, [removed.workflow_id]);
  expect(refusedAudit.rowCount).toBe(0);
  const cancelledAudit = await sys.db.pool.query<{ actor: string; after: { phase: string; reason: string; amendment: { planVersionId: number; number: number } } }>(
    `SELECT actor, after FROM audit_log WHERE entity_type = 'item_year' AND entity_id = $1 AND action = 'phase:cancelled'`,
    [removed.workflow_id],
  );
  expect(cancelledAudit.rows).toHaveLength(1);
  expect(cancelledAudit.rows[0]!.actor).toBe(`person:${sys.people.mayor!.id}`);
  expect(cancelledAudit.rows[0]!.after).toMatchObject({ phase: 'cancelled', reason: removed.cancel_reason, amendment: { planVersionId: Number(amendment.id), number: 1 } });

  // Changed: the running workflow holds the new budget, and the item-year refers to the amended version.
  const changed = after.get(CHANGED)!;
  const changedHandle = sys.client.workflow.getHandle(changed.workflow_id);
  const changedState = await changedHandle.query(stateQuery);
  expect(changedState.amended).toMatchObject({ planVersionId: Number(amendment.id), number: 1, budget: 20000 });
  expect(changedState.phase).toBe('proposal');
  expect(changed.item_version).toBe(amendment.version);
  const amendedAudit = await sys.db.pool.query<{ before: { budget: number }; after: { budget: number } }>(
    `SELECT before, after FROM audit_log WHERE entity_id = $1 AND action = 'amended'`,
    [changed.workflow_id],
  );
  expect(amendedAudit.rows.map((r) => [r.before.budget, r.after.budget])).toEqual([[15000, 20000]]);

  // Their owners are told, Thai first.
  const notices = await sys.db.pool.query<{ idempotency_key: string; subject: string }>(
    `SELECT DISTINCT idempotency_key, subject FROM outbox WHERE channel = 'inbox' AND idempotency_key LIKE '%:amendment:v' || $1 || ':notice%'`,
    [String(amendment.id)],
  );
  const told = [...new Set(notices.rows.map((r) => JSON.stringify([r.idempotency_key.split(':notice')[0], r.subject.split(':')[0]])))].sort();
  expect(told.map((j) => JSON.parse(j) as string[])).toEqual([
    [`${removed.workflow_id}:amendment:v${amendment.id}`, 'ยกเลิกรายการตามแผนที่แก้ไข'],
    [`${changed.workflow_id}:amendment:v${amendment.id}`, 'รายการเปลี่ยนตามแผนที่แก้ไข'],
  ]);

  // The item page says so, Thai first: the planned budget and the amendment on its timeline.
  const itemPage = await sys.app.inject({ url: `/items/${CHANGED}/years/${FY}`, headers: { cookie } });
  expect(itemPage.statusCode).toBe(200);
  expect(itemPage.body).toContain('แก้ไขตามแผนฯ แก้ไขเพิ่มเติม/เปลี่ยนแปลง ครั้งที่ 1: งบประมาณตามแผน 20,000 บาท');
  const removedPage = await sys.app.inject({ url: `/items/${REMOVED}/years/${FY}`, headers: { cookie } });
  expect(removedPage.body).toContain('ยกเลิกตามแผนปฏิบัติการป้องกันการทุจริต (แก้ไขเพิ่มเติม/เปลี่ยนแปลง ครั้งที่ 1)');

  // Added: its year started from the amended version; the unchanged one runs on untouched.
  const added = after.get(ADDED)!;
  expect(added.budget_planned).toBe(30000);
  expect(added.item_version).toBe(amendment.version);
  expect((await sys.client.workflow.getHandle(added.workflow_id).describe()).status.name).toBe('RUNNING');
  expect(after.get(KEPT)!.status).toBe('in_progress');
  expect((await sys.client.workflow.getHandle(after.get(KEPT)!.workflow_id).query(stateQuery)).amended).toBeUndefined();

  const applied = await sys.db.pool.query<{ after: { fiscalYears: Array<{ fiscalYear: number; toStart: string[]; cancelled: string[]; updated: string[] }> } }>(
    `SELECT after FROM audit_log WHERE action = 'plan_amendment_applied' AND entity_id = $1`,
    [String(amendment.id)],
  );
  expect(applied.rows).toHaveLength(1);
  expect(applied.rows[0]!.after.fiscalYears).toEqual([{ fiscalYear: FY, toStart: [ADDED], cancelled: [REMOVED], updated: [CHANGED] }]);
  const approvalHandle = sys.client.workflow.getHandle(planApprovalWorkflowId(sys.organizationSlug, Number(amendment.id)));
  const approvalResult = (await approvalHandle.result()) as { phase: string };
  expect(approvalResult.phase).toBe('applied');
  const shown = await sys.app.inject({ url: location, headers: { cookie } });
  expect(shown.body).toContain('การแก้ไขนี้ใช้กับรายการที่ดำเนินอยู่แล้ว');
  expect((await verifyAuditChain(sys.db.pool, auditKeyFrom(sys.config))).ok).toBe(true);

  await recordHistory(removedHandle, 'item-year-cancelled-by-amendment');
  await recordHistory(changedHandle, 'item-year-amended');
  await recordHistory(approvalHandle, 'plan-amendment-approval');
});
