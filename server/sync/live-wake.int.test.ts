import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { startTestServer, type TestServer } from '../../test/support/sync-server';

/**
 * A commit wakes only the long-polls it can change, and the `tables` hint each recipient gets names
 * only the tables that can carry a part of the transaction for it: `client_mutations` and
 * `mutation_results` hold one sync client's rows, so another client neither wakes for them nor waits
 * for them (docs/api.md, "Live long-polls").
 */
const LONG_POLL_MS = 3_000;

let server: TestServer;

interface Workstation {
  readonly token: string;
  readonly clientId: string;
  /** The last mutation id pushed. */
  pushed: number;
}
let a: Workstation;
let b: Workstation;

beforeAll(async () => {
  server = await startTestServer({ longPollMs: LONG_POLL_MS });
  a = { token: (await server.login('admin')).accessToken, clientId: newId(), pushed: 0 };
  b = { token: (await server.login('admin')).accessToken, clientId: newId(), pushed: 0 };
}, 120_000);
afterAll(async () => server.stop());

type Message = { headers: { operation?: string; control?: string; lsn?: string; tables?: string[]; global_last_seen_lsn?: string }; value?: Record<string, unknown> };
interface Position { readonly handle: string; readonly offset: string }

async function catchUp(url: string, who: Workstation, table: string): Promise<Position> {
  let query = `table=${table}&offset=-1&client_id=${who.clientId}`;
  for (;;) {
    const response = await fetch(`${url}/v1/shape?${query}`, { headers: { authorization: `Bearer ${who.token}` } });
    expect(response.status).toBe(200);
    await response.text();
    const handle = response.headers.get('electric-handle') as string;
    const offset = response.headers.get('electric-offset') as string;
    if (response.headers.has('electric-up-to-date')) return { handle, offset };
    query = `table=${table}&offset=${offset}&handle=${handle}&client_id=${who.clientId}`;
  }
}

async function poll(url: string, who: Workstation, table: string, at: Position) {
  const response = await fetch(`${url}/v1/shape?table=${table}&live=true&offset=${at.offset}&handle=${at.handle}&client_id=${who.clientId}`, {
    headers: { authorization: `Bearer ${who.token}` },
  });
  const messages = JSON.parse(await response.text()) as Message[];
  return {
    status: response.status,
    changes: messages.filter((message) => message.headers.operation !== undefined),
    upToDateAt: Number(messages.find((message) => message.headers.control === 'up-to-date')?.headers.global_last_seen_lsn ?? -1),
  };
}

async function push(url: string, who: Workstation, name: string, args: unknown): Promise<{ status: string }> {
  who.pushed += 1;
  const response = await fetch(`${url}/v1/mutations`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${who.token}` },
    body: JSON.stringify({ clientId: who.clientId, schemaVersion: 1, mutations: [{ id: who.pushed, name, args, createdAt: Date.now() }] }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { results: { status: string }[] }).results[0] as { status: string };
}

const clinicUpdate = (name: string) => ({
  name, legalName: null, taxId: null, phone: null, email: null, idleTimeoutMinutes: 15, offlineLeaseHours: 72,
  travelBufferMinutes: 30, treatmentGapDays: 14, defaultTimeZone: 'America/New_York',
});

const currentVersion = async () => Number((await server.database.db.selectFrom('sync_version').select('v').executeTakeFirstOrThrow()).v);

describe('live long-polls of tables holding one sync client’s rows', () => {
  it('a commit wakes only the pushing client’s client_mutations and mutation_results long-polls, and only its hint names them', async () => {
    // B has a client row of its own (so its client_mutations shape is not empty).
    expect((await push(server.url, b, 'clinic.update', clinicUpdate('Clinic of B'))).status).toBe('applied');
    const tables = ['clinics', 'client_mutations', 'mutation_results'];
    const positions = new Map<string, Position>();
    for (const who of [a, b]) for (const table of tables) positions.set(`${who.clientId}:${table}`, await catchUp(server.url, who, table));
    const at = (who: Workstation, table: string) => positions.get(`${who.clientId}:${table}`) as Position;

    // 1. An applied mutation of A: clinics and A's client_mutations row.
    const started = Date.now();
    const held = {
      aClinics: poll(server.url, a, 'clinics', at(a, 'clinics')),
      bClinics: poll(server.url, b, 'clinics', at(b, 'clinics')),
      aClient: poll(server.url, a, 'client_mutations', at(a, 'client_mutations')),
      bClient: poll(server.url, b, 'client_mutations', at(b, 'client_mutations')),
    };
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await push(server.url, a, 'clinic.update', clinicUpdate('Clinic of A'))).status).toBe('applied');
    const committed = await currentVersion();

    const aClient = await held.aClient;
    expect(Date.now() - started).toBeLessThan(LONG_POLL_MS);
    // Its client row was created and advanced in the same transaction: an insert and an update.
    expect([...new Set(aClient.changes.map((change) => change.value?.id))]).toEqual([a.clientId]);
    expect(aClient.changes[0]?.headers.tables?.sort()).toEqual(['client_mutations', 'clinics']);
    const aClinics = await held.aClinics;
    expect(aClinics.changes.map((change) => change.value?.name)).toEqual(['Clinic of A']);
    expect(aClinics.changes[0]?.headers.tables?.sort()).toEqual(['client_mutations', 'clinics']);
    // B gets the same clinics change with a hint of its own: A's client row is never in B's shape.
    const bClinics = await held.bClinics;
    expect(bClinics.changes.map((change) => change.value?.name)).toEqual(['Clinic of A']);
    expect(bClinics.changes[0]?.headers.tables).toEqual(['clinics']);
    // B's client_mutations long-poll was not woken: it ran to its end and answered the read it made
    // before waiting, at a version before A's commit.
    const bClient = await held.bClient;
    expect(bClient.status).toBe(200);
    expect(bClient.changes).toEqual([]);
    expect(bClient.upToDateAt).toBeLessThan(committed);
    expect(Date.now() - started).toBeGreaterThanOrEqual(LONG_POLL_MS - 100);

    // 2. A refused mutation of A: only A's mutation_results (and client row) change.
    const aResultsAt = at(a, 'mutation_results');
    const heldResults = { a: poll(server.url, a, 'mutation_results', aResultsAt), b: poll(server.url, b, 'mutation_results', at(b, 'mutation_results')) };
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await push(server.url, a, 'no.such_mutation', {})).status).toBe('rejected');
    const refusedAt = await currentVersion();
    const aResults = await heldResults.a;
    expect(aResults.changes.map((change) => change.value?.client_id)).toEqual([a.clientId]);
    expect(aResults.changes[0]?.headers.tables?.sort()).toEqual(['client_mutations', 'mutation_results']);
    const bResults = await heldResults.b;
    expect(bResults.changes).toEqual([]);
    expect(bResults.upToDateAt).toBeLessThan(refusedAt);
  }, 60_000);

  it('a push through one instance wakes the pushing client’s client_mutations long-poll held by another instance', async () => {
    const other = await server.startAnotherInstance();
    try {
      const caughtUp = await catchUp(other.url, a, 'client_mutations');
      const started = Date.now();
      const waiting = poll(other.url, a, 'client_mutations', caughtUp);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await push(server.url, a, 'clinic.update', clinicUpdate('Clinic of A, again'))).status).toBe('applied');
      const woken = await waiting;
      expect([...new Set(woken.changes.map((change) => change.value?.id))]).toEqual([a.clientId]);
      expect(Date.now() - started).toBeLessThan(LONG_POLL_MS);
    } finally {
      await other.stop();
    }
  }, 60_000);
});
