import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Pool, PoolClient } from 'pg';
import { z } from 'zod';
import { appendAudit, appendChangeAudit, type AuditKey } from '../db/audit';
import { inTransaction } from '../db/pool';
import * as organizationRows from '../db/queries/organizations';
import * as peopleRows from '../db/queries/people';
import * as platformRows from '../db/queries/platform';
import * as roleRows from '../db/queries/roles';
import { revokeSessionsOfPerson } from '../db/queries/sessions';
import { insertSignInToken } from '../db/queries/sign-in';
import * as unitRows from '../db/queries/units';
import { freeText } from '../domain/input-schema';
import { organizationInvitationMessage, type NotificationContent } from '../domain/messages';
import {
  ORGANIZATION_KINDS,
  organizationFullName,
  SLUG_PROBLEM_MESSAGES,
  slugProblem,
  type OrganizationKind,
} from '../domain/organizations';
import { RESPONSIBLE_UNITS } from '../domain/units';
import { AppError } from './errors';
import type { NotificationChannels } from './notify';
import { deliverOutbox, enqueueMessage } from './outbox';
import { ensureFiscalYearSchedule, ensureReportSchedules } from './schedules';
import { generateLinkToken } from './tokens';

/**
 * The platform: who may onboard organisations, and onboarding itself. A platform administrator is a person of no
 * organisation (migration 012), so every organisation page and API, which read the signed-in person's own
 * organisation, refuses them; what they see of organisations is `listOrganizationsForPlatform` (names, place,
 * coordinators), never plans, items, people or reports. Every grant and every organisation created is audited.
 */

export interface PlatformDeps {
  pool: Pool;
  auditKey: AuditKey;
}

/** How long an invitation link works: days, since the coordinator may not read mail the day it is sent. */
export const INVITATION_TTL_MS = 7 * 86_400_000;
/** Where the invited coordinator lands: the people page, to add the organisation's people. */
const INVITATION_NEXT_PATH = '/admin';

const emailSchema = z.email().max(254).transform((v) => v.toLowerCase());

function audit(deps: PlatformDeps, tx: PoolClient, entry: { organizationId: number | null; actor: string; action: string; entityType: string; entityId: string | number; after: unknown }) {
  return appendChangeAudit(tx, deps.auditKey, 'platform', { ...entry, before: null });
}

// Platform administrators ----------------------------------------------------------------------------------------

/**
 * Makes the address a platform administrator: a person of no organisation, created if needed. Only the command line
 * grants it (whoever runs it holds the server's database already), so no page can make a platform administrator.
 * Returns false when the address was one already (nothing is written then).
 */
export async function addPlatformAdmin(deps: PlatformDeps, input: { email: string; fullName: string; grantedBy: string }): Promise<{ personId: number; added: boolean }> {
  const email = emailSchema.safeParse(input.email.trim());
  if (!email.success) throw new AppError('VALIDATION_FAILED', 'อีเมลไม่ถูกต้อง', 'invalid e-mail address');
  const fullName = freeText({ max: 200 }).safeParse(input.fullName);
  if (!fullName.success) throw new AppError('VALIDATION_FAILED', 'กรุณาระบุชื่อ', 'a name is required');
  return inTransaction(deps.pool, async (tx) => {
    // One grant at a time: two runs for the same address would otherwise both create the person.
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('sujarit:platform-admin'))");
    const existing = await platformRows.findPlatformPersonByEmail(tx, email.data);
    const personId = existing?.id ?? (await platformRows.insertPlatformPerson(tx, { fullName: fullName.data, email: email.data }));
    const added = await platformRows.insertPlatformAdmin(tx, personId, input.grantedBy);
    if (added) {
      await audit(deps, tx, {
        organizationId: null,
        actor: input.grantedBy,
        action: 'platform_admin_added',
        entityType: 'person',
        entityId: personId,
        after: { personId, fullName: fullName.data, email: email.data },
      });
    }
    return { personId, added };
  });
}

/**
 * Ends a platform administrator's grant (the person stays, so the audit log's references hold) and their live
 * sessions, at once: a page left open stops working. Returns false when the address was not one.
 */
