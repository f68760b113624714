import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { z } from 'zod';
import { appendChangeAudit, type AuditKey } from '../db/audit';
import { isSelfGrant, SELF_GRANT_MESSAGE } from '../domain/duties';
import { authorityChangeMessage, type AuthorityChange } from '../domain/messages';
import { ROLES, type Role } from '../domain/roles';
import { inTransaction } from '../db/pool';
import * as delegationRows from '../db/queries/delegations';
import * as holidayRows from '../db/queries/holidays';
import { findOrganizationById } from '../db/queries/organizations';
import * as peopleRows from '../db/queries/people';
import * as reportRows from '../db/queries/reports';
import * as roleRows from '../db/queries/roles';
import * as settingRows from '../db/queries/settings';
import * as unitRows from '../db/queries/units';
import { DEFAULT_THAI_PUBLIC_HOLIDAYS } from '../domain/calendar';
import { bangkokDate, fiscalYearBounds } from '../domain/fiscal';
import { reminderPolicySchema } from '../domain/reminder-policy-schema';
import { defaultReminderPolicy } from '../domain/reminders';
import { AppError } from './errors';
import type { NotificationChannels } from './notify';
import { deliverOutbox, enqueueMessage, formOfAddress } from './outbox';

/**
 * An organisation's administration: people and their channels, roles, units, delegations, the reminder policy and
 * the holiday table. Every change is written with its audit row in one transaction (who, what, before and after), so
 * the hash-chained log shows who changed what. Callers have already checked that the administrator holds the admin
 * role; these functions keep every change inside the administrator's own organisation.
 */

export interface AdminDeps {
  pool: Pool;
  auditKey: AuditKey;
  /**
   * Where the notices of a change to a role or a delegation go (to the นายก and the auditor). Unset (the CLI, the
   * demo seed): the change is audited only.
   */
  notices?: { channels: NotificationChannels; publicBaseUrl: string };
}

/** The administrator acting, and so the organisation every change stays within. */
export interface Administrator {
  personId: number;
  organizationId: number;
}

export type PersonInput = peopleRows.PersonFields;
export type RoleInput = Omit<Parameters<typeof roleRows.insertRoleAssignment>[1], 'organizationId'>;
export type DelegationInput = Omit<Parameters<typeof delegationRows.insertDelegation>[1], 'organizationId'>;
export type UnitInput = { key: string; nameTh: string; nameEn: string };
export type HolidayInput = holidayRows.HolidayRow;

const EMAIL_TAKEN = () =>
  new AppError('CONFLICT', 'อีเมลนี้มีผู้ใช้อยู่แล้วในองค์กร', 'Someone in this organisation already has this e-mail address.');
const END_BEFORE_START = () => new AppError('VALIDATION_FAILED', 'วันสิ้นสุดต้องไม่ก่อนวันเริ่ม', 'The end date is before the start date.');
const NO_SUCH_PERSON = () => new AppError('NOT_FOUND', 'ไม่พบบุคคลนี้ในองค์กร', 'no such person in this organisation');

/** The audit row of an administrator's change, in the change's transaction (the admin pages and the people import). */
export function auditAdminChange(
  deps: Pick<AdminDeps, 'auditKey'>,
  tx: PoolClient,
  admin: Administrator,
  entry: { action: string; entityType: string; entityId: string | number; before: unknown; after: unknown },
) {
  return appendChangeAudit(tx, deps.auditKey, 'admin', { ...entry, organizationId: admin.organizationId, actor: `person:${admin.personId}` });
}

/** The people who answer for who may approve: whoever holds the นายก's or the auditor's role today. */
const TOLD_OF_AUTHORITY_CHANGES = ['mayor', 'auditor'] as const;

interface AuthorityChangeNotice {
  change: AuthorityChange;
  personId: number;
  role: string;
  acting?: boolean;
  validFrom: string | null;
  validTo: string | null;
}

/**
 * Writes, in the change's own transaction, one outbox message per นายก and auditor: the change and its notices are
 * stored together or not at all. Answers the outbox keys, delivered once the transaction has committed.
 */
