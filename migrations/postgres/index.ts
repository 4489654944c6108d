import type { Migration, MigrationProvider } from 'kysely';
import * as schemaV1 from './20261128100000_schema_v1';

/** Every Postgres migration, imported statically; names sort by timestamp. Never edit a released one. */
export const postgresMigrations: Record<string, Migration> = {
  '20261128100000_schema_v1': schemaV1,
};

export const postgresMigrationProvider: MigrationProvider = {
  getMigrations: async () => postgresMigrations,
};
