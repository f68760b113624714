import { checkStepNumbering, classifyStepPhase, detectRecurrence, splitMethodSteps, toPlanSteps } from '../../domain/steps';

describe('classifyStepPhase', () => {
  it.each([
    ['จัดทำโครงการเพื่ออนุมัติจากผู้บริหารท้องถิ่น', 'approval'],
    ['จัดทำมาตรการและขออนุมัติดำเนินการต่อผู้บริหารท้องถิ่น', 'approval'],
    ['เสนอโครงการเพื่อพิจารณาอนุมัติ', 'approval'],
    ['ดำเนินการขออนุมัติดำเนินงานตามโครงการให้เป็นไปตามระเบียบฯ', 'approval'],
    ['ผู้บริหารประกาศใช้ NO Gift Policy', 'approval'],
    ['แต่งตั้งคณะกรรมการดำเนินการประกวด', 'committee'],
    ['จัดตั้งคณะทำงาน/มอบหมายผู้รับผิดชอบ เพื่อวิเคราะห์ความเสี่ยง', 'committee'],
    ['จัดทำคำสั่งแต่งตั้งคณะทำงานในการจัดอบรม', 'committee'],
    ['ประสานบุคคลและหน่วยงานที่เกี่ยวข้อง เพื่อจัดเตรียมการดำเนินโครงการ', 'preparation'],
    ['คณะกรรมการกำหนดหลักเกณฑ์การคัดเลือกบุคลากรต้นแบบ', 'preparation'],
    ['อบรมให้ความรู้โดยวิทยากร พร้อมแจกเอกสารประกอบการอบรม', 'execution'],
    ['คณะกรรมการพิจารณาคัดเลือกบุคลากรต้นแบบ โดยประเมินผลจากหลักเกณฑ์ที่กำหนด', 'execution'],
    ['สอบทานความถูกต้องและเชื่อถือได้ของข้อมูล รวมทั้งวิเคราะห์และประเมินผลการบริหาร', 'execution'],
    ['ประเมินผลและสรุปผลการดำเนินการ', 'evaluation'],
    ['ผู้บริหารควบคุมติดตามให้ดำเนินการตามแผนปฏิบัติการป้องกันการทุจริต', 'evaluation'],
    ['รายงานผลการดำเนินการ', 'reporting'],
    ['สรุปรายงานผลต่อผู้บริหาร และเผยแพร่รายงานผลต่อสาธารณชน', 'reporting'],
    ['เผยแพร่คู่มือให้แก่บุคลากรของหน่วยงาน และสาธารณชนให้รับทราบ', 'publication'],
    ['ประกาศผลการคัดเลือก', 'publication'],
    // Approving words inside what the measure does are not an approval step.
    ['จัดทำคำสั่งมอบหมายงานในการสั่ง อนุญาต อนุมัติ ตามกฎหมาย', 'preparation'],
  ])('%s → %s', (text, phase) => {
    expect(classifyStepPhase(text)).toBe(phase);
  });
});

describe('detectRecurrence', () => {
  it.each([
    ['ให้ผู้รับมอบหมายงานรายงานผลการปฏิบัติงานในทุกเดือน', 'monthly'],
    ['สรุปผลการให้บริการเป็นรายสัปดาห์/รายเดือน', 'monthly'],
    ['เผยแพร่ประชาสัมพันธ์รายไตรมาส', 'quarterly'],
    ['รายงานผลการประเมินให้ผู้บริหารท้องถิ่นทราบ อย่างน้อยปี ละ ๒ ครั้ง', 'semiannual'],
    ['จัดทำรายงานรอบ ๖ เดือน', 'semiannual'],
    ['จัดอบรมให้ความรู้ อย่างน้อยปีละ ๑ ครั้ง', 'annual'],
    ['ทบทวนแผนประจำปี', 'annual'],
  ])('%s → %s', (text, recurrence) => {
    expect(detectRecurrence(text)).toBe(recurrence);
  });

  it.each([
    'รายงานผลการดำเนินการ',
    'โครงการ ประจำปีงบประมาณ พ.ศ.๒๕๖๖',
    'ตรวจร่างข้อบัญญัติประจำปี',
  ])('finds no rhythm in %s', (text) => {
    expect(detectRecurrence(text)).toBeUndefined();
  });
});

describe('splitMethodSteps', () => {
  const lines = [
    '- ๑) จัดทำโครงการเพื่อขออนุมัติ',
    '๒) จัดให้มีช่องทางการสื่อสาร เช่น',
    '- มีหมายเลขโทรศัพท์เฉพาะ',
    ' - ๑.๑) ด้านโครงสร้างพื้นฐาน',
    '(๑) ผู้แทนชุมชน ๒ คน',
    ' - ๓) ให้ผู้รับมอบหมายรายงานผลในทุกเดือน',
  ].map((text, i) => ({ text, line: 10 + i }));

  it('starts a step at each top-level number and continues it with sub-points and wrapped lines', () => {
    const steps = splitMethodSteps(lines);
    expect(steps.map((s) => [s.number, s.line])).toEqual([
      [1, 10],
      [2, 11],
      [3, 15],
    ]);
    expect(steps[1]!.text).toBe('จัดให้มีช่องทางการสื่อสาร เช่น - มีหมายเลขโทรศัพท์เฉพาะ - ๑.๑) ด้านโครงสร้างพื้นฐาน (๑) ผู้แทนชุมชน ๒ คน');
    expect(steps[1]!.head).toBe('จัดให้มีช่องทางการสื่อสาร เช่น');
  });

  it('reads the recurrence from the step line only', () => {
    const planSteps = toPlanSteps(splitMethodSteps(lines));
    expect(planSteps.map((s) => s.recurrence)).toEqual([undefined, undefined, 'monthly']);
    expect(planSteps.map((s) => s.phase)).toEqual(['approval', 'execution', 'reporting']);
  });

  it('makes one step per paragraph when the list is not numbered', () => {
    const steps = splitMethodSteps([
      { text: '- ประชุมชี้แจง', line: 1 },
      { text: '- ดำเนินการตามมาตรการ', line: 2 },
    ]);
    expect(steps.map((s) => s.text)).toEqual(['ประชุมชี้แจง', 'ดำเนินการตามมาตรการ']);
  });

  it('reports gaps and repeats in the numbering', () => {
    const steps = splitMethodSteps(['๑) ก', '๒) ข', '๔) ง', '๔) จ'].map((text, i) => ({ text, line: i + 1 })));
    expect(checkStepNumbering(steps)).toEqual([
      { kind: 'gap', expected: 3, found: 4, line: 3 },
      { kind: 'repeat', expected: 5, found: 4, line: 4 },
    ]);
  });
});
