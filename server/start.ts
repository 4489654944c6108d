import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from './app';
import { loadSigningKey } from './auth/tokens';
import { hashPassword } from './auth/password';
import type { ServerContext } from './context';
import { startEmbeddedPostgres, type EmbeddedServer } from './db/embedded-postgres';
import { connectPostgres, migratePostgres, type PostgresConnection } from './db/postgres';
import { isEmpty, seedDemoClinicInPostgres } from './seed/seed-postgres';
import { startChangeListener } from './sync/change-listener';
import { truncateChangeLog } from './sync/log-retention';

/** Server configuration; `serverConfigFromEnv` documents each variable (docs/api.md, "Running the server"). */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  /** Postgres to use; when absent, an embedded Postgres runs in `dataDir`. */
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly tlsKeyPath: string | null;
  readonly tlsCertPath: string | null;
  /** Seed the demo clinic when the database is empty. */
  readonly seedDemo: boolean;
  readonly longPollMs: number;
}

export function serverConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    host: env.MEDORA_SERVER_HOST ?? '127.0.0.1',
    port: Number(env.MEDORA_SERVER_PORT ?? 4410),
    databaseUrl: env.DATABASE_URL ?? null,
    dataDir: env.MEDORA_SERVER_DATA_DIR ?? join(process.cwd(), '.medora', 'server'),
    tlsKeyPath: env.MEDORA_TLS_KEY ?? null,
    tlsCertPath: env.MEDORA_TLS_CERT ?? null,
    seedDemo: env.MEDORA_SEED_DEMO !== 'false',
    longPollMs: Number(env.MEDORA_LONG_POLL_MS ?? 20_000),
  };
}

export interface RunningServer {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly postgres: PostgresConnection;
  readonly databaseUrl: string;
  stop(): Promise<void>;
}

/** Builds the request context shared by every route of one instance. */
export async function createServerContext(postgres: PostgresConnection, options: { longPollMs?: number; now?: () => number } = {}): Promise<ServerContext> {
  return {
    db: postgres.db,
    signingKey: await loadSigningKey(postgres.db),
    changes: await startChangeListener(postgres.url),
    dummyHash: await hashPassword('medora-timing-equaliser'),
    now: options.now ?? Date.now,
    longPollMs: options.longPollMs ?? 20_000,
  };
}

/**
 * Starts one server instance: Postgres (embedded unless `databaseUrl`), migrations, optional demo
 * seed, change listener, HTTP(S). Several instances may run against one Postgres.
 */
export async function startServer(config: ServerConfig, log: (line: string) => void = console.log): Promise<RunningServer> {
  let embedded: EmbeddedServer | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, quiet: true });
    const admin = connectPostgres(embedded.adminUrl, { max: 1 });
    const exists = await admin.pool.query(`SELECT 1 FROM pg_database WHERE datname = 'medora'`);
    if (exists.rowCount === 0) await admin.pool.query('CREATE DATABASE medora');
    await admin.db.destroy();
    databaseUrl = embedded.urlFor('medora');
  }
  const postgres = connectPostgres(databaseUrl, { max: 20 });
  const applied = await migratePostgres(postgres.db);
  if (applied.length > 0) log(`Applied Postgres migrations: ${applied.join(', ')}`);
  if (config.seedDemo && (await isEmpty(postgres.db))) {
    const started = Date.now();
    const result = await seedDemoClinicInPostgres(postgres.db);
    log(`Seeded the demo clinic in ${((Date.now() - started) / 1000).toFixed(1)} s (${result.counts.patients ?? 0} patients, ${result.counts.appointments ?? 0} appointments).`);
  }
  const ctx = await createServerContext(postgres, { longPollMs: config.longPollMs });
  const https = config.tlsKeyPath && config.tlsCertPath ? { key: readFileSync(config.tlsKeyPath), cert: readFileSync(config.tlsCertPath) } : null;
  const app = buildServer(ctx, { https });
  // Hourly retention pass; safe to run on every instance (one transaction, idempotent).
  const retention = setInterval(() => void truncateChangeLog(postgres.db, Date.now()).catch(() => undefined), 3_600_000);
  retention.unref();
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `${https ? 'https' : 'http'}://${config.host}:${port}`;
  return {
    url,
    app,
    postgres,
    databaseUrl,
    async stop() {
      clearInterval(retention);
      await app.close();
      await ctx.changes.close();
      await postgres.db.destroy();
      await embedded?.stop();
    },
  };
}
