import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from '../../infra/ports';
import { stateQuery, type ItemYearState } from '../../workflows/item-year/messages';
import { testNamespace, testTemporalAddress } from '../setup/temporal';
import { moveDueDateSignal } from '../../workflows/item-year/messages';
import { storeCommand } from '../../services/commands';
import { REPO, startTsxProcess, type RunningProcess } from '../support/process';
import { decisionLinkPath, eventually, startTestSystem, type TestSystem } from '../support/system';

/**
 * The command outbox (services/commands.ts, services/command-sweeper.ts) against crashes at the worst moment. An API
 * process is killed (SIGKILL, from inside, at the named fault point) after it stored a command and before it
 * signalled the workflow: once for a proposal, once for a decision made through a signed link. Nothing delivered
 * either; a restarted API's sweeper delivers both, and the item moves on exactly as if nothing had happened.
 */

const FY = 2570;
const LONG_DAY_MS = 600_000;
const CODE = '1.1';
const START_TIMEOUT_MS = 240_000;
const PUBLIC_BASE_URL = 'http://sujarit.test';

let sys: TestSystem;
let dataDir: string;
const processes: RunningProcess[] = [];

beforeAll(async () => {
  sys = await startTestSystem('outbox');
  await sys.startWorker();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'sujarit-outbox-'));
  await sys.startFiscalYear({ fiscalYear: FY, itemCodes: [CODE], timing: { startMs: Date.now(), dayMs: LONG_DAY_MS } });
});

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await sys?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** A real API process (`npm run api`) on the test's database and Temporal; `faultPoint` makes it kill itself there. */
async function startApi(faultPoint?: string): Promise<{ port: number; proc: RunningProcess }> {
  const port = await findFreePort();
  const proc = startTsxProcess(
    'api/main.ts',
    {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      PORT: String(port),
      APP_SECRET: sys.config.APP_SECRET,
      PUBLIC_BASE_URL,
      DATABASE_URL: sys.db.url,
      TEMPORAL_ADDRESS: testTemporalAddress(),
      TEMPORAL_NAMESPACE: testNamespace(),
      TEMPORAL_TASK_QUEUE: sys.taskQueue,
      SMTP_URL: sys.smtp.url,
      DATA_DIR: dataDir,
      COMMAND_SWEEP_INTERVAL_MS: '1000',
      ...(faultPoint ? { SUJARIT_FAULT_POINT: faultPoint } : {}),
    },
    { direct: true },
  );
  processes.push(proc);
  await proc.waitForLine('API ready', (l) => l.includes('API ready'), START_TIMEOUT_MS);
  return { port, proc };
}

function exitOf(proc: RunningProcess): Promise<NodeJS.Signals | null> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return Promise.resolve(proc.child.signalCode);
  return new Promise((resolve) => proc.child.once('exit', (_code, signal) => resolve(signal)));
}

const handle = () => sys.client.workflow.getHandle(`item-year:${sys.organizationSlug}:${sys.planId}:${CODE}:${FY}`);
const stateOf = (): Promise<ItemYearState> => handle().query(stateQuery);

async function signalsNamed(name: string): Promise<number> {
  const history = await handle().fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === name).length;
}

async function commandRow(commandId: string) {
  const { rows } = await sys.db.pool.query<{ delivered_at: Date | null; attempts: number; signal_name: string }>(
    'SELECT delivered_at, attempts, signal_name FROM commands WHERE command_id = $1',
    [commandId],
  );
  return rows[0];
}

