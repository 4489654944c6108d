import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, startCore } from './core';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('core start-up', () => {
  it('migrates a new replica and reports no clinic yet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'medora-core-'));
    dirs.push(dir);
    const core = await startCore({ dataDir: dir });
    expect(core.status.state).toBe('no_clinic');
    const status = await core.router.dispatch({ transport: 'bridge', windowKey: 'w' }, 'app.status', {});
    expect(status).toMatchObject({ ok: true, value: { state: 'no_clinic', deviceId: core.deviceId } });
    await core.close();
    const again = await startCore({ dataDir: dir });
    expect(again.deviceId).toBe(core.deviceId);
    await again.close();
  });

  it('reports a failed migration as a status with a plain problem, and serves nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'medora-core-'));
    dirs.push(dir);
    writeFileSync(join(dir, DATABASE_FILE), 'this is not a database, it is a text file pretending to be one'.repeat(100));
    const core = await startCore({ dataDir: dir });
    expect(core.status.state).toBe('migration_failed');
    expect(core.status.problem).toMatch(/local database/);
    const status = await core.router.dispatch({ transport: 'bridge', windowKey: 'w' }, 'app.status', {});
    expect(status.ok && status.value).toMatchObject({ state: 'migration_failed' });
    const login = await core.router.dispatch({ transport: 'bridge', windowKey: 'w' }, 'auth.login', { username: 'a', password: 'b' });
    expect(login.ok ? 'ok' : login.error.code).toBe('unavailable');
    await core.close();
  });

  it('refuses to run on a database written by a newer version, leaving it untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'medora-core-'));
    dirs.push(dir);
    const first = await startCore({ dataDir: dir });
    first.replica?.sqlite.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES ('29990101000000_from_the_future', '2999-01-01')").run();
    await first.close();
    const core = await startCore({ dataDir: dir });
    expect(core.status.state).toBe('migration_failed');
    expect(core.status.problem).toMatch(/Updating the local database failed/);
    await core.close();
  });
});
