import {
  budgetTotals,
  officeCovers,
  officePlaceProblem,
  placeKey,
  REPORT_PUBLICATION_GRACE_DAYS,
  REPORT_STANDING_LABELS,
  REPORT_STANDINGS,
  reportDeadlineMs,
  reportStanding,
} from '../../domain/oversight';

describe('which organisations an office covers', () => {
  const province = { level: 'province' as const, province: 'ขอนแก่น', district: null };
  const district = { level: 'district' as const, province: 'ขอนแก่น', district: 'เมืองขอนแก่น' };

  test('a province office covers its province whatever the district, and no other province', () => {
    expect(officeCovers(province, { province: 'ขอนแก่น', district: 'ชุมแพ' })).toBe(true);
    expect(officeCovers(province, { province: 'จังหวัดขอนแก่น', district: 'อำเภอเมืองขอนแก่น' })).toBe(true);
    expect(officeCovers(province, { province: 'จ. ขอนแก่น', district: '' })).toBe(true);
    expect(officeCovers(province, { province: 'เพชรบูรณ์', district: 'เมืองขอนแก่น' })).toBe(false);
  });

  test('a district office covers its district of its province only', () => {
    expect(officeCovers(district, { province: 'ขอนแก่น', district: 'อำเภอเมืองขอนแก่น' })).toBe(true);
    expect(officeCovers(district, { province: 'ขอนแก่น', district: 'อ.เมืองขอนแก่น' })).toBe(true);
    expect(officeCovers(district, { province: 'ขอนแก่น', district: 'ชุมแพ' })).toBe(false);
    // The same district name in another province is another district.
    expect(officeCovers(district, { province: 'เพชรบูรณ์', district: 'เมืองขอนแก่น' })).toBe(false);
  });

  test('nothing is guessed beyond the kind word and spaces', () => {
    expect(placeKey('  จังหวัด   ขอนแก่น ', 'province')).toBe('ขอนแก่น');
    expect(placeKey('จังหวัด', 'province')).toBe('จังหวัด');
    expect(placeKey('ขอนแก่น', 'province')).not.toBe(placeKey('ขอนแกน', 'province'));
    expect(placeKey('อำเภอเมือง', 'province')).toBe('อำเภอเมือง');
  });

  test('a district office names its district; a province office names none', () => {
    expect(officePlaceProblem({ level: 'province', province: 'ขอนแก่น', district: '' })).toBeNull();
    expect(officePlaceProblem({ level: 'district', province: 'ขอนแก่น', district: 'ชุมแพ' })).toBeNull();
    expect(officePlaceProblem({ level: 'district', province: 'ขอนแก่น', district: ' ' })?.en).toMatch(/district/);
    expect(officePlaceProblem({ level: 'province', province: 'ขอนแก่น', district: 'ชุมแพ' })?.en).toMatch(/whole province/);
    expect(officePlaceProblem({ level: 'region', province: 'ขอนแก่น', district: '' })?.en).toMatch(/level/);
    expect(officePlaceProblem({ level: 'province', province: '  ', district: '' })?.en).toMatch(/province/);
  });
});

describe('when a report is due on the public page', () => {
  const midnight = { month: 4, day: 1, hour: 0, minute: 0 };

  test('FY2570 six-month report, default 1 April: due by 1 May 2027 00:00 Bangkok', () => {
    expect(REPORT_PUBLICATION_GRACE_DAYS).toBe(30);
    expect(new Date(reportDeadlineMs('six_month', 2570, midnight)).toISOString()).toBe('2027-04-30T17:00:00.000Z');
  });

  test('the annual date in October is the year the fiscal year ends; in January-March the next one', () => {
    expect(new Date(reportDeadlineMs('annual', 2570, { month: 10, day: 1, hour: 0, minute: 0 })).toISOString()).toBe('2027-10-30T17:00:00.000Z');
    expect(new Date(reportDeadlineMs('annual', 2570, { month: 1, day: 15, hour: 8, minute: 30 })).toISOString()).toBe('2028-02-14T01:30:00.000Z');
    expect(new Date(reportDeadlineMs('six_month', 2570, { month: 4, day: 15, hour: 8, minute: 30 }, 0)).toISOString()).toBe('2027-04-15T01:30:00.000Z');
  });

  test('the first publication decides; then the deadline and the review', () => {
    const deadlineMs = Date.UTC(2027, 3, 30, 17);
    const now = deadlineMs - 1000;
    expect(reportStanding({ firstPublishedAtMs: deadlineMs, inReview: false, deadlineMs, nowMs: deadlineMs + 86_400_000 })).toBe('published_on_time');
    expect(reportStanding({ firstPublishedAtMs: deadlineMs + 1, inReview: true, deadlineMs, nowMs: deadlineMs + 2 })).toBe('published_late');
    expect(reportStanding({ firstPublishedAtMs: null, inReview: true, deadlineMs, nowMs: now })).toBe('in_review');
    expect(reportStanding({ firstPublishedAtMs: null, inReview: false, deadlineMs, nowMs: now })).toBe('not_published');
    expect(reportStanding({ firstPublishedAtMs: null, inReview: true, deadlineMs, nowMs: deadlineMs + 1 })).toBe('overdue');
  });

  test('every standing has its Thai and English label', () => {
    for (const standing of REPORT_STANDINGS) {
      expect(REPORT_STANDING_LABELS[standing].th).toMatch(/[ก-๙]/);
      expect(REPORT_STANDING_LABELS[standing].en).toMatch(/[a-z]/);
    }
  });
});

describe('budget of a round', () => {
  test('planned and spent in satang; no budget counts nothing; the percentage rounds half up', () => {
    expect(budgetTotals([{ budget: 0.1, spent: 0.1 }, { budget: 0.2, spent: null }, { budget: null, spent: null }])).toEqual({ planned: 0.3, spent: 0.1, percent: 33.33 });
    expect(budgetTotals([{ budget: 15_000, spent: 12_500 }, { budget: 20_000, spent: null }])).toEqual({ planned: 35_000, spent: 12_500, percent: 35.71 });
    expect(budgetTotals([{ budget: null, spent: null }])).toEqual({ planned: 0, spent: 0, percent: null });
    expect(budgetTotals([{ budget: 3, spent: 2 }]).percent).toBe(66.67);
  });
});
