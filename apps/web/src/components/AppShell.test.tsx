import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bindSessionToQueryClient } from '@/api/auth';
import { sessionStore } from '@/api/client';
import { queryKeys } from '@/api/query-keys';
import { AppShell } from '@/components/AppShell';
import { RequireAuth } from '@/features/auth/RequireAuth';
import { aTokenResponse, aUser, jsonResponse } from '@/test/fixtures';
import { createTestQueryClient, renderWithProviders } from '@/test/render';

let cleanupBinding: (() => void) | undefined;

/** Signs in as `user` (seeding the cache the way the app does), then renders the shell. */
function renderShellFor(user = aUser(), token = 'access-1') {
  const queryClient = createTestQueryClient();
  cleanupBinding = bindSessionToQueryClient(queryClient);
  sessionStore.signIn(aTokenResponse({ token, user }));
  return renderWithProviders(
    <Routes>
      <Route path="/sign-in" element={<h1>Sign in</h1>} />
      <Route element={<RequireAuth />}>
        <Route element={<AppShell />}>
          <Route index element={<h1>Dashboard</h1>} />
        </Route>
      </Route>
    </Routes>,
    { queryClient },
  );
}

afterEach(() => {
  sessionStore.signOut(null);
  cleanupBinding?.();
});

describe('AppShell', () => {
  it("shows the main navigation and the user's name, without Admin for members", () => {
    renderShellFor(aUser({ full_name: 'Ada Lovelace', role: 'member' }));

    const nav = screen.getByRole('navigation', { name: 'Main' });
    const links = within(nav)
      .getAllByRole('link')
      .map((link) => link.textContent);
    expect(links).toEqual(['Dashboard', 'Tasks', 'Time', 'Projects', 'Reports']);
    expect(within(nav).getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByText('Ada Lovelace')).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
  });

  it('mounts the floating timer and the notifications region once, on every page', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse({ success: false, error: { code: 'NOT_FOUND', message: 'No', details: null }, meta: { request_id: 'r', timestamp: '' } }, 404)),
    );
    renderShellFor();
    expect(await screen.findAllByRole('complementary', { name: 'Timer' })).toHaveLength(1);
    expect(screen.getByRole('region', { name: 'Notifications' })).toBeInTheDocument();
  });

  it('shows Admin to admins', () => {
    renderShellFor(aUser({ role: 'admin' }));
    expect(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Admin' })).toHaveAttribute('href', '/admin');
  });

  it('signs out: tells the server, forgets the token and cached data, and shows sign-in', async () => {
    const fetchMock = vi.fn(async (..._args: Parameters<typeof fetch>) => jsonResponse({ success: true }));
    vi.stubGlobal('fetch', fetchMock);
    const { queryClient } = renderShellFor(aUser(), 'access-1');
    expect(queryClient.getQueryData(queryKeys.users.me())).toEqual(aUser());

    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    // The floating timer may have asked for its status first.
    const [url, init] = fetchMock.mock.calls.find(([called]) => called === '/api/v1/auth/logout')!;
    expect(url).toBe('/api/v1/auth/logout');
    expect((init?.headers as Record<string, string> | undefined)?.authorization).toBe('Bearer access-1');
    expect(sessionStore.getToken()).toBeNull();
    expect(queryClient.getQueryData(queryKeys.users.me())).toBeUndefined();
  });

  it('signs out locally even when the server cannot be reached', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    renderShellFor();

    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(sessionStore.getState()).toEqual({ status: 'signedOut', reason: 'signedOut' });
  });
});
