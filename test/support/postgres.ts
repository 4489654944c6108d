import { inject } from 'vitest';
import { newId } from '../../shared/ids';
import { connectPostgres, type PostgresConnection } from '../../server/db/postgres';
import { TEMPLATE_DATABASE } from './postgres-names';


export interface TestDatabase extends PostgresConnection {
  readonly name: string;
  drop(): Promise<void>;
}

/** A database of its own for one test file, cloned from the migrated template (fast: a file copy). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('postgresAdminUrl');
  const name = `medora_test_${newId().replaceAll('-', '').slice(-16)}`;
  const admin = connectPostgres(adminUrl, { max: 1 });
  await admin.pool.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const connection = connectPostgres(url.toString(), { max: 20 });
  return {
    ...connection,
    name,
    async drop() {
      await connection.db.destroy().catch(() => undefined);
      await admin.pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.db.destroy();
    },
  };
}
