import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditCheckReport } from '../../shared/audit/audit-wire';
import { newId } from '../../shared/ids';
import { closeAll, openDevice, waitFor, type TestDevice } from '../../test/support/sync-device';
import { startTestServer, type TestServer } from '../../test/support/sync-server';
import type { Caller } from '../ipc/router';
import { verifiedHead } from '../../server/audit/audit-verify';

/**
 * The audit trail end to end: workstations hand in their hash-chained entries, the server verifies them
 * on receipt and on demand, and what it finds reaches the clinic admins. Tampering is done the way an
 * attacker would: on the workstation's SQLite file (lifting its guard triggers) before the entries
 * leave it, and in Postgres by someone who can disable its triggers.
 */
let server: TestServer;
let device: TestDevice;
let admin: Caller;
const devices: TestDevice[] = [];

beforeAll(async () => {
  server = await startTestServer();
  device = await openDevice(server);
  devices.push(device);
  admin = await device.signIn('admin');
}, 180_000);
afterAll(async () => closeAll(server, devices), 60_000);

const pg = () => server.database.db;

/**
 * Makes `count` audited calls of a PHI channel on the workstation (the audit viewer): reads for a clinic
 * admin, `access.denied` entries for anyone else.
 */
async function readSomething(count: number, on: TestDevice = device, caller: Caller = admin): Promise<void> {
  for (let i = 0; i < count; i++) {
    const result = await on.invoke(caller, 'audit.list', { limit: 1 });
    expect(result.ok ? 'ok' : result.error.code).toBe(caller === admin ? 'ok' : 'forbidden');
  }
}

async function deviceSeqs(on: TestDevice = device): Promise<number[]> {
  const rows = await on.db.selectFrom('audit_log').select('seq').where('device_id', '=', on.core.deviceId).orderBy('seq').execute();
  return rows.map((row) => row.seq);
}

async function serverEntries(deviceId: string) {
  return pg().selectFrom('audit_log').selectAll().where('device_id', '=', deviceId).orderBy('seq').execute();
}

async function findingsOf(deviceId: string) {
  return pg().selectFrom('audit_findings').select(['seq', 'problem', 'detected_by']).where('device_id', '=', deviceId).orderBy('seq').orderBy('problem').execute();
}

/** As a clinic admin over HTTP, with a token of the workstation's own. */
async function adminToken(): Promise<string> {
  return (await server.login('admin', device.core.deviceId)).accessToken;
}

async function check(token: string): Promise<{ status: number; body: AuditCheckReport & { code?: string } }> {
  const response = await fetch(`${server.url}/v1/admin/audit/check`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as AuditCheckReport & { code?: string } };
}

/**
 * Runs `work` in Postgres with every trigger lifted for the transaction (the append-only guard and the
 * change capture), as a database superuser could: no table lock, no trace in the change log.
 */
async function tamperInPostgres(work: (db: ReturnType<typeof pg>) => Promise<unknown>): Promise<void> {
  await pg().transaction().execute(async (tx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(tx);
    await work(tx);
  });
}

describe('audit entries reach the server and are verified on receipt', () => {
  it('an intact chain is stored as sent, verified to its last entry, and finds nothing', async () => {
    await readSomething(3);
    await device.core.sync!.uploadAudit();
    const local = await device.db.selectFrom('audit_log').selectAll().where('device_id', '=', device.core.deviceId).orderBy('seq').execute();
    const stored = await serverEntries(device.core.deviceId);
    expect(stored.map((row) => row.hash)).toEqual(local.map((row) => row.hash));
    expect(stored.length).toBeGreaterThanOrEqual(3);
    expect(await verifiedHead(pg(), device.core.deviceId)).toEqual({ seq: local.at(-1)!.seq, hash: local.at(-1)!.hash });
    expect(await findingsOf(device.core.deviceId)).toEqual([]);
  }, 60_000);

  it('entries made while offline are handed in by themselves once the server answers again', async () => {
    device.network.offline = true;
    await readSomething(3);
    await waitFor(async () => !(await device.core.sync!.status()).online, 'the workstation notices it is offline');
    const last = (await deviceSeqs()).at(-1)!;
    expect((await serverEntries(device.core.deviceId)).some((row) => row.seq === last)).toBe(false);
    device.network.offline = false;
    await waitFor(async () => (await serverEntries(device.core.deviceId)).some((row) => row.seq === last), 'the offline entries reach the server');
  }, 60_000);

  it('a resend after a lost answer stores nothing twice', async () => {
    const before = (await serverEntries(device.core.deviceId)).length;
    const rows = await device.db.selectFrom('audit_log').selectAll().where('device_id', '=', device.core.deviceId).orderBy('seq').limit(2).execute();
    const token = await adminToken();
    const response = await fetch(`${server.url}/v1/audit/entries`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ entries: rows }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ stored: 0, findings: [] });
    expect((await serverEntries(device.core.deviceId)).length).toBe(before);
  }, 60_000);

  it('an entry altered on the workstation before it was handed in is reported as altered', async () => {
    device.network.offline = true;
    await readSomething(5);
    const seqs = await deviceSeqs();
    const middle = seqs.at(-3)!;
    const sqlite = device.core.replica!.sqlite;
    sqlite.exec('DROP TRIGGER audit_log_no_update');
    sqlite.prepare(`UPDATE audit_log SET action = 'clinic.get' WHERE device_id = ? AND seq = ?`).run(device.core.deviceId, middle);
    device.network.offline = false;
    const report = await device.core.sync!.uploadAudit();
    expect(report.findings).toContainEqual({ seq: middle, problem: 'altered' });
    expect(await findingsOf(device.core.deviceId)).toContainEqual({ seq: middle, problem: 'altered', detected_by: 'receipt' });
  }, 60_000);

  it('an entry deleted on the workstation before it was handed in is reported as a gap', async () => {
    device.network.offline = true;
    await readSomething(5);
    const seqs = await deviceSeqs();
    const deleted = seqs.at(-3)!;
    const sqlite = device.core.replica!.sqlite;
    sqlite.exec('DROP TRIGGER audit_log_no_delete');
    sqlite.prepare('DELETE FROM audit_log WHERE device_id = ? AND seq = ?').run(device.core.deviceId, deleted);
    device.network.offline = false;
    const report = await device.core.sync!.uploadAudit();
    expect(report.findings).toContainEqual({ seq: deleted, problem: 'gap' });
    expect(report.findings).toContainEqual({ seq: deleted + 1, problem: 'broken_link' });
    expect(await findingsOf(device.core.deviceId)).toContainEqual({ seq: deleted, problem: 'gap', detected_by: 'receipt' });
  }, 60_000);
});

