import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { createActivities } from '../../activities';
import { PdfPrinter, closeSharedPdfPrinter, createReportActivities } from '../../activities/reports';
import { publicBaseUrl } from '../../config';
import {
  SCHEDULE_JITTER_MS,
  ensureFiscalYearSchedule,
  ensureReportSchedules,
  fiscalYearScheduleId,
  reportDatesFromSettings,
  reportScheduleId,
} from '../../services/schedules';
import { reportWorkflow } from '../../workflows';
import {
  reportStateQuery,
  reportWorkflowId,
  scheduledReportFiscalYear,
  type ReportWorkflowState,
} from '../../workflows/report/messages';
import { WORKFLOWS_PATH } from '../../worker/worker';
import { TEST_ENV } from '../setup/env';
import { bundleWorkflowsOnce, runWithWorker, uniqueTaskQueue } from '../setup/temporal';
import { recordHistory } from '../support/histories';
import { decideThroughLink, decisionLinkPath, eventually, startTestSystem, type TestSystem } from '../support/system';

/**
 * The report workflow end to end on the real dev server, Postgres and Chromium: generate now (API, command line),
 * sign-off by the ปลัด and the นายก through signed links, publication and the public files; a send-back and a
 * regenerated version; the schedules and their trigger. Days are long unless a test compresses them.
 */

const REPO = path.join(__dirname, '../..');
const TSX = path.join(REPO, 'node_modules/.bin/tsx');

// Each test renders every format (two PDFs through Chromium) and waits on real decisions.
jest.setTimeout(180_000);

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem('report');
  await sys.startWorker();
});

afterAll(async () => {
  await sys?.close();
  await closeSharedPdfPrinter();
});

function mailsTo(personKey: string, from = 0) {
  const address = sys.people[personKey]!.email;
  return sys.smtp.mails.slice(from).filter((m) => m.envelopeTo.includes(address));
}

async function linkSentTo(personKey: string, from: number, exclude: string[] = []): Promise<string> {
  return eventually(`a decision link mailed to ${personKey}`, async () => {
    for (const mail of mailsTo(personKey, from)) {
      const link = decisionLinkPath(mail.parsed.text ?? '');
      if (link && !exclude.includes(link)) return link;
    }
    return undefined;
  });
}

async function stateOf(workflowId: string): Promise<ReportWorkflowState> {
  return sys.client.workflow.getHandle(workflowId).query(reportStateQuery);
}

async function waitForPhase(workflowId: string, phase: ReportWorkflowState['phase']): Promise<ReportWorkflowState> {
  return eventually(
    `${workflowId} to reach ${phase}`,
    async () => {
      const state = await stateOf(workflowId);
      return state.phase === phase ? state : undefined;
    },
    90_000,
  );
}

async function versionsOf(kind: string, fiscalYear: number): Promise<Array<{ id: number; version: number; status: string }>> {
  const { rows } = await sys.db.pool.query<{ id: number; version: number; status: string }>(
    'SELECT id, version, status FROM reports WHERE organization_id = $1 AND kind = $2 AND fiscal_year = $3 ORDER BY version',
    [sys.organizationId, kind, fiscalYear],
  );
  return rows;
}

