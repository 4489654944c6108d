import type { seriesChannels } from '../../shared/scheduling/series.contract';
import type { HandlerMap } from '../ipc/router';

export const seriesHandlers = {
  'series.preview': async (input, ctx) => {
    const preview = await ctx.repo.schedule.booking.previewSeries(input);
    Object.assign(ctx.audit, { entityType: 'series_preview', patientId: input.patientId, facilityId: input.facilityId, detail: { occurrences: preview.occurrences.length } });
    return preview;
  },
  'series.create': async (input, ctx) => {
    const result = await ctx.write(async (tx) => ctx.mutate(tx, 'series.create', input));
    Object.assign(ctx.audit, { entityType: 'appointment_series', entityId: result.seriesId, patientId: input.patientId, facilityId: input.facilityId, detail: { occurrences: result.appointmentIds.length, override: input.override?.reason ?? null } });
    return result;
  },
  'series.update': async (input, ctx) => {
    const result = await ctx.write(async (tx) => ctx.mutate(tx, 'series.update', input));
    Object.assign(ctx.audit, { entityType: 'appointment_series', entityId: result.seriesId || input.appointmentId, detail: { scope: input.scope, changed: result.appointmentIds.length, override: input.override?.reason ?? null } });
    return result;
  },
  'series.cancel': async (input, ctx) => {
    const result = await ctx.write(async (tx) => ctx.mutate(tx, 'series.cancel', input));
    Object.assign(ctx.audit, { entityType: 'appointment_series', entityId: result.seriesId || input.appointmentId, detail: { scope: input.scope, cancelled: result.appointmentIds.length } });
    return result;
  },
} satisfies Pick<HandlerMap, keyof typeof seriesChannels>;
