import { describe, expect, it } from 'vitest';
import { autoAccidentClaim, claim, drOde, facility, line, multiDiagnosisClaim, spouseClaim, invoice } from '../../../test/support/billing-documents';
import { cms1500Forms, diagnosisPointers, formName, subscriberFormName } from './cms1500';

describe('CMS-1500 data-to-box mapping', () => {
  it('fills the patient, insured and provider items of a claim where the patient is the subscriber', () => {
    const [form] = cms1500Forms(claim());
    expect(form).toMatchObject({
      carrier: ['AETNA', 'PAYER ID 60054'],
      item1: 'group_health_plan', item1a: 'W123456789',
      item2: 'HERNANDEZ, LUCIA, M', item3: { birthDate: { mm: '07', dd: '19', yyyy: '1984' }, sex: 'F' },
      item4: 'HERNANDEZ, LUCIA, M', item6: 'self',
      item5: { street: '42 WALNUT LANE', city: 'PHILADELPHIA', state: 'PA', zip: '19103', phone: '(267) 555-0143' },
      item7: { street: '42 WALNUT LANE', city: 'PHILADELPHIA' },
      item10a: false, item10b: { yes: false, state: '' }, item10c: false,
      item11: 'GRP-88121', item11c: 'AETNA', item11d: false,
      item12: 'SIGNATURE ON FILE', item13: 'SIGNATURE ON FILE',
      item17: { qualifier: 'DN', name: 'DANIEL KIM MD', npi: '1588667638' },
      item21: { indicator: '0', codes: ['M5450', 'M5126'] },
      item22: { code: '', originalReference: '' },
      item25: { taxId: '234567890', type: 'EIN' }, item26: '000004211', item27: true,
      item28Cents: 145_000, item29Cents: 4_000,
      item31: { signature: 'ANJALI PATEL MD', date: '11/28/2026' },
      item32: ['RIVERSIDE PHILADELPHIA', '1500 MARKET STREET SUITE 400', 'PHILADELPHIA PA 19102-2101'],
      item33: { phone: '(215) 555-0100', lines: ['RIVERSIDE SPINE & INJURY MEDICAL GROUP, P.C.', '1500 MARKET STREET SUITE 400', 'PHILADELPHIA PA 19102-2101'] },
      item33a: '2992748568',
    });
    expect(form?.lines.map((entry) => [entry.procedureCode, entry.diagnosisPointer, entry.chargesCents, entry.units, entry.placeOfService, entry.renderingNpi]))
      .toEqual([['99204', 'A', 25_000, '1', '11', '1234567893'], ['72148', 'AB', 120_000, '1', '11', '1234567893']]);
  });

  it('prints the service facility\'s place of service in 24B (11 is only the default)', () => {
    const surgeryCenter = { ...facility, id: '01930000-0000-7000-8000-000000000002', name: 'Riverside Surgery Center', placeOfService: '24' };
    const [form] = cms1500Forms(claim({ billingFacility: surgeryCenter, invoice: invoice({ facility: surgeryCenter }) }));
    expect(form?.lines.map((entry) => entry.placeOfService)).toEqual(['24', '24']);
  });

  it('names the subscriber in item 4 and leaves item 7 blank when the patient is a dependent', () => {
    const [form] = cms1500Forms(spouseClaim());
    expect(form?.item4).toBe('HERNANDEZ, CARLOS, J');
    expect(form?.item6).toBe('spouse');
    expect(form?.item7.street).toBe('');
    expect(form?.item11a).toEqual({ birthDate: { mm: '03', dd: '02', yyyy: '1981' }, sex: null });
    expect(form?.item1).toBe('group_health_plan');
  });

  it('marks an auto accident with its state and the injury date with qualifier 431', () => {
    const [form] = cms1500Forms(autoAccidentClaim());
    expect(form?.item10b).toEqual({ yes: true, state: 'NJ' });
    expect(form?.item14).toEqual({ date: { mm: '09', dd: '28', yyyy: '2026' }, qualifier: '431' });
    expect(form?.item1).toBe('other');
    expect(form?.item11).toBe('NONE');
  });

  it('points each line at its diagnoses (A–L in first-use order) and keeps modifiers', () => {
    const [form] = cms1500Forms(multiDiagnosisClaim());
    expect(form?.item21.codes).toEqual(['M5416', 'M5126', 'G8929', 'M48061']);
    expect(form?.lines.map((entry) => [entry.modifiers, entry.diagnosisPointer, entry.renderingNpi])).toEqual([
      [['25'], 'ABC', '1234567893'], [['RT', '59'], 'BA', '1234567893'], [['26'], 'D', drOde.npi],
    ]);
    expect(form?.item28Cents).toBe(128_050);
  });

  it('continues a claim of more than six lines on a second form, each totalling its own lines', () => {
    const lines = Array.from({ length: 8 }, (_, index) => line({ id: `l${index}`, procedureCode: `9921${index}`, amountCents: 10_000 + index }));
    const forms = cms1500Forms(claim({ invoice: invoice({ lines }) }));
    expect(forms.map((form) => [form.page, form.pageCount, form.lines.length, form.item28Cents, form.item19])).toEqual([
      [1, 2, 6, 60_015, 'PAGE 1 OF 2'], [2, 2, 2, 20_013, 'PAGE 2 OF 2'],
    ]);
    expect(forms[1]?.item29Cents).toBe(0);
  });

  it('caps diagnoses at twelve and pointers at four per line', () => {
    const codes = Array.from({ length: 14 }, (_, index) => `Z${String(index).padStart(2, '0')}.1`);
    const { codes: listed, pointers } = diagnosisPointers([{ diagnosisCodes: codes.slice(0, 6) }, { diagnosisCodes: codes.slice(6) }]);
    expect(listed).toHaveLength(12);
    expect(pointers).toEqual(['ABCD', 'GHIJ']);
  });

  it('marks a replacement claim with frequency 7 and the original reference in item 22', () => {
    const [form] = cms1500Forms(claim({ replacesControlNumber: '000000777' }));
    expect(form?.item22).toEqual({ code: '7', originalReference: '000000777' });
  });

  it('writes names last-first in capitals without accents', () => {
    expect(formName('Nuñez', 'José', null)).toBe('NUNEZ, JOSE');
    expect(subscriberFormName('Mary Ann Smith')).toBe('SMITH, MARY, A');
    expect(subscriberFormName('Smith, Mary')).toBe('SMITH, MARY');
  });
});
