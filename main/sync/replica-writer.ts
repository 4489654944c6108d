import SqliteDatabase from 'better-sqlite3';
import { allTables, syncedTables, type SyncedTableName } from '../../shared/db/tables';

/** A table a device subscribes to: every synced table, plus the PHI-free busy blocks (server/sync/shape-definition.ts). */
export type ShapeTable = SyncedTableName | 'busy_blocks';

export function isShapeTable(value: string): value is ShapeTable {
  return value === 'busy_blocks' || Object.hasOwn(syncedTables, value);
}

/** One row change as the server sent it: full rows for insert and update, `{id}` for delete. */
export interface RowChange {
  readonly table: ShapeTable;
  readonly operation: 'insert' | 'update' | 'delete';
  readonly value: Readonly<Record<string, unknown>>;
}

/**
 * The audit trail is append-only on the device too (triggers refuse update and delete): entries are
 * only ever added, and a scope change or a resync never removes them.
 */
const APPEND_ONLY = new Set<string>(['audit_log']);

/**
 * Append-only on the device too (triggers refuse update and delete), but rows the sync engine itself must
 * still remove: a pending mutation's own rows when it is undone before a rebase, rows that left this
 * device's scope (a patient no longer followed), a shape fetched again whole. Each such delete is made
 * with a row in `sync_engine_writes`, which is what the delete trigger lets through.
 */
const ENGINE_DELETES_ONLY = new Set<string>(['appointment_events']);

type Statement = SqliteDatabase.Statement<unknown[]>;

/**
 * Runs `write` with a `sync_engine_writes` row in place, which is what lets the delete trigger of an
 * engine-deletes-only table (`ENGINE_DELETES_ONLY`) through; in a savepoint, so the row never outlives
 * the write, even when it fails. The one way the sync engine (batch apply, undo, revoke) removes such rows.
 */
export function withSyncEngineDeletes<T>(sqlite: SqliteDatabase.Database, holder: string, write: () => T): T {
  return sqlite.transaction(() => {
    sqlite.prepare('INSERT OR IGNORE INTO sync_engine_writes (holder) VALUES (?)').run(holder);
    try {
      return write();
    } finally {
      sqlite.prepare('DELETE FROM sync_engine_writes WHERE holder = ?').run(holder);
    }
  })();
}

