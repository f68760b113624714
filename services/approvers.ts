import { bangkokDate } from '../domain/fiscal';
import type { ApproverRole, AuthorityBasis } from '../domain/decision';
import { approvalConflict } from '../domain/duties';
import { findItemParties } from '../db/queries/item-years';
import * as people from '../db/queries/people';
import type { Db } from '../db/pool';

/** Who may decide for a role today, for the decision activities and the decision service alike. */

/**
 * Everyone who may decide for the role today, each once; a holder outranks the same person's delegation. For a
 * decision on an item-year, its owner and its proposers are left out (separation of duties, domain/duties.ts): the
 * point goes to the others who hold the role, and with nobody else it waits until someone is appointed.
 */
export async function resolveApprovers(
  db: Db,
  organizationId: number,
  role: ApproverRole,
  itemYearId: number | null = null,
): Promise<people.AuthorityRow[]> {
  const rows = await people.listAuthorities(db, { organizationId, role, onDate: bangkokDate(Date.now()) });
  const rank: Record<AuthorityBasis, number> = { holder: 0, acting: 1, delegated: 2 };
  const best = new Map<number, people.AuthorityRow>();
  for (const row of rows) {
    const seen = best.get(row.personId);
    if (!seen || rank[row.basis] < rank[seen.basis]) best.set(row.personId, row);
  }
  const parties = itemYearId === null ? undefined : await findItemParties(db, itemYearId);
  return [...best.values()].filter((a) => !parties || approvalConflict(a.personId, parties) === undefined);
}
