import type { FastifyInstance } from 'fastify';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import {
  createClinicInput, NEW_CLINIC_POLICIES, resetAdminPasswordInput, saveAdminInput, type NewAdminInput, type OperatorAdmin, type OperatorClinic,
} from '../../shared/admin/operator.contract';
import { can } from '../../shared/auth/permissions';
import { newId } from '../../shared/ids';
import type { ServerContext } from '../context';
import type { ServerDatabase } from '../db/server-schema';
import { HttpError } from '../http/errors';
import { parseBody } from '../http/validation';
import { hashPassword } from '../auth/password';
import { authenticate, type ServerSession } from '../auth/session';

/*
 * The operator's endpoints: clinics and their clinic admins across every clinic on this server. They
 * read and write only `clinics`, `users`, `user_roles` and credentials — never a table with PHI — and
 * answer only what `OperatorClinic` names. Writes go through the same change capture as every synced
 * write, so a new clinic's admin finds their clinic and login on their first sync.
 */

const forbidden = () => new HttpError(403, 'forbidden', 'You do not have permission to do that.');

async function operatorSession(ctx: ServerContext, request: Parameters<typeof authenticate>[2]): Promise<ServerSession> {
  const session = await authenticate(ctx.db, ctx.signingKey, request, ctx.now());
  if (!can(session.subject, 'clinics.manage')) throw forbidden();
  return session;
}

/** Clinics with their admins; `only` limits to one clinic. */
async function loadClinics(db: Kysely<ServerDatabase>, only?: string): Promise<OperatorClinic[]> {
  const clinics = await db.selectFrom('clinics').select(['id', 'name', 'default_time_zone', 'created_at'])
    .where('deleted_at', 'is', null).$if(only !== undefined, (q) => q.where('id', '=', only as string)).orderBy('name').execute();
  if (clinics.length === 0) return [];
  const ids = clinics.map((clinic) => clinic.id);
  const [facilities, users, admins] = await Promise.all([
    db.selectFrom('facilities').select(['clinic_id', sql<string>`count(*)`.as('n')]).where('clinic_id', 'in', ids).where('deleted_at', 'is', null).groupBy('clinic_id').execute(),
    db.selectFrom('users').select(['clinic_id', sql<string>`count(*)`.as('n')]).where('clinic_id', 'in', ids).where('deleted_at', 'is', null).where('is_active', '=', 1).groupBy('clinic_id').execute(),
    db.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id')
      .select(['users.id', 'users.clinic_id', 'users.username', 'users.display_name', 'users.email', 'users.is_active'])
      .where('users.clinic_id', 'in', ids).where('users.deleted_at', 'is', null)
      .where('user_roles.role', '=', 'clinic_admin').where('user_roles.deleted_at', 'is', null)
      .orderBy('users.display_name').execute(),
  ]);
  const count = (rows: { clinic_id: string; n: string }[], id: string) => Number(rows.find((row) => row.clinic_id === id)?.n ?? 0);
  return clinics.map((clinic) => ({
    id: clinic.id,
    name: clinic.name,
    defaultTimeZone: clinic.default_time_zone,
    createdAt: Number(clinic.created_at),
    facilityCount: count(facilities, clinic.id),
    activeUserCount: count(users, clinic.id),
    admins: admins.filter((admin) => admin.clinic_id === clinic.id).map((admin): OperatorAdmin => ({
      id: admin.id, username: admin.username, displayName: admin.display_name, email: admin.email, isActive: admin.is_active === 1,
    })),
  }));
}

async function oneClinic(db: Kysely<ServerDatabase>, clinicId: string): Promise<OperatorClinic> {
  const [clinic] = await loadClinics(db, clinicId);
  if (!clinic) throw new HttpError(404, 'not_found', 'No such clinic.');
  return clinic;
}

/** Inserts a clinic admin with a password. Usernames are unique across clinics: sign-in names no clinic. */
async function insertAdmin(tx: Transaction<ServerDatabase>, clinicId: string, admin: NewAdminInput, actorId: string, now: number): Promise<string> {
  // Serialises operator creations, so two at once cannot both find a username free.
  await sql`SELECT pg_advisory_xact_lock(hashtext('medora.operator.username'))`.execute(tx);
  const taken = await tx.selectFrom('users').select('id').where('username', '=', admin.username).executeTakeFirst();
  if (taken) throw new HttpError(409, 'conflict', 'That username is taken.', { fields: [{ path: 'admin.username', message: 'Already taken (usernames are unique across clinics)' }] });
  const stamp = (id: string) => ({ id, clinic_id: clinicId, created_at: now, created_by: actorId, updated_at: now, updated_by: actorId, deleted_at: null });
  const userId = newId();
  await tx.insertInto('users').values({
    ...stamp(userId), username: admin.username, display_name: admin.displayName, email: admin.email, is_active: 1,
    physician_id: null, attorney_id: null, referring_doctor_id: null,
  }).execute();
  await tx.insertInto('user_roles').values({ ...stamp(newId()), user_id: userId, role: 'clinic_admin' }).execute();
  await tx.insertInto('server_credentials').values({ user_id: userId, password_hash: await hashPassword(admin.temporaryPassword), password_changed_at: now, must_change_password: 1 }).execute();
  return userId;
}

