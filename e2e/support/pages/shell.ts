import { expect, type Locator, type Page } from '@playwright/test';

/** The signed-in frame around every page: header, main navigation and the page's heading. */
export class AppShell {
  readonly nav: Locator;
  readonly main: Locator;
  readonly signOutButton: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Main' });
    this.main = page.locator('main');
    this.signOutButton = page.getByRole('button', { name: 'Sign out' });
  }

  navLink(name: string): Locator {
    return this.nav.getByRole('link', { name, exact: true });
  }

  heading(name: string | RegExp): Locator {
    return this.page.getByRole('heading', { level: 1, name });
  }

  /** A toast or other status message containing `text`. */
  status(text: string | RegExp): Locator {
    return this.page.getByRole('status').filter({ hasText: text });
  }

  /** Opens a page from the main navigation (client-side) and waits for its heading. */
  async navigate(link: string, heading: string = link): Promise<void> {
    await this.navLink(link).click();
    await expect(this.heading(heading)).toBeVisible();
  }

  /** Loads `path` and waits until the shell is there, i.e. the session was restored. */
  async open(path: string): Promise<void> {
    await this.page.goto(path);
    await expect(this.signOutButton).toBeVisible();
  }

  async signOut(): Promise<void> {
    await this.signOutButton.click();
    await expect(this.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  }
}
