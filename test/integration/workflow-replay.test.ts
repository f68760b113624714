import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { resolveReminderPolicy } from '../../domain/reminders';
import { WORKFLOWS_PATH } from '../../worker/worker';
import type { ItemYearInput } from '../../workflows/item-year/workflow';
import { HISTORIES_DIR } from '../support/histories';
import { bundleWorkflowsOnce } from '../setup/temporal';

/**
 * Histories saved from real runs (happy path, rejection loop, escalation) replayed against today's workflow code.
 * A change that would make running workflows diverge from their history fails here; such a change needs patched().
 * Re-record with SUJARIT_RECORD_HISTORIES=1 only when the workflow's behaviour is meant to change for new runs.
 */
const EXPECTED = ['item-year-happy-path', 'item-year-happy-path-merged-start', 'item-year-happy-path-local-writes', 'item-year-rejection-loop', 'item-year-escalation', 'item-year-cancelled', 'item-year-forged-decision', 'fiscal-year-start-children', 'plan-approval', 'plan-approval-reminders', 'item-year-after-the-fact', 'item-year-amended', 'item-year-cancelled-by-amendment', 'plan-amendment-approval', 'item-year-late-start-grace', 'item-year-amended-unit-steps'];

interface SavedEvent {
  signalName?: string;
  activityType?: string;
  markerName?: string;
}

/** The signals, scheduled activity types and markers of a saved history, as the CLI's JSON names them. */
async function eventsOf(name: string): Promise<SavedEvent[]> {
  const saved = JSON.parse(await readFile(path.join(HISTORIES_DIR, `${name}.json`), 'utf8')) as {
    history: { events: Array<Record<string, { signalName?: string; activityType?: { name: string }; markerName?: string } | undefined>> };
  };
  return saved.history.events.map((e) => ({
    ...(e.workflowExecutionSignaledEventAttributes?.signalName ? { signalName: e.workflowExecutionSignaledEventAttributes.signalName } : {}),
    ...(e.activityTaskScheduledEventAttributes?.activityType ? { activityType: e.activityTaskScheduledEventAttributes.activityType.name } : {}),
    ...(e.markerRecordedEventAttributes?.markerName ? { markerName: e.markerRecordedEventAttributes.markerName } : {}),
  }));
}

test('every saved history replays without nondeterminism', async () => {
  const files = (await readdir(HISTORIES_DIR)).filter((f) => f.endsWith('.json')).sort();
  expect(files.map((f) => path.basename(f, '.json'))).toEqual(expect.arrayContaining(EXPECTED));
  const histories = await Promise.all(
    files.map(async (file) => {
      const saved = JSON.parse(await readFile(path.join(HISTORIES_DIR, file), 'utf8'));
      return { workflowId: saved.workflowId as string, history: historyFromJSON(saved.history) };
    }),
  );
  const bundle = await bundleWorkflowsOnce(WORKFLOWS_PATH);
  const failures: string[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, histories)) {
    replayed++;
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
  expect(replayed).toBe(files.length);
}, 120_000);

/**
 * patched('verify-decisions') (workflows/common/decision.ts) must leave runs from before it as they were: their
 * decisions were taken from the signal alone, with no verifyDecision activity, and they replay above. The fixtures
 * keep both kinds, so neither path can be dropped unnoticed.
 */
test("histories from before patched('verify-decisions') took decisions unverified, and newer ones verify each", async () => {
  const before = ['item-year-happy-path', 'item-year-rejection-loop', 'item-year-cancelled'];
  for (const name of before) {
    const events = await eventsOf(name);
    expect({ name, decided: events.some((e) => e.signalName === 'decide') }).toEqual({ name, decided: true });
    expect({ name, verified: events.some((e) => e.activityType === 'verifyDecision') }).toEqual({ name, verified: false });
  }
  const after = await eventsOf('item-year-forged-decision');
  // A forged decide and the real one: each checked against its decisions row, the first refused.
  expect(after.filter((e) => e.signalName === 'decide').length).toBeGreaterThanOrEqual(2);
  expect(after.filter((e) => e.activityType === 'verifyDecision').length).toBeGreaterThanOrEqual(2);
  expect(after.some((e) => e.markerName === 'core_patch')).toBe(true);
});

/**
 * The after-the-fact record reaches a run only by its own signal, which no history from before it holds: those replay
 * above unchanged, with no patch. The fixture recorded with it keeps the new path: the record taken, and the run past
 * approval and committee without a decision point opened.
 */
test('an item-year recorded after the fact took the record and opened no decision point', async () => {
  const events = await eventsOf('item-year-after-the-fact');
  expect(events.filter((e) => e.signalName === 'recordAfterTheFact')).toHaveLength(1);
  expect(events.some((e) => e.activityType === 'openDecision')).toBe(false);
  for (const name of ['item-year-happy-path', 'item-year-forged-decision', 'item-year-cancelled']) {
    expect({ name, recorded: (await eventsOf(name)).some((e) => e.signalName === 'recordAfterTheFact') }).toEqual({ name, recorded: false });
  }
});

/**
 * The applyAmendment signal (an approved plan amendment told to a running item-year) is a handler no run from before
 * it received: every item-year history recorded before it replays above without it, and the two recorded after it,
 * one whose budget changed and one cancelled by the amendment, replay with it. The amendment's approval applies it
 * and starts the added items only in a run asked about an amendment.
 */
