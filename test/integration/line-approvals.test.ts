import { MockActivityEnvironment } from '@temporalio/testing';
import { createDecisionActivities } from '../../activities/decisions';
import { publicBaseUrl } from '../../config';
import { stateQuery } from '../../workflows/item-year/messages';
import { lineUserEvent, signedWebhookRequest, startTestLineServer, type TestLineServer } from '../support/line-server';
import { eventually, startTestSystem, type TestSystem } from '../support/system';

/**
 * Approvals inside LINE against the real item-year workflow: a person links their LINE account with a one-time code
 * from their own page, decision requests then carry a Flex message whose postback buttons decide as the signed link
 * does, for the LINE user the signed webhook event names. A forged signature, a replayed event, a stranger's or a
 * non-approver's postback and a wrong or expired code change nothing.
 */

const TOKEN = 'line-approvals-channel-access-token';
const SECRET = '0123456789abcdef0123456789abcdef';
const FY = 2570;
const CODE = '1.1';
const LINE_USERS = {
  mayor: 'Ua0000000000000000000000000000001',
  palad: 'Ua0000000000000000000000000000002',
  auditor: 'Ua0000000000000000000000000000003',
  stranger: 'Ua0000000000000000000000000000004',
};

let line: TestLineServer;
let sys: TestSystem;

beforeAll(async () => {
  line = await startTestLineServer({ channelAccessToken: TOKEN });
  sys = await startTestSystem('lineappr', {
    env: { LINE_CHANNEL_ACCESS_TOKEN: TOKEN, LINE_CHANNEL_SECRET: SECRET, LINE_API_BASE_URL: line.baseURL },
  });
  await sys.startWorker();
  await sys.startFiscalYear({ fiscalYear: FY, itemCodes: [CODE], timing: { startMs: Date.now(), dayMs: 600_000 } });
});

afterAll(async () => {
  await sys?.close();
  await line?.close();
});

const handle = () => sys.client.workflow.getHandle(`item-year:${sys.organizationSlug}:${sys.planId}:${CODE}:${FY}`);

async function waitForPhase(phase: string, decided = 0) {
  return eventually(`item ${CODE} in ${phase} after ${decided} decisions`, async () => {
    const state = await handle().query(stateQuery);
    return state.phase === phase && state.decisions.length >= decided ? state : undefined;
  });
}

/** Sends events to the webhook as the LINE Platform would; each gets a fresh reply token unless one is given. */
async function webhook(events: Record<string, unknown>[], options: { signature?: string } = {}) {
  const request = signedWebhookRequest(SECRET, events, options);
  return sys.app.inject({ method: 'POST', url: '/line/webhook', headers: request.headers, payload: request.payload });
}

async function say(userId: string, text: string) {
  const replyToken = line.issueReplyToken();
  const response = await webhook([lineUserEvent(userId, { message: { type: 'text', text } }, { replyToken })]);
  expect(response.statusCode).toBe(200);
  return { outcome: response.json().outcomes[0] as string, reply: line.replies.find((r) => r.replyToken === replyToken)?.messages[0]?.text ?? '' };
}

async function tap(userId: string, data: string, options: { webhookEventId?: string; isRedelivery?: boolean } = {}) {
  const replyToken = line.issueReplyToken();
  const response = await webhook([lineUserEvent(userId, { postback: { data } }, { replyToken, ...options })]);
  expect(response.statusCode).toBe(200);
  return { outcome: response.json().outcomes[0] as string, reply: line.replies.find((r) => r.replyToken === replyToken)?.messages[0]?.text ?? '' };
}

/** The person's own LINE page: asks for a code with the page's own form, as the browser does. */
async function linkCodeFor(personKey: string): Promise<string> {
  const cookie = sys.cookieFor(personKey);
  const page = await sys.app.inject({ url: '/me/line', headers: { cookie } });
  expect(page.statusCode).toBe(200);
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const issued = await sys.app.inject({
    method: 'POST',
    url: '/me/line/code',
    headers: { cookie, origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf }).toString(),
  });
  expect(issued.statusCode).toBe(200);
  const code = /data-line-code>([A-Z0-9-]+)</.exec(issued.body)?.[1];
  expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  return code!;
}

interface FlexButton {
  action: { type: string; data?: string; uri?: string };
}

