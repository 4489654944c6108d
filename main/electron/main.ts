/**
 * Medora's Electron entry (bundled to dist/main/main.cjs by scripts/build-electron.ts).
 *
 * Order matters: the single-instance lock, the privileged `app://` scheme, the sandbox switch and the
 * app-wide webContents hardening are all in place before `ready`; the core (replica, migrations, router)
 * is running before the first window exists; the window loads only `app://medora/`.
 * Nothing here logs or titles anything with patient data: logs carry codes and reasons only.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BrowserWindow, app, dialog, ipcMain, powerMonitor, session } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { EventName } from '../../shared/ipc/contract';
import { fail } from '../../shared/ipc/result';
import type { Result } from '../../shared/ipc/result';
import { startCore } from '../core';
import type { Core } from '../core';
import type { Caller } from '../ipc/router';
import { APP_ENTRY_URL, APP_ORIGIN } from '../security/app-origin';
import { isTrustedSender } from '../security/sender';
import type { SenderInfo } from '../security/sender';
import { createWindowOptions } from '../security/window-options';
import { registerAppScheme, serveAppProtocol } from './app-protocol-handler';
import { hardenSession, hardenWebContents } from './harden';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels';

/** dist/main/main.cjs → dist/renderer and dist/preload, the same inside app.asar and in a checkout. */
const RENDERER_DIR = path.join(__dirname, '..', 'renderer');
const PRELOAD_PATH = path.join(__dirname, '..', 'preload', 'preload.cjs');
/** Injected by scripts/build-electron.ts; `app.getVersion()` is Electron's own when started on a file. */
const APP_VERSION = process.env.MEDORA_APP_VERSION ?? app.getVersion();
const isDev = !app.isPackaged;

/**
 * Where the replica lives. `MEDORA_DATA_DIR` (tests, `npm start`) also moves Chromium's profile there,
 * so parallel test instances neither share storage nor trip over each other's single-instance lock.
 */
function configurePaths(): string {
  const override = process.env.MEDORA_DATA_DIR;
  if (override !== undefined && override !== '') {
    const dataDir = path.resolve(override);
    app.setPath('userData', path.join(dataDir, 'chromium'));
    return dataDir;
  }
  app.setPath('userData', path.join(app.getPath('appData'), 'Medora'));
  return path.join(app.getPath('userData'), 'data');
}

/** The sending frame as the router's sender check expects it; null once the frame is gone. */
function senderOf(event: IpcMainInvokeEvent): SenderInfo | null {
  const frame = event.senderFrame;
  if (frame === null || frame.isDestroyed()) return null;
  return { url: frame.url, isMainFrame: frame === event.sender.mainFrame };
}

function windowKeyOf(contents: WebContents): string {
  return String(contents.id);
}

/** Every window's webContents that still shows our app (never push to, or lock on behalf of, anything else). */
function appContents(): WebContents[] {
  return BrowserWindow.getAllWindows()
    .map((window) => window.webContents)
    .filter((contents) => !contents.isDestroyed() && isTrustedSender({ url: contents.getURL(), isMainFrame: true }, APP_ORIGIN));
}

/** One handler for every request: sender check here and again in the router, then the router decides. */
function handleInvokes(core: Core): void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, channel: unknown, input: unknown): Promise<Result<unknown>> => {
    const sender = senderOf(event);
    if (sender === null || !isTrustedSender(sender, APP_ORIGIN)) return fail('bad_sender');
    const caller: Caller = { transport: 'ipc', windowKey: windowKeyOf(event.sender), sender };
    try {
      return await core.router.dispatch(caller, channel, input);
    } catch (error) {
      console.error(`[medora] request failed: ${error instanceof Error ? error.name : 'unknown error'}`);
      return fail('internal');
    }
  });
}

/** Router events go to the window they concern (`windowKey`) or, when null, to every app window. */
function forwardEvents(core: Core): () => void {
  return core.router.onEvent((windowKey: string | null, event: EventName, payload: unknown) => {
    for (const contents of appContents()) {
      if (windowKey === null || windowKey === windowKeyOf(contents)) contents.send(EVENT_CHANNEL, event, payload);
    }
  });
}