describe('the on-demand check (POST /v1/admin/audit/check)', () => {
  let clean: TestDevice;
  let desk: Caller;

  beforeAll(async () => {
    clean = await openDevice(server);
    devices.push(clean);
    desk = await clean.signIn('desk.east');
    await readSomething(8, clean, desk);
    await clean.core.sync!.uploadAudit();
    expect((await serverEntries(clean.core.deviceId)).length).toBeGreaterThanOrEqual(8);
  }, 180_000);

  it('is for clinic admins only', async () => {
    const token = (await server.login('desk.east', clean.core.deviceId)).accessToken;
    const { status, body } = await check(token);
    expect(status).toBe(403);
    expect(body.code).toBe('forbidden');
    const findings = await fetch(`${server.url}/v1/admin/audit/findings`, { headers: { authorization: `Bearer ${token}` } });
    expect(findings.status).toBe(403);
  }, 60_000);

  it('a clean chain checks clean', async () => {
    const { status, body } = await check(await adminToken());
    expect(status).toBe(200);
    expect(body.devices).toBeGreaterThanOrEqual(2);
    expect(body.findings.filter((f) => f.deviceId === clean.core.deviceId)).toEqual([]);
  }, 60_000);

  it('a middle entry altered in Postgres after receipt is found, and reported once', async () => {
    const entries = await serverEntries(clean.core.deviceId);
    const middle = entries[Math.floor(entries.length / 2)]!;
    await tamperInPostgres((db) => db.updateTable('audit_log').set({ action: 'clinic.get' }).where('id', '=', middle.id).execute());
    const first = await check(await adminToken());
    expect(first.body.findings).toContainEqual({ deviceId: clean.core.deviceId, seq: middle.seq, problem: 'altered', isNew: true });
    const again = await check(await adminToken());
    expect(again.body.findings).toContainEqual({ deviceId: clean.core.deviceId, seq: middle.seq, problem: 'altered', isNew: false });
    expect((await findingsOf(clean.core.deviceId)).filter((f) => f.seq === middle.seq)).toEqual([{ seq: middle.seq, problem: 'altered', detected_by: 'check' }]);
  }, 60_000);

  it('a middle entry deleted in Postgres is found as a gap, the removed tail as truncated', async () => {
    const entries = await serverEntries(clean.core.deviceId);
    const victim = entries[2]!;
    const last = entries.at(-1)!;
    await tamperInPostgres((db) => db.deleteFrom('audit_log').where('id', 'in', [victim.id, last.id]).execute());
    const { body } = await check(await adminToken());
    const mine = body.findings.filter((f) => f.deviceId === clean.core.deviceId);
    expect(mine).toContainEqual({ deviceId: clean.core.deviceId, seq: victim.seq, problem: 'gap', isNew: true });
    expect(mine).toContainEqual({ deviceId: clean.core.deviceId, seq: victim.seq + 1, problem: 'broken_link', isNew: true });
    expect(mine).toContainEqual({ deviceId: clean.core.deviceId, seq: last.seq, problem: 'truncated', isNew: true });
  }, 60_000);

  it('a chain re-hashed consistently after receipt still differs from the verified head', async () => {
    const entries = await serverEntries(clean.core.deviceId);
    const head = await verifiedHead(pg(), clean.core.deviceId);
    // Replace the whole chain with a forged one whose hashes all recompute: only the stored head tells.
    const { chainHash, GENESIS_HASH } = await import('../../shared/audit/audit-chain');
    const { sha256Hex } = await import('../../server/audit/audit-verify');
    let prev = GENESIS_HASH;
    const forged = Array.from({ length: head!.seq }, (_, index) => {
      const fields = { ...entries[index % entries.length]!, id: newId(), seq: index + 1, action: 'clinic.get' };
      const hash = chainHash(sha256Hex, prev, fields);
      const row = { ...fields, prev_hash: prev, hash };
      prev = hash;
      return row;
    });
    await tamperInPostgres(async (db) => {
      await db.deleteFrom('audit_log').where('device_id', '=', clean.core.deviceId).execute();
      await db.insertInto('audit_log').values(forged).execute();
    });
    const { body } = await check(await adminToken());
    const mine = body.findings.filter((f) => f.deviceId === clean.core.deviceId);
    expect(mine).toContainEqual({ deviceId: clean.core.deviceId, seq: head!.seq, problem: 'altered', isNew: true });
    // The forged chain is internally consistent: nothing else gives it away.
    expect(mine.filter((f) => f.isNew)).toEqual([{ deviceId: clean.core.deviceId, seq: head!.seq, problem: 'altered', isNew: true }]);
  }, 60_000);

  it('findings reach the clinic admin: the findings endpoint and the admin workstation replica', async () => {
    const token = await adminToken();
    const response = await fetch(`${server.url}/v1/admin/audit/findings`, { headers: { authorization: `Bearer ${token}` } });
    const { findings } = (await response.json()) as { findings: { deviceId: string; problem: string }[] };
    expect(findings.some((f) => f.deviceId === clean.core.deviceId && f.problem === 'truncated')).toBe(true);
    await waitFor(async () => {
      const rows = await device.db.selectFrom('audit_findings').select('problem').where('device_id', '=', clean.core.deviceId).execute();
      return rows.some((row) => row.problem === 'truncated');
    }, 'the finding to reach the admin workstation');
    // In the viewer: the findings channel reads them from the replica; a check from the workstation runs on the server.
    const listed = await device.invoke(admin, 'audit.findings', {});
    expect(listed.ok && listed.value.some((f) => f.deviceId === clean.core.deviceId && f.problem === 'truncated')).toBe(true);
    const checked = await device.invoke(admin, 'audit.check', {});
    // The forged chain of the previous test is what the server holds now: found again, nothing new.
    expect(checked.ok && checked.value.findings.some((f) => f.deviceId === clean.core.deviceId && f.problem === 'altered' && !f.isNew)).toBe(true);
    // The front desk's workstation receives none of it.
    expect(await clean.db.selectFrom('audit_findings').selectAll().execute()).toEqual([]);
  }, 60_000);
});

