import type { Pool } from 'pg';
import { appendAudit, type AuditKey } from './audit';
import { responsibleUnitByKey } from '../domain/units';
import { inTransaction } from './pool';
import { upsertUnit } from './queries/units';

/**
 * Demo people for development: one per role the Khek Noi plan's appointment order names (mayor, two deputies, the
 * acting palad, division heads, the policy analyst, the legal officer, the internal auditor) plus item owners. The
 * names are invented; e-mail addresses use the reserved .example domain so nothing can reach a real person.
 */
interface DemoPerson {
  key: string;
  fullName: string;
  position: string;
  unit: string;
  roles: Array<{ role: string; unit?: string; acting?: boolean }>;
}

export const DEMO_PEOPLE: DemoPerson[] = [
  { key: 'mayor', fullName: 'นายประเสริฐ มั่นคงดี', position: 'นายกองค์การบริหารส่วนตำบล', unit: 'organization', roles: [{ role: 'mayor' }] },
  { key: 'deputy1', fullName: 'นายวิชัย รักษ์ถิ่น', position: 'รองนายกองค์การบริหารส่วนตำบล', unit: 'organization', roles: [{ role: 'deputy_mayor' }] },
  { key: 'deputy2', fullName: 'นางสาวกมลา ศรีสุข', position: 'รองนายกองค์การบริหารส่วนตำบล', unit: 'organization', roles: [{ role: 'deputy_mayor' }] },
  {
    key: 'palad',
    fullName: 'นายเกียรติ ทองดี',
    position: 'หัวหน้าสำนักปลัด รักษาราชการแทนปลัด อบต.',
    unit: 'office-of-palad',
    roles: [{ role: 'palad', acting: true }, { role: 'unit_head', unit: 'office-of-palad' }],
  },
  { key: 'finance-head', fullName: 'นางสาวเรณู สายทอง', position: 'ผู้อำนวยการกองคลัง', unit: 'finance', roles: [{ role: 'unit_head', unit: 'finance' }] },
  {
    key: 'works-head',
    fullName: 'นางนารี วงศ์ใหญ่',
    position: 'รักษาราชการแทนผู้อำนวยการกองช่าง',
    unit: 'public-works',
    roles: [{ role: 'unit_head', unit: 'public-works', acting: true }],
  },
  {
    key: 'coordinator',
    fullName: 'นางสาวชฎา กิจดี',
    position: 'นักวิเคราะห์นโยบายและแผน',
    unit: 'office-of-palad',
    roles: [
      { role: 'coordinator' },
      { role: 'admin' },
      { role: 'owner', unit: 'organization' },
      { role: 'owner', unit: 'all-units' },
    ],
  },
  { key: 'legal', fullName: 'นายวิทยา ศิริกุล', position: 'นิติกร', unit: 'office-of-palad', roles: [{ role: 'owner', unit: 'office-of-palad' }] },
  {
    key: 'auditor',
    fullName: 'นางอรุณี ตรงธรรม',
    position: 'นักวิชาการตรวจสอบภายใน',
    unit: 'internal-audit',
    roles: [{ role: 'auditor' }, { role: 'unit_head', unit: 'internal-audit' }, { role: 'owner', unit: 'internal-audit' }],
  },
  { key: 'finance-owner', fullName: 'นายสมศักดิ์ เงินงาม', position: 'นักวิชาการเงินและบัญชี', unit: 'finance', roles: [{ role: 'owner', unit: 'finance' }] },
  { key: 'works-owner', fullName: 'นายชาญ ช่างดี', position: 'นายช่างโยธา', unit: 'public-works', roles: [{ role: 'owner', unit: 'public-works' }] },
];

const DEMO_UNITS = ['organization', 'all-units', 'office-of-palad', 'finance', 'public-works', 'education', 'internal-audit'];

export function demoEmail(slug: string, key: string): string {
  return `${key}@${slug}.example`;
}

/**
 * Inserts the demo people once per organisation; returns false when the organisation already has people. With an
 * audit key each role is audited as the administration pages audit theirs, so `audit verify` on the demo database
 * finds every role in the log (npm start passes one; test fixtures that never verify may not).
 */
export async function seedDemoPeople(
  pool: Pool,
  organizationId: number,
  slug: string,
  opts: { auditKey?: AuditKey } = {},
): Promise<boolean> {
  return inTransaction(pool, async (tx) => {
    const existing = await tx.query('SELECT 1 FROM people WHERE organization_id = $1 LIMIT 1', [organizationId]);
    if (existing.rowCount) return false;
    const unitIds = new Map<string, number>();
    for (const key of DEMO_UNITS) {
      const unit = responsibleUnitByKey(key)!;
      unitIds.set(key, await upsertUnit(tx, { organizationId, key, nameTh: unit.nameTh, nameEn: unit.nameEn }));
    }
    for (const person of DEMO_PEOPLE) {
      const { rows } = await tx.query<{ id: number }>(
        `INSERT INTO people (organization_id, full_name, position_title, unit_id, email)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [organizationId, person.fullName, person.position, unitIds.get(person.unit), demoEmail(slug, person.key)],
      );
      for (const role of person.roles) {
        const assigned = {
          personId: rows[0]!.id,
          role: role.role,
          unitId: role.unit ? (unitIds.get(role.unit) ?? null) : null,
          acting: role.acting ?? false,
        };
        const { rows: inserted } = await tx.query<{ id: number }>(
          `INSERT INTO role_assignments (organization_id, person_id, role, unit_id, acting) VALUES ($1, $2, $3, $4, $5)
           RETURNING id`,
          [organizationId, assigned.personId, assigned.role, assigned.unitId, assigned.acting],
        );
        if (opts.auditKey) {
          await appendAudit(tx, opts.auditKey, {
            idempotencyKey: `demo-seed:${organizationId}:role:${inserted[0]!.id}`,
            organizationId,
            occurredAt: new Date(),
            actor: 'system:demo-seed',
            action: 'role_assigned',
            entityType: 'role_assignment',
            entityId: String(inserted[0]!.id),
            before: null,
            after: assigned,
          });
        }
      }
    }
    return true;
  });
}
