import type { Kysely } from 'kysely';
import { newRowStamp, updateStamp } from '../db/stamps';
import type { Database } from '../db/tables';
import { DomainError } from '../ipc/result';
import { localDate } from '../time/facility-time';
import { mutator } from '../sync/mutator';
import { billingWrites } from './billing-writes';
import { nextClaimPolicy } from './coordination';
import { invoiceForPosting, openBalance } from './ledger.guards';

/** Claim control numbers: nine digits derived from the claim id, the same on the device and the server. */
export function controlNumberOf(claimId: string): string {
  const hex = claimId.replace(/-/g, '').slice(-12);
  return String(Number.parseInt(hex, 16) % 1_000_000_000).padStart(9, '0');
}

/** A claim still with its payer (or about to be sent): an invoice has at most one. */
export const ACTIVE_CLAIM_STATUSES = ['draft', 'submitted', 'accepted'] as const;

/**
 * The policy an invoice's claim goes to: its own policy first; once a payer has paid, the patient's
 * next policy by priority (secondary, then tertiary), and only while something is left to claim.
 */
async function claimPolicyFor(tx: Kysely<Database>, invoiceId: string, patientId: string, invoicePolicyId: string): Promise<string> {
  const claims = await tx.selectFrom('claims').select(['insurance_policy_id', 'status']).where('invoice_id', '=', invoiceId).where('deleted_at', 'is', null).execute();
  if (!claims.some((claim) => claim.status === 'paid')) return invoicePolicyId;
  const policies = await tx.selectFrom('insurance_policies').select(['id', 'priority']).where('patient_id', '=', patientId).where('deleted_at', 'is', null).execute();
  const next = nextClaimPolicy(invoicePolicyId, policies, claims.map((claim) => ({ policyId: claim.insurance_policy_id, status: claim.status })));
  if (!next) throw new DomainError('conflict', 'Every insurer of the patient has paid its part; bill what is left to the patient.', [{ path: 'invoiceIds', message: invoiceId }]);
  if (await openBalance(tx, invoiceId) <= 0) throw new DomainError('conflict', 'Nothing is left to claim on that invoice.', [{ path: 'invoiceIds', message: invoiceId }]);
  return next.policyId;
}

/**
 * Submits a batch of claims, one per invoice billed to insurance. The batch file itself (X12 837P) is
 * written by the documents area from these rows. A case whose billing is suspended is not claimed.
 * An invoice whose payer has paid (claim `paid`) and that still has a balance is claimed from the
 * patient's next policy: the secondary after the primary, the tertiary after the secondary.
 */
export const submitClaims = mutator({
  ...billingWrites['claim.submit'],
  async run(tx, args, ctx) {
    const batchId = args.batchId ?? `B-${ctx.newId().replace(/-/g, '').slice(-10).toUpperCase()}`;
    const claimIds: string[] = [];
    for (const invoiceId of args.invoiceIds) {
      const invoice = await invoiceForPosting(tx, ctx, invoiceId);
      const full = await tx.selectFrom('invoices').select(['insurance_policy_id', 'case_id']).where('id', '=', invoice.id).executeTakeFirstOrThrow();
      if (invoice.status === 'draft' || invoice.status === 'void') throw new DomainError('conflict', 'Finalize the invoice before claiming it.', [{ path: 'invoiceIds', message: invoice.id }]);
      if (invoice.payer_type !== 'insurance' || !full.insurance_policy_id) throw new DomainError('invalid_input', 'Only invoices billed to an insurance policy are claimed.', [{ path: 'invoiceIds', message: invoice.id }]);
      if (full.case_id) {
        const caseRow = await tx.selectFrom('cases').select('billing_suspended').where('id', '=', full.case_id).executeTakeFirst();
        if (caseRow?.billing_suspended === 1) throw new DomainError('conflict', 'Billing of this case is suspended until settlement.', [{ path: 'invoiceIds', message: invoice.id }]);
      }
      const active = await tx.selectFrom('claims').select('id').where('invoice_id', '=', invoice.id).where('deleted_at', 'is', null).where('status', 'in', [...ACTIVE_CLAIM_STATUSES]).executeTakeFirst();
      if (active) throw new DomainError('conflict', 'That invoice already has a claim in progress.', [{ path: 'invoiceIds', message: invoice.id }]);
      const policyId = await claimPolicyFor(tx, invoice.id, invoice.patient_id, full.insurance_policy_id);
      const id = ctx.newId();
      await tx.insertInto('claims').values({
        ...newRowStamp(ctx.subject, ctx.now, id), invoice_id: invoice.id, insurance_policy_id: policyId, batch_id: batchId,
        status: 'submitted', control_number: controlNumberOf(id), replaces_claim_id: null, submitted_at: ctx.now, status_changed_at: ctx.now, status_date: null, status_reason: null,
      }).execute();
      if (invoice.status === 'finalized') await tx.updateTable('invoices').set({ status: 'sent', sent_at: invoice.sent_at ?? ctx.now, ...updateStamp(ctx.subject, ctx.now) }).where('id', '=', invoice.id).execute();
      claimIds.push(id);
    }
    return { batchId, claimIds };
  },
});

