import type { Locator, Page } from 'playwright-core';

/** User list and editor. */
export class UsersPage {
  readonly table: Locator;
  readonly newUser: Locator;

  constructor(readonly page: Page) {
    this.table = page.locator('main table');
    this.newUser = page.getByRole('link', { name: 'New user' });
  }

  async openEditor(displayName: string): Promise<UserEditor> {
    await this.table.getByRole('link', { name: displayName, exact: true }).click();
    const editor = new UserEditor(this.page);
    await editor.username.waitFor();
    return editor;
  }
}

export class UserEditor {
  readonly username: Locator;
  readonly fullName: Locator;
  readonly roles: Locator;
  readonly facilities: Locator;
  readonly resetPassword: Locator;
  readonly save: Locator;

  constructor(readonly page: Page) {
    this.username = page.getByLabel('Username');
    this.fullName = page.getByLabel('Full name');
    this.roles = page.getByRole('group', { name: 'Roles' });
    this.facilities = page.getByRole('group', { name: 'Facilities' });
    this.resetPassword = page.getByRole('button', { name: 'Reset password…' });
    this.save = page.getByRole('button', { name: /Save changes|Create user/ });
  }
}
