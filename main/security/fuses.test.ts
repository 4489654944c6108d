import path from 'node:path';
// electron-builder's own loader and schema validator (app-builder-lib ships with electron-builder): the
// test reads electron-builder.yml exactly as `npm run dist` will, rather than with a second YAML parser.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'electron-builder';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRODUCTION_FUSES, e2eBuilderOverrides, fuseSettings } from './fuses';

const PROJECT_DIR = path.resolve(import.meta.dirname, '../..');

async function loadBuilderConfig(): Promise<Configuration> {
  return getConfig(PROJECT_DIR, 'electron-builder.yml', null);
}

describe('fuseSettings', () => {
  it('closes every runtime door in the production build', () => {
    expect(fuseSettings({ e2e: false })).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('lets an e2e build keep only the inspect arguments', () => {
    expect(fuseSettings({ e2e: true })).toEqual({ ...fuseSettings({ e2e: false }), enableNodeCliInspectArguments: true });
    expect(e2eBuilderOverrides()).toEqual(['-c.electronFuses.enableNodeCliInspectArguments=true']);
  });
});

describe('electron-builder.yml', () => {
  it('is accepted by electron-builder', async () => {
    const config = await loadBuilderConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('flips exactly the production fuses', async () => {
    const config = await loadBuilderConfig();
    expect(config.electronFuses).toEqual(PRODUCTION_FUSES);
  });

  it('identifies the product and packs only the bundles into an asar', async () => {
    const config = await loadBuilderConfig();
    expect(config.appId).toBe('com.medora.desktop');
    expect(config.productName).toBe('Medora');
    expect(config.asar).toBe(true);
    expect(config.directories?.output).toBe('release');
    expect(JSON.stringify(config.files)).toBe(JSON.stringify([{ filter: ['dist/**', 'package.json'] }]));
  });

  it('builds per-machine NSIS (not one-click) and MSI installers for Windows', async () => {
    const config = await loadBuilderConfig();
    const targets = (Array.isArray(config.win?.target) ? config.win.target : []).map((target) =>
      typeof target === 'string' ? target : target.target,
    );
    expect(targets).toEqual(['nsis', 'msi']);
    expect(config.nsis?.perMachine).toBe(true);
    expect(config.nsis?.oneClick).toBe(false);
    expect(config.msi?.perMachine).toBe(true);
  });

  it('has a dist:e2e script that differs from dist only by the allowed fuse', () => {
    const manifest: unknown = JSON.parse(readFileSync(path.join(PROJECT_DIR, 'package.json'), 'utf8'));
    const scripts = (manifest as { scripts?: Record<string, string> }).scripts ?? {};
    expect(scripts['dist:e2e']).toBe(`${scripts.dist ?? ''} ${e2eBuilderOverrides().join(' ')}`);
  });
});
