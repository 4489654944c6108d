import { createHash } from 'node:crypto';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { postgresMigrationProvider } from '../../migrations/postgres';
import type { ServerDatabase } from './server-schema';

// int8 (epoch ms, cents) as a JavaScript number: both stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

const PREPARED_MARK = '/* medora:prepared */ ';

/**
 * A statement whose text begins with this comment runs as a named prepared statement: Postgres plans it
 * once per connection instead of at every execution. For the hottest statements only (every request's
 * session lookup, every long-poll's read of the log), whose planning cost several times their execution
 * (measured on the demo clinic: 350–670 µs of Postgres CPU per session lookup planned each time, 60–70 µs
 * prepared). Each distinct text is one prepared statement per connection, so texts that vary with their
 * input (IN lists) are not marked.
 */
export const PREPARED = sql.raw(PREPARED_MARK);

/** Names by statement text: marked texts take their values as parameters, so there are a few dozen at most. */
const statementNames = new Map<string, string>();

/** The prepared statement's name: derived from its text, so one name never stands for two texts. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `medora_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** A pg client that runs marked statements (`PREPARED`) as named prepared statements. */
class PreparingClient extends pg.Client {
  override query(...args: unknown[]): never {
    const [config, values] = args;
    if (typeof config === 'string' && config.startsWith(PREPARED_MARK) && (values === undefined || Array.isArray(values))) {
      return (super.query as (...rest: unknown[]) => never)({ name: statementName(config), text: config, values }, ...args.slice(2));
    }
    return (super.query as (...rest: unknown[]) => never)(...args);
  }
}

export interface PostgresConnection {
  readonly db: Kysely<ServerDatabase>;
  readonly pool: pg.Pool;
  readonly url: string;
}

/** A pooled connection to the central database. */
export function connectPostgres(url: string, options: { max?: number } = {}): PostgresConnection {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, Client: PreparingClient });
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
