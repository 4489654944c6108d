import type { userChannels } from '../../shared/admin/user.contract';
import { DomainError } from '../../shared/ipc/result';
import { hashPassword } from '../../server/auth/password';
import type { HandlerMap } from '../ipc/router';

export const userHandlers = {
  'user.list': async (input, ctx) => ctx.repo.users.list(input.includeInactive ?? false),

  /**
   * The user record syncs as a mutation; the password does not (it never enters the outbox). Its
   * verifier is cached on this device, and sent to the server by the password channel when online.
   */
  'user.save': async (input, ctx) => {
    const { password, ...args } = input;
    if (!input.id && !password) throw new DomainError('invalid_input', 'Set a password for the new user.', [{ path: 'password', message: 'Required for a new user' }]);
    const passwordHash = password ? await hashPassword(password) : null;
    const userId = await ctx.write(async (tx) => {
      const id = await ctx.mutate(tx, 'user.save', args);
      if (passwordHash) await ctx.repo.users.setPasswordHash(tx, id, input.username, passwordHash, ctx.now);
      Object.assign(ctx.audit, { entityType: 'user', entityId: id, detail: { created: input.id === undefined, roles: input.roles, facilityIds: input.facilityIds, isActive: input.isActive } });
      return id;
    });
    if (password) await ctx.services.passwords?.set(ctx.session, userId, password);
    // A deactivated user, or changed roles, take effect at once: open sessions of that user end.
    if (input.id && input.id !== ctx.subject.userId) ctx.services.sessions.endUser(input.id);
    return ctx.repo.users.get(userId);
  },

  /**
   * The clinic server takes the new password first; only then does this workstation cache its verifier.
   * A reset it cannot hand on (offline, refused) changes nothing, here or there, and says why.
   */
  'user.setPassword': async (input, ctx) => {
    const user = await ctx.repo.users.get(input.userId);
    await ctx.services.passwords?.set(ctx.session, user.id, input.password);
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