describe('what a workstation may hand in', () => {
  it('only its own entries: another device id or clinic is refused and nothing is stored', async () => {
    const token = await adminToken();
    const rows = await device.db.selectFrom('audit_log').selectAll().where('device_id', '=', device.core.deviceId).orderBy('seq').limit(1).execute();
    const before = await pg().selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    for (const forged of [{ ...rows[0], id: newId(), device_id: newId() }, { ...rows[0], id: newId(), clinic_id: newId() }]) {
      const response = await fetch(`${server.url}/v1/audit/entries`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ entries: [forged] }),
      });
      expect(response.status).toBe(403);
    }
    const bad = await fetch(`${server.url}/v1/audit/entries`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ entries: [{ ...rows[0], hash: 'nope' }] }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('invalid_input');
    const after = await pg().selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  }, 60_000);

  it('a second, different entry for a position already taken is refused and reported as a conflict', async () => {
    const token = await adminToken();
    const [first] = await device.db.selectFrom('audit_log').selectAll().where('device_id', '=', device.core.deviceId).orderBy('seq').limit(1).execute();
    const response = await fetch(`${server.url}/v1/audit/entries`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ entries: [{ ...first, id: newId(), action: 'something.else' }] }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { findings: unknown[] }).findings).toContainEqual({ seq: first!.seq, problem: 'conflict' });
    const stored = await pg().selectFrom('audit_log').select('id').where('device_id', '=', device.core.deviceId).where('seq', '=', first!.seq).execute();
    expect(stored).toEqual([{ id: first!.id }]);
  }, 60_000);
});

describe('append-only on both databases', () => {
  it('Postgres refuses update, delete and truncate of audit_log and audit_findings', async () => {
    const [row] = await pg().selectFrom('audit_log').select('id').limit(1).execute();
    await expect(pg().updateTable('audit_log').set({ action: 'x' }).where('id', '=', row!.id).execute()).rejects.toThrow(/append-only/);
    await expect(pg().deleteFrom('audit_log').where('id', '=', row!.id).execute()).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(pg())).rejects.toThrow(/append-only/);
    expect((await pg().selectFrom('audit_findings').select('id').execute()).length).toBeGreaterThan(0);
    await expect(pg().deleteFrom('audit_findings').execute()).rejects.toThrow(/append-only/);
    await expect(pg().updateTable('audit_findings').set({ problem: 'gap' }).execute()).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_findings`.execute(pg())).rejects.toThrow(/append-only/);
  }, 60_000);
});