async function enqueueAuthorityNotices(deps: AdminDeps, tx: PoolClient, admin: Administrator, notice: AuthorityChangeNotice): Promise<string[]> {
  if (!deps.notices || !(ROLES as readonly string[]).includes(notice.role)) return [];
  const today = bangkokDate(Date.now());
  const recipientIds = new Set<number>();
  for (const role of TOLD_OF_AUTHORITY_CHANGES) {
    for (const id of await peopleRows.listRoleHolders(tx, { organizationId: admin.organizationId, role, onDate: today })) recipientIds.add(id);
  }
  if (!recipientIds.size) return [];
  const [recipients, names, organization] = await Promise.all([
    peopleRows.findPeopleByIds(tx, [...recipientIds]),
    peopleRows.findPeopleNames(tx, [admin.personId, notice.personId]),
    findOrganizationById(tx, admin.organizationId),
  ]);
  const changeId = randomUUID();
  const link = `${deps.notices.publicBaseUrl}/dashboard`;
  const keys: string[] = [];
  for (const person of recipients) {
    const key = `authority-change:${changeId}:${person.id}`;
    await enqueueMessage(tx, {
      idempotencyKey: key,
      organizationId: admin.organizationId,
      person,
      content: authorityChangeMessage({
        recipient: formOfAddress(person),
        change: notice.change,
        organization: organization?.name ?? '',
        administrator: names.get(admin.personId) ?? `#${admin.personId}`,
        person: names.get(notice.personId) ?? `#${notice.personId}`,
        role: notice.role as Role,
        acting: notice.acting ?? false,
        validFrom: notice.validFrom,
        validTo: notice.validTo,
        changedOn: today,
        link,
      }),
      links: [link],
      channels: deps.notices.channels,
    });
    keys.push(key);
  }
  return keys;
}

/**
 * E-mail and LINE after the commit; a row the channel refuses now stays in the outbox as pending or failed, where
 * the inbox copy already is, rather than undoing the change.
 */
async function deliverAuthorityNotices(deps: AdminDeps, keys: string[]): Promise<void> {
  if (deps.notices && keys.length) await deliverOutbox(deps.pool, deps.notices.channels, keys);
}

async function requireUnit(deps: AdminDeps, admin: Administrator, unitId: number | null): Promise<void> {
  if (unitId !== null && !(await unitRows.findUnit(deps.pool, admin.organizationId, unitId))) {
    throw new AppError('VALIDATION_FAILED', 'ไม่พบหน่วยงานนี้ในองค์กร', 'no such unit in this organisation');
  }
}

// People and roles ----------------------------------------------------------------------------------------------

export async function peopleOverview(deps: AdminDeps, organizationId: number) {
  const [people, roles, units] = await Promise.all([
    peopleRows.listPeopleOfOrganization(deps.pool, organizationId),
    roleRows.listRoleAssignments(deps.pool, organizationId),
    unitRows.listUnits(deps.pool, organizationId),
  ]);
  return { people, roles, units };
}

/** One person of the organisation with their roles and the units to choose from; 404 for anyone else. */
export async function personOverview(deps: AdminDeps, organizationId: number, personId: number) {
  const person = await peopleRows.findPersonOfOrganization(deps.pool, organizationId, personId);
  if (!person) throw NO_SUCH_PERSON();
  const [roles, units] = await Promise.all([roleRows.listRoleAssignments(deps.pool, organizationId), unitRows.listUnits(deps.pool, organizationId)]);
  return { person, roles: roles.filter((r) => r.personId === personId), units };
}

/** Returns the new person's id; 409 when the e-mail address is someone else's in the organisation. */
export async function addPerson(deps: AdminDeps, admin: Administrator, person: PersonInput): Promise<number> {
  await requireUnit(deps, admin, person.unitId);
  const id = await inTransaction(deps.pool, async (tx) => {
    const created = await peopleRows.insertPerson(tx, admin.organizationId, person);
    if (created !== undefined) await auditAdminChange(deps, tx, admin, { action: 'person_added', entityType: 'person', entityId: created, before: null, after: person });
    return created;
  });
  if (id === undefined) throw EMAIL_TAKEN();
  return id;
}

export async function updatePerson(deps: AdminDeps, admin: Administrator, id: number, person: PersonInput): Promise<void> {
  await requireUnit(deps, admin, person.unitId);
  if (person.email && (await peopleRows.isEmailTaken(deps.pool, admin.organizationId, person.email, id))) throw EMAIL_TAKEN();
  await inTransaction(deps.pool, async (tx) => {
    const before = await peopleRows.findPersonOfOrganization(tx, admin.organizationId, id);
    if (!before) throw NO_SUCH_PERSON();
    await peopleRows.updatePerson(tx, admin.organizationId, id, person);
    const { unitNameTh: _unitName, ...stored } = before;
    await auditAdminChange(deps, tx, admin, { action: 'person_updated', entityType: 'person', entityId: id, before: stored, after: { id, ...person } });
  });
}