describe('a command stored by a process that dies before signalling', () => {
  test('a proposal, then a decision, each delivered by the restarted API and taken once', async () => {
    await eventually('the item to wait for its proposal', async () => ((await stateOf()).phase === 'proposal' ? true : undefined));

    // The proposal: the API stores the command, then dies before the signal.
    const faulty = await startApi('command-stored');
    const killed = exitOf(faulty.proc);
    const proposal = fetch(`http://127.0.0.1:${faulty.port}/api/items/${CODE}/years/${FY}/proposal?org=${sys.organizationSlug}`, {
      method: 'POST',
      headers: { ...sys.apiHeaders('legal'), 'content-type': 'application/json', 'idempotency-key': 'outbox-proposal-0001' },
      body: JSON.stringify({ memo: 'ขออนุมัติจัดอบรมกฎหมายให้ประชาชน', budget: 15000 }),
    });
    await expect(proposal).rejects.toThrow();
    expect(await killed).toBe('SIGKILL');
    expect(await commandRow('outbox-proposal-0001')).toMatchObject({ delivered_at: null, signal_name: 'submitProposal' });
    expect(await signalsNamed('submitProposal')).toBe(0);
    expect((await stateOf()).phase).toBe('proposal');

    // The restart: its sweeper finds the command and delivers it.
    const restarted = await startApi();
    const approval = await eventually(
      'the workflow to take the swept proposal',
      async () => {
        const state = await stateOf();
        return state.phase === 'approval' ? state : undefined;
      },
      60_000,
    );
    expect(approval.processedIds).toContain('outbox-proposal-0001');
    expect(await signalsNamed('submitProposal')).toBe(1);
    expect((await commandRow('outbox-proposal-0001'))!.delivered_at).toBeInstanceOf(Date);

    // The same rule the workflow applies refuses a second proposal now, with a 409 and nothing stored.
    const again = await fetch(`http://127.0.0.1:${restarted.port}/api/items/${CODE}/years/${FY}/proposal?org=${sys.organizationSlug}`, {
      method: 'POST',
      headers: { ...sys.apiHeaders('legal'), 'content-type': 'application/json', 'idempotency-key': 'outbox-proposal-0002' },
      body: JSON.stringify({ memo: 'ฉบับซ้ำ', budget: 1 }),
    });
    expect(again.status).toBe(409);
    const refusal = (await again.json()) as { error: { code: string; message: string } };
    expect(refusal.error.code).toBe('INVALID_TRANSITION');
    expect(refusal.error.message).toContain('ขั้นตอนปัจจุบันคือ "approval"');
    expect(await commandRow('outbox-proposal-0002')).toBeUndefined();

    // The ปลัด's decision through the signed link: recorded with its command, then the process dies.
    const paladMail = await eventually('a decision link for the palad', async () =>
      sys.smtp.mails
        .filter((m) => m.envelopeTo.includes(sys.people.palad!.email))
        .map((m) => decisionLinkPath(m.parsed.text ?? ''))
        .find(Boolean),
    );
    const faultyAgain = await startApi('command-stored');
    const killedAgain = exitOf(faultyAgain.proc);
    const page = await fetch(`http://127.0.0.1:${faultyAgain.port}${paladMail}`);
    expect(page.status).toBe(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const decide = fetch(`http://127.0.0.1:${faultyAgain.port}${paladMail}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: PUBLIC_BASE_URL },
      body: new URLSearchParams({ csrf, outcome: 'approve' }).toString(),
    });
    await expect(decide).rejects.toThrow();
    expect(await killedAgain).toBe('SIGKILL');
    const { rows: decided } = await sys.db.pool.query<{ id: string; acknowledged_at: Date | null }>(
      `SELECT d.id, d.acknowledged_at FROM decisions d JOIN decision_points p ON p.id = d.decision_point_id
       WHERE p.workflow_id = $1`,
      [handle().workflowId],
    );
    expect(decided).toHaveLength(1);
    expect(decided[0]!.acknowledged_at).toBeNull();
    expect(await commandRow(decided[0]!.id)).toMatchObject({ signal_name: 'decide' });

    // The restarted API, still running, delivers the decision; the workflow takes it and confirms it.
    const afterDecision = await eventually(
      'the workflow to take the swept decision',
      async () => {
        const state = await stateOf();
        return state.decisions.length === 1 ? state : undefined;
      },
      60_000,
    );
    expect(afterDecision.decisions[0]).toMatchObject({ decisionId: decided[0]!.id, outcome: 'approve', personId: sys.people.palad!.id });
    expect(await signalsNamed('decide')).toBe(1);
    await eventually('the decision to be acknowledged by the workflow', async () => {
      const { rows } = await sys.db.pool.query<{ acknowledged_at: Date | null }>('SELECT acknowledged_at FROM decisions WHERE id = $1', [
        decided[0]!.id,
      ]);
      return rows[0]?.acknowledged_at ?? undefined;
    });
  });
});

describe('commands deliver (CLI)', () => {
  test('an operator delivers every waiting command now, through the same sweep', async () => {
    // No API runs, so only the CLI can deliver; the stored command would otherwise wait for its next retry.
    await Promise.all(processes.map((p) => p.stop()));
    const step = (await stateOf()).steps.find((s) => s.status === 'pending')!;
    const newDueAtMs = step.dueAtMs + 7 * 86_400_000;
    await storeCommand(sys.db.pool, {
      workflowId: handle().workflowId,
      signal: moveDueDateSignal,
      commandId: 'outbox-cli-0001',
      payload: { requestId: 'outbox-cli-0001', personId: sys.people.legal!.id, stepKey: step.key, newDueAtMs, reason: 'รอวัสดุ' },
    });
    await sys.db.pool.query("UPDATE commands SET next_attempt_at = now() + interval '1 day' WHERE command_id = 'outbox-cli-0001'");

    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(REPO, 'cli/main.ts'), 'commands', 'deliver', '--json'], {
      cwd: REPO,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'test',
        DATABASE_URL: sys.db.url,
        TEMPORAL_ADDRESS: testTemporalAddress(),
        TEMPORAL_NAMESPACE: testNamespace(),
        TEMPORAL_TASK_QUEUE: sys.taskQueue,
        DATA_DIR: dataDir,
      },
    });
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toMatchObject({ delivered: 1, failed: 0, abandoned: 0, waiting: 0 });
    expect((await commandRow('outbox-cli-0001'))!.delivered_at).toBeInstanceOf(Date);
    await eventually('the workflow to move the due date', async () => {
      const moved = (await stateOf()).steps.find((s) => s.key === step.key)!;
      return moved.dueAtMs === newDueAtMs ? true : undefined;
    });
  });
});