export async function removePlatformAdmin(deps: PlatformDeps, input: { email: string; removedBy: string }): Promise<boolean> {
  const email = input.email.trim().toLowerCase();
  return inTransaction(deps.pool, async (tx) => {
    const person = await platformRows.findPlatformPersonByEmail(tx, email);
    if (!person?.isAdmin) return false;
    const before = await platformRows.deletePlatformAdmin(tx, person.id);
    if (!before) return false;
    await revokeSessionsOfPerson(tx, person.id);
    await appendAudit(tx, deps.auditKey, {
      idempotencyKey: `platform:${randomUUID()}`,
      organizationId: null,
      occurredAt: new Date(),
      actor: input.removedBy,
      action: 'platform_admin_removed',
      entityType: 'person',
      entityId: String(person.id),
      before: { personId: person.id, email, ...before },
      after: null,
    });
    return true;
  });
}

export interface PlatformAdmin {
  personId: number;
  fullName: string;
}

/** The platform administrator behind a session; 403 for anyone else (an organisation's administrator included). */
export async function requirePlatformAdmin(pool: Pool, personId: number): Promise<PlatformAdmin> {
  const row = await platformRows.findPlatformAdmin(pool, personId);
  if (!row) {
    throw new AppError('FORBIDDEN', 'หน้านี้สำหรับผู้ดูแลแพลตฟอร์มเท่านั้น', 'This page is for platform administrators only.');
  }
  return { personId: row.personId, fullName: row.fullName };
}

// Organisations --------------------------------------------------------------------------------------------------

export const organizationForm = z.object({
  kind: z.enum(ORGANIZATION_KINDS),
  placeName: freeText({ max: 150 }),
  district: freeText({ max: 100 }),
  province: freeText({ max: 100 }),
  slug: z.string().trim().toLowerCase(),
  coordinatorName: freeText({ max: 200 }),
  coordinatorEmail: z.string().trim().pipe(emailSchema),
});
export type OrganizationInput = z.input<typeof organizationForm>;

export const ORGANIZATION_FIELD_NAMES: Record<string, { th: string; en: string }> = {
  kind: { th: 'ประเภทองค์กร', en: 'kind of organisation' },
  placeName: { th: 'ชื่อองค์กร', en: 'name' },
  district: { th: 'อำเภอ', en: 'district' },
  province: { th: 'จังหวัด', en: 'province' },
  slug: { th: 'ชื่อย่อภาษาอังกฤษ (slug)', en: 'slug' },
  coordinatorName: { th: 'ชื่อผู้ประสานงาน', en: "coordinator's name" },
  coordinatorEmail: { th: 'อีเมลผู้ประสานงาน', en: "coordinator's e-mail" },
};

/** A refusal of the form: one Thai and English line per problem, with the field it belongs to. */
export class OrganizationFormError extends AppError {
  constructor(
    code: 'VALIDATION_FAILED' | 'CONFLICT',
    public readonly problems: Array<{ field: string; th: string; en: string }>,
  ) {
    super(code, problems.map((p) => p.th).join(' '), problems.map((p) => p.en).join(' '), { problems });
  }
}

function checkForm(input: OrganizationInput) {
  const parsed = organizationForm.safeParse(input);
  const problems: Array<{ field: string; th: string; en: string }> = [];
  if (!parsed.success) {
    for (const field of new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')))) {
      if (field === 'slug') continue;
      const name = ORGANIZATION_FIELD_NAMES[field] ?? { th: field, en: field };
      problems.push({ field, th: `กรุณาตรวจสอบ${name.th}`, en: `Please check the ${name.en}.` });
    }
  }
  const slugIssue = slugProblem(String(input.slug ?? '').trim().toLowerCase());
  if (slugIssue) problems.push({ field: 'slug', ...SLUG_PROBLEM_MESSAGES[slugIssue] });
  if (!parsed.success || problems.length) throw new OrganizationFormError('VALIDATION_FAILED', problems);
  return parsed.data;
}

export interface CreatedOrganization {
  organizationId: number;
  slug: string;
  name: string;
  coordinatorPersonId: number;
  /** The invitation's outbox key: delivered by the caller after the transaction (createOrganization does). */
  outboxKey: string;
}

