import { setMaxListeners } from 'node:events';
import type SqliteDatabase from 'better-sqlite3';
import { FetchError, ShapeStream, type BackoffOptions, type Message, type Row } from '@electric-sql/client';
import type { Kysely } from 'kysely';
import { syncedTables, type Database } from '../../shared/db/tables';
import { newId } from '../../shared/ids';
import { isPerClientTable } from '../../shared/sync/shape-rules';
import type { InitialSyncProgress } from '../../shared/sync/sync-status';
import { preparedStatement } from '../db/connection';
import { applyWithRebase, hasPendingWrites, NOTHING_REBASED, type RebaseOutcome } from './rebase';
import { isShapeTable, ReplicaWriter, type RowChange, type ShapeTable } from './replica-writer';
import { TransactionGate } from './transaction-gate';

/** How a stream error is handled: keep going (after a token refresh, say) or stop this sync. */
export type StreamErrorDecision = 'retry' | 'stop';

export interface ShapeSyncOptions {
  readonly serverUrl: string;
  readonly userId: string;
  readonly clientId: string;
  /** The tables of the user's manifest. */
  readonly tables: readonly ShapeTable[];
  /** Tables to download before the others start (what sign-in needs), so a first sign-in does not wait for everything. */
  readonly first?: readonly ShapeTable[];
  readonly db: Kysely<Database>;
  readonly sqlite: SqliteDatabase.Database;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly backoff: Pick<BackoffOptions, 'initialDelay' | 'maxDelay' | 'multiplier'>;
  /** The current bearer token (refreshed before expiry by the caller). */
  readonly token: () => Promise<string>;
  /** A stream failed (401 after the token expired, 403 revoked, network...): what now. */
  readonly onStreamError: (error: unknown) => Promise<StreamErrorDecision>;
  /** After each committed apply (rows written, outbox rebased). */
  readonly onApplied: (outcome: AppliedBatch) => void;
  /** The sync stopped by itself (a stream gave up, or an apply failed); the engine may start a new one. */
  readonly onStopped: (reason: string) => void;
}

export interface AppliedBatch {
  readonly rows: number;
  readonly tables: readonly ShapeTable[];
  readonly rebase: RebaseOutcome;
}

interface Batch {
  readonly handle: string | undefined;
  readonly offset: string;
  /** Changes of this batch not yet applied; the position is stored only once this reaches 0. */
  held: number;
  readonly upToDate: boolean;
}

interface HeldChange {
  readonly change: RowChange;
  readonly batch: Batch;
}

/**
 * A new snapshot that will replace the table's rows once complete. Its rows wait on disk in
 * `shape_staging` (a table of a million rows must not sit in memory); only the count per batch is kept
 * here, so those batches' positions are stored only after the swap. Logged changes that arrive meanwhile
 * are few and wait here, to go through the transaction gate after the swap.
 */
interface Replacement {
  readonly staged: Map<Batch, number>;
  readonly log: { lsn: bigint; op: number; held: HeldChange }[];
}

const newReplacement = (): Replacement => ({ staged: new Map(), log: [] });

interface ShapeState {
  readonly table: ShapeTable;
  stream: ShapeStream | null;
  /** Delivered batches whose positions are not stored yet, oldest first. */
  batches: Batch[];
  /** From must-refetch (or a first sync into a non-empty table) until the new snapshot is complete. */
  replacing: Replacement | null;
  stored: { handle: string | null; offset: string } | null;
  /** Rows applied for this shape since its snapshot began (kept in shape_positions.rows). */
  rowsTotal: number;
  /** Rows applied in this run (progress). */
  rowsThisRun: number;
  upToDateOnce: boolean;
  lastUpToDateAt: number | null;
  refreshing: boolean;
  /** The server stopped syncing this table to the user; its rows are being removed. */
  leaving: boolean;
  /** No stored position at start: the table downloads a whole snapshot (FIRST_DOWNLOADS_AT_ONCE). */
  readonly downloadsSnapshot: boolean;
  /**
   * A first snapshot into the empty replica table is a bulk load: its secondary indexes are set aside at
   * the first rows (`deferred`) and built when the snapshot is complete. `pending` until rows arrive.
   */
  bulkLoad: 'pending' | 'deferred' | null;
}

