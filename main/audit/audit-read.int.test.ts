import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/auth/permissions';
import { chainHash, verifyChain } from '../../shared/audit/audit-chain';
import { createClinicFixture, FIXTURE_DATE, type ClinicFixture } from '../../test/support/clinic-fixture';
import { AuthService } from '../auth/auth.service';
import { handlers } from '../ipc/handlers';
import { createRouter, type Caller, type HandlerMap, type Router } from '../ipc/router';
import { APP_ORIGIN } from '../security/app-origin';
import { AuditLog, sha256Hex } from './audit-log';

let fixture: ClinicFixture;
let router: Router;
let auditLog: AuditLog;

/**
 * The real router over the fixture's replica, with `appointment.day` wrapped the way a patient or
 * billing handler reports its reads: `ctx.auditRead` per record opened.
 */
beforeAll(async () => {
  fixture = await createClinicFixture();
  const db = fixture.db;
  const deviceId = fixture.core.deviceId;
  auditLog = new AuditLog(db, deviceId, fixture.core.replica!.sqlite);
  const withReads: HandlerMap = {
    ...handlers,
    'appointment.day': async (input, ctx) => {
      const day = await handlers['appointment.day'](input, ctx);
      if (input.facilityId === fixture.facilityB && input.date === FIXTURE_DATE) {
        // "Print the day sheet": one entry per patient on it, plus the sheet itself.
        for (const appointment of day.appointments) ctx.auditRead({ action: 'appointment.print', patientId: appointment.patientId, entityType: 'appointment', entityId: appointment.id });
        ctx.auditRead({ action: 'appointment.print', resultCount: day.appointments.length, facilityId: input.facilityId });
      }
      return day;
    },
  };
  router = createRouter({
    services: {
      db, sessions: fixture.core.sessions, auditLog, deviceId,
      auth: new AuthService({ db, deviceId, sources: [] }),
      status: () => fixture.core.status,
    },
    handlers: withReads,
    appOrigin: APP_ORIGIN,
  });
});
afterAll(async () => fixture.cleanup());

function windowFor(role: Role): Caller {
  const windowKey = `audit-read-${role}-${Math.random().toString(36).slice(2)}`;
  const user = fixture.users[role];
  fixture.core.sessions.set({
    windowKey, subject: user.subject, username: user.username, displayName: role, clinicName: 'Fixture Clinic',
    deviceId: fixture.core.deviceId, idleTimeoutMs: 15 * 60_000, lastActivityAt: Date.now(), lockedAt: null, mustChangePassword: false,
  });
  return { transport: 'bridge', windowKey };
}

async function lastEntries(count: number) {
  const rows = await fixture.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(count).execute();
  return rows.reverse();
}

