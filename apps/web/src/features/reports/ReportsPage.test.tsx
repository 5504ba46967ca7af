import { routes } from '@stint/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, sessionStore } from '@/api/client';
import { aReport, someFigures } from '@/features/dashboard/analytics-fixtures';
import { ReportsPage } from '@/features/reports/ReportsPage';
import { mockApi } from '@/test/api-mock';
import { aPage, aProject, aUser, anErrorEnvelope, jsonResponse } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { LocationProbe, signedInQueryClient } from '@/test/session';

const member = aUser({ role: 'member', timezone: 'UTC' });
const admin = aUser({ id: 'a-1', role: 'admin', full_name: 'Ada Admin', timezone: 'UTC' });
const project = aProject();

function reportsApi(report = aReport(), csv?: () => Response) {
  return mockApi((request) => {
    const path = request.url.pathname;
    if (csv && request.url.searchParams.get('format') === 'csv') return csv();
    if (path === '/api/v1/projects') return jsonResponse(aPage([project]));
    if (path === '/api/v1/users') return jsonResponse(aPage([admin, aUser({ id: 'u-2', full_name: 'Grace Hopper' })]));
    if (path.startsWith('/api/v1/reports/')) return jsonResponse(report);
    return undefined;
  });
}

function renderReports(route = '/reports', user = member) {
  return renderWithProviders(
    <>
      <ReportsPage />
      <LocationProbe />
    </>,
    { route, queryClient: signedInQueryClient(user) },
  );
}

function tableRows(section: HTMLElement) {
  return within(within(section).getByRole('table'))
    .getAllByRole('row')
    .map((row) => Array.from(row.children, (cell) => cell.textContent));
}

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

beforeEach(() => {
  // The default range ("this month") is counted from the clock: Wednesday 11 March 2026.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-11T12:00:00.000Z'));
  createObjectURL = vi.fn(() => 'blob:stint-test');
  Object.defineProperty(URL, 'createObjectURL', { value: createObjectURL, configurable: true, writable: true });
  Object.defineProperty(URL, 'revokeObjectURL', { value: vi.fn(), configurable: true, writable: true });
});

afterEach(() => {
  vi.useRealTimers();
  sessionStore.signOut(null);
});

