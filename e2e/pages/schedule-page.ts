import type { Locator, Page } from 'playwright-core';

/** The day list of one facility. */
export class SchedulePage {
  readonly facility: Locator;
  readonly date: Locator;
  readonly rows: Locator;
  readonly emptyState: Locator;
  readonly subtitle: Locator;

  constructor(readonly page: Page) {
    this.facility = page.getByLabel('Facility');
    this.date = page.getByLabel('Date');
    this.rows = page.locator('main table tbody tr');
    this.emptyState = page.getByText('No appointments on this day');
    this.subtitle = page.locator('.page-header__subtitle');
  }

  /** The facility names the picker offers. */
  async facilityOptions(): Promise<string[]> {
    return (await this.facility.locator('option').allInnerTexts()).map((label) => label.trim());
  }

  /** Shows a day and waits until its appointments (or the empty state) are on screen. */
  async showDay(date: string): Promise<void> {
    await this.date.fill(date);
    await this.page.locator('main table, main .state--empty').first().waitFor();
  }
}
