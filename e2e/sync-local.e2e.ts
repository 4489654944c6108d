import path from 'node:path';
import Database from 'better-sqlite3';
import { newId } from '../shared/ids';
import type { FieldError } from '../shared/ipc/result';
import { DATABASE_FILE } from '../main/core';
import { AppShell } from './pages/app-shell';
import { FacilitiesPage } from './pages/facilities-page';
import { LoginPage } from './pages/login-page';
import { SyncIndicator } from './pages/sync-indicator';
import { SyncIssuesPage } from './pages/sync-issues-page';
import { DEMO_PASSWORD } from './support/demo-users';
import { describe, expect, screenshot, test, type Medora } from './support/app';
import { expectAccessible } from './support/axe';
import { facilityInput } from '../test/support/facility-input';

/**
 * The sync part of the UI on a workstation without a clinic server (how the e2e fixture runs main). Main
 * answers `sync.status` with the local-only status and keeps the sync-issues inbox in the replica, so a
 * refused change is placed there the way the sync engine stores one, and the inbox is driven through the
 * real channels: list, edit and retry (which runs the mutation again on this workstation), discard.
 * The same screens against a real sync server are in sync-server.e2e.ts.
 */

interface StoredIssue {
  readonly name: string;
  readonly args: unknown;
  readonly code: string;
  readonly message: string;
  readonly fields: readonly FieldError[];
  readonly minutesAgo: number;
}

/** Stores a refused change for `username` in the data folder, as the sync engine does when the server refuses one. */
function storeIssue(medora: Medora, username: string, issue: StoredIssue): string {
  const sqlite = new Database(path.join(medora.dataDir, DATABASE_FILE));
  try {
    const user = sqlite.prepare('SELECT id FROM users WHERE username = ?').get(username) as { id: string } | undefined;
    if (!user) throw new Error(`No user ${username} in the demo clinic`);
    const id = newId();
    sqlite
      .prepare(
        `INSERT INTO sync_issues (id, client_id, mutation_id, name, args_json, user_id, code, message, details_json, status, created_at, resolved_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, NULL)`,
      )
      .run(id, newId(), 1, issue.name, JSON.stringify(issue.args), user.id, issue.code, issue.message, JSON.stringify({ fields: issue.fields }), Date.now() - issue.minutesAgo * 60_000);
    return id;
  } finally {
    sqlite.close();
  }
}

