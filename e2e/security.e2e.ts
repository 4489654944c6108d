import type { Page } from 'playwright-core';
import { LoginPage } from './pages/login-page';
import { invokeInPage } from './support/in-page';
import { DEMO_PASSWORD } from './support/demo-users';
import { startOtherOrigin } from './support/other-origin';
import { describe, expect, TARGETS, test } from './support/app';

const INVOKE_BODY = JSON.stringify({ channel: 'app.status', input: {} });

describe.each(TARGETS)('permissions hold in main, not only in the UI (%s)', (target) => {
  test('a front-desk user calling admin channels from the page is refused with forbidden', async ({ medora }) => {
    const page = await medora.open({ target });
    await new LoginPage(page).signIn('desk.east', DEMO_PASSWORD);

    const createAdmin = await invokeInPage(page, 'user.save', {
      username: 'intruder',
      displayName: 'Intruder',
      email: null,
      isActive: true,
      roles: ['clinic_admin'],
      facilityIds: [],
      physicianId: null,
      attorneyId: null,
      referringDoctorId: null,
      password: 'a-long-enough-password',
    });
    expect(createAdmin).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invokeInPage(page, 'audit.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invokeInPage(page, 'user.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // The refused call wrote nothing: the intruder cannot sign in.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    const login = new LoginPage(page);
    await login.waitForReady();
    expect(await invokeInPage(page, 'auth.login', { username: 'intruder', password: 'a-long-enough-password' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' },
    });
  });
});

describe('the loopback bridge only answers its own page (browser)', () => {
  test('a call without the launch secret, or with a wrong one, is refused with 401', async ({ medora }) => {
    const page = await medora.open();
    await new LoginPage(page).waitForReady();
    const statuses = await page.evaluate(async (body) => {
      const post = (headers: Record<string, string>) =>
        fetch('/bridge/invoke', { method: 'POST', headers: { 'content-type': 'application/json', 'x-medora-window': 'test-window-1', ...headers }, body });
      const missing = await post({});
      const wrong = await post({ authorization: 'Bearer not-the-secret' });
      return [missing.status, wrong.status];
    }, INVOKE_BODY);
    expect(statuses).toEqual([401, 401]);
  });

  test('a page on another origin is refused (403), even when it knows the secret', async ({ medora, browser }) => {
    const page = await medora.open();
    await new LoginPage(page).waitForReady();
    const invokeUrl = `${medora.bridge.origin}/bridge/invoke`;
    const other = await startOtherOrigin();
    const hostile: Page = await browser.newPage();
    try {
      await hostile.goto(other.url);
      // A "simple" cross-origin POST needs no preflight, so it reaches the bridge, which checks Origin.
      const answer = hostile.waitForResponse((response) => response.url() === invokeUrl && response.request().method() === 'POST');
      await hostile.evaluate(
        ([url, body]) => fetch(url, { method: 'POST', mode: 'no-cors', body }).then(() => 'sent', () => 'failed'),
        [invokeUrl, INVOKE_BODY] as const,
      );
      expect((await answer).status()).toBe(403);

      // With the secret it must send an authorization header, which needs a CORS preflight the bridge never grants.
      const outcome = await hostile.evaluate(
        ([url, secret, body]) =>
          fetch(url, {
            method: 'POST',
            headers: { authorization: `Bearer ${secret}`, 'x-medora-window': 'hostile-window-1', 'content-type': 'application/json' },
            body,
          }).then(
            (response) => `answered ${response.status}`,
            () => 'blocked',
          ),
        [invokeUrl, medora.bridge.secret, INVOKE_BODY] as const,
      );
      expect(outcome).toBe('blocked');
    } finally {
      await hostile.close();
      await other.close();
    }
  });

  test('an injected inline script does not run (Content-Security-Policy)', async ({ medora }) => {
    const page = await medora.open();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    await new LoginPage(page).signIn('admin', DEMO_PASSWORD);
    const document = await page.request.get(medora.bridge.origin);
    expect(document.headers()['content-security-policy']).toContain("script-src 'self'");

    // The ways markup from a hostile record could try to run code: a script tag, an inline handler, a script element.
    await page.addScriptTag({ content: 'window.__pwned = "script tag"' }).catch(() => undefined);
    await page.evaluate(`document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="/missing.png" onerror="window.__pwned = \\'onerror\\'">')`);
    await page.evaluate(`(() => { const s = document.createElement('script'); s.textContent = 'window.__pwned = "element"'; document.body.append(s); })()`);
    await page.waitForTimeout(300);

    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(violations.length).toBeGreaterThan(0);
  });
});

// Only the real app can refuse a navigation; in browser mode the page belongs to the browser.
if (TARGETS.includes('electron')) {
  describe('the window cannot be navigated away (electron)', () => {
  test('setting location to a web page leaves the app where it was', async ({ medora }) => {
    const page = await medora.open({ target: 'electron' });
    await new LoginPage(page).waitForReady();
    const before = page.url();
    await page.evaluate(`location.href = 'https://example.com/'`).catch(() => undefined);
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
  });
  });
}
