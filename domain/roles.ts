/**
 * The roles a person can be assigned in an organisation (role_assignments.role; the table's check lists the same).
 * The approvers among them (นายก, ปลัด) decide; the others are whom the system tells or lets see.
 */
export const ROLES = ['mayor', 'deputy_mayor', 'palad', 'unit_head', 'coordinator', 'owner', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
