import type { AuditLogEntryResponse } from '@stint/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionStore } from '@/api/client';
import { AuditLogPage } from '@/features/admin/AuditLogPage';
import { deferred, mockApi, type MockRequest } from '@/test/api-mock';
import { aPage, aUser, anErrorEnvelope, jsonResponse } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { LocationProbe, signedInQueryClient } from '@/test/session';

const admin = aUser({ role: 'admin', timezone: 'Europe/Berlin' });
const grace = aUser({ id: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d', full_name: 'Grace Hopper', email: 'grace@example.com' });

function anEvent(overrides: Partial<AuditLogEntryResponse> = {}): AuditLogEntryResponse {
  return {
    id: 'e0000000-0000-4000-8000-000000000001',
    occurred_at: '2026-03-10T08:05:00.000Z',
    action: 'user.role_changed',
    actor_user_id: admin.id,
    actor: { id: admin.id, email: admin.email, full_name: admin.full_name },
    subject_type: 'user',
    subject_id: grace.id,
    ip: '203.0.113.7',
    user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
    request_id: 'req-7f3a9c',
    details: { from: 'member', to: 'admin' },
    ...overrides,
  };
}

const anonymousFailure = anEvent({
  id: 'e0000000-0000-4000-8000-000000000002',
  occurred_at: '2026-03-10T07:00:00.000Z',
  action: 'auth.login_failed',
  actor_user_id: null,
  actor: null,
  subject_type: null,
  subject_id: null,
  details: { reason: 'unknown_email', email_digest: '292a9157fea84e26d45fc1f59a0ef230' },
});

const backgroundEvent = anEvent({
  id: 'e0000000-0000-4000-8000-000000000003',
  occurred_at: '2026-03-09T23:30:00.000Z',
  action: 'budget.lock_changed',
  subject_type: 'budget',
  subject_id: 'b0000000-0000-4000-8000-000000000009',
  ip: null,
  user_agent: null,
  request_id: null,
  details: { from: false, to: true },
});

function mockAuditApi(events: (request: MockRequest) => Response | Promise<Response> = () => jsonResponse(aPage([anEvent(), anonymousFailure, backgroundEvent]))) {
  return mockApi((request) => {
    if (request.url.pathname === '/api/v1/users') return jsonResponse(aPage([admin, grace]));
    if (request.url.pathname === '/api/v1/audit-log') return events(request);
    return undefined;
  });
}

function renderAuditLog(route = '/admin/audit') {
  return renderWithProviders(
    <>
      <Routes>
        <Route path="/admin/audit" element={<AuditLogPage />} />
      </Routes>
      <LocationProbe />
    </>,
    { route, queryClient: signedInQueryClient(admin) },
  );
}

const location = () => screen.getByTestId('location').textContent ?? '';
/** The table is on screen with its skeleton while loading; the pagination summary comes with the rows. */
const rowsShown = () => screen.findByText(/^Showing \d/);
const auditRequests = (calls: MockRequest[]) => calls.filter((call) => call.url.pathname === '/api/v1/audit-log');
const lastAuditQuery = (calls: MockRequest[]) => auditRequests(calls).at(-1)!.url.searchParams;

afterEach(() => {
  sessionStore.signOut(null);
});

describe('AuditLogPage', () => {
  it('shows when (in the viewer’s time zone), who, the action in words, the subject, from where and the request id', async () => {
    mockAuditApi();
    renderAuditLog();
    await rowsShown();
    const table = screen.getByRole('table', { name: /Audit log events/ });
    const [, roleChange, failure, background] = within(table).getAllByRole('row');

    const cells = within(roleChange).getAllByRole('cell');
    // 08:05 UTC is 09:05 in Berlin (CET) on 10 March.
    expect(within(cells[0]).getByText(/9:05/)).toHaveAttribute('datetime', '2026-03-10T08:05:00.000Z');
    expect(cells[1]).toHaveTextContent(`${admin.full_name}${admin.email}`);
    expect(within(roleChange).getByRole('rowheader')).toHaveTextContent('Role changedmember → admin');
    expect(cells[2]).toHaveTextContent(`User${grace.id}`);
    expect(cells[3]).toHaveTextContent('203.0.113.7Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0');
    expect(cells[4]).toHaveTextContent('req-7f3a9c');

    expect(within(failure).getByRole('rowheader')).toHaveTextContent('Sign-in failedno account with that email');
    expect(within(failure).getAllByRole('cell')[1]).toHaveTextContent('Anonymous');
    expect(failure).not.toHaveTextContent('292a9157');

    expect(within(background).getByRole('rowheader')).toHaveTextContent('Budget lock changedhard cap on');
    expect(within(background).getAllByRole('cell')[3]).toHaveTextContent('Background job');
    expect(screen.getByText('Showing 1–3 of 3 events')).toBeInTheDocument();
  });

  it('reads the filters from the URL and sends the date range as the viewer’s whole days', async () => {
    const { calls } = mockAuditApi();
    renderAuditLog(`/admin/audit?action=auth.login_failed&user=${grace.id}&from=2026-03-01&to=2026-03-31&page=2&per_page=50`);
    await rowsShown();
    // Berlin is UTC+1 on 1 March and UTC+2 after the change on 29 March: "to" ends at the next local midnight.
    expect(Object.fromEntries(lastAuditQuery(calls))).toEqual({
      page: '2',
      per_page: '50',
      action: 'auth.login_failed',
      actor_user_id: grace.id,
      from: '2026-02-28T23:00:00.000Z',
      to: '2026-03-31T22:00:00.000Z',
    });
    expect(screen.getByLabelText('Action')).toHaveValue('auth.login_failed');
    await waitFor(() => expect(screen.getByLabelText('User')).toHaveValue(grace.id));
    expect(screen.getByLabelText('From')).toHaveValue('2026-03-01');
    expect(screen.getByLabelText('To')).toHaveValue('2026-03-31');
  });

  it('writes filter and page changes to the URL, starting again at page 1 on a new filter', async () => {
    const { calls } = mockAuditApi((request) => jsonResponse(aPage([anEvent()], { page: Number(request.url.searchParams.get('page') ?? 1), total: 45 })));
    const user = userEvent.setup();
    renderAuditLog();
    await rowsShown();

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(location()).toBe('/admin/audit?page=2');
    await waitFor(() => expect(lastAuditQuery(calls).get('page')).toBe('2'));

    await user.selectOptions(screen.getByLabelText('Action'), 'Role changed');
    expect(location()).toBe('/admin/audit?action=user.role_changed');
    await user.selectOptions(screen.getByLabelText('User'), 'Grace Hopper (grace@example.com)');
    expect(location()).toBe(`/admin/audit?action=user.role_changed&user=${grace.id}`);
    await waitFor(() => expect(lastAuditQuery(calls).get('actor_user_id')).toBe(grace.id));
    expect(lastAuditQuery(calls).get('page')).toBe('1');

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(location()).toBe('/admin/audit');
  });

  it('flags a "to" before "from" and leaves the range out of the request until it is fixed', async () => {
    const { calls } = mockAuditApi();
    renderAuditLog('/admin/audit?from=2026-03-10&to=2026-03-01');
    await rowsShown();
    expect(screen.getByLabelText('To')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('To')).toHaveAccessibleDescription(/must be on or after/);
    expect(lastAuditQuery(calls).has('from')).toBe(false);
    expect(lastAuditQuery(calls).has('to')).toBe(false);
  });

  it('shows a loading skeleton, then the rows', async () => {
    const held = deferred<Response>();
    mockAuditApi(() => held.promise);
    renderAuditLog();
    expect(await screen.findByText('Loading the audit log…')).toBeInTheDocument();
    held.resolve(jsonResponse(aPage([anEvent()])));
    expect(await screen.findByRole('rowheader', { name: /Role changed/ })).toBeInTheDocument();
    expect(screen.queryByText('Loading the audit log…')).not.toBeInTheDocument();
  });

  it('says when there are no events at all, and when the filters match none', async () => {
    mockAuditApi(() => jsonResponse(aPage([])));
    const first = renderAuditLog();
    expect(await screen.findByText('No events yet')).toBeInTheDocument();
    first.unmount();
    renderAuditLog('/admin/audit?action=privacy.export');
    expect(await screen.findByText('No events match these filters')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Clear filters' })).toBeInTheDocument();
  });

  it('explains a failure and retries on request', async () => {
    let attempts = 0;
    mockAuditApi(() => {
      attempts += 1;
      return attempts === 1 ? jsonResponse(anErrorEnvelope('AUTHORIZATION_ERROR', 'Admins only'), 403) : jsonResponse(aPage([anEvent()]));
    });
    const user = userEvent.setup();
    renderAuditLog();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/Couldn’t load the audit log/);
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('rowheader', { name: /Role changed/ })).toBeInTheDocument();
  });

  it('can be used with the keyboard alone: filters, then the scrollable table, then the pages', async () => {
    const { calls } = mockAuditApi((request) => jsonResponse(aPage([anEvent()], { page: Number(request.url.searchParams.get('page') ?? 1), total: 45 })));
    const user = userEvent.setup();
    renderAuditLog('/admin/audit?action=auth.login');
    await rowsShown();

    await user.tab();
    expect(screen.getByLabelText('Action')).toHaveFocus();
    await user.tab();
    expect(screen.getByLabelText('User')).toHaveFocus();
    await user.tab();
    expect(screen.getByLabelText('From')).toHaveFocus();
    await user.tab();
    expect(screen.getByLabelText('To')).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Clear filters' })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('region', { name: 'Audit log events' })).toHaveFocus();
    await user.tab();
    expect(screen.getByLabelText('Per page')).toHaveFocus();
    // "Previous" is disabled on the first page, so it is skipped.
    await user.tab();
    expect(screen.getByRole('button', { name: 'Next page' })).toHaveFocus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(lastAuditQuery(calls).get('page')).toBe('2'));
    expect(location()).toBe('/admin/audit?action=auth.login&page=2');
  });
});
