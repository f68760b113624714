import { allHandlersFinished, condition, defineQuery, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

/**
 * The smallest workflows that exercise Temporal itself, so the baseline bench measures the server and SDK and not
 * our plan logic. Also used by the harness smoke test.
 */

/** Carries a sequence number so the acknowledgement can tell which signal it confirms. */
export const proceedSignal = defineSignal<[sequence: number]>('proceed');
export const finishSignal = defineSignal('finish');
/** Completes once the workflow has applied the signal with this sequence number (see bench/baseline.ts). */
export const appliedUpdate = defineUpdate<number, [sequence: number]>('awaitApplied');
export const appliedQuery = defineQuery<number>('applied');

export async function noopWorkflow(): Promise<void> {
  return;
}

/** Applies `proceed` signals until `finish`; returns the highest sequence number applied. */
export async function signalRoundTripWorkflow(): Promise<number> {
  let applied = 0;
  let finished = false;
  setHandler(proceedSignal, (sequence) => {
    if (sequence > applied) applied = sequence;
  });
  setHandler(appliedUpdate, async (sequence) => {
    await condition(() => applied >= sequence);
    return applied;
  });
  setHandler(appliedQuery, () => applied);
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
  await condition(allHandlersFinished);
  return applied;
}
