/**
 * `npm start`: runs Medora for development and demos.
 *
 * - Builds the renderer when dist/renderer is missing (vite).
 * - With the Electron binary installed: bundles main and preload and opens the desktop app.
 * - Without it (CI containers, locked-down machines; this script never downloads it): starts the same
 *   core and router in Node behind the loopback bridge and prints the address to open in a browser.
 *   `npm start -- --browser` chooses browser mode even where Electron is installed.
 *
 * Both modes use the data folder .medora/data in the checkout and seed the demo clinic into it when it
 * has no clinic yet, so a developer's real profile is never touched.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCore } from '../main/core';
import type { Core } from '../main/core';
import { seedDemoClinic } from '../main/db/seed-demo';
import { findElectronBinary } from '../main/electron/binary';
import { startBridge } from '../main/ipc/bridge';
import { DEMO_PASSWORD } from '../shared/demo/demo-clinic';
import { buildElectron } from './build-electron';

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RENDERER_DIR = path.join(PROJECT_DIR, 'dist', 'renderer');
const DATA_DIR = path.join(PROJECT_DIR, '.medora', 'data');

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
 * Puts the demo clinic into an empty replica so there is something to sign in to, reporting progress
 * (the default scale takes a little while). A folder that already holds a clinic is left alone.
 */
async function seedDemoIfEmpty(core: Core): Promise<void> {
  if (core.status.state !== 'no_clinic' || core.db === null) {
    if (core.status.state === 'ready') console.log(`Demo users sign in with the password ${DEMO_PASSWORD} (delete .medora/ to start over).`);
    return;
  }
  console.log('Seeding the demo clinic into .medora/data (first start)...');
  let lastTable = '';
  const result = await seedDemoClinic(core.db, {
    onProgress: (table, rows) => {
      if (process.stdout.isTTY) process.stdout.write(`\r  ${table}: ${rows} rows\x1b[K`);
      else if (table !== lastTable) console.log(`  ${table}...`);
      lastTable = table;
    },
  });
  if (process.stdout.isTTY) process.stdout.write('\r\x1b[K');
  await core.refreshStatus();
  console.log(`Demo clinic ready. Sign in as one of these users, password ${DEMO_PASSWORD}:`);
  for (const user of result.users) console.log(`  ${user.username.padEnd(24)} ${user.role}`);
}

/** Opens the data folder in Node, seeds it if empty, and closes it again (Electron mode). */
async function prepareDataDir(): Promise<void> {
  const core = await startCore({ dataDir: DATA_DIR });
  try {
    await seedDemoIfEmpty(core);
  } finally {
    await core.close();
  }
}

async function runElectron(binary: string): Promise<void> {
  await buildElectron({ isProduction: false });
  try {
    await prepareDataDir();
  } catch (error) {
    // Typically better-sqlite3 built for Electron's ABI rather than Node's; the app still starts.
    console.warn(`Note: could not prepare the demo data in Node (${error instanceof Error ? error.message : 'unknown error'}).`);
  }
  const child = spawn(binary, ['.'], {
    cwd: PROJECT_DIR,
    stdio: 'inherit',
    env: { ...process.env, MEDORA_DATA_DIR: DATA_DIR },
  });
  const forward = (signal: NodeJS.Signals) => () => {
    child.kill(signal);
  };
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal === null ? 0 : 1));
  });
}

async function runBrowserMode(reason: string): Promise<void> {
  const core = await startCore({ dataDir: DATA_DIR });
  await seedDemoIfEmpty(core);
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
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(): Promise<void> {
  ensureRenderer();
  const binary = process.argv.includes('--browser') ? null : findElectronBinary(PROJECT_DIR);
  if (binary !== null) return runElectron(binary);
  return runBrowserMode(process.argv.includes('--browser') ? 'requested with --browser' : 'the Electron binary is not installed');
}

main().catch((error: unknown) => {
  console.error(`Medora could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
