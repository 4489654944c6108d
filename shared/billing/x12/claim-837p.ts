import type { CasAdjustment } from '../coordination';
import type { ClaimDocument, DocumentFacility, DocumentLine, OtherPayer } from '../documents/document-model';
import { claimDiagnosisCode, diagnosisPointers } from '../documents/cms1500';

/**
 * The body of an ASC X12 837 Professional (005010X222A1) transaction: every segment between ST and
 * SE, written by us loop by loop. The envelope (ISA/GS/ST … SE/GE/IEA) is added by
 * `main/billing/documents/x12-file.ts` with node-x12, and `x12-validate.ts` checks the result.
 *
 * Loops: 1000A submitter, 1000B receiver, 2000A/2010AA billing provider, 2000B subscriber with
 * 2010BA subscriber and 2010BB payer, 2000C/2010CA patient (only when the patient is not the
 * subscriber), 2300 claim, 2310A referring provider (when the patient was referred), 2310B rendering
 * provider, 2320 other subscriber with 2330A/2330B (one per other policy of the patient), 2400 service
 * lines (2420A when a line's rendering provider differs from the claim's, 2430 per earlier payer that
 * adjudicated the claim line by line).
 *
 * Place of service (CLM05-1) is the service facility's (`facilities.place_of_service`, 11 when unset).
 * Limits: claim frequency 1 (original) or 7 (replacement). No 2310C:
 * claims are grouped under the facility where the services were given, so the billing provider's
 * address is the service location.
 *
 * Coordination of benefits: on a secondary or tertiary claim, each earlier payer's 2320 carries its
 * claim-level adjustments (CAS), what it paid (AMT*D) and what it left to the patient (AMT*EAF), and
 * its 2330B the adjudication date (DTP*573) when it answered for the claim as a whole; when every
 * entry it posted names a service line, each line carries a 2430 instead (SVD paid amount, CAS,
 * DTP*573). The amounts come from the ledger (`shared/billing/coordination.ts`) and balance: a line's
 * charge is its SVD02 plus its CAS amounts, and CLM02 is AMT*D plus every CAS of that payer.
 */

export const IMPLEMENTATION_GUIDE = '005010X222A1';

/** One segment: its tag, then its elements (composites already joined with the component separator). */
export type X12Segment = readonly [tag: string, ...elements: string[]];

export interface Submission837 {
  /** BHT03: the originator's reference for this batch. */
  readonly batchReference: string;
  /** BHT04/BHT05 in the submitter's local time: `YYYYMMDD` and `HHMM`. */
  readonly createdDate: string;
  readonly createdTime: string;
  /** 1000A: who sends (the clinic) and the id the clearinghouse gave it. */
  readonly submitter: { readonly name: string; readonly id: string; readonly contactName: string; readonly phone: string };
  /** 1000B: the clearinghouse or payer receiving the file. */
  readonly receiver: { readonly name: string; readonly id: string };
}

/** Delimiters the segments are written for; values are cleaned of all of them. */
export const COMPONENT_SEPARATOR = ':';
export const REPETITION_SEPARATOR = '^';
export const ELEMENT_SEPARATOR = '*';
export const SEGMENT_TERMINATOR = '~';

/**
 * An element value safe for X12: upper case, basic characters only, no delimiter, at most `max`
 * characters. Accented letters lose their accent (José → JOSE) rather than being dropped.
 */
