import { act, screen, waitFor } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '@/api/client';
import { RequireAuth } from '@/features/auth/RequireAuth';
import { redirectTarget } from '@/features/auth/redirect';
import { aTokenResponse, jsonResponse } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';

/** Stands in for the sign-in page and shows where it would send the user afterwards. */
function SignInProbe() {
  const location = useLocation();
  return (
    <p>
      Sign-in page; next: {redirectTarget(location.state)}; state: {location.state ? 'kept' : 'none'}
    </p>
  );
}

function renderApp(path: string) {
  return renderWithProviders(
    <Routes>
      <Route path="/sign-in" element={<SignInProbe />} />
      <Route element={<RequireAuth />}>
        <Route path="/" element={<p>Dashboard page</p>} />
        <Route path="/reports" element={<p>Reports page</p>} />
      </Route>
    </Routes>,
    { route: path },
  );
}

afterEach(() => {
  sessionStore.signOut(null);
});

describe('RequireAuth', () => {
  it('sends a signed-out visitor to sign-in, remembering the page they asked for', () => {
    renderApp('/reports?range=week#top');
    expect(screen.getByText('Sign-in page; next: /reports?range=week#top; state: kept')).toBeInTheDocument();
    expect(screen.queryByText('Reports page')).not.toBeInTheDocument();
  });

  it('does not carry the old page over after a deliberate sign-out', () => {
    sessionStore.signOut('signedOut');
    renderApp('/reports');
    expect(screen.getByText('Sign-in page; next: /; state: none')).toBeInTheDocument();
  });

  it('renders the page for a signed-in user', () => {
    sessionStore.signIn(aTokenResponse());
    renderApp('/reports');
    expect(screen.getByText('Reports page')).toBeInTheDocument();
  });

  it('shows a loading screen, not sign-in, while the session is restored after a reload', async () => {
    document.cookie = 'stint_csrf=csrf-1; path=/';
    let answer!: (response: Response) => void;
    const fetchMock = vi.fn(() => new Promise<Response>((resolve) => (answer = resolve)));
    vi.stubGlobal('fetch', fetchMock);

    const restored = sessionStore.restore();
    renderApp('/reports');

    expect(screen.getByRole('status')).toHaveTextContent('Restoring your session…');
    expect(screen.queryByText(/Sign-in page/)).not.toBeInTheDocument();
    // The refresh request goes out once the cross-tab lock is held; still no sign-in page meanwhile.
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    expect(screen.queryByText(/Sign-in page/)).not.toBeInTheDocument();

    await act(async () => {
      answer(jsonResponse(aTokenResponse()));
      await restored;
    });
    expect(screen.getByText('Reports page')).toBeInTheDocument();
  });

  it('sends the user to sign-in when their session ends while they are on a page', () => {
    sessionStore.signIn(aTokenResponse());
    renderApp('/reports');
    act(() => sessionStore.signOut('expired'));
    expect(screen.getByText('Sign-in page; next: /reports; state: kept')).toBeInTheDocument();
  });
});

describe('redirectTarget', () => {
  it('accepts only app paths', () => {
    expect(redirectTarget({ from: { pathname: '//evil.example', search: '', hash: '' } })).toBe('/');
    expect(redirectTarget({ from: { pathname: 'https://evil.example', search: '', hash: '' } })).toBe('/');
    expect(redirectTarget({ from: { pathname: '/sign-in', search: '', hash: '' } })).toBe('/');
    expect(redirectTarget(null)).toBe('/');
    expect(redirectTarget({ from: { pathname: '/time', search: '?day=1', hash: '' } })).toBe('/time?day=1');
  });
});
