import type { Locator, Page } from 'playwright-core';

/** The lock overlay and the idle warning before it. */
export class LockScreen {
  readonly overlay: Locator;
  readonly password: Locator;
  readonly unlockButton: Locator;
  readonly idleWarning: Locator;
  readonly staySignedIn: Locator;

  constructor(readonly page: Page) {
    this.overlay = page.getByRole('dialog', { name: 'Workstation locked' });
    this.password = this.overlay.getByLabel('Password');
    this.unlockButton = this.overlay.getByRole('button', { name: 'Unlock' });
    this.idleWarning = page.getByRole('alertdialog', { name: 'Are you still there?' });
    this.staySignedIn = this.idleWarning.getByRole('button', { name: 'Stay signed in' });
  }

  async unlock(password: string): Promise<void> {
    await this.password.fill(password);
    await this.password.press('Enter');
    await this.overlay.waitFor({ state: 'detached' });
  }
}
