import type { billingDocumentChannels, BillingFile } from '../../../shared/billing/billing-documents.contract';
import type { ClaimDocument } from '../../../shared/billing/documents/document-model';
import { DomainError } from '../../../shared/ipc/result';
import { localDate, localTime } from '../../../shared/time/facility-time';
import type { HandlerMap, SessionContext } from '../../ipc/router';
import { claimSettingsOf } from '../billing.repository';
import { billingDocumentRepository, nextInterchangeControlNumber } from './billing-documents.repository';
import { cms1500Pdf } from './cms1500-pdf';
import { billToDatePdf, invoicePdf, statementPdf } from './ledger-pdfs';
import { statementRunsFor } from './statement-run';
import { write837P } from './x12-file';

/**
 * Billing documents. Each print or export is a PHI read: the router writes its audit entry (the
 * channel name as the action) and these handlers add the patient, the entity and what was produced,
 * so the log says who printed which patient's bill, when, on which device. A statement run is logged
 * when it starts (how many patients) and when its PDF is taken (every patient in it).
 */

type FileKind = BillingFile['mimeType'];

/** Hands the bytes back, or — with `saveAs` in the desktop app — saves them where the user chose. */
async function deliver(ctx: SessionContext, fileName: string, mimeType: FileKind, bytes: Uint8Array, saveAs: boolean | undefined): Promise<BillingFile> {
  if (saveAs) {
    const saveFile = ctx.services.saveFile;
    if (!saveFile) throw new DomainError('unavailable', 'Saving to a folder is available in the desktop app. Download the file instead.');
    const savedTo = await saveFile(ctx.caller.windowKey, fileName, bytes);
    Object.assign(ctx.audit, { detail: { ...ctx.audit.detail, fileName, bytes: bytes.byteLength, saved: savedTo !== null } });
    return { fileName, mimeType, byteLength: bytes.byteLength, base64: '', savedTo };
  }
  Object.assign(ctx.audit, { detail: { ...ctx.audit.detail, fileName, bytes: bytes.byteLength } });
  return { fileName, mimeType, byteLength: bytes.byteLength, base64: Buffer.from(bytes).toString('base64'), savedTo: null };
}

function safeName(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'document';
}

