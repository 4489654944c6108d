import type { calendarChannels } from '../../shared/scheduling/calendar.contract';
import type { HandlerMap } from '../ipc/router';

export const calendarHandlers = {
  'calendar.day': async (input, ctx) => {
    const day = await ctx.repo.schedule.calendar.day(input.facilityId, input.date, input);
    const count = day.columns.reduce((sum, column) => sum + column.appointments.length, 0);
    Object.assign(ctx.audit, { entityType: 'facility_day', entityId: input.facilityId, facilityId: input.facilityId, detail: { date: input.date, resultCount: count } });
    return day;
  },
  'calendar.week': async (input, ctx) => {
    const week = await ctx.repo.schedule.calendar.week(input.facilityId, input.startDate, input);
    const count = week.days.reduce((sum, day) => sum + day.columns.reduce((inner, column) => inner + column.appointments.length, 0), 0);
    Object.assign(ctx.audit, { entityType: 'facility_week', entityId: input.facilityId, facilityId: input.facilityId, detail: { startDate: input.startDate, resultCount: count } });
    return week;
  },
  'calendar.flowBoard': async (input, ctx) => {
    const board = await ctx.repo.schedule.calendar.flowBoard(input.facilityId, ctx.now, input.date);
    Object.assign(ctx.audit, { entityType: 'flow_board', entityId: input.facilityId, facilityId: input.facilityId, detail: { date: board.date, resultCount: board.items.length } });
    return board;
  },
} satisfies Pick<HandlerMap, keyof typeof calendarChannels>;
