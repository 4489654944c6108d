import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { DEMO_PASSWORD } from '../shared/demo/demo-clinic';
import { newId } from '../shared/ids';
import { LoginPage } from './pages/login-page';
import { SyncIndicator } from './pages/sync-indicator';
import { SyncIssuesPage } from './pages/sync-issues-page';
import { describe, expect, screenshot, test } from './support/app';
import { expectAccessible } from './support/axe';
import { openSyncingWorkstation, startClinicServer, type ClinicServer, type SyncingWorkstation } from './support/clinic-server';
import { invokeInPage } from './support/in-page';
import { facilityInput } from '../test/support/facility-input';
import { TestNetwork } from '../test/support/sync-device';

/**
 * The sync part of the UI against a real clinic server: an embedded Postgres with the small demo clinic and
 * the sync server on loopback, and a workstation (core with `sync`, loopback bridge, Chromium) starting from
 * an empty data folder. The network between them can be cut and slowed, as a workstation's can.
 */
interface Workstation extends SyncingWorkstation {
  readonly network: TestNetwork;
}

let server: ClinicServer | null = null;
const workstations: Workstation[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startClinicServer({ name: 'sync', poolSize: 20 });
}, 300_000);

afterAll(async () => {
  // Workstations first: the server waits for their held long-polls.
  for (const workstation of workstations) await workstation.close().catch(() => undefined);
  await server?.stop();
  expect(pageErrors).toEqual([]);
}, 120_000);

function clinicServer(): ClinicServer {
  if (!server) throw new Error('The clinic server did not start');
  return server;
}

/** A fresh workstation syncing with the clinic server through its own network, its window open at the sign-in screen. */
async function openWorkstation(browser: Browser): Promise<Workstation> {
  const network = new TestNetwork();
  const workstation = { ...(await openSyncingWorkstation(browser, { name: 'workstation', serverUrl: clinicServer().url, fetch: network.fetch, pageErrors })), network };
  workstations.push(workstation);
  return workstation;
}

async function onServer(code: string): Promise<number> {
  const rows = await clinicServer().postgres.db.selectFrom('facilities').select('id').where('code', '=', code).execute();
  return rows.length;
}

