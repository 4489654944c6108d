import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateOldestFirst, balancesByInvoice, invoiceBalance, lineAllocationIssues, lineOpenBalances, planAllocation, statusForBalance, type LedgerEntry } from './ledger';

const invoiceIds = ['inv-a', 'inv-b', 'inv-c'] as const;
const date = fc.integer({ min: 1, max: 28 }).map((day) => `2026-10-${String(day).padStart(2, '0')}`);
const entry: fc.Arbitrary<LedgerEntry> = fc.record({
  invoiceId: fc.constantFrom(...invoiceIds),
  side: fc.constantFrom('charge' as const, 'credit' as const),
  amountCents: fc.integer({ min: 1, max: 500_000 }),
  entryDate: date,
});

describe('ledger balances', () => {
  it('an invoice balance is the sum of its entries, whatever order they were posted in', () => {
    fc.assert(fc.property(fc.array(entry, { maxLength: 60 }), fc.integer(), (entries, seed) => {
      const shuffled = fc.sample(fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }), { seed, numRuns: 1 })[0] ?? entries;
      const all = balancesByInvoice(entries);
      const reordered = balancesByInvoice(shuffled);
      for (const id of invoiceIds) {
        const sum = entries.filter((e) => e.invoiceId === id).reduce((total, e) => total + (e.side === 'charge' ? e.amountCents : -e.amountCents), 0);
        expect(invoiceBalance(entries, id)).toBe(sum);
        expect(all.get(id) ?? 0).toBe(sum);
        expect(reordered.get(id) ?? 0).toBe(sum);
      }
    }), { verbose: true });
  });

  it('a balance as of a date counts only entries dated on or before it', () => {
    fc.assert(fc.property(fc.array(entry, { maxLength: 40 }), date, (entries, asOf) => {
      for (const id of invoiceIds) {
        const expected = invoiceBalance(entries.filter((e) => e.entryDate <= asOf), id);
        expect(invoiceBalance(entries, id, asOf)).toBe(expected);
      }
    }), { verbose: true });
  });
});

describe('allocating a payment', () => {
  const balances = fc.dictionary(fc.constantFrom(...invoiceIds), fc.integer({ min: 0, max: 300_000 }));
  const requests = fc.array(fc.record({ invoiceId: fc.constantFrom(...invoiceIds, 'inv-unknown'), amountCents: fc.integer({ min: -1000, max: 400_000 }) }), { maxLength: 8 });

  it('never allocates more than the payment, never takes an invoice below zero, and keeps the rest as credit', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), requests, balances, (payment, asked, open) => {
      const plan = planAllocation(payment, asked, new Map(Object.entries(open)));
      const allocated = plan.allocations.reduce((sum, a) => sum + a.amountCents, 0);
      expect(allocated).toBeLessThanOrEqual(payment);
      expect(allocated + plan.unappliedCents).toBe(payment);
      expect(plan.unappliedCents).toBeGreaterThanOrEqual(0);
      for (const id of invoiceIds) {
        const taken = plan.allocations.filter((a) => a.invoiceId === id).reduce((sum, a) => sum + a.amountCents, 0);
        expect(taken).toBeLessThanOrEqual(open[id] ?? 0);
      }
      for (const allocation of plan.allocations) expect(allocation.amountCents).toBeGreaterThan(0);
    }), { verbose: true });
  });

  it('no invoice balance goes negative through postings; money beyond the balances is an explicit credit', () => {
    // A sequence of charges and payments posted through the allocation rule: at every step each invoice
    // balance is >= 0, and the account balance is negative only by the credit recorded as unapplied.
    const step = fc.oneof(
      fc.record({ kind: fc.constant('charge' as const), invoiceId: fc.constantFrom(...invoiceIds), amount: fc.integer({ min: 1, max: 100_000 }) }),
      fc.record({ kind: fc.constant('payment' as const), amount: fc.integer({ min: 1, max: 150_000 }), targets: fc.array(fc.constantFrom(...invoiceIds), { maxLength: 3 }) }),
    );
    fc.assert(fc.property(fc.array(step, { maxLength: 50 }), (steps) => {
      const entries: LedgerEntry[] = [];
      let credit = 0;
      let received = 0;
      for (const s of steps) {
        if (s.kind === 'charge') { entries.push({ invoiceId: s.invoiceId, side: 'charge', amountCents: s.amount, entryDate: '2026-10-01' }); continue; }
        received += s.amount;
        const open = balancesByInvoice(entries);
        const plan = planAllocation(s.amount, s.targets.map((invoiceId) => ({ invoiceId, amountCents: s.amount })), open);
        for (const a of plan.allocations) entries.push({ invoiceId: a.invoiceId, side: 'credit', amountCents: a.amountCents, entryDate: '2026-10-02' });
        credit += plan.unappliedCents;
        for (const balance of balancesByInvoice(entries).values()) expect(balance).toBeGreaterThanOrEqual(0);
      }
      const charged = entries.filter((e) => e.side === 'charge').reduce((sum, e) => sum + e.amountCents, 0);
      const invoicesOpen = [...balancesByInvoice(entries).values()].reduce((a, b) => a + b, 0);
      // Account balance = what invoices still owe minus unapplied credit; it equals charges minus money received.
      expect(invoicesOpen - credit).toBe(charged - received);
      if (charged - received < 0) expect(credit).toBeGreaterThan(0);
    }), { verbose: true });
  });

  it('oldest-first proposes amounts that fit each invoice and the payment', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 500_000 }), fc.array(fc.record({ invoiceId: fc.uuid(), openCents: fc.integer({ min: 0, max: 200_000 }), date }), { maxLength: 6 }), (payment, invoices) => {
      const requests = allocateOldestFirst(payment, invoices);
      expect(requests.reduce((sum, r) => sum + r.amountCents, 0)).toBe(Math.min(payment, invoices.reduce((sum, i) => sum + i.openCents, 0)));
      for (const r of requests) expect(r.amountCents).toBeLessThanOrEqual(invoices.find((i) => i.invoiceId === r.invoiceId)?.openCents ?? 0);
    }), { verbose: true });
  });
});

