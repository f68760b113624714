import { stateQuery, type ItemYearState } from '../../workflows/item-year/messages';
import { eventually, startTestSystem, type TestSystem } from '../support/system';
import { recordHistory } from '../support/histories';
import { auditKeyFrom, verifyAuditChain } from '../../db/audit';

/**
 * Going live in the middle of a fiscal year, on the real dev server and Postgres: the coordinator records what
 * already happened on paper (two projects approved, one with its committee order and a step done), through the
 * JSON API's one command path. The runs move past those stages without a decision point or a message to any
 * approver, and the audit log says the facts were recorded after the fact, by whom, with their original dates.
 */

const FY = 2570;
const LONG_DAY_MS = 600_000;

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem('golive');
  await sys.startWorker();
  await sys.startFiscalYear({ fiscalYear: FY, timing: { startMs: Date.now(), dayMs: LONG_DAY_MS } });
});

afterAll(async () => {
  await sys?.close();
});

const workflowIdOf = (code: string) => `item-year:${sys.organizationSlug}:${sys.planId}:${code}:${FY}`;
const handleOf = (code: string) => sys.client.workflow.getHandle(workflowIdOf(code));
const stateOf = (code: string): Promise<ItemYearState> => handleOf(code).query(stateQuery);

async function waitForPhase(code: string, phase: string): Promise<ItemYearState> {
  return eventually(`item ${code} to reach ${phase}`, async () => {
    const state = await stateOf(code);
    return state.phase === phase ? state : undefined;
  });
}

function post(personKey: string, code: string, action: string, payload: unknown) {
  return sys.app.inject({
    method: 'POST',
    url: `/api/items/${code}/years/${FY}/${action}?org=${sys.organizationSlug}`,
    headers: sys.apiHeaders(personKey),
    payload: payload as object,
  });
}

/** Decision points and approval messages of one item-year: none may exist for a decision taken on paper. */
async function decisionTraffic(code: string): Promise<{ points: number; messages: number }> {
  const workflowId = workflowIdOf(code);
  const points = await sys.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM decision_points WHERE workflow_id = $1', [workflowId]);
  const messages = await sys.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM outbox WHERE idempotency_key LIKE $1', [`${workflowId}:%`]);
  return { points: Number(points.rows[0]!.n), messages: Number(messages.rows[0]!.n) };
}

