import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Role } from '../auth/permissions';
import type { Database } from '../db/tables';
import { newRowStamp, toBit, tombstoneStamp, updateStamp } from '../db/stamps';
import { DomainError } from '../ipc/result';
import { mutator, type MutationContext } from '../sync/mutator';
import { userInput } from './user.contract';

/** `user.save` without the password: passwords never travel through the sync outbox. */
export const userSaveArgs = userInput.omit({ password: true }).extend({ id: z.string().uuid().optional() });
export type UserSaveArgs = z.infer<typeof userSaveArgs>;

/** Domain rules an admin cannot break, even with the permission to manage users. */
async function checkUserRules(tx: Kysely<Database>, input: UserSaveArgs, ctx: MutationContext): Promise<void> {
  const { subject } = ctx;
  if (input.roles.includes('super_admin') && !subject.roles.includes('super_admin')) {
    throw new DomainError('forbidden', 'Only the operator can grant the super admin role.', [{ path: 'roles', message: 'Not allowed' }]);
  }
  if (input.id === subject.userId && (!input.isActive || !input.roles.includes('clinic_admin')) && subject.roles.includes('clinic_admin')) {
    throw new DomainError('conflict', 'You cannot deactivate yourself or remove your own admin role.', [{ path: 'roles', message: 'Keep your own admin role' }]);
  }
  const needsLink: [Role, 'physicianId' | 'attorneyId' | 'referringDoctorId', string][] = [
    ['physician', 'physicianId', 'Choose the physician this login acts as'],
    ['attorney', 'attorneyId', 'Choose the attorney this login acts as'],
    ['referring_doctor', 'referringDoctorId', 'Choose the referring doctor this login acts as'],
  ];
  for (const [role, field, message] of needsLink) {
    if (input.roles.includes(role) && !input[field]) throw new DomainError('invalid_input', message, [{ path: field, message }]);
  }
  // Sign-in names no clinic, so a username is unique across clinics. The device's replica holds its own
  // clinic's users only; the server, running this same check over every clinic, refuses a clash with
  // another clinic's login (the refusal reaches the admin as a sync issue, docs/administration.md).
  const clash = await tx
    .selectFrom('users')
    .select('id')
    .where('username', '=', input.username)
    .$if(input.id !== undefined, (q) => q.where('id', '!=', input.id as string))
    .executeTakeFirst();
  if (clash) throw new DomainError('conflict', 'That username is taken.', [{ path: 'username', message: 'Already taken' }]);
  if (input.facilityIds.length > 0) {
    const found = await tx.selectFrom('facilities').select('id').where('clinic_id', '=', subject.clinicId).where('id', 'in', input.facilityIds).where('deleted_at', 'is', null).execute();
    if (found.length !== new Set(input.facilityIds).size) throw new DomainError('invalid_input', 'Unknown facility.', [{ path: 'facilityIds', message: 'Unknown facility' }]);
  }
  const links = [
    ['physicians', input.physicianId, 'physicianId'],
    ['attorneys', input.attorneyId, 'attorneyId'],
    ['referring_doctors', input.referringDoctorId, 'referringDoctorId'],
  ] as const;
  for (const [table, id, path] of links) {
    if (!id) continue;
    const found = await tx.selectFrom(table).select('id').where('id', '=', id).where('clinic_id', '=', subject.clinicId).executeTakeFirst();
    if (!found) throw new DomainError('invalid_input', 'Unknown linked person.', [{ path, message: 'Not found in this clinic' }]);
  }
}

/** Tombstones assignments no longer wanted and inserts the new ones. */
async function reconcileRoles(tx: Kysely<Database>, userId: string, wanted: readonly Role[], ctx: MutationContext): Promise<void> {
  const existing = await tx.selectFrom('user_roles').select(['id', 'role']).where('user_id', '=', userId).where('deleted_at', 'is', null).execute();
  for (const row of existing) if (!wanted.includes(row.role)) await tx.updateTable('user_roles').set(tombstoneStamp(ctx.subject, ctx.now)).where('id', '=', row.id).execute();
  for (const role of new Set(wanted)) {
    if (existing.some((row) => row.role === role)) continue;
    await tx.insertInto('user_roles').values({ ...newRowStamp(ctx.subject, ctx.now, ctx.newId()), user_id: userId, role }).execute();
  }
}

async function reconcileFacilities(tx: Kysely<Database>, userId: string, wanted: readonly string[], ctx: MutationContext): Promise<void> {
  const existing = await tx.selectFrom('user_facilities').select(['id', 'facility_id']).where('user_id', '=', userId).where('deleted_at', 'is', null).execute();
  for (const row of existing) if (!wanted.includes(row.facility_id)) await tx.updateTable('user_facilities').set(tombstoneStamp(ctx.subject, ctx.now)).where('id', '=', row.id).execute();
  for (const facilityId of new Set(wanted)) {
    if (existing.some((row) => row.facility_id === facilityId)) continue;
    await tx.insertInto('user_facilities').values({ ...newRowStamp(ctx.subject, ctx.now, ctx.newId()), user_id: userId, facility_id: facilityId }).execute();
  }
}

/** Creates or updates a user with roles and facility restrictions. */
export const saveUser = mutator({
  name: 'user.save',
  description: 'Create or update a user: roles, facilities, linked person, active flag.',
  input: userSaveArgs,
  permission: 'user.manage',
  async run(tx, input, ctx) {
    await checkUserRules(tx, input, ctx);
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
    const existing = userId
      ? await tx.selectFrom('users').select('id').where('id', '=', userId).where('clinic_id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst()
      : undefined;
    if (existing) {
      await tx.updateTable('users').set({ ...values, ...updateStamp(ctx.subject, ctx.now) }).where('id', '=', existing.id).execute();
    } else {
      userId ??= ctx.newId();
      await tx.insertInto('users').values({ ...newRowStamp(ctx.subject, ctx.now, userId), ...values }).execute();
    }
    await reconcileRoles(tx, userId as string, input.roles, ctx);
    await reconcileFacilities(tx, userId as string, input.facilityIds, ctx);
    return userId as string;
  },
});
