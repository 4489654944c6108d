import type { Kysely } from 'kysely';
import type { Database } from '../../shared/db/tables';
import { SYNC_SCHEMA_VERSION } from '../../shared/sync/mutator';
import { ServerRefusal, ServerUnreachable, SIGN_IN_REQUIRED, type ServerSession } from './server-session';

/** The server's answer to a push (server/sync/mutation.routes.ts). */
export interface Refusal {
  readonly code: string;
  readonly message: string;
  readonly fields?: readonly { path: string; message: string }[];
}

export type MutationOutcome =
  | { readonly id: number; readonly status: 'applied' }
  | { readonly id: number; readonly status: 'duplicate'; readonly refused?: Refusal }
  | ({ readonly id: number; readonly status: 'rejected' } & Refusal)
  | { readonly id: number; readonly status: 'out_of_order'; readonly expected: number };

export interface PushAnswer {
  readonly lastMutationId: number;
  readonly results: readonly MutationOutcome[];
}

export interface PushedMutation {
  readonly id: number;
  readonly name: string;
  readonly args: unknown;
  readonly createdAt: number;
}

/** The server takes at most this many mutations per request. */
export const PUSH_BATCH = 500;

/** Sends one batch of a client's mutations, as the client's user. */
export function postMutations(server: ServerSession, userId: string, clientId: string, mutations: readonly PushedMutation[]): Promise<PushAnswer> {
  return server.request<PushAnswer>(userId, 'POST', '/v1/mutations', { clientId, schemaVersion: SYNC_SCHEMA_VERSION, mutations });
}

/** A client's pending outbox entries after `afterId`, in id order, as they are sent. */
export async function pendingMutations(db: Kysely<Database>, clientId: string, afterId: number, limit = PUSH_BATCH): Promise<PushedMutation[]> {
  const rows = await db.selectFrom('outbox').select(['mutation_id', 'name', 'args_json', 'created_at'])
    .where('client_id', '=', clientId).where('mutation_id', '>', afterId).orderBy('mutation_id').limit(limit).execute();
  return rows.map((row) => ({ id: row.mutation_id, name: row.name, args: JSON.parse(row.args_json) as unknown, createdAt: row.created_at }));
}

export interface PushReport {
  /** Mutations the server accepted in this round (applied now or earlier). */
  readonly sent: number;
  /** Clients that could not be pushed (offline, no token, refused). */
  readonly blocked: number;
  /** The server could not be reached or failed: try again later. */
  readonly unreachable: boolean;
}

export interface PusherOptions {
  readonly db: Kysely<Database>;
  readonly server: ServerSession;
  readonly backoff: { readonly initialDelay: number; readonly maxDelay: number; readonly multiplier: number };
  /** A plain sentence when pushing needs a person (sign in again, update the app); null when it cleared. */
  readonly onProblem: (message: string | null) => void;
  readonly onPushed: () => void;
  /**
   * Each answer, before the next batch. The engine settles from it the entries of clients whose
   * confirmations no longer reach the replica (another user's scope is synced since they were made).
   */
  readonly onAnswer?: (clientId: string, userId: string, results: readonly MutationOutcome[]) => Promise<void>;
}

/**
 * The write path: sends pending outbox entries, per client in id order and never renumbered, to
 * `/v1/mutations`. The outbox is durable, and the server skips ids it has processed, so a crash or a
 * lost answer at any point only causes a harmless resend. Entries leave the outbox when the synced
 * `client_mutations` row confirms them (rebase), not when the push answers.
 */
export class Pusher {
  /** Per client: the server's last processed id from its latest answer (in memory; a restart resends). */
  private readonly acknowledged = new Map<string, number>();
  private running: Promise<PushReport> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;
  private schemaProblem: string | null = null;

  constructor(private readonly options: PusherOptions) {}

  /** Pushes soon (coalescing bursts of local mutations). */
  schedule(delayMs = 0): void {
    if (this.stopped || this.schemaProblem) return;
    if (this.timer) {
      if (delayMs > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pushNow();
    }, delayMs);
  }

