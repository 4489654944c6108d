import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatementRunProgress } from '../../../shared/billing/billing-documents.contract';
import { validate837P } from '../../../shared/billing/x12/x12-validate';
import { newId } from '../../../shared/ids';
import { createClinicFixture, invoke, type ClinicFixture } from '../../../test/support/clinic-fixture';
import { pdfText } from '../../../test/support/pdf-text';
import type { Caller } from '../../ipc/router';

/**
 * The billing-document channels against a real replica: role and row scopes, the audit entry of
 * each print, the claim file's control numbers, and a statement run with progress events and cancel.
 */

let fixture: ClinicFixture;
const ids = {
  alice: '', bianca: '', aliceInvoice: '', biancaInvoice: '', claim: '', ownCase: '', otherCase: '', otherInvoice: '',
};

async function seedLedger(f: ClinicFixture): Promise<void> {
  const db = f.db;
  const now = Date.parse('2026-11-28T12:00:00Z');
  const stamp = () => ({ id: newId(), clinic_id: f.clinicId, created_at: now, created_by: f.users.billing.id, updated_at: now, updated_by: f.users.billing.id, deleted_at: null });
  await db.updateTable('clinics').set({ legal_name: 'Fixture Clinic P.C.', tax_id: '12-3456789', npi: '2992748568', phone: '(212) 555-0100' }).where('id', '=', f.clinicId).execute();
  await db.updateTable('facilities').set({ postal_code: '100012345' }).where('clinic_id', '=', f.clinicId).execute();
  const patients = await db.selectFrom('patients').select(['id', 'first_name', 'home_facility_id']).orderBy('first_name').execute();
  const [alice, bianca] = patients;
  if (!alice || !bianca) throw new Error('the clinic fixture has two patients');
  ids.alice = alice.id;
  ids.bianca = bianca.id;
  await db.updateTable('patients').set({ address_line1: '5 Oak St', city: 'New York', state: 'NY', postal_code: '10001', phone: '(212) 555-0111' }).execute();
  const physician = await db.selectFrom('physicians').select('id').orderBy('last_name', 'desc').executeTakeFirstOrThrow();
  const attorney = await db.selectFrom('attorneys').select('id').executeTakeFirstOrThrow();
  const otherAttorney = { ...stamp(), name: 'Sam Other', firm_name: 'Other Firm', phone: null, email: null, address: null };
  await db.insertInto('attorneys').values(otherAttorney).execute();

  const policy = { ...stamp(), patient_id: alice.id, priority: 1, payer_name: 'Aetna', payer_id: '60054', member_id: 'W100', group_number: 'G1', subscriber_name: 'Alice Doe', subscriber_relationship: 'self' as const, subscriber_date_of_birth: '1980-02-03', effective_from: null, effective_to: null, card_front_document_id: null, card_back_document_id: null };
  await db.insertInto('insurance_policies').values(policy).execute();
  const ownCase = { ...stamp(), patient_id: bianca.id, case_number: 'PI-1', case_type: 'pi_auto' as const, status: 'treating' as const, date_of_injury: '2026-09-01', accident_state: 'CA', description: null, attorney_id: attorney.id, lop_status: 'on_file' as const, lop_document_id: null, policy_limit_cents: null, referral_source: null, billing_suspended: 1 as const, last_attorney_contact_at: null };
  const otherCase = { ...ownCase, ...stamp(), case_number: 'PI-2', attorney_id: otherAttorney.id };
  await db.insertInto('cases').values([ownCase, otherCase]).execute();
  ids.ownCase = ownCase.id;
  ids.otherCase = otherCase.id;

  const invoice = (patientId: string, facilityId: string, caseId: string | null, payerType: 'insurance' | 'attorney', number: string, date: string) => ({
    ...stamp(), patient_id: patientId, case_id: caseId, facility_id: facilityId, payer_type: payerType, insurance_policy_id: payerType === 'insurance' ? policy.id : null,
    provisional_number: `P-${number}`, invoice_number: number, status: 'sent' as const, invoice_date: date, due_date: null, finalized_at: now, sent_at: now, voided_at: null, void_reason: null,
  });
  const line = (invoiceId: string, facilityId: string, code: string, cents: number) => ({
    ...stamp(), invoice_id: invoiceId, appointment_id: null, procedure_code: code, modifiers_json: '["25"]', diagnosis_codes_json: '["M54.50","M51.26"]', units: 1,
    unit_fee_cents: cents, amount_cents: cents, service_date: '2026-10-01', facility_id: facilityId, rendering_physician_id: physician.id,
  });
  const aliceInvoice = invoice(alice.id, f.facilityA, null, 'insurance', 'INV-1', '2026-10-02');
  const biancaInvoice = invoice(bianca.id, f.facilityB, ownCase.id, 'attorney', 'INV-2', '2026-09-15');
  const otherInvoice = invoice(bianca.id, f.facilityB, otherCase.id, 'attorney', 'INV-3', '2026-09-20');
  await db.insertInto('invoices').values([aliceInvoice, biancaInvoice, otherInvoice]).execute();
  ids.aliceInvoice = aliceInvoice.id;
  ids.biancaInvoice = biancaInvoice.id;
  ids.otherInvoice = otherInvoice.id;
  await db.insertInto('invoice_lines').values([
    line(aliceInvoice.id, f.facilityA, '99204', 25_000), line(aliceInvoice.id, f.facilityA, '72148', 120_000),
    line(biancaInvoice.id, f.facilityB, '99203', 21_000), line(otherInvoice.id, f.facilityB, '99213', 9_000),
  ]).execute();
  const payment = { ...stamp(), payer_type: 'patient' as const, payer_name: null, method: 'card' as const, external_reference: null, amount_cents: 4_000, received_on: '2026-10-02', patient_id: alice.id, case_id: null, facility_id: f.facilityA, memo: null };
  await db.insertInto('payments').values(payment).execute();
  await db.insertInto('payment_allocations').values({ ...stamp(), payment_id: payment.id, invoice_id: aliceInvoice.id, invoice_line_id: null, amount_cents: 4_000, applied_on: '2026-10-02' }).execute();
  await db.insertInto('adjustments').values([
    { ...stamp(), invoice_id: aliceInvoice.id, invoice_line_id: null, adjustment_kind: 'contractual' as const, reason_code: 'CO-45', amount_cents: 31_275, posted_on: '2026-10-30', memo: null },
    { ...stamp(), invoice_id: biancaInvoice.id, invoice_line_id: null, adjustment_kind: 'reduction' as const, reason_code: 'PI-RED', amount_cents: 5_250, posted_on: '2026-11-20', memo: 'Agreed reduction of 25%' },
  ]).execute();
  const claim = { ...stamp(), invoice_id: aliceInvoice.id, insurance_policy_id: policy.id, batch_id: null, status: 'submitted' as const, control_number: '000000042', replaces_claim_id: null, submitted_at: now, status_changed_at: null, status_date: null, status_reason: null };
  await db.insertInto('claims').values(claim).execute();
  ids.claim = claim.id;
}