describe('go live with two items already approved and one step done', () => {
  test('the runs start at the right stage, ask nobody, and the audit says after the fact, by whom', async () => {
    await waitForPhase('1.12', 'proposal');
    await waitForPhase('1.6', 'proposal');
    const mailsBefore = sys.smtp.mails.length;

    // 1.12: a project without a committee, approved on paper.
    const first = await post('coordinator', '1.12', 'after-the-fact', { approval: { date: '2026-10-15', documentNumber: 'กท 73601/0456' } });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ processed: true });

    // 1.6: approved, its committee appointed and its first execution step done, with the money spent so far.
    const planned = await stateOf('1.6');
    const step = planned.steps[0]!;
    const second = await post('coordinator', '1.6', 'after-the-fact', {
      approval: { date: '2026-10-20', documentNumber: 'กท 73601/0470' },
      committee: { orderNumber: '112/2569', orderDate: '2026-10-25' },
      steps: [{ key: step.key, date: '2026-11-10', evidence: 'รายงานการประชุมเตรียมงาน ลงวันที่ 10 พ.ย. 2569' }],
      budgetSpent: 8000,
    });
    expect(second.statusCode).toBe(200);

    const noCommittee = await waitForPhase('1.12', 'execution');
    expect(noCommittee.afterTheFact).toMatchObject({ approval: { date: '2026-10-15', documentNumber: 'กท 73601/0456' } });
    expect(noCommittee.decisions).toEqual([]);

    const withCommittee = await waitForPhase('1.6', 'execution');
    expect(withCommittee.committee).toMatchObject({ orderNumber: '112/2569', orderDate: '2026-10-25' });
    expect(withCommittee.budgetSpent).toBe(8000);
    const done = withCommittee.steps.find((s) => s.key === step.key)!;
    expect(done).toMatchObject({ status: 'done', recordedAfterTheFact: true, notes: 'รายงานการประชุมเตรียมงาน ลงวันที่ 10 พ.ย. 2569' });
    expect(new Date(done.completedAtMs!).toISOString()).toBe('2026-11-09T17:00:00.000Z');
    expect(withCommittee.steps.filter((s) => s.status === 'pending').length).toBe(withCommittee.steps.length - 1);

    // Nobody was asked: no decision point, no link, no message about either item.
    expect(await decisionTraffic('1.12')).toEqual({ points: 0, messages: 0 });
    expect(await decisionTraffic('1.6')).toEqual({ points: 0, messages: 0 });
    const approvers = [sys.people.palad!.email, sys.people.mayor!.email];
    expect(sys.smtp.mails.slice(mailsBefore).filter((m) => approvers.some((a) => m.envelopeTo.includes(a)))).toEqual([]);

    // The projection and the audit log: recorded after the fact, by the coordinator, with the original dates.
    const projected = await eventually('the projection of 1.6 in execution', async () => {
      const { rows } = await sys.db.pool.query<{ phase: string; budget_spent: string | null; completed_at: Date | null }>(
        `SELECT y.phase, y.budget_spent, s.completed_at FROM item_years y JOIN item_year_steps s ON s.item_year_id = y.id
          WHERE y.workflow_id = $1 AND s.step_key = $2`,
        [workflowIdOf('1.6'), step.key],
      );
      return rows[0]?.phase === 'execution' ? rows[0] : undefined;
    });
    expect(Number(projected.budget_spent)).toBe(8000);
    expect(projected.completed_at?.toISOString()).toBe('2026-11-09T17:00:00.000Z');
    const audit = await sys.db.pool.query<{ actor: string; after: Record<string, unknown> }>(
      `SELECT actor, after FROM audit_log WHERE entity_id = $1 AND action = 'recorded_after_the_fact'`,
      [workflowIdOf('1.6')],
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.actor).toBe(`person:${sys.people.coordinator!.id}`);
    expect(audit.rows[0]!.after).toMatchObject({
      recordedAfterTheFact: true,
      recordedBy: { personId: sys.people.coordinator!.id },
      approval: { date: '2026-10-20', documentNumber: 'กท 73601/0470' },
      committee: { orderNumber: '112/2569', orderDate: '2026-10-25' },
      steps: [{ key: step.key, date: '2026-11-10' }],
      budgetSpent: 8000,
    });
    expect((await verifyAuditChain(sys.db.pool, auditKeyFrom(sys.config))).ok).toBe(true);

    // From here the item-year runs as any other: the next step is completed in the system.
    const next = withCommittee.steps.find((s) => s.status === 'pending')!;
    const completed = await post('coordinator', '1.6', `steps/${next.key}/complete`, { notes: 'ดำเนินการแล้ว' });
    expect(completed.statusCode).toBe(200);
    expect((await stateOf('1.6')).steps.find((s) => s.key === next.key)?.status).toBe('done');
    await recordHistory(handleOf('1.6'), 'item-year-after-the-fact');
  });

  test('the same record twice, or once the run has moved on in the system, is refused with the reason', async () => {
    const again = await post('coordinator', '1.12', 'after-the-fact', { steps: [], budgetSpent: 100 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('บันทึกย้อนหลังของรายการนี้ไปแล้ว');

    await waitForPhase('1.1', 'proposal');
    expect((await post('legal', '1.1', 'proposal', { memo: 'ขออนุมัติ', budget: 15000 })).statusCode).toBe(200);
    await waitForPhase('1.1', 'approval');
    const late = await post('coordinator', '1.1', 'after-the-fact', { approval: { date: '2026-10-15', documentNumber: 'กท 1/2569' } });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.messageEn).toContain('already moved on in the system');
  });

  test('a bad record is refused field by field, and only the coordinator may record one', async () => {
    await waitForPhase('1.11', 'proposal');
    const bad = await post('coordinator', '1.11', 'after-the-fact', {
      approval: { date: '2027-09-01', documentNumber: 'กท 1/2569' },
      steps: [{ key: 's99', date: '2026-11-01' }],
    });
    expect(bad.statusCode).toBe(400);
    const body = bad.json();
    expect(body.error.message).toContain('ยังมาไม่ถึง');
    expect(body.error.details.map((d: { path: string; code: string }) => [d.code, d.path])).toEqual([
      ['date_in_future', 'approval.date'],
      ['committee_first', 'steps'],
      ['unknown_step', 'steps.0.key'],
    ]);
    expect((await post('coordinator', '1.11', 'after-the-fact', { approval: { date: '2026-10-01' } })).statusCode).toBe(400);

    const owner = await post('legal', '1.11', 'after-the-fact', { approval: { date: '2026-10-15', documentNumber: 'กท 1/2569' } });
    expect(owner.statusCode).toBe(403);
    expect((await stateOf('1.11')).afterTheFact).toBeUndefined();
    expect(await decisionTraffic('1.11')).toEqual({ points: 0, messages: 0 });
  });
});
