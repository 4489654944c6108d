import { describe, expect, it } from 'vitest';
import { blankLine, draftAmountCents, errorAt, splitCodes, toLineInputs, type LineDraft } from './line-draft';

const facilityId = '0190a0d0-0000-7000-8000-000000000001';
const physicianId = '0190a0d0-0000-7000-8000-000000000002';

function line(overrides: Partial<LineDraft> = {}): LineDraft {
  return { ...blankLine('k1', { serviceDate: '2026-11-02', facilityId, renderingPhysicianId: physicianId }), procedureCode: '72148', diagnosisCodes: 'M54.50, S13.4XXA', ...overrides };
}

describe('invoice line drafts', () => {
  it('splits codes on spaces, commas and semicolons', () => {
    expect(splitCodes(' 25, 59;RT  ')).toEqual(['25', '59', 'RT']);
    expect(splitCodes('')).toEqual([]);
  });

  it('reads units and an exact fee, and leaves an empty fee to the fee schedule', () => {
    const result = toLineInputs([line({ units: '2', fee: '1,250.10', modifiers: '26 LT' }), line({ key: 'k2', fee: '' })]);
    expect(result).toEqual({
      ok: true,
      lines: [
        { procedureCode: '72148', modifiers: ['26', 'LT'], diagnosisCodes: ['M54.50', 'S13.4XXA'], units: 2, unitFeeCents: 125_010, serviceDate: '2026-11-02', facilityId, renderingPhysicianId: physicianId, appointmentId: null },
        { procedureCode: '72148', modifiers: [], diagnosisCodes: ['M54.50', 'S13.4XXA'], units: 1, unitFeeCents: null, serviceDate: '2026-11-02', facilityId, renderingPhysicianId: physicianId, appointmentId: null },
      ],
    });
  });

  it('keeps the id of a saved line so the draft edits it in place', () => {
    const result = toLineInputs([line({ id: facilityId })]);
    expect(result.ok && result.lines[0]?.id).toBe(facilityId);
  });

  it('marks unreadable units and fees at their line', () => {
    expect(toLineInputs([line(), line({ units: '0', fee: '12.345' }), line({ units: 'two' })])).toEqual({
      ok: false,
      errors: { 'lines.1.units': 'Units are a whole number from 1 to 999', 'lines.1.unitFeeCents': 'Use at most two digits after the point', 'lines.2.units': 'Units are a whole number from 1 to 999' },
    });
  });

  it('totals a typed fee by units, without float error', () => {
    expect(draftAmountCents(line({ units: '3', fee: '0.10' }))).toBe(30);
    expect(draftAmountCents(line({ fee: '' }))).toBeNull();
  });

  it('finds the error of a field or of one of its items', () => {
    const errors = { 'lines.0.diagnosisCodes.1': 'Not an ICD-10-CM code (e.g. S13.4XXA)', 'lines.10.units': 'x' };
    expect(errorAt(errors, 'lines.0.diagnosisCodes')).toBe('Not an ICD-10-CM code (e.g. S13.4XXA)');
    expect(errorAt(errors, 'lines.1.units')).toBeUndefined();
  });
});
