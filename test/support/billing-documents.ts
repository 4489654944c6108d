import type {
  ClaimDocument, DocumentCase, DocumentClinic, DocumentFacility, DocumentInvoice, DocumentLine, DocumentPatient, DocumentPhysician, DocumentPolicy,
} from '../../shared/billing/documents/document-model';

/**
 * Small, fully known billing documents for the PDF and X12 tests: the figures are chosen so totals,
 * balances and aging can be checked by hand.
 */

export const clinic: DocumentClinic = {
  name: 'Riverside Spine & Injury',
  legalName: 'Riverside Spine & Injury Medical Group, P.C.',
  taxId: '23-4567890',
  npi: '2992748568',
  phone: '(215) 555-0100',
  email: 'billing@riverside.example.com',
};

export const facility: DocumentFacility = {
  id: '01930000-0000-7000-8000-000000000001',
  name: 'Riverside Philadelphia',
  addressLine1: '1500 Market Street',
  addressLine2: 'Suite 400',
  city: 'Philadelphia',
  state: 'PA',
  postalCode: '191022101',
  phone: '(215) 555-0101',
  timeZone: 'America/New_York',
  placeOfService: '11',
};

export const drPatel: DocumentPhysician = { id: '01930000-0000-7000-8000-0000000000a1', firstName: 'Anjali', lastName: 'Patel', credentials: 'MD', npi: '1234567893' };
export const drOde: DocumentPhysician = { id: '01930000-0000-7000-8000-0000000000a2', firstName: 'Benjamin', lastName: 'Ode', credentials: 'DO', npi: '1245319599' };

export const patient: DocumentPatient = {
  id: '01930000-0000-7000-8000-0000000000b1',
  mrn: 'RSI-004211',
  firstName: 'Lucía',
  middleName: 'Maria',
  lastName: 'Hernández',
  dateOfBirth: '1984-07-19',
  sex: 'female',
  phone: '(267) 555-0143',
  addressLine1: '42 Walnut Lane',
  addressLine2: null,
  city: 'Philadelphia',
  state: 'PA',
  postalCode: '19103',
};

export const selfPolicy: DocumentPolicy = {
  id: '01930000-0000-7000-8000-0000000000c1', priority: 1, payerName: 'Aetna', payerId: '60054', memberId: 'W123456789',
  groupNumber: 'GRP-88121', subscriberName: 'Lucía Hernández', subscriberRelationship: 'self', subscriberDateOfBirth: '1984-07-19',
};

export const spousePolicy: DocumentPolicy = {
  id: '01930000-0000-7000-8000-0000000000c2', priority: 1, payerName: 'Blue Cross Blue Shield of Pennsylvania', payerId: '54704',
  memberId: 'XYZ998877665', groupNumber: '00417', subscriberName: 'Carlos J Hernandez', subscriberRelationship: 'spouse', subscriberDateOfBirth: '1981-03-02',
};

export function line(overrides: Partial<DocumentLine> & Pick<DocumentLine, 'id' | 'procedureCode' | 'amountCents'>): DocumentLine {
  return {
    serviceDate: '2026-10-05', modifiers: [], diagnosisCodes: ['M54.50'], units: 1, unitFeeCents: overrides.amountCents,
    renderingPhysician: drPatel, facilityId: facility.id, ...overrides,
  };
}

export function invoice(overrides: Partial<DocumentInvoice> = {}): DocumentInvoice {
  return {
    id: '01930000-0000-7000-8000-0000000000d1', number: 'INV-0004211', isProvisional: false, status: 'partially_paid',
    invoiceDate: '2026-10-06', dueDate: '2026-11-05', payerType: 'insurance', payerName: 'Aetna', facility,
    lines: [
      line({ id: '01930000-0000-7000-8000-0000000000e1', procedureCode: '99204', amountCents: 25_000 }),
      line({ id: '01930000-0000-7000-8000-0000000000e2', procedureCode: '72148', amountCents: 120_000, diagnosisCodes: ['M54.50', 'M51.26'] }),
    ],
    payments: [
      { id: '01930000-0000-7000-8000-0000000000f1', receivedOn: '2026-10-06', payerType: 'patient', payerName: null, method: 'card', reference: null, amountCents: 4_000 },
      { id: '01930000-0000-7000-8000-0000000000f2', receivedOn: '2026-10-30', payerType: 'insurance', payerName: 'Aetna', method: 'eft', reference: 'EFT00012345', amountCents: 88_150 },
    ],
    adjustments: [
      { id: '01930000-0000-7000-8000-0000000000f3', postedOn: '2026-10-30', kind: 'contractual', reasonCode: 'CO-45', memo: 'Charge exceeds fee schedule', amountCents: 31_275 },
    ],
    ...overrides,
  };
}

export const autoCase: DocumentCase = {
  id: '01930000-0000-7000-8000-0000000001a1', caseNumber: 'PI-2026-0142', caseType: 'pi_auto', dateOfInjury: '2026-09-28',
  accidentState: 'NJ', description: 'Rear-ended at a light on Route 70', lopStatus: 'on_file',
  attorney: { name: 'Maria Reyes', firmName: 'Reyes & Castillo Injury Law', phone: '(215) 555-0199', email: 'mreyes@reyes-castillo.example.com', address: '200 S Broad St, Philadelphia, PA 19102' },
};

