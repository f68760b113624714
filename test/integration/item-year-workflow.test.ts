import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { decideSignal, stateQuery, type ItemYearState } from '../../workflows/item-year/messages';
import {
  decideThroughLink,
  decisionLinkPath,
  eventually,
  loadSeedPlan,
  startTestSystem,
  type TestSystem,
} from '../support/system';
import { recordHistory } from '../support/histories';
import { resolveApprovers } from '../../services/approvers';
import { auditKeyFrom, verifyAuditChain } from '../../db/audit';

/**
 * The item-year workflow end to end on the real dev server and Postgres: proposals, decisions through signed links,
 * committee orders, steps, evaluation, the report, cancellation and delegation. Days are long (10 minutes) so no
 * reminder fires while these tests run; reminders have their own compressed-time test file.
 */

const FY = 2570;
const LONG_DAY_MS = 600_000;

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem('itemyear');
  await sys.startWorker();
});

afterAll(async () => {
  await sys?.close();
});

function handleOf(code: string) {
  return sys.client.workflow.getHandle(`item-year:${sys.organizationSlug}:${sys.planId}:${code}:${FY}`);
}

async function stateOf(code: string): Promise<ItemYearState> {
  return handleOf(code).query(stateQuery);
}

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

/** Mails received since `from` for one address, in arrival order. */
function mailsTo(address: string, from = 0) {
  return sys.smtp.mails.slice(from).filter((m) => m.envelopeTo.includes(address));
}

async function linkSentTo(personKey: string, from: number): Promise<string> {
  const address = sys.people[personKey]!.email;
  return eventually(`a decision link mailed to ${personKey}`, async () => {
    for (const mail of mailsTo(address, from)) {
      const link = decisionLinkPath(mail.parsed.text ?? '');
      if (link) return link;
    }
    return undefined;
  });
}