function startNow(personKey: string, payload: object) {
  return sys.app.inject({ method: 'POST', url: '/api/reports', headers: sys.apiHeaders(personKey), payload });
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [path.join(REPO, 'cli/main.ts'), ...args], {
      cwd: REPO,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        TEMPORAL_ADDRESS: process.env[TEST_ENV.temporalAddress],
        TEMPORAL_NAMESPACE: process.env[TEST_ENV.temporalNamespace],
        TEMPORAL_TASK_QUEUE: sys.taskQueue,
      },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('six-month report FY2570 started now', () => {
  test('one version, ปลัด then นายก by link, published, public in every format; starting again makes nothing', async () => {
    const from = sys.smtp.mails.length;
    const workflowId = reportWorkflowId(sys.organizationSlug, 'six_month', 2570);

    expect((await startNow('legal', { kind: 'six_month', fiscalYear: 2570 })).statusCode).toBe(403);
    const started = await startNow('coordinator', { kind: 'six-month', fiscalYear: 2570 });
    expect(started.statusCode).toBe(202);
    expect(started.json()).toMatchObject({ workflowId, started: true });

    // The coordinator hears the report is ready; the ปลัด gets a link to a page that offers approve or send back.
    const paladLink = await linkSentTo('palad', from);
    const ready = mailsTo('coordinator', from).find((m) => m.parsed.subject?.startsWith('รายงานรอลงนาม'));
    expect(ready?.parsed.text).toContain('รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ ๖ เดือน');
    const form = await sys.app.inject({ method: 'GET', url: paladLink });
    expect(form.body).toContain('value="approve"');
    expect(form.body).toContain('value="send_back"');
    expect(form.body).not.toContain('value="reject"');
    expect(form.body).not.toContain('value="acknowledge"');

    const inReview = await versionsOf('six_month', 2570);
    expect(inReview).toEqual([expect.objectContaining({ version: 1, status: 'in_review' })]);
    // Not public yet: the files are refused to anyone not signed in.
    expect((await sys.app.inject({ method: 'GET', url: `/reports/${inReview[0]!.id}/pdf` })).statusCode).toBe(404);

    expect((await decideThroughLink(sys.app, paladLink, { outcome: 'approve' })).status).toBe(200);
    const mayorLink = await linkSentTo('mayor', from);
    expect((await decideThroughLink(sys.app, mayorLink, { outcome: 'approve' })).status).toBe(200);

    const final = await sys.client.workflow.getHandle<typeof reportWorkflow>(workflowId).result();
    expect(final.phase).toBe('published');
    expect(final.decisions.map((d) => `${d.decisionKey}:${d.outcome}`)).toEqual(['signoff:1:palad:approve', 'signoff:1:mayor:approve']);
    const versions = await versionsOf('six_month', 2570);
    expect(versions).toEqual([expect.objectContaining({ version: 1, status: 'published' })]);
    const reportId = versions[0]!.id;
    expect(final.published).toMatchObject({ reportId, version: 1, publicPath: `/public/${sys.organizationSlug}/reports/six-month/2570` });
    expect(final.history.filter((h) => h.event.startsWith('notice_failed') || h.event.startsWith('ignored'))).toEqual([]);
    await recordHistory(sys.client.workflow.getHandle(workflowId), 'report-published');

    // The coordinator and the ปลัด are told, with the public address.
    const publicUrl = `http://sujarit.test/public/${sys.organizationSlug}/reports/six-month/2570`;
    for (const who of ['coordinator', 'palad']) {
      const notice = await eventually(`the published notice to ${who}`, async () =>
        mailsTo(who, from).find((m) => m.parsed.subject?.startsWith('เผยแพร่รายงานแล้ว')),
      );
      expect(notice.parsed.text).toContain(publicUrl);
    }

    // The public page lists it, its page links every format, and each downloads without signing in.
    const page = await sys.app.inject({ method: 'GET', url: `/public/${sys.organizationSlug}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/public/${sys.organizationSlug}/reports/six-month/2570"`);
    const reportPage = await sys.app.inject({ method: 'GET', url: `/public/${sys.organizationSlug}/reports/six-month/2570` });
    expect(reportPage.statusCode).toBe(200);
    for (const format of ['pdf', 'docx', 'xlsx', 'csv', 'json', 'html']) {
      const url = `/public/${sys.organizationSlug}/reports/six-month/2570/${format}`;
      expect(reportPage.body).toContain(`href="${url}"`);
      const file = await sys.app.inject({ method: 'GET', url });
      expect(file.statusCode).toBe(200);
      const bytes = file.rawPayload;
      if (format === 'pdf') expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      if (format === 'docx' || format === 'xlsx') expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
      if (format === 'json') expect(JSON.parse(bytes.toString('utf8'))).toBeTruthy();
      if (format === 'html') expect(file.body).toContain('รอบ ๖ เดือน');
      if (format === 'csv') expect(file.headers['content-type']).toMatch(/^text\/csv/);
      const direct = await sys.app.inject({ method: 'GET', url: `/reports/${reportId}/${format}` });
      expect(direct.statusCode).toBe(200);
      expect(direct.rawPayload.equals(bytes)).toBe(true);
    }
    const english = await sys.app.inject({ method: 'GET', url: `/public/${sys.organizationSlug}/reports/six-month/2570/pdf?lang=en` });
    expect(english.rawPayload.subarray(0, 4).toString('latin1')).toBe('%PDF');

    const detail = await sys.app.inject({ method: 'GET', url: `/api/reports/${reportId}`, headers: { cookie: sys.cookieFor('coordinator') } });
    expect(detail.json()).toMatchObject({ report: { id: reportId, status: 'published' }, workflow: { phase: 'published', round: 1 } });
    expect((await sys.app.inject({ method: 'GET', url: `/api/reports/${reportId}` })).json()).toMatchObject({ workflow: null });

    // Starting the same period again, by the API or the command line, starts nothing and makes no version.
    const again = await startNow('coordinator', { kind: 'six_month', fiscalYear: 2570 });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ workflowId, started: false, status: 'COMPLETED' });
    const byCli = await cli(['report', 'run', 'six-month', '2570', '--org', sys.organizationSlug]);
    expect(byCli.code).toBe(0);
    expect(byCli.stdout).toContain('already exists');
    expect(await versionsOf('six_month', 2570)).toHaveLength(1);
  });
});