/** A user of the clinic holding the clinic admin role (the operator manages no other login). */
async function findAdmin(db: Kysely<ServerDatabase>, clinicId: string, userId: string): Promise<{ id: string; isOperator: boolean }> {
  const roles = await db.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select('user_roles.role')
    .where('users.id', '=', userId).where('users.clinic_id', '=', clinicId).where('users.deleted_at', 'is', null).where('user_roles.deleted_at', 'is', null).execute();
  if (!roles.some((row) => row.role === 'clinic_admin')) throw new HttpError(404, 'not_found', 'No such clinic admin in that clinic.');
  return { id: userId, isOperator: roles.some((row) => row.role === 'super_admin') };
}

export function registerOperatorRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { db } = ctx;

  app.get('/v1/operator/clinics', async (request) => {
    await operatorSession(ctx, request);
    return { clinics: await loadClinics(db) };
  });

  app.post('/v1/operator/clinics', async (request) => {
    const session = await operatorSession(ctx, request);
    const input = parseBody(createClinicInput, request.body);
    const now = ctx.now();
    const clinicId = newId();
    const actorId = session.subject.userId;
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('clinics').values({
        id: clinicId, clinic_id: clinicId, created_at: now, created_by: actorId, updated_at: now, updated_by: actorId, deleted_at: null,
        name: input.name, legal_name: null, tax_id: null, npi: null, phone: null, email: null,
        ...NEW_CLINIC_POLICIES, default_time_zone: input.defaultTimeZone,
      }).execute();
      await insertAdmin(tx, clinicId, input.admin, actorId, now);
    });
    return { clinic: await oneClinic(db, clinicId) };
  });

  app.post('/v1/operator/clinics/:clinicId/admins', async (request) => {
    const session = await operatorSession(ctx, request);
    const { clinicId } = parseBody(z.object({ clinicId: z.string().uuid() }), request.params);
    const input = parseBody(saveAdminInput, { ...(request.body as object), clinicId });
    const now = ctx.now();
    const actorId = session.subject.userId;
    await oneClinic(db, clinicId);
    if (input.kind === 'create') {
      await db.transaction().execute((tx) => insertAdmin(tx, clinicId, input.admin, actorId, now));
    } else {
      const admin = await findAdmin(db, clinicId, input.userId);
      if (admin.isOperator) throw forbidden();
      if (admin.id === actorId && !input.isActive) throw new HttpError(409, 'conflict', 'You cannot deactivate yourself.', { fields: [{ path: 'isActive', message: 'Keep your own login active' }] });
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('users').set({ display_name: input.displayName, email: input.email, is_active: input.isActive ? 1 : 0, updated_at: now, updated_by: actorId })
          .where('id', '=', admin.id).execute();
        // A deactivated admin's tokens stop at once (their next request answers 401 user_deactivated anyway).
        if (!input.isActive) await tx.updateTable('refresh_tokens').set({ revoked_at: now }).where('user_id', '=', admin.id).where('revoked_at', 'is', null).execute();
      });
    }
    return { clinic: await oneClinic(db, clinicId) };
  });

  app.post('/v1/operator/clinics/:clinicId/admins/:userId/password', async (request) => {
    const session = await operatorSession(ctx, request);
    const params = parseBody(z.object({ clinicId: z.string().uuid(), userId: z.string().uuid() }), request.params);
    const input = parseBody(resetAdminPasswordInput, { ...(request.body as object), ...params });
    const admin = await findAdmin(db, input.clinicId, input.userId);
    if (admin.isOperator) throw forbidden();
    const now = ctx.now();
    const hash = await hashPassword(input.temporaryPassword);
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('server_credentials').values({ user_id: admin.id, password_hash: hash, password_changed_at: now, must_change_password: 1 })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ password_hash: hash, password_changed_at: now, must_change_password: 1 })).execute();
      if (admin.id !== session.subject.userId) {
        await tx.updateTable('refresh_tokens').set({ revoked_at: now }).where('user_id', '=', admin.id).where('revoked_at', 'is', null).execute();
      }
    });
    return { ok: true };
  });
}
