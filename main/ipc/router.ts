import type { Kysely } from 'kysely';
import { z } from 'zod';
import { can, isAction, type Subject } from '../../shared/auth/permissions';
import type { Database } from '../../shared/db/tables';
import { AUTHENTICATED, PUBLIC } from '../../shared/ipc/channel';
import {
  channels, isChannelName, type ChannelName, type Channels, type EventName, type OutputOf, type ParsedInputOf,
} from '../../shared/ipc/contract';
import { DomainError, ERROR_CODES, fail, ok, type FieldError, type Result } from '../../shared/ipc/result';
import type { AuditLog } from '../audit/audit-log';
import type { AuthService } from '../auth/auth.service';
import { enforceIdleLock, type Session, type SessionStore } from '../auth/session-store';
import { inWriteTransaction, type WriteTransaction } from '../db/connection';
import { createScopedRepository, type ScopedRepository } from '../db/scoped-repository';
import { isTrustedSender } from '../security/sender';
import { newId } from '../../shared/ids';
import type { MutatorName } from '../../shared/sync/mutators';
import { clientIdFor, mutateOnDevice, type MutatorArgs, type MutatorResult } from '../sync/device-mutations';
import type { SyncService } from '../sync/sync-engine';
import type { AppStatus } from '../../shared/app/app.contract';
import type { AuditCheckReport } from '../../shared/audit/audit-wire';
import type { OperatorService } from '../admin/operator.service';

/** Who sent a request and over which transport. The router trusts nothing else about the caller. */
export interface Caller {
  readonly transport: 'ipc' | 'bridge';
  /** Electron webContents id, or the bridge's per-page window id (prefixed by the bridge). */
  readonly windowKey: string;
  /** Electron only: the frame that sent the message. */
  readonly sender?: { readonly url: string; readonly isMainFrame: boolean };
}

/** Fields a handler adds to the audit entry the router writes for its call. */
export interface AuditNote {
  entityType?: string | null;
  entityId?: string | null;
  patientId?: string | null;
  facilityId?: string | null;
  detail?: Record<string, unknown>;
}

/**
 * A PHI read a handler reports with `ctx.auditRead`: the record opened, a search and how many rows it
 * returned, a print, an export. User, device, facility and time are added by the router.
 */
