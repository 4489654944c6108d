import type { Locator, Page } from 'playwright-core';

/** Facility list and editor. */
export class FacilitiesPage {
  readonly table: Locator;
  readonly newFacility: Locator;

  constructor(readonly page: Page) {
    this.table = page.locator('main table');
    this.newFacility = page.getByRole('link', { name: 'New facility' });
  }

  async openEditor(name: string): Promise<FacilityEditor> {
    await this.table.getByRole('link', { name, exact: true }).click();
    const editor = new FacilityEditor(this.page);
    await editor.name.waitFor();
    return editor;
  }
}

export class FacilityEditor {
  readonly name: Locator;
  readonly code: Locator;
  readonly phone: Locator;
  readonly latitude: Locator;
  readonly longitude: Locator;
  readonly mapLink: Locator;
  readonly timeZone: Locator;
  readonly placeOfService: Locator;
  readonly save: Locator;

  constructor(readonly page: Page) {
    this.name = page.getByLabel('Name', { exact: true });
    this.code = page.getByLabel('Code', { exact: true });
    this.phone = page.getByLabel('Phone', { exact: true });
    this.latitude = page.getByLabel('Latitude');
    this.longitude = page.getByLabel('Longitude');
    this.mapLink = page.getByRole('link', { name: /Open in map/ });
    this.timeZone = page.getByLabel('Time zone');
    this.placeOfService = page.getByLabel('Place of service', { exact: true });
    this.save = page.getByRole('button', { name: /Save changes|Create facility/ });
  }

  /** The error shown under a field. */
  fieldError(field: Locator): Locator {
    return field.locator('xpath=ancestor::div[contains(@class, "field")][1]').locator('.field__error');
  }
}
