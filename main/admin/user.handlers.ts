import type { userChannels } from '../../shared/admin/user.contract';
import { DomainError } from '../../shared/ipc/result';
import { hashPassword } from '../auth/password';
import type { HandlerMap } from '../ipc/router';

export const userHandlers = {
  'user.list': async (input, ctx) => ctx.repo.users.list(input.includeInactive ?? false),

  /** Hashing happens before the transaction so the write lock is held for milliseconds, not Argon2's time. */
  'user.save': async (input, ctx) => {
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    const user = await ctx.write(async (tx) => {
      const saved = await ctx.repo.users.save(tx, input, passwordHash, ctx.now);
      Object.assign(ctx.audit, { entityType: 'user', entityId: saved.id, detail: { created: input.id === undefined, roles: saved.roles, facilityIds: saved.facilityIds, isActive: saved.isActive } });
      return saved;
    });
    // A deactivated user, or changed roles, take effect at once: open sessions of that user end.
    if (input.id && input.id !== ctx.subject.userId) ctx.services.sessions.endUser(input.id);
    return user;
  },

  'user.setPassword': async (input, ctx) => {
    const user = await ctx.repo.users.get(input.userId);
    if (!user) throw new DomainError('not_found');
    const passwordHash = await hashPassword(input.password);
    await ctx.write(async (tx) => {
      await ctx.repo.users.setPasswordHash(tx, user.id, user.username, passwordHash, ctx.now);
      Object.assign(ctx.audit, { entityType: 'user', entityId: user.id, detail: { passwordReset: true } });
    });
    if (user.id !== ctx.subject.userId) ctx.services.sessions.endUser(user.id);
    return null;
  },

  'user.linkablePeople': async (_input, ctx) => ctx.repo.users.linkablePeople(),
} satisfies Pick<HandlerMap, keyof typeof userChannels>;
