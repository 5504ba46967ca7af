import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionStore } from '@/api/client';
import { StartTimerButton } from '@/components/StartTimerButton';
import { toastStore } from '@/components/toast-store';
import { Toaster } from '@/components/Toaster';
import { mockApi } from '@/test/api-mock';
import { aTask, aTimerActionResponse, aTimerStatus, aTimerView, jsonResponse } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { signedInQueryClient } from '@/test/session';

afterEach(() => {
  sessionStore.signOut(null);
  toastStore.clear();
});

const other = aTask({ id: 'b0000000-0000-4000-8000-000000000002', key: 'BP-2', title: 'Write the release notes' });

describe('StartTimerButton', () => {
  it('offers to switch while another timer runs, and says what the switch stopped', async () => {
    const running = aTimerView({ task_key: 'BP-1', elapsed_seconds: 1500, cost: '20.83' });
    const started = aTimerActionResponse(aTimerView({ time_log_id: 'new', task_id: other.id, task_key: 'BP-2', elapsed_seconds: 0, cost: '0.00' }), {
      switched_from: { ...running, status: 'stopped', stop_reason: 'switched', end_time: '2026-03-10T10:00:01.000Z' },
    });
    const { calls } = mockApi((request) => {
      if (request.url.pathname === '/api/v1/time-tracking/status') return jsonResponse(aTimerStatus([running]));
      if (request.url.pathname === '/api/v1/time-tracking/start') return jsonResponse(started);
      return undefined;
    });
    renderWithProviders(
      <>
        <StartTimerButton task={other} />
        <Toaster />
      </>,
      { queryClient: signedInQueryClient() },
    );

    const button = await screen.findByRole('button', { name: 'Switch timer for Write the release notes' });
    expect(button).toHaveAttribute('title', 'Stops BP-1 and starts BP-2');
    await userEvent.click(button);

    expect(await screen.findByText('Stopped BP-1 (0:25:00, $20.83) and started BP-2')).toBeInTheDocument();
    expect(calls.find((call) => call.url.pathname === '/api/v1/time-tracking/start')!.body).toEqual({ task_id: other.id });
    // This task's timer now runs: the button gives way to the state.
    expect(await screen.findByText('Timer running')).toBeInTheDocument();
  });

  it('says "Start timer" when nothing runs', async () => {
    mockApi((request) => (request.url.pathname === '/api/v1/time-tracking/status' ? jsonResponse(aTimerStatus([])) : undefined));
    renderWithProviders(<StartTimerButton task={other} />, { queryClient: signedInQueryClient() });
    const button = await screen.findByRole('button', { name: 'Start timer for Write the release notes' });
    // Disabled only until the status says whether this would start or switch.
    await waitFor(() => expect(button).toBeEnabled());
  });
});