const isChange = (message: Message<Row>): message is Message<Row> & { key: string; value: Row; headers: { operation: RowChange['operation'] } } =>
  'operation' in message.headers;
const controlOf = (message: Message<Row>): string | null => ('control' in message.headers ? String(message.headers.control) : null);

/**
 * WAL pages between automatic checkpoints while a first download loads (SQLite's default, restored after,
 * is 1,000). Each 5 MB batch would otherwise checkpoint at its commit, copying pages that the next
 * batches write again; 64 MB apart, each is copied once per interval and the WAL stays bounded.
 */
const BULK_LOAD_CHECKPOINT_PAGES = 16_384;
const DEFAULT_CHECKPOINT_PAGES = 1_000;

/**
 * Tables downloading a whole snapshot at once. Each holds a chunk read, parsed and waiting for the apply
 * (several times its 5 MB), so every table at once took the large clinic's first download past 500 MB;
 * a few keep the server busy while the device applies, and a small table's turn comes soon.
 */
export const FIRST_DOWNLOADS_AT_ONCE = 4;

/** How long a transaction's other streams get to report before they are asked (refreshLagging). */
const LAGGING_GRACE_MS = 400;

function versionOfOffset(offset: string): bigint | null {
  const match = /^(\d+)_/.exec(offset);
  return match ? BigInt(match[1] as string) : null;
}

/**
 * The read path for one user: one official ShapeStream per table of the user's manifest, applied to the
 * replica in one SQLite transaction per batch together with the stream positions and a rebase of local
 * writes. Logged changes of a multi-table transaction are held back until every stream has delivered its
 * part (TransactionGate); snapshot rows apply at once.
 */
export class ShapeSync {
  private readonly controller = new AbortController();
  private readonly gate = new TransactionGate<HeldChange>();
  private readonly shapes = new Map<ShapeTable, ShapeState>();
  private readonly writer: ReplicaWriter;
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  private lastTable: ShapeTable | null = null;
  private readonly waiters = new Set<() => void>();
  private refreshTimer: NodeJS.Timeout | null = null;
  private refreshUpTo: bigint | null = null;
  /** Keeps the client's replay detection (meant for CDN caches) from hiding the first up-to-date after a restart. */
  private readonly run = newId();
  /** Whether the streams after the first tables may open (openMore). */
  private restOpen = false;
  /** Whether checkpoints are spaced for a bulk load now (BULK_LOAD_CHECKPOINT_PAGES). */
  private checkpointsSpaced = false;

  constructor(private readonly options: ShapeSyncOptions) {
    this.writer = new ReplicaWriter(options.sqlite);
    // Every stream of the user listens on this one signal.
    setMaxListeners(1_000, this.controller.signal);
  }

