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
    'sync.cancelInitialSync': () => ({}),
    'sync.resumeInitialSync': () => ({}),
  };
}
