import { AppError } from './errors';

/** Who may do what, decided the same way for every caller of the services. */

export interface Actor {
  personId: number;
  organizationId: number;
  fullName: string;
  roles: Array<{ role: string; unitKey: string | null; acting: boolean }>;
}

export const hasRole = (actor: Actor, ...roles: string[]): boolean => actor.roles.some((r) => roles.includes(r.role));

export const headsUnit = (actor: Actor, unitKey: string): boolean =>
  actor.roles.some((r) => r.role === 'unit_head' && r.unitKey === unitKey);

export type ItemYearAction = 'read' | 'work' | 'reassign' | 'cancel';

/**
 * Who may do what to an item-year: its owner and the head of its unit do the work; the coordinator and the palad
 * oversee every unit; nobody acts on another organisation's or (as an owner) another unit's item.
 */
export function mayActOnItemYear(
  actor: Actor,
  itemYear: { organizationId: number; unitKey: string; ownerPersonId: number | null },
  action: ItemYearAction,
): boolean {
  if (actor.organizationId !== itemYear.organizationId) return false;
  const overseer = hasRole(actor, 'coordinator', 'admin', 'palad');
  const unitHead = headsUnit(actor, itemYear.unitKey);
  const owner = itemYear.ownerPersonId === actor.personId;
  switch (action) {
    case 'read':
      return true;
    case 'work':
    case 'cancel':
      return owner || unitHead || overseer;
    case 'reassign':
      return unitHead || overseer;
  }
}

export function refuse(): AppError {
  return new AppError(
    'FORBIDDEN',
    'ท่านไม่มีสิทธิ์ดำเนินการกับรายการนี้ (เป็นงานของหน่วยงานอื่น)',
    'you may not act on this item (it belongs to another unit)',
  );
}
