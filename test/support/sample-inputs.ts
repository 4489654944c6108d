import type { ChannelName, InputOf } from '../../shared/ipc/contract';
import { newId } from '../../shared/ids';
import { FIXTURE_DATE, type ClinicFixture } from './clinic-fixture';

/**
 * One valid input per channel. Typed as a record over every channel name, so adding a channel without
 * a sample here fails the type check — and with it the role matrix and fuzz suites.
 */
export function sampleInputs(fixture: ClinicFixture): { [C in ChannelName]: () => InputOf<C> } {
  return {
    'app.status': () => ({}),
    'auth.login': () => ({ username: 'nobody', password: 'not-a-password' }),
    'auth.session': () => ({}),
    'auth.logout': () => ({}),
    'auth.lock': () => ({}),
    'auth.unlock': () => ({ password: 'not-the-password' }),
    'auth.extend': () => ({}),
    'clinic.get': () => ({}),
    'clinic.update': () => ({
      name: 'Fixture Clinic', legalName: null, taxId: null, phone: null, email: null, idleTimeoutMinutes: 15,
      offlineLeaseHours: 72, travelBufferMinutes: 30, treatmentGapDays: 14, defaultTimeZone: 'America/New_York',
    }),
    'facility.list': () => ({}),
    'facility.get': () => ({ id: fixture.facilityA }),
    'facility.save': () => ({
      name: 'North', code: `N-${newId().slice(-6).toUpperCase()}`, addressLine1: '9 Elm St', addressLine2: null, city: 'Albany', state: 'NY',
      postalCode: '12207', phone: null, latitude: 42.65, longitude: -73.75, timeZone: 'America/New_York',
      hours: { mon: [{ open: '08:00', close: '16:00' }] }, isActive: true, resources: [{ name: 'Room 1', kind: 'room', isActive: true }],
    }),
    'user.list': () => ({}),
    'user.save': () => ({
      username: `new.${newId().slice(-8)}`, displayName: 'New Person', email: null, isActive: true, roles: ['front_desk'],
      facilityIds: [fixture.facilityA], physicianId: null, attorneyId: null, referringDoctorId: null, password: 'a long enough password',
    }),
    'user.setPassword': () => ({ userId: fixture.users.billing.id, password: 'another long password' }),
    'user.linkablePeople': () => ({}),
    'audit.list': () => ({}),
    'appointment.day': () => ({ facilityId: fixture.facilityA, date: FIXTURE_DATE }),
    'sync.status': () => ({}),
    'sync.issues': () => ({}),
    'sync.retryIssue': () => ({ id: newId(), args: {} }),
    'sync.discardIssue': () => ({ id: newId(), confirm: true }),
    'billing.workQueue': () => ({}),
    'invoice.list': () => ({}),
    'invoice.get': () => ({ id: newId() }),
    'ledger.account': () => ({ patientId: newId() }),
    'billing.accounts': () => ({ query: 'Doe' }),
    'aging.report': () => ({ asOf: FIXTURE_DATE }),
    'aging.drill': () => ({ asOf: FIXTURE_DATE, groupKey: 'patient', bucket: 'd0_30' }),
    'billing.cycle': () => ({ from: '2026-11-01', to: FIXTURE_DATE }),
    'lop.board': () => ({}),
    'lop.history': () => ({ caseId: newId() }),
    'claim.list': () => ({}),
    'billingCode.list': () => ({ kind: 'procedure' }),
    'feeSchedule.list': () => ({}),
    'period.list': () => ({}),
    'billingCode.import': () => ({ procedures: [{ code: '99213', description: 'Office visit (clinic wording)' }], diagnoses: [{ code: 'M54.50', description: null }] }),
    'feeSchedule.save': () => ({ entries: [{ procedureCode: '99213', feeCents: 12_000, effectiveFrom: '2026-01-01' }] }),
    'charge.capture': () => ({ appointmentId: newId(), invoiceDate: FIXTURE_DATE, diagnosisCodes: ['M54.50'] }),
    'invoice.create': () => ({
      patientId: newId(), facilityId: fixture.facilityA, payerType: 'patient', invoiceDate: FIXTURE_DATE,
      lines: [{ procedureCode: '99213', diagnosisCodes: ['M54.50'], units: 1, unitFeeCents: 12_000, serviceDate: FIXTURE_DATE, facilityId: fixture.facilityA, renderingPhysicianId: newId() }],
    }),
    'invoice.saveDraft': () => ({
      invoiceId: newId(), payerType: 'patient', invoiceDate: FIXTURE_DATE,
      lines: [{ procedureCode: '99213', diagnosisCodes: ['M54.50'], units: 1, unitFeeCents: 12_000, serviceDate: FIXTURE_DATE, facilityId: fixture.facilityA, renderingPhysicianId: newId() }],
    }),
    'invoice.finalize': () => ({ invoiceId: newId() }),
    'invoice.markSent': () => ({ invoiceIds: [newId()] }),
    'invoice.void': () => ({ invoiceId: newId(), reason: 'Billed to the wrong case', voidedOn: FIXTURE_DATE }),
    'payment.post': () => ({ payerType: 'patient', method: 'cash', amountCents: 2_500, receivedOn: FIXTURE_DATE, facilityId: fixture.facilityA }),
    'payment.apply': () => ({ paymentId: newId(), appliedOn: FIXTURE_DATE, allocations: [{ invoiceId: newId(), amountCents: 100 }] }),
    'payment.refund': () => ({ paymentId: newId(), amountCents: 100, refundedOn: FIXTURE_DATE, method: 'check' }),
    'adjustment.post': () => ({ invoiceId: newId(), kind: 'write_off', reasonCode: 'HARDSHIP', amountCents: 100, postedOn: FIXTURE_DATE }),
    'period.close': () => ({ period: '2020-01' }),
    'case.setBillingSuspended': () => ({ caseId: newId(), suspended: true }),
    'lop.negotiate': () => ({ caseId: newId(), kind: 'offer', party: 'clinic', payoffCents: 100 }),
    'settlement.post': () => ({ caseId: newId(), receivedOn: FIXTURE_DATE, parts: [{ source: 'attorney', method: 'check', amountCents: 100 }], writeOffReduction: false }),
    'claim.submit': () => ({ invoiceIds: [newId()] }),
    'claim.setStatus': () => ({ claimId: newId(), status: 'accepted' }),
    'claim.resubmit': () => ({ claimId: newId(), correction: 'Corrected the rendering NPI' }),
  };
}
