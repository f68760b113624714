import { auditKeyFrom, verifyAuditChain } from '../../db/audit';
import type { CanonicalPlan, PlanItem, Step } from '../../domain/plan';
import { completeStepSignal, stateQuery } from '../../workflows/item-year/messages';
import { planApprovalWorkflowId } from '../../workflows/plan-approval/messages';
import { recordHistory } from '../support/histories';
import { decideThroughLink, decisionLinkPath, eventually, loadSeedPlan, startTestSystem, type TestSystem } from '../support/system';
import { uploadPlanFile } from '../support/plan-upload';

/**
 * What an approved amendment does beyond budgets, on the real dev server, worker and Postgres: an item moved to
 * another division with new method steps is told so while it runs (its owner, its steps and their due dates, the
 * reminders that follow them, the projection's overdue date); an item renumbered with the same name is named on the
 * page as removed and added; and an item one amendment took out of the year and the next put back runs again, as a
 * new run under a new workflow id, audited.
 */

jest.setTimeout(240_000);

const FY = 2570;
/** One plan day in 2 s: the moved item's first new step is due 30 days in, its 7-day reminder a minute or so later. */
const DAY_MS = 2000;
/** A measure without budget (no approval stage), the whole organisation's: it runs its steps from day 0. */
const MOVED = '2.14';
const REMOVED_THEN_BACK = '1.4';
const RENUMBERED = '1.5';
const NEW_STEPS: Step[] = [{ text: 'รายงานผลการดำเนินงานต่อนายกทุกเดือน (ตามแผนที่แก้ไข)', phase: 'reporting', recurrence: 'monthly' }];

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem('plan-amend-more');
  await sys.startWorker();
});

afterAll(async () => {
  await sys?.close();
});

interface Row {
  id: number;
  item_code: string;
  status: string;
  workflow_id: string;
  unit_key: string;
  owner_person_id: number | null;
  next_due_at: Date | null;
  run: number;
}

async function row(code: string): Promise<Row> {
  const { rows } = await sys.db.pool.query<Row>(
    `SELECT id::int, item_code, status, workflow_id, unit_key, owner_person_id::int, next_due_at, run FROM item_years
     WHERE plan_id = $1 AND fiscal_year = $2 AND item_code = $3`,
    [sys.planId, FY, code],
  );
  return rows[0]!;
}

/** Uploads the plan as an amendment, confirms it and has the นายก approve it by link; answers the page and version. */
async function amend(plan: CanonicalPlan, name: string): Promise<{ page: string; versionId: number }> {
  const cookie = sys.cookieFor('coordinator');
  const location = await uploadPlanFile(sys, cookie, { name, contentType: 'application/json', bytes: Buffer.from(JSON.stringify(plan)) });
  const page = await eventually('the import page to offer the confirmation', async () => {
    const shown = await sys.app.inject({ url: location, headers: { cookie } });
    return shown.body.includes(`action="${location}/confirm"`) ? shown.body : undefined;
  });
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
  const mailsBefore = sys.smtp.mails.length;
  const confirmed = await sys.app.inject({
    method: 'POST',
    url: `${location}/confirm`,
    headers: { cookie, origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf }).toString(),
  });
  expect(confirmed.statusCode).toBe(303);
  const stored = await sys.db.pool.query<{ id: string }>('SELECT plan_version_id AS id FROM plan_imports WHERE id = $1', [Number(location.split('/').at(-1))]);
  const versionId = Number(stored.rows[0]!.id);
  const link = await eventually('a decision link mailed to the นายก', async () => {
    for (const mail of sys.smtp.mails.slice(mailsBefore).filter((m) => m.envelopeTo.includes(sys.people.mayor!.email))) {
      const found = decisionLinkPath(mail.parsed.text ?? '');
      if (found) return found;
    }
    return undefined;
  });
  expect((await decideThroughLink(sys.app, link, { outcome: 'approve' })).status).toBe(200);
  const approval = sys.client.workflow.getHandle(planApprovalWorkflowId(sys.organizationSlug, versionId));
  expect(((await approval.result()) as { phase: string }).phase).toBe('applied');
  return { page, versionId };
}

