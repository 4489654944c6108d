/**
 * A small, platform-free column vocabulary used to describe Medora's tables once.
 *
 * The same descriptors produce the SQLite DDL, the Postgres DDL and the kysely row types, so a
 * mutator compares and indexes identically on both databases (DESIGN.md, "Data rules").
 * Logical kinds map to one physical type per database:
 *
 * | kind    | SQLite (STRICT) | Postgres          | meaning                                  |
 * |---------|-----------------|-------------------|------------------------------------------|
 * | id      | TEXT            | text              | UUIDv7 as text                           |
 * | text    | TEXT            | text              |                                          |
 * | enum    | TEXT + CHECK    | text + check      | one of a closed set                      |
 * | int     | INTEGER         | integer           | small counts, minutes, priorities        |
 * | instant | INTEGER         | bigint            | UTC epoch milliseconds                   |
 * | cents   | INTEGER         | bigint            | money, integer cents                     |
 * | bool    | INTEGER + CHECK | smallint + check  | 0 or 1 (better-sqlite3 cannot bind bool) |
 * | real    | REAL            | double precision  | coordinates                              |
 * | date    | TEXT + CHECK    | text + check      | `YYYY-MM-DD`, date-only facts (DOB)      |
 * | json    | TEXT            | text              | JSON text, parsed at the edge            |
 */
export type ColumnKind = 'id' | 'text' | 'enum' | 'int' | 'instant' | 'cents' | 'bool' | 'real' | 'date' | 'json';

export interface Column<T = unknown, IsNullable extends boolean = boolean> {
  readonly kind: ColumnKind;
  readonly nullable: IsNullable;
  readonly values?: readonly string[];
  /** Table this column points at. Enforced by Postgres; not in the scoped SQLite replica (see docs/architecture.md). */
  readonly references?: string;
  /** Phantom field carrying the TypeScript value type. */
  readonly __type?: T;
}

type NotNull<T> = Column<T, false>;

function column<T>(kind: ColumnKind, extra: Partial<Column<T, false>> = {}): NotNull<T> {
  return { kind, nullable: false, ...extra };
}

/** Column constructors. `nullable(c)` turns any of them into a nullable column. */
export const c = {
  id: (references?: string) => column<string>('id', references ? { references } : {}),
  text: () => column<string>('text'),
  enum: <const V extends readonly string[]>(values: V) => column<V[number]>('enum', { values }),
  int: () => column<number>('int'),
  instant: () => column<number>('instant'),
  cents: () => column<number>('cents'),
  bool: () => column<0 | 1>('bool'),
  real: () => column<number>('real'),
  date: () => column<string>('date'),
  json: () => column<string>('json'),
};

export function nullable<T>(col: NotNull<T>): Column<T, true> {
  return { ...col, nullable: true };
}

export interface IndexDef {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique?: boolean;
  /** Portable partial-index predicate (same text on SQLite and Postgres). */
  readonly where?: string;
}

export interface TableDef {
  readonly columns: Readonly<Record<string, Column>>;
  readonly indexes?: readonly IndexDef[];
  /** `synced` tables carry the common columns and flow through sync; `local` ones stay on the device. */
  readonly kind: 'synced' | 'local' | 'server';
  /** Primary key columns; defaults to `id`. */
  readonly primaryKey?: readonly string[];
}

/** Columns every synced table carries (DESIGN.md): clinic, UUIDv7 id, who/when, tombstone. */
export const syncedColumns = {
  id: c.id(),
  clinic_id: c.id('clinics'),
  created_at: c.instant(),
  created_by: c.id(),
  updated_at: c.instant(),
  updated_by: c.id(),
  deleted_at: nullable(c.instant()),
} as const;

/** The TypeScript row type of a set of column descriptors. */
export type RowOf<Cols> = {
  -readonly [K in keyof Cols]: Cols[K] extends Column<infer V, infer N> ? (N extends true ? V | null : V) : never;
};
