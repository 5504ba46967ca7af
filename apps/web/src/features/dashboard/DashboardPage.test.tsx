import { useMutation } from '@tanstack/react-query';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '@/api/client';
import { DashboardPage } from '@/features/dashboard/DashboardPage';
import { aDashboard, aDay, aDistribution, aTaskStatistics, aTrend } from '@/features/dashboard/analytics-fixtures';
import { presetRange } from '@/features/dashboard/date-range';
import { formatHours } from '@/features/dashboard/format';
import { mockApi, type MockRequest } from '@/test/api-mock';
import { aUser, anErrorEnvelope, jsonResponse } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { LocationProbe, signedInQueryClient } from '@/test/session';

const user = aUser({ timezone: 'UTC' });

function analyticsApi(overrides: Partial<Record<string, (request: MockRequest) => Response>> = {}) {
  return mockApi((request) => {
    const handler = overrides[request.url.pathname];
    if (handler) return handler(request);
    switch (request.url.pathname) {
      case '/api/v1/analytics/dashboard':
        return jsonResponse(aDashboard());
      case '/api/v1/analytics/trend':
        return jsonResponse(aTrend());
      case '/api/v1/analytics/tasks':
        return jsonResponse(aTaskStatistics());
      case '/api/v1/analytics/time-distribution':
        return jsonResponse(aDistribution({ group_by: (request.url.searchParams.get('group_by') as 'project') ?? 'project' }));
    }
    return undefined;
  });
}

function renderDashboard(route = '/') {
  return renderWithProviders(
    <>
      <DashboardPage />
      <LocationProbe />
    </>,
    { route, queryClient: signedInQueryClient(user) },
  );
}

/** Any change made elsewhere on the page, e.g. stopping the floating timer. */
function SomeChange() {
  const change = useMutation({ mutationFn: async () => 'ok' });
  return (
    <button type="button" onClick={() => change.mutate()}>
      Change something
    </button>
  );
}

function metric(name: string) {
  return screen.getByRole('group', { name });
}

// "This week" is counted from the clock: pin it to a Sunday (in the user's zone, UTC), so
// the default range is a whole week (Monday 9 to Sunday 15 March) on any day and in any zone.
const SUNDAY = new Date('2026-03-15T12:00:00.000Z');

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(SUNDAY);
});

afterEach(() => {
  vi.useRealTimers();
  sessionStore.signOut(null);
});