export function x12Text(value: string | null | undefined, max = 60): string {
  if (!value) return '';
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9 !"&'()+,\-./;?=%@[\]_{}\\|<>#$]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}

/** Dollars with up to two decimals and no trailing zeros, as X12 decimals are written (15050 → 150.5). */
export function x12Amount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  const whole = Math.floor(absolute / 100);
  const fraction = absolute % 100;
  if (fraction === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
}

export function x12Date(date: string): string {
  return date.replaceAll('-', '');
}

function digits(value: string | null | undefined): string {
  return (value ?? '').replace(/[^0-9]/g, '');
}

function sexCode(sex: string): string {
  return sex === 'female' ? 'F' : sex === 'male' ? 'M' : 'U';
}

/** SBR09 claim filing indicator from the payer and the case type. */
export function claimFilingIndicator(claim: Pick<ClaimDocument, 'case' | 'policy'>): string {
  const payer = claim.policy.payerName.toLowerCase();
  if (claim.case?.caseType === 'workers_comp') return 'WC';
  if (claim.case?.caseType === 'pi_auto') return 'AM';
  if (payer.includes('medicare')) return 'MB';
  if (payer.includes('medicaid')) return 'MC';
  if (payer.includes('blue cross') || payer.includes('blue shield') || payer.includes('bcbs')) return 'BL';
  return 'CI';
}

/** PAT01 individual relationship code of the patient to the subscriber. */
export function patientRelationshipCode(relationship: string): string {
  return relationship === 'spouse' ? '01' : relationship === 'child' ? '19' : 'G8';
}

/** CLM11 related causes (AA auto accident with the state, EM employment, OA other accident), or ''. */
export function relatedCauses(claim: Pick<ClaimDocument, 'case'>): string {
  const kind = claim.case?.caseType;
  if (kind === 'pi_auto') return ['AA', '', '', x12Text(claim.case?.accidentState, 2)].join(COMPONENT_SEPARATOR);
  if (kind === 'workers_comp') return 'EM';
  if (kind === 'pi_other') return 'OA';
  return '';
}

/** SBR01 payer responsibility of a policy by its priority: primary, secondary, tertiary. */
export function payerResponsibility(priority: number): string {
  return priority === 1 ? 'P' : priority === 2 ? 'S' : 'T';
}

/** A name without trailing credentials ("Daniel Kim MD" → "Daniel Kim", "Lee, Ann, D.O." → "Lee, Ann"). */
export function withoutCredentials(name: string): string {
  // Case-sensitive: credentials are written in capitals, and "Minh Do" keeps the surname Do.
  const credential = /[\s,]+(M\.?D|D\.?O|D\.?C|D\.?P\.?M|N\.?P|P\.?A(-C)?|Ph\.?D|PHD|MBBS|DPT|PT|FACS|FAAOS|FAAPMR)\.?$/;
  let out = name.trim();
  while (credential.test(out)) out = out.replace(credential, '').trim();
  return out;
}

/** Splits "First Middle Last" or "Last, First Middle" into NM1 last / first / middle. */
export function personName(name: string): { last: string; first: string; middle: string } {
  const trimmed = name.trim();
  if (trimmed.includes(',')) {
    const [last = '', rest = ''] = trimmed.split(',', 2);
    const [first = '', middle = ''] = rest.trim().split(/\s+/);
    return { last: last.trim(), first, middle };
  }
  const parts = trimmed.split(/\s+/);
  if (parts.length === 1) return { last: parts[0] ?? '', first: '', middle: '' };
  return { last: parts[parts.length - 1] ?? '', first: parts[0] ?? '', middle: parts.length > 2 ? (parts[1] ?? '') : '' };
}

/** Drops trailing empty elements, as X12 requires. */
export function segment(tag: string, ...elements: string[]): X12Segment {
  let end = elements.length;
  while (end > 0 && elements[end - 1] === '') end -= 1;
  return [tag, ...elements.slice(0, end)];
}

function address(facility: Pick<DocumentFacility, 'addressLine1' | 'addressLine2' | 'city' | 'state' | 'postalCode'>): X12Segment[] {
  return [
    segment('N3', x12Text(facility.addressLine1, 55), x12Text(facility.addressLine2, 55)),
    segment('N4', x12Text(facility.city, 30), x12Text(facility.state, 2), digits(facility.postalCode)),
  ];
}

function personAddress(person: ClaimDocument['patient']): X12Segment[] {
  if (!person.addressLine1) return [];
  return [
    segment('N3', x12Text(person.addressLine1, 55), x12Text(person.addressLine2, 55)),
    segment('N4', x12Text(person.city, 30), x12Text(person.state, 2), digits(person.postalCode)),
  ];
}

function renderingProvider(tag: '82', physician: DocumentLine['renderingPhysician']): X12Segment {
  return segment('NM1', tag, '1', x12Text(physician.lastName, 60), x12Text(physician.firstName, 35), '', '', '', 'XX', physician.npi);
}

function billingProviderKey(claim: ClaimDocument): string {
  const facility = claim.billingFacility;
  return [claim.clinic.npi, claim.clinic.taxId, facility.addressLine1, facility.city, facility.state, facility.postalCode].join('|');
}

/** CAS segments: one per group code, at most six reason/amount pairs each (CAS02–CAS19). */
export function casSegments(adjustments: readonly CasAdjustment[]): X12Segment[] {
  const out: X12Segment[] = [];
  const groups = [...new Set(adjustments.map((adjustment) => adjustment.group))];
  for (const group of groups) {
    const ofGroup = adjustments.filter((adjustment) => adjustment.group === group && adjustment.amountCents !== 0);
    for (let start = 0; start < ofGroup.length; start += 6) {
      out.push(segment('CAS', group, ...ofGroup.slice(start, start + 6).flatMap((adjustment) => [x12Text(adjustment.reason, 5), x12Amount(adjustment.amountCents), ''])));
    }
  }
  return out;
}

function otherPayerId(other: OtherPayer): string {
  return x12Text(other.policy.payerId ?? other.policy.payerName, 80);
}

/**
 * 2320 other subscriber information, 2330A other subscriber and 2330B other payer, for each other
 * policy of the patient, so the payer can coordinate benefits; with the earlier payer's adjudication
 * when it has paid this claim.
 */
function otherSubscriberLoops(other: OtherPayer): X12Segment[] {
  const { policy, adjudication } = other;
  const relationship = policy.subscriberRelationship === 'self' ? '18' : patientRelationshipCode(policy.subscriberRelationship);
  const name = personName(policy.subscriberName);
  const out: X12Segment[] = [
    segment('SBR', payerResponsibility(policy.priority), relationship, x12Text(policy.groupNumber, 50), '', '', '', '', '', claimFilingIndicator({ case: null, policy })),
  ];
  if (adjudication) {
    out.push(...casSegments(adjudication.claimAdjustments));
    out.push(segment('AMT', 'D', x12Amount(adjudication.paidCents)));
    if (adjudication.patientResponsibilityCents > 0) out.push(segment('AMT', 'EAF', x12Amount(adjudication.patientResponsibilityCents)));
  }
  out.push(
    segment('OI', '', '', 'Y', 'P', '', 'Y'),
    segment('NM1', 'IL', '1', x12Text(name.last, 60), x12Text(name.first, 35), x12Text(name.middle, 25), '', '', 'MI', x12Text(policy.memberId, 80)),
    segment('NM1', 'PR', '2', x12Text(policy.payerName, 60), '', '', '', '', 'PI', otherPayerId(other)),
  );
  // 2330B DTP*573: the date the payer answered, when it is not given per line (2430).
  if (adjudication && !adjudication.lines && adjudication.adjudicatedOn) out.push(segment('DTP', '573', 'D8', x12Date(adjudication.adjudicatedOn)));
  return out;
}

/** 2430 line adjudication of each earlier payer that answered line by line. */
function lineAdjudicationLoops(claim: ClaimDocument, line: DocumentLine, procedure: string): X12Segment[] {
  const out: X12Segment[] = [];
  for (const other of claim.otherPayers) {
    const adjudicated = other.adjudication?.lines?.find((entry) => entry.lineId === line.id);
    if (!other.adjudication || !adjudicated) continue;
    out.push(segment('SVD', otherPayerId(other), x12Amount(adjudicated.paidCents), procedure, '', String(line.units)));
    out.push(...casSegments(adjudicated.adjustments));
    out.push(segment('DTP', '573', 'D8', x12Date(other.adjudication.adjudicatedOn)));
  }
  return out;
}

/** 2300 and its children for one claim. */
function claimLoop(claim: ClaimDocument): X12Segment[] {
  const { invoice } = claim;
  const { codes, pointers } = diagnosisPointers(invoice.lines);
  const total = invoice.lines.reduce((sum, line) => sum + line.amountCents, 0);
  const frequency = claim.replacesControlNumber ? '7' : '1';
  const out: X12Segment[] = [
    segment(
      'CLM', x12Text(claim.controlNumber, 38), x12Amount(total), '', '',
      [invoice.facility.placeOfService, 'B', frequency].join(COMPONENT_SEPARATOR), 'Y', 'A', 'Y', 'Y', '', relatedCauses(claim),
    ),
  ];
  const related = relatedCauses(claim);
  if (claim.case?.dateOfInjury) {
    // 439 accident date is required with related causes AA/OA (and sent for EM); 431 onset otherwise.
    out.push(segment('DTP', related ? '439' : '431', 'D8', x12Date(claim.case.dateOfInjury)));
  }
  if (claim.replacesControlNumber) out.push(segment('REF', 'F8', x12Text(claim.replacesControlNumber, 50)));
  out.push(segment('HI', ...codes.map((code, index) => `${index === 0 ? 'ABK' : 'ABF'}${COMPONENT_SEPARATOR}${claimDiagnosisCode(code)}`)));
  if (claim.referringProvider) {
    // 2310A: NM108/NM109 only when the referring doctor's NPI is known.
    const name = personName(withoutCredentials(claim.referringProvider.name));
    const npi = digits(claim.referringProvider.npi);
    out.push(segment('NM1', 'DN', '1', x12Text(name.last, 60), x12Text(name.first, 35), x12Text(name.middle, 25), '', '', npi ? 'XX' : '', npi));
  }
  const claimRendering = invoice.lines[0]?.renderingPhysician;
  if (claimRendering) out.push(renderingProvider('82', claimRendering));
  for (const other of claim.otherPayers) out.push(...otherSubscriberLoops(other));
  invoice.lines.forEach((line, index) => {
    const pointerNumbers = (pointers[index] ?? '').split('').map((letter) => String(letter.charCodeAt(0) - 64));
    const procedure = ['HC', x12Text(line.procedureCode, 48), ...line.modifiers.slice(0, 4).map((modifier) => x12Text(modifier, 2))].join(COMPONENT_SEPARATOR);
    out.push(segment('LX', String(index + 1)));
    out.push(segment('SV1', procedure, x12Amount(line.amountCents), 'UN', String(line.units), '', '', pointerNumbers.join(COMPONENT_SEPARATOR)));
    out.push(segment('DTP', '472', 'D8', x12Date(line.serviceDate)));
    if (claimRendering && line.renderingPhysician.npi !== claimRendering.npi) out.push(renderingProvider('82', line.renderingPhysician));
    out.push(...lineAdjudicationLoops(claim, line, procedure));
  });
  return out;
}

/**
 * The transaction body (between ST and SE) for a batch of claims. Claims are grouped under their
 * billing provider (one 2000A each); every claim gets its own subscriber hierarchy (2000B, and 2000C
 * when the patient is a dependent), so hierarchical ids are sequential in file order.
 */
export function build837PBody(submission: Submission837, claims: readonly ClaimDocument[]): X12Segment[] {
  if (claims.length === 0) throw new Error('An 837P needs at least one claim');
  const out: X12Segment[] = [
    segment('BHT', '0019', '00', x12Text(submission.batchReference, 30), submission.createdDate, submission.createdTime, 'CH'),
    segment('NM1', '41', '2', x12Text(submission.submitter.name, 60), '', '', '', '', '46', x12Text(submission.submitter.id, 80)),
    segment('PER', 'IC', x12Text(submission.submitter.contactName, 60), 'TE', digits(submission.submitter.phone)),
    segment('NM1', '40', '2', x12Text(submission.receiver.name, 60), '', '', '', '', '46', x12Text(submission.receiver.id, 80)),
  ];
  const groups = new Map<string, ClaimDocument[]>();
  for (const claim of claims) {
    const key = billingProviderKey(claim);
    groups.set(key, [...(groups.get(key) ?? []), claim]);
  }
  let hl = 0;
  for (const group of groups.values()) {
    const first = group[0] as ClaimDocument;
    const providerHl = (hl += 1);
    out.push(segment('HL', String(providerHl), '', '20', '1'));
    out.push(segment('NM1', '85', '2', x12Text(first.clinic.legalName ?? first.clinic.name, 60), '', '', '', '', 'XX', first.clinic.npi ?? ''));
    out.push(...address(first.billingFacility));
    out.push(segment('REF', 'EI', digits(first.clinic.taxId)));
    for (const claim of group) {
      const { patient, policy } = claim;
      const isSelf = policy.subscriberRelationship === 'self';
      const subscriberHl = (hl += 1);
      out.push(segment('HL', String(subscriberHl), String(providerHl), '22', isSelf ? '0' : '1'));
      out.push(segment('SBR', payerResponsibility(policy.priority), isSelf ? '18' : '', x12Text(policy.groupNumber, 50), '', '', '', '', '', claimFilingIndicator(claim)));
      if (isSelf) {
        out.push(segment('NM1', 'IL', '1', x12Text(patient.lastName, 60), x12Text(patient.firstName, 35), x12Text(patient.middleName, 25), '', '', 'MI', x12Text(policy.memberId, 80)));
        out.push(...personAddress(patient));
        out.push(segment('DMG', 'D8', x12Date(patient.dateOfBirth), sexCode(patient.sex)));
      } else {
        const name = personName(policy.subscriberName);
        out.push(segment('NM1', 'IL', '1', x12Text(name.last, 60), x12Text(name.first, 35), x12Text(name.middle, 25), '', '', 'MI', x12Text(policy.memberId, 80)));
        // 2010BA address and DMG are sent only when the subscriber is the patient (005010X222A1).
      }
      out.push(segment('NM1', 'PR', '2', x12Text(policy.payerName, 60), '', '', '', '', 'PI', x12Text(policy.payerId ?? policy.payerName, 80)));
      if (!isSelf) {
        out.push(segment('HL', String((hl += 1)), String(subscriberHl), '23', '0'));
        out.push(segment('PAT', patientRelationshipCode(policy.subscriberRelationship)));
        out.push(segment('NM1', 'QC', '1', x12Text(patient.lastName, 60), x12Text(patient.firstName, 35), x12Text(patient.middleName, 25)));
        out.push(...personAddress(patient));
        out.push(segment('DMG', 'D8', x12Date(patient.dateOfBirth), sexCode(patient.sex)));
      }
      out.push(...claimLoop(claim));
    }
  }
  return out;
}
