import { sql, type Kysely } from 'kysely';
import type { ServerDatabase } from '../db/server-schema';

/** Keep the change log well past the longest offline period a clinic expects (SYNC.md: weeks). */
export const DEFAULT_LOG_RETENTION_MS = 60 * 24 * 60 * 60_000;

/**
 * Deletes change-log entries older than the retention and raises the log horizon to the newest
 * deleted version + 1, in one transaction. A device whose offset is below the horizon gets 409 and
 * resyncs that shape from a fresh snapshot; nothing it had is lost (its outbox is untouched).
 */
export async function truncateChangeLog(db: Kysely<ServerDatabase>, now: number, retentionMs = DEFAULT_LOG_RETENTION_MS): Promise<{ deleted: number; horizon: number }> {
  return db.transaction().execute(async (tx) => {
    const cutoff = await tx.selectFrom('change_log').select((eb) => eb.fn.max('version').as('version')).where('logged_at', '<', now - retentionMs).executeTakeFirst();
    const newest = cutoff?.version === null || cutoff?.version === undefined ? null : Number(cutoff.version);
    if (newest === null) {
      const current = await tx.selectFrom('server_settings').select('value').where('key', '=', 'log_horizon_version').executeTakeFirst();
      return { deleted: 0, horizon: Number(current?.value ?? 0) };
    }
    const result = await tx.deleteFrom('change_log').where('version', '<=', newest).executeTakeFirst();
    const horizon = newest + 1;
    await tx.insertInto('server_settings').values({ key: 'log_horizon_version', value: String(horizon) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql`greatest(server_settings.value::bigint, ${horizon})::text` }))
      .execute();
    return { deleted: Number(result.numDeletedRows), horizon };
  });
}