// Rendering the whole page (and its lazy chart chunk) is slow on a busy machine: a roomier timeout.
describe('DashboardPage', { timeout: 20_000 }, () => {
  it('shows the range’s figures as text, with the change against the previous period', async () => {
    analyticsApi();
    renderDashboard();

    expect(await screen.findByText('3.50 h', { selector: '.metric-value' })).toBeInTheDocument();
    expect(metric('Hours tracked')).toHaveTextContent('3.50 h');
    expect(metric('Hours tracked')).toHaveTextContent('+75.00% vs previous 7 days');
    expect(metric('Tasks completed')).toHaveTextContent('3');
    expect(metric('Tasks completed')).toHaveTextContent('+200.00%');
    expect(metric('In progress')).toHaveTextContent('2Now, with 4 to do');
    expect(metric('On-time rate')).toHaveTextContent('66.67%2 of 3 with a due date');
    expect(metric('Average completion time')).toHaveTextContent('26.25 h');
    // The previous score was 0: no ratio, a dash (and words for screen readers).
    expect(metric('Productivity score')).toHaveTextContent('61.67 / 100');
    expect(metric('Productivity score')).toHaveTextContent('— (nothing to compare with) vs previous 7 days');
  });

  it('asks for the range in the URL and updates the figures when the range changes', async () => {
    const { calls } = analyticsApi({
      '/api/v1/analytics/dashboard': (request) =>
        jsonResponse(
          request.url.searchParams.get('start') === presetRange('last-30-days', 'UTC').start
            ? aDashboard({ total_time_tracked_hours: 4.75, total_time_tracked_seconds: 17_100 })
            : aDashboard(),
        ),
    });
    const clicks = userEvent.setup();
    renderDashboard();
    await waitFor(() => expect(metric('Hours tracked')).toHaveTextContent('3.50 h'));
    const week = presetRange('this-week', 'UTC');
    expect(calls.find((call) => call.url.pathname === '/api/v1/analytics/dashboard')?.url.search).toBe(`?start=${week.start}&end=${week.end}`);

    await clicks.selectOptions(screen.getByLabelText('Range'), 'Last 30 days');
    expect(screen.getByTestId('location')).toHaveTextContent('/?range=last-30-days');
    await waitFor(() => expect(metric('Hours tracked')).toHaveTextContent('4.75 h'));
  });

  it('takes a custom range only once it is valid', async () => {
    analyticsApi();
    const clicks = userEvent.setup();
    renderDashboard();
    await screen.findByText('3.50 h', { selector: '.metric-value' });

    await clicks.selectOptions(screen.getByLabelText('Range'), 'Custom range');
    // A date input's value as the browser's picker sets it (Playwright types into the real one).
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-02-10' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-02-01' } });
    await clicks.click(screen.getByRole('button', { name: 'Apply' }));
    expect(screen.getByRole('alert')).toHaveTextContent('The last day can’t be before the first day.');
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/$/);

    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-02-20' } });
    await clicks.click(screen.getByRole('button', { name: 'Apply' }));
    expect(screen.getByTestId('location')).toHaveTextContent('/?range=custom&start=2026-02-10&end=2026-02-20');
    expect(screen.getByLabelText('Range')).toHaveValue('custom');
  });

  // The legend is part of the lazily loaded chart chunk, whose first import is slow in jsdom.
  it('shows each chart as a table of the same numbers', async () => {
    analyticsApi();
    const clicks = userEvent.setup();
    renderDashboard();

    const where = await screen.findByRole('region', { name: 'Where your time went' });
    const legend = await within(where).findByRole('list', { name: 'Time by project' }, { timeout: 20_000 });
    const legendNumbers = within(legend)
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(legendNumbers).toEqual(['Billing Platform2.50 h · 71.43%', 'No project1.00 h · 28.57%']);

    const toggle = within(where).getByRole('button', { name: 'Show as table' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await clicks.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    const table = within(where).getByRole('table', { name: /Where your time went by project/ });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => Array.from(row.children, (cell) => cell.textContent));
    expect(rows).toEqual([
      ['Billing Platform', '2.50 h', '71.43%'],
      ['No project', '1.00 h', '28.57%'],
      ['Total tracked', '3.50 h', '100.00%'],
    ]);

    const daily = screen.getByRole('region', { name: 'Hours per day' });
    await clicks.click(within(daily).getByRole('button', { name: 'Show as table' }));
    const dailyRows = within(within(daily).getByRole('table')).getAllByRole('row').slice(1);
    expect(dailyRows.map((row) => row.lastElementChild?.textContent)).toEqual([...aDashboard().daily_breakdown.map((day) => formatHours(day.time_tracked_hours)), '3.50 h']);
    expect(dailyRows.map((row) => row.querySelector('time')?.getAttribute('datetime') ?? row.firstElementChild?.textContent)).toEqual([
      '2026-03-09',
      '2026-03-10',
      '2026-03-11',
      'Total',
    ]);
    // And back to the chart.
    await clicks.click(within(daily).getByRole('button', { name: 'Show as table' }));
    expect(within(daily).queryByRole('table')).not.toBeInTheDocument();
  });

  it('switches the distribution between project, task and tag', async () => {
    const { calls } = analyticsApi();
    const clicks = userEvent.setup();
    renderDashboard();
    const where = await screen.findByRole('region', { name: 'Where your time went' });
    await clicks.click(within(where).getByRole('radio', { name: 'Tag' }));
    expect(screen.getByTestId('location')).toHaveTextContent('/?by=tag');
    await waitFor(() => expect(calls.some((call) => call.url.searchParams.get('group_by') === 'tag')).toBe(true));
    expect(within(where).getByText(/shares can add up to more than 100%/)).toBeInTheDocument();
  });

  it('says how to start when there is nothing to show', async () => {
    const zeroDays = [aDay('2026-03-09', 0), aDay('2026-03-10', 0)];
    analyticsApi({
      '/api/v1/analytics/dashboard': () =>
        jsonResponse(
          aDashboard({
            total_tasks_completed: 0,
            total_tasks_in_progress: 0,
            total_tasks_todo: 0,
            total_time_tracked_hours: 0,
            total_time_tracked_seconds: 0,
            tasks_completed_on_time: 0,
            tasks_completed_late: 0,
            average_task_completion_time_hours: 0,
            productivity_score: 0,
            daily_breakdown: zeroDays,
          }),
        ),
      '/api/v1/analytics/trend': () =>
        jsonResponse(
          aTrend({
            tasks_completed: 0,
            time_tracked_hours: 0,
            time_tracked_seconds: 0,
            productivity_score: 0,
            comparison_previous_period: { tasks_completed: null, time_tracked_hours: null, productivity_score: null },
            previous_period: { period_start: '2026-03-07', period_end: '2026-03-08', tasks_completed: 0, time_tracked_hours: 0, time_tracked_seconds: 0, productivity_score: 0 },
            daily_breakdown: zeroDays,
            previous_daily_breakdown: zeroDays,
          }),
        ),
      '/api/v1/analytics/tasks': () =>
        jsonResponse(aTaskStatistics({ total_tasks: 0, by_status: { todo: 0, in_progress: 0, done: 0, archived: 0 }, by_priority: { low: 0, medium: 0, high: 0, urgent: 0 } })),
    });
    renderDashboard();

    expect(await screen.findByRole('heading', { name: 'No time tracked yet' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Start a timer' })).toHaveAttribute('href', '/time');
    expect(screen.getByRole('link', { name: 'Add tasks' })).toHaveAttribute('href', '/tasks');
    expect(metric('Hours tracked')).toHaveTextContent('0.00 h');
    expect(metric('Average completion time')).toHaveTextContent('—');
    expect(screen.queryByRole('region', { name: 'Hours per day' })).not.toBeInTheDocument();
  });

  it('refetches the figures after a change made while the page is open', async () => {
    let hours = 3.5;
    const { calls } = analyticsApi({ '/api/v1/analytics/dashboard': () => jsonResponse(aDashboard({ total_time_tracked_hours: hours })) });
    const clicks = userEvent.setup();
    renderWithProviders(
      <>
        <DashboardPage />
        <SomeChange />
      </>,
      { queryClient: signedInQueryClient(user) },
    );
    await waitFor(() => expect(metric('Hours tracked')).toHaveTextContent('3.50 h'));

    hours = 4;
    await clicks.click(screen.getByRole('button', { name: 'Change something' }));
    await waitFor(() => expect(metric('Hours tracked')).toHaveTextContent('4.00 h'));
    expect(calls.filter((call) => call.url.pathname === '/api/v1/analytics/dashboard')).toHaveLength(2);
  });

  it('says what went wrong when the figures can’t load', async () => {
    analyticsApi({ '/api/v1/analytics/dashboard': () => jsonResponse(anErrorEnvelope('INTERNAL_ERROR', 'boom'), 500) });
    renderDashboard();
    expect(await screen.findByText(/Couldn’t load your figures/)).toBeInTheDocument();
  });
});
