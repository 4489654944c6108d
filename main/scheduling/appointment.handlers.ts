import type { appointmentChannels } from '../../shared/scheduling/appointment.contract';
import type { HandlerMap } from '../ipc/router';

export const appointmentHandlers = {
  'appointment.day': async (input, ctx) => {
    const day = await ctx.repo.appointments.day(input.facilityId, input.date, input.physicianId);
    Object.assign(ctx.audit, { entityType: 'facility_day', entityId: input.facilityId, facilityId: input.facilityId, detail: { date: input.date, resultCount: day.appointments.length } });
    return day;
  },
} satisfies Pick<HandlerMap, keyof typeof appointmentChannels>;
