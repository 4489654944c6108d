import type { Kysely } from 'kysely';
import type { LinkablePeople, UserSummary } from '../../shared/admin/user.contract';
import { isRole, type Subject } from '../../shared/auth/permissions';
import { userScope } from '../../shared/auth/row-scopes';
import type { Database, Row } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';
import type { WriteTransaction } from '../db/connection';

function toUserSummary(row: Row<'users'>, roles: Row<'user_roles'>[], facilities: Row<'user_facilities'>[]): UserSummary {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    isActive: row.is_active === 1,
    roles: roles.filter((r) => r.user_id === row.id).map((r) => r.role).filter(isRole),
    facilityIds: facilities.filter((f) => f.user_id === row.id).map((f) => f.facility_id),
    physicianId: row.physician_id,
    attorneyId: row.attorney_id,
    referringDoctorId: row.referring_doctor_id,
    updatedAt: row.updated_at,
  };
}

/** Staff and external users of the subject's clinic, scoped by `userScope`. */
export function userRepository(db: Kysely<Database>, subject: Subject) {
  async function load(source: Kysely<Database>, ids: string[] | null, includeInactive: boolean): Promise<UserSummary[]> {
    let query = source.selectFrom('users').selectAll().where(userScope(subject)).where('deleted_at', 'is', null);
    if (ids) query = query.where('id', 'in', ids.length > 0 ? ids : ['']);
    if (!includeInactive) query = query.where('is_active', '=', 1);
    const rows = await query.orderBy('display_name').execute();
    if (rows.length === 0) return [];
    const userIds = rows.map((r) => r.id);
    const roles = await source.selectFrom('user_roles').selectAll().where('user_id', 'in', userIds).where('deleted_at', 'is', null).execute();
    const facilities = await source.selectFrom('user_facilities').selectAll().where('user_id', 'in', userIds).where('deleted_at', 'is', null).execute();
    return rows.map((row) => toUserSummary(row, roles, facilities));
  }

  return {
    list(includeInactive = false): Promise<UserSummary[]> {
      return load(db, null, includeInactive);
    },

    async get(id: string, source: Kysely<Database> = db): Promise<UserSummary> {
      const [user] = await load(source, [id], true);
      if (!user) throw new DomainError('not_found', 'That user was not found.');
      return user;
    },

    /** Caches a password set here; set for someone else, it is temporary (they choose their own at sign-in). */
    async setPasswordHash(tx: WriteTransaction, userId: string, username: string, passwordHash: string, now: number): Promise<void> {
      const mustChange = userId === subject.userId ? 0 : 1;
      await tx
        .insertInto('local_credentials')
        .values({ user_id: userId, clinic_id: subject.clinicId, username, password_hash: passwordHash, offline_valid_until: null, must_change_password: mustChange, updated_at: now })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ password_hash: passwordHash, username, must_change_password: mustChange, updated_at: now }))
        .execute();
    },

    async linkablePeople(): Promise<LinkablePeople> {
      const [physicians, attorneys, referringDoctors] = await Promise.all([
        db.selectFrom('physicians').select(['id', 'first_name', 'last_name', 'credentials']).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).orderBy('last_name').execute(),
        db.selectFrom('attorneys').select(['id', 'name', 'firm_name']).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).orderBy('name').execute(),
        db.selectFrom('referring_doctors').select(['id', 'name', 'practice_name']).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).orderBy('name').execute(),
      ]);
      return {
        physicians: physicians.map((p) => ({ id: p.id, label: `${p.first_name} ${p.last_name}${p.credentials ? `, ${p.credentials}` : ''}` })),
        attorneys: attorneys.map((a) => ({ id: a.id, label: `${a.name} (${a.firm_name})` })),
        referringDoctors: referringDoctors.map((d) => ({ id: d.id, label: d.practice_name ? `${d.name} (${d.practice_name})` : d.name })),
      };
    },
  };
}
