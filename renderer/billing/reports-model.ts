import { AGING_BUCKETS, type AgingBucketId } from '../../shared/billing/aging';
import type { AgingReport, InvoiceSummary, LedgerRow, LineRef, LopCaseCard, NegotiationEntry } from '../../shared/billing/billing.contract';

/**
 * The pure rules behind the ledger, aging and LOP screens: the ledger's running balance, moving around the
 * aging grid by keyboard, the chart's series, the LOP board's columns and the settlement's arithmetic
 * (money typed by a person is read by `parseDollars` in shared/format/money.ts). No React, no channel
 * calls: tested on their own.
 */

// ---------------------------------------------------------------------------------------------- ledger

export const LEDGER_KIND_LABELS: Record<LedgerRow['kind'], string> = {
  charge: 'Charge',
  payment: 'Payment',
  adjustment: 'Adjustment',
  credit: 'Unapplied credit',
  refund: 'Refund',
};

export interface LedgerLine {
  readonly id: string;
  readonly date: string;
  readonly kind: LedgerRow['kind'];
  /** The invoice number (or the provisional one until the server's has synced), or the check/EFT number of an account-level entry. */
  readonly reference: string;
  readonly description: string;
  /** The service line a payment or adjustment was posted to (null: the invoice as a whole, or not a credit). */
  readonly appliedToLine: LineRef | null;
  readonly amountCents: number;
  readonly balanceCents: number;
}

export interface LedgerView {
  readonly lines: readonly LedgerLine[];
  /** Charges on draft invoices: not yet billed, so outside the balance; listed apart. */
  readonly drafts: readonly LedgerLine[];
  readonly balanceCents: number;
}

function referenceOf(row: LedgerRow, invoices: ReadonlyMap<string, InvoiceSummary>): string {
  if (row.invoiceId) {
    const invoice = invoices.get(row.invoiceId);
    return invoice ? invoice.invoiceNumber ?? invoice.provisionalNumber : '—';
  }
  return /#(\S+)/.exec(row.description)?.[1] ?? '—';
}

/**
 * The ledger as the screen shows it: the rows in their order with references, and the running balance of
 * what is billed. Entries of draft invoices are not receivables yet (the account balance leaves them out),
 * so they are listed apart and do not move the running balance; the last balance then equals the
 * account's balance (billed invoices' balances less unapplied credit).
 */
export function ledgerView(rows: readonly LedgerRow[], invoices: readonly InvoiceSummary[]): LedgerView {
  const byId = new Map(invoices.map((invoice) => [invoice.id, invoice]));
  const lines: LedgerLine[] = [];
  const drafts: LedgerLine[] = [];
  let balance = 0;
  for (const row of rows) {
    const isDraft = row.invoiceId !== null && byId.get(row.invoiceId)?.status === 'draft';
    if (!isDraft) balance += row.amountCents;
    const line: LedgerLine = {
      id: row.id, date: row.date, kind: row.kind, reference: referenceOf(row, byId), description: row.description,
      appliedToLine: row.kind === 'payment' || row.kind === 'adjustment' ? row.line ?? null : null, amountCents: row.amountCents, balanceCents: isDraft ? 0 : balance,
    };
    (isDraft ? drafts : lines).push(line);
  }
  return { lines, drafts, balanceCents: balance };
}

/** The cases a patient's ledger can be narrowed to, from its invoices (first appearance order, by case number). */
export function casesOf(invoices: readonly InvoiceSummary[]): { id: string; number: string }[] {
  const cases = new Map<string, string>();
  for (const invoice of invoices) if (invoice.caseId && !cases.has(invoice.caseId)) cases.set(invoice.caseId, invoice.caseNumber ?? invoice.caseId);
  return [...cases].map(([id, number]) => ({ id, number })).sort((a, b) => a.number.localeCompare(b.number));
}

// ----------------------------------------------------------------------------------------------- aging

