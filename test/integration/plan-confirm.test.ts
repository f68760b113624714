import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { auditKeyFrom } from '../../db/audit';
import { readFindingMarks } from '../../domain/plan-confirmation';
import { confirmPlanImport, planImportStatus } from '../../services/plan-import';
import { planApprovalWorkflowId } from '../../workflows/plan-approval/messages';
import { recordHistory } from '../support/histories';
import { decideThroughLink, decisionLinkPath, eventually, startTestSystem, type TestSystem } from '../support/system';
import { uploadPlanFile } from '../support/plan-upload';

/**
 * The coordinator confirms an uploaded plan on its import page and the นายก approves it by signed link, on the real
 * dev server, worker and Postgres: a finding left open stores nothing; every finding accepted with a note stores
 * the version (audited with those notes), and the นายก's approval marks it approved.
 */

const FIXTURES = path.join(__dirname, '../fixtures');

jest.setTimeout(180_000);

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem('plan-confirm');
  await sys.startWorker();
});

afterAll(async () => {
  await sys?.close();
});

function confirm(cookie: string, location: string, fields: Record<string, string>) {
  return sys.app.inject({
    method: 'POST',
    url: `${location}/confirm`,
    headers: { cookie, origin: sys.origin, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
}

async function versionInForce(): Promise<number | null> {
  const { rows } = await sys.db.pool.query<{ id: number | null }>('SELECT current_version_id AS id FROM plans WHERE id = $1', [sys.planId]);
  return rows[0]!.id;
}

async function versionCount(): Promise<number> {
  const { rows } = await sys.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM plan_versions WHERE plan_id = $1', [sys.planId]);
  return Number(rows[0]!.n);
}

describe('confirming an imported plan', () => {
  test('refuses open findings, stores the accepted plan audited, and the นายก approves it by link', async () => {
    const cookie = sys.cookieFor('coordinator');
    const location = await uploadPlanFile(sys, cookie, { name: 'plan.txt', contentType: 'application/octet-stream', bytes: await readFile(path.join(FIXTURES, 'khek-noi-plan.txt')) });
    const importId = Number(location.split('/').at(-1));
    const page = await eventually('the import page to offer the confirmation', async () => {
      const shown = await sys.app.inject({ url: location, headers: { cookie } });
      return shown.body.includes(`action="${location}/confirm"`) ? shown.body : undefined;
    });
    expect(page).toContain('ยืนยันและบันทึกแผน');
    const status = (await planImportStatus({ pool: sys.db.pool, temporal: sys.client, taskQueue: sys.taskQueue }, importId, sys.organizationId))!;
    const findings = status.plan!.findings;
    expect(findings.length).toBeGreaterThan(1);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    const before = await versionCount();
    const inForce = await versionInForce();

    // Without the CSRF token, or by someone who does not coordinate plans, nothing happens.
    expect((await confirm(cookie, location, {})).statusCode).toBe(403);
    expect((await confirm(sys.cookieFor('legal'), location, { csrf })).statusCode).toBe(403);

    // Every finding but the last accepted, one of them ticked without a note: both are listed, nothing is stored.
    const allButLast: Record<string, string> = { csrf };
    findings.slice(0, -1).forEach((_, i) => {
      allButLast[`accept-${i}`] = 'yes';
      allButLast[`note-${i}`] = i === 0 ? '   ' : `ตรวจกับต้นฉบับแล้ว ${i}`;
    });
    const refused = await confirm(cookie, location, allButLast);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('ยังบันทึกไม่ได้');
    expect(refused.body).toContain('Not stored: these findings are not yet accepted with a note');
    const listed = /<ul>([\s\S]*?)<\/ul>/.exec(refused.body.slice(refused.body.indexOf('ยังบันทึกไม่ได้')))![1]!;
    expect(listed.match(/<li>/g)).toHaveLength(2);
    expect(listed).toContain(findings[0]!.code);
    expect(listed).toContain(findings.at(-1)!.code);
    // What was typed is kept.
    expect(refused.body).toContain('ตรวจกับต้นฉบับแล้ว 1');
    expect(await versionCount()).toBe(before);
    const noAudit = await sys.db.pool.query(`SELECT 1 FROM audit_log WHERE action = 'plan_import_confirmed'`);
    expect(noAudit.rowCount).toBe(0);

    const all: Record<string, string> = { csrf };
    findings.forEach((_, i) => {
      all[`accept-${i}`] = 'yes';
      all[`note-${i}`] = `ตรวจกับต้นฉบับแล้ว ${i}`;
    });
    // Another organisation's coordinator, with every finding accepted, finds no such import.
    const deps = { pool: sys.db.pool, temporal: sys.client, taskQueue: sys.taskQueue, auditKey: auditKeyFrom(sys.config) };
    const foreign = { importId, organizationId: sys.organizationId + 1000, personId: sys.people.coordinator!.id, marks: readFindingMarks(all) };
    expect(await confirmPlanImport(deps, foreign)).toEqual({ kind: 'not_found' });
    expect(await versionCount()).toBe(before);

    const mailsBefore = sys.smtp.mails.length;
    const confirmed = await confirm(cookie, location, all);
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe(location);
    expect(await versionCount()).toBe(before + 1);

    const stored = await sys.db.pool.query<{ id: string; version: number; loaded_by: string; approval_status: string; items: string }>(
      `SELECT v.id, v.version, v.loaded_by, v.approval_status, (SELECT count(*) FROM items WHERE plan_version_id = v.id) AS items
       FROM plan_imports i JOIN plan_versions v ON v.id = i.plan_version_id WHERE i.id = $1`,
      [importId],
    );
    const version = stored.rows[0]!;
    expect(version).toMatchObject({ loaded_by: `person:${sys.people.coordinator!.id}`, approval_status: 'pending' });
    expect(Number(version.items)).toBe(46);
    const audit = await sys.db.pool.query<{ actor: string; entity_id: string; after: { acceptedFindings: Array<{ code: string; note: string }> } }>(
      `SELECT actor, entity_id, after FROM audit_log WHERE action = 'plan_import_confirmed'`,
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ actor: `person:${sys.people.coordinator!.id}`, entity_id: String(version.id) });
    expect(audit.rows[0]!.after.acceptedFindings.map((f) => [f.code, f.note])).toEqual(findings.map((f, i) => [f.code, `ตรวจกับต้นฉบับแล้ว ${i}`]));

    // Confirming again stores nothing more and asks the นายก once.
    expect((await confirm(cookie, location, all)).statusCode).toBe(303);
    expect(await versionCount()).toBe(before + 1);

    // Stored, but not the plan in force until the นายก approves it.
    expect(await versionInForce()).toBe(inForce);
    const shownPending = await sys.app.inject({ url: location, headers: { cookie } });
    expect(shownPending.body).toContain(`บันทึกเป็นแผนฉบับที่ ${version.version} แล้ว: รอนายกพิจารณาอนุมัติ`);
    expect(shownPending.body).not.toContain(`action="${location}/confirm"`);

    const mayorEmail = sys.people.mayor!.email;
    const link = await eventually('a decision link mailed to the นายก', async () => {
      for (const mail of sys.smtp.mails.slice(mailsBefore).filter((m) => m.envelopeTo.includes(mayorEmail))) {
        const found = decisionLinkPath(mail.parsed.text ?? '');
        if (found) return found;
      }
      return undefined;
    });
    const links = await sys.db.pool.query(
      `SELECT 1 FROM decision_links l JOIN decision_points p ON p.id = l.decision_point_id WHERE p.purpose = 'plan' AND p.workflow_id = $1`,
      [planApprovalWorkflowId(sys.organizationSlug, Number(version.id))],
    );
    expect(links.rowCount).toBe(1);
    // The นายก reads what is asked: the plan, its version and its items.
    const asked = await sys.app.inject({ url: link });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('พิจารณาอนุมัติแผนปฏิบัติการป้องกันการทุจริต');
    expect(asked.body).toContain(`v${version.version}`);
    const decided = await decideThroughLink(sys.app, link, { outcome: 'approve' });
    expect(decided.status).toBe(200);
    // The run takes the decision before it ends, so the page can say so.
    expect(decided.body).toContain('บันทึกผลการพิจารณาแล้ว');

    const approved = await eventually('the version to be approved', async () => {
      const row = await sys.db.pool.query<{ approval_status: string; approval_decision_id: string | null }>(
        'SELECT approval_status, approval_decision_id FROM plan_versions WHERE id = $1',
        [version.id],
      );
      return row.rows[0]!.approval_status === 'approved' ? row.rows[0]! : undefined;
    });
    expect(approved.approval_decision_id).not.toBeNull();
    expect(await versionInForce()).toBe(Number(version.id));
    const approvalAudit = await sys.db.pool.query<{ actor: string }>(
      `SELECT actor FROM audit_log WHERE action = 'plan_version_approved' AND entity_id = $1`,
      [version.id],
    );
    expect(approvalAudit.rows).toEqual([{ actor: `person:${sys.people.mayor!.id}` }]);
    const shownApproved = await sys.app.inject({ url: location, headers: { cookie } });
    expect(shownApproved.body).toContain(`บันทึกเป็นแผนฉบับที่ ${version.version} แล้ว: นายกอนุมัติแล้ว`);
    const handle = sys.client.workflow.getHandle(planApprovalWorkflowId(sys.organizationSlug, Number(version.id)));
    // The organisation had a version in force, so this upload was an amendment of it: the run ends once it is applied.
    expect(await handle.result()).toMatchObject({ phase: 'applied', outcome: 'approve' });
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    await recordHistory(handle, 'plan-approval-reminders');
  });
});
