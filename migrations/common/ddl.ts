import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Column, IndexDef, TableDef } from '../../shared/db/columns';

/**
 * Builds DDL from table descriptors for one dialect, so both databases get one physical type per
 * fact (DESIGN.md). Used by versioned migrations only: a migration passes the frozen descriptors of
 * its own schema version, never the evolving current schema.
 */
export type Dialect = 'sqlite' | 'postgres';

const physical: Record<Dialect, Record<Column['kind'], string>> = {
  sqlite: {
    id: 'TEXT', text: 'TEXT', enum: 'TEXT', date: 'TEXT', json: 'TEXT',
    int: 'INTEGER', instant: 'INTEGER', cents: 'INTEGER', bool: 'INTEGER', real: 'REAL',
  },
  postgres: {
    id: 'text', text: 'text', enum: 'text', date: 'text', json: 'text',
    int: 'integer', instant: 'bigint', cents: 'bigint', bool: 'smallint', real: 'double precision',
  },
};

function quote(identifier: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(identifier)) throw new Error(`Unsafe identifier in schema: ${identifier}`);
  return `"${identifier}"`;
}

function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function checkOf(dialect: Dialect, name: string, col: Column): string | null {
  const q = quote(name);
  if (col.kind === 'enum' && col.values) return `CHECK (${q} IN (${col.values.map(literal).join(', ')}))`;
  if (col.kind === 'bool') return `CHECK (${q} IN (0, 1))`;
  if (col.kind === 'date') {
    return dialect === 'sqlite'
      ? `CHECK (${q} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')`
      : `CHECK (${q} ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$')`;
  }
  if (col.kind === 'json') return dialect === 'sqlite' ? `CHECK (json_valid(${q}))` : `CHECK (${q} IS NULL OR ${q}::jsonb IS NOT NULL)`;
  return null;
}

/** `CREATE TABLE` for one descriptor. SQLite tables are STRICT so column types are enforced as in Postgres. */
export function createTableSql(dialect: Dialect, name: string, table: TableDef): string {
  const lines = Object.entries(table.columns).map(([columnName, col]) => {
    const parts = [quote(columnName), physical[dialect][col.kind]];
    if (!col.nullable) parts.push('NOT NULL');
    const check = checkOf(dialect, columnName, col);
    if (check) parts.push(check);
    return `  ${parts.join(' ')}`;
  });
  lines.push(`  PRIMARY KEY (${(table.primaryKey ?? ['id']).map(quote).join(', ')})`);
  return `CREATE TABLE ${quote(name)} (\n${lines.join(',\n')}\n)${dialect === 'sqlite' ? ' STRICT' : ''}`;
}

export function createIndexSql(table: string, index: IndexDef): string {
  const unique = index.unique ? 'UNIQUE ' : '';
  const where = index.where ? ` WHERE ${index.where}` : '';
  return `CREATE ${unique}INDEX ${quote(index.name)} ON ${quote(table)} (${index.columns.map(quote).join(', ')})${where}`;
}

/** Foreign keys as separate statements (Postgres), so tables with cycles can be created first. */
export function foreignKeySql(table: string, tableDef: TableDef): string[] {
  return Object.entries(tableDef.columns)
    .filter(([, col]) => col.references)
    .map(([columnName, col]) =>
      `ALTER TABLE ${quote(table)} ADD CONSTRAINT ${quote(`${table}_${columnName}_fk`)} FOREIGN KEY (${quote(columnName)}) ` +
      `REFERENCES ${quote(col.references as string)} (${quote('id')}) DEFERRABLE INITIALLY DEFERRED`,
    );
}

/** Creates every table and index of a schema version. */
export async function createTables(db: Kysely<unknown>, dialect: Dialect, tables: Record<string, TableDef>): Promise<void> {
  for (const [name, table] of Object.entries(tables)) {
    await run(db, sql.raw(createTableSql(dialect, name, table)));
    for (const index of table.indexes ?? []) await run(db, sql.raw(createIndexSql(name, index)));
  }
}

export async function run(db: Kysely<unknown>, statement: RawBuilder<unknown>): Promise<void> {
  await statement.execute(db);
}
