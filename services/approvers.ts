import { bangkokDate } from '../domain/fiscal';
import type { ApproverRole, AuthorityBasis } from '../domain/decision';
import * as people from '../db/queries/people';
import type { Db } from '../db/pool';

/** Who may decide for a role today, for the decision activities and the decision service alike. */

/** Everyone who may decide for the role today, each once; a holder outranks the same person's delegation. */
export async function resolveApprovers(
  db: Db,
  organizationId: number,
  role: ApproverRole,
): Promise<people.AuthorityRow[]> {
  const rows = await people.listAuthorities(db, { organizationId, role, onDate: bangkokDate(Date.now()) });
  const rank: Record<AuthorityBasis, number> = { holder: 0, acting: 1, delegated: 2 };
  const best = new Map<number, people.AuthorityRow>();
  for (const row of rows) {
    const seen = best.get(row.personId);
    if (!seen || rank[row.basis] < rank[seen.basis]) best.set(row.personId, row);
  }
  return [...best.values()];
}
