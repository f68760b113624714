import { defaultPayloadConverter } from '@temporalio/common';
import { stateQuery, type ItemYearState } from '../../workflows/item-year/messages';
import type { ItemYearInput } from '../../workflows/item-year/workflow';
import { eventually, startTestSystem, type TestSystem } from '../support/system';
import { recordHistory } from '../support/histories';
import { multipart } from '../support/multipart';
import { auditKeyFrom, verifyAuditChain } from '../../db/audit';
import { DAY_MS, addDays, bangkokDate, bangkokMidnightMs, fiscalYearBounds, fiscalYearOf } from '../../domain/fiscal';
import { formatStoredThaiDate } from '../../domain/thai-format';
import { reminderForm } from '../support/reminder-form';

/**
 * Going live in the middle of a fiscal year, on the real dev server and Postgres, on the real fiscal calendar: the
 * coordinator starts the running year from the go-live page, then records what already happened on paper (two
 * projects approved, one with its committee order and a step done), through the JSON API and the page, both on the
 * one command path. The runs move past those stages without a decision point or a message to any approver, and the
 * audit log says the facts were recorded after the fact, by whom, with their original dates.
 */

const FY = fiscalYearOf(Date.now());
const today = bangkokDate(Date.now());
const tomorrow = addDays(today, 1);
/** A date `n` days ago in this fiscal year (its first day when the year is younger): what happened before go-live. */
const day = (n: number) => {
  const date = addDays(today, -n);
  const { start } = fiscalYearBounds(FY);
  return date < start ? start : date;
};

let sys: TestSystem;
/** The coordinator's one session for the file: the page's form token is bound to it. */
let cookie: string;
let csrf: string;

beforeAll(async () => {
  sys = await startTestSystem('golive');
  await sys.startWorker();
  cookie = sys.cookieFor('coordinator');
});

function postForm(url: string, form: Record<string, string>) {
  return sys.app.inject({
    method: 'POST',
    url,
    headers: { cookie, origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf, ...form }).toString(),
  });
}

