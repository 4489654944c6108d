import type { Locator, Page } from 'playwright-core';

/** Clinic profile and policies. */
export class ClinicSettingsPage {
  readonly clinicName: Locator;
  readonly legalName: Locator;
  readonly idleTimeout: Locator;
  readonly save: Locator;
  readonly saved: Locator;

  constructor(readonly page: Page) {
    this.clinicName = page.getByLabel('Clinic name');
    this.legalName = page.getByLabel('Legal name');
    this.idleTimeout = page.getByLabel('Lock after inactivity (minutes)');
    this.save = page.getByRole('button', { name: 'Save settings' });
    this.saved = page.getByText('Settings saved.');
  }
}
