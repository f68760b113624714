import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { publicBaseUrl } from '../../../config';
import { auditKeyFrom } from '../../../db/audit';
import { fiscalYearOf } from '../../../domain/fiscal';
import { ITA_DOCUMENT_KINDS } from '../../../domain/ita';
import { MAX_LATE_START_GRACE_DAYS } from '../../../domain/reminders';
import { calendarDate, freeText } from '../../../domain/input-schema';
import { ROLES } from '../../../domain/roles';
import { findOrganizationById } from '../../../db/queries/organizations';
import * as administration from '../../../services/admin';
import * as oversight from '../../../services/oversight';
import { AppError } from '../../../services/errors';
import { createNotificationChannels } from '../../../services/notify';
import {
  delegationsPage,
  holidaysPage,
  oversightSharingPage,
  itaMapPage,
  peoplePage,
  personPage,
  remindersPage,
  unitsPage,
  type AdminNotice,
} from '../../pages/web/admin';
import { redirect, requireOwnForm, requireRole, sendPage, signedIn, stringFields, type SignedIn } from './context';
import { endAllSessionsOf } from '../../sessions';

/**
 * Administration pages, for the admin role only: each route checks the role and the form's origin, parses the form,
 * calls services/admin.ts (which writes every change with its audit row) and renders the page again or redirects.
 * A refusal of the input (400) or a clash (409) comes back as a notice on the page the form was on.
 */

const REFUSAL = { th: 'หน้านี้สำหรับผู้ดูแลระบบเท่านั้น', en: 'This page is for administrators only.' };

const NOTICES: Record<string, AdminNotice> = {
  saved: { kind: 'done', th: 'บันทึกแล้ว', en: 'Saved.' },
  added: { kind: 'done', th: 'เพิ่มแล้ว', en: 'Added.' },
  removed: { kind: 'done', th: 'นำออกแล้ว', en: 'Removed.' },
  ended: { kind: 'done', th: 'สิ้นสุดการมอบอำนาจแล้ว', en: 'The delegation has ended.' },
  imported: { kind: 'done', th: 'นำเข้าบุคลากรแล้ว', en: 'The people have been imported.' },
  shared: { kind: 'done', th: 'เปิดเผยข้อมูลต่อสำนักงานส่งเสริมการปกครองท้องถิ่นแล้ว', en: 'The organisation now shares with the province and district offices.' },
  unshared: { kind: 'done', th: 'ยกเลิกการเปิดเผยข้อมูลแล้ว', en: 'The organisation no longer shares with the offices.' },
  seeded: { kind: 'done', th: 'นำเข้าวันหยุดราชการเริ่มต้นแล้ว กรุณาตรวจสอบกับประกาศของทางราชการ', en: 'The default government holidays were loaded; please check them against the official announcements.' },
};

const optionalText = (max: number) => freeText({ max, min: 0 }).transform((v) => v || null);
const isoDate = calendarDate;
const optionalDate = z.string().trim().transform((v) => v || null).pipe(isoDate.nullable());
const optionalId = z.string().trim().transform((v) => (v ? Number(v) : null)).pipe(z.number().int().positive().nullable());

const personForm = z.object({
  fullName: freeText({ max: 200 }),
  positionTitle: freeText({ max: 200, min: 0 }).default(''),
  unitId: optionalId.default(null),
  email: optionalText(254).pipe(z.email().nullable()).default(null),
  lineUserId: optionalText(64).pipe(z.string().regex(/^U[0-9a-f]{32}$/).nullable()).default(null),
  active: z.string().optional().transform((v) => v === 'on'),
});

const roleForm = z.object({
  personId: z.coerce.number().int().positive(),
  role: z.enum(ROLES),
  unitId: optionalId.default(null),
  acting: z.string().optional().transform((v) => v === 'on'),
  validFrom: optionalDate.default(null),
  validTo: optionalDate.default(null),
});

const unitForm = z.object({
  key: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,40}$/),
  nameTh: freeText({ max: 200 }),
  nameEn: freeText({ max: 200 }),
});

const delegationForm = z.object({
  role: z.enum(['mayor', 'palad']),
  delegatePersonId: z.coerce.number().int().positive(),
  validFrom: isoDate,
  validTo: optionalDate.default(null),
  note: freeText({ max: 500, min: 0 }).default(''),
});

