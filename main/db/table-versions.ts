import type SqliteDatabase from 'better-sqlite3';

/**
 * Change counters for replica tables, for caches of facts that change rarely (a facility's physicians,
 * templates, closures). Every write to a watched table on this connection bumps its counter, whatever
 * path it took (a mutator on the device, a sync batch, a rebase, a revoke, a raw statement in a test):
 * the counters are kept by temporary triggers (`CREATE TEMP TRIGGER … ON main.<table>`), which belong to
 * this connection only, are never part of the replica's schema, and fire on every inserted, updated or
 * deleted row. A cache stores the stamp it was filled at and is valid only while the stamp is unchanged.
 *
 * Why a stamp can be trusted:
 * - The counters live in a temporary table, which takes part in transactions: a rolled-back write rolls
 *   its bump back too. So a stamp read outside a transaction counts exactly the committed writes, and
 *   `stamp` returns null (do not cache) while a transaction is open on the connection — between the
 *   awaits of a kysely transaction a synchronous read could otherwise see its uncommitted rows.
 * - Commits by another connection to the same file (another process) change `PRAGMA data_version`,
 *   which is part of the stamp, so they invalidate every cache.
 * - A table dropped and created again (a migration) loses its temporary triggers; that changes
 *   `PRAGMA schema_version`, also part of the stamp, and the triggers are then installed again.
 */
export class TableVersions {
  private readonly watched = new Set<string>();
  private readonly reads = new Map<string, SqliteDatabase.Statement>();
  private schemaVersion: string | null = null;

  constructor(private readonly sqlite: SqliteDatabase.Database) {}

  /**
   * The current stamp of `tables` (changes whenever a committed write touched one of them, or another
   * connection committed anything), or null while a transaction is open or the triggers could not be set.
   */
  stamp(tables: readonly string[]): string | null {
    if (this.sqlite.inTransaction || !this.sqlite.open) return null;
    try {
      let stamp = this.read(tables);
      // The stamp's second part is the schema version. When it moved, a watched table may have been
      // dropped and created anew, taking its triggers with it: install them again and read once more.
      const schemaVersion = stamp.split(':')[1] as string;
      if (schemaVersion !== this.schemaVersion) {
        this.watched.clear();
        this.reads.clear();
        stamp = this.read(tables);
        this.schemaVersion = stamp.split(':')[1] as string;
      }
      return stamp;
    } catch {
      // No triggers, no stamp: the caller reads from the tables.
      return null;
    }
  }

  private read(tables: readonly string[]): string {
    for (const table of tables) if (!this.watched.has(table)) this.watch(table);
    const key = tables.join(',');
    let read = this.reads.get(key);
    if (!read) {
      read = this.sqlite.prepare(
        `SELECT (SELECT data_version FROM pragma_data_version) || ':' || (SELECT schema_version FROM pragma_schema_version) || ':' ||
           (SELECT group_concat(version, '.') FROM (SELECT version FROM temp.medora_table_versions WHERE name IN (${tables.map(() => '?').join(', ')}) ORDER BY name))`,
      ).pluck();
      this.reads.set(key, read);
    }
    return read.get(...tables) as string;
  }

  private watch(table: string): void {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`Not a table name: ${table}`);
    this.sqlite.exec(`CREATE TEMP TABLE IF NOT EXISTS medora_table_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL)`);
    this.sqlite.prepare('INSERT OR IGNORE INTO temp.medora_table_versions (name, version) VALUES (?, 0)').run(table);
    for (const operation of ['INSERT', 'UPDATE', 'DELETE']) {
      this.sqlite.exec(`CREATE TEMP TRIGGER IF NOT EXISTS medora_version_${table}_${operation.toLowerCase()} AFTER ${operation} ON main."${table}"
        BEGIN UPDATE temp.medora_table_versions SET version = version + 1 WHERE name = '${table}'; END`);
    }
    this.watched.add(table);
  }
}
