import { ShapeStream, type Message, type Row } from '@electric-sql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { startTestServer, type TestServer } from '../../test/support/sync-server';

let server: TestServer;
let token: string;
const clientId = newId();

beforeAll(async () => {
  server = await startTestServer();
  token = (await server.login('admin')).accessToken;
});
afterAll(async () => server.stop());

const parser = { int8: (value: string) => Number(value) };

/** Collects messages from a real ShapeStream until `until` says stop. */
async function collect(options: { table: string; offset?: string; handle?: string; live?: boolean }, until: (messages: Message<Row>[]) => boolean) {
  const controller = new AbortController();
  const stream = new ShapeStream({
    url: `${server.url}/v1/shape`,
    params: { table: options.table, client_id: clientId },
    headers: { authorization: `Bearer ${token}` },
    parser,
    signal: controller.signal,
    subscribe: options.live ?? true,
    ...(options.offset ? { offset: options.offset as `${number}_${number}`, handle: options.handle } : {}),
  });
  const messages: Message<Row>[] = [];
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out with ${messages.length} messages`)), 20_000);
    stream.subscribe((batch) => {
      messages.push(...batch);
      if (until(messages)) {
        clearTimeout(timer);
        resolve();
      }
    }, reject);
  });
  await done;
  const position = { handle: stream.shapeHandle, offset: stream.lastOffset };
  controller.abort();
  return { messages, position };
}

const isUpToDate = (m: Message<Row>) => 'control' in m.headers && m.headers.control === 'up-to-date';
const changes = (messages: Message<Row>[]) => messages.filter((m) => 'operation' in m.headers) as (Message<Row> & { value: Row; key: string })[];

describe('GET /v1/shape with the real @electric-sql/client', () => {
  it('initial sync delivers every row of the shape, then up-to-date', async () => {
    const { messages } = await collect({ table: 'facilities' }, (m) => m.some(isUpToDate));
    const rows = changes(messages);
    const expected = await server.database.db.selectFrom('facilities').select('id').execute();
    expect(rows.map((r) => r.value.id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(typeof rows[0]?.value.created_at).toBe('number');
  });

  it('pages a large table in chunks and resumes from a persisted offset after restart', async () => {
    const first = await collect({ table: 'appointments' }, (m) => m.some(isUpToDate));
    const count = await server.database.db.selectFrom('appointments').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(changes(first.messages)).toHaveLength(Number(count.n));
    // "Restart": a new stream from the stored position receives only what changed since.
    const target = await server.database.db.selectFrom('appointments').select('id').orderBy('id').executeTakeFirstOrThrow();
    await server.database.db.updateTable('appointments').set({ notes: 'changed after restart' }).where('id', '=', target.id).execute();
    const resumed = await collect({ table: 'appointments', offset: first.position.offset, handle: first.position.handle }, (m) => changes(m).length >= 1 && m.some(isUpToDate));
    expect(changes(resumed.messages).map((m) => m.value.id)).toEqual([target.id]);
    expect(changes(resumed.messages)[0]?.headers).toMatchObject({ operation: 'update', last: true });
  });

  it('live mode delivers a change committed after the stream caught up', async () => {
    const controller = new AbortController();
    const stream = new ShapeStream({
      url: `${server.url}/v1/shape`, params: { table: 'clinics', client_id: clientId }, headers: { authorization: `Bearer ${token}` }, parser, signal: controller.signal,
    });
    let caughtUp = false;
    const seen = new Promise<Row>((resolve) => {
      stream.subscribe((batch) => {
        for (const message of batch) {
          if (isUpToDate(message)) caughtUp = true;
          if ('operation' in message.headers && message.headers.operation === 'update') resolve((message as { value: Row }).value);
        }
      });
    });
    while (!caughtUp) await new Promise((r) => setTimeout(r, 50));
    await server.database.db.updateTable('clinics').set({ name: 'Renamed live' }).execute();
    const update = await seen;
    expect(update.name).toBe('Renamed live');
    controller.abort();
  });

  it('answers 409 with a new handle when the shape is rotated, and the client resyncs', async () => {
    const first = await collect({ table: 'exam_types' }, (m) => m.some(isUpToDate));
    await server.database.db.insertInto('server_settings').values({ key: 'shape_generation', value: '2' })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: '2' })).execute();
    const again = await collect({ table: 'exam_types', offset: first.position.offset, handle: first.position.handle, live: false },
      (m) => m.some((x) => 'control' in x.headers && x.headers.control === 'must-refetch') && m.some(isUpToDate));
    expect(again.position.handle).not.toBe(first.position.handle);
    expect(again.position.handle).toMatch(/^[0-9a-f]{16}-2-\d+$/);
    expect(changes(again.messages).length).toBe(changes(first.messages).length);
  });

  it('sends the required headers, ignores unknown parameters and refuses a client-chosen where', async () => {
    const base = `${server.url}/v1/shape?table=facilities&offset=-1&client_id=${clientId}`;
    const auth = { authorization: `Bearer ${token}` };
    const response = await fetch(`${base}&cache-buster=abc&expired_handle=x&cursor=&something_else=1`, { headers: auth });
    expect(response.status).toBe(200);
    for (const header of ['electric-handle', 'electric-offset', 'electric-schema']) expect(response.headers.get(header)).toBeTruthy();
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(JSON.parse(response.headers.get('electric-schema') ?? '{}').id).toMatchObject({ type: 'text', pk_index: 0 });
    const where = await fetch(`${base}&where=1%3D1`, { headers: auth });
    expect(where.status).toBe(400);
    const columns = await fetch(`${base}&columns=id`, { headers: auth });
    expect(columns.status).toBe(400);
    const noToken = await fetch(base);
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ code: 'unauthenticated' });
  });
});

describe('change-log retention', () => {
  it('answers 409 to a device whose offset fell behind the retained log, and it resyncs', async () => {
    const { truncateChangeLog } = await import('./log-retention');
    const first = await collect({ table: 'physicians' }, (m) => m.some(isUpToDate));
    await server.database.db.updateTable('physicians').set({ specialty: 'Retention' }).execute();
    const result = await truncateChangeLog(server.database.db, Date.now() + 1_000, 0);
    expect(result.deleted).toBeGreaterThan(0);
    const response = await fetch(`${server.url}/v1/shape?table=physicians&offset=${first.position.offset}&handle=${first.position.handle}&client_id=${clientId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual([{ headers: { control: 'must-refetch' } }]);
    const again = await collect({ table: 'physicians', offset: first.position.offset, handle: first.position.handle, live: false }, (m) => m.some(isUpToDate));
    expect(changes(again.messages).every((m) => m.value.specialty === 'Retention')).toBe(true);
  });
});

