import type { Kysely } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../shared/db/tables';
import { newId } from '../../shared/ids';
import { closeDatabase, openDatabase, type Replica } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { ReplicaWriter, type RowChange } from './replica-writer';
import { wipeReplica } from './revoke';

/*
 * Appointment events are append-only on the device's replica as on the server: an update or a delete is
 * refused whatever statement makes it (a mutator, a handler, a raw statement), except the deletes the sync
 * engine itself makes through the replica writer — a pending booking's events undone before a rebase,
 * events that left this device's scope, a shape fetched again, a revoke.
 */
let directory: string;
let replica: Replica;
let writer: ReplicaWriter;
let db: Kysely<Database>;

beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), 'medora-events-'));
  replica = openDatabase(join(directory, 'medora.sqlite'));
  expect((await migrateToLatest(replica.db as Kysely<unknown>)).error).toBeNull();
  db = replica.db;
  // Events point at appointments, patients and facilities; only the events matter here.
  replica.sqlite.pragma('foreign_keys = OFF');
  writer = new ReplicaWriter(replica.sqlite);
});
afterEach(async () => {
  await closeDatabase(replica);
  rmSync(directory, { recursive: true, force: true });
});

const clinicId = newId();
const userId = newId();
function event(id = newId()): Record<string, unknown> {
  return {
    id, clinic_id: clinicId, created_at: 1_000, created_by: userId, updated_at: 1_000, updated_by: userId, deleted_at: null,
    appointment_id: newId(), patient_id: newId(), facility_id: newId(), event_kind: 'created', occurred_at: 1_000, due_at: null, detail_json: '{}',
  };
}
/** The event as the server sends it, with exactly the table's columns. */
function change(operation: RowChange['operation'], value: Record<string, unknown>): RowChange {
  return { table: 'appointment_events', operation, value };
}
const ids = () => (replica.sqlite.prepare('SELECT id FROM appointment_events ORDER BY id').all() as { id: string }[]).map((row) => row.id);
const markers = () => (replica.sqlite.prepare('SELECT count(*) AS n FROM sync_engine_writes').get() as { n: number }).n;

describe('appointment events on the replica', () => {
  it('refuses an update or a delete by any statement outside the sync engine', async () => {
    const [a, b] = [event(), event()];
    for (const row of [a, b]) writer.apply(change('insert', row));
    expect(() => replica.sqlite.prepare(`UPDATE appointment_events SET event_kind = 'cancelled' WHERE id = ?`).run(a.id)).toThrow(/append-only/);
    expect(() => replica.sqlite.prepare('DELETE FROM appointment_events WHERE id = ?').run(a.id)).toThrow(/append-only/);
    await expect(db.updateTable('appointment_events').set({ deleted_at: 2_000 }).where('id', '=', a.id as string).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('appointment_events').execute()).rejects.toThrow(/append-only/);
    // Inside a mutation (undo capture on), as a mutator on the device would run.
    await expect(db.transaction().execute(async (tx) => {
      await tx.insertInto('mutation_capture').values({ client_id: newId(), mutation_id: 1 }).execute();
      await tx.deleteFrom('appointment_events').where('id', '=', b.id as string).execute();
    })).rejects.toThrow(/append-only/);
    expect(ids()).toEqual([a.id, b.id].sort());
    expect(replica.sqlite.prepare('SELECT event_kind, deleted_at FROM appointment_events WHERE id = ?').get(a.id)).toEqual({ event_kind: 'created', deleted_at: null });
    // Inserting stays open to everyone.
    await db.insertInto('appointment_events').values(event() as never).execute();
    expect(ids()).toHaveLength(3);
  });

  it('lets the sync engine undo a pending booking\'s events before a rebase, and nothing else', async () => {
    const server = event();
    writer.apply(change('insert', server));
    // A booking made offline: its events inserted with undo capture on, as `runCaptured` does.
    const pending = [event(), event()];
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('mutation_capture').values({ client_id: newId(), mutation_id: 1 }).execute();
      for (const row of pending) await tx.insertInto('appointment_events').values(row as never).execute();
      await tx.deleteFrom('mutation_capture').execute();
    });
    expect(ids()).toHaveLength(3);
    await db.transaction().execute(async () => {
      expect(writer.undoPending()).toBe(2);
    });
    expect(ids()).toEqual([server.id]);
    expect(markers()).toBe(0);
    expect(() => replica.sqlite.prepare('DELETE FROM appointment_events').run()).toThrow(/append-only/);
  });

  it('lets the sync engine remove events that left the scope, refetch a shape and apply a full image, leaving no marker', () => {
    const [a, b, c] = [event(), event(), event()];
    for (const row of [a, b, c]) writer.apply(change('insert', row));
    // A row the server no longer sends this device (its patient left the user's scope).
    expect(writer.apply(change('delete', { id: a.id }))).toBe(true);
    expect(ids()).toEqual([b.id, c.id].sort());
    // A full image of a row already here is written as the server has it; a partial one is not merged.
    expect(writer.apply(change('update', { ...b, due_at: 5_000 }))).toBe(true);
    expect(writer.apply(change('update', { id: c.id, event_kind: 'cancelled' }))).toBe(false);
    expect(replica.sqlite.prepare('SELECT id, due_at, event_kind FROM appointment_events ORDER BY id').all())
      .toEqual([{ id: b.id, due_at: 5_000, event_kind: 'created' }, { id: c.id, due_at: null, event_kind: 'created' }].sort((x, y) => (String(x.id) < String(y.id) ? -1 : 1)));
    // A must-refetch: the shape's rows are replaced whole.
    expect(writer.clear('appointment_events')).toBe(2);
    expect(ids()).toEqual([]);
    expect(markers()).toBe(0);
    writer.apply(change('insert', a));
    expect(() => replica.sqlite.prepare('DELETE FROM appointment_events').run()).toThrow(/append-only/);
  });

  it('leaves no marker when the engine\'s own delete fails, and none after a revoke that erased the events', async () => {
    const row = event();
    writer.apply(change('insert', row));
    replica.sqlite.exec(`CREATE TEMP TRIGGER refuse_in_test BEFORE DELETE ON main.appointment_events BEGIN SELECT RAISE(ABORT, 'refused in test'); END`);
    expect(() => writer.apply(change('delete', { id: row.id }))).toThrow(/refused in test/);
    replica.sqlite.exec('DROP TRIGGER temp.refuse_in_test');
    expect(markers()).toBe(0);
    expect(() => replica.sqlite.prepare('DELETE FROM appointment_events').run()).toThrow(/append-only/);

    await wipeReplica(db, replica.sqlite);
    expect(ids()).toEqual([]);
    expect(markers()).toBe(0);
    writer.apply(change('insert', event()));
    expect(() => replica.sqlite.prepare('DELETE FROM appointment_events').run()).toThrow(/append-only/);
  });
});
