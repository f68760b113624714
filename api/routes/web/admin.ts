import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PoolClient } from 'pg';
import { z } from 'zod';
import { appendAudit } from '../../../db/audit';
import { inTransaction } from '../../../db/pool';
import { endDelegation, insertDelegation, listDelegations } from '../../../db/queries/delegations';
import { countHolidays, deleteHoliday, listHolidays, upsertHolidays } from '../../../db/queries/holidays';
import { findPersonOfOrganization, insertPerson, isEmailTaken, listPeopleOfOrganization, updatePerson } from '../../../db/queries/people';
import { deleteRoleAssignment, insertRoleAssignment, listRoleAssignments } from '../../../db/queries/roles';
import { findOrganizationSettings, setOrganizationSetting } from '../../../db/queries/settings';
import { findUnit, insertUnit, listUnits, updateUnitNames } from '../../../db/queries/units';
import { DEFAULT_THAI_PUBLIC_HOLIDAYS } from '../../../domain/calendar';
import { bangkokDate, fiscalYearBounds, fiscalYearOf, isIsoDate } from '../../../domain/fiscal';
import { reminderPolicySchema } from '../../../domain/reminder-policy-schema';
import { ROLES } from '../../../domain/roles';
import { defaultReminderPolicy } from '../../../domain/reminders';
import { AppError } from '../../errors';
import {
  delegationsPage,
  holidaysPage,
  peoplePage,
  personPage,
  remindersPage,
  unitsPage,
  type AdminNotice,
} from '../../pages/web/admin';
import { redirect, requireOwnForm, requireRole, sendPage, signedIn, type SignedIn } from './context';

/**
 * Administration, for the admin role only. Every change is written with its audit row in one transaction (who, what,
 * before and after), so the hash-chained log shows who changed a person's channels, a role, a delegation, the
 * reminder policy or the holiday table.
 */

const REFUSAL = { th: 'หน้านี้สำหรับผู้ดูแลระบบเท่านั้น', en: 'This page is for administrators only.' };

const NOTICES: Record<string, AdminNotice> = {
  saved: { kind: 'done', th: 'บันทึกแล้ว', en: 'Saved.' },
  added: { kind: 'done', th: 'เพิ่มแล้ว', en: 'Added.' },
  removed: { kind: 'done', th: 'นำออกแล้ว', en: 'Removed.' },
  ended: { kind: 'done', th: 'สิ้นสุดการมอบอำนาจแล้ว', en: 'The delegation has ended.' },
  seeded: { kind: 'done', th: 'นำเข้าวันหยุดราชการเริ่มต้นแล้ว กรุณาตรวจสอบกับประกาศของทางราชการ', en: 'The default government holidays were loaded; please check them against the official announcements.' },
};

const optionalText = (max: number) => z.string().trim().max(max).transform((v) => v || null);
const isoDate = z.string().refine(isIsoDate, 'YYYY-MM-DD');
const optionalDate = z.string().trim().transform((v) => v || null).pipe(isoDate.nullable());
const optionalId = z.string().trim().transform((v) => (v ? Number(v) : null)).pipe(z.number().int().positive().nullable());

const personForm = z.object({
  fullName: z.string().trim().min(1).max(200),
  positionTitle: z.string().trim().max(200).default(''),
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
  nameTh: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
});

const delegationForm = z.object({
  role: z.enum(['mayor', 'palad']),
  delegatePersonId: z.coerce.number().int().positive(),
  validFrom: isoDate,
  validTo: optionalDate.default(null),
  note: z.string().trim().max(500).default(''),
});

const holidayForm = z.object({ day: isoDate, nameTh: z.string().trim().min(1).max(200) });

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

function stringFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) if (typeof value === 'string') out[key] = value;
  return out;
}

function noticeOf(request: FastifyRequest): AdminNotice | undefined {
  const done = (request.query as Record<string, unknown>).done;
  return typeof done === 'string' ? NOTICES[done] : undefined;
}

