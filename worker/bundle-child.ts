import { writeFile } from 'node:fs/promises';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from './bundle-options';

/** `tsx worker/bundle-child.ts <workflows path> <out file>`: run by worker/bundle.ts, never by people. */
async function main(): Promise<void> {
  const [workflowsPath, outFile] = process.argv.slice(2);
  if (!workflowsPath || !outFile) throw new Error('usage: bundle-child <workflows path> <out file>');
  const bundle = await bundleWorkflowCode({ ...workflowBundleOptions(workflowsPath), logger: new DefaultLogger('WARN') });
  await writeFile(outFile, bundle.code);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
