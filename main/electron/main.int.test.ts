/**
 * Runs the real main bundle (dist/main/main.cjs as built by scripts/build-electron.ts) in plain Node
 * against a stand-in `electron` module and a real replica, to check the wiring main.ts is responsible
 * for: the order of start-up steps, the window options, the `app://` handler, the IPC sender check in
 * front of the router, navigation hardening and a clean shutdown. Real-window behaviour is covered by
 * the e2e suite where the Electron binary exists.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronBuildOptions } from '../../scripts/build-electron';
import { RENDERER_CSP } from '../security/csp';

const PROJECT_DIR = path.resolve(import.meta.dirname, '../..');

type Listener = (...args: unknown[]) => unknown;
interface Frame {
  url: string;
  isDestroyed(): boolean;
}

class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame: Frame = { url: '', isDestroyed: () => false };
  readonly sent: unknown[][] = [];
  windowOpenHandler: Listener | null = null;
  isDestroyed(): boolean {
    return false;
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
  setWindowOpenHandler(handler: Listener): void {
    this.windowOpenHandler = handler;
  }
}

interface Fake {
  app: EventEmitter & { getPath(name: string): string; quit(): void };
  windows: FakeBrowserWindow[];
  schemes: unknown[];
  protocolHandlers: Map<string, (request: Request) => Promise<Response>>;
  ipcHandlers: Map<string, Listener>;
  permissionRequest: Listener | null;
  beforeRequest: Listener | null;
  powerMonitor: EventEmitter;
  opened: string[];
  calls: string[];
  exitCode: number | null;
}

class FakeBrowserWindow extends EventEmitter {
  static fake: Fake;
  readonly webContents = new FakeWebContents();
  loadedUrl = '';
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.fake.windows.push(this);
    FakeBrowserWindow.fake.app.emit('web-contents-created', {}, this.webContents);
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.fake.windows;
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
  show(): void {}
  focus(): void {}
  restore(): void {}
}

function fakeElectron(userData: string): { module: Record<string, unknown>; fake: Fake } {
  const paths = new Map<string, string>([['appData', userData]]);
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    getVersion: () => '45.5.0',
    getPath: (name: string) => paths.get(name) ?? path.join(userData, name),
    setPath: (name: string, value: string) => {
      fake.calls.push(`setPath:${name}`);
      paths.set(name, value);
    },
    requestSingleInstanceLock: () => {
      fake.calls.push('lock');
      return true;
    },
    enableSandbox: () => fake.calls.push('enableSandbox'),
    setAppUserModelId: () => undefined,
    whenReady: () => {
      fake.calls.push('whenReady');
      return Promise.resolve();
    },
    quit: () => {
      fake.calls.push('quit');
      const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
      app.emit('will-quit', event);
    },
    exit: (code: number) => {
      fake.exitCode = code;
    },
  });
  const fake: Fake = {
    app,
    windows: [],
    schemes: [],
    protocolHandlers: new Map(),
    ipcHandlers: new Map(),
    permissionRequest: null,
    beforeRequest: null,
    powerMonitor: new EventEmitter(),
    opened: [],
    calls: [],
    exitCode: null,
  };
  FakeBrowserWindow.fake = fake;
  const module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    dialog: { showErrorBox: () => fake.calls.push('showErrorBox') },
    ipcMain: {
      handle: (channel: string, handler: Listener) => fake.ipcHandlers.set(channel, handler),
      removeHandler: (channel: string) => fake.ipcHandlers.delete(channel),
    },
    powerMonitor: fake.powerMonitor,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        fake.calls.push('registerSchemes');
        fake.schemes.push(...schemes);
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => fake.protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Listener) => (fake.permissionRequest = handler),
        setPermissionCheckHandler: () => undefined,
        setDevicePermissionHandler: () => undefined,
        setSpellCheckerEnabled: () => undefined,
        webRequest: { onBeforeRequest: (handler: Listener) => (fake.beforeRequest = handler) },
      },
    },
    shell: {
      openExternal: (url: string) => {
        fake.opened.push(url);
        return Promise.resolve();
      },
    },
  };
  return { module, fake };
}

let workDir = '';
let fake: Fake;
let savedDataDir: string | undefined;

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !condition(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(condition()).toBe(true);
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'medora-main-'));
  const distMain = path.join(workDir, 'dist', 'main');
  mkdirSync(path.join(workDir, 'dist', 'renderer', 'assets'), { recursive: true });
  writeFileSync(path.join(workDir, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Medora</title>');
  writeFileSync(path.join(workDir, 'dist', 'renderer', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(workDir, 'dist', 'secret.json'), '{"secret":true}');

  const options = electronBuildOptions({ isProduction: true }).main;
  const result = await build({ ...options, write: false, sourcemap: false, logLevel: 'silent' });
  const code = result.outputFiles[0]?.text ?? '';

  const electron = fakeElectron(path.join(workDir, 'appdata'));
  fake = electron.fake;
  savedDataDir = process.env.MEDORA_DATA_DIR;
  process.env.MEDORA_DATA_DIR = path.join(workDir, 'data');
  // Native modules resolve from the project's node_modules, as they do next to dist/ in a checkout.
  const projectRequire = createRequire(path.join(PROJECT_DIR, 'dist', 'main', 'main.cjs'));
  const moduleRecord = { exports: {} };
  const run = new Function('require', 'module', 'exports', '__dirname', '__filename', code) as (...args: unknown[]) => void;
  run((name: string) => (name === 'electron' ? electron.module : projectRequire(name)), moduleRecord, moduleRecord.exports, distMain, path.join(distMain, 'main.cjs'));
  await waitFor(() => fake.windows.length === 1);
}, 60_000);

afterAll(() => {
  if (savedDataDir === undefined) delete process.env.MEDORA_DATA_DIR;
  else process.env.MEDORA_DATA_DIR = savedDataDir;
  rmSync(workDir, { recursive: true, force: true });
});

describe('main.ts', () => {
  it('takes the lock and registers the scheme and sandbox before the app is ready', () => {
    expect(fake.calls.slice(0, 5)).toEqual(['setPath:userData', 'lock', 'registerSchemes', 'enableSandbox', 'whenReady']);
    expect(fake.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
  });

  it('keeps Chromium storage inside MEDORA_DATA_DIR', () => {
    expect(fake.app.getPath('userData')).toBe(path.join(workDir, 'data', 'chromium'));
  });

  it('opens one sandboxed window on app://medora/', () => {
    const [window] = fake.windows;
    expect(window?.loadedUrl).toBe('app://medora/');
    expect(window?.options.title).toBe('Medora');
    expect(window?.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      preload: path.join(workDir, 'dist', 'preload', 'preload.cjs'),
    });
  });

  it('serves the bundle with the CSP and refuses traversal', async () => {
    const handler = fake.protocolHandlers.get('app');
    if (handler === undefined) throw new Error('no app: handler');
    const index = await handler(new Request('app://medora/'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(await index.text()).toContain('<title>Medora</title>');
    const script = await handler(new Request('app://medora/assets/app.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    // The URL is canonicalised before the handler sees it (as Chromium does), and nothing outside the
    // bundle is ever read: dist/secret.json sits right next to dist/renderer.
    for (const probe of ['app://medora/%2e%2e/secret.json', 'app://medora/../secret.json', 'app://medora/..%2fsecret.json']) {
      expect((await handler(new Request(probe))).status).not.toBe(200);
    }
    expect((await handler(new Request('app://medora/assets/missing.js'))).status).toBe(404);
    expect((await handler(new Request('app://medora/', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('routes a request from our main frame and refuses any other sender', async () => {
    const handler = fake.ipcHandlers.get('medora:invoke');
    if (handler === undefined) throw new Error('no invoke handler');
    const contents = fake.windows[0]?.webContents;
    if (contents === undefined) throw new Error('no window');
    const fromFrame = (frame: Frame) => ({ sender: contents, senderFrame: frame });

    const status = (await handler(fromFrame(contents.mainFrame), 'app.status', {})) as { ok: boolean; value?: { state: string } };
    expect(status.ok).toBe(true);
    expect(['ready', 'no_clinic']).toContain(status.value?.state);

    const iframe = { url: 'app://medora/', isDestroyed: () => false };
    expect(await handler(fromFrame(iframe), 'app.status', {})).toMatchObject({ ok: false, error: { code: 'bad_sender' } });
    contents.mainFrame.url = 'https://evil.example/';
    expect(await handler(fromFrame(contents.mainFrame), 'app.status', {})).toMatchObject({ ok: false, error: { code: 'bad_sender' } });
    contents.mainFrame.url = 'app://medora/';
    expect(await handler({ sender: contents, senderFrame: null }, 'app.status', {})).toMatchObject({ ok: false, error: { code: 'bad_sender' } });
    expect(await handler(fromFrame(contents.mainFrame), 'nope.nope', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('blocks navigation and new windows on every webContents, opening allowlisted links outside', () => {
    const contents = fake.windows[0]?.webContents;
    if (contents === undefined) throw new Error('no window');
    let prevented = false;
    contents.emit('will-frame-navigate', { url: 'https://evil.example/', isSameDocument: false, isMainFrame: false, preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    prevented = false;
    contents.emit('will-frame-navigate', { url: 'file:///tmp/x.html', isSameDocument: false, isMainFrame: true, preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://maps.google.com/?q=1,2' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(fake.opened).toEqual(['https://maps.google.com/?q=1,2']);
  });

  it('denies permissions and foreign requests at the session', () => {
    const decisions: boolean[] = [];
    fake.permissionRequest?.({}, 'media', (granted: boolean) => decisions.push(granted), { requestingUrl: 'app://medora/', isMainFrame: true });
    fake.permissionRequest?.({}, 'notifications', (granted: boolean) => decisions.push(granted), { requestingUrl: 'app://medora/', isMainFrame: true });
    expect(decisions).toEqual([false, true]);
    const cancels: unknown[] = [];
    fake.beforeRequest?.({ url: 'https://cdn.example/x.js' }, (response: unknown) => cancels.push(response));
    fake.beforeRequest?.({ url: 'app://medora/assets/app.js' }, (response: unknown) => cancels.push(response));
    expect(cancels).toEqual([{ cancel: true }, { cancel: false }]);
  });

  it('locks on OS lock without failing when nobody is signed in', async () => {
    fake.powerMonitor.emit('lock-screen');
    fake.powerMonitor.emit('suspend');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.exitCode).toBeNull();
  });

  it('closes the replica before quitting', async () => {
    fake.app.quit();
    await waitFor(() => fake.calls.filter((call) => call === 'quit').length === 2);
    expect(fake.ipcHandlers.has('medora:invoke')).toBe(false);
  });
});
