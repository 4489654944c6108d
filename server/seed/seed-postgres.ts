import { sql, type Kysely } from 'kysely';
import { allTables, type Database } from '../../shared/db/tables';
import { DEMO_PASSWORD, generateDemoClinic, type DemoClinicOptions, type DemoRow } from '../../shared/demo/demo-clinic';
import { hashPassword } from '../auth/password';
import type { ServerDatabase } from '../db/server-schema';

/** Postgres binds at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 65_535;

export interface SeedPostgresResult {
  readonly clinicId: string;
  readonly counts: Record<string, number>;
  readonly changeCaptureSkipped: boolean;
}

/** True when the database has no clinic yet (a fresh central install). */
export async function isEmpty(db: Kysely<ServerDatabase>): Promise<boolean> {
  return (await db.selectFrom('clinics').select('id').limit(1).executeTakeFirst()) === undefined;
}

/**
 * Creates the demo clinic in the central Postgres, so it reaches every device by sync. Rows are
 * written with change capture off where the role allows it (`session_replication_role = replica`):
 * devices take them from the snapshot, so logging a million inserts would only slow the seed.
 */
export async function seedDemoClinicInPostgres(
  db: Kysely<ServerDatabase>, options: DemoClinicOptions & { onProgress?: (table: string, rows: number) => void } = {},
): Promise<SeedPostgresResult> {
  const demo = generateDemoClinic(options);
  const counts: Record<string, number> = {};
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let changeCaptureSkipped = false;
  await db.connection().execute(async (connection) => {
    try {
      await sql`SET session_replication_role = replica`.execute(connection);
      changeCaptureSkipped = true;
    } catch {
      changeCaptureSkipped = false;
    }
    const shared = connection as unknown as Kysely<Database>;
    let batch: DemoRow['row'][] = [];
    let batchTable: DemoRow['table'] | null = null;
    const flush = async () => {
      if (!batchTable || batch.length === 0) return;
      const table = batchTable;
      const columns = Object.keys(allTables[table]?.columns ?? {});
      const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length) - 1);
      await shared.transaction().execute(async (tx) => {
        for (let start = 0; start < batch.length; start += perStatement) {
          await tx.insertInto(table).values(batch.slice(start, start + perStatement) as never).execute();
        }
      });
      counts[table] = (counts[table] ?? 0) + batch.length;
      options.onProgress?.(table, counts[table] ?? 0);
      batch = [];
    };
    for (const { table, row } of demo.rows()) {
      if (table !== batchTable || batch.length >= 20_000) {
        await flush();
        batchTable = table;
      }
      batch.push(row);
    }
    await flush();
    const now = demo.now;
    for (const user of demo.users) {
      await connection.insertInto('server_credentials').values({ user_id: user.userId, password_hash: passwordHash, password_changed_at: now })
        .onConflict((oc) => oc.column('user_id').doNothing()).execute();
    }
    counts.server_credentials = demo.users.length;
    if (changeCaptureSkipped) await sql`SET session_replication_role = origin`.execute(connection);
  });
  return { clinicId: demo.clinicId, counts, changeCaptureSkipped };
}
