import { DEFAULT_LATE_START_GRACE_DAYS, reminderSchedule } from '../../domain/reminders';
import { stateQuery } from '../../workflows/item-year/messages';
import { recordHistory } from '../support/histories';
import { eventually, startTestSystem, type TestSystem } from '../support/system';

/**
 * Reminders and escalations over a compressed year (one plan day = 400 ms), on the real dev server. Killing the
 * worker mid-run and starting a new one must neither lose nor repeat a reminder: the timers are durable and every
 * message is keyed by workflow id + step + reminder number.
 */

const FY = 2570;
const DAY_MS = 400;
/** Item 2.14 (a measure without budget, so no approval stage): its first step is due on day 130 of the year. */
const CODE = '2.14';
const FIRST_STEP_DUE_DAY = 130;

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem('reminders');
  await sys.startWorker();
});

afterAll(async () => {
  await sys?.close();
});

test('owner reminders, then escalation to the unit head and the palad, once each, across a worker restart', async () => {
  // Day 0 is placed so that "today" is day 126: the step is due in 4 days, so the 7-day reminder is already past.
  const startMs = Date.now() - 126 * DAY_MS;
  const result = await sys.startFiscalYear({ fiscalYear: FY, itemCodes: [CODE], timing: { startMs, dayMs: DAY_MS } });
  expect(result.started).toBe(1);
  const handle = sys.client.workflow.getHandle(`item-year:${sys.organizationSlug}:${sys.planId}:${CODE}:${FY}`);
  const started = await eventually('the item-year to run', async () => {
    const state = await handle.query(stateQuery);
    return state.phase === 'execution' ? state : undefined;
  });
  const step = started.steps.find((s) => s.key === 's1')!;
  expect(step).toBeDefined();
  expect(step.dueAtMs).toBe(startMs + (FIRST_STEP_DUE_DAY + 16.5 / 24) * DAY_MS);

  // The whole organisation is responsible for 2.14: its owner is the coordinator, and with no unit head both
  // escalations go to the palad.
  const owner = sys.people.coordinator!.email;
  const palad = sys.people.palad!.email;
  const series = `${handle.workflowId}:s1@0:reminder:%`;
  const rowsTo = async (address: string) =>
    (
      await sys.db.pool.query(`SELECT 1 FROM outbox WHERE idempotency_key LIKE $1 AND channel = 'email' AND to_address = $2`, [
        series,
        address,
      ])
    ).rowCount ?? 0;
  const outboxSize = async () => (await sys.db.pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n as number;
  const rowsForSeriesAt = async (maxOutboxSize: number) =>
    (
      await sys.db.pool.query(
        `SELECT count(*)::int AS n FROM (SELECT id FROM outbox ORDER BY id LIMIT $2) o JOIN outbox x ON x.id = o.id
         WHERE x.idempotency_key LIKE $1 AND x.channel = 'email'`,
        [series, maxOutboxSize],
      )
    ).rows[0].n as number;

  // Let the 1-day and due-day reminders and the first overdue ones go out, then take the worker away.
  await eventually('two overdue reminders', async () => ((await rowsTo(owner)) >= 4 ? true : undefined), 40_000);
  await sys.stopWorker();
  const whileDown = await outboxSize();
  // Past the first escalation (day 7 overdue) while no worker runs: nothing can be sent.
  await new Promise((resolve) => setTimeout(resolve, 9 * DAY_MS));
  expect(await outboxSize()).toBe(whileDown);
  await sys.startWorker();

  // Past the second escalation (day 14 overdue), then the owner finally completes the step.
  await eventually('both escalations', async () => ((await rowsTo(palad)) >= 2 ? true : undefined), 40_000);
  const completion = await sys.app.inject({
    method: 'POST',
    url: `/api/items/${CODE}/years/${FY}/steps/s1/complete?org=${sys.organizationSlug}`,
    headers: sys.apiHeaders('coordinator'),
    payload: { notes: 'ดำเนินการแล้ว' },
  });
  expect(completion.statusCode).toBe(200);
  const afterCompletion = await outboxSize();
  await new Promise((resolve) => setTimeout(resolve, 8 * DAY_MS));
  const { rows } = await sys.db.pool.query<{ idempotency_key: string }>(
    `SELECT idempotency_key FROM outbox WHERE idempotency_key LIKE $1 AND channel = 'email'`,
    [series],
  );
  // Nothing more for this step once it is done (other steps' series may go on).
  expect(rows.length).toBe(await rowsForSeriesAt(afterCompletion));

  // What went out is the policy's schedule from the workflow's start, in order, with no gap and nothing twice:
  // the reminders missed while no worker ran were sent late, not lost, and none was repeated.
  const workflowStartMs = (await handle.describe()).startTime.getTime();
  const schedule = reminderSchedule({ dueAtMs: step.dueAtMs, fromMs: workflowStartMs, policy: { dayMs: DAY_MS } });
  // Outbox keys carry the recipient (`:p<person id>`); each reminder here has exactly one recipient.
  const sentSeqs = rows.map((r) => Number(/:reminder:(\d+):p\d+$/.exec(r.idempotency_key)![1]));
  expect(new Set(sentSeqs).size).toBe(sentSeqs.length);
  const prefix = schedule.slice(0, sentSeqs.length);
  expect([...sentSeqs].sort((a, b) => a - b)).toEqual(prefix.map((r) => r.seq).sort((a, b) => a - b));
  expect(prefix.filter((r) => r.kind === 'escalation').map((r) => r.escalateTo)).toEqual(['unit_head', 'palad']);
  expect(prefix.map((r) => r.kind).slice(0, 3)).toEqual(['before', 'due', 'overdue']);

  // Every e-mail the outbox marked sent reached the SMTP server exactly once.
  const sent = (await sys.db.pool.query(`SELECT count(*)::int AS n FROM outbox WHERE channel = 'email' AND status = 'sent'`)).rows[0].n;
  expect(sys.smtp.mails.length).toBe(sent);
  const messageIds = sys.smtp.mails.map((m) => m.parsed.messageId);
  expect(new Set(messageIds).size).toBe(messageIds.length);

  expect(await rowsTo(palad)).toBe(2);
  await recordHistory(handle, 'item-year-escalation');
  const recipients = await sys.db.pool.query(
    `SELECT DISTINCT to_address FROM outbox WHERE idempotency_key LIKE $1 AND channel = 'email'`,
    [series],
  );
  expect(recipients.rows.map((r) => r.to_address).sort()).toEqual([owner, palad].sort());
}, 120_000);

/**
 * Going live after a step's due date: its run starts with the step already overdue. Nobody is chased about it for
 * DEFAULT_LATE_START_GRACE_DAYS (time to record it after the fact); then the owner's overdue reminders carry on with
 * the policy's own schedule, and the escalations, whose days fell inside the grace, are skipped rather than sent in a
 * burst.
 */
test('a step already overdue when its run starts waits out the grace: no burst, no escalation, then the owner is reminded', async () => {
  const fy = FY - 1;
  // "Today" is day 133: the step, due on day 130, is three days overdue when the run starts.
  const startMs = Date.now() - 133 * DAY_MS;
  expect((await sys.startFiscalYear({ fiscalYear: fy, itemCodes: [CODE], timing: { startMs, dayMs: DAY_MS } })).started).toBe(1);
  const handle = sys.client.workflow.getHandle(`item-year:${sys.organizationSlug}:${sys.planId}:${CODE}:${fy}`);
  const started = await eventually('the late item-year to run', async () => {
    const state = await handle.query(stateQuery);
    return state.phase === 'execution' ? state : undefined;
  });
  const step = started.steps.find((s) => s.key === 's1')!;
  expect(step.dueAtMs).toBe(startMs + (FIRST_STEP_DUE_DAY + 16.5 / 24) * DAY_MS);
  const workflowStartMs = (await handle.describe()).startTime.getTime();
  expect(step.dueAtMs).toBeLessThan(workflowStartMs);

  const series = `${handle.workflowId}:s1@0:reminder:%`;
  const sentTo = async (address: string) =>
    (
      await sys.db.pool.query<{ idempotency_key: string }>(
        `SELECT idempotency_key FROM outbox WHERE idempotency_key LIKE $1 AND channel = 'email' AND to_address = $2 ORDER BY id`,
        [series, address],
      )
    ).rows.map((r) => Number(/:reminder:(\d+):p\d+$/.exec(r.idempotency_key)![1]));
  const owner = sys.people.coordinator!.email;
  const palad = sys.people.palad!.email;

  // Most of the grace: without it the owner would have had four overdue reminders and the palad both escalations.
  const graceEndMs = workflowStartMs + DEFAULT_LATE_START_GRACE_DAYS * DAY_MS;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, graceEndMs - DAY_MS - Date.now())));
  expect(await sentTo(owner)).toEqual([]);
  expect(await sentTo(palad)).toEqual([]);

  const expected = reminderSchedule({ dueAtMs: step.dueAtMs, fromMs: workflowStartMs, liveFromMs: workflowStartMs, policy: { dayMs: DAY_MS } });
  expect(expected[0]!.kind).toBe('overdue');
  expect(expected[0]!.atMs).toBeGreaterThanOrEqual(graceEndMs);
  const sent = await eventually('two overdue reminders after the grace', async () => {
    const seqs = await sentTo(owner);
    return seqs.length >= 2 ? seqs : undefined;
  }, 30_000);
  expect(sent.slice(0, 2)).toEqual(expected.slice(0, 2).map((r) => r.seq));

  const completion = await sys.app.inject({
    method: 'POST',
    url: `/api/items/${CODE}/years/${fy}/steps/s1/complete?org=${sys.organizationSlug}`,
    headers: sys.apiHeaders('coordinator'),
    payload: { notes: 'ดำเนินการแล้ว' },
  });
  expect(completion.statusCode).toBe(200);
  expect(await sentTo(palad)).toEqual([]);
  await recordHistory(handle, 'item-year-late-start-grace');
}, 90_000);
