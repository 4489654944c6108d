import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Action, Subject } from '../auth/permissions';
import type { Database } from '../db/tables';
import { deterministicUuidV7 } from '../ids';

/** Version of the mutation protocol and mutator set; the server refuses pushes from another version. */
export const SYNC_SCHEMA_VERSION = 1;

/** What a mutator knows besides its arguments. Identity always comes from the session, never the args. */
export interface MutationContext {
  readonly subject: Subject;
  /** Device clock on the device, server clock on the server (used for stamps only, never for ordering). */
  readonly now: number;
  readonly side: 'device' | 'server';
  /** Deterministic ids: identical on the device, on the server, and on every rebase of this mutation. */
  newId(): string;
}

/**
 * A named mutation, written once and run in two places: optimistically on the device's SQLite, and
 * authoritatively on the server's Postgres, in the portable subset of SQL. Expected failures throw
 * `DomainError`; invariants shared across devices also live in Postgres (constraints).
 */
export interface MutatorDef<Input extends z.ZodType = z.ZodType, Result = unknown> {
  readonly name: string;
  readonly description: string;
  readonly input: Input;
  readonly permission: Action;
  run(tx: Kysely<Database>, args: z.output<Input>, ctx: MutationContext): Promise<Result>;
}

export function mutator<Input extends z.ZodType, Result>(def: MutatorDef<Input, Result>): MutatorDef<Input, Result> {
  return def;
}

/** The id generator of one mutation: seeded by client, mutation id and creation time. */
export function mutationIdFactory(clientId: string, mutationId: number, createdAt: number): () => string {
  let counter = 0;
  return () => deterministicUuidV7(createdAt, `${clientId}:${mutationId}:${counter++}`);
}
