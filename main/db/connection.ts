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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, sqlite, path };
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