describe('ReportsPage', { timeout: 15_000 }, () => {
  it('shows the first project’s report by day, task and user with totals, hours only for members', async () => {
    const { calls } = reportsApi();
    renderReports();

    const byDay = (await screen.findByRole('heading', { name: 'By day' })).closest('section') as HTMLElement;
    expect(tableRows(byDay)).toEqual([
      ['Day', 'Entries', 'Hours', 'Billable', 'Non-billable'],
      ['Mar 9, 2026', '1', '2.50 h', '2.50 h', '0.00 h'],
      ['Mar 10, 2026', '1', '1.00 h', '0.00 h', '1.00 h'],
      ['Total', '2', '3.50 h', '2.50 h', '1.00 h'],
    ]);
    const byTask = screen.getByRole('heading', { name: 'By task' }).closest('section') as HTMLElement;
    expect(tableRows(byTask).slice(1)).toEqual([
      ['BP-1 Invoice rounding', '1', '2.50 h', '2.50 h', '0.00 h'],
      ['No task', '1', '1.00 h', '0.00 h', '1.00 h'],
      ['Total', '2', '3.50 h', '2.50 h', '1.00 h'],
    ]);
    expect(screen.getByRole('heading', { name: 'By user' })).toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: 'Cost' })).not.toBeInTheDocument();
    const reportCall = calls.find((call) => call.url.pathname.startsWith('/api/v1/reports/'));
    expect(reportCall?.url.pathname).toBe(`/api/v1/reports/projects/${project.id}`);
    expect([reportCall?.url.searchParams.get('start'), reportCall?.url.searchParams.get('end')]).toEqual(['2026-03-01', '2026-03-11']);
  });

  it('gives members only their own user report, without asking for the users list', async () => {
    const { calls } = reportsApi(aReport({ subject: { type: 'user', id: member.id, name: member.full_name } }));
    const clicks = userEvent.setup();
    renderReports();
    await screen.findByRole('heading', { name: 'By day' });

    await clicks.click(screen.getByRole('tab', { name: 'User report' }));
    expect(screen.getByRole('tab', { name: 'User report' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByTestId('location')).toHaveTextContent('/reports?tab=user');
    const picker = screen.getByLabelText('User');
    expect(
      within(picker)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Ada Lovelace (you)']);
    await waitFor(() => expect(calls.some((call) => call.url.pathname === `/api/v1/reports/users/${member.id}`)).toBe(true));
    expect(await screen.findByRole('heading', { name: 'By project' })).toBeInTheDocument();
    expect(calls.some((call) => call.url.pathname === '/api/v1/users')).toBe(false);
  });

  it('shows money columns when the API sends money (admins)', async () => {
    const cost = (amount: string, billable: string) => [
      { currency: 'EUR', amount, amount_exact: `${amount}00`, billable_amount: billable, billable_amount_exact: `${billable}00` },
    ];
    const report = aReport({
      money_visible: true,
      totals: someFigures(12_600, 9_000, { entries: 2, cost: cost('175.00', '125.00') }),
      by_day: [
        { date: '2026-03-09', ...someFigures(9_000, 9_000, { cost: cost('125.00', '125.00') }) },
        { date: '2026-03-10', ...someFigures(3_600, 0, { cost: cost('50.00', '0.00') }) },
      ],
    });
    reportsApi(report);
    renderReports('/reports', admin);
    const byDay = (await screen.findByRole('heading', { name: 'By day' })).closest('section') as HTMLElement;
    expect(tableRows(byDay)).toEqual([
      ['Day', 'Entries', 'Hours', 'Billable', 'Non-billable', 'Cost', 'Billable cost'],
      ['Mar 9, 2026', '1', '2.50 h', '2.50 h', '0.00 h', '€125.00', '€125.00'],
      ['Mar 10, 2026', '1', '1.00 h', '0.00 h', '1.00 h', '€50.00', '€0.00'],
      ['Total', '2', '3.50 h', '2.50 h', '1.00 h', '€175.00', '€125.00'],
    ]);
    expect(within(screen.getByLabelText('Totals')).getByText('€175.00')).toBeInTheDocument();
  });

  it('downloads the CSV through the client’s raw and saves it under the server’s name', async () => {
    reportsApi();
    const raw = vi.spyOn(api, 'raw');
    const saved: { download: string; href: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ download: this.download, href: this.href });
    });
    const clicks = userEvent.setup();
    renderReports('/reports?range=custom&start=2026-03-01&end=2026-03-11');
    await screen.findByRole('heading', { name: 'By day' });

    const csv = 'date,start,end,user,project,task_key,task,description,seconds,hours,billable\r\nTotal,,,,,,,,12600,3.50,\r\n';
    raw.mockResolvedValueOnce(
      new Response(csv, { headers: { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="stint-project-billing-platform-2026-03-01_2026-03-11.csv"' } }),
    );
    await clicks.click(screen.getByRole('button', { name: 'Download CSV' }));

    await waitFor(() => expect(saved).toEqual([{ download: 'stint-project-billing-platform-2026-03-01_2026-03-11.csv', href: 'blob:stint-test' }]));
    expect(raw).toHaveBeenLastCalledWith(
      routes.reports.project,
      expect.objectContaining({ params: { id: project.id }, query: { start: '2026-03-01', end: '2026-03-11', format: 'csv' } }),
    );
    expect(await readBlob(createObjectURL.mock.calls[0][0] as Blob)).toBe(csv);
    expect(screen.getByText('Downloaded stint-project-billing-platform-2026-03-01_2026-03-11.csv.')).toBeInTheDocument();
  });

  it('shows a failed download in an alert', async () => {
    reportsApi(aReport(), () => jsonResponse(anErrorEnvelope('VALIDATION_ERROR', 'The range may span at most 366 days'), 422));
    const clicks = userEvent.setup();
    renderReports();
    await screen.findByRole('heading', { name: 'By day' });

    await clicks.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Couldn’t download the CSV. The range may span at most 366 days');
    expect(screen.getByRole('button', { name: 'Download CSV' })).toBeEnabled();
  });

  it('says so when nothing was tracked in the range', async () => {
    reportsApi(aReport({ totals: someFigures(0, 0, { entries: 0 }), by_day: [], by_task: [], by_user: [] }));
    renderReports();
    expect(await screen.findByText('No time in this range')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Download CSV' })).not.toBeInTheDocument();
  });
});
