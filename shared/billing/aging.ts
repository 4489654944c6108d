/**
 * A/R aging as pure rules: which bucket an open balance falls in on an as-of date, counted from the
 * date of service or the invoice date. Dates are `YYYY-MM-DD` calendar dates (the facility's dates), so
 * the age is a whole number of days independent of any time zone.
 */

export const AGING_BUCKETS = [
  { id: 'd0_30', label: '0–30', from: 0, to: 30 },
  { id: 'd31_60', label: '31–60', from: 31, to: 60 },
  { id: 'd61_90', label: '61–90', from: 61, to: 90 },
  { id: 'd91_120', label: '91–120', from: 91, to: 120 },
  { id: 'd120_plus', label: '120+', from: 121, to: Number.POSITIVE_INFINITY },
] as const;
export type AgingBucketId = (typeof AGING_BUCKETS)[number]['id'];

export const AGING_BASES = ['service_date', 'invoice_date'] as const;
export type AgingBasis = (typeof AGING_BASES)[number];

export const AGING_GROUPINGS = ['payer_type', 'attorney', 'facility', 'physician'] as const;
export type AgingGrouping = (typeof AGING_GROUPINGS)[number];

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** The bucket of a balance that is `ageDays` old (a future-dated balance counts as current). */
export function bucketOf(ageDays: number): AgingBucketId {
  for (const bucket of AGING_BUCKETS) if (ageDays <= bucket.to) return bucket.id;
  return 'd120_plus';
}

export type BucketTotals = Record<AgingBucketId, number>;

export function emptyBuckets(): BucketTotals {
  return { d0_30: 0, d31_60: 0, d61_90: 0, d91_120: 0, d120_plus: 0 };
}

export interface AgingInput {
  readonly basisDate: string;
  readonly balanceCents: number;
  readonly groupKey: string;
}

/** Sums open balances per group and bucket. Zero balances are skipped; credits (negative) count as they are. */
export function ageBalances(rows: Iterable<AgingInput>, asOf: string): Map<string, BucketTotals> {
  const groups = new Map<string, BucketTotals>();
  for (const row of rows) {
    if (row.balanceCents === 0) continue;
    let totals = groups.get(row.groupKey);
    if (!totals) groups.set(row.groupKey, (totals = emptyBuckets()));
    totals[bucketOf(daysBetween(row.basisDate, asOf))] += row.balanceCents;
  }
  return groups;
}

/** Collected over billed, as a fraction (0 when nothing was billed). */
export function collectionRate(collectedCents: number, billedCents: number): number {
  return billedCents <= 0 ? 0 : collectedCents / billedCents;
}

/** The average of whole days, to a tenth (null when nothing reached the step): cycle times. */
export function averageDays(totalDays: number, count: number): number | null {
  return count === 0 ? null : Math.round((totalDays / count) * 10) / 10;
}
