import { Migrator, type Kysely, type MigrationResultSet } from 'kysely';
import { sqliteMigrationProvider } from '../../migrations/sqlite';

/** Outcome of bringing the replica to the latest schema; `error` is a plain sentence for the error screen. */
export interface MigrationOutcome {
  readonly applied: readonly string[];
  readonly error: string | null;
}

function describe(results: MigrationResultSet): MigrationOutcome {
  const applied = (results.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  if (!results.error) return { applied, error: null };
  const failed = results.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
  const reason = results.error instanceof Error ? results.error.message : String(results.error);
  return { applied, error: `Updating the local database failed at step ${failed}: ${reason}` };
}

/** Runs every pending migration before any window opens. Each migration runs in its own transaction. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationOutcome> {
  const migrator = new Migrator({ db, provider: sqliteMigrationProvider });
  return describe(await migrator.migrateToLatest());
}

/** Migrates up to and including `name` (migration tests: migrate to the step before, insert, continue). */
export async function migrateTo(db: Kysely<unknown>, name: string): Promise<MigrationOutcome> {
  const migrator = new Migrator({ db, provider: sqliteMigrationProvider });
  return describe(await migrator.migrateTo(name));
}
