import type { Kysely } from 'kysely';
import { can, type Subject } from '../../shared/auth/permissions';
import type { Database } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';
import { mutationIdFactory, type MutationContext } from '../../shared/sync/mutator';
import { mutators, type MutatorName } from '../../shared/sync/mutators';
import type { WriteTransaction } from '../db/connection';

export type MutatorArgs<N extends MutatorName> = Parameters<(typeof mutators)[N]['run']>[1];
export type MutatorResult<N extends MutatorName> = Awaited<ReturnType<(typeof mutators)[N]['run']>>;

/**
 * Runs a mutator on the device with undo capture on: every synced row it changes leaves its pre-image
 * in `undo_log` under `mutationId`, so a rebase can roll it back exactly.
 */
export async function runCaptured(
  tx: Kysely<Database>, mutationId: number, name: MutatorName, args: unknown, context: { subject: Subject; clientId: string; createdAt: number; now: number },
): Promise<unknown> {
  const def = mutators[name];
  const ctx: MutationContext = { subject: context.subject, now: context.now, side: 'device', newId: mutationIdFactory(context.clientId, mutationId, context.createdAt) };
  await tx.insertInto('mutation_capture').values({ client_id: context.clientId, mutation_id: mutationId }).execute();
  try {
    return await (def.run as (t: Kysely<Database>, a: unknown, c: MutationContext) => Promise<unknown>)(tx, args, ctx);
  } finally {
    await tx.deleteFrom('mutation_capture').execute();
  }
}

/** The next mutation id of a sync client. Ids increase by one and are never reused or renumbered. */
async function nextMutationId(tx: Kysely<Database>, clientId: string): Promise<number> {
  const key = `mutation_counter:${clientId}`;
  const row = await tx.selectFrom('device_settings').select('value').where('key', '=', key).executeTakeFirst();
  const next = (row ? Number(row.value) : 0) + 1;
  await tx.insertInto('device_settings').values({ key, value: String(next) }).onConflict((oc) => oc.column('key').doUpdateSet({ value: String(next) })).execute();
  return next;
}

/**
 * The device's single write path for synced data: validates, runs the mutator optimistically and
 * writes the outbox row, all in the caller's transaction (SYNC.md, write path).
 */
export async function mutateOnDevice<N extends MutatorName>(
  tx: WriteTransaction, name: N, rawArgs: unknown, context: { subject: Subject; clientId: string; now: number },
): Promise<MutatorResult<N>> {
  const def = mutators[name];
  if (!can(context.subject, def.permission)) throw new DomainError('forbidden');
  const parsed = def.input.safeParse(rawArgs);
  if (!parsed.success) {
    throw new DomainError('invalid_input', undefined, parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
  }
  const mutationId = await nextMutationId(tx, context.clientId);
  const result = await runCaptured(tx, mutationId, name, parsed.data, { ...context, createdAt: context.now });
  await tx.insertInto('outbox').values({
    mutation_id: mutationId,
    client_id: context.clientId,
    name,
    args_json: JSON.stringify(parsed.data),
    user_id: context.subject.userId,
    created_at: context.now,
    attempts: 0,
    last_error: null,
  }).execute();
  return result as MutatorResult<N>;
}

/** This device's sync client id for a user: one per (replica, user), created on first use. */
export async function clientIdFor(db: Kysely<Database>, userId: string, newId: () => string): Promise<string> {
  const key = `client_id:${userId}`;
  const row = await db.selectFrom('device_settings').select('value').where('key', '=', key).executeTakeFirst();
  if (row) return row.value;
  const id = newId();
  await db.insertInto('device_settings').values({ key, value: id }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await db.selectFrom('device_settings').select('value').where('key', '=', key).executeTakeFirstOrThrow()).value;
}
