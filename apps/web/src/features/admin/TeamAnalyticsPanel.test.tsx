import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionStore } from '@/api/client';
import { TeamAnalyticsPanel } from '@/features/admin/TeamAnalyticsPanel';
import { aTaskTimeRow, aUserProductivityRow } from '@/features/dashboard/analytics-fixtures';
import { mockApi } from '@/test/api-mock';
import { aPage, aProject, aUser, jsonResponse } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { signedInQueryClient } from '@/test/session';

function teamApi() {
  return mockApi((request) => {
    switch (request.url.pathname) {
      case '/api/v1/analytics/users':
        return jsonResponse(
          aPage(
            [
              aUserProductivityRow(),
              aUserProductivityRow({
                user_id: 'u-2',
                full_name: 'Grace Hopper',
                email: 'grace@example.com',
                is_active: false,
                total_hours_tracked: 0,
                total_seconds_tracked: 0,
                avg_hours_per_entry: 0,
                total_time_entries: 0,
              }),
            ],
            { total: 2 },
          ),
        );
      case '/api/v1/analytics/task-time-summary':
        return jsonResponse(
          aPage([
            aTaskTimeRow(),
            aTaskTimeRow({ task_id: 't-2', task_key: 'BP-2', title: 'Ledger export', estimated_hours: 4, actual_hours: 3.5, actual_seconds: 12_600, hours_variance: -0.5 }),
            aTaskTimeRow({ task_id: 't-3', task_key: 'BP-3', title: 'Unplanned', estimated_hours: null, actual_hours: 1, actual_seconds: 3_600, hours_variance: null }),
          ]),
        );
      case '/api/v1/projects':
        return jsonResponse(aPage([aProject()]));
    }
    return undefined;
  });
}

function lastCall(calls: { url: URL }[], path: string) {
  return calls.filter((call) => call.url.pathname === path).at(-1)!.url.searchParams;
}

afterEach(() => {
  sessionStore.signOut(null);
});

describe('TeamAnalyticsPanel', () => {
  it('lists every user’s productivity and sorts it on the server', async () => {
    const { calls } = teamApi();
    const clicks = userEvent.setup();
    renderWithProviders(<TeamAnalyticsPanel />, { queryClient: signedInQueryClient(aUser({ role: 'admin' })) });

    const section = (await screen.findByRole('heading', { name: 'Team productivity' })).closest('section') as HTMLElement;
    const table = within(section).getByRole('table');
    const row = await within(table).findByRole('row', { name: /Ada Lovelace/ });
    expect(Array.from(row.children, (cell) => cell.textContent)).toEqual(['Ada Lovelace', 'ada@example.com', '9', '3', '2', '3.50 h', '2', '1.75 h']);
    expect(within(table).getByRole('row', { name: /Grace Hopper/ })).toHaveTextContent('Inactive');
    expect(lastCall(calls, '/api/v1/analytics/users').get('sort')).toBe('full_name');

    // A figure column starts with the most first; the same column again flips it.
    await clicks.click(within(table).getByRole('button', { name: /Hours tracked/ }));
    await waitFor(() => expect(lastCall(calls, '/api/v1/analytics/users').toString()).toBe('page=1&per_page=20&sort=total_hours_tracked&order=desc'));
    expect(within(table).getByRole('columnheader', { name: /Hours tracked/ })).toHaveAttribute('aria-sort', 'descending');
    await clicks.click(within(table).getByRole('button', { name: /Hours tracked/ }));
    await waitFor(() => expect(lastCall(calls, '/api/v1/analytics/users').get('order')).toBe('asc'));
    expect(screen.getByText('Showing 1–2 of 2 users')).toBeInTheDocument();
  });

  it('shows estimate against actual with the variance in words, and filters by project', async () => {
    const { calls } = teamApi();
    const clicks = userEvent.setup();
    renderWithProviders(<TeamAnalyticsPanel />, { queryClient: signedInQueryClient(aUser({ role: 'admin' })) });

    const section = (await screen.findByRole('heading', { name: 'Estimate vs actual' })).closest('section') as HTMLElement;
    const table = within(section).getByRole('table');
    await within(table).findByRole('row', { name: /Invoice rounding/ });
    const cells = (name: RegExp) => Array.from(within(table).getByRole('row', { name }).children, (cell) => cell.textContent);
    expect(cells(/Invoice rounding/)).toEqual(['BP-1 Invoice rounding', 'In progress', 'High', '2.00 h', '3.50 h', '+1.50 h over', '2']);
    expect(cells(/Ledger export/)[5]).toBe('−0.50 h under');
    expect(cells(/Unplanned/)[3]).toBe('—');
    expect(cells(/Unplanned/)[5]).toBe('No estimate');
    expect(within(table).getByText('+1.50 h over').closest('td')).toHaveClass('variance-cell-over');
    expect(within(table).getByRole('columnheader', { name: /Variance/ })).toHaveAttribute('aria-sort', 'descending');

    await clicks.selectOptions(within(section).getByLabelText('Project'), 'Billing Platform (BP)');
    await waitFor(() => expect(lastCall(calls, '/api/v1/analytics/task-time-summary').get('project_id')).toBe(aProject().id));
    await clicks.click(within(table).getByRole('button', { name: /Task/ }));
    await waitFor(() => expect(lastCall(calls, '/api/v1/analytics/task-time-summary').get('sort')).toBe('title'));
    expect(lastCall(calls, '/api/v1/analytics/task-time-summary').get('order')).toBe('asc');
  });
});