describe('the coordinator starts the running fiscal year from the go-live page', () => {
  test('before the start the page offers it; the start runs every item-year of the year, audited with who asked', async () => {
    const before = await sys.app.inject({ url: '/golive', headers: { cookie } });
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('เริ่มใช้งานปีงบประมาณนี้');
    // The earlier years are entered whether or not this year has started.
    expect(before.body).toContain('href="/golive/earlier-years"');
    csrf = /name="csrf" value="([^"]+)"/.exec(before.body)![1]!;
    expect((await sys.app.inject({ url: '/golive', headers: { cookie: sys.cookieFor('legal') } })).statusCode).toBe(403);

    // The administrator (here the coordinator too) gives the organisation a 21-day grace: the page says so before the start.
    const policy = await postForm('/admin/reminders', reminderForm('21'));
    expect(policy.statusCode).toBe(303);
    expect((await sys.app.inject({ url: '/golive', headers: { cookie } })).body).toContain('ภายใน 21 วันหลังเริ่ม (ช่วงผ่อนผันที่หน่วยงานตั้งไว้)');

    const started = await postForm('/golive/start', {});
    expect(started.statusCode).toBe(303);
    expect(started.headers.location).toBe('/golive?started=1');
    const { rows } = await sys.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM item_years WHERE plan_id = $1 AND fiscal_year = $2', [sys.planId, FY]);
    expect(rows[0]!.n).toBeGreaterThan(30);
    const audit = await sys.db.pool.query<{ actor: string }>(
      `SELECT actor FROM audit_log WHERE action = 'fiscal_year_started' AND entity_id = $1`,
      [sys.organizationSlug],
    );
    expect(audit.rows.map((r) => r.actor)).toEqual([`person:${sys.people.coordinator!.id}`]);

    const after = await sys.app.inject({ url: '/golive?started=1', headers: { cookie } });
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('เริ่มปีงบประมาณแล้ว');
    expect(after.body).toContain('ยังไม่บันทึก');
    expect(after.body).toContain('action="/golive/items/1.16"');
    // Nothing is recorded yet: every item is listed, with the day until which deadlines past at the start are not chased.
    expect(after.body).toContain(`ยังไม่มีการบันทึก ${rows[0]!.n} รายการ`);
    expect(after.body).toContain('href="#item-1.16"');
    // The grace's end is the organisation's 21 days from the first item-year's start.
    const first = await sys.db.pool.query<{ at: Date }>('SELECT min(started_at) AS at FROM item_years WHERE plan_id = $1 AND fiscal_year = $2', [sys.planId, FY]);
    const graceEnd = formatStoredThaiDate(first.rows[0]!.at.getTime() + 21 * DAY_MS);
    expect(after.body).toContain(`ระบบจะไม่ส่งแจ้งเตือนเลยกำหนดหรือแจ้งผู้บังคับบัญชาสำหรับกำหนดเหล่านั้นจนถึง ${graceEnd} (ช่วงผ่อนผันของหน่วยงาน 21 วันหลังเริ่มใช้งาน)`);
    // A new item-year carries the grace in its input, which is where its reminders read it.
    const history = await sys.client.workflow.getHandle(`item-year:${sys.organizationSlug}:${sys.planId}:1.16:${FY}`).fetchHistory();
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    expect(defaultPayloadConverter.fromPayload<ItemYearInput>(payload!).reminderPolicy).toMatchObject({ lateStartGraceDays: 21 });
  });
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
    const first = await post('coordinator', '1.12', 'after-the-fact', { approval: { date: day(40), documentNumber: 'กท 73601/0456' } });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ processed: true });

    // 1.6: approved, its committee appointed and its first execution step done, with the money spent so far.
    const planned = await stateOf('1.6');
    const step = planned.steps[0]!;
    const second = await post('coordinator', '1.6', 'after-the-fact', {
      approval: { date: day(35), documentNumber: 'กท 73601/0470' },
      committee: { orderNumber: '112/2569', orderDate: day(30) },
      steps: [{ key: step.key, date: day(20), evidence: 'รายงานการประชุมเตรียมงาน' }],
      budgetSpent: 8000,
    });
    expect(second.statusCode).toBe(200);

    const noCommittee = await waitForPhase('1.12', 'execution');
    expect(noCommittee.afterTheFact).toMatchObject({ approval: { date: day(40), documentNumber: 'กท 73601/0456' } });
    expect(noCommittee.decisions).toEqual([]);

    const withCommittee = await waitForPhase('1.6', 'execution');
    expect(withCommittee.committee).toMatchObject({ orderNumber: '112/2569', orderDate: day(30) });
    expect(withCommittee.budgetSpent).toBe(8000);
    const done = withCommittee.steps.find((s) => s.key === step.key)!;
    expect(done).toMatchObject({ status: 'done', recordedAfterTheFact: true, notes: 'รายงานการประชุมเตรียมงาน' });
    expect(done.completedAtMs).toBe(bangkokMidnightMs(day(20)));
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
    expect(projected.completed_at?.getTime()).toBe(bangkokMidnightMs(day(20)));
    const audit = await sys.db.pool.query<{ actor: string; after: Record<string, unknown> }>(
      `SELECT actor, after FROM audit_log WHERE entity_id = $1 AND action = 'recorded_after_the_fact'`,
      [workflowIdOf('1.6')],
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.actor).toBe(`person:${sys.people.coordinator!.id}`);
    expect(audit.rows[0]!.after).toMatchObject({
      recordedAfterTheFact: true,
      recordedBy: { personId: sys.people.coordinator!.id },
      approval: { date: day(35), documentNumber: 'กท 73601/0470' },
      committee: { orderNumber: '112/2569', orderDate: day(30) },
      steps: [{ key: step.key, date: day(20) }],
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
    const late = await post('coordinator', '1.1', 'after-the-fact', { approval: { date: day(40), documentNumber: 'กท 1/2569' } });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.messageEn).toContain('already moved on in the system');
  });

  test('a bad record is refused field by field, and only the coordinator may record one', async () => {
    await waitForPhase('1.11', 'proposal');
    const bad = await post('coordinator', '1.11', 'after-the-fact', {
      approval: { date: tomorrow, documentNumber: 'กท 1/2569' },
      steps: [{ key: 's99', date: day(20) }],
    });
    expect(bad.statusCode).toBe(400);
    const body = bad.json();
    expect(body.error.details.map((d: { path: string; code: string }) => [d.code, d.path])).toEqual([
      // Tomorrow is in the future, or on the year's last day, already in the next fiscal year.
      [tomorrow > fiscalYearBounds(FY).end ? 'date_outside_year' : 'date_in_future', 'approval.date'],
      ['committee_first', 'steps'],
      ['unknown_step', 'steps.0.key'],
    ]);
    expect((await post('coordinator', '1.11', 'after-the-fact', { approval: { date: day(40) } })).statusCode).toBe(400);

    const owner = await post('legal', '1.11', 'after-the-fact', { approval: { date: day(40), documentNumber: 'กท 1/2569' } });
    expect(owner.statusCode).toBe(403);
    expect((await stateOf('1.11')).afterTheFact).toBeUndefined();
    expect(await decisionTraffic('1.11')).toEqual({ points: 0, messages: 0 });
  });
});

