/**
 * Launches the real Medora desktop app for e2e tests, where the Electron binary is installed. Elsewhere
 * the suite runs the renderer in Chromium over the loopback bridge; `hasElectronBinary()` chooses.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron } from 'playwright-core';
import type { ElectronApplication, Page } from 'playwright-core';
import { findElectronBinary } from '../../main/electron/binary';
import { buildElectron } from '../../scripts/build-electron';

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN_BUNDLE = path.join(PROJECT_DIR, 'dist', 'main', 'main.cjs');

/** True when node_modules/electron holds a runnable binary (checked without triggering a download). */
export function hasElectronBinary(): boolean {
  return findElectronBinary(PROJECT_DIR) !== null;
}

export interface LaunchedElectronApp {
  /** The main window. */
  readonly page: Page;
  /** The Electron application, for `evaluate` in main (e.g. emitting powerMonitor events). */
  readonly electronApp: ElectronApplication;
  /** Closes the app (main closes the replica before exiting). */
  close(): Promise<void>;
}

let bundles: Promise<void> | null = null;

/** Bundles main and preload once per test process, so tests always run the current sources. */
function ensureBundles(): Promise<void> {
  bundles ??= buildElectron({ isProduction: false });
  return bundles;
}

/**
 * Starts Medora on a fresh data folder (`dataDir` becomes MEDORA_DATA_DIR: the replica and Chromium's
 * profile both live there, so tests are isolated from each other and from a developer's own data) and
 * waits for the main window. Passes the binary path explicitly: without it Playwright would
 * `require('electron')`, which downloads a missing binary.
 */
export async function launchElectronApp(options: { readonly dataDir: string; readonly env?: Readonly<Record<string, string>> }): Promise<LaunchedElectronApp> {
  const executablePath = findElectronBinary(PROJECT_DIR);
  if (executablePath === null) throw new Error('The Electron binary is not installed; use browser mode (hasElectronBinary() is false).');
  await ensureBundles();
  if (!existsSync(MAIN_BUNDLE)) throw new Error(`Missing ${MAIN_BUNDLE}`);

  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // ELECTRON_RUN_AS_NODE would start a plain Node interpreter instead of the app.
    if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
  }
  const electronApp = await _electron.launch({
    executablePath,
    args: [MAIN_BUNDLE],
    cwd: PROJECT_DIR,
    env: { ...env, ...options.env, MEDORA_DATA_DIR: options.dataDir },
  });
  const page = await electronApp.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return {
    page,
    electronApp,
    async close() {
      await electronApp.close();
    },
  };
}
