import type { FastifyInstance, FastifyReply } from 'fastify';
import { sql, type Expression, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../shared/db/tables';
import { authenticate } from '../auth/session';
import type { ServerContext } from '../context';
import { PREPARED } from '../db/postgres';
import type { ServerDatabase } from '../db/server-schema';
import { HttpError } from '../http/errors';
import { clientOfRowSql, isPerClientTable } from '../../shared/sync/shape-rules';
import { defineShape, isShapeTable, shapeManifest, type ShapeDefinition } from './shape-definition';

/**
 * Rows per snapshot chunk (about 5 MB of appointments); the client fetches chunks in sequence. Each chunk
 * is held several times over on the device while it is read and parsed (bytes, text, objects), for
 * every table downloading at once: 10,000 rows took a first download of the large clinic to 605 MB.
 */
export const SNAPSHOT_CHUNK_ROWS = 5_000;
/** Change-log entries examined per response (a transaction is never split across responses). */
export const LOG_PAGE_ENTRIES = 2_000;
const CURSOR_EPOCH = Date.parse('2024-10-09T00:00:00Z');
/** The sync client a change-log entry's row belongs to (PER_CLIENT_TABLES), else null: the rule the capture trigger's NOTIFY uses. */
const CLIENT_OF_ENTRY = clientOfRowSql('coalesce(new_row, old_row)::jsonb', '', 'NULL');

type Offset =
  | { kind: 'snapshot_start' }
  | { kind: 'snapshot'; version: number; afterId: string }
  | { kind: 'log'; version: number; op: number };

/** Offsets are `<version>_<op>`; a snapshot chunk is `<version>_s<last id>`, its end `<version>_inf`. */
export function parseOffset(raw: string): Offset | null {
  if (raw === '-1') return { kind: 'snapshot_start' };
  const match = /^(\d{1,15})_(inf|\d{1,9}|s[0-9a-f-]{36})$/.exec(raw);
  if (!match) return null;
  const version = Number(match[1]);
  const tail = match[2] as string;
  if (tail === 'inf') return { kind: 'log', version, op: Number.MAX_SAFE_INTEGER };
  if (tail.startsWith('s')) return { kind: 'snapshot', version, afterId: tail.slice(1) };
  return { kind: 'log', version, op: Number(tail) };
}

function versionOfOffset(offset: string): number {
  const match = /^(\d+)_/.exec(offset);
  return match ? Number(match[1]) : -1;
}

function formatLogOffset(version: number, op: number): string {
  return op === Number.MAX_SAFE_INTEGER ? `${version}_inf` : `${version}_${op}`;
}

const query = z.object({
  table: z.string().min(1).max(64),
  offset: z.string().min(1).max(80),
  handle: z.string().max(80).optional(),
  live: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(40).optional(),
  client_id: z.string().uuid(),
});

/** Parameters that would let a client define its own shape: the server chooses shapes, so these are refused. */
const SHAPE_DEFINING_PARAMS = ['where', 'columns', 'replica', 'params'];

interface ShapeResponse {
  readonly status: 200 | 409;
  readonly handle: string;
  readonly offset: string;
  readonly body: string;
  readonly upToDate: boolean;
  readonly hasData: boolean;
}

/**
 * What one transaction touched, for the `tables` hint: every table, and for the tables holding one sync
 * client's rows (PER_CLIENT_TABLES) the clients whose rows it wrote. The hint a recipient gets names
 * such a table only when the transaction wrote that recipient's own rows: no other client's stream of
 * it can ever carry a part of the transaction, so its transaction gate must not wait for that stream.
 */
interface TouchedTables {
  readonly tables: string[];
  readonly clients: Map<string, Set<string>>;
}

/** The `tables` hint (JSON) for the recipient whose sync client is `clientId`. */
export function tablesHintFor(touched: TouchedTables, clientId: string): string {
  return JSON.stringify(touched.tables.filter((table) => !isPerClientTable(table) || touched.clients.get(table)?.has(clientId) === true));
}

function keyOf(table: string, id: string): string {
  return JSON.stringify(`"public"."${table}"/"${id.replaceAll('/', '//')}"`);
}

/** Applies the definition's column subset and redactions to a text-valued row image (JSON text). */
function project(definition: ShapeDefinition, rowText: string): string {
  if (!definition.columns && !definition.redact) return rowText;
  const row = JSON.parse(rowText) as Record<string, string | null>;
  const out: Record<string, string | null> = {};
  for (const [column, value] of Object.entries(row)) {
    if (definition.columns && !definition.columns.includes(column)) continue;
    out[column] = definition.redact && Object.hasOwn(definition.redact, column) ? (definition.redact[column] ?? null) : value;
  }
  return JSON.stringify(out);
}

function cursorFor(longPollMs: number, incoming: string | undefined): string {
  const seconds = Math.max(1, Math.round(longPollMs / 1000));
  const next = Math.ceil((Date.now() - CURSOR_EPOCH) / 1000 / seconds) * seconds;
  const previous = Number(incoming ?? 0);
  return String(next > previous ? next : previous + 1 + Math.floor(Math.random() * 3600));
}

/**
 * A shape answer before the requester's handle is filled in (the body never depends on the handle), and
 * before each change's `tables` hint is worked out for the recipient: `body` is text pieces with, between
 * them, what each transaction touched. The read is shared by identical requests of different clients.
 */
type ShapeRead = Omit<ShapeResponse, 'handle' | 'body'> & { readonly body: readonly (string | TouchedTables)[] };

/** One change in a page of the log, in this shape's words, with what its transaction touched. */
interface LogMessage {
  readonly version: number;
  readonly op: number;
  readonly head: string;
  readonly touched: TouchedTables;
  readonly tail: string;
}

/**
 * A page of a shape's change log read after `from`, kept as messages so that it also answers any request
 * whose offset lies inside it: requests woken by one commit hold different offsets (each stream's last
 * answer came at another moment), and one read can serve them all.
 */
export interface LogPage {
  readonly from: LogOffset;
  /** The version the read's snapshot saw. */
  readonly version: number;
  readonly messages: readonly LogMessage[];
  /** The page stopped at its size limit (at the end of a transaction): more follows `end`. */
  readonly full: boolean;
  /** The last log entry examined, in the shape or not. */
  readonly end: LogOffset | undefined;
}

type LogOffset = Extract<Offset, { kind: 'log' }>;

function isAfter(a: { version: number; op: number }, b: { version: number; op: number }): boolean {
  return a.version > b.version || (a.version === b.version && a.op > b.op);
}

/**
 * The answer for a request at `offset` from a page read at or before it, or null when the page cannot
 * say (a full page that ends at or before the offset: the request reads for itself).
 */
export function answerFromPage(page: LogPage, offset: LogOffset): ShapeRead | null {
  if (isAfter(page.from, offset)) return null;
  if (page.full && (!page.end || !isAfter(page.end, offset))) return null;
  const messages = page.messages.filter((message) => isAfter(message, offset));
  // `last: true` on the final op of each transaction within this shape; the messages a later offset
  // leaves out are whole transactions before it, so the flags of those kept do not change.
  const body: (string | TouchedTables)[] = ['['];
  for (const [index, message] of messages.entries()) {
    body.push(`${index === 0 ? '' : ','}${message.head}`, message.touched,
      `${messages[index + 1]?.version === message.version ? '' : ',"last":true'}${message.tail}`);
  }
  const upToDate = !page.full;
  const nextOffset = upToDate ? `${page.version}_inf` : formatLogOffset((page.end as LogOffset).version, (page.end as LogOffset).op);
  if (upToDate) body.push(`${messages.length === 0 ? '' : ','}{"headers":{"control":"up-to-date","global_last_seen_lsn":"${page.version}"}}`);
  body.push(']');
  return { status: 200, offset: nextOffset, body, upToDate, hasData: messages.length > 0 };
}

/** The answer's body for the recipient whose sync client is `clientId`. */
function bodyFor(read: ShapeRead, clientId: string): string {
  if (read.body.length === 1 && typeof read.body[0] === 'string') return read.body[0];
  return read.body.map((piece) => (typeof piece === 'string' ? piece : tablesHintFor(piece, clientId))).join('');
}

/**
 * What one read saw: the settings that decide a 409, and either a snapshot chunk (null when the offset
 * is past the horizon) or a page of the log read from the lowest offset among the requests sharing it.
 */
interface SharedRead extends ReadSettings {
  readonly chunk: ShapeRead | null;
  readonly page: LogPage | null;
}

/** The log before `horizon` was truncated: a client needing any of it must start again. */
function isBehind(offset: Offset, horizon: number): boolean {
  if (offset.kind === 'snapshot_start') return false;
  return offset.version < horizon - 1 || (offset.version === horizon - 1 && !(offset.kind === 'log' && offset.op === Number.MAX_SAFE_INTEGER));
}

/** One chunk of a shape's snapshot, read in the request's snapshot. */
async function readSnapshotChunk(tx: Transaction<ServerDatabase>, definition: ShapeDefinition, offset: Exclude<Offset, LogOffset>, version: number): Promise<ShapeRead> {
  const shared = tx as unknown as Kysely<Database>;
  const relation = `["public",${JSON.stringify(definition.name)}]`;
  // Snapshot chunks all belong to the version of the first one; the log replays everything after it.
  const snapshotVersion = offset.kind === 'snapshot' ? offset.version : version;
  const afterId = offset.kind === 'snapshot' ? offset.afterId : '';
  const chunk = shared
    .selectFrom(definition.source)
    .selectAll()
    .where(definition.filter)
    .where(sql.ref(`${definition.source}.id`), '>', afterId)
    .orderBy(sql.ref(`${definition.source}.id`))
    .limit(SNAPSHOT_CHUNK_ROWS)
    .as(definition.source);
  // Each message is printed by Postgres, from SQL generated from the column descriptors (column subset
  // and redactions included); Node only joins them. One row per message, not one aggregated text: a
  // single value of 5 MB costs Postgres several times more to send than the same bytes as 5,000 rows.
  const keyPrefix = `"public"."${definition.name}"/"`;
  const id = sql.ref(`${definition.source}.id`);
  const messages = await shared
    .selectFrom(chunk)
    .select([
      sql<string>`${'{"headers":{"operation":"insert","relation":' + relation + '},"key":'} || to_json(${keyPrefix} || replace(${id}, '/', '//') || '"')::text || ',"value":' || ${sql.raw(definition.rowText)} || '}'`.as('message'),
      sql<string>`${id}`.as('id'),
    ])
    .orderBy(id)
    .execute();
  const body = `[${messages.map((row) => row.message).join(',')}]`;
  const rowCount = messages.length;
  const lastId = messages.at(-1)?.id;
  const nextOffset = rowCount === SNAPSHOT_CHUNK_ROWS && lastId ? `${snapshotVersion}_s${lastId}` : `${snapshotVersion}_inf`;
  return { status: 200, offset: nextOffset, body: [body], upToDate: false, hasData: rowCount > 0 };
}

/** What decides a 409 and bounds a read: the shape generation, the log horizon and the current version. */
interface ReadSettings {
  readonly generation: string;
  readonly horizon: number;
  readonly version: number;
}

/** The settings as a one-row relation, for the first statement of a read (whose snapshot they describe). */
const SETTINGS_ROW = sql`(SELECT
  (SELECT value FROM server_settings WHERE key = 'shape_generation') AS generation,
  (SELECT value FROM server_settings WHERE key = 'log_horizon_version') AS horizon,
  (SELECT v FROM sync_version WHERE singleton = 1)::text AS version)`;

function settingsOf(row: { generation: string | null; horizon: string | null; version: string | null } | undefined): ReadSettings {
  if (!row || row.version === null) throw new Error('sync_version has no row');
  return { generation: row.generation ?? '1', horizon: Number(row.horizon ?? '0'), version: Number(row.version) };
}

interface LogEntry {
  readonly version: number;
  readonly op: number;
  readonly operation: string;
  readonly row_id: string;
  readonly new_row: string | null;
  readonly new_in: boolean | null;
  readonly old_in: boolean | null;
}

/**
 * The settings and a page of the shape's change log after `from`, up to the version the same statement
 * sees, without a transaction: one statement reads the settings and the first page in one snapshot
 * (most reads are a long-poll's, and find nothing). What a page needs besides (the rest of its last
 * transaction, what each transaction touched) is read by version, at or below that one: committed log
 * entries never change, and retention only removes entries weeks old.
 */
async function readLog(db: Kysely<ServerDatabase>, clinicId: string, definition: ShapeDefinition, from: LogOffset): Promise<{ settings: ReadSettings; page: LogPage }> {
  const shared = db as unknown as Kysely<Database>;
  const relation = `["public",${JSON.stringify(definition.name)}]`;
  // Membership of each row image is evaluated with the shape's own filter (old image for move-outs,
  // new image for move-ins).
  const imageMatches = (column: 'new_row' | 'old_row') =>
    sql<boolean>`(cl.${sql.raw(column)} IS NOT NULL AND EXISTS (${shared
      .selectFrom(sql`jsonb_populate_record(NULL::${sql.table(definition.source)}, cl.${sql.raw(column)}::jsonb)`.as(definition.source) as never)
      .select(sql`1`.as('one'))
      .where(definition.filter as never)}))`;
  const page = (fromVersion: number, fromOp: number, limit: number, upTo: Expression<number>, onlyVersion?: number) =>
    db
      .selectFrom('change_log as cl')
      .select(['cl.version', 'cl.op', 'cl.operation', 'cl.row_id', 'cl.new_row'])
      .select([imageMatches('new_row').as('new_in'), imageMatches('old_row').as('old_in')])
      .where('cl.clinic_id', '=', clinicId)
      .where('cl.table_name', '=', definition.source)
      .where(sql<boolean>`(cl.version, cl.op) > (${fromVersion}, ${fromOp})`)
      .where('cl.version', '<=', upTo)
      .$if(onlyVersion !== undefined, (q) => q.where('cl.version', '=', onlyVersion as number))
      .orderBy('cl.version')
      .orderBy('cl.op')
      .limit(limit);

  const first = page(from.version, from.op === Number.MAX_SAFE_INTEGER ? 2_147_483_647 : from.op, LOG_PAGE_ENTRIES, sql<number>`s.version::bigint`);
  const { rows } = await sql<{ generation: string | null; horizon: string | null; version: string | null; entry_version: number | null } & Omit<LogEntry, 'version'>>`${PREPARED}SELECT
      s.generation, s.horizon, s.version, cl.version AS entry_version, cl.op, cl.operation, cl.row_id, cl.new_row, cl.new_in, cl.old_in
    FROM ${SETTINGS_ROW} AS s LEFT JOIN LATERAL (${first}) AS cl ON true
    ORDER BY cl.version, cl.op`.execute(db);
  const settings = settingsOf(rows[0]);
  let entries: LogEntry[] = rows.filter((row) => row.entry_version !== null).map((row) => ({ ...row, version: row.entry_version as number }));
  const isFull = entries.length === LOG_PAGE_ENTRIES;
  const lastEntry = entries.at(-1);
  if (isFull && lastEntry) entries = entries.concat(await page(lastEntry.version, lastEntry.op, 1_000_000, sql.lit(lastEntry.version), lastEntry.version).execute());

  // Which tables each transaction in the page touched: a device waits only for those streams before
  // showing the transaction (the `tables` header), instead of for every table it syncs.
  const versions = [...new Set(entries.map((entry) => entry.version))];
  const touched = new Map<number, TouchedTables>();
  if (versions.length > 0) {
    const rows = await db.selectFrom('change_log')
      .select(['version', 'table_name', sql<string | null>`${sql.raw(CLIENT_OF_ENTRY)}`.as('client')]).distinct()
      .where('clinic_id', '=', clinicId).where('version', 'in', versions).execute();
    for (const row of rows) {
      const entry = touched.get(row.version) ?? { tables: [], clients: new Map<string, Set<string>>() };
      touched.set(row.version, entry);
      if (row.client !== null) {
        const clients = entry.clients.get(row.table_name) ?? new Set<string>();
        entry.clients.set(row.table_name, clients.add(row.client));
      }
      if (entry.tables.includes(row.table_name)) continue;
      // The busy-block view is fed by appointments: it takes part whenever they do.
      entry.tables.push(...(row.table_name === 'appointments' ? ['appointments', 'busy_blocks'] : [row.table_name]));
    }
  }
  const messages: LogMessage[] = [];
  for (const entry of entries) {
    const newIn = entry.new_in === true;
    const oldIn = entry.old_in === true;
    let operation: 'insert' | 'update' | 'delete' | null = null;
    if (entry.operation === 'touch') operation = newIn ? 'insert' : 'delete';
    else if (newIn) operation = oldIn ? 'update' : 'insert';
    else if (oldIn) operation = 'delete';
    if (!operation) continue;
    const value = operation === 'delete' ? JSON.stringify({ id: entry.row_id }) : project(definition, entry.new_row as string);
    messages.push({
      version: entry.version,
      op: entry.op,
      head: `{"headers":{"operation":"${operation}","relation":${relation},"lsn":"${entry.version}","op_position":${entry.op},"tables":`,
      // Each message's `tables` hint is left as what the transaction touched, worked out per recipient (bodyFor).
      touched: touched.get(entry.version) ?? { tables: [], clients: new Map() },
      tail: `},"key":${keyOf(definition.name, entry.row_id)},"value":${value}}`,
    });
  }
  const end = entries.at(-1);
  const version = settings.version;
  return { settings, page: { from, version, messages, full: isFull, end: end ? { kind: 'log', version: end.version, op: end.op } : undefined } };
}

function send(reply: FastifyReply, response: ShapeResponse, extra: { schema?: string; cursor?: string }): FastifyReply {
  reply
    .code(response.status)
    .header('content-type', 'application/json; charset=utf-8')
    .header('cache-control', 'private, no-store')
    .header('electric-handle', response.handle)
    .header('electric-offset', response.offset)
    .header('electric-has-data', String(response.hasData));
  if (extra.schema) reply.header('electric-schema', extra.schema);
  if (extra.cursor) reply.header('electric-cursor', extra.cursor);
  if (response.upToDate) reply.header('electric-up-to-date', '');
  // Encoded once here: a string body would be scanned for its length and then encoded again to be written.
  return reply.send(Buffer.from(response.body));
}

export function registerShapeRoutes(app: FastifyInstance, ctx: ServerContext): void {
  /**
   * Reads started but not yet at their snapshot, by key, with the offsets of the requests that joined
   * them; a request with the same key joins instead of reading. `start` closes the read to newcomers.
   */
  const unstarted = new Map<string, { readonly promise: Promise<SharedRead>; readonly offsets: Offset[] }>();
  function readOnce(key: string, offset: Offset, read: (start: () => readonly Offset[]) => Promise<SharedRead>): Promise<SharedRead> {
    const waiting = unstarted.get(key);
    if (waiting) {
      waiting.offsets.push(offset);
      return waiting.promise;
    }
    const entry: { promise?: Promise<SharedRead>; offsets: Offset[] } = { offsets: [offset] };
    const close = () => {
      if (entry.promise !== undefined && unstarted.get(key)?.promise === entry.promise) unstarted.delete(key);
      return entry.offsets;
    };
    const promise = read(close);
    entry.promise = promise;
    unstarted.set(key, entry as { promise: Promise<SharedRead>; offsets: Offset[] });
    // A read that fails before its snapshot (no connection) must not keep answering later requests.
    promise.then(close, close);
    return promise;
  }

  /**
   * One read for every request of `key` that arrives before its snapshot is taken. A snapshot chunk (a
   * repeatable-read transaction) is shared only by requests at the same offset; a page of the log (one
   * statement, `readLog`) by requests at any offset: it is read from the lowest of them, and each
   * request takes the part after its own (`readFor`).
   */
  function sharedRead(key: string, clinicId: string, definition: ShapeDefinition, offset: Offset): Promise<SharedRead> {
    if (offset.kind === 'log') {
      return readOnce(key, offset, async (start) => {
        // Requests woken by the same commit resume one after another within this turn of the event
        // loop: the read waits for the turn to end, so they all join it.
        await new Promise((resolve) => setImmediate(resolve));
        const offsets = start();
        let from = offset;
        for (const joined of offsets) if (joined.kind === 'log' && isAfter(from, joined)) from = joined;
        const { settings, page } = await readLog(ctx.db, clinicId, definition, from);
        return { ...settings, chunk: null, page };
      });
    }
    return readOnce(key, offset, (start) =>
      ctx.db.transaction().setIsolationLevel('repeatable read').execute(async (tx): Promise<SharedRead> => {
        start();
        // One round trip: the pinned output settings (so snapshot rows print exactly as the capture
        // triggers logged them), the shape generation, the log horizon and the current version. This
        // first statement takes the transaction's snapshot; the chunk reads the same one.
        const settings = settingsOf((await sql<{ generation: string | null; horizon: string | null; version: string }>`SELECT
          set_config('timezone', 'UTC', true), set_config('datestyle', 'ISO, DMY', true), set_config('intervalstyle', 'iso_8601', true),
          set_config('extra_float_digits', '1', true), set_config('bytea_output', 'hex', true), s.*
          FROM ${SETTINGS_ROW} AS s`.execute(tx)).rows[0]);
        const chunk = isBehind(offset, settings.horizon) ? null : await readSnapshotChunk(tx, definition, offset, settings.version);
        return { ...settings, chunk, page: null };
      }));
  }

  /** The answer for one request: null when its offset is past the log's horizon (it must start again). */
  async function readFor(clinicId: string, definition: ShapeDefinition, rawOffset: string, offset: Offset): Promise<{ shared: SharedRead; read: ShapeRead | null }> {
    const base = `${clinicId}|${definition.hash}`;
    const shared = await sharedRead(offset.kind === 'log' ? `${base}|log` : `${base}|${rawOffset}`, clinicId, definition, offset);
    if (isBehind(offset, shared.horizon)) return { shared, read: null };
    if (offset.kind !== 'log') return { shared, read: shared.chunk };
    const read = shared.page ? answerFromPage(shared.page, offset) : null;
    if (read) return { shared, read };
    // A full page that ends before this offset says nothing about what follows it: read from the offset itself.
    const own = await sharedRead(`${base}|${rawOffset}`, clinicId, definition, offset);
    const page = own.page ? answerFromPage(own.page, offset) : null;
    return { shared: own, read: isBehind(offset, own.horizon) || !page ? null : page };
  }

  app.get('/v1/sync/manifest', async (request) => {
    const session = await authenticate(ctx.db, ctx.signingKey, request, ctx.now());
    const clientId = z.object({ client_id: z.string().uuid() }).safeParse(request.query);
    if (!clientId.success) throw new HttpError(400, 'invalid_input', 'client_id is required.');
    return { tables: shapeManifest(ctx.db, session.subject, clientId.data.client_id), userId: session.subject.userId };
  });

  app.get('/v1/shape', async (request, reply) => {
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const refused = Object.keys(raw).filter((key) => SHAPE_DEFINING_PARAMS.includes(key) || key.startsWith('params['));
    if (refused.length > 0) {
      return reply.code(400).header('cache-control', 'no-store').send({
        code: 'invalid_request', message: 'Shapes are chosen by the server; these parameters are not accepted.',
        errors: Object.fromEntries(refused.map((key) => [key, ['not allowed']])),
      });
    }
    const parsed = query.safeParse(raw);
    if (!parsed.success) {
      return reply.code(400).header('cache-control', 'no-store').send({
        code: 'invalid_request', message: 'Invalid request',
        errors: Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.'), [issue.message]])),
      });
    }
    const params = parsed.data;
    const live = params.live === 'true';
    const offset = parseOffset(params.offset);
    if (!offset) return reply.code(400).send({ code: 'invalid_request', message: 'Invalid request', errors: { offset: ['has invalid format'] } });
    if (live && offset.kind !== 'log') return reply.code(400).send({ code: 'invalid_request', message: 'Invalid request', errors: { live: ["can't be true when offset == -1"] } });
    if (offset.kind !== 'snapshot_start' && !params.handle) return reply.code(400).send({ code: 'invalid_request', message: 'Invalid request', errors: { handle: ["can't be blank when offset != -1"] } });
    if (!isShapeTable(params.table)) throw new HttpError(404, 'unknown_table', 'No such table.');

    const session = await authenticate(ctx.db, ctx.signingKey, request, ctx.now());
    const definition = defineShape(ctx.db, session.subject, params.table, params.client_id);
    if (!definition) throw new HttpError(403, 'forbidden', 'This table is not synced to you.');

    const controller = new AbortController();
    request.raw.on('close', () => controller.abort());
    const deadline = Date.now() + ctx.longPollMs;
    const requestedVersion = offset.kind === 'snapshot_start' ? -1 : offset.version;
    let woke = false;
    for (;;) {
      // A live request listens before it reads: a commit landing between its read's snapshot and the
      // wait would otherwise go unnoticed until the next commit or the end of the long-poll (20 s).
      const listening = new AbortController();
      const stopListening = () => listening.abort();
      controller.signal.addEventListener('abort', stopListening, { once: true });
      // A table holding one sync client's rows wakes only for commits that wrote this client's rows.
      const changed = live
        ? ctx.changes.waitForChange(session.subject.clinicId, definition.source, Math.max(1, deadline - Date.now()), listening.signal, isPerClientTable(definition.source) ? params.client_id : undefined)
        : Promise.resolve(false);
      // Requests for the same shape whose read has not taken its snapshot yet share one read: after a
      // commit wakes every long-poll of a table, devices of users with the same shape ask the same
      // question, each from the offset of its own last answer. A request that joins arrived before the
      // shared snapshot was taken, so the answer is as fresh as its own read would have been.
      const { shared, read } = await readFor(session.subject.clinicId, definition, params.offset, offset).catch((error: unknown) => {
        stopListening();
        throw error;
      });
      // Handle = definition hash, generation, and the version the client's snapshot started at. A 409
      // therefore always names a handle the client has not seen (handles are never reused).
      const fresh = `${definition.hash}-${shared.generation}-${shared.version}`;
      const current = /^([0-9a-f]{16})-(\d+)-(\d+)$/.exec(params.handle ?? '');
      const isCurrent = current !== null && current[1] === definition.hash && current[2] === shared.generation;
      const result: ShapeResponse = offset.kind !== 'snapshot_start' && (!isCurrent || read === null)
        ? { status: 409, handle: fresh, offset: '-1', body: '[{"headers":{"control":"must-refetch"}}]', upToDate: false, hasData: false }
        : { ...(read as ShapeRead), body: bodyFor(read as ShapeRead, params.client_id), handle: offset.kind === 'snapshot_start' ? fresh : (params.handle as string) };
      // After a wake, a commit touched this table: answer up-to-date at the new version even when none of
      // its rows are in this user's shape. A device holds a multi-table transaction until every table it
      // touched reported up-to-date at its version; answering now spares it a round trip to ask.
      const advanced = woke && result.status === 200 && versionOfOffset(result.offset) > requestedVersion;
      const mustWait = live && result.status === 200 && !result.hasData && result.upToDate && !advanced;
      const remaining = deadline - Date.now();
      if (!mustWait || remaining <= 0 || controller.signal.aborted) {
        stopListening();
        controller.signal.removeEventListener('abort', stopListening);
        // A live answer always carries a fresh cursor, even when it is only [up-to-date] after the wait.
        return send(reply, result, live ? { cursor: cursorFor(ctx.longPollMs, params.cursor) } : { schema: definition.schemaHeader });
      }
      woke = await changed;
      controller.signal.removeEventListener('abort', stopListening);
      if (!woke) {
        // The wait ended (or the client left) without a commit touching this table since the read, which
        // began after listening did: that read's answer still holds, so it is sent without reading again
        // (an idle workstation's streams each end a long-poll every 20 s; a second read doubled their cost).
        return send(reply, result, { cursor: cursorFor(ctx.longPollMs, params.cursor) });
      }
    }
  });
}
