import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * Window title shown in the task bar, Alt-Tab and screen-sharing pickers. Fixed, because a title is
 * visible to anyone near the screen and is recorded by OS tooling: it must never carry a patient name.
 */
export const WINDOW_TITLE = 'Medora';

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload (dist/preload/preload.cjs). */
  readonly preloadPath: string;
  /** Development build: devtools allowed. Never true in a packaged app. */
  readonly isDev: boolean;
}

/**
 * The options every Medora window is created with, from Electron's security checklist: isolated and
 * sandboxed renderer with no Node anywhere (main frame, workers, subframes), web security on, no
 * `<webview>`, spellcheck off (the spellchecker can send typed words — patient names, diagnoses — to a
 * cloud service on some platforms), devtools only in development. The window stays hidden until the first
 * paint so a half-loaded page is never shown.
 */
export function createWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: WINDOW_TITLE,
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: input.isDev,
      experimentalFeatures: false,
      enableWebSQL: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  };
}
