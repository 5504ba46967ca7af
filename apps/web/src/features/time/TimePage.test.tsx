import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '@/api/client';
import { toastStore } from '@/components/toast-store';
import { TimePage } from '@/features/time/TimePage';
import { mockApi, type MockRequest } from '@/test/api-mock';
import { aPage, aProject, aTimeLog, aTimerStatus, aUser, anErrorEnvelope, jsonResponse } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { LocationProbe, signedInQueryClient } from '@/test/session';

const entries = [
  aTimeLog({ id: 'e1', start_time: '2026-03-10T09:00:00.000Z', end_time: '2026-03-10T10:00:00.000Z', total_cost: '50.00', description: 'Rounding fix' }),
  aTimeLog({
    id: 'e2',
    start_time: '2026-03-10T13:00:00.000Z',
    end_time: '2026-03-10T13:25:00.000Z',
    duration_seconds: 1500,
    elapsed_seconds: 1500,
    total_cost: '20.83',
    description: 'Review',
  }),
  aTimeLog({
    id: 'e3',
    start_time: '2026-03-09T08:00:00.000Z',
    end_time: '2026-03-09T08:30:00.000Z',
    duration_seconds: 1800,
    elapsed_seconds: 1800,
    total_cost: '25.00',
    description: 'Planning',
  }),
];
const summary = { total_seconds: 6900, billable_seconds: 6900, totals: [{ currency: 'USD', amount: '95.83' }] };

function api(extra?: (request: MockRequest) => Response | undefined) {
  return mockApi((request) => {
    const path = request.url.pathname;
    if (path === '/api/v1/time-tracking/logs') return jsonResponse({ ...aPage(entries), summary });
    if (path === '/api/v1/time-tracking/status') return jsonResponse(aTimerStatus([]));
    if (path === '/api/v1/projects') return jsonResponse(aPage([aProject()]));
    if (path === '/api/v1/tasks') return jsonResponse(aPage([]));
    return extra?.(request);
  });
}

function renderTimePage(route = '/time') {
  return renderWithProviders(
    <>
      <Routes>
        <Route path="/time" element={<TimePage />} />
      </Routes>
      <LocationProbe />
    </>,
    { route, queryClient: signedInQueryClient(aUser({ timezone: 'UTC' })) },
  );
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-11T12:00:00.000Z'));
});

afterEach(() => {
  vi.useRealTimers();
  sessionStore.signOut(null);
  toastStore.clear();
});

