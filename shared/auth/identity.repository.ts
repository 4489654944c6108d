import type { Kysely } from 'kysely';
import { isRole, type Subject } from './permissions';
import type { Database } from '../db/tables';

export interface UserIdentity {
  readonly subject: Subject;
  readonly username: string;
  readonly displayName: string;
  readonly isActive: boolean;
  readonly clinicName: string;
  readonly idleTimeoutMinutes: number;
}

/** The session subject of a user row with its live roles and facilities (unknown role names are dropped). */
export function subjectOf(
  user: { readonly id: string; readonly clinic_id: string; readonly physician_id: string | null; readonly attorney_id: string | null; readonly referring_doctor_id: string | null },
  roles: readonly string[], facilityIds: readonly string[],
): Subject {
  return {
    userId: user.id,
    clinicId: user.clinic_id,
    roles: [...new Set(roles.filter(isRole))],
    facilityIds: [...facilityIds],
    physicianId: user.physician_id,
    attorneyId: user.attorney_id,
    referringDoctorId: user.referring_doctor_id,
  };
}

/**
 * Loads who a user is (roles, facilities, linked person) from the device replica or the central
 * database (portable SQL). The unrestricted read is deliberate: it runs before any session exists,
 * to build that session, and the server repeats it on every request so changes apply at once.
 */
export async function loadIdentity(db: Kysely<Database>, userId: string): Promise<UserIdentity | null> {
  const user = await db
    .selectFrom('users')
    .innerJoin('clinics', 'clinics.id', 'users.clinic_id')
    .select([
      'users.id', 'users.clinic_id', 'users.username', 'users.display_name', 'users.is_active', 'users.physician_id',
      'users.attorney_id', 'users.referring_doctor_id', 'clinics.name as clinic_name', 'clinics.idle_timeout_minutes',
    ])
    .where('users.id', '=', userId)
    .where('users.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!user) return null;
  const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).where('deleted_at', 'is', null).execute();
  const facilities = await db
    .selectFrom('user_facilities')
    .select('facility_id')
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .orderBy('facility_id')
    .execute();
  return {
    subject: subjectOf(user, roles.map((r) => r.role), facilities.map((f) => f.facility_id)),
    username: user.username,
    displayName: user.display_name,
    isActive: user.is_active === 1,
    clinicName: user.clinic_name,
    idleTimeoutMinutes: user.idle_timeout_minutes,
  };
}
