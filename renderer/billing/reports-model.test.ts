import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgingReport, InvoiceSummary, LedgerRow, LopCaseCard, NegotiationEntry } from '../../shared/billing/billing.contract';
import {
  acceptedPayoff, agingCellCents, agingChartSeries, agingGrid, bucketShares, casesOf, formatDays, formatRate, ledgerView, lopColumns, moveInGrid,
  settlementSummary,
} from './reports-model';

function invoice(id: string, status: InvoiceSummary['status'], extra: Partial<InvoiceSummary> = {}): InvoiceSummary {
  return {
    id, provisionalNumber: `P-${id}`, invoiceNumber: status === 'draft' ? null : `INV-${id}`, status, invoiceDate: '2026-11-01', patientId: 'p', patientName: 'Doe, Jane',
    caseId: null, caseNumber: null, facilityId: 'f', payerType: 'patient', chargesCents: 0, balanceCents: 0, ...extra,
  };
}

function row(id: string, kind: LedgerRow['kind'], invoiceId: string | null, amountCents: number, description = kind): LedgerRow {
  return { id, date: '2026-11-01', kind, invoiceId, description, amountCents, balanceCents: 0, postedAt: 0 };
}

describe('ledgerView', () => {
  it('keeps drafts out of the running balance and names each entry by invoice or check number', () => {
    const invoices = [invoice('a', 'sent'), invoice('d', 'draft')];
    const view = ledgerView([
      row('1', 'charge', 'a', 10_000),
      row('2', 'charge', 'd', 5_000, '72148 × 1 (draft)'),
      row('3', 'payment', 'a', -4_000, 'Payment, patient check #1001'),
      row('4', 'credit', null, -500, 'Unapplied credit, patient check #1002'),
      row('5', 'refund', null, 200, 'Refund check'),
    ], invoices);
    expect(view.lines.map((line) => [line.reference, line.balanceCents])).toEqual([['INV-a', 10_000], ['INV-a', 6_000], ['1002', 5_500], ['—', 5_700]]);
    expect(view.drafts.map((line) => line.reference)).toEqual(['P-d']);
    expect(view.balanceCents).toBe(5_700);
  });

  it('names the service line a payment or adjustment was posted to, and none for whole-invoice credits or charges', () => {
    const line = { lineId: 'l1', procedureCode: '97110', modifiers: ['GP'], serviceDate: '2026-10-30' };
    const view = ledgerView([
      { ...row('1', 'charge', 'a', 10_000), line },
      { ...row('2', 'payment', 'a', -4_000), line },
      { ...row('3', 'adjustment', 'a', -1_000), line },
      { ...row('4', 'payment', 'a', -500), line: null },
    ], [invoice('a', 'sent')]);
    expect(view.lines.map((entry) => entry.appliedToLine?.lineId ?? null)).toEqual([null, 'l1', 'l1', null]);
  });

  it('ends at the billed invoices’ balances less unapplied credit, whatever the entries', () => {
    const entry = fc.record({ invoice: fc.constantFrom('a', 'b', 'd', null), amount: fc.integer({ min: -50_000, max: 50_000 }) });
    fc.assert(fc.property(fc.array(entry, { maxLength: 40 }), (entries) => {
      const invoices = [invoice('a', 'sent'), invoice('b', 'paid'), invoice('d', 'draft')];
      const rows = entries.map((e, i) => row(String(i), e.invoice === null ? 'credit' : e.amount >= 0 ? 'charge' : 'payment', e.invoice, e.amount));
      const billed = entries.filter((e) => e.invoice === 'a' || e.invoice === 'b').reduce((sum, e) => sum + e.amount, 0);
      const credit = entries.filter((e) => e.invoice === null).reduce((sum, e) => sum + e.amount, 0);
      const view = ledgerView(rows, invoices);
      expect(view.balanceCents).toBe(billed + credit);
      expect(view.lines.at(-1)?.balanceCents ?? 0).toBe(view.balanceCents);
      expect(view.lines.length + view.drafts.length).toBe(rows.length);
    }));
  });

  it('lists each case once, by number', () => {
    expect(casesOf([
      invoice('1', 'sent', { caseId: 'c2', caseNumber: 'PI-0002' }), invoice('2', 'sent'), invoice('3', 'sent', { caseId: 'c1', caseNumber: 'PI-0001' }),
      invoice('4', 'paid', { caseId: 'c2', caseNumber: 'PI-0002' }),
    ])).toEqual([{ id: 'c1', number: 'PI-0001' }, { id: 'c2', number: 'PI-0002' }]);
  });
});

