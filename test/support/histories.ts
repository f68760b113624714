import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { WorkflowHandle } from '@temporalio/client';
import { resolveTemporalCli } from '../../infra/temporal-cli';
import { testNamespace, testTemporalAddress } from '../setup/temporal';

export const HISTORIES_DIR = path.join(__dirname, '../fixtures/histories');

/**
 * Saves a finished run's history as a replay fixture when SUJARIT_RECORD_HISTORIES=1. Fixtures are recorded on
 * purpose, reviewed and committed: the replay test then guards every later change to the workflow code. The CLI
 * writes the same JSON the Temporal UI downloads, which the SDK's replayer reads.
 */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.SUJARIT_RECORD_HISTORIES !== '1') return;
  const cli = await resolveTemporalCli();
  const { stdout } = await promisify(execFile)(
    cli,
    ['workflow', 'show', '--workflow-id', handle.workflowId, '--address', testTemporalAddress(), '--namespace', testNamespace(), '--output', 'json'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  await mkdir(HISTORIES_DIR, { recursive: true });
  await writeFile(path.join(HISTORIES_DIR, `${name}.json`), JSON.stringify({ workflowId: handle.workflowId, history: JSON.parse(stdout) }));
}
