import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE } from '../main/core';
import { describe, expect, TARGETS, test } from './support/app';
import { expectAccessible } from './support/axe';

describe.each(TARGETS)('start-up failure (%s)', (target) => {
  test('a database that cannot be opened gives a plain error screen, never a blank window, and is left untouched', async ({ medora }) => {
    const file = path.join(medora.dataDir, DATABASE_FILE);
    for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    const damaged = Buffer.from('This is not a SQLite database, as after a disk fault.\n');
    writeFileSync(file, damaged);

    const page = await medora.open({ target });
    await page.getByRole('heading', { level: 1, name: 'Medora could not open its data' }).waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('Contact your clinic administrator');
    expect(text).toContain('the data folder on this computer has not been changed');
    expect(await page.getByRole('alert').innerText()).not.toBe('');
    expect(await page.getByLabel('Username').count()).toBe(0);
    expect(readFileSync(file).equals(damaged)).toBe(true);
    if (target === 'browser') await expectAccessible(page, '00-startup-failure');
  });
});
