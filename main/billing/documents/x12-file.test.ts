import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { X12Parser } from 'node-x12';
import { describe, expect, it } from 'vitest';
import { adjudicationOf } from '../../../shared/billing/coordination';
import { withoutCredentials } from '../../../shared/billing/x12/claim-837p';
import { parseInterchange, validate837P } from '../../../shared/billing/x12/x12-validate';
import {
  autoAccidentClaim, claim, facility, invoice, multiDiagnosisClaim, primaryEntriesByLine, secondaryInvoice, selfPolicy, spouseClaim, spousePolicy, supplementPolicy,
} from '../../../test/support/billing-documents';
import { write837P, type InterchangeEnvelope } from './x12-file';

const GOLDEN_DIR = join(import.meta.dirname, '../../../test/fixtures/billing');
const submission = {
  batchReference: 'B20261128-01',
  submitter: { name: 'Riverside Spine & Injury', id: '234567890', contactName: 'Billing Office', phone: '(215) 555-0100' },
  receiver: { name: 'Availity', id: '030240928' },
};
const envelope: InterchangeEnvelope = { senderId: '234567890', receiverId: '030240928', controlNumber: 4211, date: '2026-11-28', time: '14:05', usage: 'T' };

/**
 * Replaces what changes between runs — interchange date and time, and the control numbers injected
 * into ISA/IEA, GS/GE, ST/SE and BHT — with fixed tokens, so a golden file compares byte for byte.
 */
function normalize(text: string): string {
  const { segments, elementSeparator, segmentTerminator } = parseInterchange(text);
  const out = segments.map((segment) => {
    const elements = [...segment.elements];
    const set = (index: number, value: string) => {
      if (elements[index] !== undefined) elements[index] = value;
    };
    if (segment.tag === 'ISA') {
      set(9, 'YYMMDD');
      set(10, 'HHMM');
      set(13, 'ISACONTROL');
    }
    if (segment.tag === 'IEA') set(2, 'ISACONTROL');
    if (segment.tag === 'GS') {
      set(4, 'CCYYMMDD');
      set(5, 'HHMM');
      set(6, 'GSCONTROL');
    }
    if (segment.tag === 'GE') set(2, 'GSCONTROL');
    if (segment.tag === 'ST' || segment.tag === 'SE') set(2, 'STCONTROL');
    if (segment.tag === 'BHT') {
      set(4, 'CCYYMMDD');
      set(5, 'HHMM');
    }
    return elements.join(elementSeparator);
  });
  return `${out.join(`${segmentTerminator}\n`)}${segmentTerminator}\n`;
}

function expectGolden(name: string, text: string): void {
  const path = join(GOLDEN_DIR, name);
  const normalized = normalize(text);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`Golden file ${name} is missing; run with UPDATE_GOLDEN=1 and review it`);
    writeFileSync(path, normalized);
  }
  expect(normalized).toBe(readFileSync(path, 'utf8'));
}

function tags(text: string): string[] {
  return parseInterchange(text).segments.map((segment) => segment.elements.slice(0, 2).join('*'));
}

function segmentsOf(text: string, tag: string) {
  return parseInterchange(text).segments.filter((segment) => segment.tag === tag);
}

