import { z } from 'zod';
import type { Kysely } from 'kysely';
import { newRowStamp, updateStamp } from '../db/stamps';
import type { Database } from '../db/tables';
import { DomainError } from '../ipc/result';
import { mutator } from '../sync/mutator';
import { uuid } from '../validation/fields';
import { mergeInput } from './patient.contract';

/** Every table whose rows follow a patient, in the order a merge moves them. */
export const PATIENT_LINKED_TABLES = [
  'appointments', 'appointment_series', 'waitlist_entries', 'cases', 'referrals', 'invoices', 'payments', 'documents',
  'insurance_policies', 'patient_physicians', 'messages',
] as const;
export type PatientLinkedTable = (typeof PATIENT_LINKED_TABLES)[number];

/** How long a merge stays reversible at most, whatever else happens (docs/patients.md). */
export const MERGE_SETTLE_DAYS = 30;
const DAY = 86_400_000;

export type MovedRows = Partial<Record<PatientLinkedTable, string[]>>;

/** What `patient_merges.moved_json` holds: moved row ids per table, and moved policies' former priorities. */
export interface MergeRecord {
  readonly rows: MovedRows;
  readonly priorities: Readonly<Record<string, number>>;
}

export function parseMoved(json: string): MergeRecord {
  try {
    const value = JSON.parse(json) as Partial<MergeRecord> | null;
    return { rows: value?.rows ?? {}, priorities: value?.priorities ?? {} };
  } catch {
    return { rows: {}, priorities: {} };
  }
}

/**
 * Why a merge can no longer be reversed, or null while it can (docs/patients.md, "When a merge settles"):
 * it was reversed already; 30 days passed; or the merged record or a moved row was changed after the
 * merge (reversing would misplace that later work).
 */
export async function mergeSettledReason(tx: Kysely<Database>, merge: { id: string; merged_id: string; moved_json: string; created_at: number; reversed_at: number | null }, now: number): Promise<string | null> {
  if (merge.reversed_at !== null) return 'Already reversed.';
  if (now - merge.created_at > MERGE_SETTLE_DAYS * DAY) return `More than ${MERGE_SETTLE_DAYS} days have passed.`;
  const merged = await tx.selectFrom('patients').select('updated_at').where('id', '=', merge.merged_id).executeTakeFirst();
  if (merged && merged.updated_at > merge.created_at) return 'The merged record was changed after the merge.';
  const moved = parseMoved(merge.moved_json).rows;
  for (const table of PATIENT_LINKED_TABLES) {
    const ids = moved[table] ?? [];
    for (let i = 0; i < ids.length; i += 500) {
      const changed = await (tx as Kysely<Database>).selectFrom(table as 'appointments').select('id')
        .where('id', 'in', ids.slice(i, i + 500)).where('updated_at', '>', merge.created_at).executeTakeFirst();
      if (changed) return 'Records moved by the merge were changed after it.';
    }
  }
  return null;
}

/** Rows of each linked table that point at a patient (tombstoned ones too: their history follows). */
export async function linkedRows(tx: Kysely<Database>, clinicId: string, patientId: string): Promise<MovedRows> {
  const moved: MovedRows = {};
  for (const table of PATIENT_LINKED_TABLES) {
    const rows = await (tx as Kysely<Database>).selectFrom(table as 'appointments').select('id')
      .where('patient_id', '=', patientId).where('clinic_id', '=', clinicId).execute();
    if (rows.length > 0) moved[table] = rows.map((row) => row.id);
  }
  return moved;
}

async function livePatient(tx: Kysely<Database>, clinicId: string, id: string, path: string) {
  const row = await tx.selectFrom('patients').select(['id', 'merged_into_id']).where('id', '=', id).where('clinic_id', '=', clinicId).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw new DomainError('not_found', 'That patient was not found.', [{ path, message: 'No such patient' }]);
  if (row.merged_into_id) throw new DomainError('conflict', 'That patient was already merged into another record.', [{ path, message: 'Already merged' }]);
}

