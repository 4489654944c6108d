import type { FastifyInstance } from 'fastify';
import { DEMO_PASSWORD } from '../../shared/demo/demo-clinic';
import { newId } from '../../shared/ids';
import { buildServer } from '../../server/app';
import type { ServerContext } from '../../server/context';
import { seedDemoClinicInPostgres } from '../../server/seed/seed-postgres';
import { createServerContext } from '../../server/start';
import { createTestDatabase, type TestDatabase } from './postgres';

/** A small demo clinic: enough rows for every role's scope, quick to seed. */
export const SMALL_DEMO = { patients: 300, appointments: 2_000 } as const;

export interface TestServer {
  readonly url: string;
  readonly database: TestDatabase;
  readonly ctx: ServerContext;
  readonly app: FastifyInstance;
  readonly clinicId: string;
  /** Signs in through the real endpoint; returns the token answer. */
  login(username: string, deviceId?: string): Promise<{ accessToken: string; refreshToken: string; userId: string; deviceId: string }>;
  /** A second instance on the same Postgres (multi-instance tests). */
  startAnotherInstance(): Promise<{ url: string; stop(): Promise<void> }>;
  stop(): Promise<void>;
}

async function listen(ctx: ServerContext): Promise<{ app: FastifyInstance; url: string }> {
  const app = buildServer(ctx);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, url: `http://127.0.0.1:${port}` };
}

/** A real sync server (Fastify + Postgres) on loopback, over a fresh database seeded with the small demo. */
export async function startTestServer(options: { longPollMs?: number; seed?: boolean } = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const seeded = options.seed === false ? null : await seedDemoClinicInPostgres(database.db, { scale: SMALL_DEMO });
  const ctx = await createServerContext(database, { longPollMs: options.longPollMs ?? 1_500 });
  const { app, url } = await listen(ctx);
  const others: { stop(): Promise<void> }[] = [];
  return {
    url,
    database,
    ctx,
    app,
    clinicId: seeded?.clinicId ?? '',
    async login(username, deviceId = newId()) {
      const response = await fetch(`${url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD, deviceId }),
      });
      if (!response.ok) throw new Error(`login ${username} failed: ${response.status} ${await response.text()}`);
      return (await response.json()) as { accessToken: string; refreshToken: string; userId: string; deviceId: string };
    },
    async startAnotherInstance() {
      const otherCtx = await createServerContext(database, { longPollMs: options.longPollMs ?? 1_500 });
      const other = await listen(otherCtx);
      const handle = {
        url: other.url,
        async stop() {
          await other.app.close();
          await otherCtx.changes.close();
        },
      };
      others.push(handle);
      return handle;
    },
    async stop() {
      for (const other of others) await other.stop().catch(() => undefined);
      await app.close();
      await ctx.changes.close();
      await database.drop();
    },
  };
}
