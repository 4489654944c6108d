import type { Configuration } from 'electron-builder';

/** Electron-builder's `electronFuses` block (the keys of @electron/fuses' FuseV1Options, camel-cased). */
export type FuseSettings = Required<Omit<NonNullable<Configuration['electronFuses']>, 'resetAdHocDarwinSignature'>>;

export interface FuseBuildFlags {
  /**
   * A build for end-to-end tests: Playwright attaches to Electron with `--inspect`/`--remote-debugging-port`,
   * so the inspect-arguments fuse must stay on in that build, and only in that build.
   */
  readonly e2e: boolean;
}

/**
 * The fuses flipped into the packaged Electron binary. They close doors that no runtime check can: with
 * RunAsNode off, `ELECTRON_RUN_AS_NODE=1 Medora.exe evil.js` is not a Node interpreter with our code
 * signature; with NODE_OPTIONS and inspect arguments off nobody can inject `--require` or attach a
 * debugger to read PHI from memory; cookies are encrypted with the OS key; and the app loads only from an
 * integrity-checked `app.asar`, so swapping a file in the install folder does not run modified code.
 * `file:` gets no extra privileges (we serve from `app://`). Background work must use `utilityProcess`,
 * since `child_process.fork` needs RunAsNode.
 */
export function fuseSettings(flags: FuseBuildFlags): FuseSettings {
  return {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: flags.e2e,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  };
}

/** What `electron-builder.yml` carries: the production build. */
export const PRODUCTION_FUSES: FuseSettings = fuseSettings({ e2e: false });

/**
 * Command-line overrides that turn the production configuration into the e2e one, in electron-builder's
 * `-c.<path>=<value>` form (used by the `dist:e2e` script). Derived from the two settings, so the only
 * difference an e2e package can have is the one `fuseSettings` allows.
 */
export function e2eBuilderOverrides(): string[] {
  const e2e = fuseSettings({ e2e: true });
  return (Object.keys(e2e) as Array<keyof FuseSettings>)
    .filter((key) => e2e[key] !== PRODUCTION_FUSES[key])
    .map((key) => `-c.electronFuses.${key}=${String(e2e[key])}`);
}
