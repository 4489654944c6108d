import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startCore } from '../../main/core';
import { seedDemoClinic } from '../../main/db/seed-demo';
import { PROJECT_DIR, RENDERER_DIST } from './paths';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data folder holding the seeded demo clinic; each test copies it (seeding once takes the time). */
    demoTemplateDir: string;
  }
}

/** Newest modification time under a path (files only). */
function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** Builds the renderer when its sources (or the shared code and CSP it bundles) changed since the last build. */
function ensureRendererBuilt(): void {
  const built = path.join(RENDERER_DIST, 'index.html');
  const sources = ['renderer', 'shared', 'vite.config.ts', 'main/security/csp.ts'].map((entry) => newestMtime(path.join(PROJECT_DIR, entry)));
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources)) return;
  const vite = path.join(PROJECT_DIR, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: PROJECT_DIR, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('vite build failed; the e2e suite needs the built renderer');
}

/** Seeds the demo clinic once into a template data folder. */
async function seedTemplate(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'medora-e2e-template-'));
  const core = await startCore({ dataDir: dir });
  if (!core.db) throw new Error(`The template core did not start: ${core.status.problem ?? 'unknown problem'}`);
  await seedDemoClinic(core.db);
  await core.refreshStatus();
  await core.close();
  return dir;
}

export default async function setup(project: TestProject): Promise<() => void> {
  ensureRendererBuilt();
  const templateDir = await seedTemplate();
  project.provide('demoTemplateDir', templateDir);
  return () => rmSync(templateDir, { recursive: true, force: true });
}