describe('invoice status from the balance', () => {
  it('is paid when credits cover the charges, partially paid with some credit, else sent or finalized', () => {
    expect(statusForBalance('sent', 10_000, 10_000, true)).toBe('paid');
    expect(statusForBalance('sent', 10_000, 2_000, true)).toBe('partially_paid');
    expect(statusForBalance('partially_paid', 10_000, 0, true)).toBe('sent');
    expect(statusForBalance('finalized', 10_000, 0, false)).toBe('finalized');
    expect(statusForBalance('void', 10_000, 10_000, true)).toBe('void');
    expect(statusForBalance('draft', 10_000, 0, false)).toBe('draft');
  });
});

describe('per-line balances', () => {
  interface Line { readonly lineId: string; readonly chargeCents: number }
  type Posting =
    | { readonly kind: 'invoice_payment'; readonly amountCents: number }
    | { readonly kind: 'invoice_adjustment'; readonly amountCents: number }
    | { readonly kind: 'line_payment'; readonly line: number; readonly amountCents: number; readonly paymentCents: number }
    | { readonly kind: 'line_adjustment'; readonly line: number; readonly amountCents: number };

  const lines = fc.array(fc.integer({ min: 1, max: 50_000 }), { minLength: 1, maxLength: 6 })
    .map((charges) => charges.map((chargeCents, index): Line => ({ lineId: `line-${index}`, chargeCents })));
  const amount = fc.integer({ min: 1, max: 60_000 });
  const posting: fc.Arbitrary<Posting> = fc.oneof(
    fc.record({ kind: fc.constant('invoice_payment' as const), amountCents: amount }),
    fc.record({ kind: fc.constant('invoice_adjustment' as const), amountCents: amount }),
    fc.record({ kind: fc.constant('line_payment' as const), line: fc.nat(5), amountCents: amount, paymentCents: amount }),
    fc.record({ kind: fc.constant('line_adjustment' as const), line: fc.nat(5), amountCents: amount }),
  );

  /** Posts in order as the mutators do (line requests refused when they do not fit, invoice requests capped) and checks the invariant after each. */
  function post(invoiceLines: readonly Line[], postings: readonly Posting[]) {
    const lineCredits = new Map<string, number>();
    let invoiceCredits = 0;
    const charges = invoiceLines.reduce((sum, line) => sum + line.chargeCents, 0);
    const open = () => lineOpenBalances(invoiceLines.map((line) => ({ ...line, lineCreditsCents: lineCredits.get(line.lineId) ?? 0 })), invoiceCredits);
    for (const entry of postings) {
      const balance = charges - invoiceCredits - [...lineCredits.values()].reduce((a, b) => a + b, 0);
      const lineOpen = open();
      if (entry.kind === 'invoice_payment') {
        invoiceCredits += planAllocation(entry.amountCents, [{ invoiceId: 'inv', amountCents: entry.amountCents }], new Map([['inv', balance]])).allocations.reduce((sum, a) => sum + a.amountCents, 0);
      } else if (entry.kind === 'invoice_adjustment') {
        if (entry.amountCents <= balance) invoiceCredits += entry.amountCents;
      } else {
        const line = invoiceLines[entry.line % invoiceLines.length] as Line;
        const paymentCents = entry.kind === 'line_payment' ? entry.paymentCents : entry.amountCents;
        const request = { invoiceId: 'inv', invoiceLineId: line.lineId, amountCents: entry.amountCents };
        const issues = lineAllocationIssues(paymentCents, [request], new Map([...lineOpen].map(([id, cents]) => [id, { invoiceId: 'inv', openCents: cents }])));
        const fits = entry.amountCents <= (lineOpen.get(line.lineId) ?? 0) && entry.amountCents <= paymentCents;
        expect(issues.length === 0).toBe(fits);
        if (issues.length === 0) {
          const plan = planAllocation(paymentCents, [request], new Map([['inv', balance]]));
          // A line request that fits is posted whole, never trimmed.
          expect(plan.allocations).toEqual([{ invoiceId: 'inv', invoiceLineId: line.lineId, amountCents: entry.amountCents }]);
          lineCredits.set(line.lineId, (lineCredits.get(line.lineId) ?? 0) + entry.amountCents);
        }
      }
      const after = open();
      const invoiceBalanceNow = charges - invoiceCredits - [...lineCredits.values()].reduce((a, b) => a + b, 0);
      expect([...after.values()].reduce((a, b) => a + b, 0)).toBe(invoiceBalanceNow);
      for (const cents of after.values()) expect(cents).toBeGreaterThanOrEqual(0);
      expect(invoiceBalanceNow).toBeGreaterThanOrEqual(0);
    }
    return { open: open(), balance: charges - invoiceCredits - [...lineCredits.values()].reduce((a, b) => a + b, 0) };
  }

  it('the lines’ open balances add up to the invoice balance, none below zero, under any order of postings', () => {
    fc.assert(fc.property(lines, fc.array(posting, { maxLength: 30 }), fc.integer(), (invoiceLines, postings, seed) => {
      const reordered = fc.sample(fc.shuffledSubarray(postings, { minLength: postings.length, maxLength: postings.length }), { seed, numRuns: 1 })[0] ?? postings;
      post(invoiceLines, postings);
      post(invoiceLines, reordered);
    }), { verbose: true });
  });

  it('credits to the invoice as a whole are spread over the lines first line first, after what was posted to each line', () => {
    const open = lineOpenBalances([
      { lineId: 'a', chargeCents: 10_000, lineCreditsCents: 8_000 },
      { lineId: 'b', chargeCents: 6_000, lineCreditsCents: 0 },
      { lineId: 'c', chargeCents: 4_000, lineCreditsCents: 1_000 },
    ], 5_000);
    expect([...open]).toEqual([['a', 0], ['b', 3_000], ['c', 3_000]]);
  });

  it('names each request to a line that does not fit: another invoice’s line, more than the line has open, more than the payment', () => {
    const open = new Map([['a', { invoiceId: 'inv', openCents: 5_000 }], ['b', { invoiceId: 'inv', openCents: 3_000 }]]);
    expect(lineAllocationIssues(6_000, [
      { invoiceId: 'other', invoiceLineId: 'a', amountCents: 100 },
      { invoiceId: 'inv', invoiceLineId: 'a', amountCents: 4_000 },
      { invoiceId: 'inv', invoiceLineId: 'a', amountCents: 1_500 },
      { invoiceId: 'inv', invoiceLineId: 'b', amountCents: 2_500 },
      { invoiceId: 'inv', amountCents: 9_000 },
    ], open)).toEqual([
      { index: 0, reason: 'line_not_on_invoice', openCents: 0 },
      { index: 2, reason: 'exceeds_line_balance', openCents: 1_000 },
      { index: 3, reason: 'exceeds_payment', openCents: 2_000 },
    ]);
  });
});