test('a moved item with new steps follows them; a renumbered item is named; an item put back runs again', async () => {
  const seed = await loadSeedPlan();
  const startMs = Date.now();
  await sys.startFiscalYear({ fiscalYear: FY, itemCodes: [MOVED, REMOVED_THEN_BACK], timing: { startMs, dayMs: DAY_MS } });
  const before = await eventually('both item-years to run', async () => {
    const [moved, back] = [await row(MOVED), await row(REMOVED_THEN_BACK)];
    return moved?.status === 'in_progress' && back?.status === 'in_progress' ? { moved, back } : undefined;
  });
  expect(before.moved.unit_key).toBe('organization');
  expect(before.moved.owner_person_id).toBe(sys.people.coordinator!.id);
  const movedHandle = sys.client.workflow.getHandle(before.moved.workflow_id);
  const oldKeys = (await movedHandle.query(stateQuery)).steps.map((s) => s.key);
  expect(oldKeys).toContain('s4-1');
  // One step is done before the amendment: the work happened, and the amendment keeps it.
  await movedHandle.signal(completeStepSignal, { requestId: 'done-before', personId: sys.people.coordinator!.id, stepKey: 's1', notes: 'ทำแล้ว', evidenceIds: [] });
  await eventually('the first step to be done', async () =>
    (await movedHandle.query(stateQuery)).steps.find((s) => s.key === 's1')?.status === 'done' ? true : undefined,
  );

  // Amendment 1: 2.14 moves to the finance division with one monthly step; 1.4 is taken out; 1.5 is renumbered 1.50.
  const first: CanonicalPlan = {
    ...seed,
    findings: [],
    items: seed.items
      .filter((i) => i.code !== REMOVED_THEN_BACK)
      .map((i): PlanItem => {
        if (i.code === MOVED) return { ...i, responsibleUnit: 'finance', steps: NEW_STEPS };
        if (i.code === RENUMBERED) return { ...i, code: '1.50', seq: 50 };
        return i;
      }),
  };
  const { page, versionId: firstId } = await amend(first, 'amendment-1.json');
  const diff = page.slice(page.indexOf('id="amendment"'), page.indexOf(`<caption>${seed.organization.name}</caption>`));
  // The renumbered item is named as removed and added, and what that does is said plainly, Thai first.
  expect(diff).toContain('ระบบจับคู่รายการด้วยรหัสเท่านั้น');
  expect(diff).toContain(`<li>${RENUMBERED} → 1.50: `);
  expect(diff).toContain('Items are matched by code only');
  expect(diff).toContain('วิธีดำเนินการ (กำหนดส่งของแต่ละขั้นคำนวณใหม่)');

  // The moved item: its run holds the new unit, owner and steps; the projection has them and its next due date.
  const financeOwner = sys.people['finance-owner']!;
  const moved = await eventually('the moved item-year to follow the amendment', async () => {
    const r = await row(MOVED);
    return r.unit_key === 'finance' ? r : undefined;
  });
  expect(moved.owner_person_id).toBe(financeOwner.id);
  const state = await movedHandle.query(stateQuery);
  expect(state.amended).toMatchObject({ planVersionId: firstId, number: 1, unit: { unitKey: 'finance', section: null } });
  expect(state.ownerPersonId).toBe(financeOwner.id);
  const pending = state.steps.filter((s) => s.status === 'pending');
  expect(pending.map((s) => s.key)).toEqual(Array.from({ length: 12 }, (_, i) => `s1-${i + 1}`));
  expect(pending.every((s) => s.text === NEW_STEPS[0]!.text)).toBe(true);
  expect(state.steps.filter((s) => s.status === 'done').map((s) => [s.key, s.notes])).toEqual([['s1', 'ทำแล้ว']]);
  const newKeys = state.steps.map((s) => s.key);
  const firstDue = pending[0]!.dueAtMs;
  expect(firstDue).toBe(startMs + (30 + 16.5 / 24) * DAY_MS);
  const stepRows = await sys.db.pool.query<{ step_key: string; text: string }>('SELECT step_key, text FROM item_year_steps WHERE item_year_id = $1 ORDER BY due_at, ordinal', [moved.id]);
  expect(stepRows.rows.map((r) => r.step_key)).toEqual(newKeys);
  expect(moved.next_due_at!.getTime()).toBe(firstDue);
  const audit = await sys.db.pool.query<{ before: Record<string, unknown>; after: Record<string, unknown> }>(
    `SELECT before, after FROM audit_log WHERE entity_id = $1 AND action = 'amended'`,
    [moved.workflow_id],
  );
  expect(audit.rows).toHaveLength(1);
  expect(audit.rows[0]!.before).toMatchObject({ unit: { unitKey: 'organization' }, owner: sys.people.coordinator!.id });
  expect(audit.rows[0]!.after).toMatchObject({ unit: { unitKey: 'finance', section: null }, owner: financeOwner.id });
  expect((audit.rows[0]!.before.steps as Array<{ key: string }>).map((s) => s.key)).toEqual(oldKeys);

  // The new owner is told, Thai first: the division now responsible and that the steps were worked out again.
  const notice = await eventually('the amendment notice to the new owner', async () => {
    const sent = await sys.db.pool.query<{ to_address: string; body_text: string }>(
      `SELECT to_address, body_text FROM outbox WHERE idempotency_key LIKE $1 AND channel = 'email'`,
      [`${moved.workflow_id}:amendment:v${firstId}:notice%`],
    );
    return sent.rows[0];
  });
  expect(notice.to_address).toBe(financeOwner.email);
  expect(notice.body_text).toContain('ผู้รับผิดชอบตามแผนที่แก้ไข: กองคลัง');
  expect(notice.body_text).toContain('กำหนดส่งแต่ละขั้นคำนวณใหม่');
  expect(notice.body_text).toContain('Responsible in the amended plan: Finance Division');

  // A step the plan dropped is no step of the run any more; the new one is.
  await movedHandle.signal(completeStepSignal, { requestId: 'old-step', personId: financeOwner.id, stepKey: 's4-1', notes: '', evidenceIds: [] });
  await eventually('the dropped step to be refused', async () =>
    (await movedHandle.query(stateQuery)).history.some((h) => h.event === 'ignored:completeStep' && h.detail === 's4-1') ? true : undefined,
  );

  // The reminder before the new step's due date goes to the new owner, in the series of the moved date.
  const reminder = await eventually('the new step’s reminder to the new owner', async () => {
    const sent = await sys.db.pool.query<{ to_address: string; idempotency_key: string }>(
      `SELECT to_address, idempotency_key FROM outbox WHERE idempotency_key LIKE $1 AND channel = 'email'`,
      [`${moved.workflow_id}:s1-1@1:reminder:%`],
    );
    return sent.rows[0];
  }, 120_000);
  expect(reminder.to_address).toBe(financeOwner.email);
  const oldSeries = await sys.db.pool.query(`SELECT 1 FROM outbox WHERE idempotency_key LIKE $1`, [`${moved.workflow_id}:s4-1@%`]);
  expect(oldSeries.rowCount).toBe(0);

  // 1.4 ended with the first amendment.
  const removed = await eventually('1.4 to be cancelled', async () => {
    const r = await row(REMOVED_THEN_BACK);
    return r.status === 'cancelled' ? r : undefined;
  });
  expect(removed.workflow_id).toBe(before.back.workflow_id);

  // Amendment 2 puts 1.4 back: the same row runs again under a new workflow id, the cancelled run left as it ended.
  const second: CanonicalPlan = { ...first, items: [...first.items, seed.items.find((i) => i.code === REMOVED_THEN_BACK)!] };
  const { versionId: secondId } = await amend(second, 'amendment-2.json');
  const back = await eventually('1.4 to run again', async () => {
    const r = await row(REMOVED_THEN_BACK);
    return r.status === 'in_progress' && r.run === 2 ? r : undefined;
  }, 60_000);
  expect(back.id).toBe(removed.id);
  expect(back.workflow_id).toBe(`${removed.workflow_id}:run2`);
  expect((await sys.client.workflow.getHandle(back.workflow_id).describe()).status.name).toBe('RUNNING');
  expect((await sys.client.workflow.getHandle(removed.workflow_id).describe()).status.name).toBe('COMPLETED');
  const backState = await sys.client.workflow.getHandle(back.workflow_id).query(stateQuery);
  expect(backState).toMatchObject({ phase: 'proposal', status: 'in_progress', revision: 1 });
  const restarted = await sys.db.pool.query<{ actor: string; before: unknown; after: unknown }>(
    `SELECT actor, before, after FROM audit_log WHERE action = 'restarted_by_amendment' AND entity_id = $1`,
    [back.workflow_id],
  );
  expect(restarted.rows).toEqual([
    {
      actor: `person:${sys.people.mayor!.id}`,
      before: { workflowId: removed.workflow_id, status: 'cancelled' },
      after: { workflowId: back.workflow_id, run: 2, item: REMOVED_THEN_BACK, fiscalYear: FY, amendment: { planVersionId: secondId, number: 2 } },
    },
  ]);
  const startedAudit = await sys.db.pool.query(`SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'started'`, [back.workflow_id]);
  expect(startedAudit.rowCount).toBe(1);
  const applied = await sys.db.pool.query<{ after: { fiscalYears: unknown[] } }>(
    `SELECT after FROM audit_log WHERE action = 'plan_amendment_applied' AND entity_id = $1`,
    [String(secondId)],
  );
  expect(applied.rows[0]!.after.fiscalYears).toEqual([{ fiscalYear: FY, toStart: [REMOVED_THEN_BACK], cancelled: [], updated: [], restarted: [REMOVED_THEN_BACK] }]);
  // The moved item, untouched by amendment 2, keeps its new unit.
  expect((await movedHandle.query(stateQuery)).amended?.unit).toEqual({ unitKey: 'finance', section: null });
  expect((await verifyAuditChain(sys.db.pool, auditKeyFrom(sys.config))).ok).toBe(true);

  await recordHistory(movedHandle, 'item-year-amended-unit-steps');
});
