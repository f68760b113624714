import { parseIndicators, parseTarget, splitIndicators, statesTargetWithoutValue } from '../../domain/indicators';

describe('parseTarget', () => {
  it.each([
    ['มีองค์ความรู้ ไม่น้อยกว่าร้อยละ ๘๐ (ทำแบบทดสอบ/แบบประเมิน)', { comparator: 'gte', value: 80, unit: 'percent' }],
    ['ไม่ต่ำกว่า ร้อยละ ๘๐', { comparator: 'gte', value: 80, unit: 'percent' }],
    ['ผ่านการทดสอบความรู้ธรรมาภิบาล ร้อยละ ๙๐ (ทดสอบความรู้ผ่านระบบ)', { comparator: 'gte', value: 90, unit: 'percent' }],
    ['มีผลการประเมิน ITA ผ่านเกณฑ์การประเมิน (๘๕ คะแนนขึ้นไป)', { comparator: 'gte', value: 85, unit: 'score' }],
    ['บุคลากร จำนวนไม่เกิน ๗๘ คน', { comparator: 'lte', value: 78, unit: 'count', unitText: 'คน' }],
    ['ผู้เข้าร่วม จำนวน ๗๘ คน', { comparator: 'eq', value: 78, unit: 'count', unitText: 'คน' }],
    ['มีการจัดอบรม จำนวน ๑ ครั้ง', { comparator: 'eq', value: 1, unit: 'times', unitText: 'ครั้ง' }],
    ['จัดฝึกอบรม ไม่น้อยกว่า ๒ ครั้งต่อปี', { comparator: 'gte', value: 2, unit: 'times', unitText: 'ครั้ง' }],
    ['อย่างน้อย ๕ ช่องทาง และไม่น้อยกว่าปีละ ๔ ครั้ง', { comparator: 'gte', value: 5, unit: 'count', unitText: 'ช่องทาง' }],
    ['เผยแพร่ข้อมูลจำนวนอย่างน้อย ๕ เรื่องขึ้นไป', { comparator: 'gte', value: 5, unit: 'count', unitText: 'เรื่อง' }],
    ['การทุจริตลดลงไม่ต่ำกว่าร้อยละ ๑๐', { comparator: 'gte', value: 10, unit: 'percent' }],
    ['ได้รับการฝึกอบรม จำนวน ๑๒ หมู่บ้าน', { comparator: 'eq', value: 12, unit: 'count', unitText: 'หมู่บ้าน' }],
  ])('%s', (text, target) => {
    expect(parseTarget(text)).toEqual(target);
  });

  it.each([
    'มีพนักงานต้นแบบด้านบริการประชาชนยอดเยี่ยม',
    'มีการเปิดเผยข้อมูลสาธารณะ ใน ๕ ประเด็น ดังนี้',
    'ปฏิบัติหน้าที่จนครบวาระ ๔ ปี ได้รับการยกย่องเชิดชูเกียรติ',
    'มีแผนปฏิบัติการป้องกันการทุจริต พ.ศ.๒๕๖๖ – ๒๕๗๐',
  ])('states no target: %s', (text) => {
    expect(parseTarget(text)).toBeUndefined();
  });

  it('notices a threshold whose number is missing', () => {
    const text = 'เด็กและเยาวชนมีจิตสาธารณะ ไม่น้อยกว่าร้อยละ (สำรวจโดยใช้แบบประเมินผล/แบบทดสอบ)';
    expect(parseTarget(text)).toBeUndefined();
    expect(statesTargetWithoutValue(text)).toBe(true);
    expect(statesTargetWithoutValue('ไม่น้อยกว่าร้อยละ ๘๐')).toBe(false);
  });
});

describe('splitIndicators', () => {
  it('keeps dashes under a numbered entry as its sub-points', () => {
    const entries = splitIndicators(
      ['๑) มีการเปิดเผยข้อมูล ใน ๕ ประเด็น ดังนี้', '- ข้อมูลพื้นฐาน', '- การบริหารงาน', '๒) มีการเผยแพร่ข้อมูล'].map((text, i) => ({
        text,
        line: i + 1,
      })),
    );
    expect(entries).toEqual([
      { text: 'มีการเปิดเผยข้อมูล ใน ๕ ประเด็น ดังนี้ - ข้อมูลพื้นฐาน - การบริหารงาน', line: 1 },
      { text: 'มีการเผยแพร่ข้อมูล', line: 4 },
    ]);
  });

  it('makes an unnumbered paragraph an entry and continues it with the next line', () => {
    const entries = splitIndicators(
      ['- มีประกาศใช้มาตรการ', 'จำนวน ๑ ฉบับ'].map((text, i) => ({ text, line: i + 1 })),
    );
    expect(entries).toEqual([{ text: 'มีประกาศใช้มาตรการ จำนวน ๑ ฉบับ', line: 1 }]);
  });

  it('labels outputs and outcomes', () => {
    const parsed = parseIndicators([{ text: 'จัดอบรม จำนวน ๑ ครั้ง', line: 3 }], [{ text: 'พึงพอใจไม่น้อยกว่าร้อยละ ๘๐', line: 6 }]);
    expect(parsed.map((p) => [p.kind, p.target?.unit, p.line])).toEqual([
      ['output', 'times', 3],
      ['outcome', 'percent', 6],
    ]);
  });
});