/** A claim; `otherPayers` defaults to the other policy without adjudication (a primary claim). */
export function claim(overrides: Partial<ClaimDocument> = {}): ClaimDocument {
  const base = {
    claimId: '01930000-0000-7000-8000-0000000002a1', controlNumber: '000004211', clinic, billingFacility: facility, patient, case: null,
    policy: selfPolicy, otherPolicy: null, invoice: invoice(), referringProvider: { name: 'Daniel Kim MD', npi: '1588667638' },
    replacesControlNumber: null, asOf: '2026-11-28', ...overrides,
  };
  return { otherPayers: base.otherPolicy ? [{ policy: base.otherPolicy, adjudication: null }] : [], ...base };
}

/** Subscriber is the patient's spouse: 2000C/2010CA and PAT*01. */
export function spouseClaim(): ClaimDocument {
  return claim({ claimId: '01930000-0000-7000-8000-0000000002a2', controlNumber: '000004212', policy: spousePolicy });
}

/** Four diagnoses, modifiers on two lines, two rendering physicians. */
export function multiDiagnosisClaim(): ClaimDocument {
  return claim({
    claimId: '01930000-0000-7000-8000-0000000002a3', controlNumber: '000004213',
    invoice: invoice({
      lines: [
        line({ id: '01930000-0000-7000-8000-0000000000e3', procedureCode: '99214', modifiers: ['25'], amountCents: 18_000, diagnosisCodes: ['M54.16', 'M51.26', 'G89.29'] }),
        line({ id: '01930000-0000-7000-8000-0000000000e4', procedureCode: '64483', modifiers: ['RT', '59'], amountCents: 95_050, diagnosisCodes: ['M51.26', 'M54.16'] }),
        line({ id: '01930000-0000-7000-8000-0000000000e5', procedureCode: '77003', modifiers: ['26'], units: 2, unitFeeCents: 7_500, amountCents: 15_000, diagnosisCodes: ['M48.061'], renderingPhysician: drOde }),
      ],
    }),
  });
}

/** A personal-injury auto claim: CLM11 AA with the accident state, DTP*439 accident date. */
export function autoAccidentClaim(): ClaimDocument {
  return claim({
    claimId: '01930000-0000-7000-8000-0000000002a4', controlNumber: '000004214', case: autoCase,
    policy: { ...selfPolicy, payerName: 'State Farm Mutual Automobile Insurance', payerId: 'SFM01', memberId: 'AUTO-5512-0021', groupNumber: null },
    invoice: invoice({
      payerType: 'insurance', payerName: 'State Farm',
      lines: [
        line({ id: '01930000-0000-7000-8000-0000000000e6', procedureCode: '99203', amountCents: 21_000, diagnosisCodes: ['S13.4XXA', 'S33.5XXA'] }),
        line({ id: '01930000-0000-7000-8000-0000000000e7', procedureCode: '72141', amountCents: 110_000, diagnosisCodes: ['S13.4XXA'] }),
      ],
      payments: [], adjustments: [],
    }),
  });
}

/** A Medicare supplement policy: the tertiary payer in the tertiary claim. */
export const supplementPolicy: DocumentPolicy = {
  id: '01930000-0000-7000-8000-0000000000c3', priority: 3, payerName: 'Mutual of Omaha Medicare Supplement', payerId: 'MOO01', memberId: 'MS55501',
  groupNumber: null, subscriberName: 'Lucía Hernández', subscriberRelationship: 'self', subscriberDateOfBirth: '1984-07-19',
};

const [secondaryLine1, secondaryLine2] = ['01930000-0000-7000-8000-0000000000e8', '01930000-0000-7000-8000-0000000000e9'];

/** The two service lines every secondary claim below bills: $250.00 and $1,200.00. */
export function secondaryInvoice(): DocumentInvoice {
  return invoice({
    lines: [
      line({ id: secondaryLine1, procedureCode: '99204', amountCents: 25_000 }),
      line({ id: secondaryLine2, procedureCode: '72148', amountCents: 120_000, diagnosisCodes: ['M54.50', 'M51.26'] }),
    ],
  });
}

/**
 * The primary's posting, line by line, as a clerk keys it from Aetna's EOB: $150.00 and $731.50 paid,
 * contractual CO-45 on both lines and a $100.00 deductible (PR-1) on the second. The patient's
 * coinsurance that Aetna left ($50.00 and $105.75) is not posted: it is what the secondary is asked for.
 */
export const primaryEntriesByLine = {
  payments: [
    { payerType: 'insurance', payerName: 'AETNA', invoiceLineId: secondaryLine1, amountCents: 15_000, date: '2026-10-30' },
    { payerType: 'insurance', payerName: 'AETNA', invoiceLineId: secondaryLine2, amountCents: 73_150, date: '2026-10-30' },
  ],
  adjustments: [
    { reasonCode: 'CO-45', invoiceLineId: secondaryLine1, amountCents: 5_000, date: '2026-10-30' },
    { reasonCode: 'CO-45', invoiceLineId: secondaryLine2, amountCents: 26_275, date: '2026-10-30' },
    { reasonCode: 'PR-1', invoiceLineId: secondaryLine2, amountCents: 10_000, date: '2026-10-30' },
  ],
} as const;
