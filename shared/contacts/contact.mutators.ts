import type { Kysely } from 'kysely';
import type { Database } from '../db/tables';
import { newRowStamp, updateStamp } from '../db/stamps';
import { DomainError } from '../ipc/result';
import { mutator, type MutationContext } from '../sync/mutator';
import { attorneyInput, referringDoctorInput } from './contact.contract';

/** The contact row to update, in the caller's clinic and not tombstoned; `not_found` otherwise. */
async function existing(tx: Kysely<Database>, table: 'attorneys' | 'referring_doctors', id: string, ctx: MutationContext): Promise<void> {
  const found = await tx.selectFrom(table).select('id').where('id', '=', id).where('clinic_id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!found) throw new DomainError('not_found', 'That contact was not found.');
}

/** Creates or edits an attorney (an existing id updates; a new one is derived from the mutation). */
export const saveAttorney = mutator({
  name: 'attorney.save',
  description: 'Create or edit an attorney and their law firm.',
  input: attorneyInput,
  permission: 'contact.write',
  async run(tx, input, ctx) {
    const values = { name: input.name, firm_name: input.firmName, phone: input.phone, email: input.email, address: input.address };
    if (input.id) {
      await existing(tx, 'attorneys', input.id, ctx);
      await tx.updateTable('attorneys').set({ ...values, ...updateStamp(ctx.subject, ctx.now) }).where('id', '=', input.id).execute();
      return input.id;
    }
    const id = ctx.newId();
    await tx.insertInto('attorneys').values({ ...newRowStamp(ctx.subject, ctx.now, id), ...values }).execute();
    return id;
  },
});

/** Creates or edits a referring doctor. */
export const saveReferringDoctor = mutator({
  name: 'referringDoctor.save',
  description: 'Create or edit a referring doctor.',
  input: referringDoctorInput,
  permission: 'contact.write',
  async run(tx, input, ctx) {
    const values = { name: input.name, npi: input.npi, practice_name: input.practiceName, phone: input.phone, email: input.email };
    if (input.id) {
      await existing(tx, 'referring_doctors', input.id, ctx);
      await tx.updateTable('referring_doctors').set({ ...values, ...updateStamp(ctx.subject, ctx.now) }).where('id', '=', input.id).execute();
      return input.id;
    }
    const id = ctx.newId();
    await tx.insertInto('referring_doctors').values({ ...newRowStamp(ctx.subject, ctx.now, id), ...values }).execute();
    return id;
  },
});