/** Nobody grants authority to themselves (domain/duties.ts): another administrator must make that change. */
function refuseSelfGrant(admin: Administrator, granteePersonId: number): void {
  if (isSelfGrant(admin.personId, granteePersonId)) throw new AppError('FORBIDDEN', SELF_GRANT_MESSAGE.th, SELF_GRANT_MESSAGE.en);
}

export async function assignRole(deps: AdminDeps, admin: Administrator, role: RoleInput): Promise<void> {
  refuseSelfGrant(admin, role.personId);
  if (!(await peopleRows.findPersonOfOrganization(deps.pool, admin.organizationId, role.personId))) {
    throw new AppError('NOT_FOUND', 'ไม่พบบุคคลนี้ในองค์กร', 'no such person');
  }
  await requireUnit(deps, admin, role.unitId);
  if ((role.role === 'unit_head' || role.role === 'owner') && role.unitId === null) {
    throw new AppError('VALIDATION_FAILED', 'บทบาทนี้ต้องระบุหน่วยงาน', 'This role needs a unit.');
  }
  if (role.validFrom && role.validTo && role.validTo < role.validFrom) throw END_BEFORE_START();
  const notices = await inTransaction(deps.pool, async (tx) => {
    const id = await roleRows.insertRoleAssignment(tx, { organizationId: admin.organizationId, ...role });
    await auditAdminChange(deps, tx, admin, { action: 'role_assigned', entityType: 'role_assignment', entityId: id, before: null, after: role });
    return enqueueAuthorityNotices(deps, tx, admin, { change: 'role_assigned', ...role });
  });
  await deliverAuthorityNotices(deps, notices);
}

/** Returns whose role it was; 404 when the role is not one of the organisation's. */
export async function removeRole(deps: AdminDeps, admin: Administrator, id: number): Promise<{ personId: number }> {
  const removed = await inTransaction(deps.pool, async (tx) => {
    const row = await roleRows.deleteRoleAssignment(tx, admin.organizationId, id);
    if (!row) return undefined;
    await auditAdminChange(deps, tx, admin, { action: 'role_removed', entityType: 'role_assignment', entityId: id, before: row, after: null });
    return { row, notices: await enqueueAuthorityNotices(deps, tx, admin, { change: 'role_removed', ...row }) };
  });
  if (!removed) throw new AppError('NOT_FOUND', 'ไม่พบบทบาทนี้', 'no such role assignment');
  await deliverAuthorityNotices(deps, removed.notices);
  return { personId: removed.row.personId };
}

// Units ---------------------------------------------------------------------------------------------------------

export function listUnits(deps: AdminDeps, organizationId: number) {
  return unitRows.listUnits(deps.pool, organizationId);
}

/** 409 when the organisation has a unit with this key already. */
export async function addUnit(deps: AdminDeps, admin: Administrator, unit: UnitInput): Promise<void> {
  const added = await inTransaction(deps.pool, async (tx) => {
    const id = await unitRows.insertUnit(tx, { organizationId: admin.organizationId, ...unit });
    if (id !== undefined) await auditAdminChange(deps, tx, admin, { action: 'unit_added', entityType: 'unit', entityId: id, before: null, after: unit });
    return id;
  });
  if (added === undefined) throw new AppError('CONFLICT', 'รหัสหน่วยงานนี้มีอยู่แล้ว', 'This unit key exists already.');
}

export async function renameUnit(deps: AdminDeps, admin: Administrator, id: number, names: Omit<UnitInput, 'key'>): Promise<void> {
  await inTransaction(deps.pool, async (tx) => {
    const before = await unitRows.findUnit(tx, admin.organizationId, id);
    if (!before) throw new AppError('NOT_FOUND', 'ไม่พบหน่วยงานนี้', 'no such unit');
    await unitRows.updateUnitNames(tx, { organizationId: admin.organizationId, id, ...names });
    await auditAdminChange(deps, tx, admin, { action: 'unit_renamed', entityType: 'unit', entityId: id, before, after: { ...before, ...names } });
  });
}