describe('fiscal year start', () => {
  test('starts exactly one workflow per item that runs in FY2570, and starting again starts nothing', async () => {
    const plan = await loadSeedPlan();
    const runningIn2570 = plan.items.filter((i) => String(FY) in i.budgetByYear).map((i) => i.code);
    expect(runningIn2570.length).toBeGreaterThan(30);

    const first = await sys.startFiscalYear({ fiscalYear: FY, timing: { startMs: Date.now(), dayMs: LONG_DAY_MS } });
    expect(first).toEqual({ fiscalYear: FY, itemYears: runningIn2570.length, started: runningIn2570.length, alreadyRunning: 0 });

    const again = await sys.startFiscalYear({ fiscalYear: FY, timing: { startMs: Date.now(), dayMs: LONG_DAY_MS } });
    expect(again).toMatchObject({ started: 0, alreadyRunning: runningIn2570.length });

    const { rows } = await sys.db.pool.query<{ item_code: string }>(
      'SELECT item_code FROM item_years WHERE plan_id = $1 AND fiscal_year = $2 ORDER BY item_code',
      [sys.planId, FY],
    );
    expect(rows.map((r) => r.item_code).sort()).toEqual([...runningIn2570].sort());
    for (const code of runningIn2570) {
      const description = await handleOf(code).describe();
      expect(description.status.name).toBe('RUNNING');
    }
    const notIn2570 = plan.items.find((i) => !(String(FY) in i.budgetByYear))!;
    await expect(handleOf(notIn2570.code).describe()).rejects.toThrow();

    // The start recorded every item-year's revision 1 and one 'started' audit row each, chained; the runs, told so,
    // wrote nothing in their first task (no local activity's marker in their history).
    const projected = await sys.db.pool.query<{ revision: number }>(
      'SELECT revision FROM item_years WHERE plan_id = $1 AND fiscal_year = $2',
      [sys.planId, FY],
    );
    expect(projected.rows.map((r) => Number(r.revision)).filter((revision) => revision < 1)).toEqual([]);
    const started = await sys.db.pool.query<{ entity_id: string; n: string }>(
      `SELECT entity_id, count(*) AS n FROM audit_log WHERE action = 'started' AND entity_id LIKE $1 GROUP BY entity_id`,
      [`item-year:${sys.organizationSlug}:${sys.planId}:%:${FY}`],
    );
    expect(started.rows).toHaveLength(runningIn2570.length);
    expect(started.rows.every((r) => Number(r.n) === 1)).toBe(true);
    expect((await verifyAuditChain(sys.db.pool, auditKeyFrom(sys.config))).ok).toBe(true);
    const history = await handleOf(runningIn2570[0]!).fetchHistory();
    const { EventType } = temporal.api.enums.v1;
    const events = history.events ?? [];
    expect(events.map((e) => e.eventType)).toContain(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    const markers = events.flatMap((e) => (e.markerRecordedEventAttributes?.markerName ? [e.markerRecordedEventAttributes.markerName] : []));
    // patched() leaves markers too; a local activity's would name itself.
    expect(markers.filter((name) => /local/i.test(name))).toEqual([]);
  });
});

describe('a project from proposal to acknowledged report (item 1.1)', () => {
  test('happy path through the palad and the mayor, with exactly the e-mails expected', async () => {
    const code = '1.1';
    const before = sys.smtp.mails.length;
    await waitForPhase(code, 'proposal');

    const proposal = await post('legal', code, 'proposal', { memo: 'ขออนุมัติจัดอบรมกฎหมาย', budget: 15000, startDate: '2027-01-10', endDate: '2027-01-11' });
    expect(proposal.statusCode).toBe(200);
    expect(proposal.json()).toMatchObject({ processed: true });

    const paladLink = await linkSentTo('palad', before);
    const paladDecision = await decideThroughLink(sys.app, paladLink, { outcome: 'approve' });
    expect(paladDecision.status).toBe(200);

    const mayorLink = await linkSentTo('mayor', before);
    expect((await decideThroughLink(sys.app, mayorLink, { outcome: 'approve' })).status).toBe(200);

    const execution = await waitForPhase(code, 'execution');
    expect(execution.steps.map((s) => s.key)).toEqual(['s2', 's3', 's4', 's5']);
    for (const step of execution.steps) {
      const done = await post('legal', code, `steps/${step.key}/complete`, { notes: `เสร็จ ${step.key}`, budgetSpent: 12000 });
      expect(done.statusCode).toBe(200);
    }

    await waitForPhase(code, 'evaluation');
    const evaluation = await post('legal', code, 'evaluation', {
      indicatorResults: [{ ordinal: 1, value: 85, text: 'ผู้เข้าร่วมร้อยละ 85', met: true }],
      budgetSpent: 12000,
      problems: '',
      suggestions: '',
    });
    expect(evaluation.statusCode).toBe(200);

    await waitForPhase(code, 'report');
    expect((await post('legal', code, 'report', { summary: 'ดำเนินการครบทุกขั้นตอน' })).statusCode).toBe(200);
    const ackLink = await eventually('the report acknowledgement link', async () => {
      const links = mailsTo(sys.people.palad!.email, before)
        .map((m) => decisionLinkPath(m.parsed.text ?? ''))
        .filter((l): l is string => !!l && l !== paladLink);
      return links[0];
    });
    expect((await decideThroughLink(sys.app, ackLink, { outcome: 'acknowledge' })).status).toBe(200);

    const final = await waitForPhase(code, 'completed');
    expect(final.status).toBe('completed');
    expect(final.budgetSpent).toBe(12000);
    expect(final.evaluation).toMatchObject({ problems: 'ไม่มี', suggestions: 'ไม่มี' });

    const received = sys.smtp.mails.slice(before).map((m) => `${m.envelopeTo.join(',')} ${m.parsed.subject?.split(' / ')[0]}`);
    const palad = sys.people.palad!.email;
    const mayor = sys.people.mayor!.email;
    const owner = sys.people.legal!.email;
    expect(received.map((r) => r.split(' ')[0])).toEqual([palad, owner, mayor, owner, palad]);
    expect(received.filter((r) => r.startsWith(owner)).every((r) => r.includes('อนุมัติ'))).toBe(true);

    // The workflow writes its last projection before it completes.
    expect(await handleOf(code).result()).toMatchObject({ status: 'completed' });
    await recordHistory(handleOf(code), 'item-year-happy-path-local-writes');
    const row = await sys.db.pool.query('SELECT status, phase, budget_spent FROM item_years WHERE workflow_id = $1', [handleOf(code).workflowId]);
    expect(row.rows[0]).toEqual({ status: 'completed', phase: 'completed', budget_spent: 12000 });
    const audit = await sys.db.pool.query('SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id', [handleOf(code).workflowId]);
    expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['started', 'decision:approve', 'step_completed', 'phase:completed']));
  });
});

