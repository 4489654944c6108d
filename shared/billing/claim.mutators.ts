import { newRowStamp, updateStamp } from '../db/stamps';
import { DomainError } from '../ipc/result';
import { mutator } from '../sync/mutator';
import { billingWrites } from './billing-writes';
import { invoiceForPosting } from './ledger.guards';

/** Claim control numbers: nine digits derived from the claim id, the same on the device and the server. */
export function controlNumberOf(claimId: string): string {
  const hex = claimId.replace(/-/g, '').slice(-12);
  return String(Number.parseInt(hex, 16) % 1_000_000_000).padStart(9, '0');
}

const ACTIVE = ['draft', 'submitted', 'accepted'] as const;

/**
 * Submits a batch of claims, one per invoice billed to insurance. The batch file itself (X12 837P) is
 * written by the documents area from these rows. A case whose billing is suspended is not claimed.
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
      const active = await tx.selectFrom('claims').select('id').where('invoice_id', '=', invoice.id).where('deleted_at', 'is', null).where('status', 'in', [...ACTIVE]).executeTakeFirst();
      if (active) throw new DomainError('conflict', 'That invoice already has a claim in progress.', [{ path: 'invoiceIds', message: invoice.id }]);
      const id = ctx.newId();
      await tx.insertInto('claims').values({
        ...newRowStamp(ctx.subject, ctx.now, id), invoice_id: invoice.id, insurance_policy_id: full.insurance_policy_id, batch_id: batchId,
        status: 'submitted', control_number: controlNumberOf(id), replaces_claim_id: null, submitted_at: ctx.now, status_changed_at: ctx.now, status_reason: null,
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

/** Records the payer's answer to a claim, with the date (now) and the reason for a rejection or denial. */
export const setClaimStatus = mutator({
  ...billingWrites['claim.setStatus'],
  async run(tx, args, ctx) {
    const claim = await tx.selectFrom('claims').select(['id', 'status', 'invoice_id']).where('id', '=', args.claimId).where('clinic_id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!claim) throw new DomainError('not_found', 'That claim was not found.');
    await invoiceForPosting(tx, ctx, claim.invoice_id);
    if (!NEXT[claim.status]?.includes(args.status)) throw new DomainError('conflict', `A ${claim.status} claim cannot become ${args.status}.`);
    await tx.updateTable('claims').set({ status: args.status, status_changed_at: ctx.now, status_reason: args.reason, ...updateStamp(ctx.subject, ctx.now) }).where('id', '=', claim.id).execute();
    return claim.id;
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
      status: 'submitted', control_number: controlNumberOf(id), replaces_claim_id: claim.id, submitted_at: ctx.now, status_changed_at: ctx.now,
      status_reason: `Corrected claim: ${args.correction}`,
    }).execute();
    return id;
  },
});
