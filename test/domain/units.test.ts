import { normaliseResponsibleUnit, RESPONSIBLE_UNITS, responsibleUnitByKey, sectionByKey, STANDARD_UNITS, unitsOfOrganization } from '../../domain/units';

describe('normaliseResponsibleUnit', () => {
  it.each([
    ['สำนักปลัดองค์การบริหารส่วนตำบลเข็กน้อย (งานกฎหมายและคดี) อำเภอเขาค้อ จังหวัดเพชรบูรณ์', 'office-of-palad'],
    ['สำนักงานปลัดองค์การบริหารส่วนตำบลเข็กน้อย', 'office-of-palad'],
    ['สำนักปลัด องค์การบริหารส่วนตำบลเข็กน้อย', 'office-of-palad'],
    // The organisation's name misspelt does not matter: only the unit words are read.
    ['สำนักปลัดองค์การบริหารส่วนตำบลเชิงน้อย (งานกฎหมายและคดี)', 'office-of-palad'],
    ['กองคลัง องค์การบริหารส่วนตำบลเข็กน้อย', 'finance'],
    ['กองช่าง', 'public-works'],
    ['กองการศึกษา ศาสนาและวัฒนธรรม', 'education'],
    ['หน่วยงานตรวจสอบภายในขององค์การบริหารส่วนตำบลเชิงกน้อย', 'internal-audit'],
    ['หน่วยตรวจสอบภายใน', 'internal-audit'],
    ['ทุกสำนัก/กอง ขององค์การบริหารส่วนตำบลเข็กน้อย', 'all-units'],
    ['องค์การบริหารส่วนตำบลเข็กน้อย', 'organization'],
    ['องค์การบริหารส่วนตำบลเชิงน้อย', 'organization'],
    ['อบต.เข็กน้อย', 'organization'],
  ])('%s → %s', (text, unit) => {
    expect(normaliseResponsibleUnit(text)).toMatchObject({ unit, recognised: true });
  });

  it.each([
    ['สำนักปลัดองค์การบริหารส่วนตำบลเข็กน้อย (งานกฎหมายและคดี) อำเภอเขาค้อ จังหวัดเพชรบูรณ์', 'legal-affairs', 'งานกฎหมายและคดี'],
    ['สำนักปลัด (ฝ่ายบริหารงานทั่วไป)', 'general-administration', 'ฝ่ายบริหารงานทั่วไป'],
    ['สำนักปลัด อบต. งานการเจ้าหน้าที่', 'personnel', 'งานบริหารงานบุคคล'],
    ['กองคลัง (งานการเงินและบัญชี)', 'finance-and-accounting', 'งานการเงินและบัญชี'],
    ['กองคลัง (งานพัสดุ)', 'procurement', 'งานพัสดุ'],
  ])('%s → section %s', (text, section, sectionText) => {
    expect(normaliseResponsibleUnit(text)).toMatchObject({ section, sectionText });
  });

  it('keeps a section the organisation does not have as text only, and reads no section from the audit unit', () => {
    expect(normaliseResponsibleUnit('สำนักปลัด (งานธุรการพิเศษ)')).toEqual({
      unit: 'office-of-palad',
      recognised: true,
      sectionText: 'งานธุรการพิเศษ',
    });
    // The section belongs to its division: the finance section is not looked for under the office.
    expect(normaliseResponsibleUnit('สำนักปลัด (งานพัสดุ)').section).toBeUndefined();
    expect(normaliseResponsibleUnit('หน่วยงานตรวจสอบภายใน')).toEqual({ unit: 'internal-audit', recognised: true });
    expect(normaliseResponsibleUnit('สำนักปลัด (งานกฎหมายและคดี)', unitsOfOrganization('khek-noi')).section).toBe('legal-affairs');
    expect(unitsOfOrganization('unknown-org')).toBe(STANDARD_UNITS);
  });

  it('gives every section of the standard structure a unique key and both names', () => {
    const sections = Object.values(STANDARD_UNITS.sections).flat();
    expect(new Set(sections.map((s) => s.key)).size).toBe(sections.length);
    for (const s of sections) {
      expect(s.nameTh).toMatch(/^งาน/);
      expect(s.nameEn).toMatch(/Section$/);
      expect(sectionByKey(STANDARD_UNITS, s.key)?.nameTh).toBe(s.nameTh);
    }
    expect(sectionByKey(STANDARD_UNITS, 'legal-affairs')?.division).toBe('office-of-palad');
  });

  it('falls back to the whole organisation, saying it did not recognise the text', () => {
    expect(normaliseResponsibleUnit('นายสมชาย ใจดี')).toEqual({ unit: 'organization', recognised: false });
  });

  it('names every unit in Thai and English under a unique key', () => {
    const keys = RESPONSIBLE_UNITS.map((u) => u.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const unit of RESPONSIBLE_UNITS) {
      expect(unit.nameTh).toMatch(/[\u0E00-\u0E7F]/);
      expect(unit.nameEn).toMatch(/^[A-Z]/);
    }
    expect(responsibleUnitByKey('finance')?.nameTh).toBe('กองคลัง');
    expect(responsibleUnitByKey('nope')).toBeUndefined();
  });
});
