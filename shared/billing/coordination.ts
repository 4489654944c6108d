import { DomainError } from '../ipc/result';

/**
 * Coordination of benefits: which payer an invoice's next claim goes to, and what an earlier payer
 * did with the claim, read from the ledger, as a secondary or tertiary claim must report it (837P loops
 * 2320/2430, CMS-1500 item 29). Pure rules, used by the `claim.submit` mutator, the claim reads and the
 * claim documents alike.
 *
 * Medora records payer adjudication as ordinary ledger entries: insurance payments allocated to the
 * invoice (optionally to a line) and adjustments whose reason code is a claim adjustment group and
 * reason (`CO-45`, `PR-2`, `OA-23` …). Which earlier payer an entry belongs to:
 * - a payment whose payer name is the payer's name on the policy belongs to that payer;
 * - otherwise (an adjustment, or a payment without a matching name) it belongs to the earliest payer
 *   whose window holds its ledger date: from the day that payer's claim was submitted to the day the
 *   next payer's claim was submitted, both inclusive, in the invoice facility's zone.
 * Entries outside every window (a copay taken at the desk, the clinic's own write-offs) are not payer
 * adjudication. What a payer neither paid nor adjusted is the patient's share it left for the next
 * payer: Medora's ledger does not record how that share divides into deductible, coinsurance and
 * co-payment, so it is reported as `PR-2` (coinsurance) — the one group and reason that balances the
 * line without claiming a write-off the payer did not make.
 */

/** Claim adjustment group codes (X12 CAS01). */
export const CAS_GROUPS = ['CO', 'PR', 'OA', 'PI', 'CR'] as const;
export type CasGroup = (typeof CAS_GROUPS)[number];

/** The reason a share left unexplained by the payer's entries is reported under. */
export const UNEXPLAINED_SHARE = { group: 'PR', reason: '2' } as const satisfies { group: CasGroup; reason: string };

export interface CasAdjustment {
  readonly group: CasGroup;
  /** CARC reason code, e.g. 45, 2, 97, B7. */
  readonly reason: string;
  readonly amountCents: number;
}

/** `CO-45`, `CO45`, `PR 2` → group and reason; the clinic's own codes (`HARDSHIP`) → null. */
export function carcOf(reasonCode: string): { group: CasGroup; reason: string } | null {
  const match = /^(CO|PR|OA|PI|CR)[- ]?([0-9]{1,3}|[A-Z][0-9]{1,2})$/.exec(reasonCode.trim().toUpperCase());
  if (!match) return null;
  return { group: match[1] as CasGroup, reason: match[2] as string };
}

export interface LedgerPaymentEntry {
  readonly payerType: string;
  readonly payerName: string | null;
  readonly invoiceLineId: string | null;
  readonly amountCents: number;
  /** The ledger date of the allocation. */
  readonly date: string;
}

export interface LedgerAdjustmentEntry {
  readonly reasonCode: string;
  readonly invoiceLineId: string | null;
  readonly amountCents: number;
  readonly date: string;
}

export interface PriorPayer {
  readonly policyId: string;
  readonly payerName: string;
  /** The day its first claim for this invoice was submitted (facility zone). */
  readonly windowStart: string;
  /** The day the next payer's claim was submitted (facility zone), inclusive. */
  readonly windowEnd: string;
}

function sameName(a: string | null, b: string): boolean {
  const normal = (value: string) => value.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return a !== null && normal(a) !== '' && normal(a) === normal(b);
}

/** The payer entries of each earlier payer, by the rules above (payers in the order they were billed). */
export function attributeEntries(
  payers: readonly PriorPayer[], payments: readonly LedgerPaymentEntry[], adjustments: readonly LedgerAdjustmentEntry[],
): Map<string, { payments: LedgerPaymentEntry[]; adjustments: LedgerAdjustmentEntry[] }> {
  const out = new Map(payers.map((payer) => [payer.policyId, { payments: [] as LedgerPaymentEntry[], adjustments: [] as LedgerAdjustmentEntry[] }]));
  const inWindow = (date: string) => payers.find((payer) => payer.windowStart <= date && date <= payer.windowEnd);
  for (const payment of payments) {
    if (payment.payerType !== 'insurance' || payment.amountCents <= 0) continue;
    const payer = payers.find((candidate) => sameName(payment.payerName, candidate.payerName)) ?? inWindow(payment.date);
    if (payer) out.get(payer.policyId)?.payments.push(payment);
  }
  for (const adjustment of adjustments) {
    if (!carcOf(adjustment.reasonCode) || adjustment.amountCents <= 0) continue;
    const payer = inWindow(adjustment.date);
    if (payer) out.get(payer.policyId)?.adjustments.push(adjustment);
  }
  return out;
}

export interface LineAdjudication {
  readonly lineId: string;
  readonly paidCents: number;
  readonly adjustments: readonly CasAdjustment[];
}

/** What one earlier payer did with the claim. */
export interface PayerAdjudication {
  readonly paidCents: number;
  /** 2320 CAS: the adjustments when they are reported for the claim as a whole (empty with `lines`). */
  readonly claimAdjustments: readonly CasAdjustment[];
  /** 2430 per service line, when every entry of this payer names its line; otherwise null. */
  readonly lines: readonly LineAdjudication[] | null;
  /** DTP*573: the payer's date for its answer (the claim's status date), else its latest entry's date. */
  readonly adjudicatedOn: string;
  /** AMT*EAF: what the payer left to the patient (every PR adjustment). */
  readonly patientResponsibilityCents: number;
}