function bindable(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

/**
 * Writes server rows into the replica with prepared statements on the raw better-sqlite3 handle. It
 * never opens a transaction itself: callers run it inside the kysely transaction that also rebases
 * pending mutations and stores the stream positions, on the same connection.
 *
 * Applying is idempotent: insert and update replace the whole row (the server always sends full rows);
 * delete of a missing row does nothing.
 */
export class ReplicaWriter {
  private readonly statements = new Map<string, Statement>();
  private readonly columns = new Map<string, string[]>();

  constructor(private readonly sqlite: SqliteDatabase.Database) {}

  private statement(key: string, text: () => string): Statement {
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.sqlite.prepare(text());
      this.statements.set(key, statement);
    }
    return statement;
  }

  private columnsOf(table: string): string[] {
    let columns = this.columns.get(table);
    if (!columns) {
      const def = allTables[table];
      if (!def) throw new Error(`Not a replica table: ${table}`);
      columns = Object.keys(def.columns);
      this.columns.set(table, columns);
    }
    return columns;
  }

  /** Applies one change. Returns whether a row was written or removed. */
  apply(change: RowChange): boolean {
    const { table, value } = change;
    const columns = this.columnsOf(table);
    if (change.operation === 'delete') {
      if (APPEND_ONLY.has(table)) return false;
      const id = value.id;
      if (typeof id !== 'string') return false;
      return this.asSyncEngine(table, () => this.statement(`delete:${table}`, () => `DELETE FROM "${table}" WHERE "id" = ?`).run(id).changes > 0);
    }
    const present = columns.every((column) => Object.hasOwn(value, column)) ? columns : columns.filter((column) => Object.hasOwn(value, column));
    if (present === columns) {
      const verb = APPEND_ONLY.has(table) ? 'INSERT OR IGNORE' : 'INSERT OR REPLACE';
      const upsert = this.statement(`upsert:${table}`, () =>
        `${verb} INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      return upsert.run(...columns.map((column) => bindable(value[column]))).changes > 0;
    }
    // Defensive: a partial image (Electric's own servers send only changed columns) merges into the row.
    const changed = present.filter((column) => column !== 'id');
    if (typeof value.id !== 'string' || changed.length === 0 || APPEND_ONLY.has(table) || ENGINE_DELETES_ONLY.has(table)) return false;
    const update = this.statement(`update:${table}:${changed.join(',')}`, () =>
      `UPDATE "${table}" SET ${changed.map((c) => `"${c}" = ?`).join(', ')} WHERE "id" = ?`);
    return update.run(...changed.map((column) => bindable(value[column])), value.id).changes > 0;
  }

  /** Removes every row of a table (a must-refetch replaces a shape's rows). Append-only tables keep theirs. */
  clear(table: ShapeTable): number {
    if (APPEND_ONLY.has(table)) return 0;
    this.columnsOf(table);
    return this.asSyncEngine(table, () => this.statement(`clear:${table}`, () => `DELETE FROM "${table}"`).run().changes);
  }

  /** Runs a delete of an engine-deletes-only table as the sync engine (`withSyncEngineDeletes`); other tables' writes as they are. */
  private asSyncEngine<T>(table: string, write: () => T): T {
    return ENGINE_DELETES_ONLY.has(table) ? withSyncEngineDeletes(this.sqlite, 'replica-writer', write) : write();
  }

  /** Keeps one row of a replacement snapshot on disk (shape_staging) until the snapshot is complete. */
  stage(change: RowChange): void {
    this.statement('stage', () => 'INSERT INTO shape_staging (table_name, operation, row_json) VALUES (?, ?, ?)')
      .run(change.table, change.operation, JSON.stringify(change.value));
  }

  /** Forgets a table's staged rows (its replacement restarted or ended), or every table's. */
  unstage(table?: ShapeTable): number {
    if (table === undefined) return this.statement('unstage-all', () => 'DELETE FROM shape_staging').run().changes;
    return this.statement('unstage', () => 'DELETE FROM shape_staging WHERE table_name = ?').run(table).changes;
  }

  /**
   * Applies a table's staged rows in the order they arrived, a page at a time so the snapshot is never
   * in memory at once, then removes them. Returns the number of rows applied.
   */
  applyStaged(table: ShapeTable): number {
    const page = this.statement('staged-page', () =>
      'SELECT seq, operation, row_json FROM shape_staging WHERE table_name = ? AND seq > ? ORDER BY seq LIMIT 2000');
    let after = 0;
    let applied = 0;
    for (;;) {
      const rows = page.all(table, after) as { seq: number; operation: RowChange['operation']; row_json: string }[];
      for (const row of rows) {
        this.apply({ table, operation: row.operation, value: JSON.parse(row.row_json) as Record<string, unknown> });
        applied += 1;
      }
      const last = rows.at(-1);
      if (!last) break;
      after = last.seq;
    }
    this.unstage(table);
    return applied;
  }

  /**
   * Sets a table's secondary indexes aside for a bulk load into it (its first snapshot into an empty
   * replica table): each is dropped and kept in `deferred_indexes`, in the caller's transaction. SQLite
   * then builds it once from sorted rows in `restoreIndexes` instead of keeping it up to date row by row.
   * Unique indexes stay: they are constraints, and the load must meet them as it goes. So do the indexes
   * of a table that triggers of other tables read (invoice lines, for the ledgers of allocations and
   * adjustments loading beside them): without them each of those writes would scan it. Returns how many
   * were set aside.
   */
  deferIndexes(table: ShapeTable): number {
    this.columnsOf(table);
    const mention = new RegExp(`\\b${table}\\b`);
    const triggers = this.sqlite.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name <> ?`).all(table) as { sql: string }[];
    if (triggers.some((trigger) => mention.test(trigger.sql.slice(trigger.sql.indexOf(' BEGIN '))))) return 0;
    const indexes = this.sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL
      AND sql NOT LIKE 'CREATE UNIQUE %'`).all(table) as { name: string; sql: string }[];
    const keep = this.statement('defer-index', () => 'INSERT INTO deferred_indexes (name, table_name, sql) VALUES (?, ?, ?)');
    for (const index of indexes) {
      keep.run(index.name, table, index.sql);
      this.sqlite.prepare(`DROP INDEX "${index.name.replaceAll('"', '""')}"`).run();
    }
    return indexes.length;
  }

  /** Builds the indexes `deferIndexes` set aside, of one table or of every table (after a crash or a stop). */
  restoreIndexes(table?: ShapeTable): number {
    const indexes = (table === undefined
      ? this.sqlite.prepare('SELECT name, sql FROM deferred_indexes ORDER BY name').all()
      : this.sqlite.prepare('SELECT name, sql FROM deferred_indexes WHERE table_name = ? ORDER BY name').all(table)) as { name: string; sql: string }[];
    for (const index of indexes) {
      this.sqlite.prepare(index.sql).run();
      this.statement('restored-index', () => 'DELETE FROM deferred_indexes WHERE name = ?').run(index.name);
    }
    return indexes.length;
  }

  /**
   * `restoreIndexes` outside any transaction of the caller's connection, on a short-lived connection of its
   * own whose sorts spill to temporary files: the replica's connection keeps temporary storage in memory
   * (fast sorts for queries), where sorting a million appointments for one index would take 130 MB more.
   * Returns how many indexes were built.
   */
  static restoreIndexesApart(sqlite: SqliteDatabase.Database, table?: ShapeTable): number {
    const count = table === undefined
      ? sqlite.prepare('SELECT count(*) AS n FROM deferred_indexes').get() as { n: number }
      : sqlite.prepare('SELECT count(*) AS n FROM deferred_indexes WHERE table_name = ?').get(table) as { n: number };
    if (count.n === 0) return 0;
    if (sqlite.memory || sqlite.inTransaction) return new ReplicaWriter(sqlite).restoreIndexes(table);
    const builder = new SqliteDatabase(sqlite.name);
    try {
      builder.pragma('busy_timeout = 5000');
      builder.pragma('temp_store = FILE');
      return builder.transaction(() => new ReplicaWriter(builder).restoreIndexes(table))();
    } finally {
      builder.close();
    }
  }

  /** Rows currently in a table. */
  count(table: ShapeTable): number {
    this.columnsOf(table);
    const row = this.statement(`count:${table}`, () => `SELECT count(*) AS n FROM "${table}"`).get() as { n: number };
    return row.n;
  }

  /**
   * Undoes every pending optimistic mutation, newest change first: a row a mutation inserted is
   * deleted, any other row gets its pre-image back. `mutation_capture` must be empty (it is cleared
   * here) so the undo itself is not captured. Returns the number of rows restored.
   */
  undoPending(): number {
    this.sqlite.prepare('DELETE FROM mutation_capture').run();
    const entries = this.sqlite.prepare('SELECT table_name, row_id, old_row_json FROM undo_log ORDER BY seq DESC').all() as {
      table_name: string; row_id: string; old_row_json: string | null;
    }[];
    for (const entry of entries) {
      if (!Object.hasOwn(syncedTables, entry.table_name)) continue;
      const table = entry.table_name as SyncedTableName;
      if (entry.old_row_json === null) {
        this.asSyncEngine(table, () => this.statement(`delete:${table}`, () => `DELETE FROM "${table}" WHERE "id" = ?`).run(entry.row_id));
        continue;
      }
      const image = JSON.parse(entry.old_row_json) as Record<string, unknown>;
      const columns = this.columnsOf(table);
      this.statement(`restore:${table}`, () =>
        `INSERT OR REPLACE INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      ).run(...columns.map((column) => bindable(image[column])));
    }
    this.sqlite.prepare('DELETE FROM undo_log').run();
    return entries.length;
  }
}