export function registerAdminRoutes(app: FastifyInstance): void {
  const { pool } = app.deps;

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

  function audit(tx: PoolClient, who: SignedIn, entry: { action: string; entityType: string; entityId: string | number; before: unknown; after: unknown }) {
    return appendAudit(tx, {
      idempotencyKey: `admin:${randomUUID()}`,
      organizationId: who.profile.organizationId,
      occurredAt: new Date(),
      actor: `person:${who.actor.personId}`,
      action: entry.action,
      entityType: entry.entityType,
      entityId: String(entry.entityId),
      before: entry.before,
      after: entry.after,
    });
  }

  async function requireUnit(who: SignedIn, unitId: number | null): Promise<void> {
    if (unitId !== null && !(await findUnit(pool, who.profile.organizationId, unitId))) {
      throw new AppError('VALIDATION_FAILED', 'ไม่พบหน่วยงานนี้ในองค์กร', 'no such unit in this organisation');
    }
  }

  // People and roles ------------------------------------------------------------------------------------------

  async function renderPeople(who: SignedIn, notice?: AdminNotice, values?: Record<string, string>) {
    const orgId = who.profile.organizationId;
    const [people, roles, units] = await Promise.all([listPeopleOfOrganization(pool, orgId), listRoleAssignments(pool, orgId), listUnits(pool, orgId)]);
    return peoplePage(who.view, {
      people,
      roles,
      units,
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

  app.get('/admin', async (request, reply) => {
    const who = await admin(request);
    return sendPage(reply, 200, await renderPeople(who, noticeOf(request)));
  });

  app.post('/admin/people', async (request, reply) => {
    const { who, body } = await adminForm(request);
    const parsed = personForm.safeParse(body);
    if (!parsed.success) return sendPage(reply, 400, await renderPeople(who, invalid(parsed.error), body));
    await requireUnit(who, parsed.data.unitId);
    const id = await inTransaction(pool, async (tx) => {
      const created = await insertPerson(tx, who.profile.organizationId, parsed.data);
      if (created !== undefined) await audit(tx, who, { action: 'person_added', entityType: 'person', entityId: created, before: null, after: parsed.data });
      return created;
    });
    if (id === undefined) {
      const taken: AdminNotice = { kind: 'error', th: 'อีเมลนี้มีผู้ใช้อยู่แล้วในองค์กร', en: 'Someone in this organisation already has this e-mail address.' };
      return sendPage(reply, 409, await renderPeople(who, taken, body));
    }
    return redirect(reply, `/admin/people/${id}?done=added`);
  });

  async function renderPerson(who: SignedIn, personId: number, notice?: AdminNotice) {
    const orgId = who.profile.organizationId;
    const person = await findPersonOfOrganization(pool, orgId, personId);
    if (!person) throw new AppError('NOT_FOUND', 'ไม่พบบุคคลนี้ในองค์กร', 'no such person in this organisation');
    const [roles, units] = await Promise.all([listRoleAssignments(pool, orgId), listUnits(pool, orgId)]);
    return personPage(who.view, { person, roles: roles.filter((r) => r.personId === personId), units, ...(notice ? { notice } : {}) });
  }

  app.get('/admin/people/:id', async (request, reply) => {
    const who = await admin(request);
    const { id } = idParams.parse(request.params);
    return sendPage(reply, 200, await renderPerson(who, id, noticeOf(request)));
  });

  app.post('/admin/people/:id', async (request, reply) => {
    const { who, body } = await adminForm(request);
    const { id } = idParams.parse(request.params);
    const parsed = personForm.safeParse(body);
    if (!parsed.success) return sendPage(reply, 400, await renderPerson(who, id, invalid(parsed.error)));
    await requireUnit(who, parsed.data.unitId);
    const orgId = who.profile.organizationId;
    if (parsed.data.email && (await isEmailTaken(pool, orgId, parsed.data.email, id))) {
      return sendPage(reply, 409, await renderPerson(who, id, { kind: 'error', th: 'อีเมลนี้มีผู้ใช้อยู่แล้วในองค์กร', en: 'Someone in this organisation already has this e-mail address.' }));
    }
    await inTransaction(pool, async (tx) => {
      const before = await findPersonOfOrganization(tx, orgId, id);
      if (!before) throw new AppError('NOT_FOUND', 'ไม่พบบุคคลนี้ในองค์กร', 'no such person in this organisation');
      await updatePerson(tx, orgId, id, parsed.data);
      const { unitNameTh: _unitName, ...stored } = before;
      await audit(tx, who, { action: 'person_updated', entityType: 'person', entityId: id, before: stored, after: { id, ...parsed.data } });
    });
    return redirect(reply, `/admin/people/${id}?done=saved`);
  });

  app.post('/admin/roles', async (request, reply) => {
    const { who, body } = await adminForm(request);
    const parsed = roleForm.safeParse(body);
    const personId = Number(body.personId);
    if (!parsed.success) {
      if (!Number.isInteger(personId) || personId <= 0) throw new AppError('VALIDATION_FAILED', 'ข้อมูลไม่ถูกต้อง', 'invalid input');
      return sendPage(reply, 400, await renderPerson(who, personId, invalid(parsed.error)));
    }
    const orgId = who.profile.organizationId;
    const role = parsed.data;
    if (!(await findPersonOfOrganization(pool, orgId, role.personId))) throw new AppError('NOT_FOUND', 'ไม่พบบุคคลนี้ในองค์กร', 'no such person');
    await requireUnit(who, role.unitId);
    if ((role.role === 'unit_head' || role.role === 'owner') && role.unitId === null) {
      return sendPage(reply, 400, await renderPerson(who, role.personId, { kind: 'error', th: 'บทบาทนี้ต้องระบุหน่วยงาน', en: 'This role needs a unit.' }));
    }
    if (role.validFrom && role.validTo && role.validTo < role.validFrom) {
      return sendPage(reply, 400, await renderPerson(who, role.personId, { kind: 'error', th: 'วันสิ้นสุดต้องไม่ก่อนวันเริ่ม', en: 'The end date is before the start date.' }));
    }
    await inTransaction(pool, async (tx) => {
      const id = await insertRoleAssignment(tx, { organizationId: orgId, ...role });
      await audit(tx, who, { action: 'role_assigned', entityType: 'role_assignment', entityId: id, before: null, after: role });
    });
    return redirect(reply, `/admin/people/${role.personId}?done=added`);
  });

  app.post('/admin/roles/:id/delete', async (request, reply) => {
    const { who } = await adminForm(request);
    const { id } = idParams.parse(request.params);
    const removed = await inTransaction(pool, async (tx) => {
      const row = await deleteRoleAssignment(tx, who.profile.organizationId, id);
      if (row) await audit(tx, who, { action: 'role_removed', entityType: 'role_assignment', entityId: id, before: row, after: null });
      return row;
    });
    if (!removed) throw new AppError('NOT_FOUND', 'ไม่พบบทบาทนี้', 'no such role assignment');
    return redirect(reply, `/admin/people/${removed.personId}?done=removed`);
  });

  // Units ------------------------------------------------------------------------------------------------------

  async function renderUnits(who: SignedIn, notice?: AdminNotice) {
    return unitsPage(who.view, { units: await listUnits(pool, who.profile.organizationId), ...(notice ? { notice } : {}) });
  }

  app.get('/admin/units', async (request, reply) => {
    const who = await admin(request);
    return sendPage(reply, 200, await renderUnits(who, noticeOf(request)));
  });

  app.post('/admin/units', async (request, reply) => {
    const { who, body } = await adminForm(request);
    const parsed = unitForm.safeParse(body);
    if (!parsed.success) return sendPage(reply, 400, await renderUnits(who, invalid(parsed.error)));
    const added = await inTransaction(pool, async (tx) => {
      const id = await insertUnit(tx, { organizationId: who.profile.organizationId, ...parsed.data });
      if (id !== undefined) await audit(tx, who, { action: 'unit_added', entityType: 'unit', entityId: id, before: null, after: parsed.data });
      return id;
    });
    if (added === undefined) return sendPage(reply, 409, await renderUnits(who, { kind: 'error', th: 'รหัสหน่วยงานนี้มีอยู่แล้ว', en: 'This unit key exists already.' }));
    return redirect(reply, '/admin/units?done=added');
  });

  app.post('/admin/units/:id', async (request, reply) => {
    const { who, body } = await adminForm(request);
    const { id } = idParams.parse(request.params);
    const parsed = unitForm.omit({ key: true }).safeParse(body);
    if (!parsed.success) return sendPage(reply, 400, await renderUnits(who, invalid(parsed.error)));
    await inTransaction(pool, async (tx) => {
      const before = await findUnit(tx, who.profile.organizationId, id);
      if (!before) throw new AppError('NOT_FOUND', 'ไม่พบหน่วยงานนี้', 'no such unit');
      await updateUnitNames(tx, { organizationId: who.profile.organizationId, id, ...parsed.data });
      await audit(tx, who, { action: 'unit_renamed', entityType: 'unit', entityId: id, before, after: { ...before, ...parsed.data } });
    });
    return redirect(reply, '/admin/units?done=saved');
  });

  // Delegations ------------------------------------------------------------------------------------------------

  async function renderDelegations(who: SignedIn, notice?: AdminNotice) {
    const orgId = who.profile.organizationId;
    const [delegations, people] = await Promise.all([listDelegations(pool, orgId), listPeopleOfOrganization(pool, orgId)]);
    return delegationsPage(who.view, { delegations, people, today: bangkokDate(Date.now()), ...(notice ? { notice } : {}) });
  }

  app.get('/admin/delegations', async (request, reply) => {
    const who = await admin(request);
    return sendPage(reply, 200, await renderDelegations(who, noticeOf(request)));
  });

  app.post('/admin/delegations', async (request, reply) => {
    const { who, body } = await adminForm(request);
    const parsed = delegationForm.safeParse(body);
    if (!parsed.success) return sendPage(reply, 400, await renderDelegations(who, invalid(parsed.error)));
    const delegation = parsed.data;
    if (delegation.validTo && delegation.validTo < delegation.validFrom) {
      return sendPage(reply, 400, await renderDelegations(who, { kind: 'error', th: 'วันสิ้นสุดต้องไม่ก่อนวันเริ่ม', en: 'The end date is before the start date.' }));
    }
    const delegate = await findPersonOfOrganization(pool, who.profile.organizationId, delegation.delegatePersonId);
    if (!delegate?.active) return sendPage(reply, 400, await renderDelegations(who, { kind: 'error', th: 'ไม่พบผู้รับมอบในองค์กร', en: 'The delegate is not an active member of this organisation.' }));
    await inTransaction(pool, async (tx) => {
      const id = await insertDelegation(tx, { organizationId: who.profile.organizationId, ...delegation });
      await audit(tx, who, { action: 'delegation_added', entityType: 'delegation', entityId: id, before: null, after: delegation });
    });
    return redirect(reply, '/admin/delegations?done=added');
  });

  app.post('/admin/delegations/:id/end', async (request, reply) => {
    const { who } = await adminForm(request);
    const { id } = idParams.parse(request.params);
    const ended = await inTransaction(pool, async (tx) => {
      const change = await endDelegation(tx, who.profile.organizationId, id, bangkokDate(Date.now()));
      if (change) await audit(tx, who, { action: 'delegation_ended', entityType: 'delegation', entityId: id, before: change.before, after: change.after });
      return change;
    });
    if (!ended) throw new AppError('NOT_FOUND', 'ไม่พบการมอบอำนาจนี้', 'no such delegation');
    return redirect(reply, '/admin/delegations?done=ended');
  });

  // Reminder policy --------------------------------------------------------------------------------------------

  async function currentPolicy(who: SignedIn) {
    const settings = await findOrganizationSettings(pool, who.profile.organizationId);
    const parsed = reminderPolicySchema.safeParse(settings.reminderPolicy ?? {});
    return { policy: parsed.success ? parsed.data : defaultReminderPolicy, stored: settings.reminderPolicy !== undefined };
  }

  app.get('/admin/reminders', async (request, reply) => {
    const who = await admin(request);
    const notice = noticeOf(request);
    return sendPage(reply, 200, remindersPage(who.view, { ...(await currentPolicy(who)), ...(notice ? { notice } : {}) }));
  });

  app.post('/admin/reminders', async (request, reply) => {
    const { who, body } = await adminForm(request);
    const numberOrUndefined = (v: string | undefined) => (v?.trim() ? Number(v) : undefined);
    const escalations = (
      [
        ['unit_head', numberOrUndefined(body.escalateUnitHead)],
        ['palad', numberOrUndefined(body.escalatePalad)],
      ] as const
    )
      .filter(([, days]) => days !== undefined)
      .map(([to, days]) => ({ afterDaysOverdue: days!, to }));
    const input = {
      beforeDays: (body.beforeDays ?? '').split(/[,\s]+/).filter(Boolean).map(Number),
      onDueDay: body.onDueDay === 'on',
      overdueEveryDays: Number(body.overdueEveryDays),
      overdueCapDays: Number(body.overdueCapDays),
      escalations,
      sendAtHour: body.sendAtHour?.trim() ? Number(body.sendAtHour) : null,
      shiftToWorkingDays: body.shiftToWorkingDays === 'on',
    };
    // Validated by the same schema the workflows use; the length of a day is not an organisation's choice.
    const parsed = reminderPolicySchema.omit({ dayMs: true }).safeParse(input);
    if (!parsed.success) {
      return sendPage(reply, 400, remindersPage(who.view, { ...(await currentPolicy(who)), notice: invalid(parsed.error), values: body }));
    }
    await inTransaction(pool, async (tx) => {
      const settings = await findOrganizationSettings(tx, who.profile.organizationId);
      await setOrganizationSetting(tx, who.profile.organizationId, 'reminderPolicy', parsed.data);
      await audit(tx, who, {
        action: 'reminder_policy_changed',
        entityType: 'organization',
        entityId: who.profile.organizationId,
        before: settings.reminderPolicy ?? null,
        after: parsed.data,
      });
    });
    return redirect(reply, '/admin/reminders?done=saved');
  });

  // Holidays ---------------------------------------------------------------------------------------------------

  /**
   * An organisation's table starts as the default government holidays (domain/calendar.ts), loaded the first time
   * an administrator opens it while it is empty; from then on it is theirs to edit. The load is audited like an edit.
   */
  async function seedHolidaysIfEmpty(who: SignedIn): Promise<boolean> {
    return inTransaction(pool, async (tx) => {
      await tx.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [who.profile.organizationId]);
      if ((await countHolidays(tx, who.profile.organizationId)) > 0) return false;
      const holidays = DEFAULT_THAI_PUBLIC_HOLIDAYS.map((h) => ({ day: h.date, nameTh: h.name }));
      await upsertHolidays(tx, who.profile.organizationId, holidays);
      await audit(tx, who, { action: 'holidays_seeded', entityType: 'holidays', entityId: who.profile.organizationId, before: [], after: holidays });
      return true;
    });
  }

  async function renderHolidays(who: SignedIn, fyInput: unknown, notice?: AdminNotice) {
    const current = fiscalYearOf(Date.now());
    const fiscalYears = Array.from({ length: 5 }, (_, i) => current - 1 + i);
    const asked = Number(fyInput);
    const fiscalYear = Number.isInteger(asked) && asked >= 2500 && asked <= 2700 ? asked : current;
    if (!fiscalYears.includes(fiscalYear)) fiscalYears.push(fiscalYear);
    const bounds = fiscalYearBounds(fiscalYear);
    const holidays = await listHolidays(pool, who.profile.organizationId, bounds.start, bounds.end);
    return holidaysPage(who.view, { fiscalYear, fiscalYears: fiscalYears.sort(), holidays, ...(notice ? { notice } : {}) });
  }

  app.get('/admin/holidays', async (request, reply) => {
    const who = await admin(request);
    const seeded = await seedHolidaysIfEmpty(who);
    const query = request.query as Record<string, unknown>;
    return sendPage(reply, 200, await renderHolidays(who, query.fy, seeded ? NOTICES.seeded : noticeOf(request)));
  });

  app.post('/admin/holidays', async (request, reply) => {
    const { who, body } = await adminForm(request);
    const parsed = holidayForm.safeParse(body);
    if (!parsed.success) return sendPage(reply, 400, await renderHolidays(who, body.fy, invalid(parsed.error)));
    await inTransaction(pool, async (tx) => {
      const before = await upsertHolidays(tx, who.profile.organizationId, [parsed.data]);
      await audit(tx, who, { action: 'holiday_saved', entityType: 'holidays', entityId: who.profile.organizationId, before: before[0] ?? null, after: parsed.data });
    });
    return redirect(reply, `/admin/holidays?fy=${fiscalYearOf(Date.parse(`${parsed.data.day}T12:00:00+07:00`))}&done=saved`);
  });

  app.post('/admin/holidays/delete', async (request, reply) => {
    const { who, body } = await adminForm(request);
    const day = isoDate.safeParse(body.day);
    if (!day.success) throw new AppError('VALIDATION_FAILED', 'วันที่ไม่ถูกต้อง', 'invalid date');
    await inTransaction(pool, async (tx) => {
      const removed = await deleteHoliday(tx, who.profile.organizationId, day.data);
      if (removed) await audit(tx, who, { action: 'holiday_removed', entityType: 'holidays', entityId: who.profile.organizationId, before: removed, after: null });
    });
    return redirect(reply, `/admin/holidays?fy=${encodeURIComponent(body.fy ?? '')}&done=removed`);
  });
}