  get userId(): string {
    return this.options.userId;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Loads the stored positions, removes tables the user no longer receives, and starts every stream. */
  async start(): Promise<void> {
    const { db, sqlite, now } = this.options;
    const positions = new Map((await db.selectFrom('shape_positions').selectAll().execute()).map((row) => [row.table_name, row]));
    // A replacement cut short by a crash or a stop starts over (its batches' positions were never stored).
    await db.transaction().execute(async () => {
      this.writer.unstage();
    });
    // So is a bulk load: indexes it set aside are built again.
    ReplicaWriter.restoreIndexesApart(sqlite);
    const wanted = new Set<string>(this.options.tables);
    // Rows of tables outside the manifest (another user synced here before) leave the replica.
    const outside = new Set<ShapeTable>([...positions.keys()].filter((table) => !wanted.has(table) && isShapeTable(table)) as ShapeTable[]);
    for (const table of ['busy_blocks', ...Object.keys(syncedTables)] as ShapeTable[]) {
      if (!wanted.has(table) && this.writer.count(table) > 0) outside.add(table);
    }
    if (outside.size > 0) {
      await applyWithRebase(db, sqlite, now(), (writer) => {
        for (const table of outside) {
          writer.clear(table);
          sqlite.prepare('DELETE FROM shape_positions WHERE table_name = ?').run(table);
        }
      }, this.writer);
    }

    for (const table of this.options.tables) {
      const position = positions.get(table);
      const stored = position ? { handle: position.handle, offset: position.offset } : null;
      const empty = this.writer.count(table) === 0;
      const state: ShapeState = {
        table, stream: null, batches: [], stored, rowsTotal: position?.rows ?? 0, rowsThisRun: 0,
        // A first sync into a table that already has rows (seeded locally, or left over) replaces them.
        replacing: !stored && !empty ? newReplacement() : null,
        upToDateOnce: false, lastUpToDateAt: null, refreshing: false, leaving: false,
        bulkLoad: !stored && empty ? 'pending' : null,
        downloadsSnapshot: !stored,
      };
      this.shapes.set(table, state);
      this.gate.register(table);
    }
    this.spaceCheckpoints();
    const first = new Set((this.options.first ?? []).filter((table) => this.shapes.has(table)));
    if (first.size === 0) {
      this.restOpen = true;
      this.openMore();
      return;
    }
    for (const state of this.shapes.values()) if (first.has(state.table)) this.open(state);
    void this.openRestWhenCaughtUp([...first]);
  }

  private async openRestWhenCaughtUp(first: ShapeTable[]): Promise<void> {
    // The others start once the first tables caught up (or after a while, whatever happens).
    await this.whenCaughtUp(first, 30_000);
    if (this.stopped) return;
    this.restOpen = true;
    this.openMore();
  }

  /**
   * Opens the streams not open yet: those resuming from a stored position at once, those downloading a
   * whole snapshot FIRST_DOWNLOADS_AT_ONCE at a time (the next when one caught up). The sync client's own
   * tables (`client_mutations`, `mutation_results`: a few rows) open at once too: the rebase settles no
   * pushed change until the refusals' stream caught up (confirmAndReplay), so the user's first changes
   * would otherwise stay pending until a download slot came free.
   */
  private openMore(): void {
    if (this.stopped || !this.restOpen) return;
    const states = [...this.shapes.values()];
    let downloading = states.filter((state) => state.stream && state.downloadsSnapshot && !state.upToDateOnce && !isPerClientTable(state.table)).length;
    for (const state of states) {
      if (state.stream || state.leaving) continue;
      if (state.downloadsSnapshot && !isPerClientTable(state.table)) {
        if (downloading >= FIRST_DOWNLOADS_AT_ONCE) continue;
        downloading += 1;
      }
      this.open(state);
    }
  }

  private open(state: ShapeState): void {
    const { options } = this;
    const resume = state.stored && state.stored.handle && state.stored.offset !== '-1'
      ? { offset: state.stored.offset as `${number}_${number}`, handle: state.stored.handle }
      : {};
    const stream = new ShapeStream({
      url: `${options.serverUrl}/v1/shape`,
      params: { table: state.table, client_id: options.clientId, run: this.run },
      headers: { authorization: async () => `Bearer ${await options.token()}` },
      parser: { int8: (value: string) => Number(value) },
      signal: this.controller.signal,
      fetchClient: options.fetch,
      backoffOptions: { ...options.backoff, maxRetries: Infinity },
      ...resume,
      onError: async (error) => {
        if (this.stopped) return undefined;
        if (error instanceof FetchError && isNotSyncedToUser(error)) {
          // The table is no longer synced to this user (role or scope changed): its rows leave.
          state.leaving = true;
          void this.enqueue(() => this.leave(state));
          return undefined;
        }
        const decision = await options.onStreamError(error).catch((): StreamErrorDecision => 'stop');
        if (decision === 'retry' && !this.stopped) return {};
        this.halt(`The ${state.table} stream stopped: ${error instanceof Error ? error.message : 'unknown error'}`);
        return undefined;
      },
    });
    state.stream = stream;
    stream.subscribe(
      (messages) => {
        // Read the position before yielding: it belongs to exactly this batch.
        const position = { handle: stream.shapeHandle, offset: String(stream.lastOffset) };
        return this.enqueue(() => this.receive(state, messages, position));
      },
      (error) => {
        // The stream gave up for good (not by our stop): stop the whole sync so the engine starts a new one.
        if (!this.stopped && !state.leaving) this.halt(`The ${state.table} stream ended: ${error.message}`);
      },
    );
  }

  /** Runs jobs one at a time: batches from all streams are applied in arrival order. Never rejects. */
  private enqueue(job: () => Promise<void>): Promise<void> {
    const next = this.queue.then(async () => {
      if (this.stopped) return;
      try {
        await job();
      } catch (error) {
        this.halt(`Applying server changes failed: ${error instanceof Error ? error.message : 'unknown error'}`);
      }
    });
    this.queue = next;
    return next;
  }

  /** Stops the streams without waiting (safe from inside a job); positions stay where they were stored. */
  private halt(reason: string): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.controller.abort();
    for (const state of this.shapes.values()) state.stream?.unsubscribeAll();
    this.spaceCheckpoints();
    this.wake();
    this.options.onStopped(reason);
  }

