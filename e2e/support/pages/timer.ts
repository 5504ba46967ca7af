import { expect, type Locator, type Page } from '@playwright/test';

/** The floating timer of one tab. */
export class TimerWidget {
  readonly root: Locator;
  readonly elapsed: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole('complementary', { name: 'Timer' });
    this.elapsed = this.root.getByRole('timer');
  }

  button(name: string): Locator {
    return this.root.getByRole('button', { name, exact: true });
  }

  /** The timer's notice, e.g. why it was stopped. */
  notice(text: string | RegExp): Locator {
    return this.root.getByRole('status').filter({ hasText: text });
  }

  /** The elapsed time as shown now, e.g. "0:00:07". */
  async elapsedText(): Promise<string> {
    return (await this.elapsed.textContent())?.trim() ?? '';
  }

  /** Waits until the display moves on from what it shows now: it is ticking. */
  async expectTicking(): Promise<void> {
    const before = await this.elapsedText();
    await expect(this.elapsed).not.toHaveText(before);
  }

  /** "Work done?": stops the timer with a description. */
  async stop(description: string): Promise<void> {
    await this.button('Stop').click();
    const dialog = this.page.getByRole('dialog', { name: 'Work done?' });
    await expect(dialog.getByLabel('Description')).toBeFocused();
    await dialog.getByLabel('Description').fill(description);
    await dialog.getByRole('button', { name: 'Stop and log' }).click();
    await expect(dialog).toBeHidden();
  }
}
