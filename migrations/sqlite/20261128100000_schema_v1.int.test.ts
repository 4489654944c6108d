import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allTables } from '../../shared/db/tables';
import { openDatabase, type Replica } from '../../main/db/connection';
import { migrateTo, migrateToLatest } from '../../main/db/migrate';

const physicalType = { id: 'TEXT', text: 'TEXT', enum: 'TEXT', date: 'TEXT', json: 'TEXT', int: 'INTEGER', instant: 'INTEGER', cents: 'INTEGER', bool: 'INTEGER', real: 'REAL' } as const;

let dir: string;
let replica: Replica;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'medora-migration-'));
  replica = openDatabase(join(dir, 'medora.sqlite'));
});
afterEach(async () => {
  await replica.db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('20261128100000_schema_v1', () => {
  it('creates every table with exactly the described columns, types and nullability', async () => {
    const outcome = await migrateTo(replica.db as Kysely<unknown>, '20261128100000_schema_v1');
    expect(outcome.error).toBeNull();
    for (const [table, def] of Object.entries(allTables)) {
      const columns = replica.sqlite.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; type: string; notnull: number }[];
      expect(columns.map((c) => c.name), table).toEqual(Object.keys(def.columns));
      for (const column of columns) {
        const described = def.columns[column.name];
        expect(column.type, `${table}.${column.name}`).toBe(described ? physicalType[described.kind] : 'missing');
        expect(column.notnull === 1, `${table}.${column.name} not null`).toBe(described ? !described.nullable : false);
      }
    }
  });

  it('uses WAL, enforces foreign keys and strict column types', async () => {
    await migrateToLatest(replica.db as Kysely<unknown>);
    expect(replica.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(replica.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => replica.sqlite.prepare(
      "INSERT INTO login_throttle (username, failed_count, locked_until, last_failed_at) VALUES ('u', 'many', NULL, 0)",
    ).run()).toThrow(/cannot store TEXT value in INTEGER column/);
  });

  it('refuses a bad enum, a bad boolean and a malformed date', async () => {
    await migrateToLatest(replica.db as Kysely<unknown>);
    const base = "'c1', 0, 'u', 0, 'u', NULL";
    expect(() => replica.sqlite.prepare(`INSERT INTO user_roles (id, clinic_id, created_at, created_by, updated_at, updated_by, deleted_at, user_id, role) VALUES ('r1', ${base}, 'u1', 'wizard')`).run()).toThrow(/CHECK/);
    expect(() => replica.sqlite.prepare(`INSERT INTO facility_resources (id, clinic_id, created_at, created_by, updated_at, updated_by, deleted_at, facility_id, name, resource_kind, is_active) VALUES ('x', ${base}, 'f', 'Room', 'room', 2)`).run()).toThrow(/CHECK/);
    expect(() => replica.sqlite.prepare(`INSERT INTO facility_closures (id, clinic_id, created_at, created_by, updated_at, updated_by, deleted_at, facility_id, closed_on, reason) VALUES ('x', ${base}, 'f', '12/25/2026', 'Holiday')`).run()).toThrow(/CHECK/);
  });

  it('makes the audit log append-only', async () => {
    await migrateToLatest(replica.db as Kysely<unknown>);
    replica.sqlite.prepare(`INSERT INTO audit_log (id, clinic_id, device_id, seq, at, user_id, facility_id, action, entity_type, entity_id, patient_id, detail_json, prev_hash, hash)
      VALUES ('a1', 'c1', 'd1', 1, 0, NULL, NULL, 'auth.login', NULL, NULL, NULL, '{}', 'p', 'h')`).run();
    expect(() => replica.sqlite.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/append-only/);
    expect(() => replica.sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('is idempotent: a second run applies nothing', async () => {
    expect((await migrateToLatest(replica.db as Kysely<unknown>)).applied).toEqual(['20261128100000_schema_v1']);
    expect((await migrateToLatest(replica.db as Kysely<unknown>)).applied).toEqual([]);
  });
});
