import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { postgresMigrationProvider } from '../../migrations/postgres';
import type { ServerDatabase } from './server-schema';

// int8 (epoch ms, cents) as a JavaScript number: both stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface PostgresConnection {
  readonly db: Kysely<ServerDatabase>;
  readonly pool: pg.Pool;
  readonly url: string;
}

/** A pooled connection to the central database. */
export function connectPostgres(url: string, options: { max?: number } = {}): PostgresConnection {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client erroring (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = new Kysely<ServerDatabase>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, url };
}

/** Applies pending Postgres migrations; throws with a plain message on failure. */
export async function migratePostgres(db: Kysely<ServerDatabase>): Promise<string[]> {
  const migrator = new Migrator({ db: db as Kysely<unknown>, provider: postgresMigrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Postgres migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
