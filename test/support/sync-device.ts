import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { loadIdentity } from '../../shared/auth/identity.repository';
import { DEMO_PASSWORD } from '../../shared/demo/demo-clinic';
import type { Database } from '../../shared/db/tables';
import { newId } from '../../shared/ids';
import type { ChannelName, InputOf, OutputOf } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import { sharedView } from '../../server/auth/session';
import { defineShape, shapeManifest, type ShapeTable } from '../../server/sync/shape-definition';
import { startCore, type Core } from '../../main/core';
import type { Caller } from '../../main/ipc/router';
import { clientIdFor } from '../../main/sync/device-mutations';
import type { TestServer } from './sync-server';

/**
 * The network between a test workstation and the sync server, with faults a workstation meets:
 * a pulled cable, a push that never reaches the server, an answer lost after the server acted.
 */
export class TestNetwork {
  /**
   * The cable is pulled: requests fail, and an answer arriving while it is pulled is lost (the server may
   * have acted on it: a push is then resent and answered duplicate; a lost token refresh would leave a
   * rotated-away refresh token, as it would on a real network).
   */
  offline = false;
  /** POST /v1/mutations fails before reaching the server (crash or outage between commit and push). */
  blockPushes = false;
  /** Shape requests fail, and shape answers arriving meanwhile are lost (the read path is cut off while pushes still go through). */
  blockShapes = false;
  /** Audit hand-ins fail before reaching the server. */
  blockAuditUploads = false;
  /** Delay before each non-live shape request, so a first download lasts long enough to be seen. */
  shapeDelayMs = 0;
  /** How many push answers to lose after the server has processed the push. */
  dropPushAnswers = 0;
  /** Every request made, as `METHOD url`. */
  readonly requests: string[] = [];
  /**
   * Answers that reached the workstation: the request's url, the answer's `electric-offset`, whether it
   * said up-to-date, and how many requests had been made when it arrived (its place among `requests`).
   */
  readonly answers: { url: string; offset: string | null; upToDate: boolean; afterRequests: number }[] = [];
  /** Push bodies the server processed, in order. */
  readonly pushes: { clientId: string; mutations: { id: number; name: string; args: unknown; createdAt: number }[] }[] = [];

  readonly fetch: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const method = init?.method ?? 'GET';
    this.requests.push(`${method} ${url}`);
    const isShape = url.includes('/v1/shape');
    // The cable or the read path is cut: nothing gets through, in either direction. The cut is looked at
    // when a request leaves and when its answer's headers arrive (a long-poll held open since before it).
    const cut = () => this.offline || (isShape && this.blockShapes);
    if (cut()) throw new TypeError('fetch failed');
    const isPush = method === 'POST' && url.endsWith('/v1/mutations');
    if (isPush && this.blockPushes) throw new TypeError('fetch failed');
    if (this.blockAuditUploads && url.endsWith('/v1/audit/entries')) throw new TypeError('fetch failed');
    if (this.shapeDelayMs > 0 && isShape && !url.includes('live=true')) await new Promise((resolve) => setTimeout(resolve, this.shapeDelayMs));
    const response = await fetch(input, init);
    if (isPush) this.pushes.push(JSON.parse(String(init?.body ?? '{}')) as TestNetwork['pushes'][number]);
    if (cut()) {
      await response.body?.cancel();
      throw new TypeError('fetch failed');
    }
    if (isPush) {
      if (this.dropPushAnswers > 0) {
        this.dropPushAnswers -= 1;
        await response.text();
        throw new TypeError('fetch failed');
      }
    }
    this.answers.push({ url, offset: response.headers.get('electric-offset'), upToDate: response.headers.has('electric-up-to-date'), afterRequests: this.requests.length });
    return response;
  };

  /** Shape requests that started a table from scratch. */
  snapshotRequests(): string[] {
    return this.requests.filter((request) => shapeParams(request)?.get('offset') === '-1');
  }
}

/** The query of a shape request (`METHOD url` or a url), or null for any other request. */
export function shapeParams(request: string): URLSearchParams | null {
  const url = new URL(request.slice(request.indexOf('http')));
  return url.pathname === '/v1/shape' ? url.searchParams : null;
}

