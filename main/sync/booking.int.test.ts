import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { caughtUp, closeAll, converged, manifestFor, openDevice, userIdOf, waitFor, type TestDevice } from '../../test/support/sync-device';
import { startTestServer, type TestServer } from '../../test/support/sync-server';
import { inWriteTransaction } from '../db/connection';
import type { Caller } from '../ipc/router';
import { clientIdFor, mutateOnDevice } from './device-mutations';

let server: TestServer;
const devices: TestDevice[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => closeAll(server, devices), 120_000);

/** Books through the device's single write path (optimistic row + outbox entry), as the booking screen will. */
async function book(device: TestDevice, window: Caller, args: Record<string, unknown>): Promise<string> {
  const session = device.core.sessions.get(window.windowKey);
  if (!session) throw new Error('not signed in');
  const clientId = await clientIdFor(device.db, session.subject.userId, newId);
  return inWriteTransaction(device.db, (tx) => mutateOnDevice(tx, 'appointment.book', args, { subject: session.subject, clientId, now: Date.now() }));
}

describe('two offline workstations book the same physician slot', { timeout: 120_000 }, () => {
  it('exactly one booking stands; the other workstation has it in its inbox with the original input; all replicas converge', async () => {
    const db = server.database.db;
    const physician = await db.selectFrom('physician_facilities').select(['physician_id', 'facility_id']).orderBy('physician_id').executeTakeFirstOrThrow();
    const [patientA, patientB] = await db.selectFrom('patients').select('id').orderBy('id').limit(2).execute();
    const exam = await db.selectFrom('exam_types').select('id').orderBy('id').executeTakeFirstOrThrow();
    const startsAt = Date.parse('2027-04-06T15:00:00Z');
    const slot = (patientId: string) => ({ facilityId: physician.facility_id, physicianId: physician.physician_id, patientId, examTypeId: exam.id, startsAt, endsAt: startsAt + 45 * 60_000 });

    const desks: { device: TestDevice; window: Caller }[] = [];
    for (let index = 0; index < 2; index++) {
      const device = await openDevice(server);
      devices.push(device);
      const window = await device.signIn('admin');
      await caughtUp(device);
      desks.push({ device, window });
    }
    for (const { device } of desks) device.network.offline = true;
    const inputs = [slot(patientA?.id as string), slot(patientB?.id as string)];
    const booked = await Promise.all(desks.map(({ device, window }, index) => book(device, window, inputs[index] as Record<string, unknown>)));
    // Offline, each desk sees its own booking (pending) in its replica.
    for (const [index, { device }] of desks.entries()) {
      expect(await device.db.selectFrom('appointments').select('id').where('id', '=', booked[index] as string).executeTakeFirst()).toBeDefined();
    }
    for (const { device } of desks) device.network.offline = false;

    await waitFor(async () => {
      for (const { device } of desks) if ((await device.db.selectFrom('outbox').select('mutation_id').execute()).length > 0) return false;
      return true;
    }, 'both outboxes to drain', 60_000);
    const standing = await db.selectFrom('appointments').select(['id', 'patient_id']).where('physician_id', '=', physician.physician_id).where('starts_at', '=', startsAt).execute();
    expect(standing).toHaveLength(1);
    const issues = await Promise.all(desks.map(async ({ device, window }) => {
      const result = await device.invoke(window, 'sync.issues', {});
      return result.ok ? result.value : [];
    }));
    expect(issues.flat()).toHaveLength(1);
    const loser = issues[0]?.length === 1 ? 0 : 1;
    expect(issues.flat()[0]).toMatchObject({ name: 'appointment.book', code: 'conflict', args: inputs[loser] });
    // The loser's optimistic booking was undone; the winner's booking is in both replicas.
    const userId = await userIdOf(server, 'admin');
    const tables = await manifestFor(server, userId);
    for (const { device } of desks) {
      await converged(server, device, userId, tables, 60_000);
      const rows = await device.db.selectFrom('appointments').select('id').where('physician_id', '=', physician.physician_id).where('starts_at', '=', startsAt).execute();
      expect(rows.map((row) => row.id)).toEqual(standing.map((row) => row.id));
    }

    // The loser's inbox offers free alternatives for the same patient and exam, and rebooks one in one action.
    const loserDesk = desks[loser] as (typeof desks)[number];
    const issue = issues.flat()[0] as { id: string };
    const alternatives = await loserDesk.device.invoke(loserDesk.window, 'appointment.issueAlternatives', { issueId: issue.id });
    if (!alternatives.ok) throw new Error(`alternatives: ${alternatives.error.message}`);
    expect(alternatives.value.length).toBeGreaterThan(0);
    for (const alternative of alternatives.value) {
      expect(alternative.physicianId === physician.physician_id && alternative.startsAt < startsAt + 45 * 60_000 && alternative.endsAt > startsAt).toBe(false);
    }
    const chosen = alternatives.value[0] as (typeof alternatives.value)[number];
    const rebooked = await loserDesk.device.invoke(loserDesk.window, 'appointment.rebookIssue', {
      issueId: issue.id,
      slot: { physicianId: chosen.physicianId, facilityId: chosen.facilityId, startsAt: chosen.startsAt, endsAt: chosen.endsAt, resourceId: chosen.resourceId },
    });
    if (!rebooked.ok) throw new Error(`rebook: ${rebooked.error.message}`);
    expect(rebooked.value).toMatchObject({ patientId: (inputs[loser] as { patientId: string }).patientId, startsAt: chosen.startsAt, syncState: 'pending' });
    const open = await loserDesk.device.invoke(loserDesk.window, 'sync.issues', {});
    expect(open.ok && open.value).toEqual([]);
    await waitFor(async () => (await db.selectFrom('appointments').select('id').where('id', '=', rebooked.value.id).executeTakeFirst()) !== undefined, 'the rebooking to reach the server', 60_000);
  });
});
