import type { Subject } from '../auth/permissions';

/** Common columns for a new synced row: clinic from the session, the given id, who and when. */
export function newRowStamp(subject: Subject, now: number, id: string) {
  return {
    id,
    clinic_id: subject.clinicId,
    created_at: now,
    created_by: subject.userId,
    updated_at: now,
    updated_by: subject.userId,
    deleted_at: null,
  };
}

/** Columns every update of a synced row sets. */
export function updateStamp(subject: Subject, now: number) {
  return { updated_at: now, updated_by: subject.userId };
}

/** A tombstone instead of a delete. */
export function tombstoneStamp(subject: Subject, now: number) {
  return { deleted_at: now, updated_at: now, updated_by: subject.userId };
}

export function toBit(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}