  /** Pushes everything pending now; a call during a push runs another round after it. */
  pushNow(): Promise<PushReport> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const round = (async () => {
      let report: PushReport;
      do {
        this.again = false;
        report = await this.pushAll();
      } while (this.again && !this.stopped);
      return report;
    })().finally(() => {
      this.running = null;
    });
    this.running = round;
    return round;
  }

  /** Stops pushing and waits for a push in flight to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Forgets what the server acknowledged (after a wipe, or for tests that replay a batch). */
  forgetAcknowledged(): void {
    this.acknowledged.clear();
  }

  private async pushAll(): Promise<PushReport> {
    const { db } = this.options;
    if (this.stopped || this.schemaProblem) return { sent: 0, blocked: 0, unreachable: false };
    const clients = await db.selectFrom('outbox').select(['client_id', 'user_id']).groupBy(['client_id', 'user_id'])
      .orderBy((eb) => eb.fn.min('created_at')).execute();
    let sent = 0;
    let blocked = 0;
    let unreachable = false;
    let problem: string | null = null;
    for (const { client_id: clientId, user_id: userId } of clients) {
      if (this.stopped) break;
      if (!(await this.options.server.canActFor(userId))) {
        blocked += 1;
        continue;
      }
      try {
        sent += await this.pushClient(clientId, userId);
      } catch (error) {
        blocked += 1;
        if (error instanceof ServerUnreachable) {
          unreachable = true;
          break;
        }
        if (!(error instanceof ServerRefusal)) throw error;
        if (error.code === 'schema_mismatch') {
          this.schemaProblem = error.message;
          problem = error.message;
          break;
        }
        if (error.code === SIGN_IN_REQUIRED) continue;
        // Refused as a whole (another user's client id, a malformed batch): keep it, say why, go on.
        await db.updateTable('outbox').set({ last_error: error.message }).where('client_id', '=', clientId).execute();
      }
    }
    this.options.onProblem(problem);
    if (unreachable) {
      this.failures += 1;
      this.schedule(this.retryDelay());
    } else {
      this.failures = 0;
    }
    if (sent > 0) this.options.onPushed();
    return { sent, blocked, unreachable };
  }

  /** Full-jitter exponential backoff: random in [0, min(max, initial * multiplier^(failures-1))]. */
  private retryDelay(): number {
    const { initialDelay, maxDelay, multiplier } = this.options.backoff;
    const ceiling = Math.min(maxDelay, initialDelay * multiplier ** Math.max(0, this.failures - 1));
    return Math.max(10, Math.floor(Math.random() * ceiling));
  }

  /** Pushes one client's entries in batches; on out_of_order resends from the server's next expected id. */
  private async pushClient(clientId: string, userId: string): Promise<number> {
    const { db, server } = this.options;
    let sent = 0;
    for (let round = 0; round < 1_000; round += 1) {
      const after = this.acknowledged.get(clientId) ?? 0;
      const batch = await pendingMutations(db, clientId, after);
      if (batch.length === 0) return sent;
      const answer = await postMutations(server, userId, clientId, batch);
      await this.options.onAnswer?.(clientId, userId, answer.results);
      const outOfOrder = answer.results.find((result) => result.status === 'out_of_order');
      await db.updateTable('outbox').set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('client_id', '=', clientId).where('mutation_id', 'in', batch.map((m) => m.id)).execute();
      if (answer.lastMutationId < after) {
        // The server knows less than we thought (a restored server database): send everything again.
        this.acknowledged.set(clientId, answer.lastMutationId);
        continue;
      }
      this.acknowledged.set(clientId, answer.lastMutationId);
      sent += answer.results.filter((result) => result.status !== 'out_of_order').length;
      if (outOfOrder) {
        const first = batch[0]?.id ?? 0;
        if (answer.lastMutationId + 1 < first) {
          // The server waits for an id this workstation no longer has: nothing to resend; say so.
          await db.updateTable('outbox').set({ last_error: `The server is waiting for change #${answer.lastMutationId + 1}, which this workstation no longer has.` })
            .where('client_id', '=', clientId).execute();
          return sent;
        }
        continue;
      }
      if (batch.length < PUSH_BATCH) return sent;
    }
    return sent;
  }
}
