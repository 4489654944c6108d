import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_SCHEMA_VERSION } from '../../shared/sync/mutator';
import { startTestServer, type TestServer } from '../../test/support/sync-server';
import { caughtUp, closeAll, openDevice, replicaRows, waitFor, type TestDevice } from '../../test/support/sync-device';

/*
 * Contacts through the real sync server and Postgres: a front desk's new attorney reaches the server
 * (which runs the same mutator with the same permission) and every staff replica; a pushed contact
 * write from a login without `contact.write` is refused by the server.
 */

let server: TestServer;
const devices: TestDevice[] = [];

beforeAll(async () => {
  server = await startTestServer();
}, 180_000);
afterAll(async () => closeAll(server, devices), 120_000);

describe('contacts sync', { timeout: 180_000 }, () => {
  it("a front desk's new attorney reaches Postgres and another staff workstation", async () => {
    const desk = await openDevice(server);
    const billing = await openDevice(server);
    devices.push(desk, billing);
    const deskWindow = await desk.signIn('desk.east');
    await billing.signIn('billing');
    await Promise.all([caughtUp(desk), caughtUp(billing)]);

    const saved = await desk.invoke(deskWindow, 'contact.saveAttorney', { name: 'Ivy Lin', firmName: 'Lin Trial Lawyers', phone: null, email: 'ivy@lin.example', address: null });
    if (!saved.ok) throw new Error(saved.error.message);
    const row = await waitFor(
      () => server.database.db.selectFrom('attorneys').select(['id', 'firm_name', 'created_by']).where('id', '=', saved.value.id).executeTakeFirst(),
      'the attorney to reach Postgres',
    );
    expect(row.firm_name).toBe('Lin Trial Lawyers');
    await waitFor(async () => (await replicaRows(billing, 'attorneys')).some((attorney) => attorney.id === saved.value.id), 'the attorney to reach the billing replica');
  });

  it('refuses a contact write pushed by a login without contact.write', async () => {
    const tokens = await server.login('dr.patel');
    const clientId = crypto.randomUUID();
    const response = await fetch(`${server.url}/v1/mutations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId, schemaVersion: SYNC_SCHEMA_VERSION,
        mutations: [{ id: 1, name: 'attorney.save', args: { name: 'Rogue', firmName: 'Rogue LLP', phone: null, email: null, address: null }, createdAt: Date.now() }],
      }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ results: [{ id: 1, status: 'rejected', code: 'forbidden' }] });
    expect(await server.database.db.selectFrom('attorneys').select('id').where('firm_name', '=', 'Rogue LLP').executeTakeFirst()).toBeUndefined();
  });
});
