import type { Insertable, Selectable, Updateable } from 'kysely';
import type { RowOf, TableDef } from './columns';
import { localSchemaV1, schemaV1 } from './schema-v1';

/**
 * The current schema: v1 plus any later additive versions. Migrations build each version's DDL;
 * `schema.int.test.ts` checks that a migrated database has exactly these columns on both SQLite and
 * Postgres, so descriptors and DDL cannot drift apart.
 */
export const syncedTables = { ...schemaV1 } as const;
export const localTables = { ...localSchemaV1 } as const;
export const allTables: Record<string, TableDef> = { ...syncedTables, ...localTables };

export type SyncedTableName = keyof typeof syncedTables;
export type LocalTableName = keyof typeof localTables;

type Tables = typeof syncedTables & typeof localTables;

/** The kysely database interface shared by the device replica and the server. */
export type Database = { [K in keyof Tables]: RowOf<Tables[K]['columns']> };

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type RowPatch<T extends keyof Database> = Updateable<Database[T]>;

/** Names of the synced tables that carry the common columns (all except the audit log). */
export const tombstonedTables = (Object.keys(syncedTables) as SyncedTableName[]).filter(
  (name) => 'deleted_at' in syncedTables[name].columns,
);
