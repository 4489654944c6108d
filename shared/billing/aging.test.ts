import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageBalances, averageDays, bucketOf, collectionRate, daysBetween } from './aging';
import { feeFor, parseCodeCsv, procedureSystemOf, ICD10_PATTERN } from './codes';

describe('aging buckets', () => {
  it('puts ages on the bucket edges where a billing office expects them', () => {
    expect([0, 30, 31, 60, 61, 90, 91, 120, 121, 400].map(bucketOf)).toEqual(['d0_30', 'd0_30', 'd31_60', 'd31_60', 'd61_90', 'd61_90', 'd91_120', 'd91_120', 'd120_plus', 'd120_plus']);
    expect(bucketOf(-3)).toBe('d0_30');
  });

  it('counts calendar days across month ends and DST changes', () => {
    expect(daysBetween('2026-10-31', '2026-11-30')).toBe(30);
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });

  it('bucket totals add up to the open balances', () => {
    const row = fc.record({ basisDate: fc.integer({ min: 0, max: 400 }).map((d) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)), balanceCents: fc.integer({ min: -50_000, max: 500_000 }), groupKey: fc.constantFrom('a', 'b') });
    fc.assert(fc.property(fc.array(row, { maxLength: 50 }), (rows) => {
      const groups = ageBalances(rows, '2027-02-05');
      const total = [...groups.values()].reduce((sum, buckets) => sum + Object.values(buckets).reduce((a, b) => a + b, 0), 0);
      expect(total).toBe(rows.reduce((sum, r) => sum + r.balanceCents, 0));
    }), { verbose: true });
  });

  it('collection rate is collected over billed', () => {
    expect(collectionRate(7_500, 10_000)).toBe(0.75);
    expect(collectionRate(0, 0)).toBe(0);
  });
});

describe('codes and fees', () => {
  it('recognises CPT, HCPCS and ICD-10-CM shapes', () => {
    expect(procedureSystemOf('72148')).toBe('cpt');
    expect(procedureSystemOf('0001F')).toBe('cpt');
    expect(procedureSystemOf('E0114')).toBe('hcpcs');
    expect(procedureSystemOf('7214')).toBeNull();
    expect(ICD10_PATTERN.test('S13.4XXA')).toBe(true);
    expect(ICD10_PATTERN.test('M54.50')).toBe(true);
    expect(ICD10_PATTERN.test('U07')).toBe(false);
  });

  it('imports a CSV with quoted descriptions and reports bad and repeated lines by number', () => {
    const csv = 'code,description\n72148,"MRI, lumbar spine (clinic wording)"\n\nnot-a-code,x\n72148,again\n97110,';
    const result = parseCodeCsv(csv, (code) => procedureSystemOf(code) !== null);
    expect(result.rows).toEqual([
      { line: 2, code: '72148', description: 'MRI, lumbar spine (clinic wording)' },
      { line: 6, code: '97110', description: null },
    ]);
    expect(result.problems.map((p) => p.line)).toEqual([4, 5]);
  });

  it('takes the most specific fee in effect on the date of service', () => {
    const entries = [
      { procedureCode: '72148', modifier: null, payerType: null, facilityId: null, feeCents: 90_000, effectiveFrom: '2025-01-01' },
      { procedureCode: '72148', modifier: null, payerType: null, facilityId: null, feeCents: 95_000, effectiveFrom: '2026-01-01' },
      { procedureCode: '72148', modifier: null, payerType: 'attorney', facilityId: null, feeCents: 120_000, effectiveFrom: '2025-06-01' },
      { procedureCode: '72148', modifier: null, payerType: 'attorney', facilityId: 'f1', feeCents: 125_000, effectiveFrom: '2025-06-01' },
      { procedureCode: '72148', modifier: '26', payerType: null, facilityId: null, feeCents: 30_000, effectiveFrom: '2025-01-01' },
    ];
    const line = { procedureCode: '72148', modifiers: [] as string[], payerType: 'insurance', facilityId: 'f2', serviceDate: '2026-03-01' };
    expect(feeFor(entries, line)).toBe(95_000);
    expect(feeFor(entries, { ...line, serviceDate: '2025-03-01' })).toBe(90_000);
    expect(feeFor(entries, { ...line, payerType: 'attorney' })).toBe(120_000);
    expect(feeFor(entries, { ...line, payerType: 'attorney', facilityId: 'f1' })).toBe(125_000);
    expect(feeFor(entries, { ...line, modifiers: ['26'] })).toBe(30_000);
    expect(feeFor(entries, { ...line, procedureCode: '97110' })).toBeNull();
  });
});

describe('averageDays', () => {
  it('averages whole days to a tenth, and is null when nothing reached the step', () => {
    expect(averageDays(0, 0)).toBeNull();
    expect(averageDays(10, 3)).toBe(3.3);
    expect(averageDays(11, 3)).toBe(3.7);
    expect(averageDays(7, 1)).toBe(7);
  });

  it('equals the average of the days it sums, whichever way they are grouped', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.nat(400), { maxLength: 20 }), { maxLength: 10 }), (groups) => {
      const all = groups.flat();
      const direct = all.length === 0 ? null : Math.round((all.reduce((a, b) => a + b, 0) / all.length) * 10) / 10;
      const summed = groups.reduce((total, group) => total + group.reduce((a, b) => a + b, 0), 0);
      const counted = groups.reduce((total, group) => total + group.length, 0);
      expect(averageDays(summed, counted)).toBe(direct);
    }));
  });
});