/**
 * Automatic logoff (HIPAA 164.312(a)(2)(iii)): when the OS locks or the machine suspends, every window's
 * session is locked — not signed out, so unsaved input survives behind the lock screen — and the window is
 * told so it shows the lock screen at once.
 */
async function lockAllSessions(core: Core): Promise<void> {
  for (const contents of appContents()) {
    const windowKey = windowKeyOf(contents);
    const caller: Caller = { transport: 'ipc', windowKey, sender: { url: contents.mainFrame.url, isMainFrame: true } };
    const result = await core.router.dispatch(caller, 'auth.lock', {});
    if (result.ok) core.router.emit(windowKey, 'session.changed', result.value);
  }
}

function createMainWindow(core: Core): BrowserWindow {
  const window = new BrowserWindow(createWindowOptions({ preloadPath: PRELOAD_PATH, isDev }));
  const windowKey = windowKeyOf(window.webContents);
  // The title stays "Medora": a page title could name a patient and is visible to the OS and bystanders.
  window.on('page-title-updated', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  // A closed window takes its session with it; nothing signed-in outlives the window.
  window.webContents.once('destroyed', () => core.sessions.delete(windowKey));
  window.loadURL(APP_ENTRY_URL).catch(() => console.error('[medora] the main window could not load the app'));
  return window;
}

/**
 * Exports chosen by the user: main shows the save dialog over the window that asked and writes the
 * file itself, so the renderer never names a path. Null when the user cancelled.
 */
async function saveFile(windowKey: string, suggestedName: string, bytes: Uint8Array): Promise<string | null> {
  const owner = BrowserWindow.getAllWindows().find((window) => windowKeyOf(window.webContents) === windowKey);
  const options = { defaultPath: path.join(app.getPath('documents'), path.basename(suggestedName)) };
  const choice = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return null;
  await writeFile(choice.filePath, bytes);
  return choice.filePath;
}

async function start(dataDir: string): Promise<void> {
  // The clinic's sync server (set by `npm start`, or by machine policy on managed PCs); without it the
  // workstation runs on its local replica alone.
  const serverUrl = process.env.MEDORA_SERVER_URL;
  const core = await startCore({ dataDir, appVersion: APP_VERSION, saveFile, ...(serverUrl ? { sync: { serverUrl } } : {}) });
  if (core.status.state === 'migration_failed') console.error('[medora] start-up problem: database migration failed');

  hardenSession(session.defaultSession);
  serveAppProtocol(RENDERER_DIR);
  handleInvokes(core);
  const stopForwarding = forwardEvents(core);
  const lock = (): void => {
    lockAllSessions(core).catch(() => console.error('[medora] could not lock the sessions'));
  };
  powerMonitor.on('lock-screen', lock);
  powerMonitor.on('suspend', lock);

  let mainWindow = createMainWindow(core);
  app.on('second-instance', () => {
    if (mainWindow.isDestroyed()) {
      mainWindow = createMainWindow(core);
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow(core);
  });

  // Close the replica cleanly (WAL checkpoint) before the process exits.
  let isClosed = false;
  app.on('will-quit', (event) => {
    if (isClosed) return;
    event.preventDefault();
    stopForwarding();
    ipcMain.removeHandler(INVOKE_CHANNEL);
    core
      .close()
      .catch(() => console.error('[medora] the local database did not close cleanly'))
      .finally(() => {
        isClosed = true;
        app.quit();
      });
  });
}

function main(): void {
  const dataDir = configurePaths();
  if (!app.requestSingleInstanceLock()) {
    // Another Medora owns this data folder; it gets focus through `second-instance`.
    app.quit();
    return;
  }
  registerAppScheme();
  app.enableSandbox();
  if (process.platform === 'win32') app.setAppUserModelId('com.medora.desktop');
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(() => start(dataDir))
    .catch((error: unknown) => {
      console.error(`[medora] start-up failed: ${error instanceof Error ? error.message : 'unknown error'}`);
      dialog.showErrorBox('Medora could not start', 'Medora could not open its local data. Please contact your clinic administrator.');
      app.exit(1);
    });
}

main();
