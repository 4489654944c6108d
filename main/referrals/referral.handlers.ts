import type { referralChannels } from '../../shared/referrals/referral.contract';
import type { HandlerMap } from '../ipc/router';

export const referralHandlers = {
  'referral.save': async (input, ctx) => {
    const referralId = await ctx.write(async (tx) => {
      const id = await ctx.mutate(tx, 'referral.save', input);
      Object.assign(ctx.audit, { entityType: 'referral', entityId: id, patientId: input.patientId, detail: { created: input.id === undefined, status: input.status } });
      return id;
    });
    return ctx.repo.referrals.get(referralId);
  },
  'referral.doctors': async (_input, ctx) => ctx.repo.referrals.doctors(),
  'referral.referredPatients': async (_input, ctx) => {
    const patients = await ctx.repo.referrals.referredPatients();
    Object.assign(ctx.audit, { entityType: 'referred_patients', detail: { resultCount: patients.length } });
    return patients;
  },
} satisfies Pick<HandlerMap, keyof typeof referralChannels>;
