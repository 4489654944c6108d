import type { Kysely } from 'kysely';
import type { Database } from '../../shared/db/tables';
import { readClinicSetup, type ClinicSetup, type ClinicSetupSource } from '../../shared/scheduling/schedule-data';
import { tableVersionsOf } from '../db/connection';

/**
 * The part of the scheduling facts that does not depend on the request — the clinic's travel buffer,
 * its facilities and rooms — kept in main per replica and clinic for conflict checks, series previews
 * and slot searches, stamped with the change counters of the three tables (`main/db/table-versions.ts`):
 * any committed write to one of them (a set-up edit, a sync batch, a rebase) and the next read loads them
 * again. No stamp (a transaction open on the connection, no triggers): read now, nothing kept. The rows
 * are the ones `readClinicSetup` returned, in its order, so the facts built from them are the same as
 * from a fresh read; the server always reads fresh, inside its transaction. Nothing here holds PHI.
 */
export const CLINIC_SETUP_TABLES = ['clinics', 'facilities', 'facility_resources'] as const;

interface Entry {
  readonly stamp: string;
  readonly value: ClinicSetup;
}

const cached = new WeakMap<Kysely<Database>, Map<string, Entry>>();

export const cachedClinicSetup: ClinicSetupSource = async (db, clinicId) => {
  // Read before the rows: whatever is loaded below is at least as new as this stamp.
  const stamp = tableVersionsOf(db)?.stamp(CLINIC_SETUP_TABLES) ?? null;
  let entries = cached.get(db);
  const hit = entries?.get(clinicId);
  if (stamp !== null && hit?.stamp === stamp) return hit.value;
  const value = await readClinicSetup(db, clinicId);
  if (stamp === null) return value;
  if (!entries) cached.set(db, (entries = new Map()));
  entries.set(clinicId, { stamp, value });
  return value;
};
