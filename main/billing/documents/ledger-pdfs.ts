import type {
  BillToDateDocument, DocumentAdjustment, DocumentClinic, DocumentFacility, DocumentInvoice, DocumentLine, DocumentPatient, DocumentPayment,
  InvoiceDocument, PayerType, StatementDocument,
} from '../../../shared/billing/documents/document-model';
import { AGING_BUCKETS, type BucketTotals } from '../../../shared/billing/aging';
import {
  agingBuckets, combinedTotals, formatCents, formatUsDate, invoiceTotals, statementDueDate, type InvoiceTotals,
} from '../../../shared/billing/documents/ledger-math';
import {
  ACCENT, ACCENT_LIGHT, BAND, CONTENT_WIDTH, drawTable, INK, MARGIN, MUTED, PAGE_WIDTH, PdfCanvas, RULE, WHITE, type Column,
} from './pdf-kit';

/**
 * The invoice, the patient statement and the attorney's bill-to-date, drawn with pdf-lib. Every
 * figure comes from `ledger-math.ts`; this file only lays them out.
 */

const PAYER_LABELS = {
  patient: 'Patient', insurance: 'Insurance', attorney: 'Attorney (LOP)', medpay: 'MedPay', pip: 'PIP', workers_comp: "Workers' comp", other: 'Other',
} as const satisfies Record<PayerType, string>;

const ADJUSTMENT_LABELS = {
  write_off: 'Write-off', contractual: 'Contractual adjustment', reduction: 'Negotiated reduction', refund: 'Refund', correction: 'Correction',
} as const satisfies Record<DocumentAdjustment['kind'], string>;

const CASE_LABELS = { pi_auto: 'Personal injury (auto)', pi_other: 'Personal injury', workers_comp: "Workers' compensation", general_health: 'General health' } as const;

function patientName(patient: DocumentPatient): string {
  return [patient.firstName, patient.middleName, patient.lastName].filter(Boolean).join(' ');
}

function facilityAddress(facility: DocumentFacility): string[] {
  const zip = facility.postalCode.length === 9 ? `${facility.postalCode.slice(0, 5)}-${facility.postalCode.slice(5)}` : facility.postalCode;
  return [[facility.addressLine1, facility.addressLine2].filter(Boolean).join(', '), `${facility.city}, ${facility.state} ${zip}`];
}

function patientAddress(patient: DocumentPatient): string[] {
  if (!patient.addressLine1) return ['No address on file'];
  return [[patient.addressLine1, patient.addressLine2].filter(Boolean).join(', '), `${patient.city ?? ''}, ${patient.state ?? ''} ${patient.postalCode ?? ''}`.trim()];
}

function physicianName(line: DocumentLine): string {
  const physician = line.renderingPhysician;
  return `${physician.firstName.charAt(0)}. ${physician.lastName}${physician.credentials ? `, ${physician.credentials}` : ''}`;
}

function paymentDetail(payment: DocumentPayment): string {
  const method = { cash: 'cash', check: 'check', card: 'card', eft: 'EFT', era: 'ERA', other: 'other' }[payment.method];
  return `${payment.payerName ? `${payment.payerName}, ` : ''}${method}`;
}

/** Clinic and facility header with the document title and its key facts on the right. */
function letterhead(canvas: PdfCanvas, clinic: DocumentClinic, facility: DocumentFacility, title: string, facts: readonly (readonly [string, string])[]): void {
  const top = canvas.y;
  canvas.rect(MARGIN, top - 4, 4, -58, { fill: ACCENT });
  canvas.text(clinic.name, MARGIN + 12, top - 14, { size: 15, bold: true, color: ACCENT, width: 300 });
  const details = [
    ...(clinic.legalName && clinic.legalName !== clinic.name ? [clinic.legalName] : []),
    facility.name,
    ...facilityAddress(facility),
    [facility.phone ?? clinic.phone, clinic.taxId ? `Tax ID ${clinic.taxId}` : null].filter(Boolean).join('   ·   '),
  ];
  details.forEach((line, index) => canvas.text(line, MARGIN + 12, top - 28 - index * 10.5, { size: 8, color: index === 0 && clinic.legalName ? MUTED : INK, width: 300 }));

  const right = PAGE_WIDTH - MARGIN;
  canvas.text(title, right, top - 16, { size: 17, bold: true, color: INK, align: 'right' });
  facts.forEach(([label, value], index) => {
    const y = top - 32 - index * 11;
    canvas.text(label, right - 104, y, { size: 8, color: MUTED, align: 'right' });
    canvas.text(value, right, y, { size: 8, bold: true, align: 'right', width: 98 });
  });
  const height = Math.max(28 + details.length * 10.5, 34 + facts.length * 11);
  canvas.y = top - height - 6;
  canvas.line(MARGIN, canvas.y, PAGE_WIDTH - MARGIN, canvas.y, ACCENT, 1.25);
  canvas.y -= 14;
}