function bytesOf(file: { base64: string }): Uint8Array {
  return new Uint8Array(Buffer.from(file.base64, 'base64'));
}

beforeAll(async () => {
  fixture = await createClinicFixture();
  await seedLedger(fixture);
}, 120_000);

afterAll(async () => fixture.cleanup());

describe('document channels', () => {
  it('prints an invoice with its balance from the ledger, and audits the print with the patient', async () => {
    const billing = await fixture.login('billing');
    const result = await invoke(fixture.core, billing, 'billingDocument.invoicePdf', { invoiceId: ids.aliceInvoice });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({ fileName: 'invoice-INV-1.pdf', mimeType: 'application/pdf', savedTo: null });
    const text = (await pdfText(bytesOf(result.value))).split('\n');
    expect(text[text.indexOf('Total charges') + 1]).toBe('$1,450.00');
    expect(text[text.indexOf('Balance due', text.indexOf('Adjustments')) + 1]).toBe('$1,097.25');
    const entry = await fixture.db.selectFrom('audit_log').selectAll().where('action', '=', 'billingDocument.invoicePdf').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ user_id: fixture.users.billing.id, entity_type: 'invoice', entity_id: ids.aliceInvoice, patient_id: ids.alice, facility_id: fixture.facilityA });
    expect(JSON.parse(entry.detail_json)).toMatchObject({ document: 'invoice_pdf', fileName: 'invoice-INV-1.pdf' });
  });

  it('keeps front desk to its facility: an invoice elsewhere is not found', async () => {
    const desk = await fixture.login('front_desk');
    expect((await invoke(fixture.core, desk, 'billingDocument.invoicePdf', { invoiceId: ids.aliceInvoice })).ok).toBe(true);
    const elsewhere = await invoke(fixture.core, desk, 'billingDocument.invoicePdf', { invoiceId: ids.biancaInvoice });
    expect(elsewhere.ok ? 'ok' : elsewhere.error.code).toBe('not_found');
  });

  it("gives an attorney the bill-to-date of their own case only, and no claim documents", async () => {
    const attorney = await fixture.login('attorney');
    const own = await invoke(fixture.core, attorney, 'billingDocument.billToDatePdf', { caseId: ids.ownCase });
    if (!own.ok) throw new Error(own.error.message);
    const text = await pdfText(bytesOf(own.value));
    expect(text).toContain('Reduction log');
    expect(text).toContain('Agreed reduction of 25%');
    expect(text).not.toContain('INV-3');
    const lines = text.split('\n');
    expect(lines[lines.indexOf('Balance to date') + 1]).toBe('$157.50');
    const other = await invoke(fixture.core, attorney, 'billingDocument.billToDatePdf', { caseId: ids.otherCase });
    expect(other.ok ? 'ok' : other.error.code).toBe('not_found');
    const otherInvoice = await invoke(fixture.core, attorney, 'billingDocument.invoicePdf', { invoiceId: ids.otherInvoice });
    expect(otherInvoice.ok ? 'ok' : otherInvoice.error.code).toBe('not_found');
    const claim = await invoke(fixture.core, attorney, 'billingDocument.cms1500Pdf', { claimId: ids.claim });
    expect(claim.ok ? 'ok' : claim.error.code).toBe('forbidden');
  });

  it('prints a statement of the open invoices and a CMS-1500 for the claim', async () => {
    const billing = await fixture.login('billing');
    const statement = await invoke(fixture.core, billing, 'billingDocument.statementPdf', { patientId: ids.bianca, asOf: '2026-11-28' });
    if (!statement.ok) throw new Error(statement.error.message);
    const statementText = (await pdfText(bytesOf(statement.value))).split('\n');
    expect(statementText[statementText.indexOf('Total balance') + 1]).toBe('$247.50');
    expect(statementText[statementText.indexOf('61–90 days') + 1]).toBe('$247.50');
    const form = await invoke(fixture.core, billing, 'billingDocument.cms1500Pdf', { claimId: ids.claim });
    if (!form.ok) throw new Error(form.error.message);
    const formText = (await pdfText(bytesOf(form.value))).split('\n');
    for (const expected of ['DOE, ALICE', 'W100', 'M5450', '99204', '2992748568', '123456789', '000000042']) expect(formText).toContain(expected);
  });

  it('writes a valid 837P with a new interchange control number each time, audited in the same transaction', async () => {
    const billing = await fixture.login('billing');
    const input = { claimIds: [ids.claim] };
    // The envelope is the clinic's setting: without a clearinghouse no file is written (and no number taken).
    const unset = await invoke(fixture.core, billing, 'billingDocument.claim837p', input);
    expect(unset.ok ? 'ok' : [unset.error.code, unset.error.fields?.[0]?.path]).toEqual(['conflict', 'receiverId']);
    const saved = await invoke(fixture.core, billing, 'claimSettings.save', { receiverId: 'availity01', receiverName: 'Availity', contactName: 'Rita Moreno', contactPhone: '(212) 555-0134', usage: 'T' });
    if (!saved.ok) throw new Error(saved.error.message);
    const first = await invoke(fixture.core, billing, 'billingDocument.claim837p', input);
    const second = await invoke(fixture.core, billing, 'billingDocument.claim837p', input);
    if (!first.ok || !second.ok) throw new Error('837P export failed');
    expect(Number(second.value.interchangeControlNumber)).toBe(Number(first.value.interchangeControlNumber) + 1);
    const text = Buffer.from(first.value.base64, 'base64').toString('utf8');
    expect(validate837P(text).errors).toEqual([]);
    expect(text).toContain(`ISA*00*          *00*          *ZZ*123456789      *ZZ*AVAILITY01     *`);
    expect(text).toContain('*T*:~');
    expect(text).toContain('PER*IC*RITA MORENO*TE*2125550134~');
    expect(text).toContain('NM1*40*2*AVAILITY*****46*AVAILITY01~');
    expect(first.value).toMatchObject({ claimCount: 1, warnings: [], mimeType: 'application/edi-x12' });
    const audits = await fixture.db.selectFrom('audit_log').select('detail_json').where('action', '=', 'billingDocument.claim837p').execute();
    expect(audits.map((entry) => JSON.parse(entry.detail_json).interchangeControlNumber)).toEqual(
      expect.arrayContaining([Number(first.value.interchangeControlNumber), Number(second.value.interchangeControlNumber)]),
    );
  });

  it('refuses saving to a folder where there is no desktop save dialog, and writes nothing', async () => {
    const billing = await fixture.login('billing');
    const result = await invoke(fixture.core, billing, 'billingDocument.invoicePdf', { invoiceId: ids.aliceInvoice, saveAs: true });
    expect(result.ok ? 'ok' : result.error.code).toBe('unavailable');
  });
});