export const billingDocumentHandlers = {
  'billingDocument.invoicePdf': async (input, ctx) => {
    const document = await billingDocumentRepository(ctx.services.db, ctx.subject).invoice(input.invoiceId, ctx.now);
    Object.assign(ctx.audit, { entityType: 'invoice', entityId: input.invoiceId, patientId: document.patient.id, facilityId: document.invoice.facility.id, detail: { document: 'invoice_pdf' } });
    const bytes = await invoicePdf(document, new Date(ctx.now));
    return deliver(ctx, `invoice-${safeName(document.invoice.number)}.pdf`, 'application/pdf', bytes, input.saveAs);
  },

  'billingDocument.statementPdf': async (input, ctx) => {
    const document = await billingDocumentRepository(ctx.services.db, ctx.subject).statement(input.patientId, ctx.now, input.asOf);
    Object.assign(ctx.audit, { entityType: 'patient', entityId: input.patientId, patientId: input.patientId, facilityId: document.facility.id, detail: { document: 'statement_pdf', asOf: document.asOf } });
    const bytes = await statementPdf(document, new Date(ctx.now));
    return deliver(ctx, `statement-${safeName(document.patient.mrn)}-${document.asOf}.pdf`, 'application/pdf', bytes, input.saveAs);
  },

  'billingDocument.billToDatePdf': async (input, ctx) => {
    const document = await billingDocumentRepository(ctx.services.db, ctx.subject).billToDate(input.caseId, ctx.now);
    Object.assign(ctx.audit, { entityType: 'case', entityId: input.caseId, patientId: document.patient.id, facilityId: document.facility.id, detail: { document: 'bill_to_date_pdf', invoices: document.invoices.length } });
    const bytes = await billToDatePdf(document, new Date(ctx.now));
    return deliver(ctx, `bill-to-date-${safeName(document.case.caseNumber)}-${document.asOf}.pdf`, 'application/pdf', bytes, input.saveAs);
  },

  'billingDocument.cms1500Pdf': async (input, ctx) => {
    const claim = await billingDocumentRepository(ctx.services.db, ctx.subject).claim(input.claimId, ctx.now);
    Object.assign(ctx.audit, { entityType: 'claim', entityId: input.claimId, patientId: claim.patient.id, facilityId: claim.invoice.facility.id, detail: { document: 'cms1500_pdf' } });
    const bytes = await cms1500Pdf(claim, new Date(ctx.now));
    return deliver(ctx, `cms1500-${safeName(claim.controlNumber)}.pdf`, 'application/pdf', bytes, input.saveAs);
  },

  'billingDocument.claim837p': async (input, ctx) => {
    const repo = billingDocumentRepository(ctx.services.db, ctx.subject);
    const claims: ClaimDocument[] = [];
    for (const claimId of input.claimIds) claims.push(await repo.claim(claimId, ctx.now));
    const first = claims[0];
    if (!first) throw new DomainError('invalid_input', 'Choose at least one claim.');
    const zone = first.billingFacility.timeZone;
    // The envelope is the clinic's setting (synced), so every workstation writes the same ISA/GS/1000A/1000B.
    const clinicRow = await ctx.services.db.selectFrom('clinics').selectAll().where('id', '=', ctx.subject.clinicId).executeTakeFirstOrThrow();
    const settings = claimSettingsOf(clinicRow);
    const senderId = settings.submitterId ?? settings.fallback.submitterId;
    if (!senderId) throw new DomainError('conflict', "The claim file has no submitter id: set it under Claim file settings, or the clinic's tax ID.", [{ path: 'submitterId', message: 'Required' }]);
    if (!settings.receiverId || !settings.receiverName) {
      throw new DomainError('conflict', 'Set the clearinghouse under Claim file settings before writing a claim file.', [{ path: 'receiverId', message: 'Required' }]);
    }
    const receiver = { id: settings.receiverId, name: settings.receiverName };
    // With a clinic server the number is the server's (unique across workstations); a workstation
    // without one counts on its own. Taken with the audit entry in one transaction either way.
    const fromServer = ctx.services.interchangeNumbers ? await ctx.services.interchangeNumbers.next(ctx.session) : null;
    const file = await ctx.write(async (tx) => {
      const controlNumber = fromServer ?? await nextInterchangeControlNumber(tx);
      const written = write837P(claims, {
        batchReference: `MEDORA-${String(controlNumber).padStart(9, '0')}`,
        submitter: {
          name: settings.submitterName ?? settings.fallback.submitterName, id: senderId, contactName: settings.contactName ?? settings.fallback.contactName,
          phone: settings.contactPhone ?? (settings.fallback.contactPhone || (first.billingFacility.phone ?? '')),
        },
        receiver,
      }, { senderId, receiverId: receiver.id, controlNumber, date: localDate(ctx.now, zone), time: localTime(ctx.now, zone), usage: settings.usage ?? 'P' });
      Object.assign(ctx.audit, {
        entityType: 'claim', entityId: first.claimId, patientId: claims.length === 1 ? first.patient.id : null,
        detail: { document: 'claim_837p', claimIds: input.claimIds, patientIds: [...new Set(claims.map((claim) => claim.patient.id))], interchangeControlNumber: controlNumber },
      });
      return { ...written, controlNumber };
    });
    const control = String(file.controlNumber).padStart(9, '0');
    const delivered = await deliver(ctx, `837p-${control}.x12`, 'application/edi-x12', new TextEncoder().encode(file.text), input.saveAs);
    return { ...delivered, claimCount: file.report.claimCount, interchangeControlNumber: control, warnings: file.report.warnings.map((warning) => warning.message) };
  },

  'billingDocument.statementRunStart': async (input, ctx) => {
    const repo = billingDocumentRepository(ctx.services.db, ctx.subject);
    const emit = ctx.services.emit;
    const progress = await statementRunsFor(ctx.services).start({
      userId: ctx.subject.userId, windowKey: ctx.caller.windowKey, repo, asOf: input.asOf,
      selection: { facilityId: input.facilityId, minBalanceCents: input.minBalanceCents, limit: input.limit },
      now: Date.now,
      emit: (windowKey, payload) => emit?.(windowKey, 'billingDocument.statementRun', payload),
    });
    Object.assign(ctx.audit, { entityType: 'statement_run', entityId: progress.runId, detail: { document: 'statement_run', patients: progress.total, ...input } });
    return progress;
  },

  'billingDocument.statementRunStatus': async (input, ctx) => statementRunsFor(ctx.services).status(input.runId, ctx.subject.userId),

  'billingDocument.statementRunCancel': async (input, ctx) => statementRunsFor(ctx.services).cancel(input.runId, ctx.subject.userId),

  'billingDocument.statementRunResult': async (input, ctx) => {
    const result = statementRunsFor(ctx.services).result(input.runId, ctx.subject.userId);
    Object.assign(ctx.audit, { entityType: 'statement_run', entityId: input.runId, detail: { document: 'statement_run_pdf', patientIds: result.patientIds } });
    const file = await deliver(ctx, `statements-${input.runId.slice(-12)}.pdf`, 'application/pdf', result.bytes, input.saveAs);
    return { ...file, statementCount: result.patientIds.length };
  },
} satisfies Pick<HandlerMap, keyof typeof billingDocumentChannels>;
