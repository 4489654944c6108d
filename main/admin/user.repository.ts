import type { Kysely } from 'kysely';
import type { LinkablePeople, UserInput, UserSummary } from '../../shared/admin/user.contract';
import { isRole, type Role, type Subject } from '../../shared/auth/permissions';
import { userScope } from '../../shared/auth/row-scopes';
import type { Database, Row } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';
import type { WriteTransaction } from '../db/connection';
import { newRowStamp, toBit, tombstoneStamp, updateStamp } from '../db/stamps';

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

  /** Domain rules an admin cannot break, even with the permission to manage users. */
  async function checkRules(tx: WriteTransaction, input: UserInput): Promise<void> {
    if (input.roles.includes('super_admin') && !subject.roles.includes('super_admin')) {
      throw new DomainError('forbidden', 'Only the operator can grant the super admin role.', [{ path: 'roles', message: 'Not allowed' }]);
    }
    if (input.id === subject.userId && (!input.isActive || !input.roles.includes('clinic_admin')) && subject.roles.includes('clinic_admin')) {
      throw new DomainError('conflict', 'You cannot deactivate yourself or remove your own admin role.', [{ path: 'roles', message: 'Keep your own admin role' }]);
    }
    const needsLink: [Role, keyof UserInput, string][] = [
      ['physician', 'physicianId', 'Choose the physician this login acts as'],
      ['attorney', 'attorneyId', 'Choose the attorney this login acts as'],
      ['referring_doctor', 'referringDoctorId', 'Choose the referring doctor this login acts as'],
    ];
    for (const [role, field, message] of needsLink) {
      if (input.roles.includes(role) && !input[field]) throw new DomainError('invalid_input', message, [{ path: field, message }]);
    }
    const clash = await tx
      .selectFrom('users')
      .select('id')
      .where('clinic_id', '=', subject.clinicId)
      .where('username', '=', input.username)
      .$if(input.id !== undefined, (q) => q.where('id', '!=', input.id as string))
      .executeTakeFirst();
    if (clash) throw new DomainError('conflict', 'That username is taken.', [{ path: 'username', message: 'Already taken' }]);
    if (input.facilityIds.length > 0) {
      const found = await tx.selectFrom('facilities').select('id').where('clinic_id', '=', subject.clinicId).where('id', 'in', input.facilityIds).where('deleted_at', 'is', null).execute();
      if (found.length !== new Set(input.facilityIds).size) throw new DomainError('invalid_input', 'Unknown facility.', [{ path: 'facilityIds', message: 'Unknown facility' }]);
    }
    const links: [keyof Database, string | null, string][] = [
      ['physicians', input.physicianId, 'physicianId'],
      ['attorneys', input.attorneyId, 'attorneyId'],
      ['referring_doctors', input.referringDoctorId, 'referringDoctorId'],
    ];
    for (const [table, id, path] of links) {
      if (!id) continue;
      const found = await tx.selectFrom(table as 'physicians').select('id').where('id', '=', id).where('clinic_id', '=', subject.clinicId).executeTakeFirst();
      if (!found) throw new DomainError('invalid_input', 'Unknown linked person.', [{ path, message: 'Not found in this clinic' }]);
    }
  }

  /** Tombstones assignments no longer wanted and inserts the new ones. */
  async function reconcile<T extends 'user_roles' | 'user_facilities'>(
    tx: WriteTransaction, table: T, column: 'role' | 'facility_id', userId: string, wanted: readonly string[], now: number,
  ): Promise<void> {
    const existing = (await tx.selectFrom(table as 'user_roles').selectAll().where('user_id', '=', userId).where('deleted_at', 'is', null).execute()) as unknown as Record<string, string>[];
    const have = new Set(existing.map((row) => row[column]));
    for (const row of existing) {
      if (!wanted.includes(row[column] as string)) await tx.updateTable(table as 'user_roles').set(tombstoneStamp(subject, now)).where('id', '=', row.id as string).execute();
    }
    for (const value of new Set(wanted)) {
      if (have.has(value)) continue;
      await tx.insertInto(table as 'user_roles').values({ ...newRowStamp(subject, now), user_id: userId, [column]: value } as never).execute();
    }
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

    /** Creates or updates a user with roles and facility restrictions. `passwordHash` is required on create. */
    async save(tx: WriteTransaction, input: UserInput, passwordHash: string | null, now: number): Promise<UserSummary> {
      await checkRules(tx, input);
      const values = {
        username: input.username,
        display_name: input.displayName,
        email: input.email,
        is_active: toBit(input.isActive),
        physician_id: input.roles.includes('physician') ? input.physicianId : null,
        attorney_id: input.roles.includes('attorney') ? input.attorneyId : null,
        referring_doctor_id: input.roles.includes('referring_doctor') ? input.referringDoctorId : null,
      };
      let userId = input.id;
      if (userId) {
        const updated = await tx.updateTable('users').set({ ...values, ...updateStamp(subject, now) })
          .where('id', '=', userId).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
        if (updated.numUpdatedRows === 0n) throw new DomainError('not_found', 'That user was not found.');
        await tx.updateTable('local_credentials').set({ username: input.username, updated_at: now }).where('user_id', '=', userId).execute();
      } else {
        if (!passwordHash) throw new DomainError('invalid_input', 'Set a password for the new user.', [{ path: 'password', message: 'Required for a new user' }]);
        const stamp = newRowStamp(subject, now);
        userId = stamp.id;
        await tx.insertInto('users').values({ ...stamp, ...values }).execute();
      }
      await reconcile(tx, 'user_roles', 'role', userId, input.roles, now);
      await reconcile(tx, 'user_facilities', 'facility_id', userId, input.facilityIds, now);
      if (passwordHash) await this.setPasswordHash(tx, userId, input.username, passwordHash, now);
      return this.get(userId, tx);
    },

    async setPasswordHash(tx: WriteTransaction, userId: string, username: string, passwordHash: string, now: number): Promise<void> {
      await tx
        .insertInto('local_credentials')
        .values({ user_id: userId, clinic_id: subject.clinicId, username, password_hash: passwordHash, offline_valid_until: null, updated_at: now })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ password_hash: passwordHash, username, updated_at: now }))
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
