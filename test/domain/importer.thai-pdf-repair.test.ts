import { joinPdfLines, repairThaiPdfText } from '../../domain/importer';

/** Thai as PDF text extraction returns it (cases from the seed plan printed to PDF), and text that must stay. */
describe('repairing Thai text extracted from a PDF', () => {
  it.each([
    ['แผนปฏิบัติการป้ องกันการทุจริต', 'แผนปฏิบัติการป้องกันการทุจริต'],
    ['ของหน่ วยงาน', 'ของหน่วยงาน'],
    ['อย่างเป็ นรูปธรรม', 'อย่างเป็นรูปธรรม'],
    ['ในการดำเนิ นงาน', 'ในการดำเนินงาน'],
    ['๔. เป้ าหมาย', '๔. เป้าหมาย'],
    ['ข้าราชการเมืองฝ่ ายสภาท้องถิ่น', 'ข้าราชการเมืองฝ่ายสภาท้องถิ่น'],
  ])('removes the stray space after an above-base mark: %s', (pdf, source) => {
    expect(repairThaiPdfText(pdf)).toBe(source);
  });

  it.each([
    ['ท้องถิ่น ซึง่จะส่งผล', 'ท้องถิ่น ซึ่งจะส่งผล'],
    ['รวมทัง้สิน้จำนวน', 'รวมทั้งสิ้นจำนวน'],
    ['คำสั่งแต่งตัง้คณะทำงาน', 'คำสั่งแต่งตั้งคณะทำงาน'],
    ['ขัน้ตอน การดำเนินงาน', 'ขั้นตอน การดำเนินงาน'],
    ['ซึง่อาจขัดต่อกฎระเบียบ', 'ซึ่งอาจขัดต่อกฎระเบียบ'],
    ['โดยกำหนดตัวชีว้ัดไว้ว่า', 'โดยกำหนดตัวชี้วัดไว้ว่า'],
    ['วัดผลสัมฤทธิท์ี่ได้', 'วัดผลสัมฤทธิ์ที่ได้'],
    ['โดยมุ่งผลสัมฤทธิข์องงาน', 'โดยมุ่งผลสัมฤทธิ์ของงาน'],
    ['และบรรลุผลสัมฤทธิต์ามที่กำหนด', 'และบรรลุผลสัมฤทธิ์ตามที่กำหนด'],
    ['จัดประชุมชีแ้จงแนวทาง', 'จัดประชุมชี้แจงแนวทาง'],
    ['เผยแพร่ส่อืการสร้างค่านิยม', 'เผยแพร่สื่อการสร้างค่านิยม'],
    ['ซึง่องค์กรปกครองส่วนท้องถิ่น', 'ซึ่งองค์กรปกครองส่วนท้องถิ่น'],
  ])('puts a mark drawn over an upper vowel back before the next consonant: %s', (pdf, source) => {
    expect(repairThaiPdfText(pdf)).toBe(source);
  });

  it.each([
    'ดังนี้ ส่วนที่ ๑',
    'ส่วนที่ ๒ ประกอบด้วย',
    'มีน้ำ',
    'มิน่า',
    'มีก่อน',
    'การมีส่วนร่วมของภาคประชาชน',
    'ฟิล์ม',
    'ฟิล์มอะไร',
    'กลั้นหายใจ',
    'Integrity and Transparency Assessment : ITA',
    '๒๕,๐๐๐ บาท 2566',
    'มาตรการ NO Gift Policy',
    'ที่ ๑ กิจกรรม',
  ])('leaves correct text as it is: %s', (text) => {
    expect(repairThaiPdfText(text)).toBe(text);
  });

  it('joins the lines of a wrapped paragraph, Thai to Thai without a space, and re-attaches a stranded mark', () => {
    expect(joinPdfLines(['ประชาชนเกิดความเชื่อมั่นและศรัทธาในการทำงานของหน่ วยงานมาก', 'ยิ่งขึน', '้'])).toBe(
      'ประชาชนเกิดความเชื่อมั่นและศรัทธาในการทำงานของหน่วยงานมากยิ่งขึ้น',
    );
    expect(joinPdfLines(['ความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (Integrity and Transparency Assessment', ': ITA) ประกอบด้วย'])).toBe(
      'ความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (Integrity and Transparency Assessment : ITA) ประกอบด้วย',
    );
    expect(joinPdfLines(['ปีงบประมาณ พ.ศ.๒๕๖๖-', '๒๕๗๐'])).toBe('ปีงบประมาณ พ.ศ.๒๕๖๖-๒๕๗๐');
    expect(joinPdfLines(['แยกตาม ๔ มิติ รวมทัง้ สิน', '้ จำนวน ๒๒ โครงการ'])).toBe('แยกตาม ๔ มิติ รวมทั้ง สิ้น จำนวน ๒๒ โครงการ');
    expect(joinPdfLines(['๑.๑.๑', 'เสริมสร้างจิตสำนึก'])).toBe('๑.๑.๑ เสริมสร้างจิตสำนึก');
    expect(joinPdfLines(['โครงการบุคลากรต้นแบบ ประจำปีงบประมาณ', 'พ.ศ.๒๕๖๖'])).toBe('โครงการบุคลากรต้นแบบ ประจำปีงบประมาณ พ.ศ.๒๕๖๖');
    expect(joinPdfLines(['ที่ก ำหนดไว้'])).toBe('ที่กำหนดไว้');
  });
});
