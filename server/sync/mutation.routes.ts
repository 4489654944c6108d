import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { can, type Subject } from '../../shared/auth/permissions';
import type { Database } from '../../shared/db/tables';
import { newId } from '../../shared/ids';
import { DomainError } from '../../shared/ipc/result';
import { mutationIdFactory, SYNC_SCHEMA_VERSION, type MutationContext } from '../../shared/sync/mutator';
import { isMutatorName, mutators } from '../../shared/sync/mutators';
import { authenticate, type ServerSession } from '../auth/session';
import type { ServerContext } from '../context';
import type { ServerDatabase } from '../db/server-schema';
import { HttpError } from '../http/errors';
import { parseBody } from '../http/validation';

export const MAX_MUTATIONS_PER_PUSH = 500;

const pushBody = z.object({
  clientId: z.string().uuid(),
  schemaVersion: z.number().int(),
  mutations: z.array(z.object({
    id: z.number().int().positive(),
    name: z.string().min(1).max(80),
    args: z.unknown(),
    createdAt: z.number().int().nonnegative(),
  }).strict()).max(MAX_MUTATIONS_PER_PUSH),
}).strict();

export type MutationOutcome =
  | { readonly id: number; readonly status: 'applied' }
  | { readonly id: number; readonly status: 'duplicate' }
  | { readonly id: number; readonly status: 'rejected'; readonly code: string; readonly message: string }
  | { readonly id: number; readonly status: 'out_of_order'; readonly expected: number };

/** Postgres constraint violations that are domain outcomes, with the code the device shows. */
function domainErrorOf(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  const pgError = error as { code?: string; constraint?: string };
  switch (pgError?.code) {
    case '23P01':
      if (pgError.constraint === 'appointments_patient_no_overlap') {
        return new DomainError('conflict', 'That patient is already booked at that time.', [{ path: 'patientId', message: 'The patient is already booked at that time' }]);
      }
      if (pgError.constraint === 'appointments_resource_no_overlap') {
        return new DomainError('conflict', 'That room is already booked at that time.', [{ path: 'resourceId', message: 'The room is already booked at that time' }]);
      }
      return new DomainError('conflict', 'That physician is already booked at that time.', [{ path: 'startsAt', message: 'slot_taken' }]);
    case '23505':
      return new DomainError('conflict', 'That record already exists (a duplicate was refused).');
    case '23503':
      return new DomainError('not_found', 'A record this change refers to does not exist.');
    case '23514':
      return new DomainError('invalid_input', 'The change breaks a rule of the data.');
    default:
      return null;
  }
}

/** Locks (creating if needed) the client's row; refuses a client id that belongs to another user or device. */
async function lockClient(tx: Kysely<ServerDatabase>, session: ServerSession, clientId: string, now: number): Promise<number> {
  await tx.insertInto('client_mutations').values({
    id: clientId, clinic_id: session.subject.clinicId, created_at: now, created_by: session.subject.userId, updated_at: now,
    updated_by: session.subject.userId, deleted_at: null, user_id: session.subject.userId, device_id: session.deviceId, last_mutation_id: 0,
  }).onConflict((oc) => oc.column('id').doNothing()).execute();
  const row = await tx.selectFrom('client_mutations').select(['user_id', 'device_id', 'last_mutation_id']).where('id', '=', clientId).forUpdate().executeTakeFirstOrThrow();
  if (row.user_id !== session.subject.userId || row.device_id !== session.deviceId) {
    throw new HttpError(403, 'forbidden', 'That sync client belongs to another user or workstation.');
  }
  return row.last_mutation_id;
}

async function advance(tx: Kysely<ServerDatabase>, session: ServerSession, clientId: string, id: number, now: number): Promise<void> {
  await tx.updateTable('client_mutations').set({ last_mutation_id: id, updated_at: now, updated_by: session.subject.userId }).where('id', '=', clientId).execute();
}

/** Runs one mutation authoritatively, exactly once, in its own transaction (SYNC.md, write path). */
async function processOne(
  ctx: ServerContext, session: ServerSession, clientId: string, mutation: { id: number; name: string; args: unknown; createdAt: number },
): Promise<MutationOutcome> {
  const now = ctx.now();
  const subject: Subject = session.subject;
  let failure: DomainError | null = null;
  const outcome = await ctx.db.transaction().execute(async (tx): Promise<MutationOutcome | null> => {
    const last = await lockClient(tx, session, clientId, now);
    if (mutation.id <= last) return { id: mutation.id, status: 'duplicate' };
    if (mutation.id > last + 1) return { id: mutation.id, status: 'out_of_order', expected: last + 1 };
    // A savepoint, so a refused mutation rolls back its own effects but keeps the client row lock.
    await sql`SAVEPOINT mutation`.execute(tx);
    try {
      if (!isMutatorName(mutation.name)) throw new DomainError('invalid_input', `Unknown mutation ${mutation.name}.`);
      const def = mutators[mutation.name];
      if (!can(subject, def.permission)) throw new DomainError('forbidden', 'You do not have permission to do that.');
      const parsed = def.input.safeParse(mutation.args);
      if (!parsed.success) {
        throw new DomainError('invalid_input', 'Some fields are not valid.', parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
      }
      const mutationCtx: MutationContext = { subject, now, side: 'server', newId: mutationIdFactory(clientId, mutation.id, mutation.createdAt) };
      await (def.run as (t: Kysely<Database>, a: unknown, c: MutationContext) => Promise<unknown>)(tx as unknown as Kysely<Database>, parsed.data, mutationCtx);
      await sql`RELEASE SAVEPOINT mutation`.execute(tx);
    } catch (error) {
      failure = domainErrorOf(error);
      if (!failure) throw error;
      await sql`ROLLBACK TO SAVEPOINT mutation`.execute(tx);
      // The refusal is itself recorded and the id advances, so the device learns of it and moves on.
      await tx.insertInto('mutation_results').values({
        id: newId(), clinic_id: subject.clinicId, created_at: now, created_by: subject.userId, updated_at: now, updated_by: subject.userId, deleted_at: null,
        client_id: clientId, mutation_id: mutation.id, mutation_name: mutation.name, code: failure.code, message: failure.message,
        details_json: JSON.stringify({ fields: failure.fields ?? [] }),
      }).execute();
    }
    await advance(tx, session, clientId, mutation.id, now);
    return null;
  });
  if (outcome) return outcome;
  const refused = failure as DomainError | null;
  return refused ? { id: mutation.id, status: 'rejected', code: refused.code, message: refused.message } : { id: mutation.id, status: 'applied' };
}

export function registerMutationRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post('/v1/mutations', async (request) => {
    const session = await authenticate(ctx.db, ctx.signingKey, request, ctx.now());
    const body = parseBody(pushBody, request.body);
    if (body.schemaVersion !== SYNC_SCHEMA_VERSION) {
      throw new HttpError(409, 'schema_mismatch', `This workstation speaks sync version ${body.schemaVersion}; the server speaks ${SYNC_SCHEMA_VERSION}. Update Medora.`);
    }
    const results: MutationOutcome[] = [];
    for (const mutation of [...body.mutations].sort((a, b) => a.id - b.id)) {
      const result = await processOne(ctx, session, body.clientId, mutation);
      results.push(result);
      if (result.status === 'out_of_order') break;
    }
    const row = await ctx.db.selectFrom('client_mutations').select('last_mutation_id').where('id', '=', body.clientId).executeTakeFirst();
    return { lastMutationId: row?.last_mutation_id ?? 0, results };
  });
}
