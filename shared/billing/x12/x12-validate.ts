import { IMPLEMENTATION_GUIDE } from './claim-837p';

/**
 * Our own structural check of an 837P interchange, run on every file before it leaves main and in
 * the tests: the envelope's counts and control numbers, hierarchical levels, claim totals and the
 * elements a clearinghouse rejects a file for when they are missing. It reads the delimiters from
 * the ISA segment itself, so it checks exactly the bytes that are written. On secondary and tertiary
 * claims it checks the coordination-of-benefits balancing payers require: each 2430 line's charge is
 * SVD02 plus its CAS amounts, AMT*D is the sum of that payer's SVD02, and CLM02 is AMT*D plus every CAS
 * of that payer.
 *
 * Errors make a file unusable; warnings are accepted by some payers and refused by others (a
 * five-digit billing-provider ZIP code, for one).
 */

export interface X12Problem {
  /** 1-based position of the segment in the interchange (0 for the file as a whole). */
  readonly segment: number;
  readonly message: string;
}

export interface X12ValidationReport {
  readonly errors: readonly X12Problem[];
  readonly warnings: readonly X12Problem[];
  readonly claimCount: number;
  /** Segment count between ST and SE inclusive, per transaction. */
  readonly transactionSegmentCounts: readonly number[];
}

export interface ParsedSegment {
  readonly position: number;
  readonly tag: string;
  /** elements[1] is the first element after the tag; elements[0] is the tag. */
  readonly elements: readonly string[];
}

export interface ParsedInterchange {
  readonly elementSeparator: string;
  readonly componentSeparator: string;
  readonly segmentTerminator: string;
  readonly segments: readonly ParsedSegment[];
}

/** Splits an interchange into segments using the delimiters its ISA declares. */
export function parseInterchange(text: string): ParsedInterchange {
  if (!text.startsWith('ISA') || text.length < 106) throw new Error('Not an X12 interchange: it must start with a 106-character ISA segment');
  const elementSeparator = text.charAt(3);
  const componentSeparator = text.charAt(104);
  const segmentTerminator = text.charAt(105);
  const segments = text
    .split(segmentTerminator)
    .map((raw) => raw.replace(/^[\r\n]+/, ''))
    .filter((raw) => raw.length > 0)
    .map((raw, index) => {
      const elements = raw.split(elementSeparator);
      return { position: index + 1, tag: elements[0] ?? '', elements };
    });
  return { elementSeparator, componentSeparator, segmentTerminator, segments };
}

const CAS_GROUPS_READ: readonly string[] = ['CO', 'PR', 'OA', 'PI', 'CR'];

const ISA_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1];

function element(segment: ParsedSegment, index: number): string {
  return segment.elements[index] ?? '';
}

/** Elements that must be non-empty, per segment (by tag and qualifier where the tag repeats). */
const REQUIRED: Record<string, number[]> = {
  BHT: [1, 2, 3, 4, 5, 6],
  'NM1*41': [1, 2, 3, 8, 9],
  'NM1*40': [1, 2, 3, 8, 9],
  'NM1*85': [1, 2, 3, 8, 9],
  'NM1*IL': [1, 2, 3, 8, 9],
  'NM1*PR': [1, 2, 3, 8, 9],
  'NM1*QC': [1, 2, 3],
  'NM1*82': [1, 2, 3, 8, 9],
  PER: [1, 2, 3, 4],
  N3: [1],
  N4: [1, 2, 3],
  'REF*EI': [1, 2],
  HL: [1, 3, 4],
  SBR: [1, 9],
  DMG: [1, 2, 3],
  PAT: [1],
  CLM: [1, 2, 5, 6, 7, 8, 9],
  HI: [1],
  LX: [1],
  SV1: [1, 2, 3, 4, 7],
  'DTP*472': [1, 2, 3],
  'DTP*439': [1, 2, 3],
  'DTP*573': [1, 2, 3],
  'AMT*D': [1, 2],
  'AMT*EAF': [1, 2],
  CAS: [1, 2, 3],
  SVD: [1, 2, 3, 5],
  OI: [3, 4, 6],
};

function requiredKey(segment: ParsedSegment): string | null {
  const qualified = `${segment.tag}*${element(segment, 1)}`;
  if (REQUIRED[qualified]) return qualified;
  if (segment.tag === 'NM1' || segment.tag === 'REF' || segment.tag === 'DTP' || segment.tag === 'AMT') return null;
  return REQUIRED[segment.tag] ? segment.tag : null;
}

