import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../server/db/embedded-postgres';
import { connectPostgres, migratePostgres } from '../../server/db/postgres';

import { TEMPLATE_DATABASE } from './postgres-names';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}

/**
 * One Postgres per test run: the embedded one, or the server at DATABASE_URL. A migrated template
 * database is built once; each test file clones its own database from it (see postgres.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: EmbeddedServer | null = null;
  let dataDir: string | null = null;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dataDir = mkdtempSync(join(tmpdir(), 'medora-pg-'));
    embedded = await startEmbeddedPostgres({ dataDir, quiet: true });
    adminUrl = embedded.adminUrl;
  }
  const admin = connectPostgres(adminUrl, { max: 2 });
  await admin.pool.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
  await admin.pool.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  const template = connectPostgres(templateUrl.toString(), { max: 1 });
  await migratePostgres(template.db);
  await template.db.destroy();
  await admin.db.destroy();
  project.provide('postgresAdminUrl', adminUrl);

  return async () => {
    await embedded?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}
