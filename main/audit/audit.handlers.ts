import type { auditChannels } from '../../shared/audit/audit.contract';
import type { HandlerMap } from '../ipc/router';

export const auditHandlers = {
  'audit.list': async (input, ctx) => {
    const page = await ctx.repo.audit.list(input);
    ctx.audit.detail = { filters: { userId: input.userId, patientId: input.patientId, action: input.action, from: input.from, to: input.to }, resultCount: page.entries.length };
    return page;
  },
} satisfies Pick<HandlerMap, keyof typeof auditChannels>;
