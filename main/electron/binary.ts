import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Finds the Electron executable installed by the `electron` package, or null when it is absent.
 * Deliberately does not `require('electron')`: from plain Node that call downloads the binary when it is
 * missing, and Medora's start script and tests must never trigger a download (offline machines, CI).
 * Runs in plain Node (start script, e2e), never inside Electron.
 */
export function findElectronBinary(projectDir: string): string | null {
  const packageDir = path.join(projectDir, 'node_modules', 'electron');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const distDir = override !== undefined && override !== '' ? override : path.join(packageDir, 'dist');
  if (relative === '' || !existsSync(distDir)) return null;
  const binary = path.join(distDir, relative);
  return existsSync(binary) ? binary : null;
}
