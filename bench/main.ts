import { runBaselineBench } from './baseline';
import { runReplayBench } from './replay';
import { runReportsBench } from './reports';
import { runScaleBench } from './scale';
import { runWorkflowsBench } from './workflows';

/** Each bench is a name on the command line: `npm run bench -- <name> [--json]`. */
const BENCHES: Record<string, { summary: string; run(args: readonly string[]): Promise<void> }> = {
  baseline: {
    summary: 'การนำเข้าแผนและ Temporal เปล่า / seed import time and bare Temporal throughput and signal latency',
    run: runBaselineBench,
  },
  workflows: {
    summary:
      'รายการต่อปีหลายองค์กรเทียบกับ Temporal เปล่า / item-year starts and decision round trips at scale against the ' +
      'bare Temporal baseline [--orgs N] [--concurrency K] [--fy YYYY] [--engine dev|postgres] [--no-smtp]',
    run: runWorkflowsBench,
  },
  scale: {
    summary:
      'ต้นทุนเมื่อจำนวนองค์กรเพิ่มขึ้น / how cost grows with the number of organisations (25, 50, 100) on one engine, ' +
      'against the bare baseline on the same server [--orgs N] [--engine dev|postgres] [--decisions K]',
    run: runScaleBench,
  },
  replay: {
    summary:
      'เล่นซ้ำประวัติรายการต่อปีที่บันทึกไว้ / replaying saved item-year histories: what a decision costs after its run left ' +
      'the worker cache, and the SDK cost of each entry into a workflow context [--runs R]',
    run: runReplayBench,
  },
  reports: {
    summary: 'เวลาสร้างรายงานต่อองค์กร / report generation per organisation: HTML, PDF, DOCX, XLSX [--orgs N]',
    run: (args) => {
      const orgsFlag = args.indexOf('--orgs');
      const orgs = orgsFlag >= 0 ? Number(args[orgsFlag + 1]) : undefined;
      return runReportsBench({ json: args.includes('--json'), ...(orgs ? { orgs } : {}) });
    },
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
