import type { patientChannels } from '../../shared/patients/patient.contract';
import type { HandlerMap } from '../ipc/router';

export const patientHandlers = {
  'patient.search': async (input, ctx) => {
    const results = await ctx.repo.patientSearch.search(input.query, input.limit);
    // Searches are audited (who looked for whom): the query and how many patients it showed.
    Object.assign(ctx.audit, { entityType: 'patient_search', detail: { query: input.query, resultCount: results.length } });
    return results;
  },
} satisfies Pick<HandlerMap, keyof typeof patientChannels>;
