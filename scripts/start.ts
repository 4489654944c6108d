/**
 * `npm start`: runs Medora for development and demos.
 *
 * - Builds the renderer when dist/renderer is missing (vite).
 * - With the Electron binary installed: bundles main and preload and opens the desktop app.
 * - Without it (CI containers, locked-down machines; this script never downloads it): starts the same
 *   core and router in Node behind the loopback bridge and prints the address to open in a browser.
 *   `npm start -- --browser` chooses browser mode even where Electron is installed.
 *
 * Both modes first start the clinic's sync server on loopback (embedded Postgres in .medora/server,
 * seeded with the demo clinic when empty); the workstation's replica in .medora/data is filled by sync
 * after the first (online) sign-in, so `npm start` shows the whole loop. A developer's real profile is
 * never touched.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCore } from '../main/core';
import { findElectronBinary } from '../main/electron/binary';
import { startBridge } from '../main/ipc/bridge';
import { DEMO_PASSWORD, generateDemoClinic } from '../shared/demo/demo-clinic';
import { serverConfigFromEnv, startServer, type RunningServer } from '../server/start';
import { buildElectron } from './build-electron';

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RENDERER_DIR = path.join(PROJECT_DIR, 'dist', 'renderer');
const DATA_DIR = path.join(PROJECT_DIR, '.medora', 'data');
const SERVER_DATA_DIR = path.join(PROJECT_DIR, '.medora', 'server');

/** Builds the renderer once; later runs reuse dist/renderer (run `npm run build:renderer` after UI changes). */
function ensureRenderer(): void {
  if (existsSync(path.join(RENDERER_DIR, 'index.html'))) return;
  if (!existsSync(path.join(PROJECT_DIR, 'vite.config.ts'))) {
    console.warn('Note: vite.config.ts is missing, so the renderer was not built; the window will be empty.');
    return;
  }
  console.log('Building the renderer (first start)...');
  const result = spawnSync('npx', ['vite', 'build'], { cwd: PROJECT_DIR, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error('The renderer build failed.');
}

/**
 * Starts the clinic's sync server for this checkout: embedded Postgres in .medora/server, migrated,
 * seeded with the demo clinic when empty. `DATABASE_URL` points it at another Postgres instead.
 */
async function startClinicServer(): Promise<RunningServer> {
  console.log('Starting the clinic sync server (embedded Postgres in .medora/server)...');
  const config = { ...serverConfigFromEnv(), dataDir: SERVER_DATA_DIR, port: Number(process.env.MEDORA_SERVER_PORT ?? '0') };
  const server = await startServer(config, (line) => console.log(`  ${line}`));
  console.log(`Sync server: ${server.url}`);
  console.log(`Sign in as one of these demo users (password ${DEMO_PASSWORD}); the first sign-in downloads that user's data:`);
  for (const user of generateDemoClinic({ scale: { patients: 1, appointments: 1 } }).users) console.log(`  ${user.username.padEnd(18)} ${user.role}`);
  return server;
}

async function runElectron(binary: string, server: RunningServer): Promise<void> {
  await buildElectron({ isProduction: false });
  const child = spawn(binary, ['.'], {
    cwd: PROJECT_DIR,
    stdio: 'inherit',
    env: { ...process.env, MEDORA_DATA_DIR: DATA_DIR, MEDORA_SERVER_URL: server.url },
  });
  const forward = (signal: NodeJS.Signals) => () => {
    child.kill(signal);
  };
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code, signal) => {
    void server.stop().finally(() => process.exit(code ?? (signal === null ? 0 : 1)));
  });
}

async function runBrowserMode(reason: string, server: RunningServer): Promise<void> {
  const core = await startCore({ dataDir: DATA_DIR, sync: { serverUrl: server.url } });
  const port = Number(process.env.MEDORA_BRIDGE_PORT ?? '0');
  const bridge = await startBridge({ router: core.router, staticDir: RENDERER_DIR, ...(port > 0 ? { port } : {}) });
  console.log(`Medora is running in browser mode (${reason}). Open: ${bridge.url}`);
  console.log('Press Ctrl+C to stop.');

  let isStopping = false;
  const stop = () => {
    if (isStopping) return;
    isStopping = true;
    console.log('\nStopping Medora...');
    bridge
      .close()
      .then(() => core.close())
      .then(() => server.stop())
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(): Promise<void> {
  ensureRenderer();
  const binary = process.argv.includes('--browser') ? null : findElectronBinary(PROJECT_DIR);
  const server = await startClinicServer();
  if (binary !== null) return runElectron(binary, server);
  return runBrowserMode(process.argv.includes('--browser') ? 'requested with --browser' : 'the Electron binary is not installed', server);
}

main().catch((error: unknown) => {
  console.error(`Medora could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
