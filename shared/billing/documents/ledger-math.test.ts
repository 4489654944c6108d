import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invoice } from '../../../test/support/billing-documents';
import { daysBetween } from '../aging';
import { invoiceBalance, type LedgerEntry } from '../ledger';
import { agingBuckets, combinedTotals, formatCents, formatUsDate, invoiceTotals, statementDueDate } from './ledger-math';

describe('invoice totals from ledger rows', () => {
  it('charges minus allocated payments minus adjustments', () => {
    expect(invoiceTotals(invoice())).toEqual({ chargesCents: 145_000, paymentsCents: 92_150, adjustmentsCents: 31_275, balanceCents: 21_575 });
  });

  it('every adjustment kind is a credit, as in the ledger', () => {
    const adjusted = invoice({
      adjustments: [
        { id: 'a', postedOn: '2026-11-01', kind: 'write_off', reasonCode: 'SMALL', memo: null, amountCents: 500 },
        { id: 'b', postedOn: '2026-11-02', kind: 'correction', reasonCode: 'FIX', memo: null, amountCents: 2_000 },
      ],
    });
    expect(invoiceTotals(adjusted)).toMatchObject({ adjustmentsCents: 2_500, balanceCents: 145_000 - 92_150 - 2_500 });
    const entries: LedgerEntry[] = [
      ...adjusted.lines.map((line) => ({ invoiceId: 'i', side: 'charge' as const, amountCents: line.amountCents, entryDate: '2026-11-01' })),
      ...adjusted.payments.map((payment) => ({ invoiceId: 'i', side: 'credit' as const, amountCents: payment.amountCents, entryDate: '2026-11-01' })),
      ...adjusted.adjustments.map((entry) => ({ invoiceId: 'i', side: 'credit' as const, amountCents: entry.amountCents, entryDate: entry.postedOn })),
    ];
    expect(invoiceTotals(adjusted).balanceCents).toBe(invoiceBalance(entries, 'i'));
  });

  it('adds several invoices', () => {
    const empty = invoice({ payments: [], adjustments: [] });
    expect(combinedTotals([invoice(), empty])).toEqual({ chargesCents: 290_000, paymentsCents: 92_150, adjustmentsCents: 31_275, balanceCents: 166_575 });
  });
});

describe('aging buckets', () => {
  const open = (invoiceDate: string, cents: number) => invoice({
    invoiceDate, payments: [], adjustments: [],
    lines: [{ ...invoice().lines[0]!, amountCents: cents }],
  });

  it.each([
    ['2026-11-28', 'd0_30'], ['2026-10-29', 'd0_30'], ['2026-10-28', 'd31_60'], ['2026-09-29', 'd31_60'],
    ['2026-09-28', 'd61_90'], ['2026-08-30', 'd61_90'], ['2026-08-29', 'd91_120'], ['2026-07-31', 'd91_120'],
    ['2026-07-30', 'd120_plus'], ['2025-01-01', 'd120_plus'], ['2026-12-05', 'd0_30'],
  ])('an invoice dated %s is in %s on 2026-11-28', (date, bucket) => {
    const buckets = agingBuckets([open(date, 1_234)], '2026-11-28');
    expect(buckets[bucket as keyof typeof buckets]).toBe(1_234);
    expect(Object.values(buckets).reduce((sum, value) => sum + value, 0)).toBe(1_234);
  });

  it('skips settled invoices and always adds up to the total balance', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ days: fc.integer({ min: -10, max: 400 }), charge: fc.integer({ min: 0, max: 5_000_000 }), paid: fc.integer({ min: 0, max: 5_000_000 }) }), { maxLength: 30 }),
      (entries) => {
        const invoices = entries.map((entry) => invoice({
          invoiceDate: new Date(Date.UTC(2026, 10, 28 - entry.days)).toISOString().slice(0, 10),
          lines: [{ ...invoice().lines[0]!, amountCents: entry.charge }],
          payments: [{ ...invoice().payments[0]!, amountCents: entry.paid }], adjustments: [],
        }));
        const buckets = agingBuckets(invoices, '2026-11-28');
        expect(Object.values(buckets).reduce((sum, value) => sum + value, 0)).toBe(combinedTotals(invoices).balanceCents);
      },
    ));
  });
});

describe('formatting at the edge', () => {
  it('money from integer cents without floating point', () => {
    expect(formatCents(0)).toBe('$0.00');
    expect(formatCents(5)).toBe('$0.05');
    expect(formatCents(123_456_789)).toBe('$1,234,567.89');
    expect(formatCents(-31_275)).toBe('-$312.75');
  });

  it('dates as US forms print them, and day counts across month ends', () => {
    expect(formatUsDate('2026-03-09')).toBe('03/09/2026');
    expect(formatUsDate(null)).toBe('');
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2026-03-08', '2026-03-09')).toBe(1);
    expect(statementDueDate('2026-11-28')).toBe('2026-12-28');
  });
});