/** Two labelled boxes side by side (bill to / account), each a title and lines. */
function partyBoxes(canvas: PdfCanvas, boxes: readonly { title: string; lines: readonly string[] }[]): void {
  const gap = 12;
  const width = (CONTENT_WIDTH - gap * (boxes.length - 1)) / boxes.length;
  const height = 16 + Math.max(...boxes.map((box) => box.lines.length)) * 11 + 6;
  boxes.forEach((box, index) => {
    const x = MARGIN + index * (width + gap);
    canvas.rect(x, canvas.y - height, width, height, { fill: BAND });
    canvas.text(box.title.toUpperCase(), x + 8, canvas.y - 12, { size: 7, bold: true, color: ACCENT });
    box.lines.forEach((line, lineIndex) => canvas.text(line, x + 8, canvas.y - 25 - lineIndex * 11, { size: 8.5, bold: lineIndex === 0, width: width - 16 }));
  });
  canvas.y -= height + 16;
}

function sectionTitle(canvas: PdfCanvas, title: string): void {
  canvas.ensureSpace(48);
  canvas.text(title, MARGIN, canvas.y - 10, { size: 10, bold: true, color: INK });
  canvas.y -= 16;
}

function totalsBox(canvas: PdfCanvas, rows: readonly (readonly [string, string])[], emphasis: readonly [string, string]): void {
  const width = 230;
  const x = PAGE_WIDTH - MARGIN - width;
  const height = rows.length * 14 + 26;
  canvas.ensureSpace(height + 8);
  rows.forEach(([label, value], index) => {
    const y = canvas.y - 12 - index * 14;
    canvas.text(label, x + 8, y, { size: 8.5, color: MUTED });
    canvas.text(value, x + width - 8, y, { size: 8.5, align: 'right' });
  });
  const bandTop = canvas.y - rows.length * 14 - 4;
  canvas.rect(x, bandTop - 20, width, 20, { fill: ACCENT });
  canvas.text(emphasis[0], x + 8, bandTop - 14, { size: 10, bold: true, color: WHITE });
  canvas.text(emphasis[1], x + width - 8, bandTop - 14, { size: 10, bold: true, color: WHITE, align: 'right' });
  canvas.y = bandTop - 34;
}

function agingStrip(canvas: PdfCanvas, buckets: BucketTotals, total: number): void {
  const cells = [...AGING_BUCKETS.map((bucket) => [`${bucket.label} days`, formatCents(buckets[bucket.id])] as const), ['Total balance', formatCents(total)] as const];
  const width = CONTENT_WIDTH / cells.length;
  canvas.ensureSpace(50);
  canvas.text('ACCOUNT AGING', MARGIN, canvas.y - 8, { size: 7, bold: true, color: ACCENT });
  const top = canvas.y - 14;
  cells.forEach(([label, value], index) => {
    const x = MARGIN + index * width;
    const isTotal = index === cells.length - 1;
    canvas.rect(x, top - 32, width, 32, { fill: isTotal ? ACCENT_LIGHT : WHITE, border: RULE, borderWidth: 0.75 });
    canvas.text(label, x + width / 2, top - 11, { size: 7, color: MUTED, align: 'center' });
    canvas.text(value, x + width / 2, top - 25, { size: 9.5, bold: true, align: 'center', color: isTotal ? ACCENT : INK });
  });
  canvas.y = top - 46;
}

