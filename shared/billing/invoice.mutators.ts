import type { z } from 'zod';
import { scopesOf } from '../auth/row-scopes';
import { newRowStamp, tombstoneStamp, updateStamp } from '../db/stamps';
import type { Database } from '../db/tables';
import { DomainError } from '../ipc/result';
import { mutator, type MutationContext } from '../sync/mutator';
import { localDate } from '../time/facility-time';
import type { Kysely } from 'kysely';
import { billingWrites, captureChargesArgs, lineInput } from './billing-writes';
import { feeFor, procedureSystemOf } from './codes';
import { assertPeriodOpen, invoiceForPosting, nextInvoiceNumber, openBalance, provisionalNumber } from './ledger.guards';



export const importCodes = mutator({
  ...billingWrites['billingCode.import'],
  async run(tx, args, ctx) {
    let added = 0;
    let updated = 0;
    for (const row of args.procedures) {
      const existing = await tx.selectFrom('procedure_codes').select('id').where('clinic_id', '=', ctx.subject.clinicId).where('code', '=', row.code).where('deleted_at', 'is', null).executeTakeFirst();
      if (existing) {
        await tx.updateTable('procedure_codes').set({ description: row.description, is_active: 1, ...updateStamp(ctx.subject, ctx.now) }).where('id', '=', existing.id).execute();
        updated++;
      } else {
        await tx.insertInto('procedure_codes').values({ ...newRowStamp(ctx.subject, ctx.now, ctx.newId()), code: row.code, code_system: procedureSystemOf(row.code) ?? 'cpt', description: row.description, is_active: 1 }).execute();
        added++;
      }
    }
    for (const row of args.diagnoses) {
      const existing = await tx.selectFrom('diagnosis_codes').select('id').where('clinic_id', '=', ctx.subject.clinicId).where('code', '=', row.code).where('deleted_at', 'is', null).executeTakeFirst();
      if (existing) {
        await tx.updateTable('diagnosis_codes').set({ description: row.description, is_active: 1, ...updateStamp(ctx.subject, ctx.now) }).where('id', '=', existing.id).execute();
        updated++;
      } else {
        await tx.insertInto('diagnosis_codes').values({ ...newRowStamp(ctx.subject, ctx.now, ctx.newId()), code: row.code, description: row.description, is_active: 1 }).execute();
        added++;
      }
    }
    return { added, updated };
  },
});


/**
 * Sets fees. An entry with the same code, modifier, payer type, facility and effective date replaces
 * the earlier one (fee schedules are settings, not ledger entries); a later effective date adds a new
 * fee that applies to services from that date.
 */
