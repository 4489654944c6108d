import type { Locator, Page } from 'playwright-core';
import type { SessionInfo } from '../../shared/auth/session.contract';
import { invokeInPage } from '../support/in-page';

/** Header and sidebar of the signed-in app. */
export class AppShell {
  readonly navigation: Locator;
  /** The top bar: clinic, who is signed in, Lock and Sign out. */
  readonly banner: Locator;
  readonly lockButton: Locator;
  readonly signOutButton: Locator;
  readonly heading: Locator;

  constructor(readonly page: Page) {
    this.navigation = page.getByRole('navigation', { name: 'Sections' });
    this.banner = page.getByRole('banner');
    this.lockButton = page.getByRole('button', { name: 'Lock', exact: true });
    this.signOutButton = page.getByRole('button', { name: 'Sign out', exact: true });
    this.heading = page.getByRole('heading', { level: 1 });
  }

  async waitForReady(): Promise<void> {
    await this.navigation.waitFor();
  }

  /** The sidebar's section labels, in order. */
  async sectionLabels(): Promise<string[]> {
    return (await this.navigation.getByRole('link').allInnerTexts()).map((label) => label.trim());
  }

  /** Opens a section from the sidebar and waits for its page title. */
  async openSection(label: string, heading: string = label): Promise<void> {
    await this.navigation.getByRole('link', { name: label, exact: true }).click();
    await this.page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  async session(): Promise<SessionInfo | null> {
    const result = await invokeInPage(this.page, 'auth.session', {});
    if (!result.ok) throw new Error(`auth.session failed: ${result.error.message}`);
    return result.value;
  }
}