const lineColumns: Column<DocumentLine>[] = [
  { header: 'Date', width: 58, value: (line) => formatUsDate(line.serviceDate) },
  { header: 'Code', width: 46, value: (line) => line.procedureCode },
  { header: 'Modifiers', width: 52, value: (line) => line.modifiers.join(' ') },
  { header: 'Diagnoses', width: 100, value: (line) => line.diagnosisCodes.join(', ') },
  { header: 'Provider', width: 104, value: physicianName },
  { header: 'Units', width: 34, align: 'right', value: (line) => String(line.units) },
  { header: 'Unit fee', width: 62, align: 'right', value: (line) => formatCents(line.unitFeeCents) },
  { header: 'Amount', width: 72, align: 'right', value: (line) => formatCents(line.amountCents) },
];

interface CreditRow {
  readonly date: string;
  readonly kind: string;
  readonly detail: string;
  readonly reference: string;
  readonly amountCents: number;
}

function creditRows(invoice: Pick<DocumentInvoice, 'payments' | 'adjustments'>, include: (adjustment: DocumentAdjustment) => boolean = () => true): CreditRow[] {
  const rows: CreditRow[] = [
    ...invoice.payments.map((payment) => ({
      date: payment.receivedOn, kind: `${PAYER_LABELS[payment.payerType]} payment`, detail: paymentDetail(payment), reference: payment.reference ?? '', amountCents: -payment.amountCents,
    })),
    ...invoice.adjustments.filter(include).map((adjustment) => ({
      date: adjustment.postedOn, kind: ADJUSTMENT_LABELS[adjustment.kind], detail: adjustment.memo ?? '', reference: adjustment.reasonCode,
      amountCents: -adjustment.amountCents,
    })),
  ];
  return rows.sort((left, right) => left.date.localeCompare(right.date));
}

const creditColumns: Column<CreditRow>[] = [
  { header: 'Date', width: 58, value: (row) => formatUsDate(row.date) },
  { header: 'Type', width: 130, value: (row) => row.kind },
  { header: 'Detail', width: 196, value: (row) => row.detail },
  { header: 'Reference', width: 72, value: (row) => row.reference },
  { header: 'Amount', width: 72, align: 'right', value: (row) => formatCents(row.amountCents) },
];

function totalsRows(totals: InvoiceTotals): (readonly [string, string])[] {
  return [
    ['Total charges', formatCents(totals.chargesCents)],
    ['Payments', formatCents(-totals.paymentsCents)],
    ['Adjustments', formatCents(-totals.adjustmentsCents)],
  ];
}

function contactNote(clinic: DocumentClinic, facility: DocumentFacility): string {
  const phone = facility.phone ?? clinic.phone;
  return `Questions about this bill? Call ${phone ?? 'our billing office'}${clinic.email ? ` or write to ${clinic.email}` : ''}.`;
}

/** Draws one invoice on the canvas (from its current page). */
export function drawInvoice(canvas: PdfCanvas, document: InvoiceDocument): void {
  const { clinic, patient, invoice } = document;
  const totals = invoiceTotals(invoice);
  letterhead(canvas, clinic, invoice.facility, 'INVOICE', [
    ['Invoice no.', `${invoice.number}${invoice.isProvisional ? ' (provisional)' : ''}`],
    ['Invoice date', formatUsDate(invoice.invoiceDate)],
    ['Due date', invoice.dueDate ? formatUsDate(invoice.dueDate) : 'On settlement'],
    ['Balance due', formatCents(totals.balanceCents)],
  ]);
  partyBoxes(canvas, [
    { title: 'Patient', lines: [patientName(patient), ...patientAddress(patient), `MRN ${patient.mrn}   ·   Born ${formatUsDate(patient.dateOfBirth)}`] },
    {
      title: 'Billed to',
      lines: [
        `${PAYER_LABELS[invoice.payerType]}${invoice.payerName ? `: ${invoice.payerName}` : ''}`,
        ...(document.case ? [`Case ${document.case.caseNumber} · ${CASE_LABELS[document.case.caseType]}`] : []),
        ...(document.case?.dateOfInjury ? [`Date of injury ${formatUsDate(document.case.dateOfInjury)}`] : []),
        ...(document.case?.attorney ? [`Attorney ${document.case.attorney.name}, ${document.case.attorney.firmName}`] : []),
        `Status: ${invoice.status.replace('_', ' ')}`,
      ],
    },
  ]);
  sectionTitle(canvas, 'Services');
  drawTable(canvas, lineColumns, invoice.lines);
  canvas.y -= 14;
  const credits = creditRows(invoice);
  if (credits.length > 0) {
    sectionTitle(canvas, 'Payments and adjustments');
    drawTable(canvas, creditColumns, credits);
    canvas.y -= 14;
  }
  totalsBox(canvas, totalsRows(totals), ['Balance due', formatCents(totals.balanceCents)]);
  agingStrip(canvas, agingBuckets([invoice], document.asOf), totals.balanceCents);
  if (invoice.status === 'void') canvas.text('This invoice has been voided and is shown for reference only.', MARGIN, canvas.y, { size: 9, bold: true, color: ACCENT });
}

