/**
 * The roles a person can be assigned in an organisation (role_assignments.role; the table's check lists the same).
 * The approvers among them (นายก, ปลัด) decide; the others are whom the system tells or lets see.
 */
export const ROLES = ['mayor', 'deputy_mayor', 'palad', 'unit_head', 'coordinator', 'owner', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What each role is called, Thai first: on pages, and in the notices of a change to someone's authority. */
export const ROLE_NAMES: Record<Role, { th: string; en: string }> = {
  mayor: { th: 'นายก', en: 'Chief executive' },
  deputy_mayor: { th: 'รองนายก', en: 'Deputy chief executive' },
  palad: { th: 'ปลัด', en: 'Permanent secretary' },
  unit_head: { th: 'หัวหน้าส่วนราชการ', en: 'Head of division' },
  coordinator: { th: 'ผู้ประสานแผน', en: 'Plan coordinator' },
  owner: { th: 'ผู้รับผิดชอบรายการ', en: 'Item owner' },
  auditor: { th: 'ผู้ตรวจสอบภายใน', en: 'Internal auditor' },
  admin: { th: 'ผู้ดูแลระบบ', en: 'Administrator' },
};