describe('the go-live page records an item as the API does', () => {
  test('a refused form comes back with every problem in Thai and English and the values typed; a good one is taken', async () => {
    await waitForPhase('1.16', 'proposal');
    const planned = await stateOf('1.16');
    const step = planned.steps[0]!;
    const refused = await postForm('/golive/items/1.16', {
      requestId: 'golive-refused-1-16',
      approvalDate: day(38),
      approvalDocument: 'กท 73601/0501',
      [`done-${step.key}`]: 'yes',
      [`date-${step.key}`]: day(18),
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('ยังไม่ได้บันทึก กรุณาแก้ไข');
    expect(refused.body).toContain('กรุณาบันทึกคำสั่งด้วย');
    expect(refused.body).toContain('record the order as well');
    expect(refused.body).toContain('value="กท 73601/0501"');
    expect((await stateOf('1.16')).afterTheFact).toBeUndefined();

    const taken = await postForm('/golive/items/1.16', {
      requestId: 'golive-taken-1-16',
      approvalDate: day(38),
      approvalDocument: 'กท 73601/0501',
      committeeNumber: '120/2569',
      committeeDate: day(33),
      [`done-${step.key}`]: 'yes',
      [`date-${step.key}`]: day(18),
      [`evidence-${step.key}`]: 'ภาพถ่ายกิจกรรม',
      budgetSpent: '2,500',
    });
    expect(taken.statusCode).toBe(303);
    expect(taken.headers.location).toBe('/golive?done=1.16#item-1.16');
    // Its one execution step was done on paper too: the run is at its evaluation.
    expect(planned.steps).toHaveLength(1);
    const state = await waitForPhase('1.16', 'evaluation');
    expect(state.budgetSpent).toBe(2500);
    expect(state.steps.find((s) => s.key === step.key)).toMatchObject({ status: 'done', notes: 'ภาพถ่ายกิจกรรม', recordedAfterTheFact: true });
    expect(await decisionTraffic('1.16')).toEqual({ points: 0, messages: 0 });

    const page = await sys.app.inject({ url: '/golive?done=1.16', headers: { cookie } });
    expect(page.body).toContain('บันทึกย้อนหลังรายการ 1.16 แล้ว');
    expect(page.body).toContain('หนังสือเลขที่ กท 73601/0501');
    // Recorded: no longer among the items with nothing recorded.
    expect(page.body).not.toContain('href="#item-1.16"');
    const item = await eventually('the item page to show the record', async () => {
      const response = await sys.app.inject({ url: `/items/1.16/years/${FY}`, headers: { cookie } });
      return response.body.includes('บันทึกย้อนหลังโดย') ? response : undefined;
    });
    expect(item.body).toContain('คำสั่งแต่งตั้งคณะกรรมการ เลขที่ 120/2569');
  });
});

describe('evidence files of the steps recorded after the fact', () => {
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
  const postParts = (code: string, parts: Parameters<typeof multipart>[0]) => {
    const body = multipart([{ name: 'csrf', value: csrf }, ...parts]);
    return sys.app.inject({ method: 'POST', url: `/golive/items/${code}`, headers: { cookie, origin: sys.origin, ...body.headers }, payload: body.payload });
  };
  const evidenceRows = async (code: string) =>
    (
      await sys.db.pool.query<{ step_key: string; file_name: string }>(
        'SELECT e.step_key, e.file_name FROM evidence_files e JOIN item_years y ON y.id = e.item_year_id WHERE y.workflow_id = $1 ORDER BY e.file_name',
        [workflowIdOf(code)],
      )
    ).rows.map((r) => [r.step_key, r.file_name]);

  test('a file on a step not ticked, or not what its type says, is refused in Thai and English and stores nothing', async () => {
    // 2.14: a measure without budget, in execution from the start, its steps open.
    const state = await waitForPhase('2.14', 'execution');
    const [first, second] = state.steps as [ItemYearState['steps'][number], ItemYearState['steps'][number]];
    const untickedFile = await postParts('2.14', [
      { name: 'requestId', value: 'golive-files-refused-1' },
      { name: `done-${first.key}`, value: 'yes' },
      { name: `date-${first.key}`, value: day(10) },
      { name: `file-${second.key}`, filename: 'photo.png', type: 'image/png', bytes: PNG },
    ]);
    expect(untickedFile.statusCode).toBe(400);
    expect(untickedFile.body).toContain(`ซึ่งไม่ได้ระบุว่าเสร็จแล้ว`);
    expect(untickedFile.body).toContain('which is not marked done');
    const renamed = await postParts('2.14', [
      { name: 'requestId', value: 'golive-files-refused-2' },
      { name: `done-${first.key}`, value: 'yes' },
      { name: `date-${first.key}`, value: day(10) },
      { name: `file-${first.key}`, filename: 'report.pdf', type: 'application/pdf', bytes: Buffer.from('MZ\x90\x00 not a pdf') },
    ]);
    expect(renamed.statusCode).toBe(415);
    expect(renamed.body).toContain('เนื้อไฟล์ report.pdf ไม่ใช่PDFตามที่ระบุ');
    expect(renamed.body).toContain('does not contain what its type says');
    // A body the multipart parser cannot read (an empty boundary) is the sender's fault: refused, in both languages.
    for (const type of ['multipart/form-data; boundary=', 'multipart/form-data']) {
      const broken = await sys.app.inject({ method: 'POST', url: '/golive/items/2.14', headers: { cookie, origin: sys.origin, 'content-type': type }, payload: 'garbage' });
      expect({ type, status: broken.statusCode }).toEqual({ type, status: 400 });
      expect(broken.body).toContain('แบบฟอร์มที่ส่งมาอ่านไม่ได้');
    }
    expect(await evidenceRows('2.14')).toEqual([]);
    expect((await stateOf('2.14')).afterTheFact).toBeUndefined();
  });

  test('each step done on paper takes its files by the same rules as a step done here; the run and the item page have them', async () => {
    const state = await stateOf('2.14');
    const first = state.steps[0]!;
    const taken = await postParts('2.14', [
      { name: 'requestId', value: 'golive-files-taken' },
      { name: `done-${first.key}`, value: 'yes' },
      { name: `date-${first.key}`, value: day(10) },
      { name: `evidence-${first.key}`, value: 'ประกาศและภาพถ่าย' },
      { name: `file-${first.key}`, filename: 'announcement.pdf', type: 'application/pdf', bytes: PDF },
      { name: `file-${first.key}`, filename: 'photo.png', type: 'image/png', bytes: PNG },
    ]);
    expect(taken.statusCode).toBe(303);
    expect(await evidenceRows('2.14')).toEqual([
      [first.key, 'announcement.pdf'],
      [first.key, 'photo.png'],
    ]);
    const done = await eventually('the step recorded with its files', async () => {
      const step = (await stateOf('2.14')).steps.find((s) => s.key === first.key)!;
      return step.status === 'done' ? step : undefined;
    });
    expect(done).toMatchObject({ recordedAfterTheFact: true, notes: 'ประกาศและภาพถ่าย' });
    expect(done.evidenceIds).toHaveLength(2);
    const item = await eventually('the item page to list the files', async () => {
      const response = await sys.app.inject({ url: `/items/2.14/years/${FY}`, headers: { cookie } });
      return response.body.includes('announcement.pdf') ? response : undefined;
    });
    expect(item.body).toContain('photo.png');
  });
});

describe('earlier fiscal years from the old reports', () => {
  test('the page lists the year before with the plan’s items; a saved table is shown again, a wrong one refused in Thai and English', async () => {
    const previous = FY - 1;
    const page = await sys.app.inject({ url: '/golive/earlier-years', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`ผลการดำเนินงานปีงบประมาณ ${previous}`);
    const code = /name="status-([\d.]+)"/.exec(page.body)![1]!;

    const refused = await postForm(`/golive/earlier-years/${previous}`, { [`status-${code}`]: '', [`result-${code}`]: 'มีผลแต่ไม่มีสถานะ' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('กรุณาเลือกสถานะ');
    expect(refused.body).toContain('choose its status');

    const saved = await postForm(`/golive/earlier-years/${previous}`, { [`status-${code}`]: 'done', [`result-${code}`]: 'ดำเนินการครบตามแผน' });
    expect(saved.statusCode).toBe(303);
    const shown = await sys.app.inject({ url: saved.headers.location as string, headers: { cookie } });
    expect(shown.body).toContain('บันทึกผลแล้ว');
    expect(shown.body).toContain('value="ดำเนินการครบตามแผน"');
    expect((await sys.app.inject({ url: '/golive/earlier-years', headers: { cookie: sys.cookieFor('legal') } })).statusCode).toBe(403);
  });

  test('the year’s old report is attached as a file, checked as evidence is; a refused one changes nothing stored', async () => {
    const previous = FY - 1;
    const upload = (fy: number, file?: { filename: string; type: string; bytes: Buffer }) => {
      const body = multipart([{ name: 'csrf', value: csrf }, ...(file ? [{ name: 'report', ...file }] : [])]);
      return sys.app.inject({ method: 'POST', url: `/golive/earlier-years/${fy}/report`, headers: { cookie, origin: sys.origin, ...body.headers }, payload: body.payload });
    };
    const renamed = await upload(previous, { filename: 'report.pdf', type: 'application/pdf', bytes: Buffer.from('MZ not a pdf') });
    expect(renamed.statusCode).toBe(415);
    expect(renamed.body).toContain('เนื้อไฟล์ report.pdf ไม่ใช่PDFตามที่ระบุ');
    expect(renamed.body).toContain('does not contain what its type says');
    // The table shows what is stored, not an empty form: a refused file loses no entry.
    expect(renamed.body).toContain('value="ดำเนินการครบตามแผน"');
    const none = await upload(previous);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('กรุณาเลือกไฟล์รายงานฉบับเดิม');
    expect(none.body).toContain('choose the file of the old report');
    const thisYear = await upload(FY, { filename: 'r.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') });
    expect(thisYear.statusCode).toBe(400);
    expect(thisYear.body).toContain('of this plan only');
    expect((await sys.db.pool.query('SELECT 1 FROM earlier_year_reports')).rowCount).toBe(0);

    const pdf = Buffer.from('%PDF-1.4\n% the signed report\n%%EOF\n');
    const taken = await upload(previous, { filename: 'annual-report.pdf', type: 'application/pdf', bytes: pdf });
    expect(taken.statusCode).toBe(303);
    const page = await sys.app.inject({ url: taken.headers.location as string, headers: { cookie } });
    expect(page.body).toContain('แนบรายงานฉบับเดิมแล้ว');
    expect(page.body).toContain('แนบแล้ว: annual-report.pdf');
    const audit = await sys.db.pool.query<{ actor: string; after: { fileName: string } }>(
      "SELECT actor, after FROM audit_log WHERE action = 'earlier_year_report_uploaded'",
    );
    expect(audit.rows.map((r) => [r.actor, r.after.fileName])).toEqual([[`person:${sys.people.coordinator!.id}`, 'annual-report.pdf']]);
    expect((await verifyAuditChain(sys.db.pool, auditKeyFrom(sys.config))).ok).toBe(true);
  });
});
