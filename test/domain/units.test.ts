import { normaliseResponsibleUnit, RESPONSIBLE_UNITS, responsibleUnitByKey } from '../../domain/units';

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
    expect(normaliseResponsibleUnit(text)).toEqual({ unit, recognised: true });
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
