import type { scheduleSetupChannels } from '../../shared/scheduling/schedule-setup.contract';
import type { HandlerMap } from '../ipc/router';

export const scheduleSetupHandlers = {
  'facility.closures': async (input, ctx) => ctx.repo.schedule.setup.closures(input.facilityId, input.from, input.to),
  'facility.saveClosure': async (input, ctx) => {
    const id = await ctx.write(async (tx) => ctx.mutate(tx, 'facility.saveClosure', input));
    Object.assign(ctx.audit, { entityType: 'facility_closure', entityId: id, facilityId: input.facilityId, detail: { closedOn: input.closedOn, created: input.id === undefined } });
    return ctx.repo.schedule.setup.closure(id);
  },
  'facility.removeClosure': async (input, ctx) => {
    const id = await ctx.write(async (tx) => ctx.mutate(tx, 'facility.removeClosure', input));
    Object.assign(ctx.audit, { entityType: 'facility_closure', entityId: id });
    return { id };
  },
  'facility.saveResource': async (input, ctx) => {
    const id = await ctx.write(async (tx) => ctx.mutate(tx, 'facility.saveResource', input));
    Object.assign(ctx.audit, { entityType: 'facility_resource', entityId: id, facilityId: input.facilityId, detail: { created: input.id === undefined } });
    return ctx.repo.schedule.setup.resource(id);
  },
  'physician.scheduleList': async (input, ctx) =>
    ctx.repo.schedule.setup.physicians({ ...(input.facilityId ? { facilityId: input.facilityId } : {}), includeInactive: input.includeInactive ?? false }),
  'physician.setFacilities': async (input, ctx) => {
    const id = await ctx.write(async (tx) => ctx.mutate(tx, 'physician.setFacilities', input));
    Object.assign(ctx.audit, { entityType: 'physician', entityId: id, detail: { facilityIds: input.facilityIds } });
    return ctx.repo.schedule.setup.physician(id);
  },
  'availability.list': async (input, ctx) => ctx.repo.schedule.setup.availability(input.physicianId, input.facilityId, input.onDate),
  'availability.save': async (input, ctx) => {
    await ctx.write(async (tx) => ctx.mutate(tx, 'availability.save', input));
    Object.assign(ctx.audit, { entityType: 'availability', entityId: input.physicianId, facilityId: input.facilityId, detail: { effectiveFrom: input.effectiveFrom, spans: input.spans.length } });
    return ctx.repo.schedule.setup.availability(input.physicianId, input.facilityId, input.effectiveFrom);
  },
  'timeOff.list': async (input, ctx) => ctx.repo.schedule.setup.timeOff(input.from, input.to, input.physicianId),
  'timeOff.save': async (input, ctx) => {
    const id = await ctx.write(async (tx) => ctx.mutate(tx, 'timeOff.save', input));
    Object.assign(ctx.audit, { entityType: 'time_off', entityId: id, facilityId: input.facilityId, detail: { physicianId: input.physicianId, kind: input.kind } });
    return ctx.repo.schedule.setup.timeOffEntry(id);
  },
  'timeOff.remove': async (input, ctx) => {
    const id = await ctx.write(async (tx) => ctx.mutate(tx, 'timeOff.remove', input));
    Object.assign(ctx.audit, { entityType: 'time_off', entityId: id });
    return { id };
  },
} satisfies Pick<HandlerMap, keyof typeof scheduleSetupChannels>;
