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
    'audit.export': () => ({}),
    'audit.findings': () => ({}),
    'audit.check': () => ({}),
    'appointment.day': () => ({ facilityId: fixture.facilityA, date: FIXTURE_DATE }),
    'facility.closures': () => ({ facilityId: fixture.facilityA }),
    'facility.saveClosure': () => ({ facilityId: fixture.facilityA, closedOn: '2026-12-25', reason: 'Christmas Day' }),
    'facility.removeClosure': () => ({ id: newId() }),
    'facility.saveResource': () => ({ facilityId: fixture.facilityA, name: 'X-ray 1', kind: 'equipment', isActive: true }),
    'physician.scheduleList': () => ({}),
    'physician.setFacilities': () => ({ physicianId: fixture.scheduling.otherPhysicianId, facilityIds: [fixture.facilityA, fixture.facilityB] }),
    'availability.list': () => ({ physicianId: fixture.scheduling.physicianId }),
    'availability.save': () => ({
      physicianId: fixture.scheduling.physicianId, facilityId: fixture.facilityA, effectiveFrom: '2027-01-04', effectiveTo: null,
      spans: [{ weekday: 1, start: '08:00', end: '12:00' }],
    }),
    'timeOff.list': () => ({ from: Date.parse('2026-11-29T00:00:00Z'), to: Date.parse('2026-12-06T00:00:00Z') }),
    'timeOff.save': () => ({
      physicianId: fixture.scheduling.physicianId, facilityId: null, startsAt: Date.parse('2027-02-01T13:00:00Z'), endsAt: Date.parse('2027-02-01T17:00:00Z'),
      kind: 'time_off', reason: 'Conference',
    }),
    'timeOff.remove': () => ({ id: newId() }),
    'examType.list': () => ({}),
    'examType.save': () => ({
      name: `Exam ${newId().slice(-6)}`, durationMinutes: 45, color: '#0ea5e9', resourceKind: null, isBillable: true,
      defaultCodes: [{ code: '99204', modifiers: [] }], isActive: true, facilityIds: [], physicianIds: [],
    }),
    'calendar.day': () => ({ facilityId: fixture.facilityA, date: FIXTURE_DATE }),
    'calendar.week': () => ({ facilityId: fixture.facilityA, startDate: FIXTURE_DATE }),
    'calendar.flowBoard': () => ({ facilityId: fixture.facilityA, date: FIXTURE_DATE }),
    'appointment.get': () => ({ id: fixture.scheduling.appointmentIds[0] as string }),
    'appointment.check': () => ({
      facilityId: fixture.facilityA, physicianId: fixture.scheduling.physicianId, patientId: fixture.scheduling.patientA, examTypeId: fixture.scheduling.examTypeId,
      startsAt: Date.parse('2026-12-01T15:00:00Z'), endsAt: Date.parse('2026-12-01T15:30:00Z'),
    }),
    'appointment.slots': () => ({ examTypeId: fixture.scheduling.examTypeId, facilityId: fixture.facilityA, from: FIXTURE_DATE, to: '2026-12-04' }),
    'appointment.nextAvailable': () => ({ examTypeId: fixture.scheduling.examTypeId }),
    'appointment.book': () => ({
      facilityId: fixture.facilityA, physicianId: fixture.scheduling.physicianId, patientId: fixture.scheduling.patientA, examTypeId: fixture.scheduling.examTypeId,
      startsAt: Date.parse('2026-11-30T19:00:00Z'), endsAt: Date.parse('2026-11-30T19:30:00Z'),
    }),
    'appointment.setStatus': () => ({ id: fixture.scheduling.appointmentIds[0] as string, status: 'confirmed' }),
    'appointment.cancel': () => ({ id: newId(), reason: 'Patient called' }),
    'appointment.reschedule': () => ({ id: newId(), startsAt: Date.parse('2026-12-01T15:00:00Z'), endsAt: Date.parse('2026-12-01T15:30:00Z') }),
    'appointment.issueAlternatives': () => ({ issueId: newId() }),
    'appointment.rebookIssue': () => ({
      issueId: newId(),
      slot: { physicianId: fixture.scheduling.physicianId, facilityId: fixture.facilityA, startsAt: Date.parse('2026-12-01T15:00:00Z'), endsAt: Date.parse('2026-12-01T15:30:00Z'), resourceId: null },
    }),
    'series.preview': () => ({
      patientId: fixture.scheduling.patientA, physicianId: fixture.scheduling.physicianId, facilityId: fixture.facilityA, examTypeId: fixture.scheduling.examTypeId,
      rule: { startDate: FIXTURE_DATE, weekdays: [1, 2], weeks: 2, startTime: '11:00' },
    }),
    'series.create': () => ({
      patientId: fixture.scheduling.patientA, physicianId: fixture.scheduling.physicianId, facilityId: fixture.facilityA, examTypeId: fixture.scheduling.examTypeId,
      rule: { startDate: '2027-03-01', weekdays: [1], weeks: 2, startTime: '11:00' },
    }),
    'series.update': () => ({ appointmentId: newId(), scope: 'this', startTime: '12:00' }),
    'series.cancel': () => ({ appointmentId: newId(), scope: 'all', reason: 'Plan ended' }),
    'waitlist.list': () => ({}),
    'waitlist.add': () => ({ patientId: fixture.scheduling.patientA, examTypeId: fixture.scheduling.examTypeId, facilityId: fixture.facilityA, physicianId: null, earliestOn: null, notes: null }),
    'waitlist.resolve': () => ({ id: newId() }),
    'waitlist.matches': () => ({ appointmentId: fixture.scheduling.appointmentIds[0] as string }),
    'patient.search': () => ({ query: 'Doe' }),
    'patient.get': () => ({ id: newId() }),
    'patient.duplicates': () => ({ firstName: 'Alice', lastName: 'Doe', dateOfBirth: '1980-02-03', phone: null }),
    'patient.save': () => ({
      firstName: 'Sample', middleName: null, lastName: `Person${newId().slice(-6)}`, preferredName: null, dateOfBirth: '1990-05-06', sex: 'female',
      phone: '555-010-4000', email: null, addressLine1: null, addressLine2: null, city: null, state: 'NY', postalCode: '10001', preferredLanguage: 'English',
      smsConsent: true, emailConsent: false, phoneConsent: true, emergencyContactName: null, emergencyContactPhone: null, homeFacilityId: fixture.facilityA,
      referringDoctorId: null, physicianIds: [], notes: null, acknowledgeDuplicates: true,
      insurances: [{ priority: 1, payerName: 'Aetna', payerId: '60054', memberId: 'W123', groupNumber: null, subscriberName: 'Sample Person', subscriberRelationship: 'self' }],
    }),
    'patient.mergePreview': () => ({ survivorId: newId(), mergedId: newId() }),
    'patient.merge': () => ({ survivorId: newId(), mergedId: newId(), reason: 'Duplicate registration' }),
    'patient.merges': () => ({ patientId: newId() }),
    'patient.unmerge': () => ({ mergeId: newId() }),
    'case.save': () => ({
      patientId: newId(), caseType: 'pi_auto', status: 'open', dateOfInjury: '2026-10-01', accidentState: 'NY', description: 'Rear-ended at a light',
      attorneyId: null, lopStatus: 'requested', lopDocumentId: null, policyLimitCents: 2_500_000, referralSource: null, physicianIds: [],
    }),
    'case.attorneyList': () => ({}),
    'case.attorneys': () => ({}),
    'referral.save': () => ({ patientId: newId(), referringDoctorId: newId(), caseId: null, referredOn: '2026-11-01', reason: 'Neck pain', status: 'received' }),
    'referral.doctors': () => ({}),
    'referral.referredPatients': () => ({}),
    'sync.status': () => ({}),
    'sync.issues': () => ({}),
    'sync.retryIssue': () => ({ id: newId(), args: {} }),
    'sync.discardIssue': () => ({ id: newId(), confirm: true }),
  };
}