// Delegations ---------------------------------------------------------------------------------------------------

export async function delegationsOverview(deps: AdminDeps, organizationId: number) {
  const [delegations, people] = await Promise.all([delegationRows.listDelegations(deps.pool, organizationId), peopleRows.listPeopleOfOrganization(deps.pool, organizationId)]);
  return { delegations, people, today: bangkokDate(Date.now()) };
}

export async function addDelegation(deps: AdminDeps, admin: Administrator, delegation: DelegationInput): Promise<void> {
  refuseSelfGrant(admin, delegation.delegatePersonId);
  if (delegation.validTo && delegation.validTo < delegation.validFrom) throw END_BEFORE_START();
  const delegate = await peopleRows.findPersonOfOrganization(deps.pool, admin.organizationId, delegation.delegatePersonId);
  if (!delegate?.active) {
    throw new AppError('VALIDATION_FAILED', 'ไม่พบผู้รับมอบในองค์กร', 'The delegate is not an active member of this organisation.');
  }
  const notices = await inTransaction(deps.pool, async (tx) => {
    const id = await delegationRows.insertDelegation(tx, { organizationId: admin.organizationId, ...delegation });
    await auditAdminChange(deps, tx, admin, { action: 'delegation_added', entityType: 'delegation', entityId: id, before: null, after: delegation });
    return enqueueAuthorityNotices(deps, tx, admin, { change: 'delegation_added', personId: delegation.delegatePersonId, ...delegation });
  });
  await deliverAuthorityNotices(deps, notices);
}

/** Ends a delegation today (it still holds today); 404 when it is not one of the organisation's. */
export async function endDelegation(deps: AdminDeps, admin: Administrator, id: number): Promise<void> {
  const ended = await inTransaction(deps.pool, async (tx) => {
    const change = await delegationRows.endDelegation(tx, admin.organizationId, id, bangkokDate(Date.now()));
    if (!change) return undefined;
    await auditAdminChange(deps, tx, admin, { action: 'delegation_ended', entityType: 'delegation', entityId: id, before: change.before, after: change.after });
    const { delegatePersonId, role, validFrom, validTo } = change.after;
    return enqueueAuthorityNotices(deps, tx, admin, { change: 'delegation_ended', personId: delegatePersonId, role, validFrom, validTo });
  });
  if (!ended) throw new AppError('NOT_FOUND', 'ไม่พบการมอบอำนาจนี้', 'no such delegation');
  await deliverAuthorityNotices(deps, ended);
}

// Reminder policy -----------------------------------------------------------------------------------------------

/** The organisation's policy as the workflows will read it (the default when none is stored or it no longer parses). */
export async function reminderPolicyOf(deps: AdminDeps, organizationId: number) {
  const settings = await settingRows.findOrganizationSettings(deps.pool, organizationId);
  const parsed = reminderPolicySchema.safeParse(settings.reminderPolicy ?? {});
  return { policy: parsed.success ? parsed.data : defaultReminderPolicy, stored: settings.reminderPolicy !== undefined };
}

/** The policy as validated by the same schema the workflows use; the length of a day is not an organisation's choice. */
export const organizationReminderPolicy = reminderPolicySchema.omit({ dayMs: true });

export async function setReminderPolicy(deps: AdminDeps, admin: Administrator, policy: z.output<typeof organizationReminderPolicy>): Promise<void> {
  await inTransaction(deps.pool, async (tx) => {
    const settings = await settingRows.findOrganizationSettings(tx, admin.organizationId);
    await settingRows.setOrganizationSetting(tx, admin.organizationId, 'reminderPolicy', policy);
    await auditAdminChange(deps, tx, admin, {
      action: 'reminder_policy_changed',
      entityType: 'organization',
      entityId: admin.organizationId,
      before: settings.reminderPolicy ?? null,
      after: policy,
    });
  });
}

// Holidays ------------------------------------------------------------------------------------------------------

/**
 * An organisation's table starts as the default government holidays (domain/calendar.ts), loaded when an
 * administrator asks for them (a form on the page while the table is empty); from then on it is theirs to edit. The load is audited like an edit.
 */
