import type { Locator, Page } from '@playwright/test';

/** The Time page: the user's entries grouped by day. */
export class TimePage {
  constructor(readonly page: Page) {}

  entry(text: string): Locator {
    return this.page.getByRole('row').filter({ hasText: text });
  }
}
