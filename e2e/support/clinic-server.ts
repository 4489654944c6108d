import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startCore, type Core } from '../../main/core';
import { startBridge, type Bridge } from '../../main/ipc/bridge';
import { buildServer } from '../../server/app';
import type { ServerContext } from '../../server/context';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../server/db/embedded-postgres';
import { connectPostgres, migratePostgres, type PostgresConnection } from '../../server/db/postgres';
import { seedDemoClinicInPostgres } from '../../server/seed/seed-postgres';
import { createServerContext } from '../../server/start';
import { SMALL_DEMO } from '../../test/support/sync-server';
import { VIEWPORT } from './app';
import { RENDERER_DIST } from './paths';

/**
 * A real clinic server for the specs that sync (embedded Postgres in a temporary folder, migrated and seeded
 * with the small demo clinic, and the sync server on loopback), and workstations syncing with it (core with
 * `sync`, the loopback bridge and a Chromium page), each starting from an empty data folder.
 */

export interface ClinicServer {
  readonly url: string;
  readonly postgres: PostgresConnection;
  stop(): Promise<void>;
}

/** `name` goes into the temporary folder's name; `poolSize` is the server's Postgres pool. */
export async function startClinicServer({ name, poolSize }: { name: string; poolSize: number }): Promise<ClinicServer> {
  const folder = mkdtempSync(path.join(tmpdir(), `medora-e2e-${name}-pg-`));
  let embedded: EmbeddedServer | null = null;
  let postgres: PostgresConnection | null = null;
  let ctx: ServerContext | null = null;
  const cleanup = async () => {
    await ctx?.changes.close().catch(() => undefined);
    await postgres?.db.destroy().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    embedded = await startEmbeddedPostgres({ dataDir: folder, quiet: true });
    const admin = connectPostgres(embedded.adminUrl, { max: 1 });
    await admin.pool.query('CREATE DATABASE medora_e2e');
    await admin.db.destroy();
    postgres = connectPostgres(embedded.urlFor('medora_e2e'), { max: poolSize });
    await migratePostgres(postgres.db);
    await seedDemoClinicInPostgres(postgres.db, { scale: SMALL_DEMO });
    ctx = await createServerContext(postgres, { longPollMs: 1_500 });
    const app = buildServer(ctx);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const connection = postgres;
    return {
      url: `http://127.0.0.1:${port}`,
      postgres: connection,
      async stop() {
        await app.close();
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

export interface SyncingWorkstation {
  readonly core: Core;
  readonly page: Page;
  close(): Promise<void>;
}

/**
 * A fresh workstation syncing with `serverUrl` (through `fetch` when given, so a spec can cut or slow its
 * network), its window open at the sign-in screen. Errors thrown in the page are pushed to `pageErrors`.
 */
export async function openSyncingWorkstation(browser: Browser, { name, serverUrl, fetch, pageErrors }: {
  name: string;
  serverUrl: string;
  fetch?: typeof globalThis.fetch;
  pageErrors: string[];
}): Promise<SyncingWorkstation> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `medora-e2e-${name}-`));
  const core = await startCore({
    dataDir,
    sync: { serverUrl, ...(fetch ? { fetch } : {}), retry: { initialDelayMs: 100, maxDelayMs: 1_000 }, tickMs: 500 },
  });
  const bridge: Bridge = await startBridge({ router: core.router, staticDir: RENDERER_DIST });
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(bridge.url);
  return {
    core,
    page,
    async close() {
      await context.close();
      await bridge.close();
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
