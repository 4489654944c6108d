import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, type Transaction } from 'kysely';
import type { Database } from '../../shared/db/tables';

/** The local replica, with its raw better-sqlite3 handle for bulk paths (sync apply, seed). */
export interface Replica {
  readonly db: Kysely<Database>;
  readonly sqlite: SqliteDatabase.Database;
  readonly path: string;
}

/**
 * Opens (or creates) the SQLite replica. WAL lets readers run beside the sync writer; foreign keys are
 * on for device-only tables; `synchronous=NORMAL` is durable across application crashes in WAL mode.
 */
export function openDatabase(path: string): Replica {
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('temp_store = MEMORY');
  // 64 MiB of page cache instead of SQLite's 2 MiB: a replica of a million appointments is over a
  // gigabyte, and the calendar's day and week reads touch index and patient pages all over it.
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, sqlite, path };
}

/** How many prepared statements the query builder keeps per replica (least recently used go first). */
const STATEMENT_CACHE_SIZE = 1_000;

/**
 * The handle kysely runs its queries on, with prepared statements kept by SQL text. Kysely's SQLite
 * driver prepares every query it runs; a write into a ledger table compiles every trigger on that table
 * into the statement, which costs more than running it. Kysely runs one query at a time on the single
 * connection (a streamed select keeps the connection until it ends), so a cached statement is never
 * used twice at once. SQLite re-prepares a statement by itself after a schema change.
 */
function withStatementCache(sqlite: SqliteDatabase.Database) {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(text: string): SqliteDatabase.Statement {
      let statement = statements.get(text);
      if (statement) {
        statements.delete(text);
      } else {
        statement = sqlite.prepare(text);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
      }
      statements.set(text, statement);
      return statement;
    },
    close(): void {
      statements.clear();
      sqlite.close();
    },
  };
}

export async function closeDatabase(replica: Replica): Promise<void> {
  await replica.db.destroy();
}

/** A write transaction. Mutating repository functions take this type so a read handle cannot be passed. */
export type WriteTransaction = Transaction<Database> & { readonly __write: true };

/** Runs `work` in one SQLite write transaction (the single choke point for local writes). */
export async function inWriteTransaction<T>(db: Kysely<Database>, work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
  return db.transaction().execute((tx) => work(tx as WriteTransaction));
}
