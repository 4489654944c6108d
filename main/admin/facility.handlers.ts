import type { facilityChannels } from '../../shared/admin/facility.contract';
import type { HandlerMap } from '../ipc/router';

export const facilityHandlers = {
  'facility.list': async (input, ctx) => ctx.repo.facilities.list(input.includeInactive ?? false),
  'facility.get': async (input, ctx) => ctx.repo.facilities.get(input.id),
  'facility.save': async (input, ctx) => {
    const facilityId = await ctx.write(async (tx) => {
      const id = await ctx.mutate(tx, 'facility.save', input);
      Object.assign(ctx.audit, { entityType: 'facility', entityId: id, facilityId: id, detail: { created: input.id === undefined } });
      return id;
    });
    return ctx.repo.facilities.get(facilityId);
  },
} satisfies Pick<HandlerMap, keyof typeof facilityChannels>;