describe('837P claim files', () => {
  it('subscriber is not the patient: a 2000C patient level with PAT and the patient under 2010CA', () => {
    const file = write837P([spouseClaim()], submission, envelope, { lineBreaks: true });
    expectGolden('837p-subscriber-not-patient.x12', file.text);
    expect(file.report.errors).toEqual([]);
    const hl = segmentsOf(file.text, 'HL').map((segment) => segment.elements.slice(1));
    expect(hl).toEqual([['1', '', '20', '1'], ['2', '1', '22', '1'], ['3', '2', '23', '0']]);
    expect(tags(file.text)).toContain('PAT*01');
    const subscriber = segmentsOf(file.text, 'NM1').find((segment) => segment.elements[1] === 'IL');
    expect(subscriber?.elements.slice(3, 5)).toEqual(['HERNANDEZ', 'CARLOS']);
    const patientName = segmentsOf(file.text, 'NM1').find((segment) => segment.elements[1] === 'QC');
    expect(patientName?.elements.slice(3, 5)).toEqual(['HERNANDEZ', 'LUCIA']);
    // SBR02 is empty when the subscriber is someone else.
    expect(segmentsOf(file.text, 'SBR')[0]?.elements.slice(1, 4)).toEqual(['P', '', '00417']);
  });

  it('several diagnoses and modifiers: HI lists each once, SV1 carries modifiers and pointers', () => {
    const file = write837P([multiDiagnosisClaim()], submission, envelope, { lineBreaks: true });
    expectGolden('837p-diagnoses-modifiers.x12', file.text);
    expect(file.report.errors).toEqual([]);
    expect(segmentsOf(file.text, 'HI')[0]?.elements.slice(1)).toEqual(['ABK:M5416', 'ABF:M5126', 'ABF:G8929', 'ABF:M48061']);
    const lines = segmentsOf(file.text, 'SV1').map((segment) => [segment.elements[1], segment.elements[2], segment.elements[4], segment.elements[7]]);
    expect(lines).toEqual([['HC:99214:25', '180', '1', '1:2:3'], ['HC:64483:RT:59', '950.5', '1', '2:1'], ['HC:77003:26', '150', '2', '4']]);
    expect(segmentsOf(file.text, 'CLM')[0]?.elements[2]).toBe('1280.5');
    // The third line's rendering physician differs from the claim's: a 2420A NM1*82 follows its DTP.
    const rendering = segmentsOf(file.text, 'NM1').filter((segment) => segment.elements[1] === '82').map((segment) => segment.elements[9]);
    expect(rendering).toEqual(['1234567893', '1245319599']);
  });

  it('personal-injury auto claim: CLM11 AA with the accident state and DTP*439 accident date', () => {
    const file = write837P([autoAccidentClaim()], submission, envelope, { lineBreaks: true });
    expectGolden('837p-pi-auto-accident.x12', file.text);
    expect(file.report.errors).toEqual([]);
    const clm = segmentsOf(file.text, 'CLM')[0];
    expect(clm?.elements[11]).toBe('AA:::NJ');
    expect(clm?.elements[5]).toBe('11:B:1');
    expect(tags(file.text)).toContain('DTP*439');
    expect(segmentsOf(file.text, 'DTP').find((segment) => segment.elements[1] === '439')?.elements[3]).toBe('20260928');
    expect(segmentsOf(file.text, 'SBR')[0]?.elements[9]).toBe('AM');
  });

  it('services at an ambulatory surgical center: CLM05-1 is the facility\'s place of service, not 11', () => {
    const surgeryCenter = { ...facility, id: '01930000-0000-7000-8000-000000000002', name: 'Riverside Surgery Center', placeOfService: '24' };
    const file = write837P([claim({ claimId: '01930000-0000-7000-8000-0000000002a6', controlNumber: '000004216', billingFacility: surgeryCenter,
      invoice: invoice({ facility: surgeryCenter }) })], submission, envelope, { lineBreaks: true });
    expectGolden('837p-ambulatory-surgical-center.x12', file.text);
    expect(file.report.errors).toEqual([]);
    expect(segmentsOf(file.text, 'CLM')[0]?.elements[5]).toBe('24:B:1');
  });

  it('another policy on file: 2320 other subscriber with OI, then 2330A and 2330B, after the referring and rendering providers', () => {
    const file = write837P([claim({ claimId: '01930000-0000-7000-8000-0000000002a5', controlNumber: '000004215', otherPolicy: { ...spousePolicy, priority: 2 } })],
      submission, envelope, { lineBreaks: true });
    expectGolden('837p-other-payer.x12', file.text);
    expect(file.report.errors).toEqual([]);
    expect(segmentsOf(file.text, 'SBR').map((segment) => segment.elements.slice(1, 4))).toEqual([['P', '18', 'GRP-88121'], ['S', '01', '00417']]);
    expect(segmentsOf(file.text, 'SBR')[1]?.elements[9]).toBe('BL');
    const all = tags(file.text);
    const from = all.indexOf('HI*ABK:M5450');
    expect(all.slice(from, from + 8)).toEqual(['HI*ABK:M5450', 'NM1*DN', 'NM1*82', 'SBR*S', 'OI*', 'NM1*IL', 'NM1*PR', 'LX*1']);
    const otherSubscriber = segmentsOf(file.text, 'NM1').filter((segment) => segment.elements[1] === 'IL')[1];
    expect(otherSubscriber?.elements.slice(3, 10)).toEqual(['HERNANDEZ', 'CARLOS', 'J', '', '', 'MI', 'XYZ998877665']);
  });

  it('names the referring doctor in 2310A without credentials, with the NPI when known', () => {
    const referred = write837P([claim()], submission, envelope).text;
    expect(segmentsOf(referred, 'NM1').find((segment) => segment.elements[1] === 'DN')?.elements.slice(1)).toEqual(['DN', '1', 'KIM', 'DANIEL', '', '', '', 'XX', '1588667638']);
    const noNpi = write837P([claim({ referringProvider: { name: 'Ortiz, Ana, D.O.', npi: null } })], submission, envelope).text;
    expect(segmentsOf(noNpi, 'NM1').find((segment) => segment.elements[1] === 'DN')?.elements.slice(1)).toEqual(['DN', '1', 'ORTIZ', 'ANA']);
    const notReferred = write837P([claim({ referringProvider: null })], submission, envelope).text;
    expect(tags(notReferred)).not.toContain('NM1*DN');
    expect(['Daniel Kim MD', 'Lee, Ann, D.O.', 'Sara Patel PA-C', 'Minh Do', 'Omar Haddad PhD, DPT'].map(withoutCredentials))
      .toEqual(['Daniel Kim', 'Lee, Ann', 'Sara Patel', 'Minh Do', 'Omar Haddad']);
  });

  it('counts segments in SE, matches every control number, and is read back by node-x12', () => {
    const file = write837P([spouseClaim(), multiDiagnosisClaim(), autoAccidentClaim()], submission, { ...envelope, controlNumber: 987_654_321 });
    const { segments } = parseInterchange(file.text);
    const st = segments.findIndex((segment) => segment.tag === 'ST');
    const se = segments.findIndex((segment) => segment.tag === 'SE');
    expect(Number(segments[se]?.elements[1])).toBe(se - st + 1);
    expect(file.report.transactionSegmentCounts).toEqual([se - st + 1]);
    expect(file.report.claimCount).toBe(3);
    expect(segments[0]?.elements[13]).toBe('987654321');
    expect(segments.at(-1)?.elements).toEqual(['IEA', '1', '987654321']);
    expect(segments[st]?.elements[2]).toBe(segments[se]?.elements[2]);
    const parsed = new X12Parser(true).parse(file.text);
    if (!('functionalGroups' in parsed)) throw new Error('node-x12 did not read an interchange');
    const transaction = parsed.functionalGroups[0]?.transactions[0];
    expect(transaction?.segments.filter((segment) => segment.tag === 'CLM')).toHaveLength(3);
    expect(transaction?.trailer.valueOf(1)).toBe(String(se - st + 1));
    // Every claim sits under one billing provider; HL ids run 1..n without gaps (the spouse claim adds a 2000C).
    expect(segments.filter((segment) => segment.tag === 'HL').map((segment) => Number(segment.elements[1]))).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses to hand out a file the validator finds broken', () => {
    const noNpi = claim({ clinic: { ...claim().clinic, npi: null } });
    expect(() => write837P([noNpi], submission, envelope)).toThrow(/billing provider NPI/);
  });
});

