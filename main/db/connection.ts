import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, type Compilable, type Transaction } from 'kysely';
import type { Database } from '../../shared/db/tables';
import { TableVersions } from './table-versions';

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
  const statements = statementCacheOf(sqlite);
  // Kysely prepares every query it runs; the cache hands it the statement prepared last time for the same text.
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: { prepare: (text) => statements.get(text), close: () => sqlite.close() } }) });
  caches.set(db, statements);
  versions.set(db, new TableVersions(sqlite));
  return { db, sqlite, path };
}

/** How many prepared statements a replica keeps (queries with `IN (…)` lists differ by their length). */
const STATEMENT_CACHE_SIZE = 1_000;

/**
 * Prepared statements by SQL text, least recently used dropped first. Compiling a statement costs SQLite
 * more than running a small one (a write into a ledger table compiles every trigger on that table into
 * the statement), and the same few hundred queries run all day. SQLite re-prepares a statement by itself
 * after a schema change. A statement still
 * being iterated (a streamed query) is busy and cannot run twice at once: then a fresh one is prepared.
 */
class StatementCache {
  private readonly statements = new Map<string, SqliteDatabase.Statement>();
  private readonly raw = new Map<string, SqliteDatabase.Statement>();

  constructor(private readonly sqlite: SqliteDatabase.Database) {}

  get(text: string): SqliteDatabase.Statement {
    return this.take(this.statements, text, false);
  }

  /** The statement for `text` in raw mode: rows as arrays of column values, in select order. */
  getRaw(text: string): SqliteDatabase.Statement {
    return this.take(this.raw, text, true);
  }

  private take(map: Map<string, SqliteDatabase.Statement>, text: string, raw: boolean): SqliteDatabase.Statement {
    const cached = map.get(text);
    if (cached && !cached.busy) {
      map.delete(text);
      map.set(text, cached);
      return cached;
    }
    const statement = this.sqlite.prepare(text);
    if (raw) statement.raw(true);
    if (cached) return statement;
    map.set(text, statement);
    if (map.size > STATEMENT_CACHE_SIZE) map.delete(map.keys().next().value as string);
    return statement;
  }
}

/** Each replica's one statement cache, under its connection and under its Kysely instance. */
const caches = new WeakMap<SqliteDatabase.Database | Kysely<Database>, StatementCache>();

function statementCacheOf(sqlite: SqliteDatabase.Database): StatementCache {
  let cache = caches.get(sqlite);
  if (!cache) {
    cache = new StatementCache(sqlite);
    caches.set(sqlite, cache);
  }
  return cache;
}

/**
 * The prepared statement for `text` on this connection, from the same cache kysely's queries use: for
 * the raw better-sqlite3 paths that run on every applied batch (sync apply, rebase checks).
 */
export function preparedStatement(sqlite: SqliteDatabase.Database, text: string): SqliteDatabase.Statement {
  return statementCacheOf(sqlite).get(text);
}
const versions = new WeakMap<Kysely<Database>, TableVersions>();

/**
 * The change counters of the replica behind `db` (main/db/table-versions.ts), or null for any other
 * Kysely instance (a transaction, a test's own database): callers then simply do not cache.
 */
export function tableVersionsOf(db: Kysely<Database>): TableVersions | null {
  return versions.get(db) ?? null;
}

/**
 * Runs a read built with kysely and returns its rows as arrays of column values in select order, for the
 * few reads that return hundreds of rows per call (the calendar): better-sqlite3 builds an object with
 * named properties for every row otherwise, which costs more than reading the row. The query runs once the
 * connection is free (as kysely's own do), so it never sees another call's uncommitted transaction.
 */
export async function readRawRows<Row extends readonly unknown[]>(db: Kysely<Database>, query: Compilable): Promise<Row[]> {
  const cache = caches.get(db);
  if (!cache) throw new Error('readRawRows needs the replica\'s own Kysely instance (from openDatabase), not a transaction.');
  const compiled = query.compile();
  return db.connection().execute(async () => cache.getRaw(compiled.sql).all(...compiled.parameters) as Row[]);
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
