import type { sessionChannels } from '../../shared/auth/session.contract';
import { DomainError } from '../../shared/ipc/result';
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

  'auth.extend': async (_input, ctx) => {
    if (ctx.session.lockedAt !== null) throw new DomainError('session_locked');
    ctx.session.lastActivityAt = ctx.now;
    return toSessionInfo(ctx.session);
  },
} satisfies Pick<HandlerMap, keyof typeof sessionChannels>;
