import type { Locator, Page } from 'playwright-core';

/** The schedule: day and week calendar, flow board, filters. */
export class SchedulePage {
  readonly facility: Locator;
  readonly date: Locator;
  readonly physician: Locator;
  readonly examType: Locator;
  readonly grid: Locator;
  readonly emptyState: Locator;
  readonly subtitle: Locator;
  readonly flowBoard: Locator;

  constructor(readonly page: Page) {
    this.facility = page.getByLabel('Facility', { exact: true });
    this.date = page.getByLabel('Date', { exact: true });
    this.physician = page.getByLabel('Physician', { exact: true });
    this.examType = page.getByLabel('Exam type', { exact: true });
    this.grid = page.getByRole('grid');
    this.emptyState = page.locator('main .state--empty');
    this.subtitle = page.locator('.page-header__subtitle');
    this.flowBoard = page.locator('main .flow');
  }

  /** The facility names the picker offers. */
  async facilityOptions(): Promise<string[]> {
    return (await this.facility.locator('option').allInnerTexts()).map((label) => label.trim());
  }

  /** Opens a view by its tab: Day, Week or Flow board. */
  async openView(name: 'Day' | 'Week' | 'Flow board'): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Schedule views' }).getByRole('link', { name, exact: true }).click();
    await this.page.locator(name === 'Flow board' ? 'main .flow, main .state--empty' : 'main [role=grid], main .state--empty').first().waitFor();
  }

  /** Shows a day and waits until its calendar (or the empty state) is on screen. */
  async showDay(date: string): Promise<void> {
    await this.date.fill(date);
    await this.page.locator('main [role=grid], main .state--empty').first().waitFor();
  }

  /** The accessible names of the grid's cells that hold the start of an appointment. */
  async appointmentCells(): Promise<string[]> {
    const labels = await this.grid.getByRole('gridcell').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('aria-label') ?? ''));
    return labels.filter((label) => /, (Scheduled|Confirmed|Checked in|In room|Completed|No-show|Cancelled)$/.test(label));
  }

  /** The text of every appointment block drawn on the calendar. */
  async blockTexts(): Promise<string[]> {
    return this.page.locator('main .cal-appt').allInnerTexts();
  }

  /** The grid cell that has keyboard focus. */
  focusedCellLabel(): Promise<string | null> {
    return this.page.evaluate('document.activeElement ? document.activeElement.getAttribute("aria-label") : null');
  }
}
