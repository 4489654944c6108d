import { describe, expect, it } from 'vitest';
import { importCodesArgs } from './billing-writes';
import { MAX_IMPORT_ROWS, normalizeDiagnosisCode, previewCodeImport } from './code-import';

describe('previewCodeImport', () => {
  it('reads code,description rows, skips the header, and lists a bad row with its line and reason', () => {
    const csv = 'Code,Description\n97110,Therapeutic exercise (clinic wording)\n\n9711,Typo\nG0283,"Electrical stimulation, unattended"\n';
    const preview = previewCodeImport(csv, 'procedure', null);
    expect(preview.headerSkipped).toBe(true);
    expect(preview.rows).toEqual([
      { line: 2, code: '97110', description: 'Therapeutic exercise (clinic wording)', status: 'add', problem: null },
      { line: 4, code: '9711', description: 'Typo', status: 'error', problem: expect.stringContaining('"9711" is not a CPT') },
      { line: 5, code: 'G0283', description: 'Electrical stimulation, unattended', status: 'add', problem: null },
    ]);
    expect(preview.errorCount).toBe(1);
    expect(preview.importable).toEqual([
      { code: '97110', description: 'Therapeutic exercise (clinic wording)' },
      { code: 'G0283', description: 'Electrical stimulation, unattended' },
    ]);
    // What the preview offers is exactly what the channel accepts.
    expect(importCodesArgs.safeParse({ procedures: preview.importable }).success).toBe(true);
  });

  it('accepts category II/III codes and lower-case HCPCS, and reads a file without a header', () => {
    const preview = previewCodeImport('0275T,Category III\r\n3008F,\r\nj1100,Dexamethasone', 'procedure', null);
    expect(preview.headerSkipped).toBe(false);
    expect(preview.rows.map((row) => [row.code, row.description, row.status])).toEqual([
      ['0275T', 'Category III', 'add'], ['3008F', null, 'add'], ['J1100', 'Dexamethasone', 'add'],
    ]);
  });

  it('reports repeated codes, unquoted commas, open quotes and over-long descriptions', () => {
    const long = 'x'.repeat(501);
    const csv = ['99213,Office visit', '99213,Again', '97140,Manual therapy, two regions', '97112,"Neuromuscular', `97530,${long}`, ',No code'].join('\n');
    const preview = previewCodeImport(csv, 'procedure', null);
    expect(preview.rows.map((row) => [row.line, row.status, row.problem])).toEqual([
      [1, 'add', null],
      [2, 'error', '99213 is already on line 1'],
      [3, 'error', 'More than two columns: put a description that holds a comma in double quotes'],
      [4, 'error', expect.stringContaining('double quote is not closed')],
      [5, 'error', 'The description is longer than 500 characters'],
      [6, 'error', 'The code is empty'],
    ]);
    expect(preview.importable).toEqual([{ code: '99213', description: 'Office visit' }]);
  });

  it('checks diagnosis codes as ICD-10-CM, puts back a missing dot, and refuses a procedure code', () => {
    const preview = previewCodeImport('code,description\nm5450,Low back pain\nS13.4XXA,Whiplash\n99213,Not a diagnosis\nU07.1,Reserved letter', 'diagnosis', null);
    expect(preview.rows.map((row) => [row.code, row.status])).toEqual([['M54.50', 'add'], ['S13.4XXA', 'add'], ['99213', 'error'], ['U07.1', 'error']]);
    expect(importCodesArgs.safeParse({ diagnoses: preview.importable }).success).toBe(true);
  });

  it('says which rows add a code, change a description or change nothing', () => {
    const existing = new Map<string, string | null>([['97110', 'Therapeutic exercise'], ['97140', null]]);
    const preview = previewCodeImport('97110,Therapeutic exercise\n97140,Manual therapy\n97530,Therapeutic activities', 'procedure', existing);
    expect(preview.rows.map((row) => row.status)).toEqual(['unchanged', 'update', 'add']);
    expect(preview.importable.map((row) => row.code)).toEqual(['97140', '97530']);
  });

  it('stops at the channel limit and says so for the rest', () => {
    const codes = Array.from({ length: MAX_IMPORT_ROWS + 2 }, (_, index) => `A${String(index % 10_000).padStart(4, '0')}`);
    const preview = previewCodeImport(codes.join('\n'), 'procedure', null);
    expect(preview.importable).toHaveLength(MAX_IMPORT_ROWS);
    expect(preview.errorCount).toBe(2);
    expect(preview.rows.at(-1)?.problem).toContain('split the file');
  });

  it('strips a byte-order mark before the header', () => {
    expect(previewCodeImport('\uFEFFcode,description\n97110,x', 'procedure', null).headerSkipped).toBe(true);
  });
});

describe('normalizeDiagnosisCode', () => {
  it('normalizes only what looks like a dotless ICD-10-CM code', () => {
    expect(normalizeDiagnosisCode(' s134xxa ')).toBe('S13.4XXA');
    expect(normalizeDiagnosisCode('M54')).toBe('M54');
    expect(normalizeDiagnosisCode('99213')).toBe('99213');
  });
});
