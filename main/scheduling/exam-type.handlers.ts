import type { examTypeChannels } from '../../shared/scheduling/exam-type.contract';
import type { HandlerMap } from '../ipc/router';

export const examTypeHandlers = {
  'examType.list': async (input, ctx) =>
    ctx.repo.schedule.examTypes.list({
      ...(input.facilityId ? { facilityId: input.facilityId } : {}), ...(input.physicianId ? { physicianId: input.physicianId } : {}), includeInactive: input.includeInactive ?? false,
    }),
  'examType.save': async (input, ctx) => {
    const id = await ctx.write(async (tx) => ctx.mutate(tx, 'examType.save', input));
    Object.assign(ctx.audit, { entityType: 'exam_type', entityId: id, detail: { created: input.id === undefined } });
    return ctx.repo.schedule.examTypes.get(id);
  },
} satisfies Pick<HandlerMap, keyof typeof examTypeChannels>;