describe('loops, delegation and cancellation', () => {
  test('a rejected proposal and one sent back both return to the owner, who resubmits', async () => {
    const code = '1.6';
    await waitForPhase(code, 'proposal');
    let from = sys.smtp.mails.length;
    expect((await post('legal', code, 'proposal', { memo: 'ฉบับแรก', budget: 25000 })).statusCode).toBe(200);
    const refused = await decideThroughLink(sys.app, await linkSentTo('palad', from), { outcome: 'reject' });
    expect(refused.status).toBe(400);
    expect((await decideThroughLink(sys.app, await linkSentTo('palad', from), { outcome: 'reject', reason: 'งบประมาณสูงเกินไป' })).status).toBe(200);

    const round2 = await waitForPhase(code, 'proposal');
    expect(round2.decisions.map((d) => d.outcome)).toEqual(['reject']);
    expect(mailsTo(sys.people.legal!.email, from).some((m) => (m.parsed.text ?? '').includes('งบประมาณสูงเกินไป'))).toBe(true);

    from = sys.smtp.mails.length;
    expect((await post('legal', code, 'proposal', { memo: 'ฉบับที่สอง', budget: 20000 })).statusCode).toBe(200);
    expect((await decideThroughLink(sys.app, await linkSentTo('palad', from), { outcome: 'approve' })).status).toBe(200);
    expect((await decideThroughLink(sys.app, await linkSentTo('mayor', from), { outcome: 'send_back', reason: 'ระบุวันจัดงาน' })).status).toBe(200);

    await waitForPhase(code, 'proposal');
    from = sys.smtp.mails.length;
    expect((await post('legal', code, 'proposal', { memo: 'ฉบับที่สาม', budget: 20000, startDate: '2027-02-01' })).statusCode).toBe(200);
    expect((await decideThroughLink(sys.app, await linkSentTo('palad', from), { outcome: 'approve' })).status).toBe(200);
    expect((await decideThroughLink(sys.app, await linkSentTo('mayor', from), { outcome: 'approve' })).status).toBe(200);

    const committee = await waitForPhase(code, 'committee');
    expect(committee.proposal).toMatchObject({ round: 3, memo: 'ฉบับที่สาม' });
    expect(committee.decisions.map((d) => `${d.decisionKey}:${d.outcome}`)).toEqual([
      'proposal:1:palad:reject',
      'proposal:2:palad:approve',
      'proposal:2:mayor:send_back',
      'proposal:3:palad:approve',
      'proposal:3:mayor:approve',
    ]);

    from = sys.smtp.mails.length;
    const order = { orderNumber: '12/2570', orderDate: '2027-01-05', members: [{ name: 'นายวิทยา ศิริกุล', role: 'ประธาน' }] };
    expect((await post('legal', code, 'committee', order)).statusCode).toBe(200);
    expect((await decideThroughLink(sys.app, await linkSentTo('mayor', from), { outcome: 'approve' })).status).toBe(200);
    const running = await waitForPhase(code, 'execution');
    expect(running.committee).toMatchObject({ orderNumber: '12/2570' });
    await recordHistory(handleOf(code), 'item-year-rejection-loop');
  });

  test('a deputy mayor decides for the mayor while a delegation is in force', async () => {
    const code = '1.11';
    await sys.db.pool.query(
      `INSERT INTO delegations (organization_id, role, delegate_person_id, valid_from, note)
       VALUES ($1, 'mayor', $2, current_date - 1, 'ปฏิบัติราชการแทนนายก')`,
      [sys.organizationId, sys.people.deputy1!.id],
    );
    try {
      await waitForPhase(code, 'proposal');
      const from = sys.smtp.mails.length;
      expect((await post('legal', code, 'proposal', { memo: 'ขออนุมัติ', budget: 20000 })).statusCode).toBe(200);
      expect((await decideThroughLink(sys.app, await linkSentTo('palad', from), { outcome: 'approve' })).status).toBe(200);
      const deputyLink = await linkSentTo('deputy1', from);
      expect(await linkSentTo('mayor', from)).not.toBe(deputyLink);
      expect((await decideThroughLink(sys.app, deputyLink, { outcome: 'approve' })).status).toBe(200);
      const state = await waitForPhase(code, 'committee');
      const last = state.decisions.at(-1)!;
      expect(last).toMatchObject({ outcome: 'approve', personId: sys.people.deputy1!.id });
      expect(last.actingAs).toMatch(/mayor/);
    } finally {
      await sys.db.pool.query('DELETE FROM delegations WHERE organization_id = $1', [sys.organizationId]);
    }
  });

  test('cancellation needs the mayor: refused, the item goes on; approved, it ends as cancelled', async () => {
    const code = '1.4';
    await waitForPhase(code, 'proposal');
    let from = sys.smtp.mails.length;
    expect((await post('legal', code, 'cancellation', { reason: '' })).statusCode).toBe(400);
    expect((await post('legal', code, 'cancellation', { reason: 'ไม่มีผู้สมัคร' })).statusCode).toBe(200);
    expect((await decideThroughLink(sys.app, await linkSentTo('mayor', from), { outcome: 'reject', reason: 'ให้ดำเนินการต่อ' })).status).toBe(200);
    await eventually('the refused cancellation to be recorded', async () => {
      const state = await stateOf(code);
      return state.decisions.some((d) => d.purpose === 'cancellation') && !state.pendingCancellation ? state : undefined;
    });
    expect((await stateOf(code)).phase).toBe('proposal');

    from = sys.smtp.mails.length;
    expect((await post('legal', code, 'cancellation', { reason: 'งบประมาณถูกโอนไปใช้ในกรณีฉุกเฉิน' })).statusCode).toBe(200);
    expect((await decideThroughLink(sys.app, await linkSentTo('mayor', from), { outcome: 'approve' })).status).toBe(200);
    const cancelled = await waitForPhase(code, 'cancelled');
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'งบประมาณถูกโอนไปใช้ในกรณีฉุกเฉิน' });
    expect(await handleOf(code).result()).toMatchObject({ status: 'cancelled' });
    await recordHistory(handleOf(code), 'item-year-cancelled');
    const row = await sys.db.pool.query('SELECT status, cancel_reason FROM item_years WHERE workflow_id = $1', [handleOf(code).workflowId]);
    expect(row.rows[0]).toEqual({ status: 'cancelled', cancel_reason: 'งบประมาณถูกโอนไปใช้ในกรณีฉุกเฉิน' });
  });

  test('an owner of another unit is refused; a step cannot be completed before its phase', async () => {
    const refused = await post('works-owner', '1.12', 'proposal', { memo: 'x', budget: 1 });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
    const early = await post('legal', '1.16', 'steps/s3/complete', { notes: 'ยังไม่ถึง' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('INVALID_TRANSITION');
    const anonymous = await sys.app.inject({ method: 'POST', url: `/api/items/1.16/years/${FY}/proposal?org=${sys.organizationSlug}`, payload: {} });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('a decision signalled straight to Temporal', () => {
  test('is ignored without its decisions row, and the real decision still goes through', async () => {
    const code = '1.12';
    await waitForPhase(code, 'proposal');
    const from = sys.smtp.mails.length;
    expect((await post('legal', code, 'proposal', { memo: 'ขออนุมัติ', budget: 5000 })).statusCode).toBe(200);
    const waiting = await eventually('the proposal decision to open', async () => (await stateOf(code)).openDecision);
    const approver = waiting.approverRole === 'palad' ? 'palad' : 'mayor';
    // Anyone who can reach Temporal's port can send this; no approver decided anything.
    await handleOf(code).signal(decideSignal, {
      decisionId: randomUUID(),
      decisionKey: waiting.decisionKey,
      outcome: 'approve',
      personId: sys.people[approver]!.id,
      personName: 'ปลอม',
      actingAs: approver,
    });
    const ignored = await eventually('the forged decision to be noted as ignored', async () => {
      const state = await stateOf(code);
      return state.history.some((h) => h.event === 'decision_forged_ignored') ? state : undefined;
    });
    expect(ignored.openDecision).toMatchObject({ decisionKey: waiting.decisionKey });
    expect(ignored.decisions.filter((d) => d.decisionKey === waiting.decisionKey)).toEqual([]);
    const { rows: audited } = await sys.db.pool.query(
      `SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'decision:approve' AND after ->> 'decisionKey' = $2`,
      [handleOf(code).workflowId, waiting.decisionKey],
    );
    expect(audited).toEqual([]);

    expect((await decideThroughLink(sys.app, await linkSentTo(approver, from), { outcome: 'reject', reason: 'งบประมาณไม่พอ' })).status).toBe(200);
    const decided = await eventually('the real decision to be taken', async () => {
      const state = await stateOf(code);
      return state.decisions.find((d) => d.decisionKey === waiting.decisionKey);
    });
    expect(decided).toMatchObject({ outcome: 'reject', personId: sys.people[approver]!.id });
    // After patched('verify-decisions'): a forged decide refused by verifyDecision, then a real one taken.
    await recordHistory(handleOf(code), 'item-year-forged-decision');
  });
});

describe('separation of duties', () => {
  test("an item-year's owner and its proposer are not among its approvers; for other matters they still are", async () => {
    const { rows } = await sys.db.pool.query<{ id: string; owner: string | null; state: unknown }>(
      `SELECT id::text, owner_person_id::text AS owner, state FROM item_years WHERE item_code = '1.16' AND fiscal_year = $1`,
      [FY],
    );
    const itemYear = rows[0]!;
    const palad = sys.people.palad!.id;
    const mayor = sys.people.mayor!.id;
    const ids = async (role: 'palad' | 'mayor', itemYearId: number | null) =>
      (await resolveApprovers(sys.db.pool, sys.organizationId, role, itemYearId)).map((a) => a.personId);
    await sys.db.pool.query(
      `UPDATE item_years SET owner_person_id = $2,
              state = jsonb_set(state, '{history}', coalesce(state -> 'history', '[]'::jsonb) || jsonb_build_array(jsonb_build_object('atMs', 0, 'event', 'proposal_submitted', 'personId', $3::bigint)))
        WHERE id = $1`,
      [itemYear.id, palad, mayor],
    );
    try {
      expect(await ids('palad', Number(itemYear.id))).not.toContain(palad);
      expect(await ids('mayor', Number(itemYear.id))).not.toContain(mayor);
      expect(await ids('palad', null)).toContain(palad);
      expect(await ids('mayor', null)).toContain(mayor);
    } finally {
      await sys.db.pool.query('UPDATE item_years SET owner_person_id = $2, state = $3 WHERE id = $1', [itemYear.id, itemYear.owner, itemYear.state]);
    }
  });
});
