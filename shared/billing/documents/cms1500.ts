import type { ClaimDocument, DocumentLine, DocumentPolicy } from './document-model';
import { formatUsDate, invoiceTotals } from './ledger-math';

/**
 * The data-to-box mapping of the CMS-1500 (02/12) professional claim form, as a pure function.
 * The PDF writer only places these strings; what goes in which item is decided and tested here.
 *
 * Limits, by the form's own rules: six service lines per form (a longer claim continues on further
 * forms, each totalling its own lines, as NUCC instructs), twelve diagnoses (A–L) per claim, four
 * pointers per line. Place of service (24B) is the service facility's (`facilities.place_of_service`, 11 when unset).
 */

export const LINES_PER_FORM = 6;
export const MAX_DIAGNOSES = 12;
export const DIAGNOSIS_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L'] as const;
/** The place of service of a facility that names none: 11, office. */
export const PLACE_OF_SERVICE_OFFICE = '11';

export const INSURANCE_PROGRAMS = ['medicare', 'medicaid', 'tricare', 'champva', 'group_health_plan', 'feca_black_lung', 'other'] as const;
export type InsuranceProgram = (typeof INSURANCE_PROGRAMS)[number];

/** `MM DD YYYY` split as the form prints it in three little boxes. */
export interface FormDate {
  readonly mm: string;
  readonly dd: string;
  readonly yyyy: string;
}

export interface Cms1500Line {
  /** 24A from / to (the form prints MM DD YY). */
  readonly from: FormDate;
  readonly to: FormDate;
  /** 24B. */
  readonly placeOfService: string;
  /** 24C (blank unless an emergency). */
  readonly emergency: string;
  /** 24D. */
  readonly procedureCode: string;
  readonly modifiers: readonly string[];
  /** 24E: letters A–L, up to four. */
  readonly diagnosisPointer: string;
  /** 24F in cents, and printed as dollars | cents. */
  readonly chargesCents: number;
  /** 24G. */
  readonly units: string;
  /** 24I qualifier and 24J rendering provider NPI. */
  readonly renderingNpi: string;
}

export interface Cms1500Form {
  /** Form n of total (a claim with more than six lines). */
  readonly page: number;
  readonly pageCount: number;
  /** Carrier block: the payer's name (address unknown to Medora, left for the clearinghouse). */
  readonly carrier: readonly string[];
  readonly item1: InsuranceProgram;
  readonly item1a: string;
  readonly item2: string;
  readonly item3: { readonly birthDate: FormDate; readonly sex: 'M' | 'F' | null };
  readonly item4: string;
  readonly item5: { readonly street: string; readonly city: string; readonly state: string; readonly zip: string; readonly phone: string };
  readonly item6: 'self' | 'spouse' | 'child' | 'other';
  readonly item7: { readonly street: string; readonly city: string; readonly state: string; readonly zip: string; readonly phone: string };
  readonly item9: string;
  readonly item9a: string;
  readonly item9d: string;
  readonly item10a: boolean;
  readonly item10b: { readonly yes: boolean; readonly state: string };
  readonly item10c: boolean;
  readonly item10d: string;
  readonly item11: string;
  readonly item11a: { readonly birthDate: FormDate | null; readonly sex: 'M' | 'F' | null };
  readonly item11b: string;
  readonly item11c: string;
  readonly item11d: boolean;
  readonly item12: string;
  readonly item13: string;
  /** Date of current illness or injury with qualifier 431 (onset). */
  readonly item14: { readonly date: FormDate | null; readonly qualifier: string };
  readonly item17: { readonly qualifier: string; readonly name: string; readonly npi: string };
  readonly item19: string;
  readonly item20: boolean;
  /** ICD indicator 0 = ICD-10-CM. */
  readonly item21: { readonly indicator: '0'; readonly codes: readonly string[] };
  readonly item22: { readonly code: string; readonly originalReference: string };
  readonly item23: string;
  readonly lines: readonly Cms1500Line[];
  readonly item25: { readonly taxId: string; readonly type: 'EIN' | 'SSN' };
  readonly item26: string;
  readonly item27: boolean;
  readonly item28Cents: number;
  readonly item29Cents: number;
  readonly item31: { readonly signature: string; readonly date: string };
  readonly item32: readonly string[];
  readonly item32a: string;
  readonly item33: { readonly phone: string; readonly lines: readonly string[] };
  readonly item33a: string;
}

export function formDate(date: string | null): FormDate {
  if (!date) return { mm: '', dd: '', yyyy: '' };
  const [yyyy = '', mm = '', dd = ''] = date.split('-');
  return { mm, dd, yyyy };
}