function cents(amount: string): number {
  return Math.round(Number(amount) * 100);
}

/** An earlier payer's 2320/2330B loop as read, for the coordination-of-benefits balancing checks. */
interface OtherPayerState {
  readonly sbr: ParsedSegment;
  payerId: string;
  /** AMT*D, or null when the loop carries no adjudication. */
  paid: number | null;
  claimAdjustments: number;
  lineAdjustments: number;
  linePaid: number;
  hasLines: boolean;
}

/** One 2430 line adjudication as read. */
interface SvdState {
  readonly segment: ParsedSegment;
  readonly charge: number;
  readonly paid: number;
  adjustments: number;
  payer: OtherPayerState | null;
}

/** CAS02–CAS19: reason, amount, quantity triplets; the sum of the amounts. */
function casTotal(segment: ParsedSegment): number {
  let total = 0;
  for (let index = 3; index < segment.elements.length; index += 3) total += cents(element(segment, index) || '0');
  return total;
}

/** Validates an 837P interchange (one or more groups and transactions). */
export function validate837P(text: string): X12ValidationReport {
  const errors: X12Problem[] = [];
  const warnings: X12Problem[] = [];
  const error = (segment: number, message: string) => errors.push({ segment, message });
  let parsed: ParsedInterchange;
  try {
    parsed = parseInterchange(text);
  } catch (problem) {
    return { errors: [{ segment: 0, message: problem instanceof Error ? problem.message : 'Unreadable' }], warnings, claimCount: 0, transactionSegmentCounts: [] };
  }
  const { segments, componentSeparator } = parsed;
  const isa = segments[0] as ParsedSegment;
  if (isa.elements.length !== 17) error(1, `ISA has ${isa.elements.length - 1} elements, not 16`);
  ISA_WIDTHS.forEach((width, index) => {
    if (element(isa, index + 1).length !== width) error(1, `ISA${String(index + 1).padStart(2, '0')} must be ${width} characters wide`);
  });
  if (!/^\d{9}$/.test(element(isa, 13))) error(1, 'ISA13 interchange control number must be nine digits');
  if (element(isa, 12) !== '00501') error(1, 'ISA12 must be 00501');

  const last = segments[segments.length - 1] as ParsedSegment;
  if (last.tag !== 'IEA') error(last.position, 'The interchange must end with IEA');
  else if (element(last, 2) !== element(isa, 13)) error(last.position, `IEA02 ${element(last, 2)} does not match ISA13 ${element(isa, 13)}`);

  let groupCount = 0;
  let claimCount = 0;
  const transactionSegmentCounts: number[] = [];
  let group: { start: ParsedSegment; transactions: number } | null = null;
  let transaction: {
    start: ParsedSegment; count: number; hl: Map<string, string>; lastHl: number; claimTotal: number | null; lineTotal: number; claim: ParsedSegment | null;
    dtp439: boolean; lxOpen: ParsedSegment | null; lxHasDate: boolean; lineCharge: number; otherPayers: OtherPayerState[]; svd: SvdState | null;
  } | null = null;
  let hasBillingProvider = false;

  const closeSvd = () => {
    const svd = transaction?.svd;
    if (!transaction || !svd) return;
    if (svd.charge !== svd.paid + svd.adjustments) {
      error(svd.segment.position, `The line charge ${svd.charge / 100} is not SVD02 ${svd.paid / 100} plus its CAS amounts ${svd.adjustments / 100}`);
    }
    if (svd.payer) svd.payer.lineAdjustments += svd.adjustments;
    transaction.svd = null;
  };
  const closeClaim = () => {
    if (!transaction?.claim) return;
    closeSvd();
    const claim = transaction.claim;
    for (const payer of transaction.otherPayers) {
      if (payer.paid === null) {
        if (payer.hasLines) error(payer.sbr.position, 'A 2430 line adjudication needs its payer\'s AMT*D paid amount in 2320');
        continue;
      }
      if (payer.hasLines && payer.paid !== payer.linePaid) error(payer.sbr.position, `AMT*D ${payer.paid / 100} is not the sum of that payer's SVD02 line payments (${payer.linePaid / 100})`);
      const explained = payer.paid + payer.claimAdjustments + payer.lineAdjustments;
      if (transaction.claimTotal !== null && explained !== transaction.claimTotal) {
        error(payer.sbr.position, `CLM02 ${element(claim, 2)} is not that payer's AMT*D plus its CAS amounts (${explained / 100})`);
      }
    }
    transaction.otherPayers = [];
    if (transaction.claimTotal !== null && transaction.claimTotal !== transaction.lineTotal) {
      error(claim.position, `CLM02 ${element(claim, 2)} is not the sum of its SV102 line charges (${transaction.lineTotal / 100})`);
    }
    const causes = element(claim, 11).split(componentSeparator);
    if ((causes[0] === 'AA' || causes[0] === 'OA') && !transaction.dtp439) error(claim.position, 'A claim with related causes AA or OA needs DTP*439 (accident date)');
    if (causes[0] === 'AA' && !/^[A-Z]{2}$/.test(causes[3] ?? '')) error(claim.position, 'An auto accident (CLM11 AA) needs the accident state in CLM11-4');
    if (transaction.lineTotal === 0 && transaction.claimTotal !== 0) error(claim.position, 'A claim needs at least one service line (LX/SV1)');
    transaction.claim = null;
  };
  const closeLine = () => {
    closeSvd();
    if (transaction?.lxOpen && !transaction.lxHasDate) error(transaction.lxOpen.position, 'A service line needs DTP*472 (service date)');
    if (transaction) transaction.lxOpen = null;
  };

  for (const segment of segments.slice(1, -1)) {
    if (transaction) transaction.count += 1;
    const key = requiredKey(segment);
    if (key) {
      for (const index of REQUIRED[key] ?? []) {
        if (!element(segment, index)) error(segment.position, `${key.replace('*', ' ')} element ${String(index).padStart(2, '0')} is required`);
      }
    }
    switch (segment.tag) {
      case 'GS':
        groupCount += 1;
        group = { start: segment, transactions: 0 };
        if (element(segment, 8) !== IMPLEMENTATION_GUIDE) error(segment.position, `GS08 must be ${IMPLEMENTATION_GUIDE}`);
        if (element(segment, 1) !== 'HC') error(segment.position, 'GS01 must be HC (health care claim)');
        break;
      case 'GE':
        if (!group) error(segment.position, 'GE without GS');
        else {
          if (element(segment, 2) !== element(group.start, 6)) error(segment.position, `GE02 ${element(segment, 2)} does not match GS06 ${element(group.start, 6)}`);
          if (Number(element(segment, 1)) !== group.transactions) error(segment.position, `GE01 says ${element(segment, 1)} transactions, the group has ${group.transactions}`);
        }
        group = null;
        break;
      case 'ST':
        if (group) group.transactions += 1;
        transaction = {
          start: segment, count: 1, hl: new Map(), lastHl: 0, claimTotal: null, lineTotal: 0, claim: null, dtp439: false, lxOpen: null, lxHasDate: false,
          lineCharge: 0, otherPayers: [], svd: null,
        };
        hasBillingProvider = false;
        if (element(segment, 1) !== '837') error(segment.position, 'ST01 must be 837');
        if (element(segment, 3) !== IMPLEMENTATION_GUIDE) error(segment.position, `ST03 must be ${IMPLEMENTATION_GUIDE}`);
        break;
      case 'SE':
        if (!transaction) {
          error(segment.position, 'SE without ST');
          break;
        }
        closeLine();
        closeClaim();
        transactionSegmentCounts.push(transaction.count);
        if (Number(element(segment, 1)) !== transaction.count) error(segment.position, `SE01 says ${element(segment, 1)} segments, the transaction has ${transaction.count}`);
        if (element(segment, 2) !== element(transaction.start, 2)) error(segment.position, `SE02 ${element(segment, 2)} does not match ST02 ${element(transaction.start, 2)}`);
        if (!hasBillingProvider) error(segment.position, 'The transaction has no billing provider (NM1*85)');
        transaction = null;
        break;
      case 'HL': {
        if (!transaction) break;
        closeLine();
        closeClaim();
        const id = Number(element(segment, 1));
        if (id !== transaction.lastHl + 1) error(segment.position, `HL01 ${element(segment, 1)} is out of sequence`);
        transaction.lastHl = id;
        const level = element(segment, 3);
        const parent = element(segment, 2);
        const expectedParent = level === '22' ? '20' : level === '23' ? '22' : null;
        if (level === '20' && parent) error(segment.position, 'A billing provider HL has no parent');
        if (expectedParent && transaction.hl.get(parent) !== expectedParent) error(segment.position, `HL ${id} (level ${level}) must point at a level ${expectedParent} parent`);
        transaction.hl.set(element(segment, 1), level);
        break;
      }
      case 'SBR':
        // Inside a claim, SBR opens a 2320 other-subscriber loop (before the first service line).
        if (transaction?.claim && !transaction.lxOpen) {
          transaction.otherPayers.push({ sbr: segment, payerId: '', paid: null, claimAdjustments: 0, lineAdjustments: 0, linePaid: 0, hasLines: false });
        }
        break;
      case 'AMT': {
        const payer = transaction?.otherPayers.at(-1);
        if (payer && !transaction?.lxOpen && element(segment, 1) === 'D') payer.paid = cents(element(segment, 2));
        break;
      }
      case 'CAS': {
        if (!transaction) break;
        if (!CAS_GROUPS_READ.includes(element(segment, 1))) error(segment.position, `CAS01 ${element(segment, 1)} is not a claim adjustment group code`);
        if (transaction.svd) transaction.svd.adjustments += casTotal(segment);
        else if (!transaction.lxOpen && transaction.otherPayers.at(-1)) (transaction.otherPayers.at(-1) as OtherPayerState).claimAdjustments += casTotal(segment);
        else error(segment.position, 'CAS outside a 2320 or 2430 loop');
        break;
      }
      case 'SVD': {
        if (!transaction?.lxOpen) {
          error(segment.position, 'SVD outside a service line');
          break;
        }
        closeSvd();
        const paid = cents(element(segment, 2));
        const payer = transaction.otherPayers.find((candidate) => candidate.payerId === element(segment, 1)) ?? null;
        if (!payer) error(segment.position, `SVD01 ${element(segment, 1)} names no other payer of the claim (2330B NM109)`);
        else {
          payer.hasLines = true;
          payer.linePaid += paid;
        }
        transaction.svd = { segment, charge: transaction.lineCharge, paid, adjustments: 0, payer };
        break;
      }
      case 'NM1':
        if (element(segment, 1) === 'PR' && transaction?.claim && !transaction.lxOpen) {
          const payer = transaction.otherPayers.at(-1);
          if (payer) payer.payerId = element(segment, 9);
        }
        if (element(segment, 1) === '85') {
          hasBillingProvider = true;
          if (!/^\d{10}$/.test(element(segment, 9))) error(segment.position, 'The billing provider NPI (NM109) must be ten digits');
        }
        if (element(segment, 1) === '82' && !/^\d{10}$/.test(element(segment, 9))) error(segment.position, 'The rendering provider NPI must be ten digits');
        break;
      case 'N4':
        if (segments[segment.position - 3]?.tag === 'NM1' && element(segments[segment.position - 3] as ParsedSegment, 1) === '85' && element(segment, 3).length !== 9) {
          warnings.push({ segment: segment.position, message: 'The billing provider ZIP code should have nine digits (ZIP+4); many payers refuse five' });
        }
        break;
      case 'CLM':
        if (!transaction) break;
        closeLine();
        closeClaim();
        claimCount += 1;
        transaction.claim = segment;
        transaction.claimTotal = cents(element(segment, 2));
        transaction.lineTotal = 0;
        transaction.otherPayers = [];
        transaction.dtp439 = false;
        if (element(segment, 5).split(componentSeparator).length !== 3) error(segment.position, 'CLM05 must be place of service, B and frequency code');
        break;
      case 'DTP':
        if (transaction && element(segment, 1) === '439') transaction.dtp439 = true;
        if (transaction && element(segment, 1) === '472') transaction.lxHasDate = true;
        break;
      case 'LX':
        if (!transaction) break;
        closeLine();
        transaction.lxOpen = segment;
        transaction.lxHasDate = false;
        break;
      case 'SV1':
        if (!transaction) break;
        if (!transaction.claim) error(segment.position, 'SV1 outside a claim');
        transaction.lineTotal += cents(element(segment, 2));
        transaction.lineCharge = cents(element(segment, 2));
        break;
      case 'HI':
        if (!element(segment, 1).startsWith(`ABK${componentSeparator}`)) error(segment.position, 'HI01 must be the principal diagnosis (ABK)');
        if (segment.elements.length - 1 > 12) error(segment.position, 'HI carries at most twelve diagnoses');
        break;
      default:
        break;
    }
  }
  if (transaction) error(last.position, 'ST without SE');
  if (group) error(last.position, 'GS without GE');
  if (last.tag === 'IEA' && Number(element(last, 1)) !== groupCount) error(last.position, `IEA01 says ${element(last, 1)} groups, the interchange has ${groupCount}`);
  if (claimCount === 0) error(0, 'The interchange carries no claim');
  return { errors, warnings, claimCount, transactionSegmentCounts };
}
