import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from './binary';

const made: string[] = [];
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'medora-binary-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, 'node_modules', 'electron', name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('findElectronBinary', () => {
  it('finds the installed binary', () => {
    const dir = project({ 'path.txt': 'electron', 'dist/electron': '' });
    expect(findElectronBinary(dir)).toBe(path.join(dir, 'node_modules', 'electron', 'dist', 'electron'));
  });

  it('reports a missing binary instead of downloading it', () => {
    expect(findElectronBinary(project({ 'index.js': '' }))).toBeNull();
    expect(findElectronBinary(project({ 'path.txt': 'electron' }))).toBeNull();
    expect(findElectronBinary(project({ 'path.txt': 'electron', 'dist/version': '45.5.0' }))).toBeNull();
  });
});
