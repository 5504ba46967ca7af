import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '@/api/client';
import { GuestOnly } from '@/features/auth/GuestOnly';
import { RegisterPage } from '@/features/auth/RegisterPage';
import { aTokenResponse, anErrorEnvelope, jsonResponse } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';

function renderRegister() {
  return renderWithProviders(
    <Routes>
      <Route element={<GuestOnly />}>
        <Route path="/register" element={<RegisterPage />} />
      </Route>
      <Route path="/" element={<p>Dashboard page</p>} />
    </Routes>,
    { route: '/register' },
  );
}

afterEach(() => {
  sessionStore.signOut(null);
});

describe('RegisterPage', () => {
  it('lists the password rules still unmet as the user types', async () => {
    renderRegister();
    const password = screen.getByLabelText('Password');
    expect(password).toHaveAccessibleDescription(/At least 8 characters/);

    await userEvent.type(password, 'abc');
    expect(password).toHaveAccessibleDescription(/Password must be at least 8 characters/);
    expect(password).toHaveAccessibleDescription(/Password must contain an uppercase letter/);
    expect(password).not.toHaveAccessibleDescription(/lowercase/);

    await userEvent.type(password, 'defG1!');
    expect(password).toHaveAccessibleDescription('✓ Meets all the password rules');
  });

  it('shows a taken email (409 CONFLICT) next to the email field', async () => {
    const fetchMock = vi.fn(async (..._args: Parameters<typeof fetch>) =>
      jsonResponse(anErrorEnvelope('CONFLICT', 'An account with this email already exists', { email: ['An account with this email already exists'] }), 409),
    );
    vi.stubGlobal('fetch', fetchMock);
    renderRegister();

    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Full name'), '  Ada Lovelace ');
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'Analytical-1');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    const email = screen.getByLabelText('Email');
    await waitFor(() => expect(email).toHaveAccessibleDescription('An account with this email already exists'));
    expect(email).toHaveFocus();
    expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body))).toEqual({
      full_name: 'Ada Lovelace',
      email: 'ada@example.com',
      password: 'Analytical-1',
    });
  });

  it('signs the new user in and opens the dashboard', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(aTokenResponse({ token: 'new-user-token' }), 201)),
    );
    renderRegister();

    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Full name'), 'Ada Lovelace');
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'Analytical-1');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByText('Dashboard page')).toBeInTheDocument();
    expect(sessionStore.getToken()).toBe('new-user-token');
  });
});