const holidayForm = z.object({ day: isoDate, nameTh: freeText({ max: 200 }) });

const itaYearSchema = z.coerce.number().int().min(2560).max(2700);
const itaKeyForm = z.object({ itaYear: itaYearSchema, documentKind: z.enum(ITA_DOCUMENT_KINDS) });
const itaForm = itaKeyForm.extend({
  oCode: z.string().trim().toUpperCase().regex(/^O[0-9]{1,3}$/),
  fiscalYearOffset: z.enum(['0', '-1']).transform(Number),
  labelTh: freeText({ max: 300 }),
  labelEn: freeText({ max: 300 }),
  confirmed: z.string().optional().transform((v) => v === 'on'),
});

const idParams = z.object({ id: z.coerce.number().int().positive() });

const FIELD_NAMES: Record<string, { th: string; en: string }> = {
  fullName: { th: 'ชื่อ-นามสกุล', en: 'full name' },
  email: { th: 'อีเมล', en: 'e-mail' },
  lineUserId: { th: 'LINE user ID', en: 'LINE user ID' },
  unitId: { th: 'หน่วยงาน', en: 'unit' },
  role: { th: 'บทบาท', en: 'role' },
  validFrom: { th: 'วันเริ่ม', en: 'start date' },
  validTo: { th: 'วันสิ้นสุด', en: 'end date' },
  key: { th: 'รหัสหน่วยงาน', en: 'unit key' },
  nameTh: { th: 'ชื่อภาษาไทย', en: 'Thai name' },
  nameEn: { th: 'ชื่อภาษาอังกฤษ', en: 'English name' },
  delegatePersonId: { th: 'ผู้รับมอบ', en: 'delegate' },
  day: { th: 'วันที่', en: 'date' },
  beforeDays: { th: 'เตือนล่วงหน้า', en: 'days before' },
  overdueEveryDays: { th: 'ความถี่เมื่อเลยกำหนด', en: 'overdue interval' },
  overdueCapDays: { th: 'หยุดเตือนหลัง', en: 'overdue cap' },
  escalations: { th: 'การแจ้งผู้บังคับบัญชา', en: 'escalations' },
  sendAtHour: { th: 'เวลาส่ง', en: 'sending hour' },
  lateStartGraceDays: {
    th: `ช่วงผ่อนผันหลังเริ่มใช้ระบบ ต้องเป็นจำนวนเต็ม 0 ถึง ${MAX_LATE_START_GRACE_DAYS} วัน`,
    en: `grace after go-live, which must be a whole number of days from 0 to ${MAX_LATE_START_GRACE_DAYS}`,
  },
  itaYear: { th: 'ปีการประเมิน ITA', en: 'ITA year' },
  documentKind: { th: 'เอกสาร', en: 'document' },
  oCode: { th: 'เลขข้อ (เช่น O36)', en: 'item number (e.g. O36)' },
  fiscalYearOffset: { th: 'ปีงบประมาณของเอกสาร', en: 'fiscal year covered' },
  labelTh: { th: 'ชื่อตัวชี้วัด (ภาษาไทย)', en: 'indicator (Thai)' },
  labelEn: { th: 'ชื่อตัวชี้วัด (ภาษาอังกฤษ)', en: 'indicator (English)' },
};

function invalid(error: z.ZodError): AdminNotice {
  const fields = [...new Set(error.issues.map((i) => String(i.path[0] ?? '')))].filter(Boolean);
  const names = fields.map((f) => FIELD_NAMES[f] ?? { th: f, en: f });
  return {
    kind: 'error',
    th: `ข้อมูลไม่ถูกต้อง: ${names.map((n) => n.th).join(', ')}`,
    en: `Please check: ${names.map((n) => n.en).join(', ')}`,
  };
}

function noticeOf(request: FastifyRequest): AdminNotice | undefined {
  const done = (request.query as Record<string, unknown>).done;
  return typeof done === 'string' ? NOTICES[done] : undefined;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; notice: AdminNotice };

/** The service's refusal of a form as a notice on its page; anything else (404, 403) goes to the error page. */
async function noticeOnRefusal<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (err instanceof AppError && (err.code === 'VALIDATION_FAILED' || err.code === 'CONFLICT')) {
      return { ok: false, status: err.status, notice: { kind: 'error', th: err.messageTh, en: err.messageEn } };
    }
    throw err;
  }
}

