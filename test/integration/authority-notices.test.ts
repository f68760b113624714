import { bangkokDate } from '../../domain/fiscal';
import { startTestSystem, type TestSystem } from '../support/system';

/**
 * An administrator who changes who may approve (a role, a delegation) is not the only one to know: the นายก and the
 * internal auditor are told through the outbox, in the change's own transaction, Thai first.
 */

let sys: TestSystem;
let csrf: string;

beforeAll(async () => {
  sys = await startTestSystem('authority');
  const page = await sys.app.inject({ url: '/admin', headers: { cookie: sys.cookieFor('coordinator') } });
  csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
});

afterAll(async () => {
  await sys?.close();
});

function post(path: string, form: Record<string, string>) {
  return sys.app.inject({
    method: 'POST',
    url: path,
    headers: { cookie: sys.cookieFor('coordinator'), origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ csrf, ...form }).toString(),
  });
}

interface NoticeRow {
  personId: number;
  channel: string;
  subject: string;
  bodyText: string;
  status: string;
}

async function noticesSince(id: number): Promise<NoticeRow[]> {
  const { rows } = await sys.db.pool.query<NoticeRow>(
    `SELECT person_id AS "personId", channel, subject, body_text AS "bodyText", status FROM outbox
     WHERE id > $1 AND idempotency_key LIKE 'authority-change:%' ORDER BY person_id, channel`,
    [id],
  );
  return rows;
}

async function lastOutboxId(): Promise<number> {
  return (await sys.db.pool.query<{ n: number }>('SELECT coalesce(max(id), 0)::int AS n FROM outbox')).rows[0]!.n;
}

/** What the นายก and the auditor each receive: an inbox row and an e-mail, delivered, with the Thai text first. */
async function expectToldToMayorAndAuditor(since: number, mailsBefore: number, subjectTh: string, person: string) {
  const rows = await noticesSince(since);
  const told = [sys.people.mayor!.id, sys.people.auditor!.id].sort((a, b) => a - b);
  expect(rows.map((r) => [r.personId, r.channel])).toEqual(told.flatMap((id) => [[id, 'email'], [id, 'inbox']]));
  for (const row of rows) {
    expect(row.status).toBe('sent');
    expect(row.subject.startsWith(subjectTh)).toBe(true);
    expect(row.subject).toContain(' / ');
    expect(row.bodyText).toContain(person);
    expect(row.bodyText.indexOf('ผู้ดูแลระบบ')).toBeLessThan(row.bodyText.indexOf('administrator'));
  }
  const mails = sys.smtp.mails.slice(mailsBefore);
  expect(mails.map((m) => m.envelopeTo[0]).sort()).toEqual([sys.people.mayor!.email, sys.people.auditor!.email].sort());
  for (const mail of mails) expect(mail.parsed.subject?.startsWith(subjectTh)).toBe(true);
}

test('assigning and removing a role notifies the นายก and the auditor', async () => {
  const legal = sys.people.legal!;
  let since = await lastOutboxId();
  let mails = sys.smtp.mails.length;
  const assigned = await post('/admin/roles', { personId: String(legal.id), role: 'coordinator' });
  expect(assigned.statusCode).toBe(303);
  const legalName = (await sys.db.pool.query<{ n: string }>('SELECT full_name AS n FROM people WHERE id = $1', [legal.id])).rows[0]!.n;
  await expectToldToMayorAndAuditor(since, mails, 'มีการกำหนดบทบาท: ผู้ประสานแผน', legalName);

  const role = await sys.db.pool.query<{ id: number }>("SELECT id FROM role_assignments WHERE person_id = $1 AND role = 'coordinator'", [legal.id]);
  since = await lastOutboxId();
  mails = sys.smtp.mails.length;
  expect((await post(`/admin/roles/${role.rows[0]!.id}/delete`, {})).statusCode).toBe(303);
  await expectToldToMayorAndAuditor(since, mails, 'มีการยกเลิกบทบาท: ผู้ประสานแผน', legalName);
});

test('adding and ending a delegation of the นายก’s authority notifies the นายก and the auditor', async () => {
  const deputy = sys.people.deputy1!;
  const deputyName = (await sys.db.pool.query<{ n: string }>('SELECT full_name AS n FROM people WHERE id = $1', [deputy.id])).rows[0]!.n;
  let since = await lastOutboxId();
  let mails = sys.smtp.mails.length;
  const added = await post('/admin/delegations', { role: 'mayor', delegatePersonId: String(deputy.id), validFrom: bangkokDate(Date.now()) });
  expect(added.statusCode).toBe(303);
  await expectToldToMayorAndAuditor(since, mails, 'มีการมอบอำนาจ: นายก', deputyName);

  const delegation = await sys.db.pool.query<{ id: number }>('SELECT id FROM delegations WHERE delegate_person_id = $1', [deputy.id]);
  since = await lastOutboxId();
  mails = sys.smtp.mails.length;
  expect((await post(`/admin/delegations/${delegation.rows[0]!.id}/end`, {})).statusCode).toBe(303);
  await expectToldToMayorAndAuditor(since, mails, 'มีการสิ้นสุดการมอบอำนาจ: นายก', deputyName);
});

test('a refused change tells nobody, and a change that is not about authority is not announced', async () => {
  const since = await lastOutboxId();
  // An administrator granting themselves a role is refused (domain/duties.ts): nothing was changed, nothing is told.
  const self = await post('/admin/roles', { personId: String(sys.people.coordinator!.id), role: 'palad' });
  expect(self.statusCode).toBe(403);
  expect((await post('/admin/units', { key: 'notice-free', nameTh: 'งานทดสอบ', nameEn: 'Test section' })).statusCode).toBe(303);
  expect(await noticesSince(since)).toEqual([]);
});