/** `LAST, FIRST, M` as items 2 and 4 ask. */
export function formName(last: string, first: string, middle: string | null): string {
  return plain(`${last}, ${first}${middle ? `, ${middle.charAt(0)}` : ''}`);
}

/** Upper case without accents, as claim forms are read by OCR (Hernández → HERNANDEZ). */
export function plain(value: string): string {
  return value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toUpperCase();
}

/** `12345-6789` for a nine-digit ZIP code, as NUCC asks; five digits unchanged. */
export function formZip(zip: string | null): string {
  const digits = (zip ?? '').replace(/[^0-9]/g, '');
  return digits.length === 9 ? `${digits.slice(0, 5)}-${digits.slice(5)}` : digits;
}

function formSex(sex: string): 'M' | 'F' | null {
  return sex === 'male' ? 'M' : sex === 'female' ? 'F' : null;
}

/** Splits "Last, First" or "First Last" subscriber names into the form's order. */
export function subscriberFormName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.includes(',')) return plain(trimmed);
  const parts = trimmed.split(/\s+/);
  if (parts.length < 2) return plain(trimmed);
  const last = parts[parts.length - 1] as string;
  const first = parts[0] as string;
  const middle = parts.length > 2 ? (parts[1] as string) : null;
  return formName(last, first, middle);
}

export function insuranceProgram(claim: Pick<ClaimDocument, 'case' | 'policy'>): InsuranceProgram {
  const payer = claim.policy.payerName.toLowerCase();
  if (payer.includes('medicare')) return 'medicare';
  if (payer.includes('medicaid')) return 'medicaid';
  if (payer.includes('tricare')) return 'tricare';
  if (payer.includes('champva')) return 'champva';
  if (claim.case && claim.case.caseType !== 'general_health') return 'other';
  return 'group_health_plan';
}

/**
 * The claim's diagnosis list in first-use order across its lines (at most twelve), and each line's
 * pointer letters into it (at most four, the line's own order).
 */
export function diagnosisPointers(lines: readonly Pick<DocumentLine, 'diagnosisCodes'>[]): { codes: string[]; pointers: string[] } {
  const codes: string[] = [];
  for (const line of lines) {
    for (const code of line.diagnosisCodes) if (!codes.includes(code) && codes.length < MAX_DIAGNOSES) codes.push(code);
  }
  const pointers = lines.map((line) =>
    line.diagnosisCodes
      .map((code) => codes.indexOf(code))
      .filter((index) => index >= 0)
      .slice(0, 4)
      .map((index) => DIAGNOSIS_LETTERS[index])
      .join(''),
  );
  return { codes, pointers };
}

/** ICD-10 codes print without the dot on claims (M54.50 → M5450). */
export function claimDiagnosisCode(code: string): string {
  return code.replace('.', '').toUpperCase();
}

function relationship(policy: DocumentPolicy): Cms1500Form['item6'] {
  return policy.subscriberRelationship;
}

function otherPayments(claim: ClaimDocument): number {
  // Item 29: what the patient or other payers paid before this payer was billed: the patient's payments
  // and, on a secondary or tertiary claim, what each earlier payer paid (from its adjudication).
  const patientPaid = claim.invoice.payments.filter((payment) => payment.payerType !== 'insurance').reduce((total, payment) => total + payment.amountCents, 0);
  const payersPaid = claim.otherPayers.reduce((total, other) => total + (other.adjudication?.paidCents ?? 0), 0);
  return patientPaid + payersPaid;
}

