import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject, test as base } from 'vitest';
import { startCore, type Core } from '../../main/core';
import { startBridge, type Bridge } from '../../main/ipc/bridge';
import { hasElectronBinary, launchElectronApp, type LaunchedElectronApp } from './electron-app';
import { RENDERER_DIST, SCREENSHOT_DIR } from './paths';

/**
 * Where a spec runs: the renderer in Chromium over the loopback bridge (always), and the real Electron app
 * where its binary is installed. Specs that hold for both iterate over TARGETS.
 */
export type Target = 'browser' | 'electron';
export const TARGETS: readonly Target[] = hasElectronBinary() ? ['browser', 'electron'] : ['browser'];

export interface OpenOptions {
  readonly target?: Target;
  /** Runs before the page loads (browser) or right after the window appears (Electron), e.g. `page.clock.install()`. */
  readonly beforeLoad?: (page: Page) => Promise<void>;
}

/** One test's Medora: its own data folder (a copy of the seeded demo clinic), core and window. */
export interface Medora {
  readonly dataDir: string;
  open(options?: OpenOptions): Promise<Page>;
  /** The loopback bridge of the last browser-mode `open` (its origin and secret), for transport-level tests. */
  readonly bridge: Bridge;
  /** Uncaught errors thrown in the page; the fixture fails the test if any remain at the end. */
  readonly pageErrors: string[];
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];
export const VIEWPORT = { width: 1280, height: 860 } as const;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Saves a screenshot under test-results/screenshots for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

export const test = base
  // Vitest reads a fixture's dependencies from this destructuring pattern; the browser has none.
  // eslint-disable-next-line no-empty-pattern
  .extend('browser', { scope: 'worker' }, async ({}, { onCleanup }) => {
    const browser = await launchChromium();
    onCleanup(() => browser.close());
    return browser;
  })
  .extend('medora', async ({ browser }, { onCleanup }) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'medora-e2e-'));
    cpSync(inject('demoTemplateDir'), dataDir, { recursive: true });
    const pageErrors: string[] = [];
    let core: Core | null = null;
    let bridge: Bridge | null = null;
    const contexts: BrowserContext[] = [];
    let electron: LaunchedElectronApp | null = null;

    onCleanup(async () => {
      for (const context of contexts) await context.close();
      await electron?.close();
      await bridge?.close();
      await core?.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (pageErrors.length > 0) throw new Error(`The page threw:\n${pageErrors.join('\n')}`);
    });

    const medora: Medora = {
      dataDir,
      pageErrors,
      get bridge(): Bridge {
        if (!bridge) throw new Error('No bridge: open the app in browser mode first');
        return bridge;
      },
      async open({ target = 'browser', beforeLoad } = {}) {
        const recordErrors = (page: Page) => page.on('pageerror', (error) => pageErrors.push(error.message));
        if (target === 'electron') {
          electron = await launchElectronApp({ dataDir });
          recordErrors(electron.page);
          await beforeLoad?.(electron.page);
          return electron.page;
        }
        core ??= await startCore({ dataDir });
        bridge ??= await startBridge({ router: core.router, staticDir: RENDERER_DIST });
        // A new context is a new window to main (its own sessionStorage, so its own window id and session).
        const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
        contexts.push(context);
        const page = await context.newPage();
        recordErrors(page);
        await beforeLoad?.(page);
        await page.goto(bridge.url);
        return page;
      },
    };
    return medora;
  });

export { describe, expect } from 'vitest';