describe('snapshot row text', () => {
  it('prints every column of every synced table exactly as the change log does (medora_row_text), nulls, reals and quotes included', async () => {
    const { sql } = await import('kysely');
    const { syncedTables } = await import('../../shared/db/tables');
    const { rowTextSql } = await import('./shape-definition');
    const db = server.database.db;
    // Awkward values in a row of its own: quotes, backslashes, a tiny coordinate, a null.
    const facility = await db.selectFrom('facilities').selectAll().orderBy('id').executeTakeFirstOrThrow();
    await db.insertInto('facilities').values({
      ...facility, id: newId(), code: 'ROW-TEXT', name: 'The "Quoted" \\ Clinic\n', latitude: 0.00001, longitude: -123.456789012345, phone: null,
    }).execute();
    await db.transaction().execute(async (tx) => {
      // The settings the shape endpoint pins for every read.
      await sql`SELECT set_config('extra_float_digits', '1', true), set_config('timezone', 'UTC', true)`.execute(tx);
      for (const table of Object.keys(syncedTables) as (keyof typeof syncedTables)[]) {
        const rows = await sql<{ mine: string; log: unknown }>`SELECT ${sql.raw(rowTextSql(table, null, null))} AS mine, medora_row_text(to_jsonb(${sql.table(table)})) AS log
          FROM ${sql.table(table)} ORDER BY id LIMIT 200`.execute(tx);
        for (const row of rows.rows) expect({ table, value: JSON.parse(row.mine) as unknown }).toEqual({ table, value: row.log });
      }
    });
    // A subset with a redaction prints only those columns, the redacted one as its replacement.
    const subset = await sql<{ mine: string }>`SELECT ${sql.raw(rowTextSql('facilities', ['id', 'name', 'phone'], { name: 'hidden' }))} AS mine FROM facilities WHERE code = 'ROW-TEXT'`.execute(db);
    expect(JSON.parse(subset.rows[0]?.mine ?? '{}')).toEqual({ id: expect.any(String), name: 'hidden', phone: null });
  });
});