async function waitUntil(probe: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('sync with a clinic server (browser)', () => {
  test('first download with progress, online, offline with a change waiting, its refusal corrected and sent', async ({ browser }) => {
    const { page, network } = await openWorkstation(browser);
    // Slow enough that the download is still running after the axe scan, when Cancel is pressed.
    network.shapeDelayMs = 3_000;
    const shell = await new LoginPage(page).signIn('admin', DEMO_PASSWORD);
    const indicator = new SyncIndicator(page);

    // The first download: a labelled progress bar with rows and tables, while the app can be used.
    await indicator.progressBar.waitFor();
    expect(await indicator.firstDownload.innerText()).toMatch(/Downloading clinic data: [\d,]+ rows? \(\d+ of \d+ tables?\)/);
    await expectAccessible(page, 'sync-10-first-download');

    // Cancel pauses it where it is; Resume continues (both by keyboard).
    await indicator.firstDownload.getByRole('button', { name: 'Cancel download' }).focus();
    await page.keyboard.press('Enter');
    await indicator.firstDownload.getByText(/^Download paused at [\d,]+ rows? \(\d+ of \d+ tables?\)$/).waitFor();
    await expectAccessible(page, 'sync-10b-first-download-paused');
    await indicator.firstDownload.getByRole('button', { name: 'Resume download' }).focus();
    await page.keyboard.press('Enter');
    await indicator.firstDownload.getByRole('button', { name: 'Cancel download' }).waitFor();

    network.shapeDelayMs = 0;
    await indicator.firstDownload.waitFor({ state: 'detached', timeout: 60_000 });

    await indicator.waitForState('online');
    expect(await indicator.text()).toBe('Online Last synced just now');
    expect(await indicator.description()).toContain('Online');
    await indicator.openPanel();
    expect(await indicator.panel.innerText()).toContain('None: every change has been sent');
    await screenshot(page, 'sync-11-online-panel');
    await page.keyboard.press('Escape');

    // The cable is pulled: the header says so, and a change made now waits on this computer.
    network.offline = true;
    await indicator.waitForState('offline');
    expect(await indicator.description()).toBe('Offline — changes are saved on this computer and will be sent when the connection returns.');
    // Meanwhile another workstation took the code on the server.
    const template = await clinicServer().postgres.db.selectFrom('facilities').selectAll().orderBy('id').executeTakeFirstOrThrow();
    await clinicServer().postgres.db.insertInto('facilities').values({ ...template, id: newId(), code: 'TAKEN-1', name: 'Theirs' }).execute();
    const saved = await invokeInPage(page, 'facility.save', facilityInput('TAKEN-1', 'Northside Annex'));
    expect(saved.ok).toBe(true);
    await page.locator('.sync-indicator__detail', { hasText: '1 change waiting to be sent' }).waitFor();
    await indicator.openPanel();
    await screenshot(page, 'sync-12-offline-waiting');
    await page.keyboard.press('Escape');

    // Back online: the change is pushed, refused, and waits in the inbox with the server's reason.
    network.offline = false;
    await indicator.issuesBadge.waitFor({ timeout: 30_000 });
    await indicator.waitForState('online');
    await expect(page.getByRole('banner').getByRole('link', { name: '1 sync issue', exact: true }).count()).resolves.toBe(1);
    await screenshot(page, 'sync-13-refused');
    await indicator.issuesBadge.click();
    const inbox = new SyncIssuesPage(page);
    const entry = inbox.issue('Northside Annex');
    await entry.waitFor();
    expect(await entry.innerText()).toContain('Another facility already uses that code.');
    expect(await entry.innerText()).toContain('Code: Already used by another facility');
    await expectAccessible(page, 'sync-14-inbox-from-server');

    const form = await inbox.openEditor('Northside Annex');
    await form.field('Code').fill('NORTH-2');
    await form.sendAgain.click();
    await inbox.notice.waitFor();
    expect(await inbox.notice.innerText()).toContain('will be sent to the clinic server');
    await waitUntil(async () => (await onServer('NORTH-2')) === 1, 'the corrected facility on the server');
    await inbox.emptyState.getByText('Every change you made has reached the clinic server.').waitFor();
    await indicator.issuesBadge.waitFor({ state: 'detached' });
    await page.locator('.sync-indicator__detail', { hasText: 'Last synced' }).waitFor();
    expect(await shell.navigation.getByRole('link', { name: 'Sync issues' }).innerText()).toBe('Sync issues');
  });

  test('a workstation revoked by the clinic shows only the message and Sign out', async ({ browser }) => {
    const { core, page } = await openWorkstation(browser);
    const shell = await new LoginPage(page).signIn('desk.east', DEMO_PASSWORD);
    const indicator = new SyncIndicator(page);
    await indicator.waitForState('online', 60_000);

    const login = await fetch(`${clinicServer().url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD, deviceId: newId() }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const revoke = await fetch(`${clinicServer().url}/v1/admin/devices/${core.deviceId}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(revoke.status).toBe(200);

    const revoked = page.getByRole('alertdialog', { name: 'This workstation can no longer be used' });
    await revoked.waitFor({ timeout: 30_000 });
    expect(await revoked.innerText()).toContain('This workstation has been revoked by the clinic.');
    await expect(shell.navigation.count()).resolves.toBe(0);
    expect(await page.getByRole('button').allInnerTexts()).toEqual(['Sign out']);
    await expectAccessible(page, 'sync-15-revoked');

    await revoked.getByRole('button', { name: 'Sign out' }).click();
    const signIn = new LoginPage(page);
    await signIn.waitForReady();
    expect(await page.getByRole('status').filter({ hasText: 'revoked' }).innerText()).toContain('This workstation has been revoked by the clinic.');
    await screenshot(page, 'sync-16-revoked-sign-in');
  });

  test('a user deactivated by the clinic is signed out and told why', async ({ browser }) => {
    const { page } = await openWorkstation(browser);
    await new LoginPage(page).signIn('desk.west', DEMO_PASSWORD);
    const indicator = new SyncIndicator(page);
    await indicator.waitForState('online', 60_000);
    await indicator.firstDownload.waitFor({ state: 'detached', timeout: 60_000 });

    await clinicServer().postgres.db.updateTable('users').set({ is_active: 0 }).where('username', '=', 'desk.west').execute();
    const signIn = new LoginPage(page);
    await signIn.heading.waitFor({ timeout: 30_000 });
    await page.getByRole('status').filter({ hasText: 'This account has been deactivated.' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'deactivated' }).innerText()).toBe('You were signed out. This account has been deactivated.');
    await screenshot(page, 'sync-17-user-deactivated');
  });

  test('two workstations against one server: a change on one appears on the other, also after working offline', async ({ browser }) => {
    const first = await openWorkstation(browser);
    const second = await openWorkstation(browser);
    for (const workstation of [first, second]) {
      await new LoginPage(workstation.page).signIn('admin', DEMO_PASSWORD);
      await new SyncIndicator(workstation.page).waitForState('online');
    }
    const facilityNames = async (workstation: Workstation) => {
      const listed = await invokeInPage(workstation.page, 'facility.list', {});
      return listed.ok ? (listed.value as { name: string }[]).map((row) => row.name) : [];
    };

    // Online: saved on the first, shown by the second's own app (its replica, through its own bridge).
    expect((await invokeInPage(first.page, 'facility.save', facilityInput('PAIR-1', 'Pair Annex One'))).ok).toBe(true);
    await waitUntil(async () => (await facilityNames(second)).includes('Pair Annex One'), 'the second workstation to show the first one\'s facility');

    // The first workstation loses the server, keeps working, and comes back: the second converges.
    first.network.offline = true;
    await new SyncIndicator(first.page).waitForState('offline');
    expect((await invokeInPage(first.page, 'facility.save', facilityInput('PAIR-2', 'Pair Annex Two'))).ok).toBe(true);
    expect(await facilityNames(first)).toContain('Pair Annex Two');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await facilityNames(second)).not.toContain('Pair Annex Two');
    first.network.offline = false;
    await waitUntil(async () => (await facilityNames(second)).includes('Pair Annex Two'), 'the offline change to reach the second workstation');
    await waitUntil(async () => (await onServer('PAIR-2')) === 1, 'the offline change on the server');
    expect((await facilityNames(first)).sort()).toEqual((await facilityNames(second)).sort());
  });
});
