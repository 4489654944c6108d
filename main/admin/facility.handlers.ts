import type { facilityChannels } from '../../shared/admin/facility.contract';
import type { HandlerMap } from '../ipc/router';

export const facilityHandlers = {
  'facility.list': async (input, ctx) => ctx.repo.facilities.list(input.includeInactive ?? false),
  'facility.get': async (input, ctx) => ctx.repo.facilities.get(input.id),
  'facility.save': async (input, ctx) =>
    ctx.write(async (tx) => {
      const facility = await ctx.repo.facilities.save(tx, input, ctx.now);
      Object.assign(ctx.audit, { entityType: 'facility', entityId: facility.id, facilityId: facility.id, detail: { created: input.id === undefined } });
      return facility;
    }),
} satisfies Pick<HandlerMap, keyof typeof facilityChannels>;
