import type { waitlistChannels } from '../../shared/scheduling/waitlist.contract';
import type { HandlerMap } from '../ipc/router';

export const waitlistHandlers = {
  'waitlist.list': async (input, ctx) => {
    const entries = await ctx.repo.schedule.waitlist.list({
      ...(input.facilityId ? { facilityId: input.facilityId } : {}), ...(input.examTypeId ? { examTypeId: input.examTypeId } : {}), includeResolved: input.includeResolved ?? false,
    });
    Object.assign(ctx.audit, { entityType: 'waitlist', facilityId: input.facilityId ?? null, detail: { resultCount: entries.length } });
    return entries;
  },
  'waitlist.add': async (input, ctx) => {
    const id = await ctx.write(async (tx) => ctx.mutate(tx, 'waitlist.add', input));
    Object.assign(ctx.audit, { entityType: 'waitlist_entry', entityId: id, patientId: input.patientId, facilityId: input.facilityId });
    return ctx.repo.schedule.waitlist.get(id);
  },
  'waitlist.resolve': async (input, ctx) => {
    const id = await ctx.write(async (tx) => ctx.mutate(tx, 'waitlist.resolve', input));
    const entry = await ctx.repo.schedule.waitlist.get(id);
    Object.assign(ctx.audit, { entityType: 'waitlist_entry', entityId: id, patientId: entry.patientId });
    return entry;
  },
  'waitlist.matches': async (input, ctx) => {
    const entries = await ctx.repo.schedule.waitlist.matches(input.appointmentId);
    Object.assign(ctx.audit, { entityType: 'appointment', entityId: input.appointmentId, detail: { waitlistMatches: entries.length } });
    return entries;
  },
} satisfies Pick<HandlerMap, keyof typeof waitlistChannels>;
