/**
 * A child process of the live-propagation benchmark (bench/suites/sync-live.bench.ts): it runs a few
 * workstation cores, each with its own SQLite replica and streams, signs them in, and reports when a
 * row the parent names arrives in each replica. Times are wall-clock with sub-millisecond resolution
 * (performance.timeOrigin + now()), comparable across processes on one machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startCore, type Core } from '../main/core';
import { DEMO_PASSWORD } from '../shared/demo/demo-clinic';

export type ToWorker = { readonly type: 'watch'; readonly name: string } | { readonly type: 'stop' };
export type FromWorker =
  | { readonly type: 'ready' }
  /** `answeredAt`: when the device's facilities long-poll answer carrying the row arrived (before parsing and applying). */
  | { readonly type: 'seen'; readonly device: number; readonly at: number; readonly answeredAt: number | null }
  | { readonly type: 'failed'; readonly message: string };

export const wallClock = (): number => performance.timeOrigin + performance.now();

async function main(): Promise<void> {
  const serverUrl = process.env.MEDORA_BENCH_SERVER_URL as string;
  const first = Number(process.env.MEDORA_BENCH_FIRST_DEVICE);
  const count = Number(process.env.MEDORA_BENCH_DEVICE_COUNT);
  const send = (message: FromWorker) => process.send?.(message);
  const devices: { index: number; core: Core; dir: string }[] = [];
  /** The name being watched, and when each device's long-poll answer carrying it arrived. */
  let watched: string | null = null;
  const answeredAt = new Map<number, number>();
  /** Set while a name is watched: looks at one device's replica at once (its answer with the row just arrived). */
  let lookNow: ((device: number) => void) | null = null;
  /** Notes the arrival of a facilities answer that names the watched row (the body is read from a clone). */
  const timedFetch = (device: number): typeof fetch => async (input, init) => {
    const response = await fetch(input, init);
    const name = watched;
    if (name !== null && String(input).includes('table=facilities') && String(input).includes('live=true')) {
      const at = wallClock();
      void response.clone().text().then((body) => {
        if (body.includes(name) && !answeredAt.has(device)) {
          answeredAt.set(device, at);
          lookNow?.(device);
        }
      }).catch(() => undefined);
    }
    return response;
  };
  const began = Date.now();
  const since = () => `${((Date.now() - began) / 1000).toFixed(1)} s`;
  for (let offset = 0; offset < count; offset += 1) {
    let dir = '';
    let core: Core | null = null;
    // On a busy machine a sign-in can outlast the client's timeout (the server verifies the password while
    // the workstations already signed in follow it); the device then falls back to its empty local
    // verifiers, refuses, and counts the failure, and after a few it locks the account locally. Such a
    // workstation is set aside and a fresh one (new data folder, new device id) signs in instead. The
    // server records no failure for these sign-ins, so its sign-in rate limit is not involved.
    for (let attempt = 1; ; attempt += 1) {
      dir = mkdtempSync(join(tmpdir(), 'medora-bench-live-'));
      core = await startCore({ dataDir: dir, sync: { serverUrl, fetch: timedFetch(first + offset) } });
      const login = await core.router.dispatch({ transport: 'bridge', windowKey: `bench-${first + offset}` }, 'auth.login', { username: 'admin', password: DEMO_PASSWORD });
      if (login.ok) break;
      await core.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      if (attempt === 8) throw new Error(`sign-in failed ${attempt} times: ${login.error.code}`);
      process.stderr.write(`    workstation ${first + offset}: sign-in attempt ${attempt} refused (${login.error.code}), a fresh workstation tries again (${since()})\n`);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
    devices.push({ index: first + offset, core, dir });
    process.stderr.write(`    workstation ${first + offset} signed in (${since()})\n`);
  }
  for (const device of devices) while (!device.core.sync?.activeSync?.isCaughtUp()) await new Promise((resolve) => setTimeout(resolve, 50));
  process.stderr.write(`    workstations ${first}–${first + count - 1} caught up (${since()})\n`);
  send({ type: 'ready' });

  process.on('message', (message: ToWorker) => {
    if (message.type === 'stop') {
      void (async () => {
        for (const device of devices) {
          await device.core.close().catch(() => undefined);
          rmSync(device.dir, { recursive: true, force: true });
        }
        process.exit(0);
      })();
      return;
    }
    watched = message.name;
    answeredAt.clear();
    const pending = new Map(devices.map((device) => [device.index, device.core.replica?.sqlite.prepare('SELECT 1 FROM facilities WHERE name = ?')]));
    const look = (index: number): boolean => {
      if (!pending.get(index)?.get(message.name)) return false;
      send({ type: 'seen', device: index, at: wallClock(), answeredAt: answeredAt.get(index) ?? null });
      pending.delete(index);
      return true;
    };
    // A device is looked at every millisecond from the moment its answer carrying the row arrived (the
    // apply follows within milliseconds), and every device every 25 ms in case an arrival went unnoticed.
    // Polling every replica every 2 ms from the commit on kept the fleet's processes waking 5,000 times
    // a second on two cores, slowing the very path being timed.
    lookNow = (index) => {
      const again = () => {
        if (pending.has(index) && !look(index)) setTimeout(again, 1);
      };
      again();
    };
    const sweep = () => {
      for (const index of [...pending.keys()]) look(index);
      if (pending.size > 0) setTimeout(sweep, 25);
      else lookNow = null;
    };
    sweep();
  });
}

// Only in a worker forked by the suite (importing this module for its types must not start anything).
if (process.env.MEDORA_BENCH_LIVE_WORKER === '1' && process.send) {
  main().catch((error: unknown) => {
    process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies FromWorker);
    process.exit(1);
  });
}