/**
 * Merges a duplicate into the surviving record: every linked row moves (its id recorded in
 * `patient_merges.moved_json`), the merged record keeps its row with `merged_into_id` set, and the
 * merged record's insurance policies follow the survivor's in priority. Clinic admins only.
 */
export const mergePatients = mutator({
  name: 'patient.merge',
  description: 'Merge a duplicate patient record into the surviving one.',
  input: mergeInput,
  permission: 'patient.merge',
  async run(tx, input, ctx) {
    const { subject, now } = ctx;
    await livePatient(tx, subject.clinicId, input.survivorId, 'survivorId');
    await livePatient(tx, subject.clinicId, input.mergedId, 'mergedId');
    const moved = await linkedRows(tx, subject.clinicId, input.mergedId);
    for (const table of PATIENT_LINKED_TABLES) {
      const ids = moved[table] ?? [];
      for (let i = 0; i < ids.length; i += 500) {
        await (tx as Kysely<Database>).updateTable(table as 'appointments').set({ patient_id: input.survivorId, ...updateStamp(subject, now) })
          .where('id', 'in', ids.slice(i, i + 500)).execute();
      }
    }
    // The merged record's policies come after the survivor's, in their own order.
    const policies = await tx.selectFrom('insurance_policies').select(['id', 'priority']).where('patient_id', '=', input.survivorId)
      .where('deleted_at', 'is', null).orderBy('priority').execute();
    const fromMerged = new Set(moved.insurance_policies ?? []);
    const survivorMax = Math.max(0, ...policies.filter((p) => !fromMerged.has(p.id)).map((p) => p.priority));
    let next = survivorMax;
    const priorities: Record<string, number> = {};
    for (const policy of policies.filter((p) => fromMerged.has(p.id))) {
      next += 1;
      priorities[policy.id] = policy.priority;
      await tx.updateTable('insurance_policies').set({ priority: next }).where('id', '=', policy.id).execute();
    }
    await tx.updateTable('patients').set({ merged_into_id: input.survivorId, ...updateStamp(subject, now) }).where('id', '=', input.mergedId).execute();
    const id = ctx.newId();
    await tx.insertInto('patient_merges').values({
      ...newRowStamp(subject, now, id), survivor_id: input.survivorId, merged_id: input.mergedId, moved_json: JSON.stringify({ rows: moved, priorities } satisfies MergeRecord), reason: input.reason, reversed_at: null,
    }).execute();
    return id;
  },
});

export const unmergeInput = z.object({ mergeId: uuid }).strict();

/** Reverses a merge that has not settled: moved rows return, the merged record reappears. */
export const unmergePatients = mutator({
  name: 'patient.unmerge',
  description: 'Reverse a patient merge that has not settled.',
  input: unmergeInput,
  permission: 'patient.merge',
  async run(tx, input, ctx) {
    const { subject, now } = ctx;
    const merge = await tx.selectFrom('patient_merges').selectAll().where('id', '=', input.mergeId).where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!merge) throw new DomainError('not_found', 'That merge was not found.');
    const settled = await mergeSettledReason(tx, merge, now);
    if (settled) throw new DomainError('conflict', `This merge can no longer be reversed: ${settled}`);
    const { rows: moved, priorities } = parseMoved(merge.moved_json);
    for (const table of PATIENT_LINKED_TABLES) {
      const ids = moved[table] ?? [];
      for (let i = 0; i < ids.length; i += 500) {
        await (tx as Kysely<Database>).updateTable(table as 'appointments').set({ patient_id: merge.merged_id, ...updateStamp(subject, now) })
          .where('id', 'in', ids.slice(i, i + 500)).where('patient_id', '=', merge.survivor_id).execute();
      }
    }
    for (const [policyId, priority] of Object.entries(priorities)) {
      await tx.updateTable('insurance_policies').set({ priority }).where('id', '=', policyId).execute();
    }
    await tx.updateTable('patients').set({ merged_into_id: null, ...updateStamp(subject, now) }).where('id', '=', merge.merged_id).execute();
    await tx.updateTable('patient_merges').set({ reversed_at: now, ...updateStamp(subject, now) }).where('id', '=', merge.id).execute();
    return merge.id;
  },
});