describe('send-back and regeneration (annual FY2569, compressed days)', () => {
  test('the ปลัด sends it back, the coordinator regenerates, the new version is published and the old one stays', async () => {
    let from = sys.smtp.mails.length;
    const workflowId = reportWorkflowId(sys.organizationSlug, 'annual', 2569);
    await sys.client.workflow.start(reportWorkflow, {
      taskQueue: sys.taskQueue,
      workflowId,
      args: [{ organizationSlug: sys.organizationSlug, kind: 'annual', fiscalYear: 2569, timing: { dayMs: 1000, decisionDueDays: 3 } }],
    });

    const paladLink = await linkSentTo('palad', from);
    // While the decision waits, the ปลัด is reminded (one policy day is a second here), with a fresh link.
    const reminder = await eventually('a reminder to the ปลัด', async () =>
      mailsTo('palad', from).find((m) => m.parsed.subject?.startsWith('แจ้งเตือน')),
    );
    expect(decisionLinkPath(reminder.parsed.text ?? '')).toBeDefined();

    expect((await decideThroughLink(sys.app, paladLink, { outcome: 'reject', reason: 'ไม่' })).status).toBe(400);
    expect((await decideThroughLink(sys.app, paladLink, { outcome: 'send_back' })).status).toBe(400);
    expect((await decideThroughLink(sys.app, paladLink, { outcome: 'send_back', reason: 'ข้อมูลงบประมาณยังไม่ครบ' })).status).toBe(200);

    const sentBack = await waitForPhase(workflowId, 'sent_back');
    expect(sentBack.sentBack).toMatchObject({ role: 'palad', reason: 'ข้อมูลงบประมาณยังไม่ครบ' });
    const notice = await eventually('the send-back notice', async () =>
      mailsTo('coordinator', from).find((m) => m.parsed.subject?.startsWith('รายงานถูกส่งกลับให้แก้ไข')),
    );
    expect(notice.parsed.text).toContain('ข้อมูลงบประมาณยังไม่ครบ');
    const [first] = await versionsOf('annual', 2569);
    expect(first).toMatchObject({ version: 1, status: 'draft' });

    // Only the coordinator (or an administrator) may ask for the new version.
    const regenerateUrl = `/api/reports/${first!.id}/regenerate`;
    expect((await sys.app.inject({ method: 'POST', url: regenerateUrl, headers: sys.apiHeaders('legal'), payload: {} })).statusCode).toBe(403);
    from = sys.smtp.mails.length;
    const regenerated = await sys.app.inject({
      method: 'POST',
      url: regenerateUrl,
      headers: sys.apiHeaders('coordinator'),
      payload: { note: 'เพิ่มผลการเบิกจ่าย', recorded: { itaScore: 93.5 } },
    });
    expect(regenerated.statusCode).toBe(200);
    expect(regenerated.json()).toMatchObject({ processed: true });

    const paladLink2 = await linkSentTo('palad', from, [paladLink]);
    expect((await decideThroughLink(sys.app, paladLink2, { outcome: 'approve' })).status).toBe(200);
    const mayorLink = await linkSentTo('mayor', from);
    expect((await decideThroughLink(sys.app, mayorLink, { outcome: 'approve' })).status).toBe(200);

    const final = await sys.client.workflow.getHandle<typeof reportWorkflow>(workflowId).result();
    expect(final.phase).toBe('published');
    expect(final.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(final.decisions.map((d) => `${d.decisionKey}:${d.outcome}`)).toEqual([
      'signoff:1:palad:send_back',
      'signoff:2:palad:approve',
      'signoff:2:mayor:approve',
    ]);
    const versions = await versionsOf('annual', 2569);
    expect(versions.map((v) => `${v.version}:${v.status}`)).toEqual(['1:draft', '2:published']);
    await recordHistory(sys.client.workflow.getHandle(workflowId), 'report-sent-back-regenerated');
    const { rows } = await sys.db.pool.query<{ recorded: { itaScore: number | null } }>(
      "SELECT snapshot->'recorded' AS recorded FROM reports WHERE id = $1",
      [versions[1]!.id],
    );
    expect(rows[0]!.recorded.itaScore).toBe(93.5);

    const reportPage = await sys.app.inject({ method: 'GET', url: `/public/${sys.organizationSlug}/reports/annual/2569?lang=en` });
    expect(reportPage.statusCode).toBe(200);
    expect(reportPage.body).toMatch(/Version<\/span><\/th><td>2<\/td>/);
    // The draft that was sent back stays private; the old version cannot be regenerated any more.
    expect((await sys.app.inject({ method: 'GET', url: `/reports/${first!.id}/pdf` })).statusCode).toBe(404);
    const member = await sys.app.inject({ method: 'GET', url: `/reports/${first!.id}/pdf`, headers: { cookie: sys.cookieFor('auditor') } });
    expect(member.statusCode).toBe(200);
    expect(member.headers['cache-control']).toBe('private, no-store');
    const late = await sys.app.inject({ method: 'POST', url: regenerateUrl, headers: sys.apiHeaders('coordinator'), payload: {} });
    expect(late.statusCode).toBe(409);

    const audit = await sys.db.pool.query<{ action: string }>('SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id', [workflowId]);
    expect(audit.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['started', 'decision:send_back', 'version_ready', 'decision:approve', 'phase:published']),
    );
  });
});

