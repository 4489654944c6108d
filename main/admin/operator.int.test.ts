import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperatorClinic } from '../../shared/admin/operator.contract';
import { loadIdentity } from '../../shared/auth/identity.repository';
import { syncedTables, type SyncedTableName } from '../../shared/db/tables';
import { AUTHENTICATED } from '../../shared/ipc/channel';
import { CHANNEL_NAMES, channels } from '../../shared/ipc/contract';
import { shapeRules } from '../../shared/sync/shape-rules';
import { sharedView } from '../../server/auth/session';
import { startTestServer, type TestServer } from '../../test/support/sync-server';
import { caughtUp, closeAll, openDevice, replicaRows, userIdOf, waitFor, type TestDevice } from '../../test/support/sync-device';
import type { Caller } from '../ipc/router';

/*
 * The operator (super admin) against a real sync server and Postgres: clinics and their admins are
 * managed on the server, the operator's workstation holds no PHI, and every PHI channel refuses them.
 */

let server: TestServer;
const devices: TestDevice[] = [];
let operatorDevice: TestDevice;
let operator: Caller;

beforeAll(async () => {
  server = await startTestServer();
  operatorDevice = await openDevice(server);
  devices.push(operatorDevice);
  operator = await operatorDevice.signIn('superadmin');
  await caughtUp(operatorDevice);
}, 180_000);
afterAll(async () => closeAll(server, devices), 120_000);

/** Tables an operator's replica may hold, and which of their rows: their own login and their own sync state. */
const OPERATOR_TABLES: Partial<Record<SyncedTableName, string>> = {
  clinics: 'the clinic their login belongs to (name and policies)',
  users: 'their own user row',
  user_roles: 'their own roles',
  user_facilities: 'their own facility links (none)',
  messages: 'messages addressed to them',
  audit_log: 'their own workstation’s entries, written locally',
  client_mutations: 'their own mutation counter',
  mutation_results: 'answers to their own mutations',
};

async function signInWith(device: TestDevice, username: string, password: string): Promise<{ caller: Caller; ok: boolean; code: string | null }> {
  const caller: Caller = { transport: 'bridge', windowKey: `window-${username}-${Math.random().toString(36).slice(2)}` };
  const result = await device.core.router.dispatch(caller, 'auth.login', { username, password });
  return { caller, ok: result.ok, code: result.ok ? null : result.error.code };
}

