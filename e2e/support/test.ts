import { test as base } from '@playwright/test';
import { ADMIN_STATE } from './accounts';
import { AppShell } from './pages/shell';
import { TimerWidget } from './pages/timer';
import { Seed } from './seed';

export { expect } from '@playwright/test';

interface Fixtures {
  /** Seeds data through the API (accounts, projects, rates). */
  seed: Seed;
  /** The app shell of the test's page. */
  shell: AppShell;
  /** The floating timer of the test's page. */
  timer: TimerWidget;
  keepSavedSession: void;
}

export const test = base.extend<Fixtures>({
  seed: async ({ baseURL }, use) => {
    await use(new Seed(baseURL!));
  },
  shell: async ({ page }, use) => {
    await use(new AppShell(page));
  },
  timer: async ({ page }, use) => {
    await use(new TimerWidget(page));
  },
  // The saved session's refresh token rotates each time a page restores it, and a used one
  // presented again revokes the whole session (reuse detection). So after a test that ran on
  // the saved admin state, its rotated cookie becomes the saved state for the next test
  // (the e2e suite runs one test at a time). Pages close first so none refreshes afterwards.
  keepSavedSession: [
    async ({ context, storageState }, use) => {
      await use();
      if (storageState !== ADMIN_STATE) return;
      for (const page of context.pages()) await page.close();
      await context.storageState({ path: ADMIN_STATE });
    },
    { auto: true },
  ],
});
