import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FacilityInput } from '../../shared/admin/facility.contract';
import { DEMO_PASSWORD } from '../../shared/demo/demo-clinic';
import { newId } from '../../shared/ids';
import { startTestServer, type TestServer } from '../../test/support/sync-server';
import { caughtUp, closeAll, converged, manifestFor, openDevice, userIdOf, waitFor, type TestDevice } from '../../test/support/sync-device';
import { clientIdFor } from './device-mutations';
import { postMutations } from './push';
import { facilityInput } from '../../test/support/facility-input';

let server: TestServer;
const devices: TestDevice[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => closeAll(server, devices), 120_000);

async function adminWorkstation() {
  const workstation = await openDevice(server);
  devices.push(workstation);
  const window = await workstation.signIn('admin');
  await caughtUp(workstation);
  return { workstation, window };
}

const onServer = (code: string) => server.database.db.selectFrom('facilities').selectAll().where('code', '=', code).execute();
const outboxSize = async (device: TestDevice) => (await device.db.selectFrom('outbox').select('mutation_id').execute()).length;
const localWithCode = async (device: TestDevice, code: string) => device.db.selectFrom('facilities').selectAll().where('code', '=', code).execute();

describe('mutations from the device', { timeout: 120_000 }, () => {
  it('applies a push once: a lost answer is retried without a second effect, and a replayed batch is skipped', async () => {
    const { workstation, window } = await adminWorkstation();
    // The read path is cut off, so only the push can tell the device what happened.
    workstation.network.blockShapes = true;
    workstation.network.dropPushAnswers = 1;
    const saved = await workstation.invoke(window, 'facility.save', facilityInput('LOST-1'));
    expect(saved.ok).toBe(true);
    // The server processed the first push, but its answer never arrived; the device pushes again.
    const pushesOf = () => workstation.network.pushes.filter((push) => push.mutations.some((m) => (m.args as FacilityInput).code === 'LOST-1'));
    await waitFor(() => pushesOf().length >= 2, () => `the device to push again after the lost answer (pushes carrying it: ${pushesOf().length}; `
      + `last requests: ${workstation.network.requests.slice(-4).join(', ')})`);
    expect(await onServer('LOST-1')).toHaveLength(1);
    workstation.network.blockShapes = false;
    await waitFor(async () => (await outboxSize(workstation)) === 0, 'the server to confirm the change');
    const sent = pushesOf();
    const rows = await onServer('LOST-1');
    expect(rows).toHaveLength(1);
    if (saved.ok) expect(rows[0]?.id).toBe(saved.value.id);

    // Replaying the very same batch is skipped by the server.
    const userId = await userIdOf(server, 'admin');
    const clientId = await clientIdFor(workstation.db, userId, newId);
    const sync = workstation.core.sync;
    if (!sync) throw new Error('no sync engine');
    const replay = await postMutations(sync.server, userId, clientId, sent[0]?.mutations ?? []);
    expect(replay.results.map((result) => result.status)).toEqual(['duplicate']);
    expect(await onServer('LOST-1')).toHaveLength(1);
    expect(await localWithCode(workstation, 'LOST-1')).toHaveLength(1);
  });

  it("pushes the previous user's waiting changes as that user after another user signs in; their refusal reaches their own inbox", async () => {
    const { workstation, window } = await adminWorkstation();
    workstation.network.blockPushes = true;
    const template = await server.database.db.selectFrom('facilities').selectAll().orderBy('id').executeTakeFirstOrThrow();
    await server.database.db.insertInto('facilities').values({ ...template, id: newId(), code: 'SWITCH-TAKEN', name: 'Theirs' }).execute();
    expect((await workstation.invoke(window, 'facility.save', facilityInput('SWITCH-1'))).ok).toBe(true);
    const refusedInput = facilityInput('SWITCH-TAKEN', 'Mine');
    expect((await workstation.invoke(window, 'facility.save', refusedInput)).ok).toBe(true);
    expect(await outboxSize(workstation)).toBe(2);

    // A colleague signs in on the same workstation: the replica now follows their scope.
    const billing = await workstation.signIn('billing');
    const billingId = await userIdOf(server, 'billing');
    await waitFor(async () => (await workstation.db.selectFrom('client_mutations').select('user_id').execute()).every((row) => row.user_id === billingId),
      "the admin's confirmations to leave the replica", 60_000);
    workstation.network.blockPushes = false;

    // The admin's changes are sent as the admin, and settled although their confirmations are not synced here.
    await waitFor(async () => (await outboxSize(workstation)) === 0, "the admin's changes to leave the outbox", 60_000);
    await converged(server, workstation, billingId, await manifestFor(server, billingId), 60_000);
    const applied = await onServer('SWITCH-1');
    expect(applied).toHaveLength(1);
    const adminId = await userIdOf(server, 'admin');
    expect(applied[0]?.created_by).toBe(adminId);
    expect((await onServer('SWITCH-TAKEN')).map((row) => row.name)).toEqual(['Theirs']);
    const issues = await workstation.db.selectFrom('sync_issues').selectAll().execute();
    expect(issues.map((issue) => [issue.user_id, issue.name, issue.code, issue.status])).toEqual([[adminId, 'facility.save', 'conflict', 'open']]);
    // Not the colleague's issue to see; the status shows nothing waiting.
    const theirs = await workstation.invoke(billing, 'sync.issues', {});
    expect(theirs.ok && theirs.value).toEqual([]);
    const status = await workstation.invoke(billing, 'sync.status', {});
    expect(status.ok && status.value.pending).toBe(0);

    // Back as the admin: the refusal is in their inbox, once, with its input and reason.
    const again = await workstation.signIn('admin');
    await converged(server, workstation, adminId, await manifestFor(server, adminId), 60_000);
    const inbox = await workstation.invoke(again, 'sync.issues', {});
    expect(inbox.ok && inbox.value.map((issue) => ({ args: issue.args, code: issue.code, fields: issue.fields }))).toEqual([
      { args: refusedInput, code: 'conflict', fields: [{ path: 'code', message: 'Already used by another facility' }] },
    ]);
  }, 300_000);

  it('survives a crash between the local commit and the push: after restart it is applied exactly once', async () => {
    const { workstation, window } = await adminWorkstation();
    workstation.network.blockPushes = true;
    const saved = await workstation.invoke(window, 'facility.save', facilityInput('CRASH-1'));
    expect(saved.ok).toBe(true);
    expect(await outboxSize(workstation)).toBe(1);
    expect(await onServer('CRASH-1')).toHaveLength(0);

    const restarted = await workstation.restart();
    devices.push(restarted);
    restarted.network.blockPushes = false;
    // Nobody signs in: the workstation resumes with its stored token and pushes the durable outbox.
    await waitFor(async () => (await outboxSize(restarted)) === 0, 'the outbox to drain after restart');
    const rows = await onServer('CRASH-1');
    expect(rows).toHaveLength(1);
    expect((await localWithCode(restarted, 'CRASH-1')).map((row) => row.id)).toEqual(rows.map((row) => row.id));
  });

  it('moves a refused change to the sync-issues inbox with its input and reason, and undoes its optimistic effect', async () => {
    const { workstation, window } = await adminWorkstation();
    workstation.network.offline = true;
    // Meanwhile another workstation took the code on the server.
    const template = await server.database.db.selectFrom('facilities').selectAll().orderBy('id').executeTakeFirstOrThrow();
    await server.database.db.insertInto('facilities').values({ ...template, id: newId(), code: 'TAKEN-1', name: 'Theirs' }).execute();

    const mine = facilityInput('TAKEN-1', 'Mine');
    const saved = await workstation.invoke(window, 'facility.save', mine);
    expect(saved.ok).toBe(true);
    const listed = await workstation.invoke(window, 'facility.list', {});
    expect(listed.ok && listed.value.filter((f) => f.code === 'TAKEN-1').map((f) => f.name)).toEqual(['Mine']);

    workstation.network.offline = false;
    const issues = await waitFor(async () => {
      const result = await workstation.invoke(window, 'sync.issues', {});
      return result.ok && result.value.length > 0 ? result.value : null;
    }, 'the refusal to reach the inbox');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ name: 'facility.save', args: mine, code: 'conflict', message: 'Another facility already uses that code.', status: 'open' });
    expect(issues[0]?.fields).toEqual([{ path: 'code', message: 'Already used by another facility' }]);
    const after = await workstation.invoke(window, 'facility.list', {});
    expect(after.ok && after.value.filter((f) => f.code === 'TAKEN-1').map((f) => f.name)).toEqual(['Theirs']);
    expect(await outboxSize(workstation)).toBe(0);
    const status = await workstation.invoke(window, 'sync.status', {});
    expect(status.ok && status.value).toMatchObject({ pending: 0, openIssues: 1 });

    // Retrying unchanged fails here already and keeps the issue; discarding needs a confirmation.
    const unchanged = await workstation.invoke(window, 'sync.retryIssue', { id: issues[0]?.id as string, args: mine });
    expect(unchanged.ok ? 'ok' : unchanged.error.code).toBe('conflict');
    const unconfirmed = await workstation.core.router.dispatch(window, 'sync.discardIssue', { id: issues[0]?.id });
    expect(unconfirmed.ok ? 'ok' : unconfirmed.error.code).toBe('invalid_input');

    // Retry after editing the code: a new change, applied on the server; the issue is resolved and kept.
    const retried = await workstation.invoke(window, 'sync.retryIssue', { id: issues[0]?.id as string, args: { ...mine, code: 'MINE-2' } });
    expect(retried.ok && retried.value.status).toBe('resolved');
    await waitFor(async () => (await onServer('MINE-2')).length === 1 && (await outboxSize(workstation)) === 0, 'the edited change to be applied');
    const open = await workstation.invoke(window, 'sync.issues', {});
    expect(open.ok && open.value).toEqual([]);
    const all = await workstation.invoke(window, 'sync.issues', { includeClosed: true });
    expect(all.ok && all.value.map((issue) => issue.status)).toEqual(['resolved']);
  });

  it('two offline workstations save the same facility code: one stands, the other gets it in its inbox, both converge', async () => {
    const [first, second] = await Promise.all([adminWorkstation(), adminWorkstation()]);
    first.workstation.network.offline = true;
    second.workstation.network.offline = true;
    expect((await first.workstation.invoke(first.window, 'facility.save', facilityInput('TWIN-1', 'From first'))).ok).toBe(true);
    expect((await second.workstation.invoke(second.window, 'facility.save', facilityInput('TWIN-1', 'From second'))).ok).toBe(true);
    first.workstation.network.offline = false;
    second.workstation.network.offline = false;

    const both = [first, second];
    await waitFor(async () => {
      for (const { workstation } of both) if ((await outboxSize(workstation)) > 0) return false;
      return true;
    }, 'both outboxes to drain');
    const stored = await onServer('TWIN-1');
    expect(stored).toHaveLength(1);
    const issues = await Promise.all(both.map(async ({ workstation, window }) => {
      const result = await workstation.invoke(window, 'sync.issues', {});
      return result.ok ? result.value : [];
    }));
    expect(issues.flat()).toHaveLength(1);
    const loser = issues[0]?.length === 1 ? 'first' : 'second';
    const winnerName = loser === 'first' ? 'From second' : 'From first';
    expect(stored[0]?.name).toBe(winnerName);
    expect(issues.flat()[0]).toMatchObject({ code: 'conflict', args: facilityInput('TWIN-1', loser === 'first' ? 'From first' : 'From second') });

    const userId = await userIdOf(server, 'admin');
    const tables = await manifestFor(server, userId);
    for (const { workstation } of both) {
      await converged(server, workstation, userId, tables);
    }
  });
});