export const saveFees = mutator({
  ...billingWrites['feeSchedule.save'],
  async run(tx, args, ctx) {
    for (const entry of args.entries) {
      let same = tx.selectFrom('fee_schedule_entries').select('id').where('clinic_id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null)
        .where('procedure_code', '=', entry.procedureCode).where('effective_from', '=', entry.effectiveFrom);
      same = entry.modifier === null ? same.where('modifier', 'is', null) : same.where('modifier', '=', entry.modifier);
      same = entry.payerType === null ? same.where('payer_type', 'is', null) : same.where('payer_type', '=', entry.payerType);
      same = entry.facilityId === null ? same.where('facility_id', 'is', null) : same.where('facility_id', '=', entry.facilityId);
      for (const row of await same.execute()) await tx.updateTable('fee_schedule_entries').set(tombstoneStamp(ctx.subject, ctx.now)).where('id', '=', row.id).execute();
      await tx.insertInto('fee_schedule_entries').values({
        ...newRowStamp(ctx.subject, ctx.now, ctx.newId()), procedure_code: entry.procedureCode, modifier: entry.modifier,
        payer_type: entry.payerType, facility_id: entry.facilityId, fee_cents: entry.feeCents, effective_from: entry.effectiveFrom,
      }).execute();
    }
    return args.entries.length;
  },
});

type LineInput = z.output<typeof lineInput>;

async function feeScheduleOf(tx: Kysely<Database>, clinicId: string, codes: readonly string[]) {
  if (codes.length === 0) return [];
  const rows = await tx.selectFrom('fee_schedule_entries').select(['procedure_code', 'modifier', 'payer_type', 'facility_id', 'fee_cents', 'effective_from'])
    .where('clinic_id', '=', clinicId).where('deleted_at', 'is', null).where('procedure_code', 'in', [...new Set(codes)]).execute();
  return rows.map((row) => ({ procedureCode: row.procedure_code, modifier: row.modifier, payerType: row.payer_type, facilityId: row.facility_id, feeCents: Number(row.fee_cents), effectiveFrom: row.effective_from }));
}

/** Prices lines from the fee schedule where no fee was typed; refuses a line the schedule has no fee for. */
async function priceLines(tx: Kysely<Database>, ctx: MutationContext, payerType: string, lines: readonly LineInput[]) {
  const schedule = await feeScheduleOf(tx, ctx.subject.clinicId, lines.filter((line) => line.unitFeeCents === null).map((line) => line.procedureCode));
  return lines.map((line, index) => {
    const unitFee = line.unitFeeCents ?? feeFor(schedule, { procedureCode: line.procedureCode, modifiers: line.modifiers, payerType, facilityId: line.facilityId, serviceDate: line.serviceDate });
    if (unitFee === null) {
      throw new DomainError('invalid_input', `The fee schedule has no fee for ${line.procedureCode} on ${line.serviceDate}. Add one, or type the fee.`, [{ path: `lines.${index}.unitFeeCents`, message: 'no_fee' }]);
    }
    return { ...line, unitFeeCents: unitFee, amountCents: unitFee * line.units };
  });
}

async function insertLine(tx: Kysely<Database>, ctx: MutationContext, invoiceId: string, line: LineInput & { unitFeeCents: number; amountCents: number }, captureKey: string | null) {
  const id = line.id ?? ctx.newId();
  await tx.insertInto('invoice_lines').values({
    ...newRowStamp(ctx.subject, ctx.now, id), invoice_id: invoiceId, appointment_id: line.appointmentId, procedure_code: line.procedureCode,
    modifiers_json: JSON.stringify(line.modifiers), diagnosis_codes_json: JSON.stringify(line.diagnosisCodes), units: line.units,
    unit_fee_cents: line.unitFeeCents, amount_cents: line.amountCents, service_date: line.serviceDate, facility_id: line.facilityId,
    rendering_physician_id: line.renderingPhysicianId, capture_key: captureKey,
  }).execute();
  return id;
}

async function insertInvoice(tx: Kysely<Database>, ctx: MutationContext, header: { patientId: string; caseId: string | null; facilityId: string; payerType: Database['invoices']['payer_type']; insurancePolicyId: string | null; invoiceDate: string }) {
  const id = ctx.newId();
  await tx.insertInto('invoices').values({
    ...newRowStamp(ctx.subject, ctx.now, id), patient_id: header.patientId, case_id: header.caseId, facility_id: header.facilityId,
    payer_type: header.payerType, insurance_policy_id: header.insurancePolicyId, provisional_number: provisionalNumber(id),
    // The final number is the server's to give: a workstation never knows what other offline devices issued.
    invoice_number: ctx.side === 'server' ? await nextInvoiceNumber(tx, ctx.subject.clinicId) : null,
    status: 'draft', invoice_date: header.invoiceDate, due_date: null, finalized_at: null, sent_at: null, voided_at: null, void_reason: null,
  }).execute();
  return id;
}

function assertInvoiceScope(ctx: MutationContext, facilityId: string) {
  const scopes = scopesOf(ctx.subject, 'invoice');
  if (!scopes.includes('clinic') && !(scopes.includes('assigned_facilities') && ctx.subject.facilityIds.includes(facilityId))) {
    throw new DomainError('forbidden', 'You can bill only at facilities you are assigned to.');
  }
}


/**
 * Creates the draft invoice of a completed exam from its exam type's default codes and the fee schedule.
 * Exported for the appointment's transition to completed as well; the billing work queue calls it for
 * completed exams without charges. Each captured line carries a capture key, unique in the clinic, so
 * the same exam captured on two offline workstations is billed once (the second lands in its inbox).
 */
export async function captureCharges(tx: Kysely<Database>, args: z.output<typeof captureChargesArgs>, ctx: MutationContext): Promise<string> {
  const clinicId = ctx.subject.clinicId;
  const appointment = await tx.selectFrom('appointments')
    .innerJoin('exam_types', 'exam_types.id', 'appointments.exam_type_id')
    .select(['appointments.id', 'appointments.status', 'appointments.patient_id', 'appointments.case_id', 'appointments.facility_id', 'appointments.physician_id',
      'appointments.starts_at', 'exam_types.is_billable', 'exam_types.default_codes_json', 'exam_types.name as exam_name'])
    .where('appointments.id', '=', args.appointmentId).where('appointments.clinic_id', '=', clinicId).where('appointments.deleted_at', 'is', null).executeTakeFirst();
  if (!appointment) throw new DomainError('not_found', 'That exam was not found.');
  assertInvoiceScope(ctx, appointment.facility_id);
  if (appointment.status !== 'completed') throw new DomainError('conflict', 'Charges are captured once the exam is completed.');
  if (appointment.is_billable !== 1) throw new DomainError('conflict', `${appointment.exam_name} is not billable.`);
  const defaults = JSON.parse(appointment.default_codes_json) as { code: string; modifiers?: string[]; units?: number }[];
  if (defaults.length === 0) throw new DomainError('invalid_input', `${appointment.exam_name} has no default procedure codes. Add them to the exam type, or create the invoice by hand.`);

  const facility = await tx.selectFrom('facilities').select('time_zone').where('id', '=', appointment.facility_id).executeTakeFirstOrThrow();
  const serviceDate = localDate(appointment.starts_at, facility.time_zone);

  const [caseRow, policy] = await Promise.all([
    appointment.case_id ? tx.selectFrom('cases').select(['case_type', 'attorney_id', 'lop_status']).where('id', '=', appointment.case_id).executeTakeFirst() : undefined,
    tx.selectFrom('insurance_policies').select('id').where('patient_id', '=', appointment.patient_id).where('deleted_at', 'is', null).orderBy('priority').executeTakeFirst(),
  ]);
  const payerType = args.payerType
    ?? (caseRow && (caseRow.case_type === 'pi_auto' || caseRow.case_type === 'pi_other') && caseRow.attorney_id ? 'attorney'
      : caseRow?.case_type === 'workers_comp' ? 'workers_comp' : policy ? 'insurance' : 'patient');

  // Earlier captures of this exam on invoices since voided do not count; the generation keeps keys unique.
  const captured = await tx.selectFrom('invoice_lines').innerJoin('invoices', 'invoices.id', 'invoice_lines.invoice_id')
    .select(['invoices.status', 'invoices.id']).where('invoice_lines.appointment_id', '=', appointment.id).where('invoice_lines.capture_key', 'is not', null)
    .where('invoice_lines.deleted_at', 'is', null).execute();
  if (captured.some((row) => row.status !== 'void')) throw new DomainError('conflict', 'Charges for this exam were already captured.', [{ path: 'appointmentId', message: 'already_captured' }]);
  const generation = new Set(captured.map((row) => row.id)).size;

  const lines = await priceLines(tx, ctx, payerType, defaults.map((entry) => ({
    procedureCode: entry.code.toUpperCase(), modifiers: entry.modifiers ?? [], diagnosisCodes: args.diagnosisCodes, units: entry.units ?? 1,
    unitFeeCents: null, serviceDate, facilityId: appointment.facility_id, renderingPhysicianId: appointment.physician_id, appointmentId: appointment.id,
  })));
  const invoiceId = await insertInvoice(tx, ctx, {
    patientId: appointment.patient_id, caseId: appointment.case_id, facilityId: appointment.facility_id, payerType,
    insurancePolicyId: payerType === 'insurance' ? policy?.id ?? null : null, invoiceDate: args.invoiceDate,
  });
  for (const line of lines) await insertLine(tx, ctx, invoiceId, line, `${appointment.id}:${generation}:${line.procedureCode}${line.modifiers.length ? `-${line.modifiers.join('-')}` : ''}`);
  return invoiceId;
}

export const captureChargesMutator = mutator({
  ...billingWrites['charge.capture'],
  run: captureCharges,
});


export const createInvoice = mutator({
  ...billingWrites['invoice.create'],
  async run(tx, args, ctx) {
    assertInvoiceScope(ctx, args.facilityId);
    const patient = await tx.selectFrom('patients').select('id').where('id', '=', args.patientId).where('clinic_id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!patient) throw new DomainError('not_found', 'That patient was not found.');
    const lines = await priceLines(tx, ctx, args.payerType, args.lines);
    const invoiceId = await insertInvoice(tx, ctx, args);
    for (const line of lines) await insertLine(tx, ctx, invoiceId, { ...line, id: undefined }, null);
    return invoiceId;
  },
});

/** Edits a draft: header fields, lines changed in place, added or removed. A finalized invoice is never edited. */
export const saveDraft = mutator({
  ...billingWrites['invoice.saveDraft'],
  async run(tx, args, ctx) {
    const invoice = await invoiceForPosting(tx, ctx, args.invoiceId);
    if (invoice.status !== 'draft') throw new DomainError('conflict', 'Only a draft can be edited; void a finalized invoice and bill again.');
    await tx.updateTable('invoices').set({ payer_type: args.payerType, insurance_policy_id: args.insurancePolicyId, invoice_date: args.invoiceDate, ...updateStamp(ctx.subject, ctx.now) })
      .where('id', '=', invoice.id).execute();
    const existing = await tx.selectFrom('invoice_lines').select(['id', 'capture_key']).where('invoice_id', '=', invoice.id).where('deleted_at', 'is', null).execute();
    const kept = new Set(args.lines.flatMap((line) => (line.id ? [line.id] : [])));
    for (const row of existing) if (!kept.has(row.id)) await tx.updateTable('invoice_lines').set(tombstoneStamp(ctx.subject, ctx.now)).where('id', '=', row.id).execute();
    const priced = await priceLines(tx, ctx, args.payerType, args.lines);
    for (const line of priced) {
      const current = existing.find((row) => row.id === line.id);
      if (current) {
        await tx.updateTable('invoice_lines').set({
          procedure_code: line.procedureCode, modifiers_json: JSON.stringify(line.modifiers), diagnosis_codes_json: JSON.stringify(line.diagnosisCodes),
          units: line.units, unit_fee_cents: line.unitFeeCents, amount_cents: line.amountCents, service_date: line.serviceDate,
          facility_id: line.facilityId, rendering_physician_id: line.renderingPhysicianId, ...updateStamp(ctx.subject, ctx.now),
        }).where('id', '=', current.id).execute();
      } else {
        await insertLine(tx, ctx, invoice.id, { ...line, id: undefined }, null);
      }
    }
    return invoice.id;
  },
});

/** Finalizes a draft: its charges enter the ledger dated on the invoice date, which must be in an open month. */
export const finalizeInvoice = mutator({
  ...billingWrites['invoice.finalize'],
  async run(tx, args, ctx) {
    const invoice = await invoiceForPosting(tx, ctx, args.invoiceId);
    if (invoice.status !== 'draft') throw new DomainError('conflict', 'That invoice is already finalized.');
    await assertPeriodOpen(tx, ctx, invoice.invoice_date, 'invoiceDate');
    const lines = await tx.selectFrom('invoice_lines').select('id').where('invoice_id', '=', invoice.id).where('deleted_at', 'is', null).execute();
    if (lines.length === 0) throw new DomainError('invalid_input', 'An invoice needs at least one line.');
    await tx.updateTable('invoices').set({ status: 'finalized', finalized_at: ctx.now, due_date: args.dueDate, ...updateStamp(ctx.subject, ctx.now) }).where('id', '=', invoice.id).execute();
    return invoice.id;
  },
});

/** Marks invoices sent (statement mailed, bill-to-date to the attorney). LOP cases in suspension are sent only to the attorney. */
export const markSent = mutator({
  ...billingWrites['invoice.markSent'],
  async run(tx, args, ctx) {
    for (const invoiceId of args.invoiceIds) {
      const invoice = await invoiceForPosting(tx, ctx, invoiceId);
      if (invoice.status === 'draft' || invoice.status === 'void') throw new DomainError('conflict', 'Only a finalized invoice can be sent.');
      if (invoice.case_id && invoice.payer_type !== 'attorney') {
        const suspended = await tx.selectFrom('cases').select('billing_suspended').where('id', '=', invoice.case_id).executeTakeFirst();
        if (suspended?.billing_suspended === 1) throw new DomainError('conflict', 'Billing of this case is suspended until settlement; send the bill to the attorney only.');
      }
      await tx.updateTable('invoices').set({ sent_at: invoice.sent_at ?? ctx.now, status: invoice.status === 'finalized' ? 'sent' : invoice.status, ...updateStamp(ctx.subject, ctx.now) })
        .where('id', '=', invoice.id).execute();
    }
    return args.invoiceIds.length;
  },
});

/**
 * Voids an invoice. Nothing is deleted: its open charges are reversed by a correction entry dated on
 * the void date (which must be in an open month). An invoice with payments on it is not voided; its
 * payments are refunded or moved first.
 */
export const voidInvoice = mutator({
  ...billingWrites['invoice.void'],
  async run(tx, args, ctx) {
    const invoice = await invoiceForPosting(tx, ctx, args.invoiceId);
    if (invoice.status === 'void') throw new DomainError('conflict', 'That invoice is already void.');
    const paid = await tx.selectFrom('payment_allocations').select('id').where('invoice_id', '=', invoice.id).where('deleted_at', 'is', null).executeTakeFirst();
    if (paid) throw new DomainError('conflict', 'That invoice has payments on it. Move or refund them before voiding.');
    await assertPeriodOpen(tx, ctx, args.voidedOn, 'voidedOn');
    const open = await openBalance(tx, invoice.id);
    if (open > 0) {
      await tx.insertInto('adjustments').values({
        ...newRowStamp(ctx.subject, ctx.now, ctx.newId()), invoice_id: invoice.id, invoice_line_id: null, adjustment_kind: 'correction',
        reason_code: 'VOID', amount_cents: open, posted_on: args.voidedOn, memo: args.reason,
      }).execute();
    }
    await tx.updateTable('invoices').set({ status: 'void', voided_at: ctx.now, void_reason: args.reason, ...updateStamp(ctx.subject, ctx.now) }).where('id', '=', invoice.id).execute();
    return invoice.id;
  },
});