test('item-year histories from before amendments never got applyAmendment; those after it replay with it', async () => {
  const older = ['item-year-happy-path', 'item-year-rejection-loop', 'item-year-escalation', 'item-year-cancelled', 'item-year-forged-decision'];
  for (const name of older) {
    const events = await eventsOf(name);
    expect({ name, amended: events.some((e) => e.signalName === 'applyAmendment') }).toEqual({ name, amended: false });
  }
  for (const name of ['item-year-amended', 'item-year-cancelled-by-amendment']) {
    const events = await eventsOf(name);
    expect({ name, amended: events.filter((e) => e.signalName === 'applyAmendment').length }).toEqual({ name, amended: 1 });
  }
  const approval = await eventsOf('plan-amendment-approval');
  expect(approval.map((e) => e.activityType).filter((t) => t === 'applyPlanAmendment' || t === 'startItemYears')).toEqual(['applyPlanAmendment', 'startItemYears']);
  for (const name of ['plan-approval', 'plan-approval-reminders']) {
    expect((await eventsOf(name)).some((e) => e.activityType === 'applyPlanAmendment')).toBe(false);
  }
});

/** The patch ids a saved history's markers record (their payload is JSON `{"id": ...}`). */
async function patchIdsOf(name: string): Promise<string[]> {
  const saved = JSON.parse(await readFile(path.join(HISTORIES_DIR, `${name}.json`), 'utf8')) as {
    history: { events: Array<{ markerRecordedEventAttributes?: { markerName: string; details?: { 'patch-data'?: { payloads: Array<{ data: string }> } } } }> };
  };
  return saved.history.events.flatMap((e) => {
    const marker = e.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_patch') return [];
    return (marker.details?.['patch-data']?.payloads ?? []).map((p) => (JSON.parse(Buffer.from(p.data, 'base64').toString('utf8')) as { id: string }).id);
  });
}

/**
 * patched('late-start-grace') (workflows/item-year/workflow.ts): item-year runs from before it chased a due date past
 * at their start at once, and replay above without the marker; the run recorded with it started three days after its
 * step's due date, sent nothing in the grace and no escalation, then reminded the owner.
 */
test("item-year histories from before patched('late-start-grace') replay without it; the late start keeps the grace", async () => {
  for (const name of ['item-year-happy-path', 'item-year-escalation', 'item-year-after-the-fact', 'item-year-amended']) {
    expect({ name, graced: (await patchIdsOf(name)).includes('late-start-grace') }).toEqual({ name, graced: false });
  }
  expect(await patchIdsOf('item-year-late-start-grace')).toContain('late-start-grace');
  const events = await eventsOf('item-year-late-start-grace');
  expect(events.filter((e) => e.activityType === 'notify').length).toBeGreaterThanOrEqual(2);
  expect(events.filter((e) => e.signalName === 'completeStep')).toHaveLength(1);
});

/**
 * The late-start grace became a setting of the reminder policy (lateStartGraceDays) without a patch: a run reads it
 * from its input, and no input from before the setting carries one, so every such run keeps the 14 days its history
 * followed (the replay above runs them on today's code). Only inputs prepared since can carry another length.
 */
test('no saved item-year input carries a late-start grace, so each resolves to the 14 days it ran with', async () => {
  const files = (await readdir(HISTORIES_DIR)).filter((f) => f.startsWith('item-year-') && f.endsWith('.json'));
  expect(files.map((f) => path.basename(f, '.json'))).toContain('item-year-late-start-grace');
  for (const file of files) {
    const saved = JSON.parse(await readFile(path.join(HISTORIES_DIR, file), 'utf8')) as {
      history: { events: Array<{ workflowExecutionStartedEventAttributes?: { input: { payloads: Array<{ data: string }> } } }> };
    };
    const payload = saved.history.events[0]!.workflowExecutionStartedEventAttributes!.input.payloads[0]!;
    const input = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')) as ItemYearInput;
    const grace = resolveReminderPolicy({ ...(input.reminderPolicy ?? {}), dayMs: input.timing.dayMs }).lateStartGraceDays;
    expect({ file, carried: input.reminderPolicy?.lateStartGraceDays, grace }).toEqual({ file, carried: undefined, grace: 14 });
  }
});

/**
 * patched('amendment-unit-and-steps') (workflows/item-year/workflow.ts) is asked only for an amendment that moves the
 * item or changes its steps. The amendment recorded before it (a budget change) replays above without the marker;
 * the one recorded with it took the new unit and steps behind the marker.
 */
test("an amendment from before patched('amendment-unit-and-steps') replays without it; a moved item's took it", async () => {
  expect((await eventsOf('item-year-amended')).filter((e) => e.signalName === 'applyAmendment')).toHaveLength(1);
  expect(await patchIdsOf('item-year-amended')).not.toContain('amendment-unit-and-steps');
  expect((await eventsOf('item-year-amended-unit-steps')).filter((e) => e.signalName === 'applyAmendment')).toHaveLength(1);
  expect((await patchIdsOf('item-year-amended-unit-steps')).filter((id) => id === 'amendment-unit-and-steps')).toHaveLength(1);
  for (const name of ['item-year-happy-path', 'item-year-escalation', 'item-year-cancelled-by-amendment']) {
    expect({ name, patched: (await patchIdsOf(name)).includes('amendment-unit-and-steps') }).toEqual({ name, patched: false });
  }
});