export interface TestDevice {
  readonly core: Core;
  readonly dataDir: string;
  readonly network: TestNetwork;
  readonly db: Kysely<Database>;
  /** Signs a window in through `auth.login` (online: the server decides). */
  signIn(username: string, windowKey?: string): Promise<Caller>;
  invoke<C extends ChannelName>(caller: Caller, channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>>;
  /** Closes the core (as on quit or crash after commit) and opens the same data folder again. */
  restart(): Promise<TestDevice>;
  cleanup(): Promise<void>;
}

/** A workstation with its own data folder, syncing with `server` over a fault-injectable network. */
export async function openDevice(server: TestServer, options: { dataDir?: string; network?: TestNetwork; tickMs?: number } = {}): Promise<TestDevice> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'medora-device-'));
  const network = options.network ?? new TestNetwork();
  const core = await startCore({
    dataDir,
    sync: { serverUrl: server.url, fetch: network.fetch, retry: { initialDelayMs: 50, maxDelayMs: 400 }, tickMs: options.tickMs ?? 300 },
  });
  if (!core.db) throw new Error(`device core failed: ${core.status.problem}`);
  const db = core.db;
  const device: TestDevice = {
    core, dataDir, network, db,
    async signIn(username, windowKey = `window-${username}-${newId()}`) {
      const caller: Caller = { transport: 'bridge', windowKey };
      const result = await core.router.dispatch(caller, 'auth.login', { username, password: DEMO_PASSWORD });
      if (!result.ok) throw new Error(`sign-in as ${username} failed: ${result.error.code} ${result.error.message}`);
      return caller;
    },
    async invoke(caller, channel, input) {
      return (await core.router.dispatch(caller, channel, input)) as never;
    },
    async restart() {
      await core.close();
      return openDevice(server, { dataDir, network });
    },
    async cleanup() {
      await core.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return device;
}

/** Waits until the replica holds exactly the user's scope on the server, naming the tables that differ on timeout. */
export async function converged(server: TestServer, device: TestDevice, userId: string, tables: readonly ShapeTable[], timeoutMs = 30_000): Promise<void> {
  let differing: string[] = [];
  await waitFor(async () => {
    differing = await divergentTables(server, device, userId, tables);
    return differing.length === 0;
  }, () => `the replica to equal Postgres; differing: ${differing.join(', ')}`, timeoutMs);
}

/** Waits until the workstation's read path has caught up with the server on every table. */
export async function caughtUp(device: TestDevice): Promise<void> {
  await waitFor(() => device.core.sync?.activeSync?.isCaughtUp(), 'the read path to catch up');
}

/** Closes every workstation, then the server (a server waits for open long-polls, so workstations go first). */
export async function closeAll(server: TestServer | undefined, devices: readonly TestDevice[]): Promise<void> {
  for (const device of devices) await device.cleanup();
  await server?.stop();
}

/** A workstation with `username` signed in online and caught up, kept in `devices` for the file's `afterAll` to close. */
export async function signedInDevice(server: TestServer, devices: TestDevice[], username: string): Promise<{ readonly device: TestDevice; readonly window: Caller }> {
  const device = await openDevice(server);
  devices.push(device);
  const window = await device.signIn(username);
  await caughtUp(device);
  return { device, window };
}

/** Polls `probe` until it returns a truthy value, or fails with `message` at the deadline. */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, message: string | (() => string), timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out: ${typeof message === 'string' ? message : message()}${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type Rows = Record<string, unknown>[];
const byId = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.id).localeCompare(String(b.id));
/** Rows as comparable text: columns in name order (the two databases may list them differently). */
const canonical = (rows: Rows) => JSON.stringify(rows.map((row) => Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b)))));

/** The rows of `table` the server sends this user on this client, read straight from Postgres. */
export async function serverRowsFor(server: TestServer, userId: string, clientId: string, table: ShapeTable): Promise<Rows> {
  const db = server.database.db;
  const identity = await loadIdentity(sharedView(db), userId);
  if (!identity) throw new Error(`no such user ${userId}`);
  const shape = defineShape(db, identity.subject, table, clientId);
  if (!shape) return [];
  const rows = (await (sharedView(db) as Kysely<Database>).selectFrom(shape.source).selectAll()
    .where(shape.filter as never).execute()) as Rows;
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(row)) {
      if (shape.columns && !shape.columns.includes(column)) continue;
      // Redacted columns leave the server as the shape's neutral value (parsed as the device parses it).
      const redacted = shape.redact && Object.hasOwn(shape.redact, column) ? shape.redact[column] : undefined;
      out[column] = redacted === undefined ? value : redacted === null ? null : typeof value === 'number' ? Number(redacted) : redacted;
    }
    return out;
  }).sort(byId);
}

export async function replicaRows(device: TestDevice, table: ShapeTable): Promise<Rows> {
  const sqlite = device.core.replica?.sqlite;
  if (!sqlite) throw new Error('no replica');
  return (sqlite.prepare(`SELECT * FROM "${table}"`).all() as Rows).sort(byId);
}

/** The manifest tables whose replica rows differ from the user's server scope (empty when converged). */
export async function divergentTables(server: TestServer, device: TestDevice, userId: string, tables: readonly ShapeTable[]): Promise<string[]> {
  const clientId = await clientIdFor(device.db, userId, newId);
  const differing: string[] = [];
  for (const table of tables) {
    let expected = await serverRowsFor(server, userId, clientId, table);
    let actual = await replicaRows(device, table);
    // The device's own audit entries reach the server in their own time (the periodic upload);
    // compare what the server holds from other workstations.
    if (table === 'audit_log') {
      actual = actual.filter((row) => row.device_id !== device.core.deviceId);
      expected = expected.filter((row) => row.device_id !== device.core.deviceId);
    }
    if (canonical(actual) !== canonical(expected)) differing.push(`${table} (replica ${actual.length}, server ${expected.length})`);
  }
  return differing;
}

/** The user id of a username on the server. */
export async function userIdOf(server: TestServer, username: string): Promise<string> {
  return (await server.database.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
}

/** The tables the server syncs to a user (its manifest), read with the server's own definitions. */
export async function manifestFor(server: TestServer, userId: string): Promise<ShapeTable[]> {
  const identity = await loadIdentity(sharedView(server.database.db), userId);
  if (!identity) throw new Error(`no such user ${userId}`);
  return shapeManifest(server.database.db, identity.subject, newId());
}