/**
 * Creates an organisation with the standard units of a Thai local government and its coordinator (roles
 * coordinator and admin), audited, and sends the coordinator a sign-in link, all in one transaction: a taken slug
 * or a bad field stores nothing. The coordinator, the organisation's first administrator, then adds its people;
 * separation of duties holds from the start, since the platform administrator grants the roles, not the grantee.
 * Its schedules (the fiscal-year start on 1 October, the six-month and annual reports) are made before the
 * transaction commits, so an unreachable Temporal stores nothing either; making them again is harmless, so a
 * commit that fails after them leaves schedules that a retry with the same slug takes over.
 */
export async function createOrganization(
  deps: PlatformDeps & { channels: NotificationChannels; publicBaseUrl: string; temporal: Client; taskQueue: string },
  admin: PlatformAdmin,
  input: OrganizationInput,
): Promise<CreatedOrganization> {
  const form = checkForm(input);
  const taken = () => new OrganizationFormError('CONFLICT', [{ field: 'slug', ...SLUG_PROBLEM_MESSAGES.taken }]);
  if (await organizationRows.findOrganizationBySlug(deps.pool, form.slug)) throw taken();
  const actor = `person:${admin.personId}`;
  const name = organizationFullName(form.kind as OrganizationKind, form.placeName);
  const created = await inTransaction(deps.pool, async (tx) => {
    const org = await organizationRows.insertOrganization(tx, { slug: form.slug, name, kind: form.kind, district: form.district, province: form.province });
    if (!org) return undefined;
    await audit(deps, tx, {
      organizationId: org.id,
      actor,
      action: 'organization_created',
      entityType: 'organization',
      entityId: org.id,
      after: { slug: org.slug, name, kind: form.kind, district: form.district, province: form.province },
    });
    const unitIds = new Map<string, number>();
    for (const unit of RESPONSIBLE_UNITS) {
      const id = await unitRows.upsertUnit(tx, { organizationId: org.id, key: unit.key, nameTh: unit.nameTh, nameEn: unit.nameEn });
      unitIds.set(unit.key, id);
    }
    await audit(deps, tx, { organizationId: org.id, actor, action: 'units_added', entityType: 'organization', entityId: org.id, after: RESPONSIBLE_UNITS.map((u) => u.key) });
    await ensureFiscalYearSchedule(deps.temporal, { organizationSlug: org.slug, taskQueue: deps.taskQueue });
    await ensureReportSchedules(deps.temporal, { organizationSlug: org.slug, taskQueue: deps.taskQueue });
    const invited = await addInvitedCoordinator(deps, tx, actor, {
      organizationId: org.id,
      organizationName: name,
      unitId: unitIds.get('office-of-palad') ?? null,
      fullName: form.coordinatorName,
      email: form.coordinatorEmail,
    });
    if (!invited) throw new AppError('INTERNAL', 'เพิ่มผู้ประสานงานไม่ได้', 'the coordinator of a new organisation could not be added');
    const { personId, outboxKey } = invited;
    return { organizationId: org.id, slug: org.slug, name, coordinatorPersonId: personId, outboxKey };
  });
  if (!created) throw taken();
  await deliverOutbox(deps.pool, deps.channels, [created.outboxKey]);
  return created;
}

/**
 * The coordinator of an organisation, added by a platform administrator: a person with the roles coordinator and
 * admin, audited, and a 7-day sign-in link sent through the outbox, in the caller's transaction. Undefined when
 * the address is someone's in the organisation already (nothing written then). Answers the outbox key to deliver.
 */
async function addInvitedCoordinator(
  deps: PlatformDeps & { channels: NotificationChannels; publicBaseUrl: string },
  tx: PoolClient,
  actor: string,
  invite: { organizationId: number; organizationName: string; unitId: number | null; fullName: string; email: string },
): Promise<{ personId: number; outboxKey: string } | undefined> {
  const coordinator: peopleRows.PersonFields = {
    fullName: invite.fullName,
    positionTitle: 'นักวิเคราะห์นโยบายและแผน',
    unitId: invite.unitId,
    email: invite.email,
    lineUserId: null,
    active: true,
  };
  const personId = await peopleRows.insertPerson(tx, invite.organizationId, coordinator);
  if (personId === undefined) return undefined;
  const organizationId = invite.organizationId;
  await audit(deps, tx, { organizationId, actor, action: 'person_added', entityType: 'person', entityId: personId, after: coordinator });
  for (const role of ['coordinator', 'admin'] as const) {
    const assigned = { personId, role, unitId: null, acting: false, validFrom: null, validTo: null };
    const id = await roleRows.insertRoleAssignment(tx, { organizationId, ...assigned });
    await audit(deps, tx, { organizationId, actor, action: 'role_assigned', entityType: 'role_assignment', entityId: id, after: assigned });
  }
  const outboxKey = await enqueueInvitation(deps, tx, {
    person: { id: personId, fullName: coordinator.fullName, email: coordinator.email },
    organizationId,
    nextPath: INVITATION_NEXT_PATH,
    content: (link, expiresAtMs) => organizationInvitationMessage({ recipient: coordinator.fullName, organization: invite.organizationName, link, expiresAtMs }),
  });
  return { personId, outboxKey };
}

