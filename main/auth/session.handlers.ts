import type { sessionChannels } from '../../shared/auth/session.contract';
import { DomainError } from '../../shared/ipc/result';
import { hashPassword } from '../../server/auth/password';
import type { HandlerMap } from '../ipc/router';
import { enforceIdleLock, toSessionInfo } from './session-store';

export const sessionHandlers = {
  /** Signs in this window. Success and failure are both audited (failed sign-ins are security events). */
  'auth.login': async (input, ctx) => {
    const { auth, sessions, auditLog, db } = ctx.services;
    const attempt = await auth.signIn(ctx.caller.windowKey, input.username, input.password, ctx.now);
    if (!attempt.ok) {
      const clinic = await db.selectFrom('clinics').select('id').where('deleted_at', 'is', null).executeTakeFirst();
      if (clinic) {
        await auditLog.append({
          clinicId: clinic.id, userId: null, action: 'auth.login_failed', at: ctx.now,
          detail: { username: input.username.trim().toLowerCase(), reason: attempt.error.code },
        });
      }
      throw attempt.error;
    }
    sessions.set(attempt.session);
    await auditLog.append({ clinicId: attempt.session.subject.clinicId, userId: attempt.session.subject.userId, action: 'auth.login', at: ctx.now, detail: { transport: ctx.caller.transport } });
    return toSessionInfo(attempt.session);
  },

  'auth.session': async (_input, ctx) => {
    if (!ctx.session) return null;
    enforceIdleLock(ctx.session, ctx.now);
    return toSessionInfo(ctx.session);
  },

  'auth.logout': async (_input, ctx) => {
    ctx.services.sessions.delete(ctx.caller.windowKey);
    return null;
  },

  'auth.lock': async (_input, ctx) => {
    ctx.session.lockedAt ??= ctx.now;
    return toSessionInfo(ctx.session);
  },

  'auth.unlock': async (input, ctx) => {
    const problem = await ctx.services.auth.unlock(ctx.session, input.password, ctx.now);
    if (problem) {
      ctx.audit.detail = { outcome: problem.code };
      await ctx.services.auditLog.append({ clinicId: ctx.subject.clinicId, userId: ctx.subject.userId, action: 'auth.unlock_failed', at: ctx.now, detail: { reason: problem.code } });
      throw problem;
    }
    return toSessionInfo(ctx.session);
  },

  /**
   * The signed-in user chooses their own password. With a clinic server it takes the password first
   * (checking the current one); then this workstation caches the new verifier. Without one (a standalone
   * workstation) the cached verifier is the only password, checked like an unlock.
   */
  'auth.changePassword': async (input, ctx) => {
    const { session, services } = ctx;
    if (services.passwords) {
      await services.passwords.changeOwn(session, input.currentPassword, input.newPassword);
    } else {
      const problem = await services.auth.unlock(session, input.currentPassword, ctx.now);
      if (problem?.code === 'invalid_credentials') throw new DomainError('invalid_input', 'The current password is not correct.', [{ path: 'currentPassword', message: 'Not correct' }]);
      if (problem) throw problem;
    }
    const passwordHash = await hashPassword(input.newPassword);
    await ctx.write(async (tx) => {
      await tx.updateTable('local_credentials').set({ password_hash: passwordHash, must_change_password: 0, updated_at: ctx.now }).where('user_id', '=', ctx.subject.userId).execute();
      Object.assign(ctx.audit, { entityType: 'user', entityId: ctx.subject.userId, detail: { ownPasswordChanged: true } });
    });
    for (const other of services.sessions.all()) if (other.subject.userId === ctx.subject.userId) other.mustChangePassword = false;
    return toSessionInfo(session);
  },

  'auth.extend': async (_input, ctx) => {
    if (ctx.session.lockedAt !== null) throw new DomainError('session_locked');
    ctx.session.lastActivityAt = ctx.now;
    return toSessionInfo(ctx.session);
  },
} satisfies Pick<HandlerMap, keyof typeof sessionChannels>;
