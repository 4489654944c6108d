import { sql, type Kysely } from 'kysely';
import { allTables, type Database } from '../../shared/db/tables';
import { DEMO_PASSWORD, DEMO_TABLES, generateDemoClinic, type DemoClinicOptions, type DemoRow } from '../../shared/demo/demo-clinic';
import { hashPassword } from '../auth/password';
import type { ServerDatabase } from '../db/server-schema';

/** Postgres binds at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 65_535;

/** Rows per `json_populate_recordset` statement. */
const JSON_ROWS_PER_STATEMENT = 5_000;

/**
 * The columns every row names, when all rows name the same ones with scalar values (what
 * `json_populate_recordset` reads exactly as a VALUES list would bind them); otherwise null.
 */
function sameColumns(rows: readonly Record<string, unknown>[]): string[] | null {
  const first = rows[0];
  if (!first) return null;
  const columns = Object.keys(first);
  for (const row of rows) {
    const keys = Object.keys(row);
    if (keys.length !== columns.length) return null;
    for (const column of columns) {
      const value = row[column];
      if (value === undefined || (value !== null && typeof value === 'object')) return null;
    }
  }
  return columns;
}

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
    // Rows arrive interleaved (a patient, their case, their policy, ...): buffer per table and write
    // the buffers together, parents first, one transaction per flush.
    const buffers = new Map<DemoRow['table'], DemoRow['row'][]>();
    let buffered = 0;
    const flush = async () => {
      await shared.transaction().execute(async (tx) => {
        for (const table of DEMO_TABLES) {
          const rows = buffers.get(table);
          if (!rows || rows.length === 0) continue;
          const columns = sameColumns(rows);
          if (columns) {
            // One JSON parameter per statement, unpacked by Postgres: no per-value binding or SQL text
            // to build, and one statement for thousands of rows (the large clinic seeds several times faster).
            const list = sql.join(columns.map((column) => sql.ref(column)));
            for (let start = 0; start < rows.length; start += JSON_ROWS_PER_STATEMENT) {
              await sql`INSERT INTO ${sql.table(table)} (${list}) SELECT ${list}
                FROM json_populate_recordset(NULL::${sql.table(table)}, ${JSON.stringify(rows.slice(start, start + JSON_ROWS_PER_STATEMENT))}::json)`.execute(tx);
            }
          } else {
            // Rows that leave out columns get the columns' defaults, which only a VALUES list gives.
            const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(allTables[table]?.columns ?? {}).length) - 1);
            for (let start = 0; start < rows.length; start += perStatement) {
              await tx.insertInto(table).values(rows.slice(start, start + perStatement) as never).execute();
            }
          }
          counts[table] = (counts[table] ?? 0) + rows.length;
          options.onProgress?.(table, counts[table] ?? 0);
        }
      });
      buffers.clear();
      buffered = 0;
    };
    for (const { table, row } of demo.rows()) {
      let rows = buffers.get(table);
      if (!rows) buffers.set(table, (rows = []));
      rows.push(row);
      if (++buffered >= 50_000) await flush();
    }
    await flush();
    // The billing summary is kept by triggers, which the bulk load may have skipped: build it once.
    await sql`SELECT medora_billing_summary_rebuild(${demo.clinicId})`.execute(connection);
    const now = demo.now;
    for (const user of demo.users) {
      await connection.insertInto('server_credentials').values({ user_id: user.userId, password_hash: passwordHash, password_changed_at: now, must_change_password: 0 })
        .onConflict((oc) => oc.column('user_id').doNothing()).execute();
    }
    counts.server_credentials = demo.users.length;
    if (changeCaptureSkipped) await sql`SET session_replication_role = origin`.execute(connection);
  });
  return { clinicId: demo.clinicId, counts, changeCaptureSkipped };
}
