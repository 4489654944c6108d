import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  CHAIN_START, ChainVerifier, type ChainEntry, type ChainPosition, type ChainProblem,
} from '../../shared/audit/audit-chain';
import type { AuditCheckReport, AuditFindingReport } from '../../shared/audit/audit-wire';
import { newId } from '../../shared/ids';
import type { ServerDatabase } from '../db/server-schema';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Entries read per query during a full check, so a long chain is never held in memory at once. */
const CHECK_CHUNK = 5_000;

export type CheckKind = 'receipt' | 'check';

const ENTRY_COLUMNS = [
  'id', 'clinic_id', 'device_id', 'seq', 'at', 'user_id', 'facility_id', 'action', 'entity_type', 'entity_id', 'patient_id', 'detail_json', 'prev_hash', 'hash',
] as const;

/** Stores problems once per (device, seq, problem); returns them marked new or already known. */
export async function recordFindings(
  db: Kysely<ServerDatabase>, clinicId: string, deviceId: string, problems: readonly ChainProblem[], kind: CheckKind, now: number, detail: Record<string, unknown> = {},
): Promise<AuditFindingReport[]> {
  const reports: AuditFindingReport[] = [];
  for (const { seq, problem } of problems) {
    const inserted = await db.insertInto('audit_findings').values({
      id: newId(), clinic_id: clinicId, device_id: deviceId, seq, problem, detected_at: now, detected_by: kind, detail_json: JSON.stringify(detail),
    }).onConflict((oc) => oc.columns(['device_id', 'seq', 'problem']).doNothing()).returning('id').executeTakeFirst();
    reports.push({ deviceId, seq, problem, isNew: inserted !== undefined });
  }
  return reports;
}

/** Locks the device's verified head (creating it at the chain's start), so verifications of one device run one at a time. */
async function lockHead(tx: Kysely<ServerDatabase>, clinicId: string, deviceId: string, now: number): Promise<ChainPosition> {
  await tx.insertInto('audit_chain_heads').values({ device_id: deviceId, clinic_id: clinicId, verified_seq: 0, verified_hash: CHAIN_START.hash, verified_at: now })
    .onConflict((oc) => oc.column('device_id').doNothing()).execute();
  const head = await tx.selectFrom('audit_chain_heads').select(['verified_seq', 'verified_hash']).where('device_id', '=', deviceId).forUpdate().executeTakeFirstOrThrow();
  return { seq: head.verified_seq, hash: head.verified_hash };
}

/**
 * Verification on receipt: continues the device's chain from its verified head over the entries that
 * arrived since, records what is wrong, and moves the head to the last entry (so a problem is reported
 * once, and the next upload continues from there). Runs inside the upload's transaction.
 */
export async function verifyOnReceipt(tx: Kysely<ServerDatabase>, clinicId: string, deviceId: string, now: number): Promise<AuditFindingReport[]> {
  const head = await lockHead(tx, clinicId, deviceId, now);
  const verifier = new ChainVerifier(sha256Hex, head);
  let after = head.seq;
  for (;;) {
    const rows: ChainEntry[] = await tx.selectFrom('audit_log').select(ENTRY_COLUMNS).where('device_id', '=', deviceId).where('seq', '>', after).orderBy('seq').limit(CHECK_CHUNK).execute();
    for (const row of rows) verifier.add(row);
    if (rows.length < CHECK_CHUNK) break;
    after = rows.at(-1)!.seq;
  }
  const position = verifier.position;
  if (position.seq !== head.seq) {
    await tx.updateTable('audit_chain_heads').set({ verified_seq: position.seq, verified_hash: position.hash, verified_at: now }).where('device_id', '=', deviceId).execute();
  }
  return recordFindings(tx, clinicId, deviceId, verifier.problems, 'receipt', now);
}

/**
 * The full check an admin asks for: every device's chain of the clinic from its first entry, and each
 * against its verified head — an entry removed or rewritten after it was verified is found too, even
 * when the chain was re-hashed consistently from that point on.
 */
export async function checkClinicAuditTrail(db: Kysely<ServerDatabase>, clinicId: string, now: number): Promise<AuditCheckReport> {
  const heads = await db.selectFrom('audit_chain_heads').selectAll().where('clinic_id', '=', clinicId).execute();
  const logged = await db.selectFrom('audit_log').select('device_id').distinct().where('clinic_id', '=', clinicId).execute();
  const deviceIds = [...new Set([...heads.map((h) => h.device_id), ...logged.map((r) => r.device_id)])].sort();
  const findings: AuditFindingReport[] = [];
  let entries = 0;
  for (const deviceId of deviceIds) {
    const head = heads.find((h) => h.device_id === deviceId);
    const verifier = new ChainVerifier(sha256Hex, CHAIN_START);
    const extra: ChainProblem[] = [];
    let after = 0;
    for (;;) {
      const rows: ChainEntry[] = await db.selectFrom('audit_log').select(ENTRY_COLUMNS)
        .where('clinic_id', '=', clinicId).where('device_id', '=', deviceId).where('seq', '>', after).orderBy('seq').limit(CHECK_CHUNK).execute();
      for (const row of rows) {
        verifier.add(row);
        if (head && row.seq === head.verified_seq && row.hash !== head.verified_hash) extra.push({ seq: row.seq, problem: 'altered' });
      }
      entries += rows.length;
      if (rows.length < CHECK_CHUNK) break;
      after = rows.at(-1)!.seq;
    }
    // Entries up to the head were verified once; if the chain now ends earlier, its tail was removed.
    const last = verifier.position.seq;
    if (head && last < head.verified_seq) extra.push({ seq: head.verified_seq, problem: 'truncated' });
    const problems = [...verifier.problems, ...extra];
    findings.push(...(await recordFindings(db, clinicId, deviceId, problems, 'check', now)));
  }
  return { checkedAt: now, devices: deviceIds.length, entries, findings };
}

/** Findings of a clinic, newest first. */
export async function listFindings(db: Kysely<ServerDatabase>, clinicId: string, limit = 200) {
  return db.selectFrom('audit_findings').selectAll().where('clinic_id', '=', clinicId).orderBy('detected_at', 'desc').orderBy('device_id').orderBy('seq').limit(limit).execute();
}

/** For tests and tools: the device's verified head. */
export async function verifiedHead(db: Kysely<ServerDatabase>, deviceId: string): Promise<ChainPosition | null> {
  const row = await db.selectFrom('audit_chain_heads').select(['verified_seq', 'verified_hash']).where('device_id', '=', deviceId).executeTakeFirst();
  return row ? { seq: row.verified_seq, hash: row.verified_hash } : null;
}
