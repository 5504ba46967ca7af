import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '@/api/client';
import { AccountPage } from '@/features/account/AccountPage';
import { deferred, mockApi } from '@/test/api-mock';
import { aUser, anErrorEnvelope, jsonResponse } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { signedInQueryClient } from '@/test/session';

/** jsdom's Blob has no text(); FileReader it is. */
function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

let createObjectURL: ReturnType<typeof vi.fn>;
const saved: string[] = [];

beforeEach(() => {
  saved.length = 0;
  createObjectURL = vi.fn(() => 'blob:stint-test');
  Object.defineProperty(URL, 'createObjectURL', { value: createObjectURL, configurable: true, writable: true });
  Object.defineProperty(URL, 'revokeObjectURL', { value: vi.fn(), configurable: true, writable: true });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push(this.download);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  sessionStore.signOut(null);
});

const renderAccount = () => renderWithProviders(<AccountPage />, { route: '/account', queryClient: signedInQueryClient(aUser({ full_name: 'Ada Lovelace' })) });

describe('AccountPage', () => {
  it('shows the profile', () => {
    mockApi(() => undefined);
    renderAccount();
    expect(screen.getByRole('heading', { name: 'Account' })).toBeInTheDocument();
    expect(screen.getByText('ada@example.com')).toBeInTheDocument();
  });

  it('downloads my data: a spinner while it streams, then the file under the server’s name', async () => {
    const document = '{"format":"stint-export","version":1}\n';
    const held = deferred<Response>();
    mockApi((request) => (request.url.pathname === '/api/v1/users/me/export' ? held.promise : undefined));
    const user = userEvent.setup();
    renderAccount();

    await user.click(screen.getByRole('button', { name: 'Download my data' }));
    const button = screen.getByRole('button', { name: 'Download my data' });
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByRole('status')).toHaveTextContent('Preparing your data…');

    held.resolve(new Response(document, { headers: { 'content-type': 'application/json', 'content-disposition': 'attachment; filename="stint-export-2026-03-10.json"' } }));
    await waitFor(() => expect(saved).toEqual(['stint-export-2026-03-10.json']));
    expect(await readBlob(createObjectURL.mock.calls[0][0] as Blob)).toBe(document);
    expect(screen.getByRole('status')).toHaveTextContent('Downloaded stint-export-2026-03-10.json.');
    expect(screen.getByRole('button', { name: 'Download my data' })).toBeEnabled();
  });

  it('shows a failed download in an alert', async () => {
    mockApi((request) =>
      request.url.pathname === '/api/v1/users/me/export' ? jsonResponse(anErrorEnvelope('RATE_LIMIT_EXCEEDED', 'Too many', { retry_after_seconds: 30 }), 429) : undefined,
    );
    const user = userEvent.setup();
    renderAccount();
    await user.click(screen.getByRole('button', { name: 'Download my data' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Couldn’t download your data. Too many attempts. Please wait 30 seconds and try again.');
  });

  it('deletes the account only with the right password, warns first, and signs out after', async () => {
    const { calls } = mockApi((request) => {
      if (request.method !== 'DELETE' || request.url.pathname !== '/api/v1/users/me') return undefined;
      const { password } = request.body as { password: string };
      if (password !== 'Right-Pass-1')
        return jsonResponse(anErrorEnvelope('AUTHORIZATION_ERROR', 'The password is wrong; nothing was deleted', { password: ['The password is wrong'] }), 403);
      return jsonResponse({ success: true, user_id: aUser().id, timers_stopped: 0, entries_anonymised: 3, entries_removed: 1, tasks_removed: 0 });
    });
    const user = userEvent.setup();
    renderAccount();

    await user.click(screen.getByRole('button', { name: 'Delete my account' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete your account?' });
    expect(dialog).toHaveAccessibleDescription(/can’t be undone/);
    const password = within(dialog).getByLabelText('Your password');
    expect(password).toHaveFocus();

    // Nothing typed: the form says so and sends nothing.
    await user.click(within(dialog).getByRole('button', { name: 'Delete my account' }));
    expect(within(dialog).getByText('Enter your password to confirm.')).toBeInTheDocument();
    expect(calls.filter((call) => call.method === 'DELETE')).toHaveLength(0);

    await user.type(password, 'Wrong-Pass-2');
    await user.click(within(dialog).getByRole('button', { name: 'Delete my account' }));
    expect(await within(dialog).findByText('The password is wrong')).toBeInTheDocument();
    expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(sessionStore.getState().status).toBe('signedIn');

    await user.clear(password);
    await user.type(password, 'Right-Pass-1');
    await user.click(within(dialog).getByRole('button', { name: 'Delete my account' }));
    await waitFor(() => expect(sessionStore.getState()).toEqual({ status: 'signedOut', reason: 'signedOut' }));
    expect(calls.filter((call) => call.method === 'DELETE').map((call) => call.body)).toEqual([{ password: 'Wrong-Pass-2' }, { password: 'Right-Pass-1' }]);
  });

  it('shows why the only admin can’t delete their account', async () => {
    mockApi((request) =>
      request.method === 'DELETE'
        ? jsonResponse(anErrorEnvelope('CONFLICT', 'You are the only admin: make someone else an admin before deleting your account', { role: ['last_admin'] }), 409)
        : undefined,
    );
    const user = userEvent.setup();
    renderAccount();
    await user.click(screen.getByRole('button', { name: 'Delete my account' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Your password'), 'Right-Pass-1');
    await user.click(within(dialog).getByRole('button', { name: 'Delete my account' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('You are the only admin');
    expect(sessionStore.getState().status).toBe('signedIn');
  });
});