describe('TimePage', () => {
  it('lists this week’s entries by day with exact day totals and the API’s period totals', async () => {
    const { calls } = api();
    renderTimePage();

    const tuesday = (await screen.findByRole('rowheader', { name: /Tuesday/ })).closest('tr')!;
    expect(tuesday).toHaveTextContent('1:25:00 (1.42 h)');
    expect(tuesday).toHaveTextContent('$70.83');
    const monday = screen.getByRole('rowheader', { name: /Monday/ }).closest('tr')!;
    expect(monday).toHaveTextContent('$25.00');
    expect(screen.getByRole('row', { name: /Rounding fix/ })).toHaveTextContent('1:00:00');
    expect(screen.getByText('Cost', { selector: 'dt' }).nextElementSibling).toHaveTextContent('$95.83');

    const logs = calls.find((call) => call.url.pathname === '/api/v1/time-tracking/logs')!;
    expect(Object.fromEntries(logs.url.searchParams)).toMatchObject({ from: '2026-03-09T00:00:00.000Z', to: '2026-03-16T00:00:00.000Z', per_page: '100', page: '1' });
  });

  it('groups by week and moves to the previous week, keeping both in the URL', async () => {
    api();
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderTimePage();
    await screen.findByRole('rowheader', { name: /Tuesday/ });

    await user.click(screen.getByRole('radio', { name: 'Week' }));
    expect(await screen.findByRole('rowheader', { name: /Week of/ })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /Previous/ }));
    expect(screen.getByTestId('location')).toHaveTextContent('/time?from=2026-03-02&to=2026-03-08&group=week');
  });

  it('adds an entry by hand in the user’s zone and shows the API’s field errors', async () => {
    let attempts = 0;
    const { calls } = api((request) => {
      if (request.method === 'POST' && request.url.pathname === '/api/v1/time-entries') {
        attempts += 1;
        if (attempts === 1) return jsonResponse(anErrorEnvelope('VALIDATION_ERROR', 'Invalid', { end_time: ['end_time must be after start_time'] }), 422);
        return jsonResponse(
          aTimeLog({ id: 'new', start_time: '2026-03-11T08:00:00.000Z', end_time: '2026-03-11T09:30:00.000Z', duration_seconds: 5400, total_cost: '75.00' }),
          201,
        );
      }
      return undefined;
    });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderTimePage();
    await screen.findByRole('rowheader', { name: /Tuesday/ });

    await user.click(screen.getAllByRole('button', { name: 'Add time' })[0]);
    const dialog = screen.getByRole('dialog', { name: 'Add time' });
    const start = within(dialog).getByLabelText('Start');
    const end = within(dialog).getByLabelText('End');
    await user.clear(start);
    await user.type(start, '2026-03-11T09:30');
    await user.clear(end);
    await user.type(end, '2026-03-11T08:00');
    await user.type(within(dialog).getByLabelText('Description'), 'Call with the bank');
    await user.click(within(dialog).getByRole('button', { name: 'Add entry' }));

    expect(await within(dialog).findByText('End must be after start_time')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('End')).toHaveAttribute('aria-invalid', 'true');
    const first = calls.find((call) => call.method === 'POST')!;
    expect(first.body).toMatchObject({ start_time: '2026-03-11T09:30:00.000Z', end_time: '2026-03-11T08:00:00.000Z', description: 'Call with the bank', task_id: null });

    await user.clear(start);
    await user.type(start, '2026-03-11T08:00');
    await user.clear(end);
    await user.type(end, '2026-03-11T09:30');
    await user.click(within(dialog).getByRole('button', { name: 'Add entry' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('warns when the saved entry overlaps others, naming them, until dismissed', async () => {
    api((request) => {
      if (request.method === 'POST' && request.url.pathname === '/api/v1/time-entries') {
        const saved = aTimeLog({ id: 'new', start_time: '2026-03-10T09:30:00.000Z', end_time: '2026-03-10T13:10:00.000Z', description: 'Catch-up' });
        return jsonResponse(
          { ...saved, warnings: [{ code: 'OVERLAP', message: 'This entry overlaps 3 other entries or timers of yours', entries: ['e1', 'e2', 'elsewhere'] }] },
          201,
        );
      }
      return undefined;
    });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderTimePage();
    await screen.findByRole('rowheader', { name: /Tuesday/ });
    expect(screen.queryByRole('alert', { name: 'Overlapping entries' })).not.toBeInTheDocument();

    await user.click(screen.getAllByRole('button', { name: 'Add time' })[0]);
    const dialog = screen.getByRole('dialog', { name: 'Add time' });
    await user.clear(within(dialog).getByLabelText('Start'));
    await user.type(within(dialog).getByLabelText('Start'), '2026-03-10T09:30');
    await user.clear(within(dialog).getByLabelText('End'));
    await user.type(within(dialog).getByLabelText('End'), '2026-03-10T13:10');
    await user.click(within(dialog).getByRole('button', { name: 'Add entry' }));

    const warning = await screen.findByRole('alert', { name: 'Overlapping entries' });
    expect(warning).toHaveTextContent(/overlaps 3 other entries of yours, so that time is counted more than once/);
    const items = within(warning)
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(items).toEqual(['Mar 10, 2026 9:00 AM–10:00 AM (BP-12 · Rounding fix)', 'Mar 10, 2026 1:00 PM–1:25 PM (BP-12 · Review)', 'one entry outside this period']);
    await user.click(within(warning).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert', { name: 'Overlapping entries' })).not.toBeInTheDocument();
  });
});
