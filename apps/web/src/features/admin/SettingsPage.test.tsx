import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionStore } from '@/api/client';
import { SettingsPage, settingsChanges } from '@/features/admin/SettingsPage';
import { mockApi } from '@/test/api-mock';
import { aUser, anErrorEnvelope, jsonResponse } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { signedInQueryClient } from '@/test/session';

const settings = {
  default_hourly_rate: '40.0000',
  default_minutely_rate: null,
  default_currency: 'EUR',
  auto_pause_on_logout: true,
  max_concurrent_timers_per_user: 1,
  enable_budget_tracking: true,
  enable_budget_alerts: true,
  max_timer_hours: 24,
  stale_heartbeat_minutes: 30,
  forbid_overlapping_entries: false,
  updated_at: '2026-01-01T09:00:00.000Z',
};

afterEach(() => sessionStore.signOut(null));

describe('settingsChanges', () => {
  const draft = {
    default_hourly_rate: '40.0000',
    default_minutely_rate: '',
    default_currency: 'EUR',
    auto_pause_on_logout: true,
    max_concurrent_timers_per_user: '1',
    enable_budget_tracking: true,
    enable_budget_alerts: true,
    max_timer_hours: '24',
    stale_heartbeat_minutes: '30',
    forbid_overlapping_entries: false,
  };

  it('sends only what changed; "40" is the same rate as "40.0000"', () => {
    expect(settingsChanges({ ...draft, default_hourly_rate: '40' }, settings)).toEqual({ changes: {}, errors: {} });
    expect(settingsChanges({ ...draft, max_concurrent_timers_per_user: '3', auto_pause_on_logout: false }, settings).changes).toEqual({
      max_concurrent_timers_per_user: 3,
      auto_pause_on_logout: false,
    });
  });

  it('checks the limits of the contract', () => {
    const { errors } = settingsChanges({ ...draft, max_concurrent_timers_per_user: '21', max_timer_hours: '0', stale_heartbeat_minutes: '2.5', default_currency: 'EU' }, settings);
    expect(Object.keys(errors).sort()).toEqual(['default_currency', 'max_concurrent_timers_per_user', 'max_timer_hours', 'stale_heartbeat_minutes']);
    expect(errors.max_concurrent_timers_per_user).toEqual(['Enter a whole number from 1 to 20.']);
  });
});

describe('SettingsPage', () => {
  it('saves changed settings and shows the API’s field errors', async () => {
    let patches = 0;
    const { calls } = mockApi((request) => {
      if (request.url.pathname !== '/api/v1/settings') return undefined;
      if (request.method === 'GET') return jsonResponse(settings);
      patches += 1;
      if (patches === 1) return jsonResponse(anErrorEnvelope('VALIDATION_ERROR', 'Invalid', { default_hourly_rate: ['default_hourly_rate must have at most 4 decimals'] }), 422);
      return jsonResponse({ ...settings, default_hourly_rate: '45.0000', updated_at: '2026-03-01T09:00:00.000Z' });
    });
    const user = userEvent.setup();
    renderWithProviders(<SettingsPage />, { queryClient: signedInQueryClient(aUser({ role: 'admin' })) });

    const rate = await screen.findByLabelText('Default hourly rate');
    expect(rate).toHaveValue('40.0000');
    await user.clear(rate);
    await user.type(rate, '45.12345');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Default hourly rate must have at most 4 decimals')).toBeInTheDocument();

    await user.clear(screen.getByLabelText('Default hourly rate'));
    await user.type(screen.getByLabelText('Default hourly rate'), '45');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Settings saved.')).toBeInTheDocument();
    expect(screen.getByLabelText('Default hourly rate')).toHaveValue('45.0000');
    expect(calls.filter((call) => call.method === 'PATCH').map((call) => call.body)).toEqual([{ default_hourly_rate: '45.12345' }, { default_hourly_rate: '45' }]);
  });

  it('lets an admin forbid overlapping entries', async () => {
    const { calls } = mockApi((request) => {
      if (request.url.pathname !== '/api/v1/settings') return undefined;
      if (request.method === 'GET') return jsonResponse(settings);
      return jsonResponse({ ...settings, forbid_overlapping_entries: true });
    });
    const user = userEvent.setup();
    renderWithProviders(<SettingsPage />, { queryClient: signedInQueryClient(aUser({ role: 'admin' })) });

    const forbid = await screen.findByLabelText('Forbid overlapping entries');
    expect(forbid).not.toBeChecked();
    await user.click(forbid);
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Settings saved.')).toBeInTheDocument();
    expect(calls.filter((call) => call.method === 'PATCH').map((call) => call.body)).toEqual([{ forbid_overlapping_entries: true }]);
    expect(screen.getByLabelText('Forbid overlapping entries')).toBeChecked();
  });
});
