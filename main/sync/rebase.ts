import type SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { loadIdentity } from '../../shared/auth/identity.repository';
import type { Subject } from '../../shared/auth/permissions';
import type { Database } from '../../shared/db/tables';
import { newId } from '../../shared/ids';
import { isMutatorName } from '../../shared/sync/mutators';
import { preparedStatement } from '../db/connection';
import { runCaptured } from './device-mutations';
import type { MutationOutcome } from './push';
import { ReplicaWriter } from './replica-writer';

/** What one rebase did, for status and tests. */
export interface RebaseOutcome {
  /** Outbox entries the server confirmed (applied), now dropped. */
  readonly confirmed: number;
  /** Outbox entries the server refused, moved to the sync-issues inbox. */
  readonly refused: number;
  /** Entries still waiting for the server, re-run on top of the new server state. */
  readonly pending: number;
}

export const NOTHING_REBASED: RebaseOutcome = { confirmed: 0, refused: 0, pending: 0 };

interface OutboxEntry {
  client_id: string;
  mutation_id: number;
  name: string;
  args_json: string;
  user_id: string;
  created_at: number;
  last_error: string | null;
}

/** Whether the replica holds local writes the server has not confirmed (then every apply rebases). */
export function hasPendingWrites(sqlite: SqliteDatabase.Database): boolean {
  const row = preparedStatement(sqlite, 'SELECT EXISTS (SELECT 1 FROM outbox) OR EXISTS (SELECT 1 FROM undo_log) AS pending').get() as { pending: number };
  return row.pending === 1;
}

/**
 * Runs `applyServerRows` inside one SQLite transaction that rebases local writes around it:
 *
 * 1. undo every pending optimistic mutation (undo_log, newest first) — the replica is server state;
 * 2. apply the server's rows (and whatever the caller persists with them, e.g. stream positions);
 * 3. drop outbox entries the synced `client_mutations` row confirms, moving refused ones (those with a
 *    `mutation_results` row) with their input and reason into `sync_issues`;
 * 4. re-run the still-pending entries in their original order with undo capture, so they keep their ids.
 *
 * Readers never see a half state: it commits or rolls back as one.
 */
export async function applyWithRebase<T>(
  db: Kysely<Database>,
  sqlite: SqliteDatabase.Database,
  now: number,
  applyServerRows: (writer: ReplicaWriter, tx: Kysely<Database>) => T | Promise<T>,
  writer: ReplicaWriter = new ReplicaWriter(sqlite),
): Promise<{ value: T; rebase: RebaseOutcome }> {
  return db.transaction().execute(async (tx) => {
    const pending = hasPendingWrites(sqlite);
    if (pending) writer.undoPending();
    const value = await applyServerRows(writer, tx);
    const rebase = pending ? await confirmAndReplay(tx, sqlite, now) : NOTHING_REBASED;
    return { value, rebase };
  });
}

/**
 * Settles outbox entries from the server's push answer, for a client whose `client_mutations` and
 * `mutation_results` rows are not synced to this replica (its user is not the one the replica follows):
 * applied entries leave the outbox, refused ones move to `sync_issues` under their own user. Runs
 * inside `applyWithRebase`, so their optimistic effects are undone and the rest is replayed.
 */
export function settleFromAnswer(sqlite: SqliteDatabase.Database, clientId: string, results: readonly MutationOutcome[], now: number): { confirmed: number; refused: number } {
  let confirmed = 0;
  let refused = 0;
  const entryOf = sqlite.prepare('SELECT * FROM outbox WHERE client_id = ? AND mutation_id = ?');
  const drop = sqlite.prepare('DELETE FROM outbox WHERE client_id = ? AND mutation_id = ?');
  const toIssue = sqlite.prepare(`INSERT INTO sync_issues (id, client_id, mutation_id, name, args_json, user_id, code, message, details_json, status, created_at, resolved_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, NULL)`);
  for (const result of results) {
    if (result.status === 'out_of_order') continue;
    const entry = entryOf.get(clientId, result.id) as OutboxEntry | undefined;
    if (!entry) continue;
    const refusal = result.status === 'rejected' ? result : result.status === 'duplicate' ? result.refused : undefined;
    if (refusal) {
      toIssue.run(newId(), clientId, entry.mutation_id, entry.name, entry.args_json, entry.user_id, refusal.code, refusal.message,
        JSON.stringify({ fields: refusal.fields ?? [] }), now);
      refused += 1;
    } else {
      confirmed += 1;
    }
    drop.run(clientId, entry.mutation_id);
  }
  return { confirmed, refused };
}

