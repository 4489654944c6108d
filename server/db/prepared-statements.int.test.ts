import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/postgres';
import { PREPARED } from './postgres';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.drop());

describe('statements marked PREPARED', () => {
  it('run as one named prepared statement per text on a connection, with their own parameters each time', async () => {
    await database.db.connection().execute(async (connection) => {
      const prepared = () => sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE '%medora:prepared%' AND statement NOT LIKE '%pg_prepared_statements%'`.execute(connection);
      expect((await prepared()).rows).toEqual([]);
      const double = (value: number) => sql<{ doubled: number }>`${PREPARED}SELECT ${value}::int * 2 AS doubled`.execute(connection);
      expect((await double(21)).rows).toEqual([{ doubled: 42 }]);
      expect((await double(5)).rows).toEqual([{ doubled: 10 }]);
      const statements = (await prepared()).rows;
      expect(statements).toHaveLength(1);
      expect(statements[0]?.name).toMatch(/^medora_[0-9a-f]{20}$/);
      // Unmarked statements stay unnamed (Postgres lists named statements only).
      await sql`SELECT 1 AS one`.execute(connection);
      expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_prepared_statements`.execute(connection)).rows).toEqual([{ n: 1 }]);
    });
  });
});
