import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '@/api/client';
import { GuestOnly } from '@/features/auth/GuestOnly';
import { SignInPage } from '@/features/auth/SignInPage';
import { aTokenResponse, anErrorEnvelope, jsonResponse } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';

function renderSignIn(from?: string) {
  return renderWithProviders(
    <Routes>
      <Route element={<GuestOnly />}>
        <Route path="/sign-in" element={<SignInPage />} />
      </Route>
      <Route path="/" element={<p>Dashboard page</p>} />
      <Route path="/reports" element={<p>Reports page</p>} />
    </Routes>,
    { route: { pathname: '/sign-in', state: from ? { from: { pathname: from, search: '', hash: '' } } : undefined } },
  );
}

async function fillAndSubmit(email: string, password: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Email'), email);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

afterEach(() => {
  sessionStore.signOut(null);
});

describe('SignInPage', () => {
  it('shows the API field errors of a 422 next to their fields', async () => {
    const fetchMock = vi.fn(async (..._args: Parameters<typeof fetch>) =>
      jsonResponse(
        anErrorEnvelope('VALIDATION_ERROR', 'The request has invalid fields', {
          email: ['email must be a valid email address'],
          password: ['password must be shorter than or equal to 100 characters'],
        }),
        422,
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    renderSignIn();

    await fillAndSubmit('ada@', 'x'.repeat(101));

    const email = screen.getByLabelText('Email');
    const password = screen.getByLabelText('Password');
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    // The server's wording, with the API field name swapped for the label the user sees.
    expect(email).toHaveAccessibleDescription('Email must be a valid email address');
    expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(password).toHaveAccessibleDescription('Password must be shorter than or equal to 100 characters');
    // Every message belonged to a field, so there's no form-level alert, and focus goes to the first bad field.
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(email).toHaveFocus();

    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/auth/login');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ email: 'ada@', password: 'x'.repeat(101) });
    expect(sessionStore.getState().status).toBe('signedOut');
  });

  it('clears a field error once that field is edited', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(anErrorEnvelope('VALIDATION_ERROR', 'Invalid', { email: ['email must be a valid email address'] }), 422)),
    );
    renderSignIn();
    await fillAndSubmit('ada@', 'secret');
    const email = screen.getByLabelText('Email');
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));

    await userEvent.type(email, 'example.com');
    expect(email).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByText('Email must be a valid email address')).not.toBeInTheDocument();
  });

  it('shows the 401 message in a form-level alert', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(anErrorEnvelope('AUTHENTICATION_ERROR', 'Invalid email or password'), 401)),
    );
    renderSignIn();

    await fillAndSubmit('ada@example.com', 'wrong-password');

    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid email or password');
    expect(screen.getByLabelText('Email')).not.toHaveAttribute('aria-invalid');
  });

  it('explains a rate limit with the wait from the API', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(anErrorEnvelope('RATE_LIMIT_EXCEEDED', 'Too many requests', { limit: 5, window_seconds: 60, retry_after_seconds: 42 }), 429)),
    );
    renderSignIn();
    await fillAndSubmit('ada@example.com', 'secret');
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts. Please wait 42 seconds and try again.');
  });

  it('says when the server cannot be reached', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    renderSignIn();
    await fillAndSubmit('ada@example.com', 'secret');
    expect(await screen.findByRole('alert')).toHaveTextContent("Can't reach the Stint server");
  });

  it('checks for empty fields without calling the API', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    renderSignIn();

    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter your email address');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Enter your password');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('disables the button while signing in, then goes to the page the user wanted', async () => {
    let answer!: (response: Response) => void;
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise<Response>((resolve) => (answer = resolve))),
    );
    renderSignIn('/reports');

    await fillAndSubmit('ada@example.com', 'Correct-horse1!');

    const pending = screen.getByRole('button', { name: 'Signing in…' });
    expect(pending).toBeDisabled();

    answer(jsonResponse(aTokenResponse({ token: 'access-1' })));
    expect(await screen.findByText('Reports page')).toBeInTheDocument();
    expect(sessionStore.getToken()).toBe('access-1');
  });

  it('goes to the dashboard after signing in when no page was asked for', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(aTokenResponse())),
    );
    renderSignIn();
    await fillAndSubmit('ada@example.com', 'Correct-horse1!');
    expect(await screen.findByText('Dashboard page')).toBeInTheDocument();
  });

  it('tells the user why they are here after their session ended', () => {
    sessionStore.signOut('expired');
    renderSignIn();
    expect(screen.getByRole('status')).toHaveTextContent('Your session has ended. Please sign in again.');
  });
});