/**
 * The one invitation mechanism: a 7-day, single-use sign-in link for the person (only its hash stored) that lands on
 * `nextPath`, and its message in the outbox, in the caller's transaction. Used for an organisation's coordinator and
 * for an oversight office's officer (services/oversight.ts). Answers the outbox key to deliver after the commit.
 */
export async function enqueueInvitation(
  deps: { channels: NotificationChannels; publicBaseUrl: string },
  tx: PoolClient,
  invite: {
    person: { id: number; fullName: string; email: string | null };
    organizationId: number | null;
    nextPath: string;
    content: (link: string, expiresAtMs: number) => NotificationContent;
  },
): Promise<string> {
  const { token, tokenHash } = generateLinkToken();
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
  await insertSignInToken(tx, { personId: invite.person.id, tokenHash, nextPath: invite.nextPath, expiresAt });
  const link = `${deps.publicBaseUrl.replace(/\/+$/, '')}/signin/${token}`;
  const outboxKey = `invitation:${tokenHash}`;
  await enqueueMessage(tx, {
    idempotencyKey: outboxKey,
    organizationId: invite.organizationId,
    person: { ...invite.person, lineUserId: null },
    content: invite.content(link, expiresAt.getTime()),
    links: [link],
    channels: deps.channels,
  });
  return outboxKey;
}

export const coordinatorForm = organizationForm.pick({ coordinatorName: true, coordinatorEmail: true });

/**
 * Another coordinator for an organisation that has one already, or whose first invitation went to a wrong address:
 * the only way back in for an organisation left without an administrator. 409 when the address is someone's there.
 */
export async function inviteCoordinator(
  deps: PlatformDeps & { channels: NotificationChannels; publicBaseUrl: string },
  admin: PlatformAdmin,
  slug: string,
  input: z.input<typeof coordinatorForm>,
): Promise<{ personId: number }> {
  const org = await organizationRows.findOrganizationBySlug(deps.pool, slug);
  if (!org) throw new AppError('NOT_FOUND', 'ไม่พบองค์กรนี้', 'no such organisation');
  const parsed = coordinatorForm.safeParse(input);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')))];
    throw new OrganizationFormError(
      'VALIDATION_FAILED',
      fields.map((field) => {
        const name = ORGANIZATION_FIELD_NAMES[field] ?? { th: field, en: field };
        return { field, th: `กรุณาตรวจสอบ${name.th}`, en: `Please check the ${name.en}.` };
      }),
    );
  }
  const invited = await inTransaction(deps.pool, async (tx) => {
    const units = await unitRows.listUnits(tx, org.id);
    return addInvitedCoordinator(deps, tx, `person:${admin.personId}`, {
      organizationId: org.id,
      organizationName: org.name,
      unitId: units.find((u) => u.key === 'office-of-palad')?.id ?? null,
      fullName: parsed.data.coordinatorName,
      email: parsed.data.coordinatorEmail,
    });
  });
  if (!invited) {
    throw new OrganizationFormError('CONFLICT', [
      {
        field: 'coordinatorEmail',
        th: 'อีเมลนี้มีผู้ใช้อยู่แล้วในองค์กร ผู้นั้นเข้าสู่ระบบด้วยอีเมลนี้ได้ที่หน้าเข้าสู่ระบบ',
        en: 'Someone in this organisation already has this address; they can sign in with it on the sign-in page.',
      },
    ]);
  }
  await deliverOutbox(deps.pool, deps.channels, [invited.outboxKey]);
  return { personId: invited.personId };
}

export function listOrganizations(deps: Pick<PlatformDeps, 'pool'>) {
  return organizationRows.listOrganizationsForPlatform(deps.pool);
}
