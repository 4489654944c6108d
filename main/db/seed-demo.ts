import argon2 from 'argon2';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Column } from '../../shared/db/columns';
import { allTables, type Database } from '../../shared/db/tables';
import { DEMO_PASSWORD, DEMO_TABLES, generateDemoClinic, type DemoClinicOptions, type DemoRow, type DemoTableName, type DemoUser } from '../../shared/demo/demo-clinic';

export interface SeedDemoOptions extends DemoClinicOptions {
  /** Called after each written batch with the table and the rows written to it so far. */
  readonly onProgress?: (table: string, rows: number) => void;
  /** Rows per transaction; larger is faster, smaller keeps the writer lock shorter. */
  readonly rowsPerTransaction?: number;
}

export interface SeedDemoResult {
  readonly clinicId: string;
  /** Rows written per table, `local_credentials` included. */
  readonly counts: Record<string, number>;
  readonly users: readonly DemoUser[];
}

/**
 * SQLite binds at most 32,766 parameters per statement; 500 rows (about 12,000 values for the widest
 * demo table) stays well inside that and measured fastest on the replica (see docs/benchmarks.md).
 */
const ROWS_PER_STATEMENT = 500;
const MAX_PARAMETERS = 32_766;
/** 256 MiB of page cache while loading: random UUID keys otherwise evict index pages on every insert. */
const LOADING_CACHE_KIB = 262_144;

function quote(identifier: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(identifier)) throw new Error(`Unsafe identifier: ${identifier}`);
  return `"${identifier}"`;
}

/** A multi-row `INSERT` per table and row count, built once from the schema descriptors. */
class InsertStatements {
  private readonly texts = new Map<string, string>();
  private readonly columns = new Map<DemoTableName, readonly string[]>();

  columnsOf(table: DemoTableName): readonly string[] {
    let names = this.columns.get(table);
    if (!names) {
      const definition = allTables[table];
      if (!definition) throw new Error(`No schema for table ${table}`);
      names = Object.keys(definition.columns as Readonly<Record<string, Column>>);
      this.columns.set(table, names);
    }
    return names;
  }

  rowsPerStatement(table: DemoTableName): number {
    return Math.min(ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / this.columnsOf(table).length));
  }

  compile(table: DemoTableName, rows: readonly DemoRow['row'][]): CompiledQuery {
    const names = this.columnsOf(table);
    const key = `${table}:${rows.length}`;
    let text = this.texts.get(key);
    if (!text) {
      const tuple = `(${names.map(() => '?').join(', ')})`;
      text = `INSERT INTO ${quote(table)} (${names.map(quote).join(', ')}) VALUES ${Array.from({ length: rows.length }, () => tuple).join(', ')}`;
      this.texts.set(key, text);
    }
    const parameters: unknown[] = new Array(rows.length * names.length);
    let position = 0;
    for (const row of rows) {
      const values = row as Readonly<Record<string, unknown>>;
      for (const name of names) parameters[position++] = values[name] ?? null;
    }
    return CompiledQuery.raw(text, parameters);
  }
}

/**
 * Writes the deterministic demo clinic (shared/demo) into an empty, migrated replica, and caches a
 * password verifier for each demo user so they can sign in offline.
 *
 * Rows stream from the generator table by table into multi-row inserts, many per transaction, so the
 * large scale (a million appointments) never sits in memory. The statements are compiled once per
 * table and size and sent through kysely's connection, so the seeder needs only the `Kysely` handle.
 * Refuses a database that already holds a clinic: seeding twice would collide on unique keys, and a
 * real clinic's data must never be mixed with demo data.
 */
export async function seedDemoClinic(db: Kysely<Database>, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const existing = await db.selectFrom('clinics').select('id').limit(1).executeTakeFirst();
  if (existing) throw new Error('This database already holds a clinic; the demo clinic is only seeded into an empty database.');

  const demo = generateDemoClinic(options);
  const statements = new InsertStatements();
  const counts: Record<string, number> = Object.fromEntries(DEMO_TABLES.map((table) => [table, 0]));
  const rowsPerTransaction = Math.max(1, options.rowsPerTransaction ?? 50_000);
  const buffers = new Map<DemoTableName, DemoRow['row'][]>();
  const source = demo.rows()[Symbol.iterator]();
  // Hashing is deliberately slow; start it now so it overlaps with the first batches.
  // The verifier the sign-in check expects: Argon2id at OWASP's baseline. One hash serves every demo
  // user (same password, and the salt is inside the hash), so seeding pays for one, not nine.
  const passwordHash = argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  passwordHash.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"

  const previousCache = await sql<{ cache_size: number }>`PRAGMA cache_size`.execute(db);
  await sql.raw(`PRAGMA cache_size = -${LOADING_CACHE_KIB}`).execute(db);
  try {
    let isDone = false;
    while (!isDone) {
      // One transaction per group of batches: a crash leaves whole batches, and the replica is
      // only opened for use after seeding returns.
      await db.transaction().execute(async (transaction) => {
        let written = 0;
        const flush = async (table: DemoTableName, rows: DemoRow['row'][]) => {
          if (rows.length === 0) return;
          await transaction.executeQuery(statements.compile(table, rows));
          counts[table] = (counts[table] ?? 0) + rows.length;
          written += rows.length;
          options.onProgress?.(table, counts[table] ?? 0);
        };
        while (written < rowsPerTransaction) {
          const next = source.next();
          if (next.done) {
            for (const [table, rows] of buffers) await flush(table, rows.splice(0));
            isDone = true;
            return;
          }
          const { table, row } = next.value;
          let buffer = buffers.get(table);
          if (!buffer) buffers.set(table, (buffer = []));
          buffer.push(row);
          if (buffer.length >= statements.rowsPerStatement(table)) await flush(table, buffer.splice(0));
        }
      });
    }

    const hash = await passwordHash;
    const updatedAt = Date.now();
    await db
      .insertInto('local_credentials')
      .values(demo.users.map((user) => ({
        user_id: user.userId, clinic_id: demo.clinicId, username: user.username, password_hash: hash,
        offline_valid_until: null, must_change_password: 0 as const, updated_at: updatedAt,
      })))
      .execute();
    counts.local_credentials = demo.users.length;
    options.onProgress?.('local_credentials', demo.users.length);
  } finally {
    const kibibytes = previousCache.rows[0]?.cache_size ?? -2000;
    await sql.raw(`PRAGMA cache_size = ${Number(kibibytes)}`).execute(db);
  }
  return { clinicId: demo.clinicId, counts, users: demo.users };
}
