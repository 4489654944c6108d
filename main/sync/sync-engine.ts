import type { TokenAnswer } from '../../shared/sync/auth-wire';
import type SqliteDatabase from 'better-sqlite3';
import { FetchError } from '@electric-sql/client';
import type { Kysely } from 'kysely';
import { loadIdentity } from '../../shared/auth/identity.repository';
import type { Database } from '../../shared/db/tables';
import { newId } from '../../shared/ids';
import type { EventName } from '../../shared/ipc/contract';
import { DomainError } from '../../shared/ipc/result';
import { isSameStatus, type InitialSyncProgress, type SyncStatus } from '../../shared/sync/sync-status';
import type { CredentialSource } from '../auth/auth.service';
import { serverCredentialSource } from '../auth/server-credentials';
import type { Session, SessionStore } from '../auth/session-store';
import { readDeviceSetting, writeDeviceSetting } from '../device/device-settings';
import { AuditUploader, type AuditUploadReport } from '../audit/audit-upload';
import type { AuditCheckReport, AuditUploadAnswer } from '../../shared/audit/audit-wire';
import { clientIdFor } from './device-mutations';
import { Pusher, type MutationOutcome, type PushReport } from './push';
import { applyWithRebase, settleFromAnswer } from './rebase';
import { isShapeTable, type ShapeTable } from './replica-writer';
import { forgetUserCredential, wipeReplica } from './revoke';
import {
  isRevoking, ServerRefusal, ServerSession, ServerUnreachable, SIGN_IN_REQUIRED, type RevokingCode,
} from './server-session';
import { ShapeSync, type StreamErrorDecision } from './shape-sync';
import { countOpenIssues, countPending } from './sync-issues';

/** How the workstation reaches its clinic server (core option `sync`). */
export interface SyncOptions {
  readonly serverUrl: string;
  /** Replaces global fetch (fault injection in tests; a custom agent in production). */
  readonly fetch?: typeof fetch;
  /** Backoff for streams and pushes: full jitter, from `initialDelayMs` doubling up to `maxDelayMs`. */
  readonly retry?: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  /** How often pending changes are pushed and a stopped sync is restarted. */
  readonly tickMs?: number;
}

/** What the router and handlers need from the engine. */
export interface SyncService {
  status(): Promise<SyncStatus>;
  /** A handler committed a local mutation: push soon, refresh the pending count. */
  notifyLocalMutation(): void;
  /** Pauses the first download until `resumeInitialSync` (it survives ticks, restarts and sign-ins). */
  cancelInitialSync(): Promise<SyncStatus>;
  /** Continues a paused first download where it stopped. */
  resumeInitialSync(): Promise<SyncStatus>;
}

export interface SyncEngineOptions extends SyncOptions {
  readonly db: Kysely<Database>;
  readonly sqlite: SqliteDatabase.Database;
  readonly deviceId: string;
  readonly sessions: SessionStore;
  readonly now: () => number;
  /** Router events (`sync.status` to every window, `session.changed` to a signed-out window). */
  readonly emit: (windowKey: string | null, event: EventName, payload: unknown) => void;
  /**
   * The replica received rows of these tables (null: of any table, as after a wipe). The first sync
   * makes a clinic appear.
   */
  readonly onReplicaChanged?: (tables: readonly string[] | null) => void;
}

/** Tables sign-in reads to build a session (shared/auth/identity.repository.ts). */
export const IDENTITY_TABLES: readonly ShapeTable[] = ['clinics', 'users', 'user_roles', 'user_facilities'];
const IDENTITY_TIMEOUT_MS = 120_000;
const SYNC_USER = 'sync_user';
const REVOKED = 'device_revoked';
/** Set while the user has paused the first download (value: the progress when it was paused, JSON). */
const PAUSED = 'initial_sync_paused';

/**
 * The workstation's sync with its clinic server: the server as password source, per-user tokens, one
 * read-path ShapeSync for the user who signed in online last (the replica holds that user's scope;
 * another user's sign-in switches it, and the server's 409s replace each table), the outbox pusher,
 * status for the UI, and the revoke path.
 */
