import type { Locator, Page } from 'playwright-core';

/** The sync-issues inbox and its edit-and-retry form. */
export class SyncIssuesPage {
  readonly heading: Locator;
  readonly issues: Locator;
  readonly emptyState: Locator;
  readonly showClosed: Locator;
  readonly notice: Locator;
  readonly discardDialog: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Sync issues' });
    this.issues = page.locator('main ol.issues > li');
    this.emptyState = page.locator('main .state--empty', { hasText: 'No sync issues' });
    this.showClosed = page.getByLabel('Also show changes already sent again or discarded');
    this.notice = page.locator('main .notice--success');
    this.discardDialog = page.getByRole('alertdialog', { name: 'Discard this change?' });
  }

  /** The listed issue whose heading contains `text`. */
  issue(text: string): Locator {
    return this.issues.filter({ has: this.page.getByRole('heading', { level: 2, name: text }) });
  }

  async openEditor(text: string): Promise<RetryForm> {
    await this.issue(text).getByRole('link', { name: /^Edit and retry/ }).click();
    const form = new RetryForm(this.page);
    await form.heading.waitFor();
    return form;
  }

  async askToDiscard(text: string): Promise<void> {
    await this.issue(text).getByRole('button', { name: /^Discard/ }).click();
    await this.discardDialog.waitFor();
  }
}

export class RetryForm {
  readonly heading: Locator;
  readonly reason: Locator;
  readonly sendAgain: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Edit and retry' });
    this.reason = page.getByRole('region', { name: 'Why it was refused' });
    this.sendAgain = page.getByRole('button', { name: 'Send again' });
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  /** The error shown under a field. */
  fieldError(field: Locator): Locator {
    return field.locator('xpath=ancestor::div[contains(@class, "field")][1]').locator('.field__error');
  }
}
