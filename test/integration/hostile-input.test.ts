import { Client, Connection } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { createServer } from 'node:net';
import { storing } from '../../activities/storable';
import { buildApp } from '../../api/app';
import { ERROR_STATUS } from '../../services/errors';
import { stateQuery } from '../../workflows/item-year/messages';
import { decisionLinkPath, eventually, startTestSystem, type TestSystem } from '../support/system';

/**
 * Hostile input (issue: attacks and faults): impossible dates, NUL bytes, lone surrogates, huge numbers and wrong
 * types are refused with a stable code and nothing stored; a value PostgreSQL cannot store fails an activity at once
 * instead of retrying for ever; with Temporal unreachable a command is accepted (202) and delivered later.
 */

const FY = 2570;
const PROPOSAL_CODE = '1.1';
const EXECUTION_CODE = '2.14';
let sys: TestSystem;

const workflowIdOf = (code: string) => `item-year:${sys.organizationSlug}:${sys.planId}:${code}:${FY}`;
const stateOf = (code: string) => sys.client.workflow.getHandle(workflowIdOf(code)).query(stateQuery);
const url = (code: string, suffix: string) => `/api/items/${code}/years/${FY}/${suffix}?org=${sys.organizationSlug}`;

async function waitForPhase(code: string, phase: string) {
  return eventually(`${code} in ${phase}`, async () => {
    const state = await stateOf(code);
    return state.phase === phase ? state : undefined;
  });
}