/** Aetna (primary) paid line by line; the claim goes to the spouse's Blue Cross plan as secondary. */
function secondaryClaim() {
  const lines = secondaryInvoice().lines;
  return claim({
    claimId: '01930000-0000-7000-8000-0000000002a7', controlNumber: '000004217', policy: { ...spousePolicy, priority: 2 }, otherPolicy: selfPolicy,
    invoice: secondaryInvoice(), otherPayers: [{ policy: selfPolicy, adjudication: adjudicationOf(lines, primaryEntriesByLine, '2026-10-28') }],
  });
}

/** Each service line's SV102 charge, and per 2430 (SVD) its paid amount and CAS amounts, in cents. */
function lineAdjudications(text: string) {
  const out: { charge: number; paid: number; adjusted: number; payer: string }[] = [];
  let charge = 0;
  for (const segment of parseInterchange(text).segments) {
    if (segment.tag === 'SV1') charge = Math.round(Number(segment.elements[2]) * 100);
    if (segment.tag === 'SVD') out.push({ charge, paid: Math.round(Number(segment.elements[2]) * 100), adjusted: 0, payer: segment.elements[1] ?? '' });
    if (segment.tag === 'CAS' && out.length > 0 && parseInterchange(text).segments.some((other) => other.tag === 'SVD' && other.position < segment.position)) {
      const current = out[out.length - 1] as (typeof out)[number];
      for (let index = 3; index < segment.elements.length; index += 3) current.adjusted += Math.round(Number(segment.elements[index]) * 100);
    }
  }
  return out;
}

