import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Action } from '../auth/permissions';
import type { Database, NewRow } from '../db/tables';
import { newRowStamp, updateStamp } from '../db/stamps';
import { DomainError } from '../ipc/result';
import { mutator, type MutationContext } from '../sync/mutator';
import { attorneyInput, referringDoctorInput } from './contact.contract';

type ContactTable = 'attorneys' | 'referring_doctors';

/** The contact row to update, in the caller's clinic and not tombstoned; `not_found` otherwise. */
async function existing(tx: Kysely<Database>, table: ContactTable, id: string, ctx: MutationContext): Promise<void> {
  const found = await tx.selectFrom(table).select('id').where('id', '=', id).where('clinic_id', '=', ctx.subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!found) throw new DomainError('not_found', 'That contact was not found.');
}

/**
 * The save mutator of one kind of contact: an existing id (of the caller's clinic, not tombstoned) updates
 * that row; without one, a row is inserted with an id derived from the mutation. `columns` maps the input to
 * the table's own columns; the stamps are added here.
 */
function contactSaveMutator<Input extends z.ZodType<{ id?: string | undefined }>, T extends ContactTable>(def: {
  name: string;
  description: string;
  input: Input;
  permission: Action;
  table: T;
  columns: (input: z.output<Input>) => Omit<NewRow<T>, keyof ReturnType<typeof newRowStamp>>;
}) {
  return mutator({
    name: def.name,
    description: def.description,
    input: def.input,
    permission: def.permission,
    async run(tx, input, ctx): Promise<string> {
      const values = def.columns(input);
      // One code path for both tables: kysely cannot narrow a generic table name, so the builder is widened here.
      const db = tx as unknown as Kysely<Record<string, Record<string, unknown>>>;
      if (input.id) {
        await existing(tx, def.table, input.id, ctx);
        await db.updateTable(def.table as string).set({ ...values, ...updateStamp(ctx.subject, ctx.now) }).where('id', '=', input.id).execute();
        return input.id;
      }
      const id = ctx.newId();
      await db.insertInto(def.table as string).values({ ...newRowStamp(ctx.subject, ctx.now, id), ...values }).execute();
      return id;
    },
  });
}

/** Creates or edits an attorney (an existing id updates; a new one is derived from the mutation). */
export const saveAttorney = contactSaveMutator({
  name: 'attorney.save',
  description: 'Create or edit an attorney and their law firm.',
  input: attorneyInput,
  permission: 'contact.write',
  table: 'attorneys',
  columns: (input) => ({ name: input.name, firm_name: input.firmName, phone: input.phone, email: input.email, address: input.address }),
});

/** Creates or edits a referring doctor. */
export const saveReferringDoctor = contactSaveMutator({
  name: 'referringDoctor.save',
  description: 'Create or edit a referring doctor.',
  input: referringDoctorInput,
  permission: 'contact.write',
  table: 'referring_doctors',
  columns: (input) => ({ name: input.name, npi: input.npi, practice_name: input.practiceName, phone: input.phone, email: input.email }),
});
