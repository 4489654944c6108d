import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjudicationOf, attributeEntries, carcOf, nextClaimPolicy, type LedgerAdjustmentEntry, type LedgerPaymentEntry } from './coordination';

const lines = [
  { id: 'line-1', procedureCode: '99204', amountCents: 25_000 },
  { id: 'line-2', procedureCode: '72148', amountCents: 120_000 },
];

describe('claim adjustment reason codes', () => {
  it('reads group and reason from the ledger\'s reason codes, and leaves the clinic\'s own codes out', () => {
    expect(['CO-45', 'pr-2', 'OA23', 'PI 97', 'CO-B7', 'PR-P12'].map(carcOf)).toEqual([
      { group: 'CO', reason: '45' }, { group: 'PR', reason: '2' }, { group: 'OA', reason: '23' }, { group: 'PI', reason: '97' },
      { group: 'CO', reason: 'B7' }, { group: 'PR', reason: 'P12' },
    ]);
    expect(['HARDSHIP', 'CO', 'XX-45', 'CO-4567', 'PROMPT-PAY'].map(carcOf)).toEqual([null, null, null, null, null]);
  });
});

describe('which earlier payer an entry belongs to', () => {
  const payers = [
    { policyId: 'aetna', payerName: 'Aetna', windowStart: '2026-10-06', windowEnd: '2026-11-02' },
    { policyId: 'bcbs', payerName: 'Blue Cross Blue Shield', windowStart: '2026-11-02', windowEnd: '2026-11-20' },
  ];
  const payment = (payerName: string | null, date: string, payerType = 'insurance'): LedgerPaymentEntry => ({ payerType, payerName, invoiceLineId: null, amountCents: 1_000, date });
  const adjustment = (reasonCode: string, date: string): LedgerAdjustmentEntry => ({ reasonCode, invoiceLineId: null, amountCents: 500, date });

  it('by payer name first, else by the window of dates between the claims; desk copays and the clinic\'s own codes are nobody\'s', () => {
    const attributed = attributeEntries(
      payers,
      [payment('AETNA ', '2026-11-15'), payment(null, '2026-10-30'), payment('blue cross  blue shield', '2026-10-10'), payment(null, '2026-11-10'), payment(null, '2026-10-20', 'patient'), payment(null, '2026-12-01')],
      [adjustment('CO-45', '2026-10-30'), adjustment('CO-45', '2026-11-02'), adjustment('PR-1', '2026-11-12'), adjustment('HARDSHIP', '2026-10-30'), adjustment('CO-45', '2026-09-01')],
    );
    expect(attributed.get('aetna')?.payments.map((entry) => entry.date)).toEqual(['2026-11-15', '2026-10-30']);
    expect(attributed.get('bcbs')?.payments.map((entry) => entry.date)).toEqual(['2026-10-10', '2026-11-10']);
    // The day the secondary's claim was submitted still belongs to the primary (the earliest window).
    expect(attributed.get('aetna')?.adjustments.map((entry) => entry.date)).toEqual(['2026-10-30', '2026-11-02']);
    expect(attributed.get('bcbs')?.adjustments.map((entry) => entry.reasonCode)).toEqual(['PR-1']);
  });
});