/** The postback data of the newest decision Flex message pushed to a LINE user, for one outcome. */
function buttonData(userId: string, outcome: string, after = 0): string | undefined {
  for (const push of line.delivered.slice(after).reverse()) {
    if (push.to !== userId) continue;
    for (const message of push.messages) {
      if (message.type !== 'flex') continue;
      const buttons = ((message.contents?.footer as { contents: FlexButton[] }).contents ?? []) as FlexButton[];
      const found = buttons.find((b) => b.action.type === 'postback' && b.action.data?.endsWith(`:${outcome}`));
      if (found) return found.action.data;
    }
  }
  return undefined;
}

const waitForButton = (userId: string, outcome: string, after: number) =>
  eventually(`a ${outcome} button pushed to ${userId}`, async () => buttonData(userId, outcome, after));

const count = async (sql: string, params: unknown[] = []) => (await sys.db.pool.query(sql, params)).rows[0].n as number;

test('linking: a wrong or expired code links nothing; the right one links the sender, audited, once', async () => {
  await sys.db.pool.query(`UPDATE people SET line_user_id = NULL`);
  expect(await say(LINE_USERS.stranger, 'ABCD-EFGH')).toMatchObject({ outcome: 'link-refused', reply: expect.stringContaining('รหัสเชื่อมบัญชีไม่ถูกต้อง') });

  const paladCode = await linkCodeFor('palad');
  await sys.db.pool.query(
    `UPDATE line_link_codes SET created_at = now() - interval '20 minutes', expires_at = now() - interval '10 minutes' WHERE person_id = $1`,
    [sys.people.palad!.id],
  );
  expect((await say(LINE_USERS.palad, paladCode)).outcome).toBe('link-refused');
  expect(await count('SELECT count(*)::int AS n FROM line_accounts')).toBe(0);

  const mayorCode = await linkCodeFor('mayor');
  const linked = await say(LINE_USERS.mayor, mayorCode.toLowerCase());
  expect(linked).toMatchObject({ outcome: 'linked', reply: expect.stringContaining('เชื่อมบัญชี LINE กับ') });
  expect(linked.reply).toContain('Your LINE account is now linked');
  // Single use: the same code from another LINE user links nothing.
  expect((await say(LINE_USERS.stranger, mayorCode)).outcome).toBe('link-refused');

  expect((await say(LINE_USERS.palad, await linkCodeFor('palad'))).outcome).toBe('linked');
  expect((await say(LINE_USERS.auditor, await linkCodeFor('auditor'))).outcome).toBe('linked');

  const accounts = await sys.db.pool.query('SELECT person_id, line_user_id FROM line_accounts ORDER BY line_user_id');
  expect(accounts.rows).toEqual([
    { person_id: sys.people.mayor!.id, line_user_id: LINE_USERS.mayor },
    { person_id: sys.people.palad!.id, line_user_id: LINE_USERS.palad },
    { person_id: sys.people.auditor!.id, line_user_id: LINE_USERS.auditor },
  ]);
  const codes = await sys.db.pool.query('SELECT code_hash FROM line_link_codes');
  expect(codes.rows.every((r: { code_hash: string }) => /^[0-9a-f]{64}$/.test(r.code_hash))).toBe(true);
  expect(JSON.stringify(codes.rows)).not.toContain(mayorCode.replace('-', ''));
  const audit = await sys.db.pool.query(`SELECT entity_id FROM audit_log WHERE action = 'line_linked' ORDER BY id`);
  expect(audit.rows.map((r: { entity_id: string }) => Number(r.entity_id))).toEqual([sys.people.mayor!.id, sys.people.palad!.id, sys.people.auditor!.id]);

  const page = await sys.app.inject({ url: '/me/line', headers: { cookie: sys.cookieFor('mayor') } });
  expect(page.body).toContain('เชื่อมแล้ว');
  expect(page.body).toContain('action="/me/line/unlink"');
});

