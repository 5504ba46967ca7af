import { IDEMPOTENCY_KEY_HEADER } from '@stint/contracts';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionStore } from '@/api/client';
import { queryKeys } from '@/api/query-keys';
import { toSnapshot } from '@/api/time-tracking';
import { FloatingTimer } from '@/components/FloatingTimer';
import { toastStore } from '@/components/toast-store';
import { Toaster } from '@/components/Toaster';
import { deferred, mockApi } from '@/test/api-mock';
import { aPage, aTask, aTimerActionResponse, aTimerStatus, aTimerView, jsonResponse } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { signedInQueryClient } from '@/test/session';

function renderTimer() {
  return renderWithProviders(
    <>
      <FloatingTimer />
      <Toaster />
    </>,
    { queryClient: signedInQueryClient() },
  );
}

const widget = () => screen.getByRole('complementary', { name: 'Timer' });

beforeEach(() => localStorage.clear());

afterEach(() => {
  sessionStore.signOut(null);
  toastStore.clear();
});

describe('FloatingTimer', () => {
  it('shows the running task, its elapsed time and cost from the server', async () => {
    mockApi((request) => {
      if (request.url.pathname === '/api/v1/time-tracking/status') return jsonResponse(aTimerStatus([aTimerView({ elapsed_seconds: 1500, cost: '20.83' })]));
      if (request.url.pathname === '/api/v1/time-tracking/heartbeat') return jsonResponse({ success: true, timers: 1, server_time: '2026-03-10T10:00:00.000Z' });
      return undefined;
    });
    renderTimer();

    expect(await within(await screen.findByRole('complementary', { name: 'Timer' })).findByRole('timer')).toHaveTextContent(/^0:25:0\d$/);
    expect(widget()).toHaveTextContent('BP-12');
    expect(widget()).toHaveTextContent('Fix the invoice rounding');
    expect(widget()).toHaveTextContent('Running');
    expect(widget()).toHaveTextContent('$20.8');
    expect(within(widget()).getByRole('link', { name: /BP-12/ })).toHaveAttribute('href', `/tasks/${aTask().id}`);
    expect(within(widget()).getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-keyshortcuts', 'Alt+Shift+P');
  });

  it('Stop asks "Work done?", sends the description and says what was logged', async () => {
    const running = aTimerView({ description: 'Rounding' });
    const stopped = aTimerActionResponse({
      ...running,
      status: 'stopped',
      end_time: '2026-03-10T10:00:00.000Z',
      stop_reason: 'user',
      description: 'Fixed the rounding of invoice totals',
    });
    const { calls, fetchMock } = mockApi((request) => {
      if (request.url.pathname === '/api/v1/time-tracking/status') return jsonResponse(aTimerStatus([running]));
      if (request.url.pathname === '/api/v1/time-tracking/stop') return jsonResponse(stopped);
      if (request.url.pathname === '/api/v1/time-tracking/heartbeat') return jsonResponse({ success: true, timers: 1, server_time: '2026-03-10T10:00:00.000Z' });
      return undefined;
    });
    const user = userEvent.setup();
    renderTimer();

    await user.click(await within(await screen.findByRole('complementary', { name: 'Timer' })).findByRole('button', { name: 'Stop' }));
    const dialog = screen.getByRole('dialog', { name: 'Work done?' });
    const description = within(dialog).getByLabelText('Description');
    expect(description).toHaveFocus();
    expect(description).toHaveValue('Rounding');
    await user.clear(description);
    await user.type(description, '  Fixed the rounding of invoice totals ');
    await user.click(within(dialog).getByRole('button', { name: 'Stop and log' }));

    expect(await screen.findByText('Logged 1:00:00 for $50.00')).toBeInTheDocument();
    expect(screen.getByText('Logged 1:00:00 for $50.00').closest('[aria-live="polite"]')).not.toBeNull();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(within(widget()).getByText('No timer running.')).toBeInTheDocument();

    const stop = calls.find((call) => call.url.pathname === '/api/v1/time-tracking/stop')!;
    expect(stop.method).toBe('POST');
    expect(stop.body).toEqual({ time_log_id: running.time_log_id, description: 'Fixed the rounding of invoice totals' });
    const init = fetchMock.mock.calls.find(([url]) => String(url).endsWith('/time-tracking/stop'))![1];
    expect((init?.headers as Record<string, string> | undefined)?.[IDEMPOTENCY_KEY_HEADER]).toBeTruthy();
  });

  it('still says what was logged when the stream reports the stop before the answer arrives', async () => {
    const running = aTimerView();
    const answer = deferred<Response>();
    mockApi((request) => {
      if (request.url.pathname === '/api/v1/time-tracking/status') return jsonResponse(aTimerStatus([running]));
      if (request.url.pathname === '/api/v1/time-tracking/stop') return answer.promise;
      if (request.url.pathname === '/api/v1/time-tracking/heartbeat') return jsonResponse({ success: true, timers: 1, server_time: '2026-03-10T10:00:00.000Z' });
      return undefined;
    });
    const user = userEvent.setup();
    const { queryClient } = renderTimer();
    await user.click(await within(await screen.findByRole('complementary', { name: 'Timer' })).findByRole('button', { name: 'Stop' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Work done?' })).getByRole('button', { name: 'Stop and log' }));

    // The stream's event: the timer is gone, while the POST is still on its way back.
    act(() => queryClient.setQueryData(queryKeys.timeTracking.status(), toSnapshot(aTimerStatus([], { server_time: '2026-03-10T10:00:02.000Z' }))));
    expect(await within(widget()).findByText('No timer running.')).toBeInTheDocument();
    answer.resolve(jsonResponse(aTimerActionResponse({ ...running, status: 'stopped', end_time: '2026-03-10T10:00:00.000Z', stop_reason: 'user' })));

    expect(await screen.findByText('Logged 1:00:00 for $50.00')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('pauses and resumes with Alt+Shift+P', async () => {
    const running = aTimerView();
    const paused = { ...running, status: 'paused' as const, paused_at: '2026-03-10T10:00:01.000Z' };
    const { calls } = mockApi((request) => {
      const path = request.url.pathname;
      if (path === '/api/v1/time-tracking/status') return jsonResponse(aTimerStatus([running]));
      if (path === '/api/v1/time-tracking/pause') return jsonResponse(aTimerActionResponse(paused));
      if (path === '/api/v1/time-tracking/resume') return jsonResponse(aTimerActionResponse(running, { server_time: '2026-03-10T10:00:02.000Z' }));
      if (path === '/api/v1/time-tracking/heartbeat') return jsonResponse({ success: true, timers: 1, server_time: '2026-03-10T10:00:00.000Z' });
      return undefined;
    });
    const user = userEvent.setup();
    renderTimer();
    await within(await screen.findByRole('complementary', { name: 'Timer' })).findByRole('button', { name: 'Pause' });

    await user.keyboard('{Alt>}{Shift>}P{/Shift}{/Alt}');
    expect(await within(widget()).findByRole('button', { name: 'Resume' })).toBeInTheDocument();
    expect(widget()).toHaveTextContent('Paused');
    await user.keyboard('{Alt>}{Shift>}P{/Shift}{/Alt}');
    expect(await within(widget()).findByRole('button', { name: 'Pause' })).toBeInTheDocument();
    expect(calls.filter((call) => call.method === 'POST').map((call) => call.url.pathname)).toEqual(
      expect.arrayContaining(['/api/v1/time-tracking/pause', '/api/v1/time-tracking/resume']),
    );
  });

  it('starts a timer on a task picked in the dialog', async () => {
    const task = aTask();
    const started = aTimerActionResponse(aTimerView({ elapsed_seconds: 0, cost: '0.00' }));
    const { calls } = mockApi((request) => {
      const path = request.url.pathname;
      if (path === '/api/v1/time-tracking/status') return jsonResponse(aTimerStatus([]));
      if (path === '/api/v1/tasks') return jsonResponse(aPage([task]));
      if (path === '/api/v1/time-tracking/start') return jsonResponse(started);
      if (path === '/api/v1/time-tracking/heartbeat') return jsonResponse({ success: true, timers: 1, server_time: '2026-03-10T10:00:00.000Z' });
      return undefined;
    });
    const user = userEvent.setup();
    renderTimer();

    await user.click(await within(await screen.findByRole('complementary', { name: 'Timer' })).findByRole('button', { name: /Start timer/ }));
    const dialog = screen.getByRole('dialog', { name: 'Start a timer' });
    await user.click(await within(dialog).findByRole('radio', { name: /BP-12 Fix the invoice rounding/ }));
    await user.type(within(dialog).getByLabelText('Description'), 'Invoices');
    await user.click(within(dialog).getByRole('button', { name: 'Start timer' }));

    expect(await screen.findByText('Timer started for BP-12')).toBeInTheDocument();
    expect(calls.find((call) => call.url.pathname === '/api/v1/time-tracking/start')!.body).toEqual({ task_id: task.id, description: 'Invoices' });
    expect(await within(widget()).findByRole('timer')).toHaveTextContent(/^0:00:0\d$/);
  });

  it('minimises to a pill and remembers it; docks to another corner and remembers that', async () => {
    mockApi((request) => (request.url.pathname === '/api/v1/time-tracking/status' ? jsonResponse(aTimerStatus([])) : undefined));
    const user = userEvent.setup();
    const { unmount } = renderTimer();

    await user.click(await within(await screen.findByRole('complementary', { name: 'Timer' })).findByRole('button', { name: 'Move timer to the bottom left corner' }));
    expect(widget()).toHaveClass('ft-dock-bottom-left');
    await user.click(within(widget()).getByRole('button', { name: 'Minimise timer' }));
    expect(within(widget()).getByRole('button', { name: /Show timer/ })).toHaveAttribute('aria-expanded', 'false');
    unmount();

    renderTimer();
    expect(await screen.findByRole('button', { name: /Show timer/ })).toBeInTheDocument();
    expect(widget()).toHaveClass('ft-dock-bottom-left');
  });

  it('says why a timer stopped on its own (the cap)', async () => {
    const status = aTimerStatus([], {
      last_stopped: { time_log_id: 'capped', reason: 'cap', end_time: '2026-03-10T09:00:00.000Z', elapsed_seconds: 86_400, cost: '1200.00', currency: 'USD' },
    });
    mockApi((request) => (request.url.pathname === '/api/v1/time-tracking/status' ? jsonResponse(status) : undefined));
    const user = userEvent.setup();
    renderTimer();

    const notice = await screen.findByText(/stopped automatically after 24 hours/);
    expect(notice).toHaveTextContent('24:00:00 for $1,200.00 was logged');
    await user.click(within(widget()).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByText(/stopped automatically/)).not.toBeInTheDocument());
  });
});