export interface AuditRead {
  /** Defaults to the channel's name. Name the act when it is more specific: `patient.print`, `invoice.export`. */
  readonly action?: string;
  /** The patient whose record was read (the record opened); null for a search across patients. */
  readonly patientId?: string | null;
  readonly entityType?: string | null;
  readonly entityId?: string | null;
  /** Defaults to the user's facility when they have exactly one. */
  readonly facilityId?: string | null;
  /** Rows a search or list returned; 0 counts too (a search that found nothing is still a search). */
  readonly resultCount?: number;
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** Services of the core that public channels (sign-in, status) need. */
export interface CoreServices {
  readonly db: Kysely<Database>;
  readonly auth: AuthService;
  readonly sessions: SessionStore;
  readonly auditLog: AuditLog;
  readonly status: () => AppStatus;
  readonly deviceId: string;
  /** Sets a password on the central server (present once the workstation syncs with one). */
  readonly passwords?: {
    set(session: Session, userId: string, password: string): Promise<void>;
    changeOwn(session: Session, currentPassword: string, newPassword: string): Promise<void>;
  };
  /** Issues the clinic's next X12 interchange control number (present once the workstation syncs with a server). */
  readonly interchangeNumbers?: { next(session: Session): Promise<number> };
  /** Verifies the clinic's audit trail on the central server (present once the workstation syncs with one). */
  readonly auditServer?: { check(session: Session): Promise<AuditCheckReport> };
  /** The operator's console on the central server (present once the workstation syncs with one). */
  readonly operator?: OperatorService;
  /** The sync engine (present once the workstation syncs with a server); told after each local mutation. */
  readonly sync?: SyncService;
  /** Pushes an event to one window or every window (progress of long operations such as statement runs). */
  readonly emit?: (windowKey: string | null, event: EventName, payload: unknown) => void;
  /**
   * Asks the user where to save a file and writes it there; resolves to the path, or null when the
   * user cancelled. Present in the desktop app only (browser mode and tests receive the bytes).
   */
  readonly saveFile?: (windowKey: string, suggestedName: string, bytes: Uint8Array) => Promise<string | null>;
}

export interface PublicContext {
  readonly caller: Caller;
  readonly now: number;
  readonly services: CoreServices;
  /** The window's session when there is one (public channels may still be called signed in). */
  readonly session: Session | null;
}

export interface SessionContext extends PublicContext {
  readonly session: Session;
  readonly subject: Subject;
  /** Role- and row-scoped data access. Handlers never see the raw database. */
  readonly repo: ScopedRepository;
  /** Adds entity, patient and detail to this call's audit entry. */
  readonly audit: AuditNote;
  /**
   * Logs a PHI read (docs/audit.md). Each call adds one entry, written when the handler succeeds; once a
   * handler has called it, the router's own entry for the call is not written (the handler described it).
   */
  auditRead(read: AuditRead): void;
  /** Runs a write in one transaction that also appends this call's audit entry. */
  write<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T>;
  /** Runs a named mutation optimistically inside `write`'s transaction and queues it for the server. */
  mutate<N extends MutatorName>(tx: WriteTransaction, name: N, args: MutatorArgs<N>): Promise<MutatorResult<N>>;
}

type ContextFor<C extends ChannelName> = Channels[C]['permission'] extends typeof PUBLIC ? PublicContext : SessionContext;
export type Handler<C extends ChannelName> = (input: ParsedInputOf<C>, ctx: ContextFor<C>) => Promise<OutputOf<C>>;
export type HandlerMap = { [C in ChannelName]: Handler<C> };

export type EventListener = (windowKey: string | null, event: EventName, payload: unknown) => void;

export interface Router {
  dispatch(caller: Caller, channel: unknown, input: unknown): Promise<Result<unknown>>;
  /** Pushes an event to one window, or to all when `windowKey` is null. */
  emit(windowKey: string | null, event: EventName, payload: unknown): void;
  onEvent(listener: EventListener): () => void;
}

export interface RouterOptions {
  readonly services: CoreServices;
  readonly handlers: HandlerMap;
  /** The app's own origin for the Electron sender check. */
  readonly appOrigin: string;
  readonly now?: () => number;
  /** Where internal errors go (never to the renderer). */
  readonly logError?: (channel: string, error: unknown) => void;
}

/**
 * Refuses to start when a channel lacks a valid permission or a handler, or a handler has no channel:
 * a capability cannot be shipped unguarded by forgetting to declare who may call it.
 */
export function assertContractComplete(handlers: Record<string, unknown>): void {
  const problems: string[] = [];
  for (const [name, def] of Object.entries(channels)) {
    const permission: string = def.permission;
    if (permission !== PUBLIC && permission !== AUTHENTICATED && !isAction(permission)) problems.push(`${name}: no valid permission`);
    if (typeof handlers[name] !== 'function') problems.push(`${name}: no handler`);
  }
  for (const name of Object.keys(handlers)) if (!isChannelName(name)) problems.push(`${name}: handler without a channel`);
  if (problems.length > 0) throw new Error(`IPC contract incomplete, refusing to start:\n${problems.join('\n')}`);
}

function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(input)', message: issue.message }));
}

function noteOfRead(read: AuditRead): AuditNote {
  const detail: Record<string, unknown> = { ...(read.detail ?? {}) };
  if (read.resultCount !== undefined) detail.resultCount = read.resultCount;
  return {
    entityType: read.entityType ?? null,
    entityId: read.entityId ?? null,
    patientId: read.patientId ?? null,
    ...(read.facilityId !== undefined ? { facilityId: read.facilityId } : {}),
    detail,
  };
}

/** Array-valued properties of a read's output that hold its result rows. */
const RESULT_KEYS = ['entries', 'items', 'results', 'rows', 'appointments', 'patients'] as const;

/**
 * What the router can tell about a PHI read by itself: the patient named by the input, and how many
 * rows came back (a list, or a page of `entries`/`items`/... ). A handler's own note wins.
 */
function withReadDefaults(note: AuditNote, input: unknown, value: unknown): AuditNote {
  const detail: Record<string, unknown> = { ...(note.detail ?? {}) };
  if (detail.resultCount === undefined) {
    let rows: unknown = Array.isArray(value) ? value : undefined;
    if (rows === undefined && value !== null && typeof value === 'object') {
      const key = RESULT_KEYS.find((k) => Array.isArray((value as Record<string, unknown>)[k]));
      if (key) rows = (value as Record<string, unknown>)[key];
    }
    if (Array.isArray(rows)) detail.resultCount = rows.length;
  }
  const inputPatient = input !== null && typeof input === 'object' ? (input as Record<string, unknown>).patientId : undefined;
  return {
    ...note,
    patientId: note.patientId ?? (typeof inputPatient === 'string' ? inputPatient : null),
    detail,
  };
}

