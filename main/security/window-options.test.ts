import { describe, expect, it } from 'vitest';
import { WINDOW_TITLE, createWindowOptions } from './window-options';

describe('createWindowOptions', () => {
  const production = createWindowOptions({ preloadPath: '/app/dist/preload/preload.cjs', isDev: false });
  const web = production.webPreferences ?? {};

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    ['spellcheck', false],
    ['devTools', false],
    ['experimentalFeatures', false],
    ['navigateOnDragDrop', false],
  ] as const)('%s is %s', (key, expected) => {
    expect(web[key]).toBe(expected);
  });

  it('uses the preload it is given and nothing else to reach main', () => {
    expect(web.preload).toBe('/app/dist/preload/preload.cjs');
    expect(web).not.toHaveProperty('additionalArguments');
  });

  it('allows devtools only in development', () => {
    const dev = createWindowOptions({ preloadPath: '/p.cjs', isDev: true });
    expect(dev.webPreferences?.devTools).toBe(true);
    expect(dev.webPreferences?.sandbox).toBe(true);
    expect(dev.webPreferences?.contextIsolation).toBe(true);
  });

  it('titles the window with the product name only', () => {
    expect(production.title).toBe('Medora');
    expect(WINDOW_TITLE).toBe('Medora');
  });

  it('stays hidden until the renderer has painted', () => {
    expect(production.show).toBe(false);
  });
});