function grouped(entries: readonly LedgerAdjustmentEntry[], chargeCents: number, paidCents: number, where: string): CasAdjustment[] {
  const sums = new Map<string, CasAdjustment>();
  for (const entry of entries) {
    const code = carcOf(entry.reasonCode);
    if (!code) continue;
    const key = `${code.group}-${code.reason}`;
    sums.set(key, { ...code, amountCents: (sums.get(key)?.amountCents ?? 0) + entry.amountCents });
  }
  const adjusted = [...sums.values()].reduce((total, adjustment) => total + adjustment.amountCents, 0);
  const unexplained = chargeCents - paidCents - adjusted;
  if (unexplained < 0) {
    throw new DomainError('conflict', `The earlier payer's payments and adjustments on ${where} come to more than its charge; correct the posting before billing the next payer.`);
  }
  if (unexplained > 0) {
    const key = `${UNEXPLAINED_SHARE.group}-${UNEXPLAINED_SHARE.reason}`;
    sums.set(key, { ...UNEXPLAINED_SHARE, amountCents: (sums.get(key)?.amountCents ?? 0) + unexplained });
  }
  return [...sums.values()];
}

/**
 * One earlier payer's adjudication of the claim, balanced as the 837P requires: per line, charge =
 * paid + the line's CAS amounts; for the claim, charge = AMT*D + 2320 CAS when there are no lines.
 */
export function adjudicationOf(
  lines: readonly { id: string; amountCents: number; procedureCode: string }[],
  entries: { payments: readonly LedgerPaymentEntry[]; adjustments: readonly LedgerAdjustmentEntry[] },
  statusDate: string | null,
): PayerAdjudication {
  const paidCents = entries.payments.reduce((total, payment) => total + payment.amountCents, 0);
  const dates = [...entries.payments, ...entries.adjustments].map((entry) => entry.date).sort();
  const adjudicatedOn = statusDate ?? dates[dates.length - 1] ?? '';
  const lineIds = new Set(lines.map((line) => line.id));
  const byLine = [...entries.payments, ...entries.adjustments].length > 0
    && [...entries.payments, ...entries.adjustments].every((entry) => entry.invoiceLineId !== null && lineIds.has(entry.invoiceLineId));
  const patientShare = (adjustments: readonly CasAdjustment[]) => adjustments.filter((adjustment) => adjustment.group === 'PR').reduce((total, adjustment) => total + adjustment.amountCents, 0);
  if (byLine) {
    const perLine = lines.map((line, index) => {
      const paid = entries.payments.filter((payment) => payment.invoiceLineId === line.id).reduce((total, payment) => total + payment.amountCents, 0);
      const adjustments = grouped(entries.adjustments.filter((adjustment) => adjustment.invoiceLineId === line.id), line.amountCents, paid, `line ${index + 1} (${line.procedureCode})`);
      return { lineId: line.id, paidCents: paid, adjustments };
    });
    return {
      paidCents, claimAdjustments: [], lines: perLine, adjudicatedOn,
      patientResponsibilityCents: perLine.reduce((total, line) => total + patientShare(line.adjustments), 0),
    };
  }
  const charge = lines.reduce((total, line) => total + line.amountCents, 0);
  const claimAdjustments = grouped(entries.adjustments, charge, paidCents, 'the claim');
  return { paidCents, claimAdjustments, lines: null, adjudicatedOn, patientResponsibilityCents: patientShare(claimAdjustments) };
}

export interface PolicyRank { readonly id: string; readonly priority: number }
export interface ClaimOnInvoice { readonly policyId: string; readonly status: string }

/**
 * The policy an invoice's next claim goes to. No claim yet, or none paid: the invoice's own policy.
 * Once a payer has paid: the patient's next policy by priority after the last payer that paid, or
 * null when there is none (the rest is the patient's).
 */
export function nextClaimPolicy(invoicePolicyId: string, policies: readonly PolicyRank[], claims: readonly ClaimOnInvoice[]): { policyId: string; priorPolicyIds: string[] } | null {
  const rank = new Map(policies.map((policy) => [policy.id, policy.priority]));
  const paid = claims.filter((claim) => claim.status === 'paid' && rank.has(claim.policyId));
  if (paid.length === 0) return { policyId: invoicePolicyId, priorPolicyIds: [] };
  const lastPaid = Math.max(...paid.map((claim) => rank.get(claim.policyId) as number));
  const next = [...policies].filter((policy) => policy.priority > lastPaid).sort((a, b) => a.priority - b.priority)[0];
  if (!next) return null;
  const priorPolicyIds = [...new Set(paid.map((claim) => claim.policyId))].sort((a, b) => (rank.get(a) as number) - (rank.get(b) as number));
  return { policyId: next.id, priorPolicyIds };
}

/** Loop 2000B SBR01 / claims screen label of a policy's place in the order of payers. */
export function responsibilityLabel(priority: number): 'primary' | 'secondary' | 'tertiary' {
  return priority <= 1 ? 'primary' : priority === 2 ? 'secondary' : 'tertiary';
}