const administratorOf = (who: SignedIn): administration.Administrator => ({ personId: who.actor.personId, organizationId: who.profile.organizationId });

/** The reminder form's fields as the policy they describe; the service's schema then validates them. */
function reminderPolicyFields(body: Record<string, string>) {
  const numberOrUndefined = (v: string | undefined) => (v?.trim() ? Number(v) : undefined);
  const escalations = (
    [
      ['unit_head', numberOrUndefined(body.escalateUnitHead)],
      ['palad', numberOrUndefined(body.escalatePalad)],
    ] as const
  )
    .filter(([, days]) => days !== undefined)
    .map(([to, days]) => ({ afterDaysOverdue: days!, to }));
  return {
    beforeDays: (body.beforeDays ?? '').split(/[,\s]+/).filter(Boolean).map(Number),
    onDueDay: body.onDueDay === 'on',
    overdueEveryDays: Number(body.overdueEveryDays),
    overdueCapDays: Number(body.overdueCapDays),
    escalations,
    sendAtHour: body.sendAtHour?.trim() ? Number(body.sendAtHour) : null,
    shiftToWorkingDays: body.shiftToWorkingDays === 'on',
    // Required: an empty box is refused rather than read as 0 (chase at once) or as the default.
    lateStartGraceDays: body.lateStartGraceDays?.trim() ? Number(body.lateStartGraceDays) : Number.NaN,
  };
}

/** The fiscal year asked for (this one when the ask is not a year), and the years the page offers around it. */
function holidayYears(fyInput: unknown) {
  const current = fiscalYearOf(Date.now());
  const fiscalYears = Array.from({ length: 5 }, (_, i) => current - 1 + i);
  const asked = Number(fyInput);
  const fiscalYear = Number.isInteger(asked) && asked >= 2500 && asked <= 2700 ? asked : current;
  if (!fiscalYears.includes(fiscalYear)) fiscalYears.push(fiscalYear);
  return { fiscalYear, fiscalYears: fiscalYears.sort() };
}

