import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableDef } from '../../shared/db/columns';
import { syncedTables } from '../../shared/db/tables';
import { serverSchemaV1 } from '../../server/db/server-schema';
import { createTestDatabase, type TestDatabase } from '../../test/support/postgres';

const physicalType = { id: 'text', text: 'text', enum: 'text', date: 'text', json: 'text', int: 'integer', instant: 'bigint', cents: 'bigint', bool: 'smallint', real: 'double precision' } as const;

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.drop());

async function insertClinic(id: string) {
  await database.pool.query(
    `INSERT INTO clinics (id, clinic_id, created_at, created_by, updated_at, updated_by, name, idle_timeout_minutes, offline_lease_hours, travel_buffer_minutes, treatment_gap_days, default_time_zone)
     VALUES ($1, $1, 1, 'u', 1, 'u', 'C', 15, 72, 30, 14, 'UTC')`, [id]);
}

describe('postgres 20261128100000_schema_v1', () => {
  it('creates every synced and server table with the described columns and types', async () => {
    const tables: Record<string, TableDef> = { ...syncedTables, ...serverSchemaV1 };
    for (const [table, def] of Object.entries(tables)) {
      const { rows } = await database.pool.query(
        `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`, [table]);
      expect(rows.map((r) => r.column_name), table).toEqual(Object.keys(def.columns));
      for (const row of rows) {
        const described = def.columns[row.column_name as string];
        expect(row.data_type, `${table}.${row.column_name}`).toBe(described ? physicalType[described.kind] : 'missing');
        expect(row.is_nullable === 'YES', `${table}.${row.column_name}`).toBe(described?.nullable);
      }
    }
  });

  it('logs each write transaction under one new global version, values as text', async () => {
    await insertClinic('c-1');
    await database.db.transaction().execute(async (tx) => {
      await sql`UPDATE clinics SET name = 'Renamed', travel_buffer_minutes = 45 WHERE id = 'c-1'`.execute(tx);
      await sql`UPDATE clinics SET treatment_gap_days = 21 WHERE id = 'c-1'`.execute(tx);
    });
    const { rows } = await database.pool.query(`SELECT version, op, operation, new_row, changed_columns FROM change_log WHERE row_id = 'c-1' ORDER BY version, op`);
    expect(rows.map((r) => r.operation)).toEqual(['insert', 'update', 'update']);
    expect(rows[1].version).toBe(rows[2].version);
    expect(rows[1].version).toBe(rows[0].version + 1);
    expect([rows[1].op, rows[2].op]).toEqual([1, 2]);
    expect(JSON.parse(rows[1].new_row)).toMatchObject({ name: 'Renamed', travel_buffer_minutes: '45', created_at: '1' });
    expect(JSON.parse(rows[1].changed_columns)).toEqual(['name', 'travel_buffer_minutes']);
  });

  it('refuses double-booking a physician, and updates/deletes of the audit log', async () => {
    await expect(database.pool.query(`UPDATE audit_log SET action = 'x'`)).resolves.toBeDefined();
    await database.pool.query(`INSERT INTO audit_log (id, clinic_id, device_id, seq, at, action, detail_json, prev_hash, hash) VALUES ('a', 'c-1', 'd', 1, 0, 'x', '{}', 'p', 'h')`);
    await expect(database.pool.query(`UPDATE audit_log SET action = 'y'`)).rejects.toThrow(/append-only/);
    await expect(database.pool.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    const { rows } = await database.pool.query(`SELECT conname FROM pg_constraint WHERE conname = 'appointments_physician_no_overlap'`);
    expect(rows).toHaveLength(1);
  });
});
