import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { loadIdentity } from '../../shared/auth/identity.repository';
import { can } from '../../shared/auth/permissions';
import { newId } from '../../shared/ids';
import { hashPassword, verifyPassword } from './password';
import type { ServerContext } from '../context';
import { HttpError } from '../http/errors';
import { parseBody } from '../http/validation';
import { authenticate, sharedView } from './session';
import { ACCESS_TOKEN_TTL_MS, hashRefreshToken, newRefreshToken, REFRESH_TOKEN_TTL_MS, signAccessToken } from './tokens';
import type { TokenAnswer } from '../../shared/sync/auth-wire';

/** Failures allowed per username (and per address) in the window before answering 429. */
const USERNAME_FAILURES = 10;
const ADDRESS_FAILURES = 50;
const RATE_WINDOW_MS = 15 * 60_000;

const loginBody = z.object({
  username: z.string().trim().toLowerCase().min(1).max(100),
  password: z.string().min(1).max(1024),
  deviceId: z.string().uuid(),
  deviceName: z.string().trim().max(100).optional(),
  clinicId: z.string().uuid().optional(),
}).strict();

const refreshBody = z.object({ refreshToken: z.string().min(20).max(200), deviceId: z.string().uuid() }).strict();
const newPassword = z.string().min(12, 'Use at least 12 characters').max(256);
const passwordBody = z.object({ password: newPassword }).strict();
const ownPasswordBody = z.object({ currentPassword: z.string().min(1).max(1024), newPassword }).strict()
  .refine((body) => body.currentPassword !== body.newPassword, { path: ['newPassword'], message: 'Choose a password different from the current one' });

