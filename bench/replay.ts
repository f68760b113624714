import { readFile } from 'node:fs/promises';
import path from 'node:path';
import vm from 'node:vm';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { prefixedLog } from '../infra/log';
import { workflowBundleOptions } from '../worker/bundle-options';
import { WORKFLOWS_PATH } from '../worker/worker';
import { optionValue, positiveInt } from './lib/options';
import { median, percentile, roundTo } from './lib/stats';
import { formatTable } from './lib/table';

/**
 * `npm run bench -- replay [--runs R] [--json]`
 *
 * What a decision costs when its item-year has left the worker's cache: the run is replayed from its history first.
 * Saved item-year histories (test/fixtures/histories/, recorded from real runs) are replayed R times each against
 * today's workflow code, and the time per replay and per workflow task is printed. Beside them, the fixed cost of one
 * entry into a workflow's V8 context on this machine, with and without the execution timeout the Temporal SDK gives
 * every entry (Node starts and joins a watchdog thread for each timed entry; the SDK enters about five times per
 * workflow task): the part of a workflow task that is the SDK's and the machine's, not the workflow's.
 */

const HISTORIES_DIR = path.join(__dirname, '..', 'test', 'fixtures', 'histories');
/** The item-year histories of today's code path, a long escalation year and a rejection loop. */
const HISTORIES = ['item-year-happy-path-local-writes', 'item-year-escalation', 'item-year-rejection-loop'] as const;
const DEFAULT_RUNS = 10;
/** The SDK's default isolateExecutionTimeout. */
const SDK_ENTRY_TIMEOUT_MS = 5_000;
const VM_ENTRIES = 5_000;

const log = prefixedLog('bench', (line) => process.stderr.write(`${line}\n`));

interface HistoryRow {
  name: string;
  events: number;
  workflowTasks: number;
  replayP50Ms: number;
  replayMaxMs: number;
  perTaskMs: number;
}

function vmEntryMicros(timeout: number | undefined): number {
  const context = vm.createContext({ n: 0 });
  const script = new vm.Script('n++');
  const options = timeout === undefined ? {} : { timeout };
  const started = process.hrtime.bigint();
  for (let i = 0; i < VM_ENTRIES; i++) script.runInContext(context, options);
  return Number(process.hrtime.bigint() - started) / 1000 / VM_ENTRIES;
}

export async function runReplayBench(args: readonly string[]): Promise<void> {
  const json = args.includes('--json');
  const runs = positiveInt(optionValue(args, '--runs'), DEFAULT_RUNS, '--runs');
  log('กำลังรวมโค้ดเวิร์กโฟลว์ / bundling workflow code');
  const workflowBundle = await bundleWorkflowCode(workflowBundleOptions(WORKFLOWS_PATH));

  const rows: HistoryRow[] = [];
  for (const name of HISTORIES) {
    const saved = JSON.parse(await readFile(path.join(HISTORIES_DIR, `${name}.json`), 'utf8')) as { workflowId: string; history: unknown };
    const history = historyFromJSON(saved.history);
    const events = history.events ?? [];
    const workflowTasks = events.filter((e) => e.workflowTaskCompletedEventAttributes).length;
    log(`เล่นซ้ำ ${name} ${runs} รอบ / replaying ${name} (${events.length} events) ${runs} times`);
    // One replay worker for all of a history's replays, as a running worker keeps its context: the first replay
    // compiles the bundle into the context and is not what a warm worker pays, so it is not counted.
    const copies = Array.from({ length: runs + 1 }, (_, i) => ({ workflowId: `${saved.workflowId}-replay-${i}`, history }));
    const samples: number[] = [];
    let last = performance.now();
    for await (const result of Worker.runReplayHistories({ workflowBundle }, copies)) {
      if (result.error) throw result.error;
      const now = performance.now();
      if (result.workflowId !== copies[0]!.workflowId) samples.push(now - last);
      last = now;
    }
    const p50 = median(samples);
    rows.push({
      name,
      events: events.length,
      workflowTasks,
      replayP50Ms: roundTo(p50),
      replayMaxMs: roundTo(percentile(samples, 100)),
      perTaskMs: roundTo(p50 / Math.max(1, workflowTasks), 2),
    });
  }

  const timedEntryUs = roundTo(vmEntryMicros(SDK_ENTRY_TIMEOUT_MS), 1);
  const untimedEntryUs = roundTo(vmEntryMicros(undefined), 1);

  const table = formatTable(
    ['history', 'events', 'workflow tasks', 'replay p50', 'replay max', 'per task'],
    rows.map((r) => [r.name, String(r.events), String(r.workflowTasks), `${r.replayP50Ms} ms`, `${r.replayMaxMs} ms`, `${r.perTaskMs} ms`]),
  );
  process.stdout.write(`${table}\n\n`);
  process.stdout.write(
    `${formatTable(['V8 context entry', 'µs per entry'], [
      [`with the SDK's ${SDK_ENTRY_TIMEOUT_MS / 1000} s timeout (a watchdog thread each)`, String(timedEntryUs)],
      ['without a timeout', String(untimedEntryUs)],
    ])}\n\n`,
  );
  const summary = { runs, histories: rows, vmEntryTimedUs: timedEntryUs, vmEntryUntimedUs: untimedEntryUs };
  if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
}