describe('shape rotation', { timeout: 120_000 }, () => {
  it('replaces every table after a 409 without losing a change still waiting to be pushed', async () => {
    const { workstation, window } = await adminWorkstation();
    workstation.network.blockPushes = true;
    const saved = await workstation.invoke(window, 'facility.save', facilityInput('PEND-409', 'Pending through a resync'));
    expect(saved.ok).toBe(true);
    const other = await server.database.db.selectFrom('facilities').select('id').orderBy('id').executeTakeFirstOrThrow();
    await server.database.db.updateTable('facilities').set({ name: 'Renamed before the rotation', updated_at: Date.now() }).where('id', '=', other.id).execute();
    // The server rotates every shape (a new generation): each stream gets 409 and must refetch.
    await server.database.db.insertInto('server_settings').values({ key: 'shape_generation', value: '2' })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: '2' })).execute();

    await waitFor(async () => {
      const positions = await workstation.db.selectFrom('shape_positions').select('handle').execute();
      return positions.length > 0 && positions.every((position) => /^[0-9a-f]+-2-\d+$/.test(position.handle ?? ''));
    }, 'every table to be replaced under the new handle', 60_000); // a held long-poll learns of the rotation when it ends (20 s), then 35 tables are refetched
    const listed = await workstation.invoke(window, 'facility.list', {});
    const names = listed.ok ? listed.value.map((f) => f.name) : [];
    expect(names).toContain('Renamed before the rotation');
    expect(names).toContain('Pending through a resync');
    const serverCount = (await server.database.db.selectFrom('facilities').select('id').execute()).length;
    expect((await workstation.db.selectFrom('facilities').select('id').execute()).length).toBe(serverCount + 1);

    workstation.network.blockPushes = false;
    await waitFor(async () => (await outboxSize(workstation)) === 0, 'the pending change to be confirmed');
    expect(await onServer('PEND-409')).toHaveLength(1);
    const userId = await userIdOf(server, 'admin');
    await converged(server, workstation, userId, await manifestFor(server, userId));
    // The new snapshots waited on disk and were swapped in: nothing is left staged.
    expect(await workstation.db.selectFrom('shape_staging').select('seq').execute()).toEqual([]);
  });

  it('starts a replacement cut short by a crash over, from rows it had staged on disk', async () => {
    const { workstation } = await adminWorkstation();
    const userId = await userIdOf(server, 'admin');
    const tables = await manifestFor(server, userId);
    await converged(server, workstation, userId, tables);
    // A crash in the middle of a replacement: part of a new snapshot staged, its position never stored.
    const facility = await workstation.db.selectFrom('facilities').selectAll().orderBy('id').executeTakeFirstOrThrow();
    await workstation.db.insertInto('shape_staging')
      .values({ seq: 1, table_name: 'facilities', operation: 'insert', row_json: JSON.stringify({ ...facility, name: 'Half of a snapshot' }) })
      .execute();
    const restarted = await workstation.restart();
    devices.push(restarted);
    await restarted.signIn('admin');
    await waitFor(async () => (await restarted.db.selectFrom('shape_staging').select('seq').execute()).length === 0, 'the staged rows to be discarded');
    await converged(server, restarted, userId, tables);
    const names = (await restarted.db.selectFrom('facilities').select('name').execute()).map((row) => row.name);
    expect(names).not.toContain('Half of a snapshot');
  }, 300_000);
});

describe('passwords', { timeout: 120_000 }, () => {
  it('sets a password on the server when online, and refuses plainly when offline', async () => {
    const { workstation, window } = await adminWorkstation();
    const userId = await userIdOf(server, 'desk.west');
    const newPassword = 'a brand new long password';
    const set = await workstation.invoke(window, 'user.setPassword', { userId, password: newPassword });
    expect(set.ok).toBe(true);
    const login = (password: string) => fetch(`${server.url}/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'desk.west', password, deviceId: newId() }),
    });
    expect((await login(newPassword)).status).toBe(200);
    expect((await login(DEMO_PASSWORD)).status).toBe(401);

    workstation.network.offline = true;
    const offline = await workstation.invoke(window, 'user.setPassword', { userId, password: 'yet another long password' });
    expect(offline.ok ? null : offline.error).toMatchObject({ code: 'unavailable', message: 'Setting a password needs a connection to the clinic server.' });
  });
});