test('a forged or missing signature is 401 and nothing is stored', async () => {
  const event = lineUserEvent(LINE_USERS.stranger, { message: { type: 'text', text: 'ABCD-EFGH' } });
  const forged = await webhook([event], { signature: 'A'.repeat(43) + '=' });
  expect(forged.statusCode).toBe(401);
  const wrongKey = signedWebhookRequest('f'.repeat(32), [event]);
  expect((await sys.app.inject({ method: 'POST', url: '/line/webhook', headers: wrongKey.headers, payload: wrongKey.payload })).statusCode).toBe(401);
  const unsigned = signedWebhookRequest(SECRET, [event]);
  const { 'x-line-signature': _dropped, ...headers } = unsigned.headers;
  expect((await sys.app.inject({ method: 'POST', url: '/line/webhook', headers, payload: unsigned.payload })).statusCode).toBe(401);
  // A body changed after signing: the signature covers the bytes as sent.
  const tampered = signedWebhookRequest(SECRET, [event]);
  const altered = await sys.app.inject({ method: 'POST', url: '/line/webhook', headers: tampered.headers, payload: tampered.payload.replace('ABCD', 'WXYZ') });
  expect(altered.statusCode).toBe(401);
  expect(await count('SELECT count(*)::int AS n FROM line_webhook_events WHERE webhook_event_id = $1', [event.webhookEventId])).toBe(0);
  // LINE's "Verify" button in the console: a signed request without events.
  expect((await webhook([])).statusCode).toBe(200);
});

