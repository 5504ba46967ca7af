import { test as setup } from '@playwright/test';
import { ADMIN, ADMIN_STATE } from './accounts';
import { SignInPage } from './pages/auth';

// Signs the admin in once, through the real form; the specs start from the saved cookies.
setup('sign in as the admin', async ({ page }) => {
  await new SignInPage(page).signIn(ADMIN);
  await page.context().storageState({ path: ADMIN_STATE });
});
