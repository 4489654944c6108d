import type { Migration, MigrationProvider } from 'kysely';
import * as schemaV1 from './20261128100000_schema_v1';

/**
 * Every SQLite migration, imported statically: a folder-scanning provider breaks once the app is
 * packaged into an asar. Names sort by their timestamp prefix; never rename or edit a released one.
 */
export const sqliteMigrations: Record<string, Migration> = {
  '20261128100000_schema_v1': schemaV1,
};

export const sqliteMigrationProvider: MigrationProvider = {
  getMigrations: async () => sqliteMigrations,
};