export function registerAdminRoutes(app: FastifyInstance): void {
  // A change to a role or a delegation is told to the นายก and the auditor through the outbox (services/admin.ts).
  const channels = createNotificationChannels(app.deps.config);
  app.addHook('onClose', async () => channels.close());
  const deps: administration.AdminDeps = {
    pool: app.deps.pool,
    auditKey: auditKeyFrom(app.deps.config),
    notices: { channels, publicBaseUrl: publicBaseUrl(app.deps.config) },
  };

  async function admin(request: FastifyRequest): Promise<SignedIn> {
    const who = await signedIn(app, request);
    requireRole(who, ['admin'], REFUSAL);
    return who;
  }

  async function adminForm(request: FastifyRequest): Promise<{ who: SignedIn; body: Record<string, string> }> {
    const who = await admin(request);
    const body = stringFields(request.body);
    requireOwnForm(app, request, who, body.csrf);
    return { who, body };
  }

  // People and roles ------------------------------------------------------------------------------------------

  async function renderPeople(who: SignedIn, notice?: AdminNotice, values?: Record<string, string>) {
    return peoplePage(who.view, {
      ...(await administration.peopleOverview(deps, who.profile.organizationId)),
      ...(notice ? { notice } : {}),
      ...(values
        ? {
            values: {
              fullName: values.fullName ?? '',
              positionTitle: values.positionTitle ?? '',
              email: values.email ?? null,
              lineUserId: values.lineUserId ?? null,
              unitId: values.unitId ? Number(values.unitId) : null,
              active: values.active === 'on',
            },
          }
        : {}),
    });
  }

  async function renderPerson(who: SignedIn, personId: number, notice?: AdminNotice) {
    const overview = await administration.personOverview(deps, who.profile.organizationId, personId);
    return personPage(who.view, { ...overview, ...(notice ? { notice } : {}) });
  }

  async function showPeople(request: FastifyRequest, reply: FastifyReply) {
    const who = await admin(request);
    return sendPage(reply, 200, await renderPeople(who, noticeOf(request)));
  }

  async function addPerson(request: FastifyRequest, reply: FastifyReply) {
    const { who, body } = await adminForm(request);
    const parsed = personForm.safeParse(body);
    if (!parsed.success) return sendPage(reply, 400, await renderPeople(who, invalid(parsed.error), body));
    const added = await noticeOnRefusal(() => administration.addPerson(deps, administratorOf(who), parsed.data));
    if (!added.ok) return sendPage(reply, added.status, await renderPeople(who, added.notice, body));
    return redirect(reply, `/admin/people/${added.value}?done=added`);
  }

  async function showPerson(request: FastifyRequest, reply: FastifyReply) {
    const who = await admin(request);
    const { id } = idParams.parse(request.params);
    return sendPage(reply, 200, await renderPerson(who, id, noticeOf(request)));
  }

  async function updatePerson(request: FastifyRequest, reply: FastifyReply) {
    const { who, body } = await adminForm(request);
    const { id } = idParams.parse(request.params);
    const parsed = personForm.safeParse(body);
    if (!parsed.success) return sendPage(reply, 400, await renderPerson(who, id, invalid(parsed.error)));
    const refused = await noticeOnRefusal(() => administration.updatePerson(deps, administratorOf(who), id, parsed.data));
    if (!refused.ok) return sendPage(reply, refused.status, await renderPerson(who, id, refused.notice));
    return redirect(reply, `/admin/people/${id}?done=saved`);
  }

  async function assignRole(request: FastifyRequest, reply: FastifyReply) {
    const { who, body } = await adminForm(request);
    const parsed = roleForm.safeParse(body);
    if (!parsed.success) {
      // The form is shown again on the person's page, when the person is one an id can name (not 1e30, which
      // Number() calls an integer and PostgreSQL cannot read as one).
      const personId = roleForm.shape.personId.safeParse(body.personId);
      if (!personId.success) throw new AppError('VALIDATION_FAILED', 'ข้อมูลไม่ถูกต้อง', 'invalid input');
      return sendPage(reply, 400, await renderPerson(who, personId.data, invalid(parsed.error)));
    }
    const refused = await noticeOnRefusal(() => administration.assignRole(deps, administratorOf(who), parsed.data));
    if (!refused.ok) return sendPage(reply, refused.status, await renderPerson(who, parsed.data.personId, refused.notice));
    return redirect(reply, `/admin/people/${parsed.data.personId}?done=added`);
  }

  async function removeRole(request: FastifyRequest, reply: FastifyReply) {
    const { who } = await adminForm(request);
    const { id } = idParams.parse(request.params);
    const { personId } = await administration.removeRole(deps, administratorOf(who), id);
    // What a person may do is read on every request; ending their sessions makes the change felt at once, even on
    // a page left open, and makes them sign in again as who they now are.
    await endAllSessionsOf(deps.pool, personId);
    return redirect(reply, `/admin/people/${personId}?done=removed`);
  }

  // Units ------------------------------------------------------------------------------------------------------

  async function renderUnits(who: SignedIn, notice?: AdminNotice) {
    return unitsPage(who.view, { units: await administration.listUnits(deps, who.profile.organizationId), ...(notice ? { notice } : {}) });
  }

  async function showUnits(request: FastifyRequest, reply: FastifyReply) {
    const who = await admin(request);
    return sendPage(reply, 200, await renderUnits(who, noticeOf(request)));
  }

  async function addUnit(request: FastifyRequest, reply: FastifyReply) {
    const { who, body } = await adminForm(request);
    const parsed = unitForm.safeParse(body);
    if (!parsed.success) return sendPage(reply, 400, await renderUnits(who, invalid(parsed.error)));
    const refused = await noticeOnRefusal(() => administration.addUnit(deps, administratorOf(who), parsed.data));
    if (!refused.ok) return sendPage(reply, refused.status, await renderUnits(who, refused.notice));
    return redirect(reply, '/admin/units?done=added');
  }

  async function renameUnit(request: FastifyRequest, reply: FastifyReply) {
    const { who, body } = await adminForm(request);
    const { id } = idParams.parse(request.params);
    const parsed = unitForm.omit({ key: true }).safeParse(body);
    if (!parsed.success) return sendPage(reply, 400, await renderUnits(who, invalid(parsed.error)));
    await administration.renameUnit(deps, administratorOf(who), id, parsed.data);
    return redirect(reply, '/admin/units?done=saved');
  }

  // Delegations ------------------------------------------------------------------------------------------------

  async function renderDelegations(who: SignedIn, notice?: AdminNotice) {
    const overview = await administration.delegationsOverview(deps, who.profile.organizationId);
    return delegationsPage(who.view, { ...overview, ...(notice ? { notice } : {}) });
  }

  async function showDelegations(request: FastifyRequest, reply: FastifyReply) {
    const who = await admin(request);
    return sendPage(reply, 200, await renderDelegations(who, noticeOf(request)));
  }

  async function addDelegation(request: FastifyRequest, reply: FastifyReply) {
    const { who, body } = await adminForm(request);
    const parsed = delegationForm.safeParse(body);
    if (!parsed.success) return sendPage(reply, 400, await renderDelegations(who, invalid(parsed.error)));
    const refused = await noticeOnRefusal(() => administration.addDelegation(deps, administratorOf(who), parsed.data));
    if (!refused.ok) return sendPage(reply, refused.status, await renderDelegations(who, refused.notice));
    return redirect(reply, '/admin/delegations?done=added');
  }

  async function endDelegation(request: FastifyRequest, reply: FastifyReply) {
    const { who } = await adminForm(request);
    const { id } = idParams.parse(request.params);
    await administration.endDelegation(deps, administratorOf(who), id);
    return redirect(reply, '/admin/delegations?done=ended');
  }

  // Reminder policy --------------------------------------------------------------------------------------------

  async function showReminders(request: FastifyRequest, reply: FastifyReply) {
    const who = await admin(request);
    const notice = noticeOf(request);
    const current = await administration.reminderPolicyOf(deps, who.profile.organizationId);
    return sendPage(reply, 200, remindersPage(who.view, { ...current, ...(notice ? { notice } : {}) }));
  }

  async function setReminders(request: FastifyRequest, reply: FastifyReply) {
    const { who, body } = await adminForm(request);
    const parsed = administration.organizationReminderPolicy.safeParse(reminderPolicyFields(body));
    if (!parsed.success) {
      const current = await administration.reminderPolicyOf(deps, who.profile.organizationId);
      return sendPage(reply, 400, remindersPage(who.view, { ...current, notice: invalid(parsed.error), values: body }));
    }
    await administration.setReminderPolicy(deps, administratorOf(who), parsed.data);
    return redirect(reply, '/admin/reminders?done=saved');
  }

  // Holidays ---------------------------------------------------------------------------------------------------

  async function renderHolidays(who: SignedIn, fyInput: unknown, notice?: AdminNotice) {
    const { fiscalYear, fiscalYears } = holidayYears(fyInput);
    const [holidays, empty] = await Promise.all([
      administration.holidaysOfFiscalYear(deps, who.profile.organizationId, fiscalYear),
      administration.holidayTableIsEmpty(deps, who.profile.organizationId),
    ]);
    return holidaysPage(who.view, { fiscalYear, fiscalYears, holidays, canLoadDefaults: empty, ...(notice ? { notice } : {}) });
  }

  async function showHolidays(request: FastifyRequest, reply: FastifyReply) {
    const who = await admin(request);
    const query = request.query as Record<string, unknown>;
    return sendPage(reply, 200, await renderHolidays(who, query.fy, noticeOf(request)));
  }

  /** Loading the default holidays is a write, so it is a form's POST, never a side effect of opening the page. */
  async function seedHolidays(request: FastifyRequest, reply: FastifyReply) {
    const { who, body } = await adminForm(request);
    const seeded = await administration.seedHolidaysIfEmpty(deps, administratorOf(who));
    return redirect(reply, `/admin/holidays?fy=${encodeURIComponent(body.fy ?? '')}${seeded ? '&done=seeded' : ''}`);
  }

  async function saveHoliday(request: FastifyRequest, reply: FastifyReply) {
    const { who, body } = await adminForm(request);
    const parsed = holidayForm.safeParse(body);
    if (!parsed.success) return sendPage(reply, 400, await renderHolidays(who, body.fy, invalid(parsed.error)));
    await administration.saveHoliday(deps, administratorOf(who), parsed.data);
    return redirect(reply, `/admin/holidays?fy=${fiscalYearOf(Date.parse(`${parsed.data.day}T12:00:00+07:00`))}&done=saved`);
  }

  async function removeHoliday(request: FastifyRequest, reply: FastifyReply) {
    const { who, body } = await adminForm(request);
    const day = isoDate.safeParse(body.day);
    if (!day.success) throw new AppError('VALIDATION_FAILED', 'วันที่ไม่ถูกต้อง', 'invalid date');
    await administration.removeHoliday(deps, administratorOf(who), day.data);
    return redirect(reply, `/admin/holidays?fy=${encodeURIComponent(body.fy ?? '')}&done=removed`);
  }

  // Sharing with the province's and district's oversight offices -------------------------------------------------

  async function showSharing(request: FastifyRequest, reply: FastifyReply) {
    const who = await admin(request);
    const share = await oversight.oversightShareOf(deps, who.profile.organizationId);
    const place = await findOrganizationById(deps.pool, who.profile.organizationId);
    const notice = noticeOf(request);
    return sendPage(reply, 200, oversightSharingPage(who.view, { share, place: { province: place?.province ?? '', district: place?.district ?? '' }, ...(notice ? { notice } : {}) }));
  }

  async function setSharing(request: FastifyRequest, reply: FastifyReply) {
    const { who, body } = await adminForm(request);
    const share = z.enum(['yes', 'no']).safeParse(body.share);
    if (!share.success) throw new AppError('VALIDATION_FAILED', 'คำขอไม่ถูกต้อง', 'invalid request');
    await oversight.setOversightSharing(deps, administratorOf(who), share.data === 'yes');
    return redirect(reply, `/admin/oversight?done=${share.data === 'yes' ? 'shared' : 'unshared'}`);
}

  // The ITA O-code map ----------------------------------------------------------------------------------------

  async function renderItaMap(who: SignedIn, yearInput: unknown, notice?: AdminNotice) {
    const asked = itaYearSchema.safeParse(yearInput);
    const current = fiscalYearOf(Date.now());
    // Without a year asked for: the latest one the map knows that has begun, as the public page chooses.
    const { itaYear, rows, years, agencyGroup } = await administration.itaMapOf(deps, who.profile.organizationId, (known) =>
      asked.success ? asked.data : (known.find((y) => y <= current) ?? current),
    );
    return itaMapPage(who.view, { itaYear, years, agencyGroup, rows, ...(notice ? { notice } : {}) });
  }

  async function showItaMap(request: FastifyRequest, reply: FastifyReply) {
    const who = await admin(request);
    return sendPage(reply, 200, await renderItaMap(who, (request.query as Record<string, unknown>).year, noticeOf(request)));
  }

  async function saveItaItem(request: FastifyRequest, reply: FastifyReply) {
    const { who, body } = await adminForm(request);
    const parsed = itaForm.safeParse(body);
    if (!parsed.success) return sendPage(reply, 400, await renderItaMap(who, body.itaYear, invalid(parsed.error)));
    await administration.saveItaDocument(deps, administratorOf(who), parsed.data);
    return redirect(reply, `/admin/ita?year=${parsed.data.itaYear}&done=saved`);
  }

  async function removeItaItem(request: FastifyRequest, reply: FastifyReply) {
    const { who, body } = await adminForm(request);
    const parsed = itaKeyForm.safeParse(body);
    if (!parsed.success) return sendPage(reply, 400, await renderItaMap(who, body.itaYear, invalid(parsed.error)));
    await administration.removeItaDocument(deps, administratorOf(who), parsed.data);
    return redirect(reply, `/admin/ita?year=${parsed.data.itaYear}&done=removed`);
  }

  app.get('/admin', showPeople);
  app.post('/admin/people', addPerson);
  app.get('/admin/people/:id', showPerson);
  app.post('/admin/people/:id', updatePerson);
  app.post('/admin/roles', assignRole);
  app.post('/admin/roles/:id/delete', removeRole);
  app.get('/admin/units', showUnits);
  app.post('/admin/units', addUnit);
  app.post('/admin/units/:id', renameUnit);
  app.get('/admin/delegations', showDelegations);
  app.post('/admin/delegations', addDelegation);
  app.post('/admin/delegations/:id/end', endDelegation);
  app.get('/admin/reminders', showReminders);
  app.post('/admin/reminders', setReminders);
  app.get('/admin/holidays', showHolidays);
  app.post('/admin/holidays', saveHoliday);
  app.post('/admin/holidays/delete', removeHoliday);
  app.post('/admin/holidays/seed', seedHolidays);
  app.get('/admin/oversight', showSharing);
  app.post('/admin/oversight', setSharing);
  app.get('/admin/ita', showItaMap);
  app.post('/admin/ita', saveItaItem);
  app.post('/admin/ita/delete', removeItaItem);
}
