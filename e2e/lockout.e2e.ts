import { LoginPage } from './pages/login-page';
import { invokeInPage } from './support/in-page';
import { DEMO_PASSWORD } from './support/demo-users';
import { describe, expect, TARGETS, test } from './support/app';

describe.each(TARGETS)('sign-in lockout (%s)', (target) => {
  test('five wrong passwords lock the account, show when to retry, and refuse even the right password', async ({ medora }) => {
    const page = await medora.open({ target });
    const login = new LoginPage(page);
    await login.waitForReady();

    /** Submits and waits for the answer: a refused sign-in clears the password field. */
    const attempt = async (password: string) => {
      await login.submitCredentials('desk.east', password);
      // Each refused try costs a password hash check in main, which takes a moment on a busy machine.
      await expect.poll(() => login.password.inputValue(), { timeout: 15_000 }).toBe('');
      await expect.poll(() => login.submit.isEnabled(), { timeout: 15_000 }).toBe(true);
      return login.problem.innerText();
    };

    for (let count = 1; count <= 4; count += 1) {
      expect(await attempt(`wrong password ${count}`)).toContain('The username or password is not correct.');
    }
    const locked = await attempt('wrong password 5');
    expect(locked).toContain('locked after too many failed sign-in attempts');
    expect(locked).toMatch(/try again in 0:[0-3]\d/);

    const withRightPassword = await attempt(DEMO_PASSWORD);
    expect(withRightPassword).toContain('locked after too many failed sign-in attempts');
    expect(await page.getByRole('navigation', { name: 'Sections' }).count()).toBe(0);
    expect(await invokeInPage(page, 'auth.session', {})).toEqual({ ok: true, value: null });
  });
});