const NEXT: Record<string, readonly string[]> = {
  submitted: ['accepted', 'rejected', 'denied', 'paid'],
  accepted: ['paid', 'denied'],
  rejected: [],
  denied: [],
  paid: [],
  draft: ['submitted'],
};

/**
 * Checks the date a payer gave for a claim's answer: a real day, not after today and not before the
 * claim was submitted, both in the invoice facility's zone (never the workstation's). The server runs
 * the same check, so a bad date is refused with `invalid_input` on `statusDate` wherever it is entered.
 */
export function checkStatusDate(statusDate: string, context: { now: number; submittedAt: number | null; timeZone: string }): void {
  const today = localDate(context.now, context.timeZone);
  if (statusDate > today) {
    throw new DomainError('invalid_input', 'The payer\'s date cannot be in the future.', [{ path: 'statusDate', message: `Use ${today} or earlier` }]);
  }
  if (context.submittedAt !== null) {
    const submitted = localDate(context.submittedAt, context.timeZone);
    if (statusDate < submitted) {
      throw new DomainError('invalid_input', 'The payer\'s date cannot be before the claim was submitted.', [{ path: 'statusDate', message: `Use ${submitted} or later` }]);
    }
  }
}

/**
 * Records the payer's answer to a claim: the status, the date the payer gave (`status_date`) and, for a
 * rejection or denial, the reason. When it was recorded is kept apart (`status_changed_at`).
 */
export const setClaimStatus = mutator({
  ...billingWrites['claim.setStatus'],
  async run(tx, args, ctx) {
    const claim = await tx.selectFrom('claims').select(['id', 'status', 'invoice_id', 'submitted_at']).where('id', '=', args.claimId).where('clinic_id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!claim) throw new DomainError('not_found', 'That claim was not found.');
    const invoice = await invoiceForPosting(tx, ctx, claim.invoice_id);
    if (!NEXT[claim.status]?.includes(args.status)) throw new DomainError('conflict', `A ${claim.status} claim cannot become ${args.status}.`);
    const facility = await tx.selectFrom('facilities').select('time_zone').where('id', '=', invoice.facility_id).executeTakeFirstOrThrow();
    checkStatusDate(args.statusDate, { now: ctx.now, submittedAt: claim.submitted_at, timeZone: facility.time_zone });
    await tx.updateTable('claims').set({
      status: args.status, status_date: args.statusDate, status_changed_at: ctx.now, status_reason: args.reason, ...updateStamp(ctx.subject, ctx.now),
    }).where('id', '=', claim.id).execute();
    return claim.id;
  },
});

/**
 * Sets the clinic's 837P envelope (a clinic setting, synced, so every workstation writes the same ISA,
 * GS and 1000A/1000B). Billing and clinic admins (`claim.manage`) may change it.
 */
export const saveClaimSettings = mutator({
  ...billingWrites['claimSettings.save'],
  async run(tx, args, ctx) {
    const updated = await tx.updateTable('clinics').set({
      claim_submitter_id: args.submitterId, claim_submitter_name: args.submitterName, claim_contact_name: args.contactName,
      claim_contact_phone: args.contactPhone, claim_receiver_id: args.receiverId, claim_receiver_name: args.receiverName, claim_file_usage: args.usage,
      ...updateStamp(ctx.subject, ctx.now),
    }).where('id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
    if (updated.numUpdatedRows === 0n) throw new DomainError('not_found', 'The clinic was not found.');
    return ctx.subject.clinicId;
  },
});

/** Resubmits a rejected or denied claim as a corrected claim that names the one it replaces. */
export const resubmitClaim = mutator({
  ...billingWrites['claim.resubmit'],
  async run(tx, args, ctx) {
    const claim = await tx.selectFrom('claims').selectAll().where('id', '=', args.claimId).where('clinic_id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!claim) throw new DomainError('not_found', 'That claim was not found.');
    await invoiceForPosting(tx, ctx, claim.invoice_id);
    if (claim.status !== 'rejected' && claim.status !== 'denied') throw new DomainError('conflict', 'Only a rejected or denied claim is resubmitted.');
    const replaced = await tx.selectFrom('claims').select('id').where('replaces_claim_id', '=', claim.id).where('deleted_at', 'is', null).executeTakeFirst();
    if (replaced) throw new DomainError('conflict', 'That claim was already resubmitted.');
    const id = ctx.newId();
    await tx.insertInto('claims').values({
      ...newRowStamp(ctx.subject, ctx.now, id), invoice_id: claim.invoice_id, insurance_policy_id: claim.insurance_policy_id, batch_id: null,
      status: 'submitted', control_number: controlNumberOf(id), replaces_claim_id: claim.id, submitted_at: ctx.now, status_changed_at: ctx.now, status_date: null,
      status_reason: `Corrected claim: ${args.correction}`,
    }).execute();
    return id;
  },
});