  /** Stops every stream and waits until no apply is running. */
  async stop(): Promise<void> {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    if (!this.stopped) {
      this.stopped = true;
      this.controller.abort();
      for (const state of this.shapes.values()) state.stream?.unsubscribeAll();
      this.wake();
    }
    await this.queue;
    if ([...this.shapes.values()].some((state) => state.bulkLoad === 'deferred')) {
      ReplicaWriter.restoreIndexesApart(this.options.sqlite);
      for (const state of this.shapes.values()) state.bulkLoad = null;
    }
    this.spaceCheckpoints();
  }

  /** Spaces WAL checkpoints out while any table is bulk loading, and back to SQLite's default after. */
  private spaceCheckpoints(): void {
    const loading = !this.stopped && [...this.shapes.values()].some((state) => state.bulkLoad !== null);
    if (loading === this.checkpointsSpaced) return;
    this.options.sqlite.pragma(`wal_autocheckpoint = ${loading ? BULK_LOAD_CHECKPOINT_PAGES : DEFAULT_CHECKPOINT_PAGES}`);
    this.checkpointsSpaced = loading;
  }

  private async receive(state: ShapeState, messages: Message<Row>[], position: { handle: string | undefined; offset: string }): Promise<void> {
    const immediate: HeldChange[] = [];
    let replacement: Replacement | null = null;
    /** Snapshot rows of a replacement in this batch, and whether an earlier replacement was voided. */
    let toStage: HeldChange[] = [];
    let restartStaging = false;
    let upToDateVersion: bigint | null = null;
    let newestHeld: bigint | null = null;
    const upToDate = messages.some((message) => controlOf(message) === 'up-to-date');
    const batch: Batch = { handle: position.handle, offset: position.offset, held: 0, upToDate };

    for (const message of messages) {
      const control = controlOf(message);
      if (control === 'must-refetch') {
        // The server rotated the shape: what was held or delivered under the old handle is void.
        this.gate.drop(state.table);
        state.batches = [];
        state.replacing = newReplacement();
        toStage = [];
        restartStaging = true;
        continue;
      }
      if (control === 'up-to-date') {
        const global = (message.headers as { global_last_seen_lsn?: string }).global_last_seen_lsn;
        upToDateVersion = global ? BigInt(global) : versionOfOffset(position.offset);
        continue;
      }
      if (!isChange(message)) continue;
      const held: HeldChange = { change: { table: state.table, operation: message.headers.operation, value: message.value }, batch };
      const lsnText = (message.headers as { lsn?: string }).lsn;
      const op = Number((message.headers as { op_position?: number }).op_position ?? 0);
      batch.held += 1;
      if (state.replacing) {
        if (lsnText === undefined) toStage.push(held);
        else state.replacing.log.push({ lsn: BigInt(lsnText), op, held });
      } else if (lsnText === undefined) {
        immediate.push(held);
      } else {
        const lsn = BigInt(lsnText);
        const tables = (message.headers as { tables?: unknown }).tables;
        this.gate.hold(state.table, lsn, op, held, Array.isArray(tables) ? tables.filter((t): t is string => typeof t === 'string') : undefined);
        if (newestHeld === null || lsn > newestHeld) newestHeld = lsn;
      }
    }
    // A reset stream (offset -1) has no position worth storing: resuming from it would skip the replacement.
    if (position.offset !== '-1') state.batches.push(batch);
    if (restartStaging || toStage.length > 0) await this.stage(state, batch, toStage, restartStaging);

    if (upToDateVersion !== null) {
      if (state.replacing) {
        // The new snapshot is complete: it replaces the table's rows in the transaction below.
        replacement = state.replacing;
        state.replacing = null;
        for (const entry of replacement.log) {
          this.gate.hold(state.table, entry.lsn, entry.op, entry.held);
          if (newestHeld === null || entry.lsn > newestHeld) newestHeld = entry.lsn;
        }
      }
      this.gate.upToDate(state.table, upToDateVersion);
      state.lastUpToDateAt = this.options.now();
    }
    if (newestHeld !== null) this.refreshLagging(newestHeld);

    const released = this.gate.release();
    await this.commit(state, immediate, replacement, released, upToDateVersion !== null && !state.replacing);
    if (upToDateVersion !== null && !state.replacing && !state.upToDateOnce) {
      state.upToDateOnce = true;
      this.openMore();
    }
    this.wake();
  }