const report: AgingReport = {
  asOf: '2026-11-28', basis: 'service_date', groupBy: 'payer_type', invoiceCount: 3,
  rows: [
    { key: 'attorney', label: 'Attorney', buckets: { d0_30: 100, d31_60: 0, d61_90: 300, d91_120: 0, d120_plus: 600 }, totalCents: 1_000 },
    { key: 'patient', label: 'Patient', buckets: { d0_30: 0, d31_60: 1_000, d61_90: 0, d91_120: 0, d120_plus: 0 }, totalCents: 1_000 },
  ],
  totals: { d0_30: 100, d31_60: 1_000, d61_90: 300, d91_120: 0, d120_plus: 600 },
  totalCents: 2_000,
};

describe('aging grid', () => {
  it('has a row per group and a column per bucket plus the row total', () => {
    const grid = agingGrid(report);
    expect(grid).toHaveLength(2);
    expect(grid[0]).toHaveLength(6);
    expect(grid[1]?.[5]).toEqual({ group: 'patient', bucket: null });
    expect(grid[0]?.[2]).toEqual({ group: 'attorney', bucket: 'd61_90' });
    expect(agingCellCents(report, { group: 'attorney', bucket: 'd120_plus' })).toBe(600);
    expect(agingCellCents(report, { group: 'patient', bucket: null })).toBe(1_000);
    expect(agingCellCents(report, { group: null, bucket: 'd31_60' })).toBe(1_000);
    expect(agingCellCents(report, { group: null, bucket: null })).toBe(2_000);
    expect(agingCellCents(report, { group: 'nobody', bucket: null })).toBe(0);
  });

  it('moves by arrows, stops at the edges, jumps with Home/End and PageUp/PageDown', () => {
    expect(moveInGrid({ row: 0, col: 0 }, 'ArrowRight', 3, 6)).toEqual({ row: 0, col: 1 });
    expect(moveInGrid({ row: 0, col: 0 }, 'ArrowUp', 3, 6)).toEqual({ row: 0, col: 0 });
    expect(moveInGrid({ row: 2, col: 5 }, 'ArrowDown', 3, 6)).toEqual({ row: 2, col: 5 });
    expect(moveInGrid({ row: 1, col: 3 }, 'Home', 3, 6)).toEqual({ row: 1, col: 0 });
    expect(moveInGrid({ row: 1, col: 3 }, 'End', 3, 6, true)).toEqual({ row: 2, col: 5 });
    expect(moveInGrid({ row: 1, col: 3 }, 'PageUp', 3, 6)).toEqual({ row: 0, col: 3 });
    expect(moveInGrid({ row: 1, col: 3 }, 'Enter', 3, 6)).toBeNull();
    expect(moveInGrid({ row: 0, col: 0 }, 'ArrowDown', 0, 6)).toBeNull();
  });

  it('never leaves the grid', () => {
    const keys = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown'];
    fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 8 }), fc.array(fc.constantFrom(...keys)), fc.boolean(), (rows, cols, presses, ctrl) => {
      let position = { row: 0, col: 0 };
      for (const key of presses) position = moveInGrid(position, key, rows, cols, ctrl) ?? position;
      expect(position.row).toBeGreaterThanOrEqual(0);
      expect(position.row).toBeLessThan(rows);
      expect(position.col).toBeGreaterThanOrEqual(0);
      expect(position.col).toBeLessThan(cols);
    }));
  });

  it('gives the chart the bucket totals in dollars and the shares in whole percent', () => {
    const series = agingChartSeries(report);
    expect(series.labels).toEqual(['0–30 days', '31–60 days', '61–90 days', '91–120 days', '120+ days']);
    expect(series.dollars).toEqual([1, 10, 3, 0, 6]);
    expect(bucketShares(report)).toEqual({ d0_30: 5, d31_60: 50, d61_90: 15, d91_120: 0, d120_plus: 30 });
    expect(bucketShares({ ...report, totalCents: 0 }).d0_30).toBe(0);
  });

  it('formats rates and days', () => {
    expect(formatRate(0.87345)).toBe('87.3%');
    expect(formatRate(0)).toBe('0.0%');
    expect(formatDays(null)).toBe('—');
    expect(formatDays(12.25)).toBe('12.3 days');
  });
});

