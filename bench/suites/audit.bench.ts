import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../../main/audit/audit-log';
import { startCore } from '../../main/core';
import { inWriteTransaction } from '../../main/db/connection';
import { seedDemoClinic } from '../../main/db/seed-demo';
import { clientIdFor, mutateOnDevice } from '../../main/sync/device-mutations';
import { loadIdentity } from '../../shared/auth/identity.repository';
import { newId } from '../../shared/ids';
import { atMost, milliseconds, reported, summarize, type BenchContext, type SuiteReport } from '../harness';

const WARMUP = 500;
const ITERATIONS = 5_000;

/**
 * What the audit trail costs a write: the same synced write (`clinic.update` through the device's
 * mutation path, outbox row included) in one SQLite transaction, without and with its hash-chained
 * audit append, alternating call by call in the same run so both see the same machine load.
 * Target from the audit issue: the append adds under 0.2 ms (median).
 */
export async function run(context: BenchContext): Promise<SuiteReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'medora-bench-audit-'));
  const core = await startCore({ dataDir });
  try {
    if (!core.db) throw new Error(`The core did not start: ${core.status.problem ?? 'unknown problem'}`);
    const db = core.db;
    context.log('Seeding a small demo clinic...');
    await seedDemoClinic(db, { scale: { patients: 200, appointments: 1_000 } });
    const admin = await db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    const identity = await loadIdentity(db, admin.id);
    if (!identity) throw new Error('No admin identity');
    const subject = identity.subject;
    const clientId = await clientIdFor(db, subject.userId, newId);
    const clinic = await db.selectFrom('clinics').selectAll().where('id', '=', subject.clinicId).executeTakeFirstOrThrow();
    const auditLog = new AuditLog(db, core.deviceId, core.replica!.sqlite);
    let counter = 0;

    async function write(withAudit: boolean): Promise<void> {
      counter += 1;
      const now = Date.now();
      await inWriteTransaction(db, async (tx) => {
        await mutateOnDevice(tx, 'clinic.update', {
          name: clinic.name, legalName: clinic.legal_name, taxId: clinic.tax_id, phone: clinic.phone, email: clinic.email,
          idleTimeoutMinutes: 15, offlineLeaseHours: 72, travelBufferMinutes: 15 + (counter % 30), treatmentGapDays: 14, defaultTimeZone: clinic.default_time_zone,
        }, { subject, clientId, now });
        if (withAudit) {
          await auditLog.append({
            clinicId: subject.clinicId, userId: subject.userId, facilityId: null, action: 'clinic.update', entityType: 'clinic', entityId: subject.clinicId,
            detail: { travelBufferMinutes: 15 + (counter % 30) }, at: now,
          }, tx);
        }
      });
    }

    context.log(`Timing ${ITERATIONS.toLocaleString('en-US')} writes each way, alternating, after ${WARMUP.toLocaleString('en-US')} warm-up pairs...`);
    for (let i = 0; i < WARMUP; i++) {
      await write(false);
      await write(true);
    }
    const without: number[] = [];
    const withAudit: number[] = [];
    const differences: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      // Alternate which goes first, so neither always runs on a warmer cache.
      const order = i % 2 === 0 ? [false, true] : [true, false];
      const pair: Record<string, number> = {};
      for (const audited of order) {
        const start = process.hrtime.bigint();
        await write(audited);
        pair[String(audited)] = Number(process.hrtime.bigint() - start) / 1e6;
      }
      without.push(pair.false!);
      withAudit.push(pair.true!);
      differences.push(pair.true! - pair.false!);
    }
    const plain = summarize(without);
    const audited = summarize(withAudit);
    const overhead = summarize(differences);
    const entries = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();

    return {
      title: 'Audit append overhead on a write',
      description:
        'A synced write (`clinic.update` through the device mutation path: optimistic update, undo capture, outbox row) in one SQLite ' +
        'transaction, without and with its audit entry (SHA-256 chained to the previous one, inserted in the same transaction), ' +
        `alternating call by call: ${ITERATIONS.toLocaleString('en-US')} pairs after ${WARMUP.toLocaleString('en-US')} warm-up pairs, on a replica ` +
        `holding a small demo clinic (${Number(entries.n).toLocaleString('en-US')} audit entries by the end).`,
      rows: [
        atMost('Audit append overhead (median of per-pair differences)', overhead.medianMs, 0.2),
        reported('Overhead, p95 of per-pair differences', milliseconds(overhead.p95Ms)),
        reported('Write without audit, median / p95', `${milliseconds(plain.medianMs)} / ${milliseconds(plain.p95Ms)}`),
        reported('Write with audit, median / p95', `${milliseconds(audited.medianMs)} / ${milliseconds(audited.p95Ms)}`),
      ],
      notes: ['The router appends exactly this entry inside `ctx.write`; PHI reads add one such append (in its own transaction) after the handler.'],
    };
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
