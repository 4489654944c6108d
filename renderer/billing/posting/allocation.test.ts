import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRestToLine, collapseInvoice, expandInvoice, lineKey, proposeAllocation, summarizeAllocation, type OpenInvoice } from './allocation';

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

describe('allocating by service line', () => {
  const byLines: OpenInvoice[] = [
    { invoiceId: 'a', date: '2026-09-15', openCents: 12_000, lines: [{ lineId: 'l1', openCents: 7_000 }, { lineId: 'l2', openCents: 5_000 }] },
    { invoiceId: 'b', date: '2026-10-02', openCents: 5_000, lines: [{ lineId: 'l3', openCents: 5_000 }] },
  ];
  const expanded = new Set(['a']);

  it('sends an expanded invoice by its lines, and the invoice as a whole otherwise', () => {
    const summary = summarizeAllocation(15_000, byLines, { a: '99', [lineKey('a', 'l1')]: '60', [lineKey('a', 'l2')]: '45.50', b: '20' }, expanded);
    expect(summary.allocations).toEqual([
      { invoiceId: 'a', invoiceLineId: 'l1', amountCents: 6_000 }, { invoiceId: 'a', invoiceLineId: 'l2', amountCents: 4_550 }, { invoiceId: 'b', amountCents: 2_000 },
    ]);
    expect(summary.invoiceTotals).toEqual({ a: 10_550, b: 2_000 });
    expect(summary.unappliedCents).toBe(2_450);
  });

  it('marks a line amount above the line’s open balance at that line and does not send it', () => {
    const summary = summarizeAllocation(15_000, byLines, { [lineKey('a', 'l2')]: '50.01' }, expanded);
    expect(summary.errors).toEqual({ [lineKey('a', 'l2')]: 'Only 50.00 is open on this line' });
    expect(summary.allocations).toEqual([]);
  });

  it('expanding spreads the invoice amount over its lines first line first; collapsing adds them back', () => {
    const draft = expandInvoice({ a: '100.00' }, byLines[0] as OpenInvoice);
    expect(draft[lineKey('a', 'l1')]).toBe('70.00');
    expect(draft[lineKey('a', 'l2')]).toBe('30.00');
    expect(collapseInvoice({ ...draft, [lineKey('a', 'l2')]: '12.34' }, byLines[0] as OpenInvoice).a).toBe('82.34');
  });

  it('"apply the rest here" gives the line what is unapplied, up to its open balance', () => {
    const start = { [lineKey('a', 'l1')]: '40.00', b: '' };
    expect(applyRestToLine(8_000, byLines, start, expanded, 'a', { lineId: 'l2', openCents: 5_000 })[lineKey('a', 'l2')]).toBe('40.00');
    expect(applyRestToLine(20_000, byLines, start, expanded, 'a', { lineId: 'l2', openCents: 5_000 })[lineKey('a', 'l2')]).toBe('50.00');
    expect(applyRestToLine(4_000, byLines, start, expanded, 'a', { lineId: 'l2', openCents: 5_000 })[lineKey('a', 'l2')]).toBe('');
  });

  it('never sends more to a line than it has open, nor more than the payment without saying so (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 30_000 }), fc.array(fc.integer({ min: 0, max: 9_000 }), { minLength: 3, maxLength: 3 }), (payment, typed) => {
      const draft = { [lineKey('a', 'l1')]: (typed[0] as number / 100).toFixed(2), [lineKey('a', 'l2')]: (typed[1] as number / 100).toFixed(2), b: (typed[2] as number / 100).toFixed(2) };
      const summary = summarizeAllocation(payment, byLines, draft, expanded);
      const open = new Map([['l1', 7_000], ['l2', 5_000]]);
      for (const allocation of summary.allocations) {
        if (allocation.invoiceLineId) expect(allocation.amountCents).toBeLessThanOrEqual(open.get(allocation.invoiceLineId) as number);
      }
      expect(summary.overAllocated).toBe(summary.allocatedCents > payment);
    }), { verbose: true });
  });
});
