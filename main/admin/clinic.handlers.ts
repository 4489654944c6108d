import type { clinicChannels } from '../../shared/admin/clinic.contract';
import type { HandlerMap } from '../ipc/router';

export const clinicHandlers = {
  'clinic.get': async (_input, ctx) => ctx.repo.clinic.get(),

  /** Also applies the new idle timeout to sessions already open on this workstation. */
  'clinic.update': async (input, ctx) => {
    ctx.audit.entityType = 'clinic';
    ctx.audit.entityId = ctx.subject.clinicId;
    const settings = await ctx.write((tx) => ctx.repo.clinic.update(tx, input, ctx.now));
    for (const session of ctx.services.sessions.all()) {
      if (session.subject.clinicId === ctx.subject.clinicId) session.idleTimeoutMs = settings.idleTimeoutMinutes * 60_000;
    }
    return settings;
  },
} satisfies Pick<HandlerMap, keyof typeof clinicChannels>;
