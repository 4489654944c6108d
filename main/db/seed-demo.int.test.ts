import argon2 from 'argon2';
import { sql, type Kysely } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../shared/auth/permissions';
import type { Database } from '../../shared/db/tables';
import { DEMO_PASSWORD, DEMO_TABLES } from '../../shared/demo/demo-clinic';
import { closeDatabase, openDatabase, type Replica } from './connection';
import { migrateToLatest } from './migrate';
import { seedDemoClinic, type SeedDemoResult } from './seed-demo';

async function scalar(db: Kysely<Database>, query: ReturnType<typeof sql<{ value: number }>>): Promise<number> {
  const result = await query.execute(db);
  return Number(result.rows[0]?.value ?? Number.NaN);
}

describe('seeding the demo clinic into a migrated replica', () => {
  let directory: string;
  let replica: Replica;
  let result: SeedDemoResult;
  const progress = new Map<string, number>();

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'medora-seed-'));
    replica = openDatabase(join(directory, 'medora.sqlite'));
    const migration = await migrateToLatest(replica.db as Kysely<unknown>);
    expect(migration.error).toBeNull();
    result = await seedDemoClinic(replica.db, { onProgress: (table, rows) => progress.set(table, rows) });
  }, 600_000);

  afterAll(async () => {
    await closeDatabase(replica);
    rmSync(directory, { recursive: true, force: true });
  });

  it('writes every generated row, and reports the counts it wrote', async () => {
    for (const table of DEMO_TABLES) {
      const stored = await scalar(replica.db, sql<{ value: number }>`SELECT count(*) AS value FROM ${sql.table(table)}`);
      expect(stored, table).toBe(result.counts[table]);
      expect(progress.get(table), table).toBe(result.counts[table]);
    }
    expect(result.counts.patients).toBe(5_000);
    expect(result.counts.appointments).toBeGreaterThan(22_500);
    expect(result.counts.local_credentials).toBe(9);
    const clinic = await replica.db.selectFrom('clinics').select(['id', 'name']).executeTakeFirstOrThrow();
    expect(clinic).toEqual({ id: result.clinicId, name: 'Riverside Spine & Injury' });
  });

  it('lets every demo user sign in offline with the documented password (one Argon2id verifier)', async () => {
    const credentials = await replica.db.selectFrom('local_credentials').selectAll().orderBy('username').execute();
    expect(credentials.map((credential) => credential.username).sort()).toEqual(result.users.map((user) => user.username).sort());
    expect(new Set(credentials.map((credential) => credential.password_hash)).size).toBe(1);
    const [credential] = credentials;
    expect(credential?.password_hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(credential?.password_hash.split('$')[3]?.split(',').sort()).toEqual(['m=19456', 'p=1', 't=2']);
    expect(await argon2.verify(credential?.password_hash ?? '', DEMO_PASSWORD)).toBe(true);
    expect(await argon2.verify(credential?.password_hash ?? '', 'wrong-password')).toBe(false);
    for (const row of credentials) {
      expect(row.clinic_id).toBe(result.clinicId);
      expect(row.offline_valid_until).toBeNull();
      const user = await replica.db.selectFrom('users').select(['username', 'is_active']).where('id', '=', row.user_id).executeTakeFirstOrThrow();
      expect(user).toEqual({ username: row.username, is_active: 1 });
    }
  });

  it('gives every role a user, and front desks only their own facility', async () => {
    const roles = await replica.db.selectFrom('user_roles').select('role').distinct().execute();
    expect(roles.map((row) => row.role).sort()).toEqual([...ROLES].sort());
    const facilities = await replica.db
      .selectFrom('user_facilities')
      .innerJoin('users', 'users.id', 'user_facilities.user_id')
      .innerJoin('facilities', 'facilities.id', 'user_facilities.facility_id')
      .select(['users.username', 'facilities.code'])
      .where('users.username', 'in', ['desk.east', 'desk.west'])
      .orderBy('users.username')
      .execute();
    expect(facilities).toEqual([{ username: 'desk.east', code: 'PHL' }, { username: 'desk.west', code: 'LAX' }]);
  });

  it('never double-books a physician (scheduling)', async () => {
    const overlapping = await scalar(replica.db, sql<{ value: number }>`
      SELECT count(*) AS value FROM appointments a
      JOIN appointments b ON b.physician_id = a.physician_id AND b.id <> a.id
        AND b.starts_at >= a.starts_at AND b.starts_at < a.ends_at`);
    expect(overlapping).toBe(0);
  });

  it('keeps MRNs unique and every patient at an existing facility (patients)', async () => {
    const duplicates = await scalar(replica.db, sql<{ value: number }>`SELECT count(*) - count(DISTINCT mrn) AS value FROM patients`);
    expect(duplicates).toBe(0);
    const orphans = await scalar(replica.db, sql<{ value: number }>`
      SELECT count(*) AS value FROM patients WHERE home_facility_id NOT IN (SELECT id FROM facilities)`);
    expect(orphans).toBe(0);
  });

  it('gives the demo attorney several cases and the demo referrer several referrals (cases, referrals)', async () => {
    const attorneyCases = await scalar(replica.db, sql<{ value: number }>`
      SELECT count(*) AS value FROM cases JOIN users ON users.attorney_id = cases.attorney_id WHERE users.username = 'attorney.reyes'`);
    expect(attorneyCases).toBeGreaterThan(5);
    const referred = await scalar(replica.db, sql<{ value: number }>`
      SELECT count(*) AS value FROM referrals JOIN users ON users.referring_doctor_id = referrals.referring_doctor_id WHERE users.username = 'referrer.kim'`);
    expect(referred).toBeGreaterThan(5);
  });

  it('never allocates more than a payment, nor credits more than an invoice (billing)', async () => {
    const overAllocated = await scalar(replica.db, sql<{ value: number }>`
      SELECT count(*) AS value FROM payments p
      WHERE p.amount_cents < (SELECT coalesce(sum(a.amount_cents), 0) FROM payment_allocations a WHERE a.payment_id = p.id)`);
    expect(overAllocated).toBe(0);
    const overCredited = await scalar(replica.db, sql<{ value: number }>`
      SELECT count(*) AS value FROM invoices i
      WHERE (SELECT sum(l.amount_cents) FROM invoice_lines l WHERE l.invoice_id = i.id)
        < (SELECT coalesce(sum(a.amount_cents), 0) FROM payment_allocations a WHERE a.invoice_id = i.id)
        + (SELECT coalesce(sum(j.amount_cents), 0) FROM adjustments j WHERE j.invoice_id = i.id)`);
    expect(overCredited).toBe(0);
  });

  it('stores each document with all its versions (documents)', async () => {
    const mismatched = await scalar(replica.db, sql<{ value: number }>`
      SELECT count(*) AS value FROM documents d
      WHERE d.current_version <> (SELECT count(*) FROM document_versions v WHERE v.document_id = d.id)`);
    expect(mismatched).toBe(0);
  });

  it('refuses to seed a database that already holds a clinic', async () => {
    await expect(seedDemoClinic(replica.db, { scale: { patients: 10, appointments: 10 } })).rejects.toThrow(/already holds a clinic/);
  });
});
