import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proposeAllocation, summarizeAllocation, type OpenInvoice } from './allocation';

const invoices: OpenInvoice[] = [
  { invoiceId: 'b', date: '2026-10-02', openCents: 5_000 },
  { invoiceId: 'a', date: '2026-09-15', openCents: 12_000 },
  { invoiceId: 'c', date: '2026-11-01', openCents: 800 },
];

describe('proposeAllocation', () => {
  it('fills the oldest invoice first and leaves the rest empty', () => {
    expect(proposeAllocation(15_000, invoices)).toEqual({ a: '120.00', b: '30.00', c: '' });
  });

  it('pays everything and leaves an overpayment unallocated', () => {
    const draft = proposeAllocation(20_000, invoices);
    expect(draft).toEqual({ a: '120.00', b: '50.00', c: '8.00' });
    expect(summarizeAllocation(20_000, invoices, draft).unappliedCents).toBe(2_200);
  });

  it('proposes nothing for no amount', () => {
    expect(proposeAllocation(0, invoices)).toEqual({ a: '', b: '', c: '' });
  });
});

describe('summarizeAllocation', () => {
  it('sends what was typed, in table order, and shows the rest as credit', () => {
    const summary = summarizeAllocation(10_000, invoices, { a: '', b: '40', c: '8.00' });
    expect(summary.allocations).toEqual([{ invoiceId: 'b', amountCents: 4_000 }, { invoiceId: 'c', amountCents: 800 }]);
    expect(summary.allocatedCents).toBe(4_800);
    expect(summary.unappliedCents).toBe(5_200);
    expect(summary.overAllocated).toBe(false);
    expect(summary.errors).toEqual({});
  });

  it('marks an amount above the invoice balance and unreadable text at their rows', () => {
    const summary = summarizeAllocation(50_000, invoices, { a: '120.01', b: 'ten', c: '0' });
    expect(summary.errors).toEqual({ a: 'Only 120.00 is open on this invoice', b: 'Enter an amount in dollars, such as 125.00' });
    expect(summary.allocations).toEqual([]);
  });

  it('says when the rows together exceed the payment', () => {
    const summary = summarizeAllocation(10_000, invoices, { a: '100', b: '50' });
    expect(summary.overAllocated).toBe(true);
    expect(summary.unappliedCents).toBe(-5_000);
  });

  it('never proposes more than the payment or an invoice balance (property)', () => {
    const invoiceArb = fc.array(fc.record({ invoiceId: fc.uuid(), date: fc.constantFrom('2026-01-01', '2026-02-01', '2026-03-01'), openCents: fc.integer({ min: 0, max: 1_000_000 }) }), { maxLength: 12 })
      .map((rows) => rows.filter((row, index) => rows.findIndex((other) => other.invoiceId === row.invoiceId) === index));
    fc.assert(fc.property(fc.integer({ min: 0, max: 5_000_000 }), invoiceArb, (payment, open) => {
      const summary = summarizeAllocation(payment, open, proposeAllocation(payment, open));
      expect(summary.errors).toEqual({});
      expect(summary.overAllocated).toBe(false);
      const totalOpen = open.reduce((sum, row) => sum + row.openCents, 0);
      expect(summary.allocatedCents).toBe(Math.min(payment, totalOpen));
      expect(summary.allocatedCents + summary.unappliedCents).toBe(payment);
    }));
  });
});
