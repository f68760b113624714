import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../worker/worker';
import { HISTORIES_DIR } from '../support/histories';
import { bundleWorkflowsOnce } from '../setup/temporal';

/**
 * Histories saved from real runs (happy path, rejection loop, escalation) replayed against today's workflow code.
 * A change that would make running workflows diverge from their history fails here; such a change needs patched().
 * Re-record with SUJARIT_RECORD_HISTORIES=1 only when the workflow's behaviour is meant to change for new runs.
 */
const EXPECTED = ['item-year-happy-path', 'item-year-happy-path-merged-start', 'item-year-happy-path-local-writes', 'item-year-rejection-loop', 'item-year-escalation', 'item-year-cancelled', 'fiscal-year-start-children'];

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