/** Steps 3 and 4 of the rebase; runs inside the caller's transaction with the replica at server state. */
export async function confirmAndReplay(tx: Kysely<Database>, sqlite: SqliteDatabase.Database, now: number): Promise<RebaseOutcome> {
  let confirmed = 0;
  let refused = 0;
  const clients = sqlite.prepare('SELECT DISTINCT client_id FROM outbox').all() as { client_id: string }[];
  const confirmedUpTo = sqlite.prepare('SELECT last_mutation_id FROM client_mutations WHERE id = ?');
  const entriesUpTo = sqlite.prepare('SELECT * FROM outbox WHERE client_id = ? AND mutation_id <= ? ORDER BY mutation_id');
  const resultOf = sqlite.prepare('SELECT code, message, details_json FROM mutation_results WHERE client_id = ? AND mutation_id = ?');
  const toIssue = sqlite.prepare(`INSERT INTO sync_issues (id, client_id, mutation_id, name, args_json, user_id, code, message, details_json, status, created_at, resolved_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, NULL)`);
  const drop = sqlite.prepare('DELETE FROM outbox WHERE client_id = ? AND mutation_id = ?');
  // The counter (client_mutations) and the refusals (mutation_results) arrive on two streams, and a
  // snapshot's rows apply as they come: until the refusals' stream has caught up once, a mutation the
  // counter passed may still have its refusal on the way, so nothing is settled yet. (A replica that
  // follows no streams, settled from push answers or in tests, has no position for the counter.)
  const streams = preparedStatement(sqlite, `SELECT
      EXISTS (SELECT 1 FROM shape_positions WHERE table_name = 'client_mutations') AS counter,
      EXISTS (SELECT 1 FROM shape_positions WHERE table_name = 'mutation_results' AND up_to_date_at IS NOT NULL) AS refusals`).get() as { counter: number; refusals: number };
  const settleable = streams.counter === 0 || streams.refusals === 1;
  for (const { client_id: clientId } of settleable ? clients : []) {
    const row = confirmedUpTo.get(clientId) as { last_mutation_id: number } | undefined;
    if (!row) continue;
    for (const entry of entriesUpTo.all(clientId, row.last_mutation_id) as OutboxEntry[]) {
      const result = resultOf.get(clientId, entry.mutation_id) as { code: string; message: string; details_json: string } | undefined;
      if (result) {
        toIssue.run(newId(), clientId, entry.mutation_id, entry.name, entry.args_json, entry.user_id, result.code, result.message, result.details_json, now);
        refused += 1;
      } else {
        confirmed += 1;
      }
      drop.run(clientId, entry.mutation_id);
    }
  }

  // Original order across clients: the outbox's rowid grows with every insert.
  const pending = sqlite.prepare('SELECT * FROM outbox ORDER BY rowid').all() as OutboxEntry[];
  const subjects = new Map<string, Subject | null>();
  const setError = sqlite.prepare('UPDATE outbox SET last_error = ? WHERE client_id = ? AND mutation_id = ?');
  for (const entry of pending) {
    if (!subjects.has(entry.user_id)) subjects.set(entry.user_id, (await loadIdentity(tx, entry.user_id))?.subject ?? null);
    const subject = subjects.get(entry.user_id) ?? null;
    let failure: string | null = null;
    if (!subject) failure = 'The account that made this change is not on this workstation; the server will decide.';
    else if (!isMutatorName(entry.name)) failure = `This version of Medora does not know the change ${entry.name}.`;
    else {
      // A savepoint per mutation: one that now fails locally leaves no partial effect and stays pending.
      await sql`SAVEPOINT replay`.execute(tx);
      try {
        await runCaptured(tx, entry.mutation_id, entry.name, JSON.parse(entry.args_json), {
          subject, clientId: entry.client_id, createdAt: entry.created_at, now: entry.created_at,
        });
        await sql`RELEASE SAVEPOINT replay`.execute(tx);
      } catch (error) {
        await sql`ROLLBACK TO SAVEPOINT replay`.execute(tx);
        await sql`RELEASE SAVEPOINT replay`.execute(tx);
        failure = error instanceof Error && error.message ? error.message : 'The change could not be applied on this workstation.';
      }
    }
    if (failure !== entry.last_error) setError.run(failure, entry.client_id, entry.mutation_id);
  }
  return { confirmed, refused, pending: pending.length };
}
