import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacilityInput } from '../../shared/admin/facility.contract';
import { startFaultProxy, type FaultProxy } from '../../test/support/fault-proxy';
import { closeAll, converged, manifestFor, openDevice, userIdOf, waitFor, type TestDevice } from '../../test/support/sync-device';
import { startTestServer, type TestServer } from '../../test/support/sync-server';
import type { Caller } from '../ipc/router';

const SEED = Number(process.env.MEDORA_FAULT_SEED ?? Date.now() % 100_000);
const OPERATIONS_PER_DEVICE = 12;

let server: TestServer;
let proxy: FaultProxy;
const devices: TestDevice[] = [];

beforeAll(async () => {
  server = await startTestServer({ longPollMs: 1_000 });
  proxy = await startFaultProxy({ target: server.url, seed: SEED });
});
afterAll(async () => {
  await closeAll(undefined, devices);
  await proxy.close();
  await server.stop();
});

function facility(code: string, name: string): FacilityInput {
  return {
    name, code, addressLine1: '5 Fault Lane', addressLine2: null, city: 'Reno', state: 'NV', postalCode: '89501', phone: null,
    latitude: null, longitude: null, timeZone: 'America/Los_Angeles', hours: { tue: [{ open: '09:00', close: '15:00' }] },
    isActive: true, resources: [],
  };
}

describe('faults and convergence', () => {
  it(`workstations working through drops, lost answers, duplicates, delays and a server restart converge (seed ${SEED})`, async () => {
    const users = ['admin', 'admin', 'billing'];
    for (const _ of users) devices.push(await openDevice({ ...server, url: proxy.url }));
    const callers: Caller[] = [];
    for (const [index, username] of users.entries()) {
      callers.push(await waitFor(() => devices[index]?.signIn(username).catch(() => null), `sign-in of ${username} through the faulty network`, 60_000));
    }
    const random = fc.sample(fc.integer({ min: 0, max: 999 }), { seed: SEED, numRuns: 200 });
    let next = 0;
    const roll = () => random[next++ % random.length] as number;

    // Each admin workstation creates facilities (some with a code the other also uses: a real
    // conflict), and the billing workstation signs in and reads. Every input is remembered.
    const made: { device: number; code: string; name: string }[] = [];
    const work = [0, 1].map(async (deviceIndex) => {
      for (let step = 0; step < OPERATIONS_PER_DEVICE; step++) {
        const shared = step % 5 === 3; // both workstations use the same code at these steps
        const code = shared ? `F-SHARED${step}` : `F${deviceIndex}-${step}`;
        const name = `Fault facility ${deviceIndex}/${step}`;
        const result = await devices[deviceIndex]?.invoke(callers[deviceIndex] as Caller, 'facility.save', facility(code, name));
        if (result?.ok) made.push({ device: deviceIndex, code, name });
        await new Promise((resolve) => setTimeout(resolve, roll() % 120));
        if (deviceIndex === 0 && step === Math.floor(OPERATIONS_PER_DEVICE / 2)) {
          // The server restarts: a new instance on another port, same Postgres; the proxy follows it.
          const replacement = await server.startAnotherInstance();
          await server.app.close();
          proxy.setTarget(replacement.url);
        }
      }
    });
    await Promise.all(work);

    // Quiescence: faults off, every outbox drains, every replica equals Postgres for its scope.
    proxy.setFaulty(false);
    for (const device of devices) {
      await waitFor(async () => (await device.db.selectFrom('outbox').select('mutation_id').execute()).length === 0, 'every outbox to drain', 60_000);
    }
    for (const [index, username] of users.entries()) {
      const userId = await userIdOf(server, username);
      await converged(server, devices[index] as TestDevice, userId, await manifestFor(server, userId), 60_000);
    }

    // Figures: acknowledged-but-lost writes, duplicates, divergent rows, conflicts surfaced.
    const facilities = await server.database.db.selectFrom('facilities').select(['code', 'name']).where('name', 'like', 'Fault facility %').execute();
    const issues = await Promise.all([0, 1].map((index) => (devices[index] as TestDevice).db.selectFrom('sync_issues').select(['args_json']).execute()));
    let lost = 0;
    for (const entry of made) {
      const landed = facilities.some((row) => row.name === entry.name);
      const inInbox = (issues[entry.device] ?? []).some((issue) => (JSON.parse(issue.args_json) as { name?: string }).name === entry.name);
      if (!landed && !inInbox) lost += 1;
    }
    const names = facilities.map((row) => row.name);
    const duplicates = names.length - new Set(names).size;
    const conflicts = issues.reduce((sum, list) => sum + list.length, 0);
    console.log(`fault suite (seed ${SEED}): ${made.length} changes made, lost ${lost}, duplicates ${duplicates}, conflicts surfaced ${conflicts}, divergent replicas 0; proxy ${JSON.stringify(proxy.counts)}`);
    expect(lost).toBe(0);
    expect(duplicates).toBe(0);
    // Every shared code stands exactly once; each other attempt is in an inbox, not dropped.
    const sharedCodes = new Set(made.filter((m) => m.code.startsWith('F-SHARED')).map((m) => m.code));
    for (const code of sharedCodes) expect(facilities.filter((row) => row.code === code)).toHaveLength(1);
    expect(conflicts).toBe(made.filter((m) => m.code.startsWith('F-SHARED')).length - sharedCodes.size);
    expect(proxy.counts.droppedBeforeServer + proxy.counts.droppedAfterServer + proxy.counts.duplicated).toBeGreaterThan(0);
  }, 240_000);
});
