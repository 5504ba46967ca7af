import type { UserResponse } from '@stint/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionStore } from '@/api/client';
import { isDeletedUser, UsersPage } from '@/features/admin/UsersPage';
import { mockApi } from '@/test/api-mock';
import { aUser, anErrorEnvelope, jsonResponse } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { signedInQueryClient } from '@/test/session';

afterEach(() => sessionStore.signOut(null));

const admin = aUser({ id: 'a0000000-0000-4000-8000-000000000001', role: 'admin', full_name: 'Ada Admin', email: 'ada@example.com' });
const bob = aUser({ id: 'b0000000-0000-4000-8000-000000000002', full_name: 'Bob Builder', email: 'bob@example.com' });
const erased = aUser({
  id: 'c0000000-0000-4000-8000-000000000003',
  full_name: 'Deleted user',
  email: 'deleted-c0000000-0000-4000-8000-000000000003@deleted.invalid',
  is_active: false,
});

function usersApi(initial: UserResponse[]) {
  let people = initial;
  return mockApi((request) => {
    if (request.method === 'GET' && request.url.pathname === '/api/v1/users') {
      return jsonResponse({ data: people, meta: { page: 1, per_page: 20, total: people.length } });
    }
    if (request.method === 'POST' && request.url.pathname === `/api/v1/users/${bob.id}/unlock`) return jsonResponse(bob);
    if (request.method === 'DELETE' && request.url.pathname === `/api/v1/users/${bob.id}`) {
      if ((request.body as { password: string }).password !== 'Admin-Pass-1') {
        return jsonResponse(anErrorEnvelope('AUTHORIZATION_ERROR', 'The password is wrong; nothing was deleted', { password: ['The password is wrong'] }), 403);
      }
      people = people.map((person) => (person.id === bob.id ? { ...erased, id: bob.id, email: `deleted-${bob.id}@deleted.invalid` } : person));
      return jsonResponse({ success: true, user_id: bob.id, timers_stopped: 1, entries_anonymised: 2, entries_removed: 0, tasks_removed: 0 });
    }
    return undefined;
  });
}

describe('isDeletedUser', () => {
  it('recognises an erased account by its own id in the anonymous email', () => {
    expect(isDeletedUser(erased)).toBe(true);
    expect(isDeletedUser(bob)).toBe(false);
    // Someone registering that domain with another id is not an erased account.
    expect(isDeletedUser({ ...bob, email: `deleted-${erased.id}@deleted.invalid` })).toBe(false);
  });
});

describe('UsersPage', () => {
  it('lists people; deleted accounts are marked and have no delete action, nor does the admin’s own row', async () => {
    usersApi([admin, bob, erased]);
    renderWithProviders(<UsersPage />, { queryClient: signedInQueryClient(admin) });
    const bobRow = (await screen.findByText('Bob Builder')).closest('tr') as HTMLElement;
    expect(within(bobRow).getByRole('button', { name: 'Delete Bob Builder' })).toBeInTheDocument();
    const erasedRow = screen.getByText('Deleted user').closest('tr') as HTMLElement;
    expect(within(erasedRow).getByText('Deleted')).toBeInTheDocument();
    expect(within(erasedRow).queryByRole('button')).toBeNull();
    expect(within(screen.getByText('Ada Admin').closest('tr') as HTMLElement).queryByRole('button')).toBeNull();
  });

  it("deletes an account after a warning and the admin's password; a wrong password shows on the field", async () => {
    const { calls } = usersApi([admin, bob]);
    const user = userEvent.setup();
    renderWithProviders(<UsersPage />, { queryClient: signedInQueryClient(admin) });

    await user.click(await screen.findByRole('button', { name: 'Delete Bob Builder' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete Bob Builder?' });
    expect(dialog).toHaveAccessibleDescription(/can’t be undone.*bob@example\.com/);
    await user.type(within(dialog).getByLabelText('Your admin password'), 'Bobs-Pass-1');
    await user.click(within(dialog).getByRole('button', { name: 'Delete account' }));
    expect(await within(dialog).findByText('The password is wrong')).toBeInTheDocument();

    await user.clear(within(dialog).getByLabelText('Your admin password'));
    await user.type(within(dialog).getByLabelText('Your admin password'), 'Admin-Pass-1');
    await user.click(within(dialog).getByRole('button', { name: 'Delete account' }));
    expect(await screen.findByText('Bob Builder’s account was deleted.')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
    // The list is fetched again and shows the erased row.
    expect(await screen.findByText('Deleted')).toBeInTheDocument();
    expect(calls.filter((call) => call.method === 'DELETE').map((call) => [call.url.pathname, call.body])).toEqual([
      [`/api/v1/users/${bob.id}`, { password: 'Bobs-Pass-1' }],
      [`/api/v1/users/${bob.id}`, { password: 'Admin-Pass-1' }],
    ]);
    // The admin stays signed in.
    expect(sessionStore.getState().status).toBe('signedIn');
  });

  it('unlocks sign-in for a locked-out person and says so', async () => {
    const { calls } = usersApi([admin, bob]);
    const user = userEvent.setup();
    renderWithProviders(<UsersPage />, { queryClient: signedInQueryClient(admin) });
    await user.click(await screen.findByRole('button', { name: 'Unlock sign-in for Bob Builder' }));
    expect(await screen.findByText('Bob Builder can sign in again from every address.')).toBeInTheDocument();
    expect(calls.filter((call) => call.method === 'POST').map((call) => call.url.pathname)).toEqual([`/api/v1/users/${bob.id}/unlock`]);
  });
});