/** Runs a mutation as the session's user, under that user's sync client on this device. */
async function mutateAs<N extends MutatorName>(session: Session, now: number, tx: WriteTransaction, name: N, args: MutatorArgs<N>): Promise<MutatorResult<N>> {
  const clientId = await clientIdFor(tx, session.subject.userId, newId);
  return mutateOnDevice(tx, name, args, { subject: session.subject, clientId, now });
}

/** Builds the router: sender → session → permission → validation → handler → audit → typed result. */
export function createRouter(options: RouterOptions): Router {
  const { services, handlers, appOrigin } = options;
  const now = options.now ?? Date.now;
  const logError = options.logError ?? ((channel, error) => console.error(`[medora] ${channel} failed:`, error instanceof Error ? error.message : 'unknown error'));
  const listeners = new Set<EventListener>();
  assertContractComplete(handlers);

  async function appendAudit(session: Session, action: string, note: AuditNote, at: number, db: Kysely<Database> = services.db) {
    await services.auditLog.append({
      clinicId: session.subject.clinicId,
      userId: session.subject.userId,
      facilityId: note.facilityId ?? (session.subject.facilityIds.length === 1 ? session.subject.facilityIds[0] : null),
      action,
      entityType: note.entityType ?? null,
      entityId: note.entityId ?? null,
      patientId: note.patientId ?? null,
      detail: note.detail ?? {},
      at,
    }, db);
  }

  async function dispatch(caller: Caller, channelName: unknown, rawInput: unknown): Promise<Result<unknown>> {
    if (!isChannelName(channelName)) return fail('unknown_channel');
    if (caller.transport === 'ipc' && (!caller.sender || !isTrustedSender(caller.sender, appOrigin))) return fail('bad_sender');
    const def = channels[channelName];
    const at = now();
    if (services.status().state === 'migration_failed' && channelName !== 'app.status') return fail('unavailable');

    const session = services.sessions.get(caller.windowKey);
    if (def.permission !== PUBLIC) {
      if (!session) return fail('unauthenticated');
      if (enforceIdleLock(session, at) && !def.allowWhenLocked) return fail('session_locked');
      if (session.mustChangePassword && !def.allowBeforePasswordChange) return fail('password_change_required');
      if (def.permission !== AUTHENTICATED && !can(session.subject, def.permission)) {
        if (def.phi !== 'none') await appendAudit(session, 'access.denied', { detail: { channel: channelName } }, at);
        return fail('forbidden');
      }
    }

    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) return fail('invalid_input', ERROR_CODES.invalid_input, { fields: fieldErrors(parsed.error) });

    const handler = handlers[channelName] as (input: unknown, ctx: PublicContext | SessionContext) => Promise<unknown>;
    const note: AuditNote = {};
    const reads: AuditRead[] = [];
    let audited = false;
    let mutated = false;
    const ctx: PublicContext | SessionContext =
      def.permission === PUBLIC || !session
        ? { caller, now: at, services, session }
        : {
            caller, now: at, services, session,
            subject: session.subject,
            repo: createScopedRepository(services.db, session.subject),
            audit: note,
            auditRead: (read) => {
              reads.push(read);
            },
            write: (work) =>
              inWriteTransaction(services.db, async (tx) => {
                const result = await work(tx);
                if (def.phi !== 'none' || def.writes) await appendAudit(session, channelName, note, at, tx);
                audited = true;
                return result;
              }),
            mutate: (tx, name, args) => {
              mutated = true;
              return mutateAs(session, at, tx, name, args);
            },
          };
    try {
      const value = await handler(parsed.data, ctx);
      // Committed by now: the engine pushes it to the server.
      if (mutated) services.sync?.notifyLocalMutation();
      if (session && def.permission !== PUBLIC) {
        if (!def.passive) session.lastActivityAt = at;
        if (reads.length > 0) {
          await inWriteTransaction(services.db, async (tx) => {
            for (const read of reads) await appendAudit(session, read.action ?? channelName, noteOfRead(read), at, tx);
          });
        } else if (!audited && (def.phi !== 'none' || def.writes)) {
          await appendAudit(session, channelName, def.phi === 'read' ? withReadDefaults(note, parsed.data, value) : note, at);
        }
      }
      return ok(value);
    } catch (error) {
      services.auditLog.reset();
      if (error instanceof DomainError) {
        return fail(error.code, error.message, {
          ...(error.fields ? { fields: error.fields } : {}),
          ...(error.retryAt ? { retryAt: error.retryAt } : {}),
        });
      }
      logError(channelName, error);
      return fail('internal');
    }
  }

  return {
    dispatch,
    emit(windowKey, event, payload) {
      for (const listener of listeners) listener(windowKey, event, payload);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
