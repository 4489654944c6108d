import type { Locator, Page } from 'playwright-core';

export type SyncState = 'online' | 'offline' | 'attention' | 'local';

/** The sync indicator in the top bar, its details panel and the sync-issues badge. */
export class SyncIndicator {
  readonly button: Locator;
  readonly panel: Locator;
  /** "2 sync issues", shown only while some are open. */
  readonly issuesBadge: Locator;
  /** The first-download band under the top bar. */
  readonly firstDownload: Locator;
  readonly progressBar: Locator;

  constructor(readonly page: Page) {
    const banner = page.getByRole('banner');
    this.button = banner.locator('.sync-indicator__button');
    this.panel = page.getByRole('dialog', { name: /Sync with the clinic server|No clinic server/ });
    this.issuesBadge = banner.getByRole('link', { name: /\d+ sync issues?$/ });
    this.firstDownload = page.getByRole('region', { name: 'First download' });
    this.progressBar = this.firstDownload.getByRole('progressbar', { name: /^Downloading clinic data/ });
  }

  async state(): Promise<SyncState | null> {
    return (await this.button.getAttribute('data-sync-state')) as SyncState | null;
  }

  /** Waits until the indicator shows `state`. */
  async waitForState(state: SyncState, timeoutMs = 30_000): Promise<void> {
    await this.page.locator(`.sync-indicator__button[data-sync-state="${state}"]`).waitFor({ timeout: timeoutMs });
  }

  /** The words on the indicator: its label and the line under it. */
  async text(): Promise<string> {
    return (await this.button.innerText()).replace(/\s+/g, ' ').trim();
  }

  /** What a screen reader hears after the name (the online/offline explanation). */
  async description(): Promise<string> {
    const ids = ((await this.button.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
    const texts = await Promise.all(ids.map((id) => this.page.locator(`[id="${id}"]`).textContent()));
    return texts.join(' ');
  }

  async hasFocus(): Promise<boolean> {
    return (await this.page.evaluate(`document.activeElement?.classList.contains('sync-indicator__button') ?? false`)) === true;
  }

  async openPanel(): Promise<void> {
    await this.button.click();
    await this.panel.waitFor();
  }
}
