import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/auth/permissions';
import { newId } from '../../shared/ids';
import type { ChannelName, InputOf, OutputOf } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import { createClinicFixture, type ClinicFixture } from '../../test/support/clinic-fixture';

/*
 * Per-line posting on the workstation's real SQLite replica, through the router (permission, row scope,
 * input validation and the shared mutator), as a billing clerk posts an insurer's remittance.
 */

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

/** A finalized invoice with three service lines: 99203 ($180), 72148-26 ($95.50), 97110-GP ($60). */
async function threeLineInvoice(patientId: string, options: { caseId?: string; payerType?: 'insurance' | 'attorney' } = {}) {
  const line = (procedureCode: string, modifiers: string[], unitFeeCents: number, serviceDate: string) => ({
    procedureCode, modifiers, diagnosisCodes: ['M54.50'], units: 1, unitFeeCents, serviceDate, facilityId: fixture.facilityA, renderingPhysicianId: physicianId,
  });
  const id = await value('billing', 'invoice.create', {
    patientId, caseId: options.caseId ?? null, facilityId: fixture.facilityA, payerType: options.payerType ?? 'insurance', invoiceDate: '2026-11-03',
    lines: [line('99203', [], 18_000, '2026-11-01'), line('72148', ['26'], 9_550, '2026-11-02'), line('97110', ['GP'], 6_000, '2026-11-03')],
  });
  await value('billing', 'invoice.finalize', { invoiceId: id });
  return id;
}

async function linesOf(patientId: string, invoiceId: string, role: Role = 'billing') {
  const account = await value(role, 'ledger.account', { patientId });
  return { account, lines: account.openLines.filter((line) => line.invoiceId === invoiceId), invoice: account.invoices.find((invoice) => invoice.id === invoiceId) };
}

beforeAll(async () => {
  fixture = await createClinicFixture();
  const patients = await fixture.db.selectFrom('patients').select(['id']).orderBy('first_name').execute();
  patientA = patients[0]?.id as string;
  patientB = patients[1]?.id as string;
  physicianId = (await fixture.db.selectFrom('physicians').select('id').orderBy('last_name').executeTakeFirstOrThrow()).id;
  caseId = await fixture.insertPiCase(patientA, { caseNumber: 'PI-0100', billingSuspended: false });
}, 120_000);
afterAll(async () => fixture.cleanup());

