import { approvalConflict, isSelfGrant } from '../../domain/duties';

describe('separation of duties', () => {
  test('the owner and every proposer of an item may not approve it; anyone else may', () => {
    const parties = { ownerPersonId: 5, proposerPersonIds: [7, 8] };
    expect(approvalConflict(5, parties)).toBe('owner');
    expect(approvalConflict(7, parties)).toBe('proposer');
    expect(approvalConflict(8, parties)).toBe('proposer');
    expect(approvalConflict(9, parties)).toBeUndefined();
    expect(approvalConflict(5, { ownerPersonId: null, proposerPersonIds: [] })).toBeUndefined();
  });

  test('an administrator granting to themselves is a self-grant; to someone else it is not', () => {
    expect(isSelfGrant(3, 3)).toBe(true);
    expect(isSelfGrant(3, 4)).toBe(false);
  });
});