export function registerAuthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { db } = ctx;

  async function issueTokens(userId: string, clinicId: string, deviceId: string, now: number): Promise<TokenAnswer> {
    const refresh = newRefreshToken();
    await db.insertInto('refresh_tokens').values({
      token_hash: refresh.hash, user_id: userId, device_id: deviceId, clinic_id: clinicId, issued_at: now, expires_at: now + REFRESH_TOKEN_TTL_MS, revoked_at: null,
    }).execute();
    const clinic = await db.selectFrom('clinics').select('offline_lease_hours').where('id', '=', clinicId).executeTakeFirstOrThrow();
    const credential = await db.selectFrom('server_credentials').select('must_change_password').where('user_id', '=', userId).executeTakeFirst();
    const exp = now + ACCESS_TOKEN_TTL_MS;
    return {
      accessToken: signAccessToken(ctx.signingKey, { sub: userId, cid: clinicId, did: deviceId, exp }),
      accessTokenExpiresAt: exp,
      refreshToken: refresh.token,
      userId,
      clinicId,
      deviceId,
      offlineValidUntil: now + clinic.offline_lease_hours * 3_600_000,
      mustChangePassword: Number(credential?.must_change_password ?? 0) === 1,
    };
  }

  app.post('/v1/auth/login', async (request) => {
    const body = parseBody(loginBody, request.body);
    const now = ctx.now();
    const address = request.ip;
    const since = now - RATE_WINDOW_MS;
    const [byName, byAddress] = await Promise.all([
      db.selectFrom('login_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('username', '=', body.username).where('succeeded', '=', 0).where('at', '>', since).executeTakeFirstOrThrow(),
      db.selectFrom('login_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('address', '=', address).where('succeeded', '=', 0).where('at', '>', since).executeTakeFirstOrThrow(),
    ]);
    if (Number(byName.n) >= USERNAME_FAILURES || Number(byAddress.n) >= ADDRESS_FAILURES) {
      throw new HttpError(429, 'rate_limited', 'Too many failed sign-in attempts. Try again in 15 minutes.');
    }
    const record = (succeeded: boolean) =>
      db.insertInto('login_attempts').values({ id: newId(), username: body.username, address, at: now, succeeded: succeeded ? 1 : 0 }).execute();

    const candidates = await db
      .selectFrom('users')
      .innerJoin('server_credentials', 'server_credentials.user_id', 'users.id')
      .select(['users.id', 'users.clinic_id', 'server_credentials.password_hash'])
      .where('users.username', '=', body.username)
      .where('users.deleted_at', 'is', null)
      .$if(body.clinicId !== undefined, (q) => q.where('users.clinic_id', '=', body.clinicId as string))
      .execute();
    const candidate = candidates.length === 1 ? candidates[0] : undefined;
    const passwordOk = candidate ? await verifyPassword(candidate.password_hash, body.password) : await verifyPassword(ctx.dummyHash, body.password).then(() => false);
    if (!candidate || !passwordOk) {
      await record(false);
      throw new HttpError(401, 'invalid_credentials', 'The username or password is not correct.');
    }
    const identity = await loadIdentity(sharedView(db), candidate.id);
    if (!identity?.isActive) {
      await record(false);
      throw new HttpError(403, 'user_deactivated', 'This account has been deactivated.');
    }
    const device = await db.selectFrom('devices').selectAll().where('id', '=', body.deviceId).executeTakeFirst();
    if (device && (device.revoked_at !== null || device.clinic_id !== candidate.clinic_id)) {
      throw new HttpError(403, 'device_revoked', 'This workstation has been revoked by the clinic.');
    }
    if (!device) {
      await db.insertInto('devices').values({
        id: body.deviceId, clinic_id: candidate.clinic_id, name: body.deviceName ?? 'Workstation', enrolled_by: candidate.id, enrolled_at: now, last_seen_at: now, revoked_at: null, revoked_by: null,
      }).execute();
    } else {
      await db.updateTable('devices').set({ last_seen_at: now }).where('id', '=', device.id).execute();
    }
    await record(true);
    return issueTokens(candidate.id, candidate.clinic_id, body.deviceId, now);
  });

  app.post('/v1/auth/refresh', async (request) => {
    const body = parseBody(refreshBody, request.body);
    const now = ctx.now();
    const hash = hashRefreshToken(body.refreshToken);
    // Rotation: the old refresh token is revoked in the same statement that reads it, so a replayed
    // token cannot mint a second pair.
    const token = await db.updateTable('refresh_tokens').set({ revoked_at: now })
      .where('token_hash', '=', hash).where('revoked_at', 'is', null).where('expires_at', '>', now).where('device_id', '=', body.deviceId)
      .returning(['user_id', 'clinic_id', 'device_id']).executeTakeFirst();
    if (!token) throw new HttpError(401, 'unauthenticated', 'Sign in again.');
    const device = await db.selectFrom('devices').select(['revoked_at']).where('id', '=', token.device_id).executeTakeFirst();
    if (!device || device.revoked_at !== null) throw new HttpError(401, 'device_revoked', 'This workstation has been revoked by the clinic. Its local data will be erased.');
    const identity = await loadIdentity(sharedView(db), token.user_id);
    if (!identity?.isActive) throw new HttpError(401, 'user_deactivated', 'This account has been deactivated.');
    return issueTokens(token.user_id, token.clinic_id, token.device_id, now);
  });

  app.post('/v1/auth/logout', async (request) => {
    const session = await authenticate(db, ctx.signingKey, request, ctx.now());
    await db.updateTable('refresh_tokens').set({ revoked_at: ctx.now() })
      .where('user_id', '=', session.subject.userId).where('device_id', '=', session.deviceId).where('revoked_at', 'is', null).execute();
    return { ok: true };
  });

  /**
   * The signed-in user chooses their own password (required after an admin's reset or the operator's
   * temporary password). The current password is checked again; their sessions on other workstations end.
   */
  app.post('/v1/auth/password', async (request) => {
    const session = await authenticate(db, ctx.signingKey, request, ctx.now());
    const body = parseBody(ownPasswordBody, request.body);
    const credential = await db.selectFrom('server_credentials').select('password_hash').where('user_id', '=', session.subject.userId).executeTakeFirst();
    if (!credential || !(await verifyPassword(credential.password_hash, body.currentPassword))) {
      throw new HttpError(400, 'invalid_input', 'The current password is not correct.', { fields: [{ path: 'currentPassword', message: 'Not correct' }] });
    }
    const now = ctx.now();
    const hash = await hashPassword(body.newPassword);
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('server_credentials').set({ password_hash: hash, password_changed_at: now, must_change_password: 0 }).where('user_id', '=', session.subject.userId).execute();
      await tx.updateTable('refresh_tokens').set({ revoked_at: now })
        .where('user_id', '=', session.subject.userId).where('device_id', '!=', session.deviceId).where('revoked_at', 'is', null).execute();
    });
    return { ok: true };
  });

  /** Clinic admins: the clinic's enrolled workstations. */
  app.get('/v1/admin/devices', async (request) => {
    const session = await authenticate(db, ctx.signingKey, request, ctx.now());
    if (!can(session.subject, 'user.manage')) throw new HttpError(403, 'forbidden', 'You do not have permission to do that.');
    const devices = await db.selectFrom('devices').selectAll().where('clinic_id', '=', session.subject.clinicId).orderBy('enrolled_at', 'desc').execute();
    return { devices };
  });

  /** Clinic admins: revoke a workstation. Its tokens stop working; it wipes its replica at next contact. */
  app.post('/v1/admin/devices/:deviceId/revoke', async (request) => {
    const session = await authenticate(db, ctx.signingKey, request, ctx.now());
    if (!can(session.subject, 'user.manage')) throw new HttpError(403, 'forbidden', 'You do not have permission to do that.');
    const { deviceId } = parseBody(z.object({ deviceId: z.string().uuid() }), request.params);
    const now = ctx.now();
    const updated = await db.updateTable('devices').set({ revoked_at: now, revoked_by: session.subject.userId })
      .where('id', '=', deviceId).where('clinic_id', '=', session.subject.clinicId).where('revoked_at', 'is', null).executeTakeFirst();
    if (updated.numUpdatedRows === 0n) throw new HttpError(404, 'not_found', 'No such active workstation in this clinic.');
    await db.updateTable('refresh_tokens').set({ revoked_at: now }).where('device_id', '=', deviceId).where('revoked_at', 'is', null).execute();
    return { ok: true };
  });

  /** Clinic admins: set a user's password (passwords never travel through the sync outbox). */
  app.post('/v1/admin/users/:userId/password', async (request) => {
    const session = await authenticate(db, ctx.signingKey, request, ctx.now());
    if (!can(session.subject, 'user.manage')) throw new HttpError(403, 'forbidden', 'You do not have permission to do that.');
    const { userId } = parseBody(z.object({ userId: z.string().uuid() }), request.params);
    const { password } = parseBody(passwordBody, request.body);
    const user = await db.selectFrom('users').select('id').where('id', '=', userId).where('clinic_id', '=', session.subject.clinicId).executeTakeFirst();
    if (!user) throw new HttpError(404, 'not_found', 'No such user in this clinic.');
    const hash = await hashPassword(password);
    // Set for someone else, the password is temporary: they choose their own at their next sign-in.
    const mustChange = userId !== session.subject.userId ? 1 : 0;
    await db.insertInto('server_credentials').values({ user_id: userId, password_hash: hash, password_changed_at: ctx.now(), must_change_password: mustChange })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ password_hash: hash, password_changed_at: ctx.now(), must_change_password: mustChange })).execute();
    if (userId !== session.subject.userId) {
      await db.updateTable('refresh_tokens').set({ revoked_at: ctx.now() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
    }
    return { ok: true };
  });
}