export async function invoicePdf(document: InvoiceDocument, producedAt: Date): Promise<Uint8Array> {
  const canvas = await PdfCanvas.create(`Invoice ${document.invoice.number}`, 'Invoice', producedAt);
  drawInvoice(canvas, document);
  canvas.footer(`${contactNote(document.clinic, document.invoice.facility)}   Produced ${formatUsDate(document.asOf)}.`);
  return canvas.save();
}

interface ActivityRow {
  readonly date: string;
  readonly invoice: string;
  readonly description: string;
  readonly chargeCents: number | null;
  readonly creditCents: number | null;
  readonly balanceCents: number | null;
  readonly isSubtotal: boolean;
}

function activityRows(invoices: readonly DocumentInvoice[]): ActivityRow[] {
  const rows: ActivityRow[] = [];
  for (const invoice of invoices) {
    let running = 0;
    for (const line of invoice.lines) {
      running += line.amountCents;
      rows.push({
        date: line.serviceDate, invoice: invoice.number, description: `${line.procedureCode}${line.modifiers.length ? `-${line.modifiers.join('-')}` : ''}  ${physicianName(line)}`,
        chargeCents: line.amountCents, creditCents: null, balanceCents: running, isSubtotal: false,
      });
    }
    for (const credit of creditRows(invoice)) {
      running += credit.amountCents;
      rows.push({
        date: credit.date, invoice: invoice.number, description: `${credit.kind}${credit.detail ? `: ${credit.detail}` : ''}`,
        chargeCents: credit.amountCents > 0 ? credit.amountCents : null, creditCents: credit.amountCents < 0 ? -credit.amountCents : null, balanceCents: running, isSubtotal: false,
      });
    }
    rows.push({ date: '', invoice: '', description: `Balance of ${invoice.number} (${PAYER_LABELS[invoice.payerType].toLowerCase()})`, chargeCents: null, creditCents: null, balanceCents: invoiceTotals(invoice).balanceCents, isSubtotal: true });
  }
  return rows;
}

const activityColumns: Column<ActivityRow>[] = [
  { header: 'Date', width: 58, value: (row) => formatUsDate(row.date) },
  { header: 'Invoice', width: 74, value: (row) => row.invoice },
  { header: 'Description', width: 214, value: (row) => row.description, bold: (row) => row.isSubtotal },
  { header: 'Charges', width: 60, align: 'right', value: (row) => (row.chargeCents === null ? '' : formatCents(row.chargeCents)) },
  { header: 'Credits', width: 60, align: 'right', value: (row) => (row.creditCents === null ? '' : formatCents(-row.creditCents)) },
  { header: 'Balance', width: 62, align: 'right', value: (row) => (row.balanceCents === null ? '' : formatCents(row.balanceCents)), bold: (row) => row.isSubtotal },
];