describe('per-line open balances', () => {
  it('lists each open invoice’s lines with code, modifiers, date of service, charge and open balance; a whole-invoice payment is spread first line first', async () => {
    const invoiceId = await threeLineInvoice(patientB);
    await value('billing', 'payment.post', { payerType: 'patient', method: 'card', amountCents: 20_000, receivedOn: '2026-11-10', patientId: patientB, allocations: [{ invoiceId, amountCents: 20_000 }] });
    const { lines, invoice } = await linesOf(patientB, invoiceId);
    expect(lines.map((line) => [line.procedureCode, line.modifiers, line.serviceDate, line.chargeCents, line.lineCreditsCents, line.spreadCents, line.openCents])).toEqual([
      ['99203', [], '2026-11-01', 18_000, 0, 18_000, 0],
      ['72148', ['26'], '2026-11-02', 9_550, 0, 2_000, 7_550],
      ['97110', ['GP'], '2026-11-03', 6_000, 0, 0, 6_000],
    ]);
    expect(invoice?.balanceCents).toBe(13_550);
    expect(lines.reduce((sum, line) => sum + line.openCents, 0)).toBe(invoice?.balanceCents);
  });

  it('an insurer pays two lines and writes off a contractual amount on one; the ledger names the lines, the lines add up to the invoice', async () => {
    const invoiceId = await threeLineInvoice(patientB);
    const before = await linesOf(patientB, invoiceId);
    const [office, mri] = before.lines as [(typeof before.lines)[number], (typeof before.lines)[number]];
    const posted = await value('billing', 'payment.post', {
      payerType: 'insurance', payerName: 'Acme Health', method: 'eft', externalReference: `EFT-${newId().slice(-6).toUpperCase()}`, amountCents: 20_000, receivedOn: '2026-11-12', patientId: patientB,
      allocations: [{ invoiceId, invoiceLineId: office.lineId, amountCents: 14_000 }, { invoiceId, invoiceLineId: mri.lineId, amountCents: 5_000 }],
    });
    expect(posted).toMatchObject({ allocatedCents: 19_000, unappliedCents: 1_000 });
    await value('billing', 'adjustment.post', { invoiceId, invoiceLineId: office.lineId, kind: 'contractual', reasonCode: 'CO-45', amountCents: 4_000, postedOn: '2026-11-12' });
    const after = await linesOf(patientB, invoiceId);
    expect(after.lines.map((line) => [line.procedureCode, line.lineCreditsCents, line.openCents])).toEqual([['99203', 18_000, 0], ['72148', 5_000, 4_550], ['97110', 0, 6_000]]);
    expect(after.lines.reduce((sum, line) => sum + line.openCents, 0)).toBe(after.invoice?.balanceCents);
    expect(after.invoice?.status).toBe('partially_paid');
    const ledgerLines = after.account.rows.filter((row) => row.invoiceId === invoiceId && row.kind !== 'charge').map((row) => [row.kind, row.amountCents, row.line?.procedureCode ?? null]);
    expect(ledgerLines).toEqual(expect.arrayContaining([['payment', -14_000, '99203'], ['payment', -5_000, '72148'], ['adjustment', -4_000, '99203']]));
  });

  it('refuses an allocation above the line’s open balance with a typed error naming the request, and writes nothing', async () => {
    const invoiceId = await threeLineInvoice(patientB);
    const { lines } = await linesOf(patientB, invoiceId);
    const therapy = lines[2] as (typeof lines)[number];
    const counts = await fixture.rowCounts();
    const refused = await call('billing', 'payment.post', {
      payerType: 'insurance', payerName: 'Acme Health', method: 'eft', amountCents: 10_000, receivedOn: '2026-11-12', patientId: patientB,
      allocations: [{ invoiceId, amountCents: 1_000 }, { invoiceId, invoiceLineId: therapy.lineId, amountCents: 6_001 }],
    });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error).toMatchObject({ code: 'conflict', message: 'The service line has only 60.00 open.', fields: [{ path: 'allocations.1.amountCents', message: 'exceeds_line_balance' }] });
    const overPayment = await call('billing', 'payment.post', {
      payerType: 'insurance', method: 'eft', amountCents: 5_000, receivedOn: '2026-11-12', patientId: patientB, allocations: [{ invoiceId, invoiceLineId: therapy.lineId, amountCents: 6_000 }],
    });
    expect(overPayment.ok ? 'ok' : overPayment.error.fields).toEqual([{ path: 'allocations.0.amountCents', message: 'exceeds_payment' }]);
    const otherInvoice = await threeLineInvoice(patientB);
    const wrongInvoice = await call('billing', 'payment.post', {
      payerType: 'insurance', method: 'eft', amountCents: 5_000, receivedOn: '2026-11-12', patientId: patientB, allocations: [{ invoiceId: otherInvoice, invoiceLineId: therapy.lineId, amountCents: 100 }],
    });
    expect(wrongInvoice.ok ? 'ok' : wrongInvoice.error.fields).toEqual([{ path: 'allocations.0.invoiceLineId', message: 'line_not_on_invoice' }]);
    const adjustment = await call('billing', 'adjustment.post', { invoiceId, invoiceLineId: therapy.lineId, kind: 'contractual', reasonCode: 'CO-45', amountCents: 6_001, postedOn: '2026-11-12' });
    expect(adjustment.ok ? 'ok' : adjustment.error.fields).toEqual([{ path: 'amountCents', message: 'exceeds_line_balance' }]);
    const after = await fixture.rowCounts();
    // Only the second invoice (created above) was written: no payment, allocation or adjustment.
    for (const table of ['payments', 'payment_allocations', 'adjustments'] as const) expect(after[table]).toBe(counts[table]);
  });
});

describe('row scopes', () => {
  it('an attorney gets the lines of their own case’s invoices only; front desk those of their facilities', async () => {
    const caseInvoice = await threeLineInvoice(patientA, { caseId, payerType: 'attorney' });
    const ownCase = await linesOf(patientA, caseInvoice, 'attorney');
    expect(ownCase.lines).toHaveLength(3);
    expect(ownCase.account.openLines.every((line) => ownCase.account.invoices.some((invoice) => invoice.id === line.invoiceId && invoice.caseId === caseId))).toBe(true);
    const notTheirs = await call('attorney', 'ledger.account', { patientId: patientB });
    expect(notTheirs.ok ? 'ok' : notTheirs.error.code).toBe('not_found');

    const westInvoice = await value('billing', 'invoice.create', {
      patientId: patientA, caseId: null, facilityId: fixture.facilityB, payerType: 'insurance', invoiceDate: '2026-11-03',
      lines: [{ procedureCode: '99203', modifiers: [], diagnosisCodes: ['M54.50'], units: 1, unitFeeCents: 18_000, serviceDate: '2026-11-03', facilityId: fixture.facilityB, renderingPhysicianId: physicianId }],
    });
    await value('billing', 'invoice.finalize', { invoiceId: westInvoice });
    const billing = await value('billing', 'ledger.account', { patientId: patientA });
    expect(billing.openLines.some((line) => line.invoiceId === westInvoice)).toBe(true);
    const desk = await value('front_desk', 'ledger.account', { patientId: patientA });
    const deskInvoices = new Set(desk.invoices.map((invoice) => invoice.id));
    expect(desk.openLines.length).toBeGreaterThan(0);
    expect(desk.openLines.every((line) => deskInvoices.has(line.invoiceId))).toBe(true);
    expect(desk.openLines.some((line) => line.invoiceId === westInvoice)).toBe(false);
  });
});
