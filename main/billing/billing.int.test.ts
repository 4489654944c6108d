import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/auth/permissions';
import type { ChannelName, InputOf, OutputOf } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import { createClinicFixture, type ClinicFixture } from '../../test/support/clinic-fixture';
import { openInvoicesAsOf, openInvoicesAsOfNaive } from './aging.repository';

let fixture: ClinicFixture;
let patientA: string;
let patientB: string;
let physicianId: string;
let caseId: string;

async function call<C extends ChannelName>(role: Role, channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
  return (await fixture.core.router.dispatch(fixture.window(role), channel, input)) as Result<OutputOf<C>>;
}

async function value<C extends ChannelName>(role: Role, channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const result = await call(role, channel, input);
  if (!result.ok) throw new Error(`${channel} as ${role}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/** A finalized invoice for a patient at facility A, with one line at the given fee. */
async function finalizedInvoice(patientId: string, feeCents: number, options: { caseId?: string | null; payerType?: 'patient' | 'attorney' | 'insurance'; invoiceDate?: string } = {}) {
  const invoiceDate = options.invoiceDate ?? '2026-11-02';
  const id = await value('billing', 'invoice.create', {
    patientId, caseId: options.caseId ?? null, facilityId: fixture.facilityA, payerType: options.payerType ?? 'patient', invoiceDate,
    lines: [{ procedureCode: '97110', diagnosisCodes: ['M54.50'], units: 1, unitFeeCents: feeCents, serviceDate: invoiceDate, facilityId: fixture.facilityA, renderingPhysicianId: physicianId }],
  });
  await value('billing', 'invoice.finalize', { invoiceId: id });
  return id;
}

/** Charges minus credits summed straight from the entry tables (the definition of a balance). */
async function balanceFromEntries(invoiceId: string): Promise<number> {
  const sum = async (table: 'invoice_lines' | 'payment_allocations' | 'adjustments') =>
    (await fixture.db.selectFrom(table).select('amount_cents').where('invoice_id', '=', invoiceId).where('deleted_at', 'is', null).execute()).reduce((a, r) => a + r.amount_cents, 0);
  return (await sum('invoice_lines')) - (await sum('payment_allocations')) - (await sum('adjustments'));
}

beforeAll(async () => {
  fixture = await createClinicFixture();
  const patients = await fixture.db.selectFrom('patients').select(['id', 'first_name']).orderBy('first_name').execute();
  patientA = patients[0]?.id as string;
  patientB = patients[1]?.id as string;
  physicianId = (await fixture.db.selectFrom('physicians').select('id').orderBy('last_name').executeTakeFirstOrThrow()).id;
  // The fixture has no cases: a PI case of patient A with the fixture's attorney and an LOP on file.
  caseId = await fixture.insertPiCase(patientA, { caseNumber: 'PI-0001', billingSuspended: true });
  await fixture.db.updateTable('exam_types').set({ default_codes_json: JSON.stringify([{ code: '99203' }, { code: '72148', modifiers: ['26'] }]) }).execute();
}, 120_000);
afterAll(async () => fixture.cleanup());

describe('charges from a completed exam', () => {
  it('captures the exam type default codes at the fee schedule fees, once, with a provisional number until the server numbers it', async () => {
    await value('billing', 'feeSchedule.save', { entries: [
      { procedureCode: '99203', feeCents: 15_000, effectiveFrom: '2026-01-01' },
      { procedureCode: '72148', feeCents: 60_000, effectiveFrom: '2026-01-01' },
      { procedureCode: '72148', modifier: '26', feeCents: 18_000, effectiveFrom: '2026-01-01' },
    ] });
    const appointment = await fixture.db.selectFrom('appointments').select('id').where('facility_id', '=', fixture.facilityA).orderBy('starts_at').executeTakeFirstOrThrow();
    const before = await value('billing', 'billing.workQueue', {});
    expect(before.unbilledExams.map((exam) => exam.appointmentId)).not.toContain(appointment.id);
    await fixture.db.updateTable('appointments').set({ status: 'completed', completed_at: Date.now() }).where('id', '=', appointment.id).execute();
    const queue = await value('billing', 'billing.workQueue', {});
    expect(queue.unbilledExams.map((exam) => exam.appointmentId)).toContain(appointment.id);

    const invoiceId = await value('billing', 'charge.capture', { appointmentId: appointment.id, invoiceDate: '2026-11-30', diagnosisCodes: ['S13.4XXA'] });
    const invoice = await value('billing', 'invoice.get', { id: invoiceId });
    expect(invoice.status).toBe('draft');
    expect(invoice.provisionalNumber).toMatch(/^P-[0-9A-F]{8}$/);
    expect(invoice.invoiceNumber).toBeNull();
    expect(invoice.lines.map((line) => [line.procedureCode, line.modifiers, line.amountCents])).toEqual(expect.arrayContaining([['99203', [], 15_000], ['72148', ['26'], 18_000]]));
    expect(invoice.lines.every((line) => line.diagnosisCodes[0] === 'S13.4XXA' && line.serviceDate === '2026-11-30')).toBe(true);
    expect((await value('billing', 'billing.workQueue', {})).unbilledExams.map((exam) => exam.appointmentId)).not.toContain(appointment.id);

    const again = await call('billing', 'charge.capture', { appointmentId: appointment.id, invoiceDate: '2026-11-30', diagnosisCodes: ['S13.4XXA'] });
    expect(again.ok ? 'ok' : again.error.code).toBe('conflict');
  });
});

describe('payments, allocations and credit', () => {
  it('a partial payment, then an overpayment: the invoice is paid, the rest is unapplied credit, the balance is the sum of entries', async () => {
    const invoiceId = await finalizedInvoice(patientB, 20_000);
    const first = await value('billing', 'payment.post', { payerType: 'patient', method: 'card', amountCents: 5_000, receivedOn: '2026-11-10', patientId: patientB, facilityId: fixture.facilityA, allocations: [{ invoiceId, amountCents: 5_000 }] });
    expect(first.unappliedCents).toBe(0);
    expect((await value('billing', 'invoice.get', { id: invoiceId })).status).toBe('partially_paid');
    const second = await value('billing', 'payment.post', { payerType: 'patient', method: 'check', externalReference: '1042', amountCents: 20_000, receivedOn: '2026-11-12', patientId: patientB, facilityId: fixture.facilityA, allocations: [{ invoiceId, amountCents: 20_000 }] });
    expect(second).toMatchObject({ allocatedCents: 15_000, unappliedCents: 5_000 });
    const detail = await value('billing', 'invoice.get', { id: invoiceId });
    expect(detail.status).toBe('paid');
    expect(detail.balanceCents).toBe(0);
    expect(await balanceFromEntries(invoiceId)).toBe(0);
    const account = await value('billing', 'ledger.account', { patientId: patientB });
    expect(account.unappliedCreditCents).toBe(5_000);
    expect(account.rows.at(-1)?.balanceCents).toBe(account.invoicesBalanceCents - account.unappliedCreditCents);

    const refund = await call('billing', 'payment.refund', { paymentId: second.paymentId, amountCents: 6_000, refundedOn: '2026-11-20', method: 'check' });
    expect(refund.ok ? 'ok' : refund.error.fields?.[0]?.message).toBe('exceeds_credit');
    await value('billing', 'payment.refund', { paymentId: second.paymentId, amountCents: 5_000, refundedOn: '2026-11-20', method: 'check', externalReference: '5001' });
    expect((await value('billing', 'ledger.account', { patientId: patientB })).unappliedCreditCents).toBe(0);
  });

  it('the same check from the same payer type is refused the second time, naming the field', async () => {
    const invoiceId = await finalizedInvoice(patientB, 9_000);
    const input = { payerType: 'insurance' as const, payerName: 'Acme Health', method: 'check' as const, externalReference: 'CHK-7781', amountCents: 4_000, receivedOn: '2026-11-14', allocations: [{ invoiceId, amountCents: 4_000 }] };
    await value('billing', 'payment.post', input);
    const twice = await call('billing', 'payment.post', input);
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.error.fields?.[0]).toEqual({ path: 'externalReference', message: 'duplicate_payment' });
    expect(await balanceFromEntries(invoiceId)).toBe(5_000);
  });

  it('a write-off never takes an invoice below zero', async () => {
    const invoiceId = await finalizedInvoice(patientB, 3_000);
    const tooMuch = await call('billing', 'adjustment.post', { invoiceId, kind: 'write_off', reasonCode: 'SMALL-BAL', amountCents: 3_001, postedOn: '2026-11-15' });
    expect(tooMuch.ok ? 'ok' : tooMuch.error.fields?.[0]?.message).toBe('exceeds_balance');
    await value('billing', 'adjustment.post', { invoiceId, kind: 'write_off', reasonCode: 'SMALL-BAL', amountCents: 3_000, postedOn: '2026-11-15' });
    expect((await value('billing', 'invoice.get', { id: invoiceId })).status).toBe('paid');
  });
});

describe('role scope', () => {
  it('an attorney sees only the invoices and balances of their own cases', async () => {
    const caseInvoice = await finalizedInvoice(patientA, 50_000, { caseId, payerType: 'attorney' });
    const otherInvoice = await finalizedInvoice(patientB, 7_000);
    const listed = await value('attorney', 'invoice.list', {});
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((invoice) => invoice.caseId === caseId)).toBe(true);
    expect(listed.map((invoice) => invoice.id)).toContain(caseInvoice);
    const other = await call('attorney', 'invoice.get', { id: otherInvoice });
    expect(other.ok ? 'ok' : other.error.code).toBe('not_found');
    const aging = await value('attorney', 'aging.report', { asOf: '2026-11-30', basis: 'invoice_date', groupBy: 'payer_type' });
    const caseOpen = (await value('billing', 'invoice.list', { caseId, openOnly: true })).reduce((sum, invoice) => sum + invoice.balanceCents, 0);
    expect(aging.totalCents).toBe(caseOpen);
    const notTheirs = await call('attorney', 'ledger.account', { patientId: patientB });
    expect(notTheirs.ok ? 'ok' : notTheirs.error.code).toBe('not_found');
    const posting = await call('attorney', 'payment.post', { payerType: 'attorney', method: 'check', amountCents: 100, receivedOn: '2026-11-15' });
    expect(posting.ok ? 'ok' : posting.error.code).toBe('forbidden');
  });

  it('front desk takes a copay at their facility but cannot void, write off, or post an insurer payment', async () => {
    const invoiceId = await finalizedInvoice(patientA, 4_000);
    const copay = await call('front_desk', 'payment.post', { payerType: 'patient', method: 'card', amountCents: 2_500, receivedOn: '2026-11-16', patientId: patientA, facilityId: fixture.facilityA, allocations: [{ invoiceId, amountCents: 2_500 }] });
    expect(copay.ok).toBe(true);
    expect(await balanceFromEntries(invoiceId)).toBe(1_500);
    for (const [channel, input] of [
      ['invoice.void', { invoiceId, reason: 'Wrong patient', voidedOn: '2026-11-16' }],
      ['adjustment.post', { invoiceId, kind: 'write_off', reasonCode: 'HARDSHIP', amountCents: 1_500, postedOn: '2026-11-16' }],
    ] as const) {
      const refused = await call('front_desk', channel, input as never);
      expect(refused.ok ? 'ok' : refused.error.code).toBe('forbidden');
    }
    const insurer = await call('front_desk', 'payment.post', { payerType: 'insurance', method: 'check', externalReference: 'X1', amountCents: 1_500, receivedOn: '2026-11-16', facilityId: fixture.facilityA });
    expect(insurer.ok ? 'ok' : insurer.error.code).toBe('forbidden');
    const elsewhere = await call('front_desk', 'payment.post', { payerType: 'patient', method: 'cash', amountCents: 1_000, receivedOn: '2026-11-16', facilityId: fixture.facilityB });
    expect(elsewhere.ok ? 'ok' : elsewhere.error.code).toBe('forbidden');
    expect(await balanceFromEntries(invoiceId)).toBe(1_500);
  });
});

describe('period close', () => {
  it('refuses entries dated in a closed month with a clear message, and accepts them in an open one', async () => {
    const invoiceId = await finalizedInvoice(patientB, 8_000, { invoiceDate: '2026-10-05' });
    const byBilling = await call('billing', 'period.close', { period: '2026-10' });
    expect(byBilling.ok ? 'ok' : byBilling.error.code).toBe('forbidden');
    await value('clinic_admin', 'period.close', { period: '2026-10', note: 'October books closed' });
    const current = await call('clinic_admin', 'period.close', { period: '2026-11' });
    expect(current.ok ? 'ok' : current.error.fields?.[0]?.message).toBe('not_ended');
    const late = await call('billing', 'payment.post', { payerType: 'patient', method: 'cash', amountCents: 1_000, receivedOn: '2026-10-31', allocations: [{ invoiceId, amountCents: 1_000 }] });
    expect(late.ok).toBe(false);
    if (!late.ok) {
      expect(late.error.message).toContain('October 2026 is closed');
      expect(late.error.fields?.[0]).toEqual({ path: 'receivedOn', message: 'period_closed' });
    }
    const writeOff = await call('billing', 'adjustment.post', { invoiceId, kind: 'write_off', reasonCode: 'HARDSHIP', amountCents: 100, postedOn: '2026-10-20' });
    expect(writeOff.ok ? 'ok' : writeOff.error.fields?.[0]?.message).toBe('period_closed');
    await value('billing', 'payment.post', { payerType: 'patient', method: 'cash', amountCents: 1_000, receivedOn: '2026-11-01', allocations: [{ invoiceId, amountCents: 1_000 }] });
    expect(await balanceFromEntries(invoiceId)).toBe(7_000);
    expect((await value('billing', 'period.list', {})).map((period) => period.period)).toContain('2026-10');
  });
});

describe('LOP: negotiation and settlement', () => {
  it('keeps each negotiation entry, then posts the settlement by source and writes off the accepted reduction in one action', async () => {
    const lopCase = await fixture.insertPiCase(patientA, { caseNumber: 'PI-0002', billingSuspended: true, dateOfInjury: '2026-08-01' });
    const first = await finalizedInvoice(patientA, 60_000, { caseId: lopCase, payerType: 'attorney', invoiceDate: '2026-11-03' });
    const second = await finalizedInvoice(patientA, 40_000, { caseId: lopCase, payerType: 'attorney', invoiceDate: '2026-11-04' });
    await value('billing', 'lop.negotiate', { caseId: lopCase, kind: 'offer', party: 'attorney', payoffCents: 50_000, note: 'Policy limits tight' });
    await value('billing', 'lop.negotiate', { caseId: lopCase, kind: 'counter_offer', party: 'clinic', payoffCents: 80_000 });
    await value('billing', 'lop.negotiate', { caseId: lopCase, kind: 'accepted', party: 'attorney', payoffCents: 70_000 });
    const history = await value('billing', 'lop.history', { caseId: lopCase });
    expect(history.map((entry) => [entry.kind, entry.payoffCents, entry.reductionCents])).toEqual([['offer', 50_000, 50_000], ['counter_offer', 80_000, 20_000], ['accepted', 70_000, 30_000]]);
    expect(history.every((entry) => entry.recordedBy === 'Test billing')).toBe(true);
    expect((await value('billing', 'lop.board', {})).find((card) => card.caseId === lopCase)?.stage).toBe('accepted');

    const result = await value('billing', 'settlement.post', { caseId: lopCase, receivedOn: '2026-11-25', writeOffReduction: true, parts: [
      { source: 'medpay', payerName: 'Auto Mutual', method: 'check', externalReference: 'MP-100', amountCents: 10_000 },
      { source: 'attorney', payerName: 'Reyes Law', method: 'check', externalReference: 'TR-200', amountCents: 60_000 },
    ] });
    expect(result.writtenOffCents).toBe(30_000);
    expect(await balanceFromEntries(first)).toBe(0);
    expect(await balanceFromEntries(second)).toBe(0);
    const reductions = await fixture.db.selectFrom('adjustments').select(['adjustment_kind', 'reason_code', 'amount_cents']).where('invoice_id', 'in', [first, second]).execute();
    expect(reductions.every((row) => row.adjustment_kind === 'reduction' && row.reason_code === 'LOP-REDUCTION')).toBe(true);
    expect((await fixture.db.selectFrom('cases').select('billing_suspended').where('id', '=', lopCase).executeTakeFirstOrThrow()).billing_suspended).toBe(0);
    const settled = (await value('billing', 'lop.board', {})).find((card) => card.caseId === lopCase);
    expect([settled?.stage, settled?.balanceCents, settled?.billingSuspended]).toEqual(['settled', 0, false]);
  });
});

describe('ledger invariants on the real replica (property)', () => {
  it('per-invoice totals kept by triggers equal the entries, allocations never exceed payments, no invoice goes negative, and fast aging equals the naive GROUP BY', async () => {
    const posting = fc.oneof(
      fc.record({ kind: fc.constant('payment' as const), amount: fc.integer({ min: 1, max: 30_000 }), targets: fc.array(fc.nat(3), { minLength: 0, maxLength: 3 }), day: fc.integer({ min: 1, max: 27 }) }),
      fc.record({ kind: fc.constant('adjustment' as const), amount: fc.integer({ min: 1, max: 10_000 }), target: fc.nat(3), day: fc.integer({ min: 1, max: 27 }) }),
    );
    await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 1_000, max: 40_000 }), { minLength: 4, maxLength: 4 }), fc.array(posting, { maxLength: 12 }), fc.integer({ min: 1, max: 30 }), async (fees, postings, asOfDay) => {
      const invoices: string[] = [];
      for (const fee of fees) invoices.push(await finalizedInvoice(patientB, fee, { invoiceDate: '2026-11-01' }));
      const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;
      for (const p of postings) {
        if (p.kind === 'payment') {
          await value('billing', 'payment.post', { payerType: 'patient', method: 'cash', amountCents: p.amount, receivedOn: day(p.day), patientId: patientB,
            allocations: p.targets.map((t) => ({ invoiceId: invoices[t] as string, amountCents: p.amount })) });
        } else {
          await call('billing', 'adjustment.post', { invoiceId: invoices[p.target] as string, kind: 'contractual', reasonCode: 'CO-45', amountCents: p.amount, postedOn: day(p.day) });
        }
      }
      for (const id of invoices) {
        const fromEntries = await balanceFromEntries(id);
        const totals = await fixture.db.selectFrom('invoice_ledger').select(['charges_cents', 'credits_cents']).where('invoice_id', '=', id).executeTakeFirstOrThrow();
        expect(totals.charges_cents - totals.credits_cents).toBe(fromEntries);
        expect(fromEntries).toBeGreaterThanOrEqual(0);
      }
      const payments = await fixture.db.selectFrom('payments').select(['id', 'amount_cents']).where('amount_cents', '>', 0).execute();
      for (const payment of payments) {
        const allocated = (await fixture.db.selectFrom('payment_allocations').select('amount_cents').where('payment_id', '=', payment.id).execute()).reduce((a, r) => a + r.amount_cents, 0);
        expect(allocated).toBeLessThanOrEqual(payment.amount_cents);
      }
      const subject = fixture.users.billing.subject;
      for (const basis of ['service_date', 'invoice_date'] as const) {
        const sort = (rows: { id: string; balance: number; basisDate: string }[]) => rows.map((r) => `${r.id}:${r.balance}:${r.basisDate}`).sort();
        expect(sort(await openInvoicesAsOf(fixture.db, subject, day(asOfDay), basis))).toEqual(sort(await openInvoicesAsOfNaive(fixture.db, subject, day(asOfDay), basis)));
      }
    }), { numRuns: 12, verbose: true });
  }, 300_000);
});
