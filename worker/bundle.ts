import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The workflow bundle, built in a child process. Webpack inside the worker process would leave some 100 MB of
 * heap and native memory behind for the worker's whole life (measured: 324 MB against 212 MB resident once
 * polling); a child returns all of it when it exits. The worker keeps only the bundle's code.
 */

const BUNDLE_TIMEOUT_MS = 5 * 60_000;
/** Run from its sources, the child is TypeScript and runs under tsx; from a compiled build, it is plain JavaScript. */
const COMPILED = path.extname(__filename) === '.js';
const CHILD = path.join(__dirname, COMPILED ? 'bundle-child.js' : 'bundle-child.ts');
const CHILD_ARGS = COMPILED ? [CHILD] : [require.resolve('tsx/cli'), CHILD];

export async function bundleWorkflowsInChild(workflowsPath: string): Promise<{ code: string }> {
  const outFile = path.join(os.tmpdir(), `sujarit-workflows-${process.pid}-${randomBytes(4).toString('hex')}.js`);
  try {
    await promisify(execFile)(process.execPath, [...CHILD_ARGS, workflowsPath, outFile], {
      timeout: BUNDLE_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: await readFile(outFile, 'utf8') };
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(
      `รวมโค้ดเวิร์กโฟลว์ไม่สำเร็จ / bundling the workflow code failed${stderr ? `:\n${stderr.slice(-4000)}` : `: ${String(err)}`}`,
      { cause: err },
    );
  } finally {
    await rm(outFile, { force: true });
  }
}