export const AGING_GROUP_LABELS = { payer_type: 'Payer type', attorney: 'Attorney', facility: 'Facility', physician: 'Physician' } as const;
export const AGING_BASIS_LABELS = { service_date: 'Date of service', invoice_date: 'Invoice date' } as const;

/** A cell of the aging grid: a group (or the totals row, `group: null`) and a bucket (or the row total, `bucket: null`). */
export interface AgingCell {
  readonly group: string | null;
  readonly bucket: AgingBucketId | null;
}

export interface GridPosition {
  readonly row: number;
  readonly col: number;
}

/**
 * Where focus goes in a grid of `rows` × `cols` cells for a key: arrows move one cell and stop at the
 * edges, Home/End go to the row's first/last cell (with Ctrl, the grid's), PageUp/PageDown to the first/last row.
 * Null for any other key (the browser keeps it).
 */
export function moveInGrid(position: GridPosition, key: string, rows: number, cols: number, ctrlKey = false): GridPosition | null {
  if (rows <= 0 || cols <= 0) return null;
  const clamp = (value: number, size: number) => Math.min(size - 1, Math.max(0, value));
  const { row, col } = { row: clamp(position.row, rows), col: clamp(position.col, cols) };
  switch (key) {
    case 'ArrowUp': return { row: clamp(row - 1, rows), col };
    case 'ArrowDown': return { row: clamp(row + 1, rows), col };
    case 'ArrowLeft': return { row, col: clamp(col - 1, cols) };
    case 'ArrowRight': return { row, col: clamp(col + 1, cols) };
    case 'Home': return ctrlKey ? { row: 0, col: 0 } : { row, col: 0 };
    case 'End': return ctrlKey ? { row: rows - 1, col: cols - 1 } : { row, col: cols - 1 };
    case 'PageUp': return { row: 0, col };
    case 'PageDown': return { row: rows - 1, col };
    default: return null;
  }
}

/**
 * The drillable grid behind the aging table: one row per group, five buckets plus the row total (every
 * invoice of the group). The totals row is not a cell to drill: `aging.drill` lists one group at a time.
 */
export function agingGrid(report: AgingReport): AgingCell[][] {
  const columns: (AgingBucketId | null)[] = [...AGING_BUCKETS.map((bucket) => bucket.id), null];
  return report.rows.map((row) => columns.map((bucket) => ({ group: row.key, bucket })));
}

/** What a cell holds, in cents. */
export function agingCellCents(report: AgingReport, cell: AgingCell): number {
  const row = cell.group === null ? { buckets: report.totals, totalCents: report.totalCents } : report.rows.find((candidate) => candidate.key === cell.group);
  if (!row) return 0;
  return cell.bucket === null ? row.totalCents : row.buckets[cell.bucket];
}

/** Each bucket's share of the total, whole percent (0 when nothing is open). */
export function bucketShares(report: AgingReport): Record<AgingBucketId, number> {
  const shares = {} as Record<AgingBucketId, number>;
  for (const bucket of AGING_BUCKETS) shares[bucket.id] = report.totalCents === 0 ? 0 : Math.round((report.totals[bucket.id] / report.totalCents) * 100);
  return shares;
}

/** From teal (current) to red (oldest): the chart's colours, one per bucket. */
export const BUCKET_COLORS: Record<AgingBucketId, string> = {
  d0_30: '#0f6e6e',
  d31_60: '#3f8f7f',
  d61_90: '#c9a227',
  d91_120: '#d9822b',
  d120_plus: '#b42318',
};

/** The bar chart's data: bucket labels and their totals in dollars (chart axes need numbers; the labels format cents). */
export function agingChartSeries(report: AgingReport): { labels: string[]; dollars: number[]; colors: string[] } {
  return {
    labels: AGING_BUCKETS.map((bucket) => `${bucket.label} days`),
    dollars: AGING_BUCKETS.map((bucket) => report.totals[bucket.id] / 100),
    colors: AGING_BUCKETS.map((bucket) => BUCKET_COLORS[bucket.id]),
  };
}

