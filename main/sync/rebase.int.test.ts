import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FacilityInput } from '../../shared/admin/facility.contract';
import type { Row } from '../../shared/db/tables';
import { newId } from '../../shared/ids';
import { createClinicFixture, invoke, type ClinicFixture } from '../../test/support/clinic-fixture';
import type { Caller } from '../ipc/router';
import { clientIdFor } from './device-mutations';
import { applyWithRebase } from './rebase';
import type { RowChange } from './replica-writer';

let fixture: ClinicFixture;
let admin: Caller;
let clientId: string;

beforeEach(async () => {
  fixture = await createClinicFixture();
  admin = await fixture.login('clinic_admin');
  clientId = await clientIdFor(fixture.db, fixture.users.clinic_admin.id, newId);
});
afterEach(async () => fixture.cleanup());

function facility(code: string, name = `Facility ${code}`): FacilityInput {
  return {
    name, code, addressLine1: '1 Test Way', addressLine2: null, city: 'Austin', state: 'TX', postalCode: '78701', phone: null,
    latitude: null, longitude: null, timeZone: 'America/Chicago', hours: { mon: [{ open: '08:00', close: '17:00' }] }, isActive: true, resources: [],
  };
}

async function save(input: FacilityInput): Promise<string> {
  const result = await invoke(fixture.core, admin, 'facility.save', input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value.id;
}

/** Applies server changes the way the read path does: one transaction with the rebase around them. */
async function applyFromServer(changes: RowChange[]) {
  const sqlite = fixture.core.replica?.sqlite;
  if (!sqlite) throw new Error('no replica');
  return (await applyWithRebase(fixture.db, sqlite, Date.now(), (writer) => {
    for (const change of changes) writer.apply(change);
  })).rebase;
}

const facilityRow = async (id: string) => fixture.db.selectFrom('facilities').selectAll().where('id', '=', id).executeTakeFirst();
const outbox = () => fixture.db.selectFrom('outbox').selectAll().orderBy('mutation_id').execute();
const serverStamp = { created_at: 1, created_by: 'server', updated_at: 2, updated_by: 'server' };
const confirmation = (lastMutationId: number): RowChange => ({
  table: 'client_mutations', operation: 'update',
  value: { id: clientId, clinic_id: fixture.clinicId, ...serverStamp, deleted_at: null, user_id: fixture.users.clinic_admin.id, device_id: fixture.core.deviceId, last_mutation_id: lastMutationId },
});

describe('rebase of local writes around server rows', () => {
  it('keeps a pending change on top of new server rows, with the same ids', async () => {
    const mineId = await save(facility('MINE-1'));
    const theirs = (await facilityRow(fixture.facilityA)) as Row<'facilities'>;
    const outcome = await applyFromServer([{ table: 'facilities', operation: 'update', value: { ...theirs, name: 'Renamed on the server', ...serverStamp } }]);
    expect(outcome).toEqual({ confirmed: 0, refused: 0, pending: 1 });
    expect((await facilityRow(fixture.facilityA))?.name).toBe('Renamed on the server');
    expect((await facilityRow(mineId))?.code).toBe('MINE-1');
    expect(await outbox()).toHaveLength(1);
    expect((await fixture.db.selectFrom('undo_log').selectAll().execute()).length).toBeGreaterThan(0);
  });

  it('drops confirmed changes and keeps the server version of their rows', async () => {
    const mineId = await save(facility('MINE-2'));
    const optimistic = (await facilityRow(mineId)) as Row<'facilities'>;
    const outcome = await applyFromServer([
      { table: 'facilities', operation: 'insert', value: { ...optimistic, ...serverStamp } },
      confirmation(1),
    ]);
    expect(outcome).toEqual({ confirmed: 1, refused: 0, pending: 0 });
    expect(await outbox()).toEqual([]);
    expect(await fixture.db.selectFrom('undo_log').selectAll().execute()).toEqual([]);
    expect((await facilityRow(mineId))?.updated_by).toBe('server');
  });

  it('moves a refused change to the inbox with its input and reason, and undoes its effect', async () => {
    const input = facility('MINE-3');
    const mineId = await save(input);
    const outcome = await applyFromServer([
      confirmation(1),
      {
        table: 'mutation_results', operation: 'insert',
        value: {
          id: newId(), clinic_id: fixture.clinicId, ...serverStamp, deleted_at: null, client_id: clientId, mutation_id: 1, mutation_name: 'facility.save',
          code: 'conflict', message: 'Another facility already uses that code.', details_json: JSON.stringify({ fields: [{ path: 'code', message: 'taken' }] }),
        },
      },
    ]);
    expect(outcome).toEqual({ confirmed: 0, refused: 1, pending: 0 });
    expect(await facilityRow(mineId)).toBeUndefined();
    const issues = await invoke(fixture.core, admin, 'sync.issues', {});
    expect(issues.ok && issues.value).toEqual([expect.objectContaining({
      name: 'facility.save', args: input, code: 'conflict', message: 'Another facility already uses that code.', fields: [{ path: 'code', message: 'taken' }], status: 'open',
    })]);
  });

  it('settles nothing while the refusals’ stream has not caught up, so a refusal arriving after the counter is not taken for an approval', async () => {
    const input = facility('MINE-4');
    const mineId = await save(input);
    const sqlite = fixture.core.replica?.sqlite;
    if (!sqlite) throw new Error('no replica');
    const position = sqlite.prepare(`INSERT INTO shape_positions (table_name, handle, "offset", rows, up_to_date_at) VALUES (?, 'h', '1_inf', 1, ?)
      ON CONFLICT (table_name) DO UPDATE SET up_to_date_at = excluded.up_to_date_at`);
    // The counter's snapshot passed the change; the refusals' stream is still downloading.
    position.run('client_mutations', 1);
    position.run('mutation_results', null);
    expect(await applyFromServer([confirmation(1)])).toEqual({ confirmed: 0, refused: 0, pending: 1 });
    expect((await facilityRow(mineId))?.code).toBe('MINE-4');
    // The refusal arrives and its stream catches up: the change goes to the inbox, not away as applied.
    position.run('mutation_results', 2);
    const outcome = await applyFromServer([{
      table: 'mutation_results', operation: 'insert',
      value: {
        id: newId(), clinic_id: fixture.clinicId, ...serverStamp, deleted_at: null, client_id: clientId, mutation_id: 1, mutation_name: 'facility.save',
        code: 'conflict', message: 'Another facility already uses that code.', details_json: JSON.stringify({ fields: [] }),
      },
    }]);
    expect(outcome).toEqual({ confirmed: 0, refused: 1, pending: 0 });
    expect(await outbox()).toEqual([]);
    expect(await facilityRow(mineId)).toBeUndefined();
  });

  it('keeps a change that now fails locally pending, with its error, and without partial effects', async () => {
    const mineId = await save(facility('CLASH-1'));
    const template = (await facilityRow(fixture.facilityA)) as Row<'facilities'>;
    const outcome = await applyFromServer([{ table: 'facilities', operation: 'insert', value: { ...template, id: newId(), code: 'CLASH-1', name: 'Theirs', ...serverStamp } }]);
    expect(outcome).toEqual({ confirmed: 0, refused: 0, pending: 1 });
    expect(await facilityRow(mineId)).toBeUndefined();
    expect((await outbox())[0]?.last_error).toBe('Another facility already uses that code.');
    expect(await fixture.db.selectFrom('undo_log').selectAll().execute()).toEqual([]);
    // The server takes the code away again: the pending change applies on the next rebase, same id.
    const clash = await fixture.db.selectFrom('facilities').select('id').where('name', '=', 'Theirs').executeTakeFirstOrThrow();
    await applyFromServer([{ table: 'facilities', operation: 'delete', value: { id: clash.id } }]);
    expect((await facilityRow(mineId))?.code).toBe('CLASH-1');
    expect((await outbox())[0]?.last_error).toBeNull();
  });

  it('applies idempotently: a repeated delivery changes nothing, a delete of a missing row is a no-op', async () => {
    const row = (await facilityRow(fixture.facilityB)) as Row<'facilities'>;
    const update: RowChange = { table: 'facilities', operation: 'update', value: { ...row, name: 'Twice', ...serverStamp } };
    await applyFromServer([update, update]);
    await applyFromServer([update, { table: 'facilities', operation: 'delete', value: { id: newId() } }]);
    expect((await facilityRow(fixture.facilityB))?.name).toBe('Twice');
    expect((await fixture.db.selectFrom('facilities').select('id').execute()).length).toBe(2);
  });
});