describe('statement runs', () => {
  const extraPatients = 120;

  beforeAll(async () => {
    const db = fixture.db;
    const now = Date.parse('2026-11-28T12:00:00Z');
    const physician = await db.selectFrom('physicians').select('id').executeTakeFirstOrThrow();
    const stamp = (id = newId()) => ({ id, clinic_id: fixture.clinicId, created_at: now, created_by: fixture.users.billing.id, updated_at: now, updated_by: fixture.users.billing.id, deleted_at: null });
    const template = await db.selectFrom('patients').selectAll().where('id', '=', ids.alice).executeTakeFirstOrThrow();
    const patients = [];
    const invoices = [];
    const lines = [];
    for (let index = 0; index < extraPatients; index += 1) {
      const patient = { ...template, ...stamp(), mrn: `RUN-${index}`, first_name: `Run${String(index).padStart(3, '0')}`, last_name: 'Batch' };
      const invoice = { ...stamp(), patient_id: patient.id, case_id: null, facility_id: fixture.facilityA, payer_type: 'patient' as const, insurance_policy_id: null, provisional_number: `P-R${index}`, invoice_number: `INV-R${index}`, status: 'sent' as const, invoice_date: '2026-08-01', due_date: null, finalized_at: now, sent_at: now, voided_at: null, void_reason: null };
      patients.push(patient);
      invoices.push(invoice);
      lines.push({ ...stamp(), invoice_id: invoice.id, appointment_id: null, procedure_code: '99213', modifiers_json: '[]', diagnosis_codes_json: '["M54.50"]', units: 1, unit_fee_cents: 10_000 + index, amount_cents: 10_000 + index, service_date: '2026-08-01', facility_id: fixture.facilityA, rendering_physician_id: physician.id });
    }
    await db.insertInto('patients').values(patients).execute();
    await db.insertInto('invoices').values(invoices).execute();
    await db.insertInto('invoice_lines').values(lines).execute();
  }, 60_000);

  function collect(caller: Caller) {
    const events: StatementRunProgress[] = [];
    let settle: (progress: StatementRunProgress) => void = () => undefined;
    const settled = new Promise<StatementRunProgress>((resolve) => (settle = resolve));
    const stop = fixture.core.router.onEvent((windowKey, event, payload) => {
      if (windowKey !== caller.windowKey || event !== 'billingDocument.statementRun') return;
      const progress = payload as StatementRunProgress;
      events.push(progress);
      if (progress.state !== 'running') settle(progress);
    });
    return { events, settled, stop };
  }

  it('draws every patient with a balance into one PDF, reporting progress to the window that started it', async () => {
    const billing = await fixture.login('billing');
    const watch = collect(billing);
    const started = await invoke(fixture.core, billing, 'billingDocument.statementRunStart', { asOf: '2026-11-28' });
    if (!started.ok) throw new Error(started.error.message);
    // Alice and Bianca have balances too.
    expect(started.value).toMatchObject({ state: 'running', done: 0, total: extraPatients + 2 });
    const final = await watch.settled;
    watch.stop();
    expect(final).toMatchObject({ state: 'done', done: extraPatients + 2, total: extraPatients + 2 });
    const dones = watch.events.map((event) => event.done);
    expect(dones.length).toBeGreaterThan(3);
    expect(dones).toEqual([...dones].sort((left, right) => left - right));
    const status = await invoke(fixture.core, billing, 'billingDocument.statementRunStatus', { runId: final.runId });
    expect(status.ok && status.value.state).toBe('done');
    // Another user cannot see or take someone else's run.
    const admin = await fixture.login('clinic_admin');
    const foreign = await invoke(fixture.core, admin, 'billingDocument.statementRunResult', { runId: final.runId });
    expect(foreign.ok ? 'ok' : foreign.error.code).toBe('not_found');

    const result = await invoke(fixture.core, billing, 'billingDocument.statementRunResult', { runId: final.runId });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.statementCount).toBe(extraPatients + 2);
    const bytes = bytesOf(result.value);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(final.pages);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(extraPatients + 2);
    const text = await pdfText(bytes);
    // Sorted by name: the Batch patients come first; each statement shows its own amount due.
    expect(text).toContain('Run000 Batch');
    expect(text).toContain('$100.00');
    expect(text).toContain('$101.19');
    const entry = await fixture.db.selectFrom('audit_log').select(['detail_json']).where('action', '=', 'billingDocument.statementRunResult').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.detail_json).patientIds).toHaveLength(extraPatients + 2);
  });

  it('stops a run when cancelled, keeps no result, and lets the user start another', async () => {
    const billing = await fixture.login('billing');
    const watch = collect(billing);
    const started = await invoke(fixture.core, billing, 'billingDocument.statementRunStart', {});
    if (!started.ok) throw new Error(started.error.message);
    const busy = await invoke(fixture.core, billing, 'billingDocument.statementRunStart', {});
    expect(busy.ok ? 'ok' : busy.error.code).toBe('conflict');
    const cancelled = await invoke(fixture.core, billing, 'billingDocument.statementRunCancel', { runId: started.value.runId });
    expect(cancelled.ok).toBe(true);
    const final = await watch.settled;
    watch.stop();
    expect(final.state).toBe('cancelled');
    expect(final.done).toBeLessThan(final.total);
    const result = await invoke(fixture.core, billing, 'billingDocument.statementRunResult', { runId: started.value.runId });
    expect(result.ok ? 'ok' : result.error.code).toBe('conflict');
    const next = collect(billing);
    const again = await invoke(fixture.core, billing, 'billingDocument.statementRunStart', { limit: 3 });
    expect(again.ok && again.value.total).toBe(3);
    expect((await next.settled).state).toBe('done');
    next.stop();
  });
});