function remittanceStub(canvas: PdfCanvas, document: StatementDocument, balance: number): void {
  const height = 92;
  canvas.ensureSpace(height + 20);
  const top = Math.min(canvas.y, MARGIN + 36 + height + 16);
  for (let x = MARGIN; x < PAGE_WIDTH - MARGIN; x += 8) canvas.line(x, top, x + 4, top, MUTED, 0.6);
  canvas.text('Please detach and return this part with your payment. Make checks payable to the clinic below.', PAGE_WIDTH / 2, top - 11, { size: 7, color: MUTED, align: 'center' });
  const boxTop = top - 18;
  canvas.rect(MARGIN, boxTop - height + 16, CONTENT_WIDTH, height - 16, { border: RULE });
  canvas.text('REMIT TO', MARGIN + 10, boxTop - 12, { size: 7, bold: true, color: ACCENT });
  [document.clinic.legalName ?? document.clinic.name, ...facilityAddress(document.facility)].forEach((line, index) =>
    canvas.text(line, MARGIN + 10, boxTop - 25 - index * 11, { size: 8.5, bold: index === 0, width: 230 }));
  const facts: [string, string][] = [
    ['Patient', patientName(document.patient)],
    ['Account (MRN)', document.patient.mrn],
    ['Statement date', formatUsDate(document.asOf)],
    ['Amount due', formatCents(Math.max(0, balance))],
    ['Amount enclosed', '$ ______________'],
  ];
  facts.forEach(([label, value], index) => {
    const y = boxTop - 12 - index * 12;
    canvas.text(label, PAGE_WIDTH - MARGIN - 150, y, { size: 8, color: MUTED, align: 'right' });
    canvas.text(value, PAGE_WIDTH - MARGIN - 10, y, { size: 8.5, bold: true, align: 'right', width: 130 });
  });
  canvas.y = boxTop - height;
}

/** Draws one patient statement from the canvas's current page. */
export function drawStatement(canvas: PdfCanvas, document: StatementDocument): void {
  const totals = combinedTotals(document.invoices);
  const buckets = agingBuckets(document.invoices, document.asOf);
  letterhead(canvas, document.clinic, document.facility, 'STATEMENT', [
    ['Statement date', formatUsDate(document.asOf)],
    ['Account (MRN)', document.patient.mrn],
    ['Amount due', formatCents(Math.max(0, totals.balanceCents))],
    ['Please pay by', formatUsDate(statementDueDate(document.asOf))],
  ]);
  partyBoxes(canvas, [
    { title: 'Statement for', lines: [patientName(document.patient), ...patientAddress(document.patient)] },
    {
      title: 'Account summary',
      lines: [
        `${document.invoices.length} open ${document.invoices.length === 1 ? 'invoice' : 'invoices'}`,
        `Charges ${formatCents(totals.chargesCents)}   ·   Credits ${formatCents(-(totals.paymentsCents + totals.adjustmentsCents))}`,
        `Born ${formatUsDate(document.patient.dateOfBirth)}`,
      ],
    },
  ]);
  sectionTitle(canvas, 'Account activity');
  drawTable(canvas, activityColumns, activityRows(document.invoices), { rowHeight: 14 });
  canvas.y -= 14;
  totalsBox(canvas, totalsRows(totals), ['Amount due', formatCents(Math.max(0, totals.balanceCents))]);
  agingStrip(canvas, buckets, totals.balanceCents);
  if (totals.balanceCents < 0) canvas.text(`Your account has a credit of ${formatCents(-totals.balanceCents)}. No payment is due.`, MARGIN, canvas.y, { size: 9, bold: true, color: ACCENT });
  remittanceStub(canvas, document, totals.balanceCents);
}

export function statementFooterNote(document: StatementDocument): string {
  return `${contactNote(document.clinic, document.facility)}   Statement of ${formatUsDate(document.asOf)}.`;
}

export async function statementPdf(document: StatementDocument, producedAt: Date): Promise<Uint8Array> {
  const canvas = await PdfCanvas.create(`Statement ${document.patient.mrn}`, 'Patient statement', producedAt);
  drawStatement(canvas, document);
  canvas.footer(statementFooterNote(document));
  return canvas.save();
}

interface ChargeRow {
  readonly invoice: string;
  readonly line: DocumentLine;
}

const chargeColumns: Column<ChargeRow>[] = [
  { header: 'Date', width: 58, value: (row) => formatUsDate(row.line.serviceDate) },
  { header: 'Invoice', width: 74, value: (row) => row.invoice },
  { header: 'Code', width: 74, value: (row) => `${row.line.procedureCode}${row.line.modifiers.length ? `-${row.line.modifiers.join('-')}` : ''}` },
  { header: 'Diagnoses', width: 106, value: (row) => row.line.diagnosisCodes.join(', ') },
  { header: 'Provider', width: 110, value: (row) => physicianName(row.line) },
  { header: 'Units', width: 34, align: 'right', value: (row) => String(row.line.units) },
  { header: 'Amount', width: 72, align: 'right', value: (row) => formatCents(row.line.amountCents) },
];

