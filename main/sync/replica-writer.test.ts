import type { Kysely } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { closeDatabase, openDatabase, type Replica } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { ReplicaWriter, type RowChange } from './replica-writer';

let directory: string;
let replica: Replica;
let writer: ReplicaWriter;

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), 'medora-writer-'));
  replica = openDatabase(join(directory, 'medora.sqlite'));
  expect((await migrateToLatest(replica.db as Kysely<unknown>)).error).toBeNull();
  writer = new ReplicaWriter(replica.sqlite);
});
afterEach(async () => {
  await closeDatabase(replica);
  rmSync(directory, { recursive: true, force: true });
});

const clinicId = newId();
function block(id: string, status: string): RowChange {
  return {
    table: 'busy_blocks',
    operation: 'insert',
    value: { id, clinic_id: clinicId, facility_id: newId(), physician_id: newId(), starts_at: 1_000, ends_at: 2_000, status, deleted_at: null },
  };
}
const rowsOf = () => replica.sqlite.prepare('SELECT id, status FROM busy_blocks ORDER BY id').all() as { id: string; status: string }[];
const stagedCount = (table?: string) => (table === undefined
  ? replica.sqlite.prepare('SELECT count(*) AS n FROM shape_staging').get()
  : replica.sqlite.prepare('SELECT count(*) AS n FROM shape_staging WHERE table_name = ?').get(table)) as { n: number };

describe('a replacement snapshot staged on disk', () => {
  it('leaves the table as it is while rows are staged, then swaps them in page by page in arrival order', () => {
    const kept = block(newId(), 'scheduled');
    writer.apply(kept);
    const ids = Array.from({ length: 4_500 }, () => newId());
    replica.sqlite.transaction(() => {
      for (const id of ids) writer.stage(block(id, 'scheduled'));
      // The same row again later in the snapshot: the later image wins, as it would applied directly.
      writer.stage(block(ids[0] as string, 'cancelled'));
    })();
    expect(stagedCount('busy_blocks').n).toBe(4_501);
    expect(rowsOf()).toEqual([{ id: kept.value.id, status: 'scheduled' }]);

    const applied = replica.sqlite.transaction(() => {
      writer.clear('busy_blocks');
      return writer.applyStaged('busy_blocks');
    })();
    expect(applied).toBe(4_501);
    const rows = rowsOf();
    expect(rows).toHaveLength(4_500);
    expect(rows.some((row) => row.id === kept.value.id)).toBe(false);
    expect(rows.find((row) => row.id === ids[0])?.status).toBe('cancelled');
    expect(rows.filter((row) => row.status === 'scheduled')).toHaveLength(4_499);
    expect(stagedCount().n).toBe(0);
  });

  it('forgets one table’s staged rows or every table’s', () => {
    writer.stage(block(newId(), 'scheduled'));
    writer.stage({ table: 'facilities', operation: 'insert', value: { id: newId() } });
    expect(writer.unstage('busy_blocks')).toBe(1);
    expect(stagedCount('facilities').n).toBe(1);
    expect(writer.unstage()).toBe(1);
    expect(stagedCount().n).toBe(0);
    expect(rowsOf()).toEqual([]);
  });
});

describe('indexes set aside for a bulk load', () => {
  const indexesOf = (table: string) => replica.sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name`)
    .all(table) as { name: string; sql: string }[];

  it('drops a table’s secondary indexes, keeps their definitions, and builds them again exactly as they were', () => {
    const before = indexesOf('appointments');
    expect(before.length).toBeGreaterThan(0);
    const set = replica.sqlite.transaction(() => writer.deferIndexes('appointments'))();
    expect(set).toBe(before.length);
    expect(indexesOf('appointments')).toEqual([]);
    expect((replica.sqlite.prepare('SELECT count(*) AS n FROM deferred_indexes').get() as { n: number }).n).toBe(before.length);
    // Other tables keep theirs.
    expect(indexesOf('patients').length).toBeGreaterThan(0);

    expect(replica.sqlite.transaction(() => writer.restoreIndexes('appointments'))()).toBe(before.length);
    expect(indexesOf('appointments')).toEqual(before);
    expect((replica.sqlite.prepare('SELECT count(*) AS n FROM deferred_indexes').get() as { n: number }).n).toBe(0);
  });

  it('keeps unique indexes, and every index of a table that other tables’ triggers read', () => {
    const unique = replica.sqlite.prepare(`SELECT tbl_name AS t FROM sqlite_master WHERE type = 'index' AND sql LIKE 'CREATE UNIQUE %' LIMIT 1`).get() as { t: string } | undefined;
    expect(unique).toBeDefined();
    const table = unique?.t as 'appointments';
    const uniques = indexesOf(table).filter((index) => index.sql.startsWith('CREATE UNIQUE'));
    replica.sqlite.transaction(() => writer.deferIndexes(table))();
    expect(indexesOf(table).filter((index) => index.sql.startsWith('CREATE UNIQUE'))).toEqual(uniques);

    // Allocation and adjustment triggers look invoice lines up by invoice: those indexes stay.
    const lines = indexesOf('invoice_lines');
    expect(lines.length).toBeGreaterThan(0);
    expect(replica.sqlite.transaction(() => writer.deferIndexes('invoice_lines'))()).toBe(0);
    expect(indexesOf('invoice_lines')).toEqual(lines);
  });

  it('builds every table’s set-aside indexes when asked for all (after a crash or a stop)', () => {
    const appointments = indexesOf('appointments');
    const patients = indexesOf('patients');
    replica.sqlite.transaction(() => {
      writer.deferIndexes('appointments');
      writer.deferIndexes('patients');
    })();
    const secondary = (indexes: { sql: string }[]) => indexes.filter((index) => !index.sql.startsWith('CREATE UNIQUE')).length;
    expect(replica.sqlite.transaction(() => writer.restoreIndexes())()).toBe(secondary(appointments) + secondary(patients));
    expect(indexesOf('appointments')).toEqual(appointments);
    expect(indexesOf('patients')).toEqual(patients);
  });
});

describe('indexes built apart', () => {
  it('builds set-aside indexes on a connection of its own once the load committed, and in place inside a transaction', () => {
    const indexesOf = (table: string) => replica.sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name`).all(table);
    const before = indexesOf('appointments');
    replica.sqlite.transaction(() => writer.deferIndexes('appointments'))();
    expect(indexesOf('appointments')).toEqual([]);
    expect(ReplicaWriter.restoreIndexesApart(replica.sqlite, 'appointments')).toBe(before.length);
    // The replica's own connection sees the new schema at once.
    expect(indexesOf('appointments')).toEqual(before);
    expect(ReplicaWriter.restoreIndexesApart(replica.sqlite)).toBe(0);

    replica.sqlite.transaction(() => {
      writer.deferIndexes('appointments');
      expect(ReplicaWriter.restoreIndexesApart(replica.sqlite)).toBe(before.length);
    })();
    expect(indexesOf('appointments')).toEqual(before);
  });
});
