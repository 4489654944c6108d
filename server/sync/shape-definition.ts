import { createHash } from 'node:crypto';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Subject } from '../../shared/auth/permissions';
import type { Column } from '../../shared/db/columns';
import { syncedTables, type Database, type SyncedTableName } from '../../shared/db/tables';
import { BUSY_BLOCK_COLUMNS, busyBlockRule, shapeRules, type ShapeRule } from '../../shared/sync/shape-rules';
import type { ServerDatabase } from '../db/server-schema';

/** Tables a device can ask for: every synced table plus the PHI-free busy-block view of appointments. */
export const BUSY_BLOCKS = 'busy_blocks';
export type ShapeTable = SyncedTableName | typeof BUSY_BLOCKS;

export function isShapeTable(value: string): value is ShapeTable {
  return value === BUSY_BLOCKS || Object.hasOwn(syncedTables, value);
}

/** A server-chosen shape: the table, the row filter for this user, and what leaves the server. */
export interface ShapeDefinition {
  /** The name the client uses (and the relation in messages). */
  readonly name: ShapeTable;
  /** The Postgres table rows come from. */
  readonly source: SyncedTableName;
  readonly filter: (eb: ExpressionBuilder<Database, keyof Database>) => Expression<SqlBool>;
  readonly columns: readonly string[] | null;
  readonly redact: Readonly<Record<string, string | null>> | null;
  /** Stable hash of everything that decides the shape's rows; part of the handle. */
  readonly hash: string;
  /** The `electric-schema` header value. */
  readonly schemaHeader: string;
  /**
   * SQL that prints a row of `source` as the message's `value` JSON text (columns subset and redactions
   * applied), generated from the column descriptors so Postgres formats each column directly instead
   * of through a generic jsonb round trip. Prints values exactly as `medora_row_text` does for the log.
   */
  readonly rowText: string;
}

const ELECTRIC_TYPES: Record<Column['kind'], string> = {
  id: 'text', text: 'text', enum: 'text', date: 'text', json: 'text', int: 'int4', instant: 'int8', cents: 'int8', bool: 'int2', real: 'float8',
};

/** One column as Electric text: integers print as their digits, reals as jsonb numbers, null as null. */
function columnText(table: string, name: string, column: Column): string {
  const ref = `"${table}"."${name}"`;
  switch (column.kind) {
    case 'int': case 'instant': case 'cents': case 'bool':
      return `coalesce('"' || ${ref}::text || '"', 'null')`;
    case 'real':
      // Like jsonb_each_text(to_jsonb(row)): the jsonb number's text, never float8's exponent form.
      return `coalesce('"' || (to_jsonb(${ref}) #>> '{}') || '"', 'null')`;
    default:
      return `coalesce(to_json(${ref})::text, 'null')`;
  }
}

/** The row-text SQL for a table (see ShapeDefinition.rowText). */
export function rowTextSql(source: SyncedTableName, columns: readonly string[] | null, redact: Readonly<Record<string, string | null>> | null): string {
  const described: Record<string, Column> = syncedTables[source].columns;
  const names = (columns ?? Object.keys(described)).filter((name) => Object.hasOwn(described, name));
  const parts = names.map((name, index) => {
    const key = `${index === 0 ? '{' : ','}${JSON.stringify(name)}:`;
    const value = redact && Object.hasOwn(redact, name)
      ? `'${JSON.stringify(redact[name] ?? null).replaceAll("'", "''")}'`
      : columnText(source, name, described[name] as Column);
    return `'${key.replaceAll("'", "''")}' || ${value}`;
  });
  return `(${parts.join(' || ')} || '}')`;
}

function schemaHeader(source: SyncedTableName, columns: readonly string[] | null): string {
  const described: Record<string, Column> = syncedTables[source].columns;
  const names = columns ?? Object.keys(described);
  const schema: Record<string, { type: string; pk_index?: number; not_null?: boolean }> = {};
  for (const name of names) {
    const column = described[name];
    if (!column) continue;
    schema[name] = { type: ELECTRIC_TYPES[column.kind], ...(name === 'id' ? { pk_index: 0 } : {}), ...(column.nullable ? {} : { not_null: true }) };
  }
  return JSON.stringify(schema);
}

/**
 * The shape of `table` for this user and sync client, or null when the user receives no such rows.
 * The filter is compiled once here to hash the definition: any change in the user's roles, facilities
 * or linked person changes the hash, so the device gets a 409 and resyncs that shape.
 */
export function defineShape(db: Kysely<ServerDatabase>, subject: Subject, table: ShapeTable, clientId: string): ShapeDefinition | null {
  const isBusy = table === BUSY_BLOCKS;
  const source: SyncedTableName = isBusy ? 'appointments' : table;
  const rule = (isBusy ? busyBlockRule(subject) : (shapeRules[source] as (s: Subject, c: string) => ShapeRule<keyof Database> | null)(subject, clientId)) as ShapeRule<keyof Database> | null;
  if (!rule) return null;
  const columns = isBusy ? BUSY_BLOCK_COLUMNS : null;
  const compiled = (db as unknown as Kysely<Database>).selectFrom(source).select(sql`1`.as('one')).where(rule.filter).compile();
  const hash = createHash('sha256')
    .update(JSON.stringify({ table, sql: compiled.sql, parameters: compiled.parameters, columns, redact: rule.redact ?? null, schema: schemaHeader(source, columns) }))
    .digest('hex')
    .slice(0, 16);
  return {
    name: table, source, filter: rule.filter, columns, redact: rule.redact ?? null, hash, schemaHeader: schemaHeader(source, columns),
    rowText: rowTextSql(source, columns, rule.redact ?? null),
  };
}

/** Every table this user receives (what the device subscribes to). */
export function shapeManifest(db: Kysely<ServerDatabase>, subject: Subject, clientId: string): ShapeTable[] {
  const tables: ShapeTable[] = [...(Object.keys(syncedTables) as SyncedTableName[]), BUSY_BLOCKS];
  return tables.filter((table) => defineShape(db, subject, table, clientId) !== null);
}