/** Maps a claim to one or more CMS-1500 forms (six lines each). */
export function cms1500Forms(claim: ClaimDocument): Cms1500Form[] {
  const { patient, policy, otherPolicy, invoice, clinic, billingFacility } = claim;
  const isSelf = policy.subscriberRelationship === 'self';
  const { codes, pointers } = diagnosisPointers(invoice.lines);
  const patientAddress = {
    street: plain([patient.addressLine1, patient.addressLine2].filter(Boolean).join(' ')),
    city: plain(patient.city ?? ''),
    state: plain(patient.state ?? ''),
    zip: formZip(patient.postalCode),
    phone: patient.phone ?? '',
  };
  const blankAddress = { street: '', city: '', state: '', zip: '', phone: '' };
  const isAuto = claim.case?.caseType === 'pi_auto';
  const facilityLines = (name: string) => [
    plain(name),
    plain([billingFacility.addressLine1, billingFacility.addressLine2].filter(Boolean).join(' ')),
    plain(`${billingFacility.city} ${billingFacility.state} ${formZip(billingFacility.postalCode)}`),
  ];
  const serviceFacility = invoice.facility;
  const pageCount = Math.max(1, Math.ceil(invoice.lines.length / LINES_PER_FORM));
  const forms: Cms1500Form[] = [];
  for (let page = 0; page < pageCount; page += 1) {
    const pageLines = invoice.lines.slice(page * LINES_PER_FORM, (page + 1) * LINES_PER_FORM);
    const lines: Cms1500Line[] = pageLines.map((line, index) => ({
      from: formDate(line.serviceDate),
      to: formDate(line.serviceDate),
      placeOfService: serviceFacility.placeOfService,
      emergency: '',
      procedureCode: line.procedureCode,
      modifiers: line.modifiers.slice(0, 4),
      diagnosisPointer: pointers[page * LINES_PER_FORM + index] ?? '',
      chargesCents: line.amountCents,
      units: String(line.units),
      renderingNpi: line.renderingPhysician.npi,
    }));
    const firstPhysician = pageLines[0]?.renderingPhysician ?? invoice.lines[0]?.renderingPhysician;
    forms.push({
      page: page + 1,
      pageCount,
      carrier: [plain(policy.payerName), ...(policy.payerId ? [`PAYER ID ${policy.payerId}`] : [])],
      item1: insuranceProgram(claim),
      item1a: policy.memberId,
      item2: formName(patient.lastName, patient.firstName, patient.middleName),
      item3: { birthDate: formDate(patient.dateOfBirth), sex: formSex(patient.sex) },
      item4: isSelf ? formName(patient.lastName, patient.firstName, patient.middleName) : subscriberFormName(policy.subscriberName),
      item5: patientAddress,
      item6: relationship(policy),
      item7: isSelf ? patientAddress : blankAddress,
      item9: otherPolicy ? subscriberFormName(otherPolicy.subscriberName) : '',
      item9a: otherPolicy ? (otherPolicy.groupNumber ?? otherPolicy.memberId) : '',
      item9d: otherPolicy ? plain(otherPolicy.payerName) : '',
      item10a: claim.case?.caseType === 'workers_comp',
      item10b: { yes: isAuto, state: isAuto ? (claim.case?.accidentState ?? '') : '' },
      item10c: claim.case?.caseType === 'pi_other',
      item10d: '',
      item11: policy.groupNumber ?? 'NONE',
      item11a: isSelf
        ? { birthDate: formDate(patient.dateOfBirth), sex: formSex(patient.sex) }
        : { birthDate: policy.subscriberDateOfBirth ? formDate(policy.subscriberDateOfBirth) : null, sex: null },
      item11b: '',
      item11c: plain(policy.payerName),
      item11d: otherPolicy !== null,
      item12: 'SIGNATURE ON FILE',
      item13: 'SIGNATURE ON FILE',
      item14: claim.case?.dateOfInjury ? { date: formDate(claim.case.dateOfInjury), qualifier: '431' } : { date: null, qualifier: '' },
      item17: claim.referringProvider
        ? { qualifier: 'DN', name: plain(claim.referringProvider.name), npi: claim.referringProvider.npi ?? '' }
        : { qualifier: '', name: '', npi: '' },
      item19: pageCount > 1 ? `PAGE ${page + 1} OF ${pageCount}` : '',
      item20: false,
      item21: { indicator: '0', codes: codes.map(claimDiagnosisCode) },
      item22: claim.replacesControlNumber ? { code: '7', originalReference: claim.replacesControlNumber } : { code: '', originalReference: '' },
      item23: '',
      lines,
      item25: { taxId: (clinic.taxId ?? '').replace(/[^0-9]/g, ''), type: 'EIN' },
      item26: claim.controlNumber,
      item27: true,
      item28Cents: lines.reduce((total, line) => total + line.chargesCents, 0),
      item29Cents: page === 0 ? otherPayments(claim) : 0,
      item31: {
        signature: firstPhysician ? plain(`${firstPhysician.firstName} ${firstPhysician.lastName}${firstPhysician.credentials ? ` ${firstPhysician.credentials}` : ''}`) : '',
        date: formatUsDate(claim.asOf),
      },
      item32: [
        plain(serviceFacility.name),
        plain([serviceFacility.addressLine1, serviceFacility.addressLine2].filter(Boolean).join(' ')),
        plain(`${serviceFacility.city} ${serviceFacility.state} ${formZip(serviceFacility.postalCode)}`),
      ],
      item32a: '',
      item33: { phone: clinic.phone ?? billingFacility.phone ?? '', lines: facilityLines(clinic.legalName ?? clinic.name) },
      item33a: clinic.npi ?? '',
    });
  }
  return forms;
}

/** Total charge of the whole claim (all forms), for cross-checks. */
export function claimTotalCents(claim: ClaimDocument): number {
  return invoiceTotals(claim.invoice).chargesCents;
}