describe('requests woken by one commit', () => {
  /** Reads a table's shape from the start over plain HTTP until up-to-date; returns the position. */
  async function catchUp(table: string): Promise<{ handle: string; offset: string }> {
    let query = `table=${table}&offset=-1&client_id=${clientId}`;
    for (;;) {
      const response = await fetch(`${server.url}/v1/shape?${query}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      await response.text();
      const handle = response.headers.get('electric-handle') as string;
      const offset = response.headers.get('electric-offset') as string;
      if (response.headers.has('electric-up-to-date')) return { handle, offset };
      query = `table=${table}&offset=${offset}&handle=${handle}&client_id=${clientId}`;
    }
  }

  it('each get the change with their own handle (shapes started at different versions), and a stale handle still gets 409', async () => {
    const early = await catchUp('facilities');
    const facility = await server.database.db.selectFrom('facilities').select('id').orderBy('id').executeTakeFirstOrThrow();
    await server.database.db.updateTable('facilities').set({ phone: '303-555-0100' }).where('id', '=', facility.id).execute();
    // A second shape started after that commit: another handle, and both now at the same offset.
    const late = await catchUp('facilities');
    const behind = await fetch(`${server.url}/v1/shape?table=facilities&offset=${early.offset}&handle=${early.handle}&client_id=${clientId}`, { headers: { authorization: `Bearer ${token}` } });
    const caughtUpEarly = { handle: early.handle, offset: behind.headers.get('electric-offset') as string };
    await behind.text();
    expect(late.handle).not.toBe(early.handle);
    expect(caughtUpEarly.offset).toBe(late.offset);

    const poll = (position: { handle: string; offset: string }) =>
      fetch(`${server.url}/v1/shape?table=facilities&live=true&offset=${position.offset}&handle=${position.handle}&client_id=${clientId}`, { headers: { authorization: `Bearer ${token}` } })
        .then(async (response) => ({ status: response.status, handle: response.headers.get('electric-handle'), body: await response.text() }));
    const stale = `${'0'.repeat(16)}-1-0`;
    const held = [...Array.from({ length: 4 }, () => poll(caughtUpEarly)), ...Array.from({ length: 4 }, () => poll(late)), poll({ handle: stale, offset: late.offset })];
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server.database.db.updateTable('facilities').set({ phone: '303-555-0101' }).where('id', '=', facility.id).execute();
    const answers = await Promise.all(held);

    for (const [index, answer] of answers.slice(0, 8).entries()) {
      expect(answer.status).toBe(200);
      expect(answer.handle).toBe(index < 4 ? early.handle : late.handle);
      const messages = JSON.parse(answer.body) as { headers: { operation?: string }; value?: { id: string; phone: string } }[];
      expect(messages.filter((m) => m.headers.operation === 'update').map((m) => m.value)).toEqual([expect.objectContaining({ id: facility.id, phone: '303-555-0101' })]);
    }
    expect(answers[8]?.status).toBe(409);
    expect(answers[8]?.handle).not.toBe(stale);
  });

  it('at different offsets each get the change exactly once, and all end at the same offset', async () => {
    const older = await catchUp('facilities');
    // A commit on another table moves the clinic's version on: a stream answered after it holds a later offset.
    await server.database.db.updateTable('clinics').set({ phone: '303-555-0199' }).execute();
    const moved = await fetch(`${server.url}/v1/shape?table=facilities&offset=${older.offset}&handle=${older.handle}&client_id=${clientId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(await moved.text()).not.toContain('"operation"');
    const newer = { handle: older.handle, offset: moved.headers.get('electric-offset') as string };
    expect(Number.parseInt(newer.offset, 10)).toBeGreaterThan(Number.parseInt(older.offset, 10));

    const poll = (position: { handle: string; offset: string }) =>
      fetch(`${server.url}/v1/shape?table=facilities&live=true&offset=${position.offset}&handle=${position.handle}&client_id=${clientId}`, { headers: { authorization: `Bearer ${token}` } })
        .then(async (response) => ({ status: response.status, offset: response.headers.get('electric-offset'), body: await response.text() }));
    const held = [older, newer, older, newer, older, newer].map(poll);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const facility = await server.database.db.selectFrom('facilities').select('id').orderBy('id').executeTakeFirstOrThrow();
    await server.database.db.updateTable('facilities').set({ phone: '303-555-0102' }).where('id', '=', facility.id).execute();
    const answers = await Promise.all(held);

    for (const answer of answers) {
      expect(answer.status).toBe(200);
      const messages = JSON.parse(answer.body) as { headers: { operation?: string; control?: string }; value?: { id: string; phone: string } }[];
      expect(messages.filter((m) => m.headers.operation).map((m) => [m.headers.operation, m.value])).toEqual([['update', expect.objectContaining({ id: facility.id, phone: '303-555-0102' })]]);
      expect(messages.at(-1)?.headers.control).toBe('up-to-date');
    }
    expect(new Set(answers.map((answer) => answer.offset)).size).toBe(1);
  });

  it('asked at once from offsets with changes between them, each gets exactly the changes after its own offset', async () => {
    const facility = await server.database.db.selectFrom('facilities').select('id').orderBy('id').executeTakeFirstOrThrow();
    const positions = [await catchUp('facilities')];
    for (const phone of ['303-555-0110', '303-555-0111']) {
      await server.database.db.updateTable('facilities').set({ phone }).where('id', '=', facility.id).execute();
      positions.push(await catchUp('facilities'));
    }
    const read = (position: { handle: string; offset: string }) =>
      fetch(`${server.url}/v1/shape?table=facilities&offset=${position.offset}&handle=${position.handle}&client_id=${clientId}`, { headers: { authorization: `Bearer ${token}` } })
        .then(async (response) => (JSON.parse(await response.text()) as { headers: { operation?: string }; value?: { phone: string } }[])
          .filter((m) => m.headers.operation).map((m) => m.value?.phone));
    const answers = await Promise.all([0, 1, 2, 0, 1, 2, 0, 1, 2].map((index) => read(positions[index] as { handle: string; offset: string })));
    expect(answers).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2].map((index) => [['303-555-0110', '303-555-0111'], ['303-555-0111'], []][index]));
  });
});