test('postbacks decide the item through the real workflow: refused for others, send back asks the reason, replays do nothing', async () => {
  await waitForPhase('proposal');
  let from = line.delivered.length;
  const proposal = await sys.app.inject({
    method: 'POST',
    url: `/api/items/${CODE}/years/${FY}/proposal?org=${sys.organizationSlug}`,
    headers: sys.apiHeaders('legal'),
    payload: { memo: 'ขออนุมัติจัดอบรมกฎหมาย', budget: 15000 },
  });
  expect(proposal.statusCode).toBe(200);

  const paladSendBack = await waitForButton(LINE_USERS.palad, 'send_back', from);
  const paladPush = line.delivered.slice(from).find((p) => p.to === LINE_USERS.palad)!;
  expect(paladPush.messages.map((m) => m.type)).toEqual(['text', 'flex']);
  expect(paladPush.messages[0]!.text).toMatch(/http:\/\/sujarit\.test\/d\//);
  const pointId = Number(paladSendBack.split(':')[1]);
  const decisionsOfPoint = () => count('SELECT count(*)::int AS n FROM decisions WHERE decision_point_id = $1', [pointId]);

  // A LINE user linked to nobody, and a linked person who is not this point's approver: refused, nothing stored.
  const stranger = await tap(LINE_USERS.stranger, `decide:${pointId}:approve`);
  expect(stranger).toMatchObject({ outcome: 'refused', reply: expect.stringContaining('ยังไม่ได้เชื่อม') });
  expect(stranger.reply).toContain('not linked');
  const auditor = await tap(LINE_USERS.auditor, `decide:${pointId}:approve`);
  expect(auditor).toMatchObject({ outcome: 'refused', reply: expect.stringContaining('ไม่ใช่ผู้พิจารณา') });
  expect(await decisionsOfPoint()).toBe(0);
  expect(await count('SELECT count(*)::int AS n FROM line_webhook_events')).toBe(3);

  // Send back: the button asks for the reason, the next text is it.
  expect(await tap(LINE_USERS.palad, paladSendBack)).toMatchObject({ outcome: 'reason-asked', reply: expect.stringContaining('กรุณาพิมพ์เหตุผล') });
  expect(await decisionsOfPoint()).toBe(0);
  expect(await say(LINE_USERS.palad, 'ขอให้ระบุวันจัดงาน')).toMatchObject({ outcome: 'decided', reply: expect.stringContaining('ส่งกลับให้แก้ไข') });
  const round2 = await waitForPhase('proposal', 1);
  expect(round2.decisions.map((d) => `${d.decisionKey}:${d.outcome}:${d.reason ?? ''}`)).toEqual(['proposal:1:palad:send_back:ขอให้ระบุวันจัดงาน']);

  from = line.delivered.length;
  const again = await sys.app.inject({
    method: 'POST',
    url: `/api/items/${CODE}/years/${FY}/proposal?org=${sys.organizationSlug}`,
    headers: sys.apiHeaders('legal'),
    payload: { memo: 'ฉบับที่สอง มีวันจัดงาน', budget: 15000, startDate: '2027-01-10', endDate: '2027-01-11' },
  });
  expect(again.statusCode).toBe(200);
  expect((await tap(LINE_USERS.palad, await waitForButton(LINE_USERS.palad, 'approve', from))).outcome).toBe('decided');

  const mayorApprove = await waitForButton(LINE_USERS.mayor, 'approve', from);
  const mayorPointId = Number(mayorApprove.split(':')[1]);
  const forged = signedWebhookRequest('f'.repeat(32), [lineUserEvent(LINE_USERS.mayor, { postback: { data: mayorApprove } })]);
  expect((await sys.app.inject({ method: 'POST', url: '/line/webhook', headers: forged.headers, payload: forged.payload })).statusCode).toBe(401);
  expect(await count('SELECT count(*)::int AS n FROM decisions WHERE decision_point_id = $1', [mayorPointId])).toBe(0);

  // A reminder of the same point comes to the same chat, with the buttons again.
  const point = (await sys.db.pool.query('SELECT workflow_id, decision_key FROM decision_points WHERE id = $1', [mayorPointId])).rows[0];
  const beforeReminder = line.delivered.length;
  const activities = createDecisionActivities({ pool: sys.db.pool, config: sys.config, publicBaseUrl: publicBaseUrl(sys.config) });
  await new MockActivityEnvironment().run(activities.remindDecision, {
    workflowId: point.workflow_id,
    decisionKey: point.decision_key,
    seq: 99,
    kind: 'due' as const,
    linkTtlMs: 86_400_000,
  });
  const reminder = line.delivered.slice(beforeReminder).filter((p) => p.to === LINE_USERS.mayor);
  expect(reminder).toHaveLength(1);
  expect(reminder[0]!.messages.map((m) => m.type)).toEqual(['text', 'flex']);
  expect(buttonData(LINE_USERS.mayor, 'approve', beforeReminder)).toBe(mayorApprove);

  const eventId = '01JLINEAPPROVALREPLAYTEST0';
  const decided = await tap(LINE_USERS.mayor, mayorApprove, { webhookEventId: eventId });
  expect(decided).toMatchObject({ outcome: 'decided', reply: expect.stringContaining('บันทึกผลการพิจารณา "อนุมัติ"') });
  const execution = await waitForPhase('execution', 3);
  expect(execution.decisions.map((d) => `${d.decisionKey}:${d.outcome}`)).toEqual([
    'proposal:1:palad:send_back',
    'proposal:2:palad:approve',
    'proposal:2:mayor:approve',
  ]);
  const stored = await sys.db.pool.query('SELECT person_id, acting_as FROM decisions WHERE decision_point_id = $1', [mayorPointId]);
  expect(stored.rows).toEqual([{ person_id: sys.people.mayor!.id, acting_as: 'mayor' }]);

  // LINE redelivers the event, and someone replays the captured request: neither decides again.
  const commandsBefore = await count('SELECT count(*)::int AS n FROM commands');
  expect((await tap(LINE_USERS.mayor, mayorApprove, { webhookEventId: eventId, isRedelivery: true })).outcome).toBe('duplicate');
  expect((await tap(LINE_USERS.mayor, mayorApprove)).outcome).toBe('refused');
  expect(await count('SELECT count(*)::int AS n FROM decisions WHERE decision_point_id = $1', [mayorPointId])).toBe(1);
  expect(await count('SELECT count(*)::int AS n FROM commands')).toBe(commandsBefore);
  await eventually('the decision audited by the workflow', async () => {
    const n = await count(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = 'decision:approve'`, [handle().workflowId]);
    return n >= 2 ? n : undefined;
  });
});

test('unlinking from the web page stops LINE decisions for that account', async () => {
  const cookie = sys.cookieFor('auditor');
  const page = await sys.app.inject({ url: '/me/line', headers: { cookie } });
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const unlinked = await sys.app.inject({
    method: 'POST',
    url: '/me/line/unlink',
    headers: { cookie, origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf }).toString(),
  });
  expect(unlinked.statusCode).toBe(303);
  expect(await count('SELECT count(*)::int AS n FROM line_accounts WHERE person_id = $1', [sys.people.auditor!.id])).toBe(0);
  expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'line_unlinked' AND entity_id = $1`, [String(sys.people.auditor!.id)])).toBe(1);
  expect((await tap(LINE_USERS.auditor, 'decide:1:approve')).outcome).toBe('refused');
});