/** The code of a facility the demo clinic already has, so the stored refusal is one the server would give. */
function takenCode(medora: Medora): string {
  const sqlite = new Database(path.join(medora.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return (sqlite.prepare('SELECT code FROM facilities ORDER BY code LIMIT 1').get() as { code: string }).code;
  } finally {
    sqlite.close();
  }
}

describe('sync on a workstation without a clinic server (browser)', () => {
  test('the header says "Local only", and the inbox is empty, in plain words, and accessible', async ({ medora }) => {
    const page = await medora.open();
    const shell = await new LoginPage(page).signIn('desk.east', DEMO_PASSWORD);
    const indicator = new SyncIndicator(page);
    await indicator.waitForState('local');
    expect(await indicator.text()).toBe('Local only');
    expect(await indicator.description()).toContain('this workstation has no clinic server');
    await expect(indicator.issuesBadge.count()).resolves.toBe(0);

    // Keyboard: the indicator opens its panel with Enter and closes it with Escape, focus back on it.
    await indicator.button.focus();
    await page.keyboard.press('Enter');
    await indicator.panel.waitFor();
    expect(await indicator.panel.innerText()).toContain('Everything you enter is saved on this computer only');
    await expectAccessible(page, 'sync-01-local-only-panel');
    await page.keyboard.press('Escape');
    await indicator.panel.waitFor({ state: 'hidden' });
    expect(await indicator.hasFocus()).toBe(true);

    await shell.openSection('Sync issues');
    const inbox = new SyncIssuesPage(page);
    await inbox.emptyState.waitFor();
    expect(await inbox.emptyState.innerText()).toContain('nothing can be refused');
    await expectAccessible(page, 'sync-02-inbox-empty');
  });

  test('a refused change: badge, readable entry, edit and retry with the refused field marked', async ({ medora }) => {
    const code = takenCode(medora);
    const refused = facilityInput(code, 'Northside Annex');
    storeIssue(medora, 'admin', {
      name: 'facility.save',
      args: refused,
      code: 'conflict',
      message: 'Another facility already uses that code.',
      fields: [{ path: 'code', message: 'Already used by another facility' }],
      minutesAgo: 12,
    });
    const page = await medora.open();
    const shell = await new LoginPage(page).signIn('admin', DEMO_PASSWORD);
    const indicator = new SyncIndicator(page);
    await indicator.issuesBadge.waitFor();
    await expect(page.getByRole('banner').getByRole('link', { name: '1 sync issue', exact: true }).count()).resolves.toBe(1);
    await expect(shell.navigation.getByRole('link', { name: 'Sync issues 1 open', exact: true }).count()).resolves.toBe(1);
    await screenshot(page, 'sync-03-header-badge');

    await indicator.issuesBadge.click();
    const inbox = new SyncIssuesPage(page);
    await inbox.heading.waitFor();
    const entry = inbox.issue('Northside Annex');
    await entry.waitFor();
    const text = await entry.innerText();
    expect(text).toContain('New facility');
    expect(text).toContain(`Northside Annex (${code})`);
    expect(text).toContain('Another facility already uses that code.');
    expect(text).toContain('Code: Already used by another facility');
    expect(text).toContain('12 min ago');
    await expectAccessible(page, 'sync-04-inbox');

    const form = await inbox.openEditor('Northside Annex');
    const codeField = form.field('Code');
    expect(await codeField.inputValue()).toBe(code);
    expect(await codeField.getAttribute('aria-invalid')).toBe('true');
    expect(await form.fieldError(codeField).innerText()).toContain('Already used by another facility');
    expect(await form.field('Name').inputValue()).toBe('Northside Annex');
    expect(await form.field('Time zone').inputValue()).toBe('America/Chicago');
    expect(await page.getByRole('group', { name: 'Monday' }).getByLabel('Closes').inputValue()).toBe('17:00');
    await expectAccessible(page, 'sync-05-edit-and-retry');
    await page.getByRole('group', { name: 'Rooms and equipment' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'sync-05b-edit-and-retry-lists');

    // Sending it unchanged is refused here already (this workstation knows the code is taken): the issue stays.
    await form.sendAgain.click();
    await page.getByRole('alert').filter({ hasText: /facility already uses that code|Some fields need attention/ }).waitFor();
    expect(await codeField.getAttribute('aria-invalid')).toBe('true');

    await codeField.fill('NORTH-2');
    await page.getByRole('group', { name: 'Monday' }).getByLabel('Closes').fill('18:30');
    await form.sendAgain.click();
    await inbox.notice.waitFor();
    expect(await inbox.notice.innerText()).toContain('saved on this computer');
    await inbox.emptyState.waitFor();
    await indicator.issuesBadge.waitFor({ state: 'detached' });

    // The record keeps it, marked as sent again; the corrected facility exists.
    await inbox.showClosed.check();
    await inbox.issue('Northside Annex').waitFor();
    expect(await inbox.issue('Northside Annex').innerText()).toContain('Sent again');
    await shell.openSection('Facilities');
    const facilities = new FacilitiesPage(page);
    await facilities.table.getByRole('link', { name: 'Northside Annex' }).waitFor();
    const editor = await facilities.openEditor('Northside Annex');
    expect(await editor.code.inputValue()).toBe('NORTH-2');
  });

  test('discard asks first, says the change is kept, and is undone by nothing', async ({ medora }) => {
    storeIssue(medora, 'desk.east', {
      name: 'clinic.update',
      args: { name: 'Should not be sent', legalName: null, taxId: null, phone: null, email: null, idleTimeoutMinutes: 15, offlineLeaseHours: 72, travelBufferMinutes: 30, treatmentGapDays: 30, defaultTimeZone: 'America/Chicago' },
      code: 'forbidden',
      message: 'You do not have permission to do that.',
      fields: [],
      minutesAgo: 90,
    });
    const page = await medora.open();
    const shell = await new LoginPage(page).signIn('desk.east', DEMO_PASSWORD);
    // With an open issue the sidebar link also says how many.
    await shell.navigation.getByRole('link', { name: /^Sync issues/ }).click();
    const inbox = new SyncIssuesPage(page);
    const entry = inbox.issue('Changes to the clinic settings');
    await entry.waitFor();
    expect(await entry.innerText()).toContain('1 hour ago');

    // Cancel (the default button) keeps it.
    await inbox.askToDiscard('Changes to the clinic settings');
    expect(await inbox.discardDialog.innerText()).toContain('will not be sent to the clinic server');
    expect(await inbox.discardDialog.innerText()).toContain('marked as discarded');
    await expectAccessible(page, 'sync-06-discard-confirm');
    await page.keyboard.press('Enter');
    await inbox.discardDialog.waitFor({ state: 'hidden' });
    await expect(entry.count()).resolves.toBe(1);

    await inbox.askToDiscard('Changes to the clinic settings');
    await inbox.discardDialog.getByRole('button', { name: 'Discard change' }).click();
    await inbox.notice.waitFor();
    expect(await inbox.notice.innerText()).toContain('was discarded');
    await inbox.emptyState.waitFor();
    await inbox.showClosed.check();
    await inbox.issue('Changes to the clinic settings').waitFor();
    expect(await inbox.issue('Changes to the clinic settings').innerText()).toContain('Discarded');
    await expect(inbox.issue('Changes to the clinic settings').getByRole('button').count()).resolves.toBe(0);
  });

  test("another user's issues are not shown", async ({ medora }) => {
    storeIssue(medora, 'admin', {
      name: 'facility.save',
      args: facilityInput('ELSE-1', 'Not for the front desk'),
      code: 'conflict',
      message: 'Another facility already uses that code.',
      fields: [],
      minutesAgo: 1,
    });
    const page = await medora.open();
    const shell = await new LoginPage(page).signIn('desk.east', DEMO_PASSWORD);
    await shell.openSection('Sync issues');
    const inbox = new SyncIssuesPage(page);
    await inbox.emptyState.waitFor();
    await expect(new AppShell(page).banner.getByRole('link', { name: /sync issue/ }).count()).resolves.toBe(0);
  });
});