/** What a refusal must leave untouched: commands, due-date changes, evidence, decisions. */
async function storedCounts(): Promise<Record<string, number>> {
  const { rows } = await sys.db.pool.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM commands) AS commands, (SELECT count(*) FROM due_date_changes) AS due_date_changes,
            (SELECT count(*) FROM evidence_files) AS evidence, (SELECT count(*) FROM decisions) AS decisions`,
  );
  return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]));
}

function postJson(app: FastifyInstance, path: string, personKey: string | undefined, payload: unknown) {
  return app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/json', ...(personKey ? sys.apiHeaders(personKey) : {}) },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

beforeAll(async () => {
  sys = await startTestSystem('hostile');
  await sys.startWorker();
  await sys.startFiscalYear({ fiscalYear: FY, itemCodes: [PROPOSAL_CODE, EXECUTION_CODE], timing: { startMs: Date.now(), dayMs: 600_000 } });
  await Promise.all([waitForPhase(PROPOSAL_CODE, 'proposal'), waitForPhase(EXECUTION_CODE, 'execution')]);
});

afterAll(async () => {
  await sys?.close();
});

function expectRefusal(response: { statusCode: number; json(): unknown }, code = 'VALIDATION_FAILED') {
  expect(response.statusCode).toBe(ERROR_STATUS[code as keyof typeof ERROR_STATUS]);
  const body = response.json() as { error: { code: string; message: string; messageEn: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(/[\u0E00-\u0E7F]/);
  expect(body.error.messageEn).toMatch(/[a-z]/);
}

describe('the findings', () => {
  test('impossible due dates are refused with 400 and no due-date change is stored', async () => {
    const before = await storedCounts();
    const step = (await stateOf(EXECUTION_CODE)).steps[0]!.key;
    for (const newDueDate of ['9999-99-99', '0000-00-00', '2570-02-30', '2027-02-29', '2570-03-01']) {
      const response = await postJson(sys.app, url(EXECUTION_CODE, `steps/${step}/due-date`), 'coordinator', { newDueDate, reason: 'เลื่อน' });
      expectRefusal(response);
    }
    expect(await storedCounts()).toEqual(before);
  });

  test('a proposal with an impossible date, a NUL byte or a lone surrogate is refused and the workflow is untouched', async () => {
    const before = await storedCounts();
    const bodies = [
      { memo: 'ขออนุมัติ', budget: 1000, startDate: '2570-02-30', endDate: '2570-03-01' },
      { memo: 'ขออนุมัติ\u0000', budget: 1000 },
      { memo: 'ขออนุมัติ\uD800', budget: 1000 },
      { memo: '\u001b[2Jขออนุมัติ', budget: 1000 },
    ];
    for (const body of bodies) expectRefusal(await postJson(sys.app, url(PROPOSAL_CODE, 'proposal'), 'legal', body));
    expect(await storedCounts()).toEqual(before);
    expect((await stateOf(PROPOSAL_CODE)).phase).toBe('proposal');
  });

  test('a step completion whose body is not an object, has a field the form does not have, or whose amount is not a number, is refused', async () => {
    const before = await storedCounts();
    const step = (await stateOf(EXECUTION_CODE)).steps.find((s) => s.status !== 'done')!.key;
    for (const body of [[1, 2], '"done"', 'null', { memo: '\u0000' }, { note: 'เสร็จ' }, { notes: 'เสร็จ', budgetSpent: true }, { notes: 'เสร็จ', budgetSpent: 'abc' }, { notes: 'เสร็จ', budgetSpent: 1e300 }]) {
      expectRefusal(await postJson(sys.app, url(EXECUTION_CODE, `steps/${step}/complete`), 'coordinator', body));
    }
    expect(await storedCounts()).toEqual(before);
  });

  test('a NUL byte or a lone surrogate that reaches an activity fails it as non-retryable instead of for ever', async () => {
    const what = { th: 'ทดสอบ', en: 'the test value' };
    for (const value of ['a\u0000b', JSON.stringify({ memo: 'x\u0000' }), JSON.stringify({ memo: 'x\uD800' })]) {
      const failure = await storing(what, () => sys.db.pool.query('SELECT $1::jsonb AS v', [value.startsWith('{') ? value : JSON.stringify(value)]))
        .then(() => undefined, (err: unknown) => err);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect((failure as ApplicationFailure).nonRetryable).toBe(true);
      expect((failure as ApplicationFailure).type).toBe('VALIDATION_FAILED');
      expect((failure as ApplicationFailure).message).toMatch(/บันทึกทดสอบไม่ได้.*cannot store the test value/);
    }
    const text = await storing(what, () => sys.db.pool.query('SELECT $1::text AS v', ['a\u0000b'])).then(() => undefined, (err: unknown) => err);
    expect((text as ApplicationFailure).nonRetryable).toBe(true);
    // Anything else (a lost connection, a deadlock) is not the value's fault and stays retryable: rethrown as it was.
    const other = new Error('connection reset');
    await expect(storing(what, () => Promise.reject(other))).rejects.toBe(other);
  });
});

/** Poisons: each is refused by the field it is put in. */
const poisonText = fc.oneof(
  fc.string().map((s) => `${s}\u0000${s}`),
  fc.string().map((s) => `${s}\uD83D`),
  fc.string().map((s) => `\uDC00${s}`),
  fc.constantFrom('\u0007', '\u001b[31m', 'a\u007fb', '\u0008'),
  fc.constant('ก'.repeat(20_001)),
  fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.object({ maxDepth: 1 })),
);
const poisonDate = fc.oneof(
  fc.constantFrom('9999-99-99', '0000-00-00', '2570-02-30', '2027-02-29', '2026-13-01', '0NaN-NaN-NaN', '2570-03-01', '1899-12-31'),
  fc.string({ maxLength: 12 }).filter((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s.trim())),
  fc.integer(),
);
const poisonNumber = fc.oneof(
  fc.constantFrom(-1, 1e300, 1e11, -1e300, 1.5e308),
  // A blank or numeric text is a form's amount (or none), so only other texts are poison.
  fc.string({ maxLength: 5 }).filter((t) => t.trim() !== '' && Number.isNaN(Number(t))),
  fc.constantFrom(true, [], {}),
);
const poisonId = fc.oneof(fc.constantFrom(0, -5, 1.5, 1e300, 2 ** 53 + 10), fc.string({ maxLength: 5 }), fc.constant(null));
const validText = fc.constantFrom('ข้อความ', 'ok', 'หมายเหตุ\nบรรทัดสอง');

/** A body of the given fields in which at least one field is poisoned and the rest are valid or poisoned. */
function hostileBody(fields: Record<string, { valid: fc.Arbitrary<unknown>; poison: fc.Arbitrary<unknown> }>) {
  const names = Object.keys(fields);
  return fc.constantFrom(...names).chain((forced) =>
    fc.record(
      Object.fromEntries(
        names.map((name) => {
          const { valid, poison } = fields[name]!;
          return [name, name === forced ? poison : fc.oneof(valid, poison)];
        }),
      ),
    ),
  );
}

/** Whole bodies that are not the expected object at all. */
const wrongBody = fc.oneof(
  fc.constantFrom('{', 'null', '[]', '"x"', '{"memo": "\\u0000"}', '1e999'),
  fc.string({ maxLength: 20 }).map((s) => JSON.stringify(s)),
  fc.array(fc.integer(), { maxLength: 3 }),
);

interface Case {
  path: string;
  person: string;
  body: unknown;
}

function commandCases(stepKey: string): fc.Arbitrary<Case> {
  const proposal = hostileBody({
    memo: { valid: validText, poison: poisonText },
    budget: { valid: fc.constantFrom(1000, null), poison: poisonNumber },
    startDate: { valid: fc.constant('2027-01-10'), poison: poisonDate },
  });
  const dueDate = hostileBody({ newDueDate: { valid: fc.constant('2027-06-30'), poison: poisonDate }, reason: { valid: validText, poison: poisonText } });
  const completion = hostileBody({ notes: { valid: validText, poison: poisonText }, budgetSpent: { valid: fc.constant(10), poison: poisonNumber } });
  const cancellation = hostileBody({ reason: { valid: validText, poison: poisonText } });
  const reassign = hostileBody({ newOwnerPersonId: { valid: fc.constant(sys.people.coordinator!.id), poison: poisonId } });
  const committee = hostileBody({
    orderNumber: { valid: validText, poison: poisonText },
    orderDate: { valid: fc.constant('2027-01-10'), poison: poisonDate },
    members: { valid: fc.constant([{ name: 'นาย ก', role: 'ประธาน' }]), poison: fc.oneof(fc.constant([]), poisonText.map((name) => [{ name, role: 'x' }])) },
  });
  const evaluation = hostileBody({
    indicatorResults: { valid: fc.constant([]), poison: fc.oneof(poisonText, poisonText.map((text) => [{ ordinal: 1, text }])) },
    budgetSpent: { valid: fc.constant(null), poison: poisonNumber },
    problems: { valid: validText, poison: poisonText },
  });
  const report = hostileBody({ summary: { valid: validText, poison: poisonText } });
  const on = (code: string, suffix: string, person: string, body: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 9, arbitrary: body }, { weight: 1, arbitrary: wrongBody }).map((b): Case => ({ path: url(code, suffix), person, body: b }));
  return fc.oneof(
    on(PROPOSAL_CODE, 'proposal', 'legal', proposal),
    on(EXECUTION_CODE, `steps/${stepKey}/due-date`, 'coordinator', dueDate),
    on(EXECUTION_CODE, `steps/${stepKey}/complete`, 'coordinator', completion),
    on(EXECUTION_CODE, 'cancellation', 'coordinator', cancellation),
    on(EXECUTION_CODE, 'reassign', 'coordinator', reassign),
    on(EXECUTION_CODE, 'committee', 'coordinator', committee),
    on(EXECUTION_CODE, 'evaluation', 'coordinator', evaluation),
    on(EXECUTION_CODE, 'report', 'coordinator', report),
  );
}

const REFUSAL_STATUSES = new Set([400, 403, 404, 409, 413, 415]);

describe('hostile bodies, generated', () => {
  test('the item-year command routes refuse every hostile body with a stable code and store nothing', async () => {
    const stepKey = (await stateOf(EXECUTION_CODE)).steps[0]!.key;
    const before = await storedCounts();
    await fc.assert(
      fc.asyncProperty(commandCases(stepKey), async ({ path, person, body }) => {
        const response = await postJson(sys.app, path, person, body);
        if (!REFUSAL_STATUSES.has(response.statusCode)) {
          throw new Error(`${path} answered ${response.statusCode} to ${JSON.stringify(body)?.slice(0, 200)}: ${response.body.slice(0, 300)}`);
        }
        const { error } = response.json() as { error: { code: string; message: string; messageEn: string } };
        expect(error.code in ERROR_STATUS).toBe(true);
        expect(ERROR_STATUS[error.code as keyof typeof ERROR_STATUS]).toBe(response.statusCode);
        expect(error.message.length).toBeGreaterThan(0);
        expect(error.messageEn.length).toBeGreaterThan(0);
      }),
      { numRuns: 240 },
    );
    expect(await storedCounts()).toEqual(before);
    expect((await stateOf(PROPOSAL_CODE)).phase).toBe('proposal');
    expect((await stateOf(EXECUTION_CODE)).steps[0]!.status).not.toBe('done');
  });

  test('the decision form refuses every hostile body with the form again, a stable code, and records nothing', async () => {
    const mailsBefore = sys.smtp.mails.length;
    const proposal = await postJson(sys.app, url(PROPOSAL_CODE, 'proposal'), 'legal', { memo: 'ขออนุมัติจัดอบรม', budget: 1000, startDate: '2027-01-10', endDate: '2027-01-11' });
    expect(proposal.statusCode).toBe(200);
    const link = await eventually('the palad decision link', async () => {
      for (const mail of sys.smtp.mails.slice(mailsBefore)) {
        if (!mail.envelopeTo.includes(sys.people.palad!.email)) continue;
        const path = decisionLinkPath(mail.parsed.text ?? '');
        if (path) return path;
      }
      return undefined;
    });
    const page = await sys.app.inject({ method: 'GET', url: link });
    expect(page.statusCode).toBe(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;

    // The finding: a NUL in the reason of a form post failed the insert with 500.
    const nul = await sys.app.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `csrf=${encodeURIComponent(csrf)}&outcome=reject&reason=${encodeURIComponent('ไม่อนุมัติ')}%00`,
    });
    expect(nul.statusCode).toBe(400);
    expect(nul.headers['x-error-code']).toBe('VALIDATION_FAILED');
    expect(nul.body).toMatch(/เหตุผลไม่ถูกต้อง/);

    const before = await storedCounts();
    const decisionBody = fc.oneof(
      fc.record({ outcome: fc.constantFrom('approve', 'reject', 'send_back', 'acknowledge'), reason: poisonText.filter((r) => typeof r !== 'string' || r.trim() !== '') }),
      fc.record({ outcome: fc.oneof(poisonText, fc.string({ maxLength: 10 }).filter((s) => !['approve', 'reject', 'send_back'].includes(s))), reason: fc.oneof(validText, poisonText) }),
    );
    await fc.assert(
      fc.asyncProperty(decisionBody, async (body) => {
        const response = await postJson(sys.app, link, undefined, { csrf, ...body });
        if (response.statusCode !== 400) {
          throw new Error(`the decision form answered ${response.statusCode} to ${JSON.stringify(body).slice(0, 200)}: ${response.body.slice(0, 300)}`);
        }
        expect(response.headers['x-error-code']).toBe('VALIDATION_FAILED');
        expect(response.headers['content-type']).toMatch(/text\/html/);
        expect(response.body).toContain(`name="csrf"`);
      }),
      { numRuns: 100 },
    );
    expect(await storedCounts()).toEqual(before);

    // A date stored before dates were checked (or corrupted) is shown as stored; the pages still answer for everyone.
    await sys.db.pool.query(
      `UPDATE decision_points SET summary = summary || '{"startDate": "2570-02-30", "endDate": "0NaN-NaN-NaN"}'::jsonb WHERE workflow_id = $1`,
      [workflowIdOf(PROPOSAL_CODE)],
    );
    await sys.db.pool.query(
      `UPDATE item_years SET state = jsonb_set(jsonb_set(state, '{proposal,startDate}', '"2570-02-30"'), '{proposal,endDate}', '"2570-02-31"')
        WHERE workflow_id = $1`,
      [workflowIdOf(PROPOSAL_CODE)],
    );
    const decisionPage = await sys.app.inject({ method: 'GET', url: link });
    expect(decisionPage.statusCode).toBe(200);
    expect(decisionPage.body).toContain('2570-02-30');
    const publicPage = await sys.app.inject({ method: 'GET', url: `/public/${sys.organizationSlug}` });
    expect(publicPage.statusCode).toBe(200);
    expect(publicPage.body).toContain('2570-02-30');
  });
});

/** A local port nothing listens on: taken, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Temporal unreachable', () => {
  let connection: Connection;
  let app: FastifyInstance;
  beforeAll(async () => {
    connection = Connection.lazy({ address: `127.0.0.1:${await closedPort()}`, connectTimeout: 1_000 });
    const unreachable = new Client({ connection, namespace: sys.client.options.namespace });
    app = await buildApp({ config: { ...sys.config, COMMAND_SWEEP_INTERVAL_MS: 0 }, pool: sys.db.pool, temporal: unreachable });
  });
  afterAll(async () => {
    await app?.close();
    await connection?.close().catch(() => undefined);
  });

  test('a request that needs Temporal at once answers 503 with Thai and English, not 500', async () => {
    const response = await postJson(app, '/api/reports', 'coordinator', { kind: 'annual', fiscalYear: FY });
    expectRefusal(response, 'UNAVAILABLE');
    expect(response.json()).toMatchObject({ error: { message: expect.stringMatching(/ลองใหม่/), messageEn: expect.stringMatching(/try again/) } });
  });

  test('a step completion with evidence is accepted (202), kept, and delivered once Temporal is reachable again', async () => {
    const state = await stateOf(EXECUTION_CODE);
    const step = state.steps.find((s) => s.status !== 'done')!.key;
    const boundary = '----hostile-boundary';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="notes"\r\n\r\nเสร็จแล้ว\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await app.inject({
      method: 'POST',
      url: url(EXECUTION_CODE, `steps/${step}/complete`),
      headers: { ...sys.apiHeaders('coordinator'), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ processed: false, message: expect.stringMatching(/รับเรื่องแล้ว/), messageEn: expect.stringMatching(/accepted/) });
    const { rows } = await sys.db.pool.query<{ delivered_at: Date | null }>(
      `SELECT delivered_at FROM commands WHERE workflow_id = $1 AND command_id = $2`,
      [workflowIdOf(EXECUTION_CODE), (response.json() as { requestId: string }).requestId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.delivered_at).toBeNull();
    // The system's own API, which reaches Temporal, delivers it with its sweeper (started once the app is ready): the
    // command was not lost.
    await sys.app.ready();
    await eventually(
      'the stored completion to reach the workflow',
      async () => ((await stateOf(EXECUTION_CODE)).steps.find((s) => s.key === step)?.status === 'done' ? true : undefined),
      60_000,
    );
  });
});
