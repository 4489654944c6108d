import type { Locator, Page } from 'playwright-core';
import { AppShell } from './app-shell';

/** The sign-in screen. */
export class LoginPage {
  readonly heading: Locator;
  readonly username: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  /** The message above the form (wrong password, locked, deactivated). */
  readonly problem: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Sign in' });
    this.username = page.getByLabel('Username');
    this.password = page.getByLabel('Password');
    this.submit = page.getByRole('button', { name: 'Sign in' });
    this.problem = page.getByRole('alert');
  }

  async waitForReady(): Promise<void> {
    await this.heading.waitFor();
  }

  /** Fills and submits the form with Enter, as a keyboard user would. */
  async submitCredentials(username: string, password: string): Promise<void> {
    await this.username.fill(username);
    await this.password.fill(password);
    await this.password.press('Enter');
  }

  /**
   * Signs in with a password someone else set (an admin's reset, a temporary password): the app asks for
   * the user's own password first, by keyboard, then opens. Returns the app shell.
   */
  async signInChoosingPassword(username: string, given: string, own: string): Promise<AppShell> {
    await this.waitForReady();
    await this.submitCredentials(username, given);
    await this.page.getByRole('heading', { level: 1, name: 'Choose your password' }).waitFor();
    await this.page.getByLabel('Current password').fill(given);
    await this.page.getByLabel('New password', { exact: true }).fill(own);
    await this.page.getByLabel('New password again').fill(own);
    await this.page.getByLabel('New password again').press('Enter');
    const shell = new AppShell(this.page);
    await shell.waitForReady();
    return shell;
  }

  /** Signs in and waits for the app shell. */
  async signIn(username: string, password: string): Promise<AppShell> {
    await this.waitForReady();
    await this.submitCredentials(username, password);
    const shell = new AppShell(this.page);
    await shell.waitForReady();
    return shell;
  }
}