function card(caseNumber: string, stage: LopCaseCard['stage'], balanceCents: number, attorneyName: string | null = 'Maria Reyes'): LopCaseCard {
  return {
    caseId: caseNumber, caseNumber, patientName: 'Doe, Jane', attorneyName, lopStatus: 'on_file', caseStatus: 'treating', billingSuspended: stage === 'treating',
    balanceCents, lastEntry: null, stage,
  };
}

describe('LOP board', () => {
  it('puts cases in stage order, largest balance first, with column totals, and filters by case, patient or attorney', () => {
    const columns = lopColumns([card('PI-1', 'treating', 100), card('PI-2', 'accepted', 500), card('PI-3', 'treating', 300, 'Alan Cho'), card('PI-4', 'settled', 0)]);
    expect(columns.map((column) => [column.stage, column.cards.map((c) => c.caseNumber), column.balanceCents])).toEqual([
      ['treating', ['PI-3', 'PI-1'], 400], ['negotiating', [], 0], ['accepted', ['PI-2'], 500], ['settled', ['PI-4'], 0],
    ]);
    expect(lopColumns([card('PI-1', 'treating', 100), card('PI-3', 'treating', 300, 'Alan Cho')], 'cho')[0]?.cards.map((c) => c.caseNumber)).toEqual(['PI-3']);
  });

  it('knows the accepted payoff only while the last entry is an acceptance', () => {
    const entry = (kind: NegotiationEntry['kind'], payoffCents: number): NegotiationEntry => ({
      id: kind, kind, party: 'attorney', payoffCents, balanceCents: 100_000, reductionCents: 100_000 - payoffCents, note: null, recordedAt: 0, recordedBy: 'x',
    });
    expect(acceptedPayoff([])).toBeNull();
    expect(acceptedPayoff([entry('offer', 50_000), entry('accepted', 70_000)])).toBe(70_000);
    expect(acceptedPayoff([entry('accepted', 70_000), entry('rejected', 70_000)])).toBeNull();
  });

  it('writes off what the settlement leaves open, and keeps an overpayment as credit', () => {
    expect(settlementSummary([10_000, 60_000], 100_000, true, 70_000)).toEqual({
      receivedCents: 70_000, remainingCents: 30_000, writeOffCents: 30_000, creditCents: 0, differsFromPayoffCents: null,
    });
    expect(settlementSummary([10_000], 100_000, false, 70_000)).toMatchObject({ writeOffCents: 0, remainingCents: 90_000, differsFromPayoffCents: -60_000 });
    expect(settlementSummary([120_000], 100_000, true, null)).toMatchObject({ remainingCents: 0, writeOffCents: 0, creditCents: 20_000 });
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 5_000_000 }), fc.boolean(), (parts, balance, writeOff) => {
      const summary = settlementSummary(parts, balance, writeOff, null);
      // Money received is applied or kept as credit; the balance is paid, written off or still open.
      expect(summary.receivedCents - summary.creditCents + summary.remainingCents).toBe(balance);
      expect(summary.writeOffCents).toBe(writeOff ? summary.remainingCents : 0);
    }));
  });
});