describe('PHI reads are audited', () => {
  it('a PHI channel call leaves one entry with user, device, facility, time and the result count', async () => {
    const caller = windowFor('front_desk');
    const before = Date.now();
    const result = await router.dispatch(caller, 'appointment.day', { facilityId: fixture.facilityA, date: FIXTURE_DATE });
    expect(result.ok).toBe(true);
    const shown = result.ok ? (result.value as { appointments: unknown[] }).appointments.length : -1;
    expect(shown).toBe(2);
    const [entry] = await lastEntries(1);
    expect(entry).toMatchObject({
      action: 'appointment.day', user_id: fixture.users.front_desk.id, device_id: fixture.core.deviceId, facility_id: fixture.facilityA,
    });
    expect(entry!.at).toBeGreaterThanOrEqual(before);
    expect(JSON.parse(entry!.detail_json)).toMatchObject({ resultCount: 2, date: FIXTURE_DATE });
  });

  it('a search that finds nothing is logged with a count of 0', async () => {
    const result = await router.dispatch(windowFor('clinic_admin'), 'appointment.day', { facilityId: fixture.facilityB, date: '2026-12-25' });
    expect(result.ok).toBe(true);
    const [entry] = await lastEntries(1);
    expect(entry!.action).toBe('appointment.day');
    expect(JSON.parse(entry!.detail_json)).toMatchObject({ resultCount: 0 });
  });

  it('ctx.auditRead writes one entry per record read, under the action the handler names, instead of the default entry', async () => {
    const count = async () => Number((await fixture.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const countBefore = await count();
    const day = await router.dispatch(windowFor('clinic_admin'), 'appointment.day', { facilityId: fixture.facilityB, date: FIXTURE_DATE });
    expect(day.ok).toBe(true);
    // One appointment at West Side that day: one entry for its patient, one for the sheet; no `appointment.day` entry.
    expect(await count() - countBefore).toBe(2);
    const [record, sheet] = await lastEntries(2);
    expect(record).toMatchObject({ action: 'appointment.print', entity_type: 'appointment', user_id: fixture.users.clinic_admin.id });
    expect(record!.patient_id).toEqual(expect.any(String));
    expect(sheet).toMatchObject({ action: 'appointment.print', facility_id: fixture.facilityB, patient_id: null });
    expect(JSON.parse(sheet!.detail_json)).toEqual({ resultCount: 1 });
  });

  it('a refused PHI call is audited as access.denied, and the chain stays intact', async () => {
    const result = await router.dispatch(windowFor('executive'), 'appointment.day', { facilityId: fixture.facilityA, date: FIXTURE_DATE });
    expect(result.ok ? 'ok' : result.error.code).toBe('forbidden');
    const [entry] = await lastEntries(1);
    expect(entry).toMatchObject({ action: 'access.denied', user_id: fixture.users.executive.id });
    const all = await fixture.db.selectFrom('audit_log').selectAll().where('device_id', '=', fixture.core.deviceId).orderBy('seq').execute();
    expect(verifyChain(sha256Hex, all)).toEqual([]);
    expect(all.every((row) => chainHash(sha256Hex, row.prev_hash, row) === row.hash)).toBe(true);
  });
});

describe('appends in flight at once', () => {
  it('calls dispatched together each get their own entry and seq, and the chain verifies', async () => {
    const before = await lastEntries(1);
    const calls = Array.from({ length: 16 }, (_, i) =>
      router.dispatch(windowFor(i % 4 === 3 ? 'executive' : 'clinic_admin'), 'appointment.day', { facilityId: i % 2 === 0 ? fixture.facilityA : fixture.facilityB, date: FIXTURE_DATE }));
    const results = await Promise.all(calls);
    // The executive's calls are refused (and audited as access.denied); every other call succeeds.
    expect(results.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual(Array.from({ length: 16 }, (_, i) => (i % 4 === 3 ? 'forbidden' : 'ok')));
    const all = await fixture.db.selectFrom('audit_log').selectAll().where('device_id', '=', fixture.core.deviceId).orderBy('seq').execute();
    const added = all.filter((row) => row.seq > (before[0]?.seq ?? 0));
    // Per four calls: facility A's day (one entry) twice, facility B's printed sheet (two entries), a refusal (one).
    expect(added).toHaveLength(4 * (1 + 2 + 1 + 1));
    expect(added.map((row) => row.seq)).toEqual(added.map((_, i) => (before[0]?.seq ?? 0) + i + 1));
    expect(verifyChain(sha256Hex, all)).toEqual([]);
  });
});

describe('the device audit trail is append-only', () => {
  it('SQLite refuses update and delete of audit_log', async () => {
    const sqlite = fixture.core.replica!.sqlite;
    const row = sqlite.prepare('SELECT id FROM audit_log LIMIT 1').get() as { id: string };
    expect(() => sqlite.prepare(`UPDATE audit_log SET action = 'x' WHERE id = ?`).run(row.id)).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM audit_log WHERE id = ?').run(row.id)).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    await expect(fixture.db.updateTable('audit_log').set({ action: 'x' }).execute()).rejects.toThrow(/append-only/);
  });
});

describe('CSV export of the audit trail', () => {
  it('exports the filtered entries as CSV with formula cells neutralised, and the export is itself audited', async () => {
    const attacker = fixture.users.front_desk.id;
    await auditLog.append({ clinicId: fixture.clinicId, userId: attacker, action: 'patient.get', entityType: 'patient', entityId: '=HYPERLINK("http://evil.example","x")', at: Date.now() });
    const caller = windowFor('clinic_admin');
    const result = await router.dispatch(caller, 'audit.export', { userId: attacker });
    expect(result.ok).toBe(true);
    const exported = result.ok ? (result.value as { csv: string; rowCount: number; filename: string }) : null;
    const lines = exported!.csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('time_utc,user,user_id,action,record_type,record_id,patient_id,facility_id,device_id,seq,detail');
    expect(lines.length - 1).toBe(exported!.rowCount);
    // Only the front desk user's entries, the forged cell as inert text.
    expect(lines.slice(1).every((line) => line.includes(attacker))).toBe(true);
    expect(exported!.csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(exported!.filename).toMatch(/^medora-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const [entry] = await lastEntries(1);
    expect(entry).toMatchObject({ action: 'audit.export', user_id: fixture.users.clinic_admin.id });
    expect(JSON.parse(entry!.detail_json)).toMatchObject({ resultCount: exported!.rowCount, filters: { userId: attacker } });
  });

  it('is for clinic admins only', async () => {
    const result = await router.dispatch(windowFor('billing'), 'audit.export', {});
    expect(result.ok ? 'ok' : result.error.code).toBe('forbidden');
  });
});
