import type { caseChannels } from '../../shared/cases/case.contract';
import type { HandlerMap } from '../ipc/router';

export const caseHandlers = {
  'case.save': async (input, ctx) => {
    const caseId = await ctx.write(async (tx) => {
      const id = await ctx.mutate(tx, 'case.save', input);
      Object.assign(ctx.audit, { entityType: 'case', entityId: id, patientId: input.patientId, detail: { created: input.id === undefined, attorneyId: input.attorneyId, lopStatus: input.lopStatus } });
      return id;
    });
    return ctx.repo.cases.get(caseId);
  },
  'case.attorneyList': async (_input, ctx) => {
    const cases = await ctx.repo.cases.attorneyCases();
    Object.assign(ctx.audit, { entityType: 'attorney_cases', detail: { resultCount: cases.length } });
    return cases;
  },
  'case.attorneys': async (_input, ctx) => ctx.repo.cases.attorneys(),
} satisfies Pick<HandlerMap, keyof typeof caseChannels>;