describe('837P secondary and tertiary claims (coordination of benefits)', () => {
  it('a secondary claim carries the primary\'s payment and adjustments: 2320 AMT*D and AMT*EAF, and per line 2430 SVD, CAS and DTP*573', () => {
    const file = write837P([secondaryClaim()], submission, envelope, { lineBreaks: true });
    expectGolden('837p-secondary-claim.x12', file.text);
    expect(file.report.errors).toEqual([]);
    const { segments } = parseInterchange(file.text);
    const st = segments.findIndex((segment) => segment.tag === 'ST');
    const se = segments.findIndex((segment) => segment.tag === 'SE');
    expect(Number(segments[se]?.elements[1])).toBe(se - st + 1);
    expect(file.report.transactionSegmentCounts).toEqual([se - st + 1]);
    // 2000B is the secondary payer; 2320 names the primary as the other payer, with the patient as its subscriber.
    expect(segmentsOf(file.text, 'SBR').map((segment) => segment.elements.slice(1, 3))).toEqual([['S', ''], ['P', '18']]);
    expect(segmentsOf(file.text, 'AMT').map((segment) => segment.elements.slice(1))).toEqual([['D', '881.5'], ['EAF', '255.75']]);
    const all = tags(file.text);
    const from = all.indexOf('SBR*P');
    expect(all.slice(from, from + 6)).toEqual(['SBR*P', 'AMT*D', 'AMT*EAF', 'OI*', 'NM1*IL', 'NM1*PR']);
    expect(segmentsOf(file.text, 'SVD').map((segment) => segment.elements.slice(1))).toEqual([['60054', '150', 'HC:99204', '', '1'], ['60054', '731.5', 'HC:72148', '', '1']]);
    expect(segmentsOf(file.text, 'CAS').map((segment) => segment.elements.slice(1))).toEqual([
      ['CO', '45', '50'], ['PR', '2', '50'],
      ['CO', '45', '262.75'], ['PR', '1', '100', '', '2', '105.75'],
    ]);
    expect(segmentsOf(file.text, 'DTP').filter((segment) => segment.elements[1] === '573').map((segment) => segment.elements[3])).toEqual(['20261028', '20261028']);
    // The balancing rule, read off the file itself: every line's charge is its paid amount plus its CAS amounts.
    const adjudicated = lineAdjudications(file.text);
    expect(adjudicated).toHaveLength(2);
    for (const entry of adjudicated) expect(entry.paid + entry.adjusted).toBe(entry.charge);
    expect(adjudicated.reduce((total, entry) => total + entry.paid, 0)).toBe(88_150);
    const parsed = new X12Parser(true).parse(file.text);
    if (!('functionalGroups' in parsed)) throw new Error('node-x12 did not read an interchange');
    expect(parsed.functionalGroups[0]?.transactions[0]?.segments.filter((segment) => segment.tag === 'SVD')).toHaveLength(2);
  });

  it('a tertiary claim with claim-level postings: a 2320 per earlier payer with CAS and AMT*D, DTP*573 in 2330B, no 2430', () => {
    const lines = secondaryInvoice().lines;
    const primary = adjudicationOf(lines, {
      payments: [{ payerType: 'insurance', payerName: 'Aetna', invoiceLineId: null, amountCents: 88_150, date: '2026-10-30' }],
      adjustments: [{ reasonCode: 'CO-45', invoiceLineId: null, amountCents: 31_275, date: '2026-10-30' }],
    }, '2026-10-28');
    const secondary = adjudicationOf(lines, {
      payments: [{ payerType: 'insurance', payerName: null, invoiceLineId: null, amountCents: 20_000, date: '2026-11-12' }],
      adjustments: [{ reasonCode: 'OA-23', invoiceLineId: null, amountCents: 88_150 + 31_275, date: '2026-11-12' }],
    }, '2026-11-10');
    const tertiary = claim({
      claimId: '01930000-0000-7000-8000-0000000002a8', controlNumber: '000004218', policy: supplementPolicy, otherPolicy: selfPolicy, invoice: secondaryInvoice(),
      otherPayers: [{ policy: selfPolicy, adjudication: primary }, { policy: { ...spousePolicy, priority: 2 }, adjudication: secondary }],
    });
    const file = write837P([tertiary], submission, envelope, { lineBreaks: true });
    expect(file.report.errors).toEqual([]);
    expect(segmentsOf(file.text, 'SBR').map((segment) => segment.elements[1])).toEqual(['T', 'P', 'S']);
    expect(segmentsOf(file.text, 'AMT').map((segment) => segment.elements.slice(1))).toEqual([['D', '881.5'], ['EAF', '255.75'], ['D', '200'], ['EAF', '55.75']]);
    expect(segmentsOf(file.text, 'CAS').map((segment) => segment.elements.slice(1))).toEqual([['CO', '45', '312.75'], ['PR', '2', '255.75'], ['OA', '23', '1194.25'], ['PR', '2', '55.75']]);
    expect(tags(file.text)).not.toContain('SVD*60054');
    const payers = segmentsOf(file.text, 'NM1').filter((segment) => segment.elements[1] === 'PR').map((segment) => segment.elements[9]);
    expect(payers).toEqual(['MOO01', '60054', '54704']);
    expect(segmentsOf(file.text, 'DTP').filter((segment) => segment.elements[1] === '573').map((segment) => segment.elements[3])).toEqual(['20261028', '20261110']);
    // Claim-level balancing per earlier payer: CLM02 = AMT*D + its CAS amounts.
    for (const adjudication of [primary, secondary]) {
      expect(adjudication.paidCents + adjudication.claimAdjustments.reduce((total, adjustment) => total + adjustment.amountCents, 0)).toBe(145_000);
    }
  });

  it('the validator refuses an unbalanced line, an AMT*D that is not the lines\' sum, and an SVD for an unknown payer', () => {
    const valid = write837P([secondaryClaim()], submission, envelope).text;
    const cases: [string, (text: string) => string, RegExp][] = [
      ['unbalanced line', (text) => text.replace('SVD*60054*150*', 'SVD*60054*140*'), /line charge 250 is not SVD02 140/],
      ['AMT*D', (text) => text.replace('AMT*D*881.5~', 'AMT*D*880~'), /AMT\*D 880 is not the sum/],
      ['unknown payer', (text) => text.replace('SVD*60054*150*', 'SVD*99999*150*'), /SVD01 99999 names no other payer/],
      ['claim-level CAS that unbalances the claim', (text) => text.replace('AMT*D*881.5~', 'CAS*CO*45*10~AMT*D*881.5~'), /not that payer's AMT\*D plus its CAS/],
    ];
    for (const [name, corrupt, message] of cases) {
      const broken = corrupt(valid);
      expect(broken, name).not.toBe(valid);
      expect(validate837P(broken).errors.map((problem) => problem.message).join('\n'), name).toMatch(message);
    }
  });
});

describe('the 837P validator', () => {
  const valid = write837P([autoAccidentClaim()], submission, envelope).text;

  it('accepts a valid file, with a warning for a five-digit billing ZIP code only', () => {
    const fiveDigit = write837P([claim({ billingFacility: { ...claim().billingFacility, postalCode: '19102' } })], submission, envelope).text;
    const report = validate837P(fiveDigit);
    expect(report.errors).toEqual([]);
    expect(report.warnings.map((warning) => warning.message)).toEqual([expect.stringMatching(/nine digits/)]);
    expect(validate837P(valid).warnings).toEqual([]);
  });

  it.each([
    ['a wrong SE count', (text: string) => text.replace(/SE\*(\d+)\*/, (_match, count: string) => `SE*${Number(count) + 1}*`), /SE01 says/],
    ['mismatched ST/SE control numbers', (text: string) => text.replace(/SE\*(\d+)\*\d+~/, 'SE*$1*9999~'), /SE02 .* does not match ST02/],
    ['mismatched ISA/IEA control numbers', (text: string) => text.replace(/IEA\*1\*\d+~/, 'IEA*1*000000002~'), /IEA02 .* does not match ISA13/],
    ['mismatched GS/GE control numbers', (text: string) => text.replace(/GE\*1\*\d+~/, 'GE*1*77~'), /GE02 .* does not match GS06/],
    ['a missing accident date', (text: string) => text.replace(/DTP\*439\*D8\*\d+~/, ''), /DTP\*439/],
    ['a claim total that is not the sum of its lines', (text: string) => text.replace(/CLM\*([^*]+)\*1310\*/, 'CLM*$1*1311*'), /CLM02 .* not the sum/],
    ['an empty required element', (text: string) => text.replace(/NM1\*PR\*2\*[^*]+\*/, 'NM1*PR*2**'), /NM1 PR element 03 is required/],
    ['a missing service date', (text: string) => text.replace(/DTP\*472\*D8\*\d+~/, ''), /DTP\*472/],
  ])('finds %s', (_name, corrupt, message) => {
    const broken = corrupt(valid);
    expect(broken).not.toBe(valid);
    const report = validate837P(broken);
    expect(report.errors.map((problem) => problem.message).join('\n')).toMatch(message);
  });
});