/** The attorney's itemised bill-to-date for one case. */
export async function billToDatePdf(document: BillToDateDocument, producedAt: Date): Promise<Uint8Array> {
  const canvas = await PdfCanvas.create(`Bill to date ${document.case.caseNumber}`, 'Attorney bill-to-date statement', producedAt);
  const totals = combinedTotals(document.invoices);
  const attorney = document.case.attorney;
  letterhead(canvas, document.clinic, document.facility, 'BILL TO DATE', [
    ['Statement date', formatUsDate(document.asOf)],
    ['Case no.', document.case.caseNumber],
    ['Invoices', String(document.invoices.length)],
    ['Balance', formatCents(totals.balanceCents)],
  ]);
  partyBoxes(canvas, [
    { title: 'To', lines: attorney ? [attorney.name, attorney.firmName, ...(attorney.address ? [attorney.address] : []), [attorney.phone, attorney.email].filter(Boolean).join('   ·   ')] : ['No attorney on the case'] },
    {
      title: 'Re',
      lines: [
        `${patientName(document.patient)} (born ${formatUsDate(document.patient.dateOfBirth)})`,
        `${CASE_LABELS[document.case.caseType]} · case ${document.case.caseNumber}`,
        `Date of injury ${formatUsDate(document.case.dateOfInjury) || 'not recorded'}${document.case.accidentState ? ` · ${document.case.accidentState}` : ''}`,
        `Letter of protection: ${document.case.lopStatus.replace('_', ' ')}`,
      ],
    },
  ]);
  const charges = document.invoices.flatMap((invoice) => invoice.lines.map((line) => ({ invoice: invoice.number, line })))
    .sort((left, right) => left.line.serviceDate.localeCompare(right.line.serviceDate));
  sectionTitle(canvas, `Charges (${charges.length} services)`);
  drawTable(canvas, chargeColumns, charges);
  canvas.y -= 14;
  const payments = document.invoices.flatMap((invoice) => creditRows({ payments: invoice.payments, adjustments: [] }));
  sectionTitle(canvas, 'Payments');
  if (payments.length > 0) drawTable(canvas, creditColumns, payments);
  else canvas.text('No payments received to date.', MARGIN, canvas.y - 8, { size: 8.5, color: MUTED });
  canvas.y -= payments.length > 0 ? 14 : 22;
  const adjustments = document.invoices.flatMap((invoice) => creditRows({ payments: [], adjustments: invoice.adjustments }, (adjustment) => adjustment.kind !== 'reduction'));
  if (adjustments.length > 0) {
    sectionTitle(canvas, 'Adjustments');
    drawTable(canvas, creditColumns, adjustments);
    canvas.y -= 14;
  }
  const reductions = document.invoices.flatMap((invoice) =>
    invoice.adjustments.filter((adjustment) => adjustment.kind === 'reduction').map((adjustment) => ({ invoice: invoice.number, adjustment })));
  if (reductions.length > 0) {
    sectionTitle(canvas, 'Reduction log');
    drawTable(canvas, [
      { header: 'Date', width: 58, value: (row) => formatUsDate(row.adjustment.postedOn) },
      { header: 'Invoice', width: 74, value: (row) => row.invoice },
      { header: 'Reason', width: 72, value: (row) => row.adjustment.reasonCode },
      { header: 'Note', width: 252, value: (row) => row.adjustment.memo ?? '' },
      { header: 'Reduction', width: 72, align: 'right', value: (row) => formatCents(-row.adjustment.amountCents) },
    ], reductions);
    canvas.y -= 14;
  }
  totalsBox(canvas, totalsRows(totals), ['Balance to date', formatCents(totals.balanceCents)]);
  agingStrip(canvas, agingBuckets(document.invoices, document.asOf), totals.balanceCents);
  canvas.ensureSpace(30);
  canvas.paragraph(
    'This statement lists every charge, payment and adjustment recorded for the case through the statement date. Charges billed under a letter of protection remain due in full until the case settles or a reduction is agreed in writing.',
    MARGIN, canvas.y, CONTENT_WIDTH, { size: 7.5, color: MUTED },
  );
  canvas.footer(`${contactNote(document.clinic, document.facility)}   Confidential health information.`);
  return canvas.save();
}
