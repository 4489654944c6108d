import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/support/sync-server';
import { caughtUp, closeAll, openDevice, replicaRows, waitFor, type TestDevice } from '../../test/support/sync-device';

/**
 * The live path's quiet answers: a long-poll that ends with only an up-to-date (the test server holds
 * them 1.5 s). At the same offset there is nothing to store. At a new offset (the clinic committed
 * something meanwhile; here a change to the table outside the user's scope) only the position moves, and
 * with nothing pending locally the workstation stores it in one synchronous transaction of its own
 * instead of a rebase (main/sync/shape-sync.ts).
 */
let server: TestServer;
const devices: TestDevice[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => closeAll(server, devices), 120_000);

async function signedIn(username: string): Promise<TestDevice> {
  const workstation = await openDevice(server);
  devices.push(workstation);
  await workstation.signIn(username);
  await caughtUp(workstation);
  return workstation;
}

describe('quiet long-poll answers', { timeout: 120_000 }, () => {
  it('store a moved position in a transaction of their own: none joins a local transaction left open, and none is lost when it rolls back', async () => {
    const workstation = await signedIn('attorney.reyes');
    const { db } = server.database;
    const reyes = (await db.selectFrom('users').select('attorney_id').where('username', '=', 'attorney.reyes').executeTakeFirstOrThrow()).attorney_id as string;
    const othersCases = await db.selectFrom('cases').select('id').where('attorney_id', '!=', reyes).orderBy('id').limit(2).execute();
    expect(othersCases).toHaveLength(2);
    const casesOnDevice = async () => (await replicaRows(workstation, 'cases')).map((row) => row.id).sort();
    const held = await casesOnDevice();
    const casesPosition = async (reader: Pick<typeof workstation.db, 'selectFrom'>) =>
      reader.selectFrom('shape_positions').select('offset').where('table_name', '=', 'cases').executeTakeFirstOrThrow();
    // Another attorney's case changes centrally: Reyes's cases stream answers with a new offset and no row.
    const touch = (id: string) => db.updateTable('cases').set({ updated_at: Date.now() }).where('id', '=', id).execute();

    const before = await casesPosition(workstation.db);
    await touch(othersCases[0]?.id as string);
    await waitFor(async () => (await casesPosition(workstation.db)).offset !== before.offset, 'the new position to be stored');
    expect(await casesOnDevice()).toEqual(held);

    // Again, while a local transaction stays open. The replica has one connection: had the answer's position
    // been stored inside this transaction, it would show in it, and the rollback would take it away.
    const atStart = (await casesPosition(workstation.db)).offset;
    const seenInside: string[] = [];
    const rollBack = new Error('roll back');
    await expect(workstation.db.transaction().execute(async (tx) => {
      await tx.insertInto('device_settings').values({ key: 'held-open', value: 'x' }).execute();
      const answersBefore = workstation.network.answers.length;
      await touch(othersCases[1]?.id as string);
      await waitFor(() => workstation.network.answers.slice(answersBefore)
        .some(({ url, offset }) => url.includes('table=cases') && offset !== null && offset !== atStart), 'the cases long-poll to answer with the new offset');
      // The answer is applied within milliseconds of its arrival; this looks for 2 s.
      for (const stop = Date.now() + 2_000; Date.now() < stop && !seenInside.some((offset) => offset !== atStart);) {
        seenInside.push((await casesPosition(tx)).offset);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw rollBack;
    })).rejects.toBe(rollBack);
    expect(seenInside.length).toBeGreaterThan(0);
    expect(new Set(seenInside)).toEqual(new Set([atStart]));
    expect(await workstation.db.selectFrom('device_settings').select('key').where('key', '=', 'held-open').execute()).toEqual([]);
    // The answer waited for the transaction to end, and its position is stored now.
    await waitFor(async () => (await casesPosition(workstation.db)).offset !== atStart, 'the position to be stored after the rollback');
    expect(await casesOnDevice()).toEqual(held);
    expect(workstation.core.sync?.activeSync?.isStopped).toBe(false);
  });

  it("show the clinic's new name after it is renamed centrally, and keep it through the quiet answer that follows", async () => {
    const workstation = await signedIn('desk.east');
    const clinic = await server.database.db.selectFrom('clinics').select(['id', 'name']).executeTakeFirstOrThrow();
    expect(workstation.core.status.clinicName).toBe(clinic.name);
    await server.database.db.updateTable('clinics').set({ name: 'Renamed Spine & Joint' }).where('id', '=', clinic.id).execute();
    await waitFor(() => workstation.core.status.clinicName === 'Renamed Spine & Joint', 'the new name to show');
    // The clinics stream's next answer is a quiet one (the test server holds long-polls 1.5 s); the name stays.
    const answersBefore = workstation.network.answers.length;
    await waitFor(() => workstation.network.answers.slice(answersBefore).some(({ url, upToDate }) => url.includes('table=clinics') && upToDate),
      'a quiet answer of the clinics stream');
    expect(workstation.core.status).toMatchObject({ state: 'ready', clinicName: 'Renamed Spine & Joint' });
  });
});
