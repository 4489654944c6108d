import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import {
  autoAccidentClaim, autoCase, claim, clinic, facility, invoice, line, multiDiagnosisClaim, patient,
} from '../../../test/support/billing-documents';
import { pdfPageTexts, pdfText } from '../../../test/support/pdf-text';
import { cms1500Pdf } from './cms1500-pdf';
import { billToDatePdf, invoicePdf, statementPdf } from './ledger-pdfs';

const producedAt = new Date('2026-11-28T15:00:00Z');
const asOf = '2026-11-28';

describe('invoice PDF', () => {
  it('is a loadable PDF whose text carries the header, the lines and the totals', async () => {
    const bytes = await invoicePdf({ clinic, patient, case: null, invoice: invoice(), asOf }, producedAt);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('Invoice INV-0004211');
    const text = await pdfText(bytes);
    for (const expected of ['Riverside Spine & Injury', 'Riverside Philadelphia', '1500 Market Street, Suite 400', 'INVOICE', 'INV-0004211', 'Lucía Maria Hernández', '99204', '72148', 'M54.50, M51.26', 'EFT00012345', 'CO-45']) {
      expect(text).toContain(expected);
    }
    // Totals box: charges, payments, adjustments, balance (also in the header and the aging total).
    const lines = text.split('\n');
    expect(lines[lines.indexOf('Total charges') + 1]).toBe('$1,450.00');
    expect(lines[lines.indexOf('Payments') + 1]).toBe('-$921.50');
    expect(lines[lines.indexOf('Adjustments') + 1]).toBe('-$312.75');
    expect(lines[lines.indexOf('Balance due', lines.indexOf('Adjustments')) + 1]).toBe('$215.75');
    // 53 days old on the statement date: the 31–60 bucket holds the balance.
    expect(lines[lines.indexOf('31–60 days') + 1]).toBe('$215.75');
    expect(lines[lines.indexOf('0–30 days') + 1]).toBe('$0.00');
  });

  it('continues a long invoice on further pages with the table header repeated', async () => {
    const lines = Array.from({ length: 70 }, (_, index) => line({ id: `l${index}`, procedureCode: `97${String(index).padStart(3, '0')}`, amountCents: 1_000 }));
    const bytes = await invoicePdf({ clinic, patient, case: null, invoice: invoice({ lines, payments: [], adjustments: [] }), asOf }, producedAt);
    const pages = await pdfPageTexts(bytes);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages.filter((texts) => texts.some((text) => /^97\d{3}$/.test(text)))) expect(page).toContain('Unit fee');
    expect(pages.filter((texts) => texts.includes('Unit fee')).length).toBeGreaterThan(1);
    expect(pages.flat()).toContain('$700.00');
    expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`);
  });

  it('draws names outside the standard fonts instead of failing', async () => {
    const bytes = await invoicePdf({ clinic, patient: { ...patient, firstName: 'Nguyễn', lastName: '李 Lee' }, case: null, invoice: invoice(), asOf }, producedAt);
    expect(await pdfText(bytes)).toContain('Nguyen Maria ? Lee');
  });
});

describe('patient statement PDF', () => {
  const older = invoice({
    id: 'older', number: 'INV-0003100', invoiceDate: '2026-07-10', status: 'sent', payments: [], adjustments: [],
    lines: [line({ id: 'o1', procedureCode: '99213', amountCents: 14_500, serviceDate: '2026-07-09' })],
  });

  it('lists activity per invoice, ages the balance and carries a remittance stub', async () => {
    const bytes = await statementPdf({ clinic, facility, patient, invoices: [invoice(), older], asOf }, producedAt);
    const text = await pdfText(bytes);
    const lines = text.split('\n');
    expect(lines[lines.indexOf('Total charges') + 1]).toBe('$1,595.00');
    expect(lines[lines.indexOf('Amount due', lines.indexOf('Adjustments')) + 1]).toBe('$360.75');
    expect(lines[lines.indexOf('31–60 days') + 1]).toBe('$215.75');
    expect(lines[lines.indexOf('120+ days') + 1]).toBe('$145.00');
    expect(lines[lines.indexOf('Total balance') + 1]).toBe('$360.75');
    expect(text).toContain('Balance of INV-0003100 (insurance)');
    expect(text).toContain('Amount enclosed');
    expect(text).toContain('12/28/2026');
  });

  it('says there is nothing to pay when the account is in credit', async () => {
    const overpaid = invoice({ payments: [{ ...invoice().payments[1]!, amountCents: 200_000 }], adjustments: [] });
    const text = await pdfText(await statementPdf({ clinic, facility, patient, invoices: [overpaid], asOf }, producedAt));
    expect(text).toContain('Your account has a credit of $550.00. No payment is due.');
  });
});

describe('attorney bill-to-date PDF', () => {
  it('lists every charge, payment, adjustment and the reduction log, with the case balance', async () => {
    const lop = invoice({
      payerType: 'attorney', payerName: 'Reyes & Castillo Injury Law',
      payments: [{ id: 'p', receivedOn: '2026-11-21', payerType: 'medpay', payerName: 'State Farm', method: 'check', reference: 'CHK-1001', amountCents: 50_000 }],
      adjustments: [
        { id: 'r', postedOn: '2026-11-20', kind: 'reduction', reasonCode: 'PI-RED', memo: 'Accepted counter-offer of 25%', amountCents: 36_250 },
        { id: 'w', postedOn: '2026-11-22', kind: 'write_off', reasonCode: 'SMALL', memo: 'Small balance', amountCents: 250 },
      ],
    });
    const bytes = await billToDatePdf({ clinic, facility, patient, case: autoCase, invoices: [lop], asOf }, producedAt);
    const text = await pdfText(bytes);
    for (const expected of ['BILL TO DATE', 'Maria Reyes', 'Reyes & Castillo Injury Law', 'PI-2026-0142', 'Date of injury 09/28/2026 · NJ', 'Letter of protection: on file', 'Charges (2 services)', 'CHK-1001', 'Reduction log', 'Accepted counter-offer of 25%', '-$362.50', 'Small balance']) {
      expect(text).toContain(expected);
    }
    const lines = text.split('\n');
    expect(lines[lines.indexOf('Total charges') + 1]).toBe('$1,450.00');
    expect(lines[lines.indexOf('Balance to date') + 1]).toBe('$585.00');
  });
});

describe('CMS-1500 PDF', () => {
  it('draws all 33 numbered items and fills them from the mapping', async () => {
    const bytes = await cms1500Pdf(multiDiagnosisClaim(), producedAt);
    const text = await pdfText(bytes);
    expect(text).toContain('HEALTH INSURANCE CLAIM FORM');
    expect(text).toContain('APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12');
    for (let item = 1; item <= 33; item += 1) expect(text, `item ${item}`).toMatch(new RegExp(`(^|\\n)${item}(\\.|a\\.|b\\.|\\n| )`));
    const lines = text.split('\n');
    for (const expected of ['W123456789', 'HERNANDEZ, LUCIA, M', 'M5416', 'M48061', '99214', 'RT', '59', 'ABC', '1245319599', '2992748568', '234567890', '000004213']) {
      expect(lines).toContain(expected);
    }
    // Item 28 total charge $1,280.50, printed as dollars | cents.
    const total = lines.indexOf('1280');
    expect(total).toBeGreaterThan(0);
    expect(lines[total + 1]).toBe('50');
  });

  it('checks auto accident and its state for a PI claim', async () => {
    const text = await pdfText(await cms1500Pdf(autoAccidentClaim(), producedAt));
    expect(text.split('\n')).toContain('NJ');
    expect(text).toContain('431');
  });

  it('uses one page per six lines', async () => {
    const lines = Array.from({ length: 13 }, (_, index) => line({ id: `l${index}`, procedureCode: '97110', amountCents: 4_500 }));
    const doc = await PDFDocument.load(await cms1500Pdf(claim({ invoice: invoice({ lines }) }), producedAt));
    expect(doc.getPageCount()).toBe(3);
  });
});