async function loginStatus(username: string, password: string): Promise<number> {
  const response = await fetch(`${server.url}/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, deviceId: crypto.randomUUID() }),
  });
  await response.text();
  return response.status;
}

describe('the operator holds no PHI', { timeout: 180_000 }, () => {
  it("receives no shape of any table outside the operator's own rows", async () => {
    const userId = await userIdOf(server, 'superadmin');
    const identity = await loadIdentity(sharedView(server.database.db), userId);
    if (!identity) throw new Error('no operator');
    for (const table of Object.keys(syncedTables) as SyncedTableName[]) {
      const rule = shapeRules[table](identity.subject, 'client');
      if (OPERATOR_TABLES[table] === undefined) expect(rule, `${table} must not be synced to the operator`).toBeNull();
    }
  });

  it("keeps the operator's replica free of patients, cases, appointments, invoices, documents and others' audit entries after sync", async () => {
    const db = server.database.db;
    const userId = await userIdOf(server, 'superadmin');
    // The server does hold PHI of the operator's clinic: the replica's emptiness is the scope, not an empty clinic.
    for (const table of ['patients', 'cases', 'appointments', 'invoices', 'referrals', 'insurance_policies'] as const) {
      const { n } = await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      expect(Number(n), `the demo has ${table}`).toBeGreaterThan(0);
    }
    for (const table of Object.keys(syncedTables) as SyncedTableName[]) {
      const rows = await replicaRows(operatorDevice, table);
      if (OPERATOR_TABLES[table] === undefined) {
        expect(rows, `replica table ${table}`).toEqual([]);
        continue;
      }
      if (table === 'users') expect(rows.map((row) => row.id)).toEqual([userId]);
      if (table === 'user_roles' || table === 'user_facilities') expect(rows.every((row) => row.user_id === userId)).toBe(true);
      if (table === 'messages') expect(rows.every((row) => row.recipient_user_id === userId)).toBe(true);
      if (table === 'audit_log') {
        expect(rows.every((row) => row.user_id === userId || row.user_id === null), 'only the operator’s own entries').toBe(true);
        expect(rows.every((row) => row.patient_id === null), 'no entry about a patient').toBe(true);
      }
    }
  });

  it('refuses the operator on every channel that reads or writes PHI (derived from the contract)', async () => {
    const phiChannels = CHANNEL_NAMES.filter((name) => channels[name].phi !== 'none');
    const guarded = phiChannels.filter((name) => channels[name].permission !== AUTHENTICATED);
    expect(guarded.length).toBeGreaterThan(10);
    for (const name of guarded) {
      // Permission is checked before input validation, so an empty input is enough to be refused.
      const result = await operatorDevice.core.router.dispatch(operator, name, {});
      expect(result.ok ? 'ok' : result.error.code, name).toBe('forbidden');
    }
    // Channels open to every signed-in user work on the caller's own records (their sync issues): the
    // operator has written no PHI, so they answer nothing.
    for (const name of phiChannels.filter((channel) => channels[channel].permission === AUTHENTICATED)) {
      const result = await operatorDevice.core.router.dispatch(operator, name, {});
      if (result.ok) expect(result.value, name).toEqual([]);
      else expect(['invalid_input', 'not_found'], name).toContain(result.error.code);
    }
  });

  it('lets the operator call only channels without PHI', () => {
    for (const name of CHANNEL_NAMES) {
      const permission = channels[name].permission as string;
      if (permission === 'clinics.manage' || permission === 'clinic.read') expect(channels[name].phi, name).toBe('none');
    }
  });
});

describe('clinics and their admins', { timeout: 180_000 }, () => {
  let created: OperatorClinic;

  it('lists the clinics on the server with their admins', async () => {
    const result = await operatorDevice.invoke(operator, 'operator.clinics', {});
    if (!result.ok) throw new Error(result.error.message);
    const demo = result.value.find((clinic) => clinic.id === server.clinicId);
    expect(demo?.admins.map((admin) => admin.username)).toContain('admin');
    expect(demo?.facilityCount).toBeGreaterThan(0);
    expect(JSON.stringify(result.value)).not.toMatch(/patient|mrn|date_of_birth/i);
  });

  it('creates a clinic with its first admin, who signs in with the temporary password on their own workstation', async () => {
    const result = await operatorDevice.invoke(operator, 'operator.createClinic', {
      name: 'Lakeside Spine', defaultTimeZone: 'America/Chicago',
      admin: { username: 'lakeside.admin', displayName: 'Lee Park', email: 'lee@lakeside.example', temporaryPassword: 'lakeside temporary 1' },
    });
    if (!result.ok) throw new Error(`${result.error.code} ${result.error.message}`);
    created = result.value;
    expect(created.name).toBe('Lakeside Spine');
    expect(created.defaultTimeZone).toBe('America/Chicago');
    expect(created.admins).toEqual([expect.objectContaining({ username: 'lakeside.admin', displayName: 'Lee Park', isActive: true })]);

    const stored = await server.database.db.selectFrom('clinics').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored.idle_timeout_minutes).toBe(15);

    const workstation = await openDevice(server);
    devices.push(workstation);
    const signIn = await signInWith(workstation, 'lakeside.admin', 'lakeside temporary 1');
    expect(signIn.code).toBeNull();
    // A temporary password: until the admin chooses their own, main answers nothing else.
    const session = await workstation.invoke(signIn.caller, 'auth.session', {});
    expect(session.ok && session.value?.mustChangePassword).toBe(true);
    const early = await workstation.invoke(signIn.caller, 'user.list', {});
    expect(early.ok ? 'ok' : early.error.code).toBe('password_change_required');
    const chosen = await workstation.invoke(signIn.caller, 'auth.changePassword', { currentPassword: 'lakeside temporary 1', newPassword: 'lakeside admin own passphrase' });
    expect(chosen.ok ? chosen.value.mustChangePassword : chosen.error.code).toBe(false);
    await caughtUp(workstation);
    const clinics = await replicaRows(workstation, 'clinics');
    expect(clinics.map((row) => row.name)).toEqual(['Lakeside Spine']);
    // A clinic of its own: none of the demo clinic's rows reach it.
    expect(await replicaRows(workstation, 'patients')).toEqual([]);
    const users = await workstation.invoke(signIn.caller, 'user.list', {});
    expect(users.ok && users.value.map((user) => user.username)).toEqual(['lakeside.admin']);

    // Usernames are unique across clinics: a login named like one of the demo clinic's is refused by the
    // server (this replica cannot know it is taken), nothing of it is stored there, and the admin is told.
    const clash = await workstation.invoke(signIn.caller, 'user.save', {
      username: 'desk.east', displayName: 'Another desk', email: null, isActive: true, roles: ['front_desk'], facilityIds: [],
      physicianId: null, attorneyId: null, referringDoctorId: null, password: 'a long enough password',
    });
    expect(clash.ok ? 'ok' : clash.error.code).toBe('not_found');
    const issues = await waitFor(async () => {
      const rows = await workstation.db.selectFrom('sync_issues').select(['name', 'code', 'message']).execute();
      return rows.length > 0 ? rows : null;
    }, 'the refusal to reach the workstation');
    expect(issues).toEqual([{ name: 'user.save', code: 'conflict', message: 'That username is taken.' }]);
    const namesakes = await server.database.db.selectFrom('users').select('clinic_id').where('username', '=', 'desk.east').execute();
    expect(namesakes.map((row) => row.clinic_id)).not.toContain(created.id);

    // The operator's own audit trail names the clinic and the login, never the password.
    const entries = await replicaRows(operatorDevice, 'audit_log');
    const entry = entries.find((row) => row.action === 'operator.createClinic');
    expect(entry?.entity_id).toBe(created.id);
    expect(String(entry?.detail_json)).toContain('lakeside.admin');
    expect(String(entry?.detail_json)).not.toContain('temporary');
  });

  it('refuses a username taken in any clinic, and bad input, and writes nothing', async () => {
    const countClinics = async () => Number((await server.database.db.selectFrom('clinics').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await countClinics();
    const taken = await operatorDevice.invoke(operator, 'operator.createClinic', {
      name: 'Copycat Clinic', defaultTimeZone: 'America/Denver',
      admin: { username: 'admin', displayName: 'Someone', email: null, temporaryPassword: 'long enough password' },
    });
    expect(taken.ok ? 'ok' : taken.error.code).toBe('conflict');
    if (!taken.ok) expect(taken.error.fields?.map((field) => field.path)).toEqual(['admin.username']);
    const bad = await operatorDevice.invoke(operator, 'operator.createClinic', {
      name: ' ', defaultTimeZone: 'Mars/Olympus',
      admin: { username: 'x', displayName: 'Someone', email: null, temporaryPassword: 'short' },
    });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('invalid_input');
    if (!bad.ok) expect(bad.error.fields?.map((field) => field.path).sort()).toEqual(['admin.temporaryPassword', 'admin.username', 'defaultTimeZone', 'name']);
    expect(await countClinics()).toBe(before);
  });

  it("adds a second admin, resets an admin's password and deactivates an admin", async () => {
    const added = await operatorDevice.invoke(operator, 'operator.saveAdmin', {
      kind: 'create', clinicId: created.id,
      admin: { username: 'lakeside.second', displayName: 'Ada Moss', email: null, temporaryPassword: 'second temporary 1' },
    });
    if (!added.ok) throw new Error(added.error.message);
    expect(added.value.admins.map((admin) => admin.username).sort()).toEqual(['lakeside.admin', 'lakeside.second']);
    const second = added.value.admins.find((admin) => admin.username === 'lakeside.second');
    if (!second) throw new Error('no second admin');
    expect(await loginStatus('lakeside.second', 'second temporary 1')).toBe(200);

    const reset = await operatorDevice.invoke(operator, 'operator.resetAdminPassword', { clinicId: created.id, userId: second.id, temporaryPassword: 'second temporary 2' });
    expect(reset.ok).toBe(true);
    expect(await loginStatus('lakeside.second', 'second temporary 1')).toBe(401);
    expect(await loginStatus('lakeside.second', 'second temporary 2')).toBe(200);

    const deactivated = await operatorDevice.invoke(operator, 'operator.saveAdmin', {
      kind: 'update', clinicId: created.id, userId: second.id, displayName: 'Ada Moss', email: null, isActive: false,
    });
    if (!deactivated.ok) throw new Error(deactivated.error.message);
    expect(deactivated.value.admins.find((admin) => admin.id === second.id)?.isActive).toBe(false);
    expect(await loginStatus('lakeside.second', 'second temporary 2')).toBe(403);

    // An admin of the wrong clinic, or a login that is not a clinic admin, is not the operator's to change.
    const wrongClinic = await operatorDevice.invoke(operator, 'operator.resetAdminPassword', { clinicId: server.clinicId, userId: second.id, temporaryPassword: 'whatever long one' });
    expect(wrongClinic.ok ? 'ok' : wrongClinic.error.code).toBe('not_found');
    const physician = await userIdOf(server, 'dr.patel');
    const notAdmin = await operatorDevice.invoke(operator, 'operator.resetAdminPassword', { clinicId: server.clinicId, userId: physician, temporaryPassword: 'whatever long one' });
    expect(notAdmin.ok ? 'ok' : notAdmin.error.code).toBe('not_found');
  });

  it('refuses every operator channel and endpoint to a clinic admin', async () => {
    const workstation = await openDevice(server);
    devices.push(workstation);
    const admin = await workstation.signIn('admin');
    for (const name of CHANNEL_NAMES.filter((channel) => channels[channel].permission === 'clinics.manage')) {
      const result = await workstation.core.router.dispatch(admin, name, {});
      expect(result.ok ? 'ok' : result.error.code, name).toBe('forbidden');
    }
    const tokens = await server.login('admin');
    const list = await fetch(`${server.url}/v1/operator/clinics`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
    expect(list.status).toBe(403);
    const create = await fetch(`${server.url}/v1/operator/clinics`, {
      method: 'POST', headers: { authorization: `Bearer ${tokens.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Rogue', defaultTimeZone: 'UTC', admin: { username: 'rogue.admin', displayName: 'R', email: null, temporaryPassword: 'long enough password' } }),
    });
    expect(create.status).toBe(403);
    expect(await server.database.db.selectFrom('users').select('id').where('username', '=', 'rogue.admin').executeTakeFirst()).toBeUndefined();
  });

  it('answers unavailable, not an empty list, when the server cannot be reached', async () => {
    operatorDevice.network.offline = true;
    try {
      const result = await operatorDevice.invoke(operator, 'operator.clinics', {});
      expect(result.ok ? 'ok' : result.error.code).toBe('unavailable');
    } finally {
      operatorDevice.network.offline = false;
    }
  });
});