describe('schedules', () => {
  test('the fiscal-year schedule fires on 1 October within the jitter; one made before the jitter gets it', async () => {
    const slug = `${sys.organizationSlug}-fy`;
    const handle = sys.client.schedule.getHandle(fiscalYearScheduleId(slug));
    try {
      expect(await ensureFiscalYearSchedule(sys.client, { organizationSlug: slug, taskQueue: sys.taskQueue })).toBe('created');
      expect(await ensureFiscalYearSchedule(sys.client, { organizationSlug: slug, taskQueue: sys.taskQueue })).toBe('exists');
      const d = await handle.describe();
      expect(d.spec.jitter).toBe(SCHEDULE_JITTER_MS);
      expect(d.spec.timezone).toBe('Asia/Bangkok');
      expect(d.policies.catchupWindow).toBe(30 * 24 * 3_600_000);
      await handle.update((previous) => ({ ...previous, spec: { ...previous.spec, jitter: 0 } }));
      expect((await handle.describe()).spec.jitter ?? 0).not.toBe(SCHEDULE_JITTER_MS);
      expect(await ensureFiscalYearSchedule(sys.client, { organizationSlug: slug, taskQueue: sys.taskQueue })).toBe('updated');
      expect((await handle.describe()).spec.jitter).toBe(SCHEDULE_JITTER_MS);
    } finally {
      await handle.delete().catch(() => undefined);
    }
  });

  test('both exist with the calendar, time zone and catch-up window; settings move them; a trigger starts one report', async () => {
    const slug = sys.organizationSlug;
    expect(await ensureReportSchedules(sys.client, { organizationSlug: slug, taskQueue: sys.taskQueue })).toEqual({
      six_month: 'created',
      annual: 'created',
    });
    const sixMonth = sys.client.schedule.getHandle(reportScheduleId(slug, 'six_month'));
    const annual = sys.client.schedule.getHandle(reportScheduleId(slug, 'annual'));
    try {
      for (const [handle, month] of [
        [sixMonth, 'APRIL'],
        [annual, 'OCTOBER'],
      ] as const) {
        const d = await handle.describe();
        expect(d.spec.timezone).toBe('Asia/Bangkok');
        expect(d.spec.calendars).toHaveLength(1);
        expect(d.spec.calendars![0]).toMatchObject({
          month: [{ start: month, end: month }],
          dayOfMonth: [{ start: 1, end: 1 }],
          hour: [{ start: 0, end: 0 }],
          minute: [{ start: 0, end: 0 }],
        });
        expect(d.policies.catchupWindow).toBe(30 * 24 * 3_600_000);
        expect(d.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
        expect(d.action).toMatchObject({ workflowType: 'reportWorkflow', taskQueue: sys.taskQueue });
        // The next run is midnight in Bangkok (17:00 UTC the day before), moved by the jitter of at most six hours.
        expect(d.spec.jitter).toBe(SCHEDULE_JITTER_MS);
        const next = d.info.nextActionTimes[0]!;
        const midnight = Date.parse(`${next.getUTCFullYear()}-${month === 'APRIL' ? '03-31' : '09-30'}T17:00:00Z`);
        expect(next.getTime()).toBeGreaterThanOrEqual(midnight);
        expect(next.getTime()).toBeLessThanOrEqual(midnight + SCHEDULE_JITTER_MS);
      }

      // Ensuring again changes nothing; an organisation's own date moves only its schedule.
      expect(await ensureReportSchedules(sys.client, { organizationSlug: slug, taskQueue: sys.taskQueue })).toEqual({
        six_month: 'unchanged',
        annual: 'unchanged',
      });
      const dates = reportDatesFromSettings({ reportDates: { sixMonth: { month: 4, day: 15, hour: 8, minute: 30 } } });
      expect(await ensureReportSchedules(sys.client, { organizationSlug: slug, taskQueue: sys.taskQueue, dates })).toEqual({
        six_month: 'updated',
        annual: 'unchanged',
      });
      expect((await sixMonth.describe()).spec.calendars![0]).toMatchObject({ dayOfMonth: [{ start: 15 }], hour: [{ start: 8 }], minute: [{ start: 30 }] });
      expect(() => reportDatesFromSettings({ reportDates: { sixMonth: { month: 2, day: 1 } } })).toThrow(/April-September/);
      expect(() => reportDatesFromSettings({ reportDates: { annual: { month: 2, day: 30 } } })).toThrow(/every year/);

      // Midnight 1 April / 1 October in Bangkok is 17:00 UTC the day before: the period that has just ended, also
      // for a run caught up weeks late.
      const april1 = Date.parse('2027-03-31T17:00:00Z');
      const october1 = Date.parse('2027-09-30T17:00:00Z');
      expect(scheduledReportFiscalYear('six_month', april1)).toBe(2570);
      expect(scheduledReportFiscalYear('six_month', april1 + 29 * 86_400_000)).toBe(2570);
      expect(scheduledReportFiscalYear('six_month', april1 - 1000)).toBe(2569);
      expect(scheduledReportFiscalYear('annual', october1)).toBe(2570);
      expect(scheduledReportFiscalYear('annual', october1 + 29 * 86_400_000)).toBe(2570);
      expect(scheduledReportFiscalYear('annual', october1 - 1000)).toBe(2569);

      // A trigger reports on the most recent six-month period that has ended; a second trigger adds nothing.
      const fiscalYear = scheduledReportFiscalYear('six_month', Date.now());
      const periodId = reportWorkflowId(slug, 'six_month', fiscalYear);
      await sixMonth.trigger();
      await waitForPhase(periodId, 'palad_review');
      expect(await versionsOf('six_month', fiscalYear)).toHaveLength(1);
      await sixMonth.trigger();
      const launchers = await eventually('two scheduled runs that handed over', async () => {
        const recent = (await sixMonth.describe()).info.recentActions;
        if (recent.length < 2) return undefined;
        const states = await Promise.all(recent.map((a) => stateOf(a.action.workflow.workflowId)));
        return states.every((s) => s.phase === 'handed_over') ? states : undefined;
      });
      expect(launchers.map((s) => s.handedOverTo)).toEqual([
        { workflowId: periodId, started: true },
        { workflowId: periodId, started: false },
      ]);
      await recordHistory(sys.client.workflow.getHandle(launchers[1]!.workflowId), 'report-scheduled-handover');
      expect(await versionsOf('six_month', fiscalYear)).toHaveLength(1);
      await sys.client.workflow.getHandle(periodId).terminate('test finished');
    } finally {
      await sixMonth.delete();
      await annual.delete();
    }
  });
});

describe('a rendering failure', () => {
  test('is recorded and retried: the other formats are kept, and the PDF is made once a browser works', async () => {
    const taskQueue = uniqueTaskQueue('report-render');
    const workflowBundle = await bundleWorkflowsOnce(WORKFLOWS_PATH);
    const deps = { pool: sys.db.pool, config: sys.config, publicBaseUrl: publicBaseUrl(sys.config), temporal: sys.client };
    const missingBrowser = new PdfPrinter('/nonexistent/chromium');
    const workflowId = reportWorkflowId(sys.organizationSlug, 'annual', 2568);

    const failed = await runWithWorker(
      { taskQueue, workflowBundle, activities: { ...createActivities(deps), ...createReportActivities({ pool: sys.db.pool, files: sys.app.files, printer: missingBrowser }) } },
      async () => {
        await sys.client.workflow.start(reportWorkflow, {
          taskQueue,
          workflowId,
          args: [
            {
              organizationSlug: sys.organizationSlug,
              kind: 'annual',
              fiscalYear: 2568,
              timing: { renderAttemptIntervalMs: 100, renderRetryMs: 1500 },
            },
          ],
        });
        return eventually('the rendering failure in the workflow state', async () => {
          const state = await stateOf(workflowId);
          return state.renderError ? state : undefined;
        });
      },
    );
    expect(failed.phase).toBe('generating');
    expect(failed.renderError).toMatchObject({ failures: 1 });
    expect(failed.renderError!.message).toMatch(/Chromium/);
    const stored = async () =>
      (
        await sys.db.pool.query<{ format: string }>(
          `SELECT f.format FROM report_files f JOIN reports r ON r.id = f.report_id
           WHERE r.organization_id = $1 AND r.kind = 'annual' AND r.fiscal_year = 2568 AND f.lang = 'th' ORDER BY f.format`,
          [sys.organizationId],
        )
      ).rows.map((r) => r.format);
    expect(await stored()).toEqual(['csv', 'docx', 'html', 'json', 'xlsx']);

    const recovered = await runWithWorker({ taskQueue, workflowBundle, activities: createActivities(deps) }, () =>
      waitForPhase(workflowId, 'palad_review'),
    );
    expect(recovered.renderError).toBeUndefined();
    expect(recovered.history.map((h) => h.event)).toEqual(expect.arrayContaining(['render_failed', 'render_recovered']));
    expect(await stored()).toEqual(['csv', 'docx', 'html', 'json', 'pdf', 'xlsx']);
    expect(await versionsOf('annual', 2568)).toHaveLength(1);
    await sys.client.workflow.getHandle(workflowId).terminate('test finished');
  });
});
