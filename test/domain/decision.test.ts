import {
  acceptedOutcomes,
  APPROVER_ROLES,
  authorityLabel,
  authorityNote,
  authorityText,
  isReportSignOff,
  outcomeNeedsReason,
  parseAuthority,
  signOffDecisionKey,
  storedAuthorityLabel,
  type Authority,
  type AuthorityBasis,
} from '../../domain/decision';

const BASES: AuthorityBasis[] = ['holder', 'acting', 'delegated'];

describe('authority as stored and read back', () => {
  test('every role and basis round-trips through its stored text', () => {
    for (const role of APPROVER_ROLES) {
      for (const basis of BASES) {
        const authority: Authority = { role, basis };
        expect(parseAuthority(authorityText(authority))).toEqual(authority);
      }
    }
  });

  test('the stored text is the form rows and running histories already hold', () => {
    expect(authorityText({ role: 'mayor', basis: 'holder' })).toBe('mayor');
    expect(authorityText({ role: 'mayor', basis: 'acting' })).toBe('mayor (acting)');
    expect(authorityText({ role: 'mayor', basis: 'delegated' })).toBe('mayor (delegated)');
    expect(authorityText({ role: 'palad', basis: 'acting' })).toBe('palad (acting)');
  });

  test('texts stored before the typed value are read as what they meant', () => {
    expect(parseAuthority('mayor')).toEqual({ role: 'mayor', basis: 'holder' });
    expect(parseAuthority('mayor (delegated)')).toEqual({ role: 'mayor', basis: 'delegated' });
    expect(parseAuthority('palad (acting)')).toEqual({ role: 'palad', basis: 'acting' });
    expect(parseAuthority('palad')).toEqual({ role: 'palad', basis: 'holder' });
  });

  test('text this system never wrote does not parse', () => {
    for (const text of ['', 'coordinator', 'mayor (deputy)', 'mayor(delegated)', 'mayor (delegated) x', 'Mayor', '(delegated)']) {
      expect(parseAuthority(text)).toBeUndefined();
    }
  });
});

describe('authority as an officer reads it', () => {
  test('Thai first, English available, for each basis', () => {
    expect(authorityLabel({ role: 'mayor', basis: 'holder' })).toEqual({ th: 'นายก', en: 'chief executive' });
    expect(authorityLabel({ role: 'mayor', basis: 'acting' })).toEqual({ th: 'รักษาราชการแทนนายก', en: 'acting chief executive' });
    expect(authorityLabel({ role: 'mayor', basis: 'delegated' })).toEqual({ th: 'ปฏิบัติราชการแทนนายก', en: "chief executive's delegate" });
    expect(authorityLabel({ role: 'palad', basis: 'acting' })).toEqual({ th: 'รักษาราชการแทนปลัด', en: 'acting permanent secretary' });
  });

  test('a stored text is labelled as its authority; unknown text is shown as it is, not hidden', () => {
    expect(storedAuthorityLabel('palad (delegated)')).toEqual({ th: 'ปฏิบัติราชการแทนปลัด', en: "permanent secretary's delegate" });
    expect(storedAuthorityLabel('someone else')).toEqual({ th: 'someone else', en: 'someone else' });
  });

  test("a memo names the authority only when it was not the post's own", () => {
    expect(authorityNote('mayor')).toBeUndefined();
    expect(authorityNote('palad')).toBeUndefined();
    expect(authorityNote('mayor (delegated)')).toEqual({ th: 'ปฏิบัติราชการแทนนายก', en: "chief executive's delegate" });
    expect(authorityNote('palad (acting)')?.th).toBe('รักษาราชการแทนปลัด');
    expect(authorityNote('odd text')).toEqual({ th: 'odd text', en: 'odd text' });
  });
});

describe('what a decision point accepts', () => {
  const itemPoint = (purpose: string) => ({ purpose, itemYearId: 7, decisionKey: `${purpose}:1:mayor` });

  test('a report sign-off is approved or sent back; an item report only acknowledged', () => {
    const signOff = { purpose: 'report', itemYearId: null, decisionKey: signOffDecisionKey(2, 'mayor') };
    expect(signOff.decisionKey).toBe('signoff:2:mayor');
    expect(isReportSignOff(signOff)).toBe(true);
    expect(acceptedOutcomes(signOff)).toEqual(['approve', 'send_back']);
    expect(isReportSignOff(itemPoint('report'))).toBe(false);
    expect(acceptedOutcomes(itemPoint('report'))).toEqual(['acknowledge']);
    // A report point without an item-year but with another key is not a sign-off.
    expect(acceptedOutcomes({ purpose: 'report', itemYearId: null, decisionKey: 'report:1:palad' })).toEqual(['acknowledge']);
  });

  test('proposals, committee orders and cancellations are approved, rejected or sent back', () => {
    for (const purpose of ['proposal', 'committee', 'cancellation']) {
      expect(acceptedOutcomes(itemPoint(purpose))).toEqual(['approve', 'reject', 'send_back']);
    }
  });

  test('rejecting and sending back need a reason; approving and acknowledging do not', () => {
    expect(outcomeNeedsReason('reject')).toBe(true);
    expect(outcomeNeedsReason('send_back')).toBe(true);
    expect(outcomeNeedsReason('approve')).toBe(false);
    expect(outcomeNeedsReason('acknowledge')).toBe(false);
  });
});
