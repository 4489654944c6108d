import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshot } from './app';

/**
 * Runs axe (all rules: WCAG 2.x A/AA and best practices) on the page as it is now and saves a screenshot
 * for review; a failure lists each rule with the elements it found.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await screenshot(page, screen);
  const results = await new AxeBuilder({ page }).analyze();
  const report = results.violations.map(
    (violation) => `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help}\n  ${violation.nodes.map((node) => node.target.join(' ')).join('\n  ')}`,
  );
  expect(report, `axe found problems on the ${screen} screen`).toEqual([]);
}
