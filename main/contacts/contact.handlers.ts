import type { contactChannels } from '../../shared/contacts/contact.contract';
import type { HandlerMap } from '../ipc/router';

/** External contacts: synced writes (`attorney.save`, `referringDoctor.save`), audited with what changed. */
export const contactHandlers = {
  'contact.list': async (_input, ctx) => ctx.repo.contacts.directory(),

  'contact.saveAttorney': async (input, ctx) => {
    const id = await ctx.write(async (tx) => {
      const saved = await ctx.mutate(tx, 'attorney.save', input);
      Object.assign(ctx.audit, { entityType: 'attorney', entityId: saved, detail: { created: input.id === undefined, name: input.name, firmName: input.firmName } });
      return saved;
    });
    return ctx.repo.contacts.attorney(id);
  },

  'contact.saveReferringDoctor': async (input, ctx) => {
    const id = await ctx.write(async (tx) => {
      const saved = await ctx.mutate(tx, 'referringDoctor.save', input);
      Object.assign(ctx.audit, { entityType: 'referring_doctor', entityId: saved, detail: { created: input.id === undefined, name: input.name } });
      return saved;
    });
    return ctx.repo.contacts.referringDoctor(id);
  },
} satisfies Pick<HandlerMap, keyof typeof contactChannels>;
