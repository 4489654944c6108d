import type { Kysely } from 'kysely';
import type { Database, Row } from '../../shared/db/tables';
import { DomainError, type FieldError } from '../../shared/ipc/result';
import { isMutatorName, mutators } from '../../shared/sync/mutators';
import type { SyncIssue } from '../../shared/sync/sync.contract';
import type { WriteTransaction } from '../db/connection';

function fieldsOf(detailsJson: string): FieldError[] {
  try {
    const details = JSON.parse(detailsJson) as { fields?: unknown };
    if (!Array.isArray(details.fields)) return [];
    return details.fields.filter((field): field is FieldError =>
      typeof field === 'object' && field !== null && typeof (field as FieldError).path === 'string' && typeof (field as FieldError).message === 'string');
  } catch {
    return [];
  }
}

/** Maps a stored issue to what the inbox shows. */
export function toSyncIssue(row: Row<'sync_issues'>): SyncIssue {
  let args: unknown = null;
  try {
    args = JSON.parse(row.args_json) as unknown;
  } catch {
    args = row.args_json;
  }
  return {
    id: row.id,
    name: row.name,
    description: isMutatorName(row.name) ? mutators[row.name].description : row.name,
    args,
    code: row.code,
    message: row.message,
    fields: fieldsOf(row.details_json),
    status: row.status,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
  };
}

/** The user's own issues, newest first; open ones only unless `includeClosed`. */
export async function listSyncIssues(db: Kysely<Database>, userId: string, includeClosed = false): Promise<SyncIssue[]> {
  const rows = await db.selectFrom('sync_issues').selectAll().where('user_id', '=', userId)
    .$if(!includeClosed, (q) => q.where('status', '=', 'open'))
    .orderBy('created_at', 'desc').orderBy('mutation_id', 'desc').execute();
  return rows.map(toSyncIssue);
}

/** One open issue of the user (another user's issue is "not found": nobody learns it exists). */
export async function openIssueOf(db: Kysely<Database>, userId: string, issueId: string): Promise<Row<'sync_issues'>> {
  const row = await db.selectFrom('sync_issues').selectAll().where('id', '=', issueId).where('user_id', '=', userId).executeTakeFirst();
  if (!row) throw new DomainError('not_found', 'That sync issue was not found.');
  if (row.status !== 'open') throw new DomainError('conflict', `That sync issue is already ${row.status}.`);
  return row;
}

/** Closes an issue; the row stays (nothing a user entered is deleted). */
export async function closeSyncIssue(tx: WriteTransaction, issueId: string, status: 'resolved' | 'discarded', now: number): Promise<Row<'sync_issues'>> {
  await tx.updateTable('sync_issues').set({ status, resolved_at: now }).where('id', '=', issueId).where('status', '=', 'open').execute();
  return tx.selectFrom('sync_issues').selectAll().where('id', '=', issueId).executeTakeFirstOrThrow();
}

export async function countOpenIssues(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('sync_issues').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'open').executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countPending(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
