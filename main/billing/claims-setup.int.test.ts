import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/auth/permissions';
import { newId } from '../../shared/ids';
import type { ChannelName, InputOf, OutputOf } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import { localDate } from '../../shared/time/facility-time';
import { createClinicFixture, invoke, type ClinicFixture } from '../../test/support/clinic-fixture';
import type { Caller } from '../ipc/router';

/**
 * The reads behind the billing set-up and back-office screens: invoices ready to claim by payer
 * (`claim.ready`), claims by status and payer (`claim.list`), and the round trips the screens make
 * through codes, fees and periods — against a real replica, with role checks.
 */

let fixture: ClinicFixture;
const policies = { aetna: '', cigna: '' };
let physicianId = '';
const callers = new Map<Role, Caller>();

async function call<C extends ChannelName>(role: Role, channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
  let caller = callers.get(role);
  if (!caller) {
    caller = await fixture.login(role);
    callers.set(role, caller);
  }
  return invoke(fixture.core, caller, channel, input);
}

async function value<C extends ChannelName>(role: Role, channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const result = await call(role, channel, input);
  if (!result.ok) throw new Error(`${channel} as ${role}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function insuranceInvoice(patientId: string, policyId: string, feeCents: number): Promise<string> {
  const id = await value('billing', 'invoice.create', {
    patientId, facilityId: fixture.facilityA, payerType: 'insurance', insurancePolicyId: policyId, invoiceDate: '2026-11-02',
    lines: [{ procedureCode: '97110', diagnosisCodes: ['M54.50'], units: 1, unitFeeCents: feeCents, serviceDate: '2026-11-02', facilityId: fixture.facilityA, renderingPhysicianId: physicianId }],
  });
  await value('billing', 'invoice.finalize', { invoiceId: id });
  return id;
}

beforeAll(async () => {
  fixture = await createClinicFixture();
  physicianId = fixture.scheduling.physicianId;
  const now = Date.now();
  const stamp = () => ({ id: newId(), clinic_id: fixture.clinicId, created_at: now, created_by: fixture.users.billing.id, updated_at: now, updated_by: fixture.users.billing.id, deleted_at: null });
  const policy = (patientId: string, payerName: string) => ({
    ...stamp(), patient_id: patientId, priority: 1, payer_name: payerName, payer_id: '60054', member_id: 'W100', group_number: null, subscriber_name: 'Self',
    subscriber_relationship: 'self' as const, subscriber_date_of_birth: null, effective_from: null, effective_to: null, card_front_document_id: null, card_back_document_id: null,
  });
  const aetna = policy(fixture.scheduling.patientA, 'Aetna');
  const cigna = policy(fixture.scheduling.patientB, 'Cigna');
  await fixture.db.insertInto('insurance_policies').values([aetna, cigna]).execute();
  policies.aetna = aetna.id;
  policies.cigna = cigna.id;
}, 180_000);
afterAll(async () => fixture.cleanup());

describe('claims by payer', () => {
  it('lists invoices ready to claim by payer, submits a batch, then lists claims by payer and status through a denial and a corrected claim', async () => {
    const aetnaInvoice = await insuranceInvoice(fixture.scheduling.patientA, policies.aetna, 12_000);
    const cignaInvoice = await insuranceInvoice(fixture.scheduling.patientB, policies.cigna, 9_000);

    const ready = await value('billing', 'claim.ready', {});
    expect(ready.map((row) => [row.invoiceId, row.payerName, row.chargesCents, row.balanceCents])).toEqual(expect.arrayContaining([
      [aetnaInvoice, 'Aetna', 12_000, 12_000], [cignaInvoice, 'Cigna', 9_000, 9_000],
    ]));
    expect((await value('billing', 'claim.ready', { payerName: 'Aetna' })).map((row) => row.invoiceId)).toEqual([aetnaInvoice]);

    const batch = await value('billing', 'claim.submit', { invoiceIds: [aetnaInvoice, cignaInvoice] });
    expect(batch.claimIds).toHaveLength(2);
    expect((await value('billing', 'claim.ready', {})).map((row) => row.invoiceId)).not.toEqual(expect.arrayContaining([aetnaInvoice]));

    const cignaClaims = await value('billing', 'claim.list', { payerName: 'Cigna' });
    expect(cignaClaims.map((claim) => [claim.invoiceId, claim.payerName, claim.status, claim.batchId])).toEqual([[cignaInvoice, 'Cigna', 'submitted', batch.batchId]]);
    const aetnaClaim = (await value('billing', 'claim.list', { payerName: 'Aetna' }))[0];
    if (!aetnaClaim) throw new Error('the Aetna claim is listed');

    // The payer's date is checked in the invoice facility's zone (East Side, New York).
    const today = localDate(Date.now(), 'America/New_York');
    const noReason = await call('billing', 'claim.setStatus', { claimId: aetnaClaim.id, status: 'denied', statusDate: today });
    expect(noReason.ok ? 'ok' : noReason.error.fields?.[0]?.path).toBe('reason');
    await value('billing', 'claim.setStatus', { claimId: aetnaClaim.id, status: 'denied', statusDate: today, reason: 'CO-16 missing referring NPI' });
    const denied = await value('billing', 'claim.list', { status: 'denied', payerName: 'Aetna' });
    expect(denied.map((claim) => [claim.id, claim.statusReason, claim.statusDate])).toEqual([[aetnaClaim.id, 'CO-16 missing referring NPI', today]]);
    expect(denied[0]?.statusChangedAt).toEqual(expect.any(Number));
    expect(await value('billing', 'claim.list', { status: 'denied', payerName: 'Cigna' })).toEqual([]);

    const corrected = await value('billing', 'claim.resubmit', { claimId: aetnaClaim.id, correction: 'Added the referring NPI' });
    const after = await value('billing', 'claim.list', { payerName: 'Aetna' });
    expect(after.find((claim) => claim.id === corrected)).toMatchObject({ status: 'submitted', replacesClaimId: aetnaClaim.id, payerName: 'Aetna' });
  });

  it('refuses the claim reads to roles without claim.manage, and bad input with a typed error', async () => {
    for (const role of ['front_desk', 'attorney', 'physician'] as const) {
      const ready = await call(role, 'claim.ready', {});
      expect(ready.ok ? 'ok' : ready.error.code).toBe('forbidden');
      const list = await call(role, 'claim.list', { payerName: 'Aetna' });
      expect(list.ok ? 'ok' : list.error.code).toBe('forbidden');
    }
    const blank = await call('billing', 'claim.list', { payerName: '  ' });
    expect(blank.ok ? 'ok' : blank.error.code).toBe('invalid_input');
    const tooMany = await call('billing', 'claim.ready', { limit: 501 });
    expect(tooMany.ok ? 'ok' : tooMany.error.code).toBe('invalid_input');
  });
});

describe('codes, fees and periods as the screens use them', () => {
  it('imports codes and lists them back, sets a fee per payer type and facility, and closes a month that then refuses a back-dated payment', async () => {
    const imported = await value('billing', 'billingCode.import', { procedures: [{ code: 'g0283', description: 'E-stim, unattended (clinic wording)' }], diagnoses: [{ code: 'S13.4XXA', description: 'Whiplash' }] });
    expect(imported).toEqual({ added: 2, updated: 0 });
    expect((await value('billing', 'billingCode.list', { kind: 'procedure', search: 'g02' })).map((row) => [row.code, row.system, row.description])).toEqual([['G0283', 'hcpcs', 'E-stim, unattended (clinic wording)']]);
    expect((await value('billing', 'billingCode.list', { kind: 'diagnosis', search: 'S13' })).map((row) => row.code)).toEqual(['S13.4XXA']);

    await value('billing', 'feeSchedule.save', { entries: [{ procedureCode: 'G0283', payerType: 'workers_comp', facilityId: fixture.facilityB, feeCents: 4_250, effectiveFrom: '2026-07-01' }] });
    expect(await value('billing', 'feeSchedule.list', { procedureCode: 'g0283' })).toEqual([
      expect.objectContaining({ procedureCode: 'G0283', modifier: null, payerType: 'workers_comp', facilityId: fixture.facilityB, feeCents: 4_250, effectiveFrom: '2026-07-01' }),
    ]);

    const byClerk = await call('billing', 'period.close', { period: '2026-09' });
    expect(byClerk.ok ? 'ok' : byClerk.error.code).toBe('forbidden');
    await value('clinic_admin', 'period.close', { period: '2026-09', note: 'Q3 reconciled' });
    expect((await value('billing', 'period.list', {}))[0]).toMatchObject({ period: '2026-09', note: 'Q3 reconciled' });

    const late = await call('billing', 'payment.post', { payerType: 'patient', method: 'cash', amountCents: 1_000, receivedOn: '2026-09-30', patientId: fixture.scheduling.patientA, facilityId: fixture.facilityA });
    if (late.ok) throw new Error('a payment dated in a closed month was posted');
    expect(late.error.message).toBe('September 2026 is closed, so an entry dated 2026-09-30 cannot be posted. Date it in an open month, or ask a clinic admin.');
    expect(late.error.fields).toEqual([{ path: 'receivedOn', message: 'period_closed' }]);
  });
});
