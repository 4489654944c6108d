import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { AppStatus } from '../shared/app/app.contract';
import type { Database } from '../shared/db/tables';
import { AuditLog } from './audit/audit-log';
import { AuthService, localCredentialSource, type CredentialSource } from './auth/auth.service';
import { SessionStore } from './auth/session-store';
import { closeDatabase, openDatabase, type Replica } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { ensureDeviceId } from './device/device-settings';
import { handlers } from './ipc/handlers';
import { createRouter, type CoreServices, type Router } from './ipc/router';
import { APP_ORIGIN } from './security/app-origin';
import { SyncEngine, type SyncOptions } from './sync/sync-engine';
import { operatorService } from './admin/operator.service';

export const DATABASE_FILE = 'medora.sqlite';

export interface CoreOptions {
  readonly dataDir: string;
  readonly appVersion?: string;
  readonly now?: () => number;
  /** Extra password sources tried before the device's cached verifiers (the sync server, when online). */
  readonly credentialSources?: readonly CredentialSource[];
  /** The clinic's sync server; without it the workstation runs on its local replica alone. */
  readonly sync?: SyncOptions;
  /** Save dialog and file write for exports (the Electron entry supplies it). */
  readonly saveFile?: CoreServices['saveFile'];
}

/** The main-process core: replica, router and sessions, independent of Electron so it runs in plain Node. */
export interface Core {
  readonly status: AppStatus;
  readonly router: Router;
  readonly deviceId: string;
  /** The replica; null when it could not be opened or migrated. */
  readonly replica: Replica | null;
  readonly db: Kysely<Database> | null;
  readonly sessions: SessionStore;
  /** The sync engine when `sync` was given and the replica opened. */
  readonly sync: SyncEngine | null;
  /** Re-reads the clinic (after seeding or the first sync) so `app.status` reports `ready`. */
  refreshStatus(): Promise<AppStatus>;
  close(): Promise<void>;
}

async function clinicName(db: Kysely<Database>): Promise<string | null> {
  const clinic = await db.selectFrom('clinics').select('name').where('deleted_at', 'is', null).orderBy('created_at').executeTakeFirst();
  return clinic?.name ?? null;
}

/**
 * Opens the replica, runs pending migrations, and builds the router — before any window opens. A
 * failed migration yields a core whose only working channel is `app.status`, so the renderer shows an
 * error screen instead of a blank window, and the data folder is left as it was.
 */
export async function startCore(options: CoreOptions): Promise<Core> {
  mkdirSync(options.dataDir, { recursive: true });
  const version = options.appVersion ?? '0.1.0';
  const sessions = new SessionStore();
  let replica: Replica;
  let outcome: { error: string | null };
  try {
    replica = openDatabase(join(options.dataDir, DATABASE_FILE));
    outcome = await migrateToLatest(replica.db as Kysely<unknown>);
  } catch (error) {
    // An unreadable file: serve the error screen from an empty in-memory database and leave the file untouched.
    replica = openDatabase(':memory:');
    outcome = { error: `The local database could not be opened: ${error instanceof Error ? error.message : 'unknown error'}` };
  }
  const { db } = replica;

  let status: AppStatus;
  let deviceId = 'unknown';
  if (outcome.error) {
    status = { state: 'migration_failed', version, clinicName: null, deviceId, problem: outcome.error };
  } else {
    deviceId = await ensureDeviceId(db);
    const name = await clinicName(db);
    status = { state: name ? 'ready' : 'no_clinic', version, clinicName: name, deviceId, problem: null };
  }

  const auditLog = new AuditLog(db, deviceId, replica.sqlite);
  const now = options.now ?? Date.now;
  let router: Router | null = null;
  // The server is the first password source when configured; the device's cached verifiers come last.
  const engine = options.sync && !outcome.error
    ? new SyncEngine({
        ...options.sync, db, sqlite: replica.sqlite, deviceId, sessions, now,
        emit: (windowKey, event, payload) => router?.emit(windowKey, event, payload),
        // The clinic's name is read again only when it can have changed (or appeared, by the first sync).
        onReplicaChanged: (tables) => {
          if (tables === null || tables.includes('clinics') || status.clinicName === null) void refreshStatus();
        },
      })
    : null;
  const sources = [...(engine ? [engine.credentialSource] : []), ...(options.credentialSources ?? []), localCredentialSource(db)];
  const auth = new AuthService({ db, deviceId, sources });
  // With a clinic server, an empty replica is filled by the first online sign-in.
  const firstSignInHint = engine ? 'Sign in while connected to the clinic server; your clinic data will download to this workstation.' : null;
  if (status.state === 'no_clinic') status = { ...status, problem: firstSignInHint };
  const currentStatus = () => status;
  async function refreshStatus(): Promise<AppStatus> {
    if (status.state !== 'migration_failed') {
      const name = await clinicName(db);
      status = { ...status, state: name ? 'ready' : 'no_clinic', clinicName: name, problem: name ? null : firstSignInHint };
    }
    return status;
  }
  router = createRouter({
    services: {
      db, auth, sessions, auditLog, status: currentStatus, deviceId,
      ...(engine
        ? { sync: engine, passwords: engine.passwords, auditServer: engine.auditServer, interchangeNumbers: engine.interchangeNumbers, operator: operatorService(engine.server) }
        : {}),
      emit: (windowKey, event, payload) => router?.emit(windowKey, event, payload),
      ...(options.saveFile ? { saveFile: options.saveFile } : {}),
    },
    handlers,
    appOrigin: APP_ORIGIN,
    ...(options.now ? { now: options.now } : {}),
  });

  await engine?.start();

  return {
    get status() {
      return status;
    },
    router,
    deviceId,
    replica,
    db,
    sessions,
    sync: engine,
    refreshStatus,
    async close() {
      await engine?.stop();
      await closeDatabase(replica);
    },
  };
}