export async function seedHolidaysIfEmpty(deps: AdminDeps, admin: Administrator): Promise<boolean> {
  return inTransaction(deps.pool, async (tx) => {
    await tx.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [admin.organizationId]);
    if ((await holidayRows.countHolidays(tx, admin.organizationId)) > 0) return false;
    const holidays = DEFAULT_THAI_PUBLIC_HOLIDAYS.map((h) => ({ day: h.date, nameTh: h.name }));
    await holidayRows.upsertHolidays(tx, admin.organizationId, holidays);
    await auditAdminChange(deps, tx, admin, { action: 'holidays_seeded', entityType: 'holidays', entityId: admin.organizationId, before: [], after: holidays });
    return true;
  });
}

/** True until the organisation has a holiday table: the page then offers to load the defaults. */
export async function holidayTableIsEmpty(deps: AdminDeps, organizationId: number): Promise<boolean> {
  return (await holidayRows.countHolidays(deps.pool, organizationId)) === 0;
}

export function holidaysOfFiscalYear(deps: AdminDeps, organizationId: number, fiscalYear: number) {
  const bounds = fiscalYearBounds(fiscalYear);
  return holidayRows.listHolidays(deps.pool, organizationId, bounds.start, bounds.end);
}

export async function saveHoliday(deps: AdminDeps, admin: Administrator, holiday: HolidayInput): Promise<void> {
  await inTransaction(deps.pool, async (tx) => {
    const before = await holidayRows.upsertHolidays(tx, admin.organizationId, [holiday]);
    await auditAdminChange(deps, tx, admin, { action: 'holiday_saved', entityType: 'holidays', entityId: admin.organizationId, before: before[0] ?? null, after: holiday });
  });
}

export async function removeHoliday(deps: AdminDeps, admin: Administrator, day: string): Promise<void> {
  await inTransaction(deps.pool, async (tx) => {
    const removed = await holidayRows.deleteHoliday(tx, admin.organizationId, day);
    if (removed) await auditAdminChange(deps, tx, admin, { action: 'holiday_removed', entityType: 'holidays', entityId: admin.organizationId, before: removed, after: null });
  });
}

// The ITA O-code map --------------------------------------------------------------------------------------------

export type ItaDocumentInput = Pick<
  reportRows.ItaDocumentRow,
  'itaYear' | 'documentKind' | 'oCode' | 'fiscalYearOffset' | 'labelTh' | 'labelEn' | 'confirmed'
>;

/**
 * The rows an organisation's map of one ITA year is made of: its own, its agency group's (its kind) and the defaults,
 * with the years the map knows, for the administration page. Which row applies is db/queries/reports.ts's rule.
 */
export async function itaMapOf(deps: AdminDeps, organizationId: number, chooseYear: (knownYears: number[]) => number) {
  const organization = await findOrganizationById(deps.pool, organizationId);
  const scope = { organizationId, agencyGroup: organization?.kind ?? null };
  const years = await reportRows.listItaYears(deps.pool, scope);
  const itaYear = chooseYear(years);
  const rows = await reportRows.listItaMapRows(deps.pool, { ...scope, itaYear });
  return { itaYear, rows, years, agencyGroup: scope.agencyGroup };
}

/** Sets the organisation's own O-code of a document kind in an ITA year; the defaults stay for everyone else. */
export async function saveItaDocument(deps: AdminDeps, admin: Administrator, input: ItaDocumentInput): Promise<void> {
  await inTransaction(deps.pool, async (tx) => {
    const before = (await reportRows.listItaMapRows(tx, { organizationId: admin.organizationId, agencyGroup: null, itaYear: input.itaYear })).find(
      (r) => r.organizationId === admin.organizationId && r.documentKind === input.documentKind,
    );
    const after = await reportRows.upsertItaDocument(tx, { ...input, organizationId: admin.organizationId });
    await auditAdminChange(deps, tx, admin, { action: 'ita_item_saved', entityType: 'ita_document_map', entityId: after.id, before: before ?? null, after });
  });
}

/** Removes the organisation's own row: its group's or the default number applies again. */
export async function removeItaDocument(
  deps: AdminDeps,
  admin: Administrator,
  key: Pick<ItaDocumentInput, 'itaYear' | 'documentKind'>,
): Promise<void> {
  await inTransaction(deps.pool, async (tx) => {
    const removed = await reportRows.deleteOwnItaDocument(tx, { organizationId: admin.organizationId, ...key });
    if (removed) await auditAdminChange(deps, tx, admin, { action: 'ita_item_removed', entityType: 'ita_document_map', entityId: removed.id, before: removed, after: null });
  });
}
