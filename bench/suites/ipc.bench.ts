import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCore } from '../../main/core';
import { seedDemoClinic } from '../../main/db/seed-demo';
import type { Caller } from '../../main/ipc/router';
import { DEMO_PASSWORD } from '../../shared/demo/demo-clinic';
import { atMost, measure, milliseconds, reported, type BenchContext, type SuiteReport } from '../harness';

const WARMUP = 2_000;
const ITERATIONS = 20_000;

/**
 * One IPC round trip through the real router — sender and session check, zod validation, permission
 * check, a trivial handler, the typed result — over the loopback-bridge transport, minus the socket.
 * Target from the foundation issue: median under 0.5 ms.
 */
export async function run(context: BenchContext): Promise<SuiteReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'medora-bench-ipc-'));
  const core = await startCore({ dataDir });
  try {
    if (!core.db) throw new Error(`The core did not start: ${core.status.problem ?? 'unknown problem'}`);
    context.log('Seeding a small demo clinic for sign-in...');
    await seedDemoClinic(core.db, { scale: { patients: 500, appointments: 2_500 } });
    await core.refreshStatus();
    const caller: Caller = { transport: 'bridge', windowKey: 'bench' };
    const login = await core.router.dispatch(caller, 'auth.login', { username: 'admin', password: DEMO_PASSWORD });
    if (!login.ok) throw new Error(`Sign-in failed: ${login.error.message}`);

    const expectOk = async (channel: string, input: unknown) => {
      const result = await core.router.dispatch(caller, channel, input);
      if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}`);
    };
    context.log(`Timing ${ITERATIONS.toLocaleString('en-US')} calls per channel after ${WARMUP.toLocaleString('en-US')} warm-up calls...`);
    const clinicGet = await measure(() => expectOk('clinic.get', {}), { warmup: WARMUP, iterations: ITERATIONS });
    const appStatus = await measure(() => expectOk('app.status', {}), { warmup: WARMUP, iterations: ITERATIONS });
    const rejected = await measure(async () => {
      const result = await core.router.dispatch(caller, 'clinic.get', { unexpected: true });
      if (result.ok || result.error.code !== 'invalid_input') throw new Error('Bad input was not refused');
    }, { warmup: WARMUP, iterations: ITERATIONS });

    return {
      title: 'IPC round trip through the router',
      description:
        '`router.dispatch` over the bridge transport as signed-in `admin`: session lookup, zod validation, permission check, ' +
        `handler, result. ${ITERATIONS.toLocaleString('en-US')} timed calls per channel after ${WARMUP.toLocaleString('en-US')} warm-up calls.`,
      rows: [
        atMost('`clinic.get` (validated, permission-checked, one-row read), median', clinicGet.medianMs, 0.5),
        reported('`clinic.get`, p95', milliseconds(clinicGet.p95Ms)),
        reported('`app.status` (public, no session), median / p95', `${milliseconds(appStatus.medianMs)} / ${milliseconds(appStatus.p95Ms)}`),
        reported('`clinic.get` with invalid input (refused by zod), median / p95', `${milliseconds(rejected.medianMs)} / ${milliseconds(rejected.p95Ms)}`),
      ],
      notes: ['The Electron transport adds the IPC hop between processes (structured clone over a pipe), which this in-process figure excludes.'],
    };
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
