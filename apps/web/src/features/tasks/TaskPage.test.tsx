import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionStore } from '@/api/client';
import { TaskPage } from '@/features/tasks/TaskPage';
import { mockApi } from '@/test/api-mock';
import { aProject, aTask, aUser, anErrorEnvelope, jsonResponse } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { LocationProbe, signedInQueryClient } from '@/test/session';

const task = aTask({
  status: 'done',
  tags: ['backend'],
  estimated_hours: 2.5,
  time_tracked_hours: 0,
  due_date: '2026-03-09T23:00:00.000Z',
  completed_at: '2026-03-12T16:30:00.000Z',
});

function renderTaskPage(user = aUser({ timezone: 'Europe/Berlin' })) {
  return renderWithProviders(
    <>
      <Routes>
        <Route path="/tasks/:id" element={<TaskPage />} />
        <Route path="/projects/:id" element={<h1>Project page</h1>} />
      </Routes>
      <LocationProbe />
    </>,
    { route: `/tasks/${task.id}`, queryClient: signedInQueryClient(user) },
  );
}

const detail = (term: string) => screen.getByText(term, { selector: 'dt' }).nextElementSibling as HTMLElement;

afterEach(() => {
  sessionStore.signOut(null);
});

describe('TaskPage', () => {
  it("shows the task's details in the user's time zone, and its (still empty) time entries", async () => {
    mockApi((request) => {
      if (request.url.pathname === `/api/v1/tasks/${task.id}`) return jsonResponse(task);
      if (request.url.pathname === `/api/v1/projects/${task.project_id}`) return jsonResponse(aProject());
      return undefined;
    });
    renderTaskPage();

    expect(await screen.findByRole('heading', { level: 1, name: 'Fix the invoice rounding' })).toBeInTheDocument();
    expect(screen.getByLabelText('Status')).toHaveValue('done');
    // 23:00 UTC on the 9th is the 10th in Berlin; 16:30 UTC is 17:30 there (formatted in the browser's locale).
    expect(within(detail('Due date')).getByText(/10/)).toHaveAttribute('datetime', task.due_date);
    expect(detail('Completed')).toHaveTextContent(/5:30|17:30/);
    expect(await within(detail('Project')).findByRole('link', { name: 'Billing Platform (BP)' })).toHaveAttribute('href', `/projects/${task.project_id}`);
    expect(within(detail('Tags')).getByRole('link', { name: 'backend' })).toHaveAttribute('href', '/tasks?tag=backend');
    expect(screen.getByText('No time tracked on this task yet')).toBeInTheDocument();
  });

  it('deletes after confirmation and goes to the project', async () => {
    const { calls } = mockApi((request) => {
      if (request.url.pathname === `/api/v1/tasks/${task.id}` && request.method === 'DELETE') return new Response(null, { status: 204 });
      if (request.url.pathname === `/api/v1/tasks/${task.id}`) return jsonResponse(task);
      if (request.url.pathname === `/api/v1/projects/${task.project_id}`) return jsonResponse(aProject());
      return undefined;
    });
    const user = userEvent.setup();
    renderTaskPage();

    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete BP-12?' });
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Delete task' }));

    expect(await screen.findByRole('heading', { name: 'Project page' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(`/projects/${task.project_id}`);
    expect(calls.filter((call) => call.method === 'DELETE')).toHaveLength(1);
    // The deleted task isn't asked for again.
    expect(calls.filter((call) => call.method === 'GET' && call.url.pathname === `/api/v1/tasks/${task.id}`)).toHaveLength(1);
  });

  it("doesn't offer Delete to a project member who didn't create the task", async () => {
    mockApi((request) => (request.url.pathname === `/api/v1/tasks/${task.id}` ? jsonResponse({ ...task, user_id: 'someone-else' }) : undefined));
    renderTaskPage();
    await screen.findByRole('heading', { level: 1 });
    expect(screen.getByRole('button', { name: 'Edit' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();
  });

  it("says the task wasn't found when the API hides it", async () => {
    mockApi(() => jsonResponse(anErrorEnvelope('NOT_FOUND', 'Task not found'), 404));
    renderTaskPage();
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Task not found' })).toBeInTheDocument());
    expect(screen.getByRole('link', { name: 'Go to tasks' })).toHaveAttribute('href', '/tasks');
  });
});
