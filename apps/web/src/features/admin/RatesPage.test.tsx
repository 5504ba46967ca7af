import type { RateApplyResponse, UserRateResponse } from '@stint/contracts';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionStore } from '@/api/client';
import { RatesPage, validateRate } from '@/features/admin/RatesPage';
import { mockApi } from '@/test/api-mock';
import { aPage, aUser, anErrorEnvelope, jsonResponse } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { signedInQueryClient } from '@/test/session';

const admin = aUser({ role: 'admin', full_name: 'Ada Admin' });
const grace = aUser({ id: 'c0000000-0000-4000-8000-000000000003', full_name: 'Grace Hopper', email: 'grace@example.com' });

function aRate(overrides: Partial<UserRateResponse> = {}): UserRateResponse {
  return {
    id: 'r1',
    user_id: grace.id,
    rate_type: 'hourly',
    rate_amount: '50.0000',
    currency: 'USD',
    effective_from: '2026-01-01',
    effective_until: null,
    is_current: true,
    created_by: admin.id,
    created_at: '2026-01-01T09:00:00.000Z',
    ...overrides,
  };
}

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
  updated_at: '2026-01-01T09:00:00.000Z',
};

afterEach(() => sessionStore.signOut(null));

describe('validateRate', () => {
  it('accepts up to four decimals above zero and a three-letter currency', () => {
    expect(validateRate({ rate_amount: '62.5', currency: 'EUR', effective_from: '2026-03-01' })).toEqual({});
    expect(validateRate({ rate_amount: '0.8333', currency: 'USD', effective_from: '2026-03-01' })).toEqual({});
    expect(Object.keys(validateRate({ rate_amount: '1.23456', currency: 'eur', effective_from: '' }))).toEqual(['rate_amount', 'currency', 'effective_from']);
    expect(validateRate({ rate_amount: '0.0000', currency: 'EUR', effective_from: '2026-03-01' }).rate_amount).toEqual(['The amount must be more than 0.']);
  });
});

describe('RatesPage', () => {
  it('shows a person’s current rate and history, sets a new rate, and re-rates with the before/after totals', async () => {
    const applied: RateApplyResponse = {
      rate_id: 'r1',
      user_id: grace.id,
      effective_from: '2026-01-01',
      effective_until: null,
      entries_updated: 12,
      entries_skipped_currency: 1,
      totals_before: [{ currency: 'USD', amount: '480.00' }],
      totals_after: [{ currency: 'USD', amount: '600.00' }],
    };
    let puts = 0;
    const { calls } = mockApi((request) => {
      const path = request.url.pathname;
      if (path === '/api/v1/users') return jsonResponse(aPage([admin, grace]));
      if (path === '/api/v1/settings') return jsonResponse(settings);
      if (path === `/api/v1/users/${grace.id}/rates`) return jsonResponse([aRate()]);
      if (path === `/api/v1/users/${grace.id}/rate` && request.method === 'PUT') {
        puts += 1;
        if (puts === 1) return jsonResponse(anErrorEnvelope('VALIDATION_ERROR', 'Invalid', { effective_from: ['effective_from must not be before the current rate'] }), 422);
        return jsonResponse(aRate({ id: 'r2', rate_amount: '62.5000', effective_from: '2026-03-01' }));
      }
      if (path === `/api/v1/users/${grace.id}/rates/r1/apply`) return jsonResponse(applied);
      return undefined;
    });
    const user = userEvent.setup();
    renderWithProviders(
      <Routes>
        <Route path="/admin/rates" element={<RatesPage />} />
      </Routes>,
      { route: `/admin/rates?user=${grace.id}`, queryClient: signedInQueryClient(admin) },
    );

    expect(await screen.findByText('$50.00 per hour')).toBeInTheDocument();
    expect(screen.getByLabelText('Person')).toHaveValue(grace.id);
    const history = screen.getByRole('table');
    expect(within(history).getByText('Current')).toBeInTheDocument();
    expect(within(history).getByText('Open-ended')).toBeInTheDocument();

    const form = screen.getByRole('form', { name: 'Set a new rate' });
    expect(within(form).getByLabelText('Currency')).toHaveValue('USD');
    await user.type(within(form).getByLabelText('Amount'), '62.5');
    await user.clear(within(form).getByLabelText('Effective from'));
    await user.type(within(form).getByLabelText('Effective from'), '2025-12-01');
    await user.click(within(form).getByRole('button', { name: 'Set rate' }));
    expect(await within(form).findByText('Effective from must not be before the current rate')).toBeInTheDocument();
    expect(calls.find((call) => call.method === 'PUT')!.body).toEqual({ rate_type: 'hourly', rate_amount: '62.5', currency: 'USD', effective_from: '2025-12-01' });

    await user.clear(within(form).getByLabelText('Effective from'));
    await user.type(within(form).getByLabelText('Effective from'), '2026-03-01');
    await user.click(within(form).getByRole('button', { name: 'Set rate' }));
    expect(await within(form).findByText(/Grace Hopper's rate is \$62.50 per hour/)).toBeInTheDocument();

    await user.click(within(history).getByRole('button', { name: /Apply the rate from/ }));
    const dialog = screen.getByRole('dialog', { name: 'Re-rate past entries?' });
    expect(dialog).toHaveTextContent('$50.00 per hour');
    await user.click(within(dialog).getByRole('button', { name: 'Re-rate entries' }));
    const result = await screen.findByText(/Re-rated 12 entries/);
    expect(result.closest('[role="status"]')).toHaveTextContent('1 in another currency were left alone');
    expect(result.closest('[role="status"]')).toHaveTextContent('Total before: $480.00; after: $600.00.');
  });
});
