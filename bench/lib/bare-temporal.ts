import { performance } from 'node:perf_hooks';
import type { Log } from '../../infra/log';
import {
  appliedUpdate,
  finishSignal,
  noopWorkflow,
  proceedSignal,
  signalRoundTripWorkflow,
} from '../bare-workflows';
import { mapBounded } from '../../infra/bounded';
import type { BenchTemporal } from './temporal';

/**
 * The bare Temporal baseline: how fast this machine's dev server and the SDK start and finish a workflow that does
 * nothing, and how long a signal takes until the workflow has applied it. Shared by `bench baseline` and by benches
 * that put our own workflows side by side with it in the same run.
 */

export const BARE_WARMUP_WORKFLOWS = 20;
export const BARE_MEASURED_WORKFLOWS = 300;
export const BARE_START_CONCURRENCY = 16;
export const BARE_WARMUP_SIGNALS = 20;
export const BARE_MEASURED_SIGNALS = 200;

/** How the signal round trip is measured; later benches of "POST acknowledged by the workflow" use the same. */
export const SIGNAL_ACKNOWLEDGED_DEFINITION =
  'signal → acknowledged: from the client sending a signal until an Update that completes only once the workflow ' +
  'has applied that signal (by its sequence number) returns; sequential, worker in the same process';

export interface BareTemporalMeasurement {
  starts: { perSecond: number; seconds: number };
  /** Milliseconds per measured signal: until acknowledged, and until the signal call alone returned. */
  signals: { acknowledged: number[]; accepted: number[] };
}

/** Runs the no-op start/complete and signal round-trip measurements with `temporal`'s in-process worker. */
export async function measureBareTemporal(temporal: BenchTemporal, log: Log): Promise<BareTemporalMeasurement> {
  return temporal.runWithWorker(async () => {
    const { client, taskQueue } = temporal;
    const runNoops = (count: number, label: string): Promise<void[]> =>
      mapBounded(
        Array.from({ length: count }, (_, i) => `${taskQueue}-${label}-${i}`),
        BARE_START_CONCURRENCY,
        (workflowId) => client.workflow.execute(noopWorkflow, { taskQueue, workflowId }),
      );
    log(
      `เริ่มและจบเวิร์กโฟลว์เปล่า ${BARE_MEASURED_WORKFLOWS} ตัว / starting and completing ${BARE_MEASURED_WORKFLOWS} no-op workflows`,
    );
    await runNoops(BARE_WARMUP_WORKFLOWS, 'warmup');
    const startedAt = performance.now();
    await runNoops(BARE_MEASURED_WORKFLOWS, 'noop');
    const seconds = (performance.now() - startedAt) / 1000;

    log(`ส่งสัญญาณ ${BARE_MEASURED_SIGNALS} ครั้ง / ${BARE_MEASURED_SIGNALS} sequential signal round trips`);
    const handle = await client.workflow.start(signalRoundTripWorkflow, {
      taskQueue,
      workflowId: `${taskQueue}-signals`,
    });
    const acknowledged: number[] = [];
    const accepted: number[] = [];
    for (let sequence = 1; sequence <= BARE_WARMUP_SIGNALS + BARE_MEASURED_SIGNALS; sequence++) {
      const sentAt = performance.now();
      await handle.signal(proceedSignal, sequence);
      const acceptedAt = performance.now();
      const applied = await handle.executeUpdate(appliedUpdate, { args: [sequence] });
      const acknowledgedAt = performance.now();
      if (applied < sequence) throw new Error(`workflow acknowledged ${applied} for signal ${sequence}`);
      if (sequence > BARE_WARMUP_SIGNALS) {
        accepted.push(acceptedAt - sentAt);
        acknowledged.push(acknowledgedAt - sentAt);
      }
    }
    await handle.signal(finishSignal);
    await handle.result();
    return { starts: { perSecond: BARE_MEASURED_WORKFLOWS / seconds, seconds }, signals: { acknowledged, accepted } };
  });
}