describe('an earlier payer\'s adjudication', () => {
  it('per line when every entry names its line: the unposted patient share is PR-2, and each line balances', () => {
    const adjudication = adjudicationOf(lines, {
      payments: [{ payerType: 'insurance', payerName: 'Aetna', invoiceLineId: 'line-1', amountCents: 15_000, date: '2026-10-30' }],
      adjustments: [{ reasonCode: 'CO-45', invoiceLineId: 'line-1', amountCents: 5_000, date: '2026-10-30' }, { reasonCode: 'CO-97', invoiceLineId: 'line-2', amountCents: 120_000, date: '2026-10-30' }],
    }, '2026-10-28');
    expect(adjudication).toEqual({
      paidCents: 15_000, claimAdjustments: [], adjudicatedOn: '2026-10-28', patientResponsibilityCents: 5_000,
      lines: [
        { lineId: 'line-1', paidCents: 15_000, adjustments: [{ group: 'CO', reason: '45', amountCents: 5_000 }, { group: 'PR', reason: '2', amountCents: 5_000 }] },
        { lineId: 'line-2', paidCents: 0, adjustments: [{ group: 'CO', reason: '97', amountCents: 120_000 }] },
      ],
    });
  });

  it('for the claim as a whole when any entry has no line; dated by its latest entry when the claim has no payer date', () => {
    const adjudication = adjudicationOf(lines, {
      payments: [{ payerType: 'insurance', payerName: 'Aetna', invoiceLineId: 'line-1', amountCents: 15_000, date: '2026-10-30' }, { payerType: 'insurance', payerName: 'Aetna', invoiceLineId: null, amountCents: 60_000, date: '2026-11-03' }],
      adjustments: [{ reasonCode: 'CO-45', invoiceLineId: null, amountCents: 30_000, date: '2026-10-30' }],
    }, null);
    expect(adjudication).toMatchObject({ paidCents: 75_000, lines: null, adjudicatedOn: '2026-11-03', patientResponsibilityCents: 40_000 });
    expect(adjudication.claimAdjustments).toEqual([{ group: 'CO', reason: '45', amountCents: 30_000 }, { group: 'PR', reason: '2', amountCents: 40_000 }]);
  });

  it('refuses postings that come to more than the charge', () => {
    expect(() => adjudicationOf(lines, {
      payments: [{ payerType: 'insurance', payerName: 'Aetna', invoiceLineId: 'line-1', amountCents: 20_000, date: '2026-10-30' }],
      adjustments: [{ reasonCode: 'CO-45', invoiceLineId: 'line-1', amountCents: 6_000, date: '2026-10-30' }],
    }, null)).toThrow(/line 1 \(99204\) come to more than its charge/);
  });

  it('always balances: per line charge = paid + CAS, and for the claim charge = paid + every CAS (property)', () => {
    const entry = fc.record({ line: fc.constantFrom('line-1', 'line-2', null), cents: fc.integer({ min: 1, max: 40_000 }), code: fc.constantFrom('CO-45', 'PR-1', 'PR-3', 'OA-23', 'HARDSHIP') });
    fc.assert(fc.property(fc.array(entry, { maxLength: 6 }), fc.array(entry, { maxLength: 6 }), (paid, adjusted) => {
      const payments = paid.map((item) => ({ payerType: 'insurance', payerName: 'Aetna', invoiceLineId: item.line, amountCents: item.cents, date: '2026-10-30' }));
      const adjustments = adjusted.map((item) => ({ reasonCode: item.code, invoiceLineId: item.line, amountCents: item.cents, date: '2026-10-30' }));
      let adjudication;
      try {
        adjudication = adjudicationOf(lines, { payments, adjustments }, '2026-10-28');
      } catch {
        return; // over-posted: refused, checked above
      }
      const sum = (values: readonly { amountCents: number }[]) => values.reduce((total, value) => total + value.amountCents, 0);
      if (adjudication.lines) {
        for (const line of adjudication.lines) {
          const charge = lines.find((candidate) => candidate.id === line.lineId)?.amountCents ?? 0;
          expect(line.paidCents + sum(line.adjustments)).toBe(charge);
          expect(line.adjustments.every((adjustment) => adjustment.amountCents > 0)).toBe(true);
        }
        expect(adjudication.lines.reduce((total, line) => total + line.paidCents, 0)).toBe(adjudication.paidCents);
      } else {
        expect(adjudication.paidCents + sum(adjudication.claimAdjustments)).toBe(145_000);
      }
    }), { verbose: true });
  });
});

describe('the policy the next claim goes to', () => {
  const policies = [{ id: 'primary', priority: 1 }, { id: 'secondary', priority: 2 }, { id: 'tertiary', priority: 3 }];
  it('the invoice\'s policy until a payer pays, then the next by priority, then none', () => {
    expect(nextClaimPolicy('primary', policies, [])).toEqual({ policyId: 'primary', priorPolicyIds: [] });
    expect(nextClaimPolicy('primary', policies, [{ policyId: 'primary', status: 'denied' }])).toEqual({ policyId: 'primary', priorPolicyIds: [] });
    expect(nextClaimPolicy('primary', policies, [{ policyId: 'primary', status: 'paid' }])).toEqual({ policyId: 'secondary', priorPolicyIds: ['primary'] });
    expect(nextClaimPolicy('primary', policies, [{ policyId: 'secondary', status: 'paid' }, { policyId: 'primary', status: 'paid' }]))
      .toEqual({ policyId: 'tertiary', priorPolicyIds: ['primary', 'secondary'] });
    expect(nextClaimPolicy('primary', policies, [{ policyId: 'tertiary', status: 'paid' }])).toBeNull();
    expect(nextClaimPolicy('primary', [{ id: 'primary', priority: 1 }], [{ policyId: 'primary', status: 'paid' }])).toBeNull();
  });
});