/** `0.8734` → `87.3%`. */
export function formatRate(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** Average days, or a dash when no invoice reached the step. */
export function formatDays(days: number | null): string {
  if (days === null) return '—';
  return `${days.toFixed(1)} ${days === 1 ? 'day' : 'days'}`;
}

// ----------------------------------------------------------------------------------------------- LOP

export const LOP_STAGES = [
  { id: 'treating', label: 'Treating', hint: 'Billing suspended until settlement' },
  { id: 'negotiating', label: 'Negotiating', hint: 'Offers and counter-offers' },
  { id: 'accepted', label: 'Accepted', hint: 'Reduction agreed, settlement to post' },
  { id: 'settled', label: 'Settled', hint: 'Settlement posted or case closed' },
] as const satisfies readonly { id: LopCaseCard['stage']; label: string; hint: string }[];

export interface LopColumn {
  readonly stage: LopCaseCard['stage'];
  readonly label: string;
  readonly hint: string;
  readonly cards: readonly LopCaseCard[];
  readonly balanceCents: number;
}

/** The board's columns in stage order, each with its cards (largest balance first) and their total balance. */
export function lopColumns(cards: readonly LopCaseCard[], filter = ''): LopColumn[] {
  const term = filter.trim().toLowerCase();
  const shown = term === '' ? cards : cards.filter((card) =>
    [card.caseNumber, card.patientName, card.attorneyName ?? ''].some((text) => text.toLowerCase().includes(term)));
  return LOP_STAGES.map((stage) => {
    const inStage = shown.filter((card) => card.stage === stage.id).sort((a, b) => b.balanceCents - a.balanceCents || a.caseNumber.localeCompare(b.caseNumber));
    return { stage: stage.id, label: stage.label, hint: stage.hint, cards: inStage, balanceCents: inStage.reduce((sum, card) => sum + card.balanceCents, 0) };
  });
}

export const NEGOTIATION_KIND_LABELS: Record<NegotiationEntry['kind'], string> = {
  offer: 'Offer',
  counter_offer: 'Counter-offer',
  accepted: 'Accepted',
  rejected: 'Rejected',
};

/** The payoff last accepted in a negotiation (a later rejection or new offer reopens it), or null. */
export function acceptedPayoff(history: readonly NegotiationEntry[]): number | null {
  const last = history.at(-1);
  return last?.kind === 'accepted' ? last.payoffCents : null;
}

export const SETTLEMENT_SOURCE_LABELS = { medpay: 'MedPay', pip: 'PIP', insurance: 'Health insurance', attorney: 'Attorney remainder' } as const;

export interface SettlementSummary {
  readonly receivedCents: number;
  /** What stays open after the money is applied (before any write-off). */
  readonly remainingCents: number;
  /** Written off as the accepted reduction when asked. */
  readonly writeOffCents: number;
  /** Received beyond the balance: stays as unapplied credit on the account. */
  readonly creditCents: number;
  /** Received differs from the accepted payoff (null when nothing was accepted). */
  readonly differsFromPayoffCents: number | null;
}

/** The settlement's arithmetic as the mutator will do it: money applied oldest first, the rest written off if asked. */
export function settlementSummary(partsCents: readonly number[], balanceCents: number, writeOff: boolean, accepted: number | null): SettlementSummary {
  const received = partsCents.reduce((sum, cents) => sum + cents, 0);
  const applied = Math.min(received, Math.max(0, balanceCents));
  const remaining = Math.max(0, balanceCents) - applied;
  return {
    receivedCents: received,
    remainingCents: remaining,
    writeOffCents: writeOff ? remaining : 0,
    creditCents: received - applied,
    differsFromPayoffCents: accepted === null || accepted === received ? null : received - accepted,
  };
}
