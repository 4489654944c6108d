import type { clinicChannels } from '../../shared/admin/clinic.contract';
import type { HandlerMap } from '../ipc/router';

export const clinicHandlers = {
  'clinic.get': async (_input, ctx) => ctx.repo.clinic.get(),

  /** Also applies the new idle timeout to sessions already open on this workstation. */
  'clinic.update': async (input, ctx) => {
    Object.assign(ctx.audit, { entityType: 'clinic', entityId: ctx.subject.clinicId });
    await ctx.write((tx) => ctx.mutate(tx, 'clinic.update', input));
    const settings = await ctx.repo.clinic.get();
    for (const session of ctx.services.sessions.all()) {
      if (session.subject.clinicId === ctx.subject.clinicId) session.idleTimeoutMs = settings.idleTimeoutMinutes * 60_000;
    }
    return settings;
  },
} satisfies Pick<HandlerMap, keyof typeof clinicChannels>;