  /**
   * The server answers every long-poll of a table a commit touched (up-to-date at least), so the other
   * streams of a transaction report on their own within moments. Only a stream still behind after a
   * short while (an older server, a lost notification) is asked directly.
   */
  private refreshLagging(lsn: bigint): void {
    if (this.refreshUpTo === null || lsn > this.refreshUpTo) this.refreshUpTo = lsn;
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      const upTo = this.refreshUpTo;
      this.refreshTimer = null;
      this.refreshUpTo = null;
      if (!this.stopped && upTo !== null) this.refreshLaggingNow(upTo);
    }, LAGGING_GRACE_MS);
    this.refreshTimer.unref?.();
  }

  private refreshLaggingNow(lsn: bigint): void {
    for (const table of this.gate.holdingBack(lsn)) {
      const state = this.shapes.get(table as ShapeTable);
      const stream = state?.stream;
      if (!state || !stream || state.refreshing || !stream.isUpToDate) continue;
      state.refreshing = true;
      stream.forceDisconnectAndRefresh().catch(() => undefined).finally(() => {
        state.refreshing = false;
      });
    }
  }

  /**
   * One SQLite transaction: rebase, the shape's replacement or snapshot rows, released groups, positions.
   * `caughtUp`: the shape's snapshot is complete with this batch (a bulk load builds its indexes).
   */
  private async commit(state: ShapeState, immediate: HeldChange[], replacement: Replacement | null, released: HeldChange[], caughtUp = false): Promise<void> {
    const storable = [...this.shapes.values()].some((shape) => this.nextPosition(shape, false) !== null);
    const bulkLoadEnds = caughtUp && state.bulkLoad !== null;
    if (bulkLoadEnds && state.bulkLoad === 'pending') state.bulkLoad = null;
    const noRows = immediate.length === 0 && !replacement && released.length === 0 && !(bulkLoadEnds && state.bulkLoad === 'deferred');
    if (noRows && !storable) {
      // Nothing to write (an idle long-poll answered up-to-date at its own offset): forget the settled batches.
      for (const shape of this.shapes.values()) this.nextPosition(shape, true);
      return;
    }
    const { db, sqlite, now } = this.options;
    if (noRows && !sqlite.inTransaction && !hasPendingWrites(sqlite)) {
      // Only stream positions to store (an up-to-date at a new offset: the clinic committed elsewhere
      // meanwhile, or outside this user's scope). Without pending local writes no rebase is due, so one
      // synchronous SQLite transaction does it: nothing can interleave with it, and no other transaction
      // is open (checked), so it joins none.
      sqlite.transaction(() => this.storePositions())();
      this.spaceCheckpoints();
      this.options.onApplied({ rows: 0, tables: [], rebase: NOTHING_REBASED });
      return;
    }
    const touched = new Set<ShapeTable>();
    const { value: rows, rebase } = await applyWithRebase(db, sqlite, now(), (writer) => {
      let written = 0;
      if (state.bulkLoad === 'pending' && immediate.length > 0) {
        writer.deferIndexes(state.table);
        state.bulkLoad = 'deferred';
      }
      const applyHeld = (held: HeldChange) => {
        writer.apply(held.change);
        held.batch.held -= 1;
        written += 1;
        touched.add(held.change.table);
        const shape = this.shapes.get(held.change.table);
        if (shape) {
          shape.rowsTotal += 1;
          shape.rowsThisRun += 1;
          this.lastTable = shape.table;
        }
      };
      if (replacement) {
        writer.clear(state.table);
        state.rowsTotal = writer.applyStaged(state.table);
        written += state.rowsTotal;
        for (const [batch, count] of replacement.staged) batch.held -= count;
        touched.add(state.table);
      }
      for (const held of immediate) applyHeld(held);
      for (const held of released) applyHeld(held);
      this.storePositions();
      return written;
    }, this.writer);
    if (bulkLoadEnds && state.bulkLoad === 'deferred') {
      // The snapshot is complete and committed: its indexes are built (a crash before this builds them at the next start).
      ReplicaWriter.restoreIndexesApart(sqlite, state.table);
      state.bulkLoad = null;
    }
    this.spaceCheckpoints();
    this.options.onApplied({ rows, tables: [...touched], rebase });
  }

  /** Stores the position of every stream whose applied batches moved it (inside the caller's transaction). */
  private storePositions(): void {
    // Most batches that write anything store a position (a quiet answer at a new offset only that): the statement is cached.
    const store = preparedStatement(this.options.sqlite, `INSERT INTO shape_positions (table_name, handle, "offset", rows, up_to_date_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (table_name) DO UPDATE SET handle = excluded.handle, "offset" = excluded."offset", rows = excluded.rows,
      up_to_date_at = coalesce(excluded.up_to_date_at, shape_positions.up_to_date_at)`);
    for (const shape of this.shapes.values()) {
      const next = this.nextPosition(shape, true);
      if (next) store.run(shape.table, next.handle ?? null, next.offset, shape.rowsTotal, next.upToDate ? shape.lastUpToDateAt : null);
    }
  }

  /** Writes a replacement's snapshot rows of one batch to `shape_staging` (after voiding earlier ones on a restart). */
  private async stage(state: ShapeState, batch: Batch, rows: readonly HeldChange[], restart: boolean): Promise<void> {
    await this.options.db.transaction().execute(async () => {
      if (restart) this.writer.unstage(state.table);
      for (const held of rows) this.writer.stage(held.change);
    });
    if (rows.length === 0 || !state.replacing) return;
    state.replacing.staged.set(batch, (state.replacing.staged.get(batch) ?? 0) + rows.length);
    // Progress counts staged rows as they arrive; the replica shows them at the swap.
    state.rowsThisRun += rows.length;
    this.lastTable = state.table;
  }

  /**
   * The newest position of the shape whose batch, and every batch before it, is fully applied.
   * With `take`, those batches are removed and the position is remembered as stored.
   */
  private nextPosition(shape: ShapeState, take: boolean): { handle: string | undefined; offset: string; upToDate: boolean } | null {
    let index = 0;
    while (index < shape.batches.length && (shape.batches[index] as Batch).held === 0) index += 1;
    const last = index > 0 ? (shape.batches[index - 1] as Batch) : null;
    if (!last) return null;
    const changed = !shape.stored || shape.stored.offset !== last.offset || shape.stored.handle !== (last.handle ?? null);
    const upToDate = shape.batches.slice(0, index).some((batch) => batch.upToDate);
    if (take) {
      shape.batches = shape.batches.slice(index);
      shape.stored = { handle: last.handle ?? null, offset: last.offset };
    }
    return changed || (take && upToDate) ? { handle: last.handle, offset: last.offset, upToDate } : null;
  }

  /** A table the server no longer syncs to this user: its rows and position go; it stops holding others back. */
  private async leave(state: ShapeState): Promise<void> {
    this.shapes.delete(state.table);
    this.gate.unregister(state.table);
    state.stream?.unsubscribeAll();
    const { db, sqlite, now } = this.options;
    await applyWithRebase(db, sqlite, now(), (writer) => {
      writer.clear(state.table);
      writer.unstage(state.table);
      writer.restoreIndexes(state.table);
      sqlite.prepare('DELETE FROM shape_positions WHERE table_name = ?').run(state.table);
    }, this.writer);
    // It no longer holds the others back: what they completed can be applied now.
    const released = this.gate.release();
    if (released.length > 0) await this.commit(state, [], null, released);
    // A download slot it held is free.
    this.openMore();
    this.wake();
  }

  /** Progress of the first download, or null once every table has caught up. */
  progress(): InitialSyncProgress | null {
    const shapes = [...this.shapes.values()];
    const done = shapes.filter((shape) => shape.upToDateOnce).length;
    if (done === shapes.length) return null;
    const last = this.lastTable ? this.shapes.get(this.lastTable) : undefined;
    return {
      table: last?.table ?? null,
      rows: last?.rowsThisRun ?? 0,
      total: shapes.reduce((sum, shape) => sum + shape.rowsThisRun, 0),
      tablesDone: done,
      tablesTotal: shapes.length,
    };
  }

  /** Rows applied by this run, all tables together. */
  rowsThisRun(): number {
    let rows = 0;
    for (const shape of this.shapes.values()) rows += shape.rowsThisRun;
    return rows;
  }

  /** When every table was last known to match the server (all caught up at least once in this run). */
  lastSyncedAt(): number | null {
    let oldest: number | null = null;
    for (const shape of this.shapes.values()) {
      if (!shape.upToDateOnce || shape.lastUpToDateAt === null) return null;
      if (oldest === null || shape.lastUpToDateAt < oldest) oldest = shape.lastUpToDateAt;
    }
    return oldest;
  }

  /** Whether these tables (all of the user's when omitted) have caught up with the server in this run. */
  isCaughtUp(tables?: readonly ShapeTable[]): boolean {
    const states = tables ? tables.map((table) => this.shapes.get(table)).filter((state) => state !== undefined) : [...this.shapes.values()];
    return states.every((state) => state.upToDateOnce);
  }

  /** Resolves true once the tables caught up, false when the sync stopped or the time ran out. */
  async whenCaughtUp(tables: readonly ShapeTable[] | undefined, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.isCaughtUp(tables)) {
      if (this.stopped || Date.now() >= deadline) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.max(1, deadline - Date.now()));
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
    return true;
  }

  private wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) waiter();
  }
}

/** The server's answer for a table this user does not (or no longer) receive: 403 `forbidden`, 404 `unknown_table`. */
function isNotSyncedToUser(error: FetchError): boolean {
  const code = typeof error.json === 'object' && error.json !== null ? (error.json as { code?: unknown }).code : undefined;
  return (error.status === 403 && code === 'forbidden') || (error.status === 404 && code === 'unknown_table');
}