export class SyncEngine implements SyncService {
  readonly server: ServerSession;
  readonly pusher: Pusher;
  /** Hands this workstation's audit entries to the server, which verifies their chain. */
  readonly auditUploader: AuditUploader;
  readonly credentialSource: CredentialSource;
  private readonly fetch: typeof fetch;
  private readonly backoff: { initialDelay: number; maxDelay: number; multiplier: number };
  private shapeSync: ShapeSync | null = null;
  private syncUser: string | null = null;
  private following: Promise<void> = Promise.resolve();
  private online = false;
  private revokedMessage: string | null = null;
  private problem: string | null = null;
  private pushProblem: string | null = null;
  private pending = 0;
  private openIssues = 0;
  private storedLastSyncedAt: number | null = null;
  private lastEmitted: SyncStatus | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private closed = false;
  private wiping: Promise<void> | null = null;
  /** The first download is paused by the user: the progress it had reached, until they resume. */
  private paused: InitialSyncProgress | null = null;

  constructor(private readonly options: SyncEngineOptions) {
    const base = options.fetch ?? ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => fetch(input, init));
    this.fetch = async (input, init) => {
      try {
        const response = await base(input, init);
        this.setOnline(true);
        return response;
      } catch (error) {
        // A deliberate abort (stop, a stream's reconnect) says nothing about the network.
        if (!(error instanceof Error && error.name === 'AbortError') && !this.closed) this.setOnline(false);
        throw error;
      }
    };
    const retry = options.retry ?? { initialDelayMs: 1_000, maxDelayMs: 32_000 };
    this.backoff = { initialDelay: retry.initialDelayMs, maxDelay: retry.maxDelayMs, multiplier: 2 };
    this.server = new ServerSession({
      serverUrl: options.serverUrl.replace(/\/+$/, ''),
      deviceId: options.deviceId,
      db: options.db,
      fetch: this.fetch,
      now: options.now,
      onRevoked: (code, userId, message) => void this.revoked(code, userId, message),
    });
    this.pusher = new Pusher({
      db: options.db,
      server: this.server,
      backoff: this.backoff,
      onProblem: (message) => {
        this.pushProblem = message;
        void this.publish();
      },
      onPushed: () => void this.publish(),
      onAnswer: (clientId, userId, results) => this.settleAnswer(userId, clientId, results),
    });
    this.auditUploader = new AuditUploader({
      db: options.db,
      deviceId: options.deviceId,
      send: async (entries) => {
        const actor = this.syncUser;
        if (!actor || !(await this.server.canActFor(actor))) throw new ServerUnreachable('No signed-in user to hand in the audit trail with.');
        return this.server.request<AuditUploadAnswer>(actor, 'POST', '/v1/audit/entries', { entries });
      },
    });
    this.credentialSource = serverCredentialSource({
      db: options.db,
      server: this.server,
      onSignedIn: (answer) => this.signedIn(answer),
      onUserDeactivated: (userId, message) => this.userDeactivated(userId, message),
    });
  }

  /** Resumes where the workstation left off: the revoked flag, or syncing for the last user with a stored token. */
  async start(): Promise<void> {
    const { db } = this.options;
    this.revokedMessage = await readDeviceSetting(db, REVOKED);
    const stored = await db.selectFrom('shape_positions').select((eb) => eb.fn.min('up_to_date_at').as('at')).executeTakeFirst();
    this.storedLastSyncedAt = stored?.at ?? null;
    this.syncUser = await readDeviceSetting(db, SYNC_USER);
    const paused = await readDeviceSetting(db, PAUSED);
    this.paused = paused ? (JSON.parse(paused) as InitialSyncProgress) : null;
    await this.publish();
    if (this.revokedMessage) return;
    if (this.syncUser && (await this.server.canActFor(this.syncUser))) void this.follow(this.syncUser);
    this.pusher.schedule();
    const tickMs = this.options.tickMs ?? 30_000;
    this.ticker = setInterval(() => this.tick(), tickMs);
    this.ticker.unref();
  }

  /**
   * Periodic: push what is pending, hand in the audit trail while the server answers, and restart a sync
   * that stopped (offline for long, a failed apply).
   */
  private tick(): void {
    if (this.closed || this.revokedMessage) return;
    this.pusher.schedule();
    // Offline, a tick would only fail another request; the trail is handed in when the server answers again.
    if (this.online) void this.uploadAudit().catch(() => undefined);
    if (this.syncUser && !this.paused && (!this.shapeSync || this.shapeSync.isStopped) && this.problem !== SIGN_IN_MESSAGE) void this.follow(this.syncUser);
  }

  /** Stops streams, pushes and timers (the replica stays as it is). */
  async stop(): Promise<void> {
    this.closed = true;
    if (this.ticker) clearInterval(this.ticker);
    this.server.close();
    await this.pusher.stop();
    await this.following.catch(() => undefined);
    await this.shapeSync?.stop();
    await this.wiping?.catch(() => undefined);
  }

  /**
   * Pauses the first download: the streams stop and stay stopped (the tick, a restart and a sign-in of
   * the same user leave it paused) until `resumeInitialSync`. What arrived stays, with its positions, so
   * resuming continues where it stopped. Pushing local changes goes on. Only the first download can be
   * paused: once the replica caught up, the live stream costs next to nothing.
   */
  async cancelInitialSync(): Promise<SyncStatus> {
    await this.following.catch(() => undefined);
    const running = this.shapeSync;
    const progress = running && !running.isStopped ? running.progress() : null;
    if (!progress) throw new DomainError('conflict', 'No first download is running.');
    this.paused = progress;
    await writeDeviceSetting(this.options.db, PAUSED, JSON.stringify(progress));
    this.shapeSync = null;
    await running?.stop();
    await this.publish();
    return this.status();
  }

  /** Continues a paused first download (a no-op when none is paused). */
  async resumeInitialSync(): Promise<SyncStatus> {
    if (this.paused) {
      this.paused = null;
      await this.options.db.deleteFrom('device_settings').where('key', '=', PAUSED).execute();
      if (this.syncUser) await this.follow(this.syncUser);
    }
    await this.publish();
    return this.status();
  }

  /** The user resumed, or a sign-in needs the server's data (another user, or one the replica does not know yet). */
  private async unpause(): Promise<void> {
    if (!this.paused) return;
    this.paused = null;
    await this.options.db.deleteFrom('device_settings').where('key', '=', PAUSED).execute();
  }

  // ---- sign-in --------------------------------------------------------------------------------------

  /** The server accepted a password: sync for that user, and wait until the replica knows who they are. */
  private async signedIn(answer: TokenAnswer): Promise<void> {
    if (this.revokedMessage) {
      // The server let this device in again, so it is no longer revoked.
      this.revokedMessage = null;
      await this.options.db.deleteFrom('device_settings').where('key', '=', REVOKED).execute();
    }
    if (this.problem === SIGN_IN_MESSAGE) this.problem = null;
    // A paused first download stays paused for the user who paused it, unless sign-in cannot work without it.
    if (this.paused && (answer.userId !== this.syncUser || !(await loadIdentity(this.options.db, answer.userId)))) await this.unpause();
    if (this.paused) {
      this.pusher.schedule();
      return;
    }
    await this.follow(answer.userId);
    this.pusher.schedule();
    if (await loadIdentity(this.options.db, answer.userId)) return;
    const sync = this.shapeSync;
    if (sync) await sync.whenCaughtUp(IDENTITY_TABLES, IDENTITY_TIMEOUT_MS);
    if (!(await loadIdentity(this.options.db, answer.userId))) {
      throw new DomainError('unavailable', 'Your account could not be loaded from the clinic server yet. Try again in a moment.');
    }
  }

  /**
   * Makes `userId` the user whose scope the replica follows, and (re)starts the read path for them.
   * Calls are serialized; a call for the user already followed by a running sync does nothing.
   */
  follow(userId: string): Promise<void> {
    const next = this.following.catch(() => undefined).then(() => this.switchTo(userId));
    this.following = next;
    return next;
  }

  private async switchTo(userId: string): Promise<void> {
    if (this.closed || this.revokedMessage || this.paused) return;
    const { db, sqlite } = this.options;
    if (this.shapeSync && this.shapeSync.userId === userId && !this.shapeSync.isStopped) return;
    await this.shapeSync?.stop();
    this.shapeSync = null;
    if (this.syncUser !== userId) {
      this.syncUser = userId;
      await writeDeviceSetting(db, SYNC_USER, userId);
    }
    const clientId = await clientIdFor(db, userId, newId);
    let tables: ShapeTable[];
    try {
      const manifest = await this.server.request<{ tables: string[] }>(userId, 'GET', `/v1/sync/manifest?client_id=${encodeURIComponent(clientId)}`);
      tables = manifest.tables.filter(isShapeTable);
    } catch (error) {
      this.noteFailure(error);
      await this.publish();
      return;
    }
    const sync: ShapeSync = new ShapeSync({
      serverUrl: this.server.serverUrl,
      userId,
      clientId,
      tables,
      // A first sign-in waits for the tables that say who the user is: download those before the rest.
      first: (await loadIdentity(db, userId)) ? [] : IDENTITY_TABLES,
      db,
      sqlite,
      fetch: this.fetch,
      now: this.options.now,
      backoff: this.backoff,
      token: () => this.server.accessToken(userId),
      onStreamError: (error) => this.streamError(userId, error),
      onApplied: (batch) => {
        if (batch.rows > 0) this.options.onReplicaChanged?.(batch.tables);
        // Only a rebase that settled entries changes what is pending or in the inbox; every other batch
        // (most move a position or bring others' rows) keeps the counts, so none is read again.
        void this.publish(batch.rebase.confirmed + batch.rebase.refused > 0);
      },
      onStopped: () => {
        // The tick starts a new sync later, unless the reason needs a person (noted by streamError).
        if (this.shapeSync === sync) void this.publish();
      },
    });
    this.shapeSync = sync;
    this.problem = null;
    try {
      await sync.start();
    } catch (error) {
      // The replica could not be prepared (a database error): stop; the tick tries again later.
      await sync.stop();
      this.problem = `Syncing could not start: ${error instanceof Error ? error.message : 'unknown error'}`;
    }
    await this.publish();
  }

  /** Stream failures: refresh the token on 401 and go on; stop on a revoked device or user, or a bad request. */
  private async streamError(userId: string, error: unknown): Promise<StreamErrorDecision> {
    if (error instanceof FetchError) {
      if (this.server.noticeRefusal(error.status, error.json, userId)) return 'stop';
      if (error.status === 401) {
        try {
          await this.server.refresh(userId);
          return 'retry';
        } catch (refreshError) {
          return this.noteFailure(refreshError) ? 'retry' : 'stop';
        }
      }
      if (error.status >= 400 && error.status < 500 && error.status !== 429) return 'stop';
      return 'retry';
    }
    return this.noteFailure(error) ? 'retry' : 'stop';
  }

  /** Records why talking to the server failed; returns whether trying again later can help. */
  private noteFailure(error: unknown): boolean {
    if (error instanceof ServerUnreachable) return true;
    if (error instanceof ServerRefusal) {
      if (error.code === SIGN_IN_REQUIRED) this.problem = SIGN_IN_MESSAGE;
      else if (!isRevoking(error.code)) this.problem = error.message;
      return false;
    }
    return true;
  }

  // ---- revocation -----------------------------------------------------------------------------------

  private async revoked(code: RevokingCode, userId: string | null, message: string): Promise<void> {
    if (code === 'device_revoked') await this.wipe(message);
    else await this.userDeactivated(userId, message);
  }

  /**
   * The clinic revoked this workstation: hand in the audit entries the server has not accepted yet (the
   * server takes them from a revoked device, with a token issued before the revocation), then erase its
   * data at this contact and end every session. Entries that could not be handed in are erased with the
   * rest, and the revocation notice says how many.
   */
  private wipe(message: string): Promise<void> {
    this.wiping ??= (async () => {
      this.revokedMessage = message;
      await this.pusher.stop();
      const running = this.shapeSync;
      this.shapeSync = null;
      await running?.stop();
      const unsent = await this.auditUploader.upload().then(() => this.auditUploader.backlog(), () => this.auditUploader.backlog());
      if (unsent > 0) {
        this.revokedMessage = `${message} ${unsent === 1 ? 'One audit entry' : `${unsent} audit entries`} recorded here could not be handed in to the clinic server first.`;
      }
      await wipeReplica(this.options.db, this.options.sqlite);
      await this.server.forgetAll();
      await writeDeviceSetting(this.options.db, REVOKED, this.revokedMessage);
      this.syncUser = null;
      for (const session of this.options.sessions.all()) this.endSession(session);
      this.options.onReplicaChanged?.(null);
      await this.publish();
    })();
    return this.wiping;
  }

  /** The clinic deactivated a user: their sessions end and this workstation forgets their password. */
  private async userDeactivated(userId: string | null, message: string): Promise<void> {
    if (!userId) return;
    for (const session of this.options.sessions.all()) if (session.subject.userId === userId) this.endSession(session);
    await forgetUserCredential(this.options.db, userId);
    await this.server.forget(userId);
    if (this.syncUser === userId) {
      const running = this.shapeSync;
      this.shapeSync = null;
      this.syncUser = null;
      await running?.stop();
      await this.options.db.deleteFrom('device_settings').where('key', '=', SYNC_USER).execute();
      this.problem = message;
    }
    await this.publish();
  }

  private endSession(session: Session): void {
    this.options.sessions.delete(session.windowKey);
    this.options.emit(session.windowKey, 'session.changed', null);
  }

  // ---- write path and passwords ---------------------------------------------------------------------

  notifyLocalMutation(): void {
    this.pusher.schedule();
    void this.publish();
  }

  /**
   * Hands the audit entries the server has not accepted yet to it now (the periodic tick does this on
   * its own). Throws when the server cannot be reached or refuses.
   */
  uploadAudit(): Promise<AuditUploadReport> {
    if (this.closed || this.revokedMessage) return Promise.resolve({ sent: 0, findings: [] });
    return this.auditUploader.upload();
  }

  /**
   * A push answer for a user other than the one the replica follows: their `client_mutations` and
   * `mutation_results` rows are outside the synced scope now, so the answer itself settles their entries
   * (applied ones leave the outbox, refused ones go to the inbox under that user). The followed user's
   * entries are settled by the replica, in the same transaction as the server's rows (no flicker).
   */
  private async settleAnswer(userId: string, clientId: string, results: readonly MutationOutcome[]): Promise<void> {
    if (userId === this.syncUser || results.length === 0) return;
    const { db, sqlite, now } = this.options;
    await applyWithRebase(db, sqlite, now(), () => settleFromAnswer(sqlite, clientId, results, now()));
    this.options.onReplicaChanged?.(null);
    void this.publish();
  }

  /** Pushes pending changes now (the periodic tick and local mutations do this on their own). */
  pushNow(): Promise<PushReport> {
    return this.pusher.pushNow();
  }

  /** `services.passwords`: passwords are set on the server directly, never through the outbox. */
  readonly passwords = {
    set: async (session: Session, userId: string, password: string): Promise<void> => {
      const actor = session.subject.userId;
      const unavailable = new DomainError('unavailable', 'Setting a password needs a connection to the clinic server.');
      if (this.revokedMessage || !(await this.server.canActFor(actor))) throw unavailable;
      // A user created a moment ago may exist only in the outbox: the server must have it first.
      await this.pusher.pushNow();
      try {
        await this.server.request(actor, 'POST', `/v1/admin/users/${encodeURIComponent(userId)}/password`, { password });
      } catch (error) {
        if (error instanceof ServerUnreachable) throw unavailable;
        if (!(error instanceof ServerRefusal)) throw error;
        if (error.code === 'forbidden') throw new DomainError('forbidden');
        if (error.code === 'not_found') {
          throw new DomainError('not_found', 'The clinic server has not accepted this user. If it refused the login (a username already taken in another clinic, say), the sync issues say why; otherwise try again once the workstation has synced.');
        }
        if (error.code === 'invalid_input') throw new DomainError('invalid_input', error.message);
        throw new DomainError('unavailable', error.code === SIGN_IN_REQUIRED ? 'Sign in again to set passwords on the clinic server.' : error.message);
      }
    },

    /** The signed-in user replaces their own password on the server (the current one is checked there). */
    changeOwn: async (session: Session, currentPassword: string, newPassword: string): Promise<void> => {
      const actor = session.subject.userId;
      const unavailable = new DomainError('unavailable', 'Changing your password needs a connection to the clinic server.');
      if (this.revokedMessage || !(await this.server.canActFor(actor))) throw unavailable;
      try {
        await this.server.request(actor, 'POST', '/v1/auth/password', { currentPassword, newPassword });
      } catch (error) {
        if (error instanceof ServerUnreachable) throw unavailable;
        if (!(error instanceof ServerRefusal)) throw error;
        if (error.code === 'invalid_input') {
          const fields = (error.details as { fields?: { path: string; message: string }[] } | undefined)?.fields;
          throw new DomainError('invalid_input', error.message, fields);
        }
        throw new DomainError('unavailable', error.code === SIGN_IN_REQUIRED ? 'Sign in again to change your password.' : error.message);
      }
    },
  };

  /** `services.interchangeNumbers`: ISA13 numbers come from the server, so no two workstations share one. */
  readonly interchangeNumbers = {
    next: async (session: Session): Promise<number> => {
      const actor = session.subject.userId;
      const unavailable = new DomainError('unavailable', 'Numbering a claim file needs a connection to the clinic server (clearinghouses refuse a repeated interchange number).');
      if (this.revokedMessage || !(await this.server.canActFor(actor))) throw unavailable;
      try {
        const answer = await this.server.request<{ controlNumber: number }>(actor, 'POST', '/v1/billing/interchange-control-numbers', {});
        return answer.controlNumber;
      } catch (error) {
        if (error instanceof ServerUnreachable) throw unavailable;
        if (error instanceof ServerRefusal && error.code === 'forbidden') throw new DomainError('forbidden');
        if (error instanceof ServerRefusal) throw new DomainError('unavailable', error.code === SIGN_IN_REQUIRED ? 'Sign in again to number claim files on the clinic server.' : error.message);
        throw error;
      }
    },
  };

  /** `services.auditServer`: the server verifies the whole clinic trail, after this device handed in its own. */
  readonly auditServer = {
    check: async (session: Session): Promise<AuditCheckReport> => {
      const actor = session.subject.userId;
      const unavailable = new DomainError('unavailable', 'Checking the audit trail needs a connection to the clinic server.');
      if (this.revokedMessage || !(await this.server.canActFor(actor))) throw unavailable;
      await this.uploadAudit().catch(() => undefined);
      try {
        return await this.server.request<AuditCheckReport>(actor, 'POST', '/v1/admin/audit/check', {}, 120_000);
      } catch (error) {
        if (error instanceof ServerUnreachable) throw unavailable;
        if (error instanceof ServerRefusal && error.code === 'forbidden') throw new DomainError('forbidden');
        if (error instanceof ServerRefusal) throw new DomainError('unavailable', error.code === SIGN_IN_REQUIRED ? 'Sign in again to check the audit trail on the clinic server.' : error.message);
        throw error;
      }
    },
  };

  // ---- status ---------------------------------------------------------------------------------------

  private setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    if (online) {
      this.pusher.schedule();
      void this.uploadAudit().catch(() => undefined);
    }
    void this.publish();
  }

  /** The current status with fresh counts. */
  async status(): Promise<SyncStatus> {
    const { db } = this.options;
    [this.pending, this.openIssues] = await Promise.all([countPending(db), countOpenIssues(db)]);
    return this.snapshot();
  }

  private snapshot(): SyncStatus {
    const sync = this.shapeSync;
    const message = this.revokedMessage ?? this.pushProblem ?? this.problem;
    return {
      configured: true,
      online: this.online && !this.revokedMessage,
      pending: this.pending,
      openIssues: this.openIssues,
      lastSyncedAt: sync?.lastSyncedAt() ?? this.storedLastSyncedAt,
      initialSync: this.paused ?? (sync && !sync.isStopped ? sync.progress() : null),
      initialSyncPaused: this.paused !== null,
      revoked: this.revokedMessage !== null,
      message,
    };
  }

  /**
   * Emits `sync.status` to every window when what the user would see changed. `recount`: read the
   * pending and inbox counts again (false when nothing that changes them happened since they were read).
   */
  private async publish(recount = true): Promise<void> {
    if (this.closed) return;
    let status: SyncStatus;
    try {
      status = recount ? await this.status() : this.snapshot();
    } catch {
      return;
    }
    if (this.lastEmitted && isSameStatus(this.lastEmitted, status)) return;
    this.lastEmitted = status;
    if (status.lastSyncedAt !== null) this.storedLastSyncedAt = status.lastSyncedAt;
    this.options.emit(null, 'sync.status', status);
  }

  /** The read path currently running (tests and diagnostics). */
  get activeSync(): ShapeSync | null {
    return this.shapeSync;
  }
}

const SIGN_IN_MESSAGE = 'Sign in again to resume syncing.';
