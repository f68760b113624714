import { runBaselineBench } from './baseline';

/** Each bench is a name on the command line: `npm run bench -- <name> [--json]`. */
const BENCHES: Record<string, { summary: string; run(args: readonly string[]): Promise<void> }> = {
  baseline: {
    summary: 'การนำเข้าแผนและ Temporal เปล่า / seed import time and bare Temporal throughput and signal latency',
    run: runBaselineBench,
  },
};

async function main(argv: readonly string[]): Promise<void> {
  const [name, ...args] = argv;
  const bench = name ? BENCHES[name] : undefined;
  if (!bench) {
    const list = Object.entries(BENCHES)
      .map(([benchName, { summary }]) => `  ${benchName}  ${summary}`)
      .join('\n');
    console.error(`ใช้ / usage: npm run bench -- <name> [--json]\n${list}`);
    process.exitCode = 2;
    return;
  }
  await bench.run(args);
}

main(process.argv.slice(2)).then(
  // The Temporal native runtime can hold the event loop open after a clean shutdown; the bench is done here.
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
