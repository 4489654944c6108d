import type { Locator, Page } from 'playwright-core';

/** The read-only audit trail. */
export class AuditLogPage {
  readonly rows: Locator;
  readonly integrityVerified: Locator;
  readonly loadOlder: Locator;
  readonly action: Locator;
  readonly apply: Locator;

  constructor(readonly page: Page) {
    this.rows = page.locator('main table tbody tr');
    this.integrityVerified = page.getByText('Integrity verified');
    this.loadOlder = page.getByRole('button', { name: 'Load older entries' });
    this.action = page.getByLabel('Action');
    this.apply = page.getByRole('button', { name: 'Apply filters' });
  }
}
