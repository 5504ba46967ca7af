import { readFile } from 'node:fs/promises';
import { ADMIN, NO_SESSION } from '../support/accounts';
import { AccountPage, AdminUsersPage } from '../support/pages/account';
import { SignInPage } from '../support/pages/auth';
import { signInThroughApi } from '../support/seed';
import { expect, test } from '../support/test';

test.describe('as the account holder', () => {
  test.use({ storageState: NO_SESSION });

  test('download my data gives a JSON file of my account; deleting the account signs me out for good', async ({ page, seed, shell }) => {
    const { account } = await seed.newMember('privacy', { fullName: 'Petra Private' });
    await signInThroughApi(page, account);
    await shell.open('/');

    await page.getByRole('link', { name: 'Account' }).click();
    await expect(page.getByRole('heading', { name: 'Account', level: 1 })).toBeVisible();

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download my data' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^stint-export-\d{4}-\d{2}-\d{2}\.json$/);
    const document = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(document).toMatchObject({ format: 'stint-export', profile: { email: account.email, full_name: 'Petra Private' } });
    expect(document.sessions.length).toBeGreaterThan(0);
    await expect(shell.status('Downloaded')).toBeVisible();

    const accountPage = new AccountPage(page);
    const dialog = await accountPage.deleteAccount('Not-My-Password-1');
    await expect(dialog.getByText('The password is wrong')).toBeVisible();

    await accountPage.deleteAccount(account.password);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

    // A reload finds no session to restore, and the old credentials no longer sign in.
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in/);
    await new SignInPage(page).submit(account);
    await expect(page.getByText(/Invalid email or password/)).toBeVisible();
  });
});

test('an admin deletes an account from the users list after confirming', async ({ page, seed }) => {
  const { account } = await seed.newMember('quitter', { fullName: 'Quentin Quitter' });

  const users = new AdminUsersPage(page);
  await users.goto();
  await users.deleteUser(account.email, 'Quentin Quitter', ADMIN.password);
  await expect(page.getByText('Quentin Quitter’s account was deleted.')).toBeVisible();
  await expect(users.row(account.email)).toHaveCount(0);
});
