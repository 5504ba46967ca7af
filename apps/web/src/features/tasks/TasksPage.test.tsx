import type { TaskResponse } from '@stint/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionStore } from '@/api/client';
import { TasksPage } from '@/features/tasks/TasksPage';
import { deferred, mockApi, type MockRequest } from '@/test/api-mock';
import { aPage, aProject, aTask, anErrorEnvelope, jsonResponse } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { LocationProbe, signedInQueryClient } from '@/test/session';

const project = aProject();

/** Answers the projects lookup and the tasks list; `tasks` decides the list per request. */
function mockTasksApi(
  tasks: (request: MockRequest) => Response | Promise<Response> = () => jsonResponse(aPage([aTask()])),
  extra?: (request: MockRequest) => Response | Promise<Response> | undefined,
) {
  return mockApi((request) => {
    if (request.url.pathname === '/api/v1/projects') return jsonResponse(aPage([project]));
    if (request.url.pathname === '/api/v1/tasks' && request.method === 'GET') return tasks(request);
    return extra?.(request);
  });
}

function renderTasksPage(route = '/tasks') {
  return renderWithProviders(
    <>
      <Routes>
        <Route path="/tasks" element={<TasksPage />} />
      </Routes>
      <LocationProbe />
    </>,
    { route, queryClient: signedInQueryClient() },
  );
}

const location = () => screen.getByTestId('location').textContent ?? '';
const taskListRequests = (calls: MockRequest[]) => calls.filter((call) => call.url.pathname === '/api/v1/tasks' && call.method === 'GET');

afterEach(() => {
  sessionStore.signOut(null);
});

describe('TasksPage: filters, sort and page live in the URL', () => {
  it('reads them from the URL, asks the API for exactly that, and shows them as chosen', async () => {
    const { calls } = mockTasksApi(() => jsonResponse(aPage([aTask()], { page: 2, total: 21 })));
    renderTasksPage('/tasks?status=done&priority=high&tag=api&sort=due_date&order=asc&page=2');

    expect(await screen.findByRole('link', { name: 'Fix the invoice rounding' })).toHaveAttribute('href', `/tasks/${aTask().id}`);
    const sent = taskListRequests(calls)[0].url.searchParams;
    expect(Object.fromEntries(sent)).toEqual({ status: 'done', priority: 'high', tag: 'api', sort: 'due_date', order: 'asc', page: '2', per_page: '20' });

    expect(screen.getByRole('checkbox', { name: 'Done' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'To do' })).not.toBeChecked();
    expect(screen.getByLabelText('Priority')).toHaveValue('high');
    expect(screen.getByRole('button', { name: 'Remove api' })).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: /Due date/ })).toHaveAttribute('aria-sort', 'ascending');
    expect(screen.getByRole('columnheader', { name: /Created/ })).not.toHaveAttribute('aria-sort');
    expect(screen.getByText('Showing 21–21 of 21 tasks')).toBeInTheDocument();
    expect(screen.getByRole('cell', { name: 'BP-12' })).toBeInTheDocument();
  });

  it('writes sort, filter and page changes to the URL; a new sort or filter starts again at page 1', async () => {
    mockTasksApi((request) => jsonResponse(aPage([aTask()], { page: Number(request.url.searchParams.get('page') ?? 1), total: 45 })));
    const user = userEvent.setup();
    renderTasksPage('/tasks?page=2');
    await screen.findByRole('link', { name: 'Fix the invoice rounding' });
    expect(screen.getByRole('columnheader', { name: /Created/ })).toHaveAttribute('aria-sort', 'descending');

    await user.click(screen.getByRole('button', { name: /Priority/ }));
    expect(location()).toBe('/tasks?sort=priority&order=desc');
    expect(screen.getByRole('columnheader', { name: /Priority/ })).toHaveAttribute('aria-sort', 'descending');

    await user.click(screen.getByRole('button', { name: /Priority/ }));
    expect(location()).toBe('/tasks?sort=priority&order=asc');

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(location()).toBe('/tasks?sort=priority&order=asc&page=2');

    await user.click(screen.getByRole('checkbox', { name: 'In progress' }));
    expect(location()).toBe('/tasks?status=in_progress&sort=priority&order=asc');

    await user.selectOptions(screen.getByLabelText('Project'), 'No project');
    expect(location()).toBe('/tasks?status=in_progress&project=none&sort=priority&order=asc');
  });

  it('searches once typing pauses, not on every key', async () => {
    const { calls } = mockTasksApi();
    const user = userEvent.setup();
    renderTasksPage();
    await screen.findByRole('link', { name: 'Fix the invoice rounding' });

    await user.type(screen.getByRole('searchbox', { name: 'Search tasks' }), 'invoice');

    await waitFor(() => expect(location()).toBe('/tasks?q=invoice'));
    await waitFor(() => expect(taskListRequests(calls).at(-1)?.url.searchParams.get('q')).toBe('invoice'));
    expect(taskListRequests(calls).map((call) => call.url.searchParams.get('q'))).toEqual([null, 'invoice']);
  });
});

describe('TasksPage: empty states', () => {
  it('invites to create the first task when there are none', async () => {
    mockTasksApi(() => jsonResponse(aPage<TaskResponse>([])));
    renderTasksPage();
    expect(await screen.findByText('No tasks yet')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'New task' })).toHaveLength(2);
  });

  it('offers to clear the filters when they match nothing', async () => {
    mockTasksApi((request) => jsonResponse(aPage(request.url.searchParams.has('status') ? [] : [aTask()])));
    const user = userEvent.setup();
    renderTasksPage('/tasks?status=archived&sort=priority');

    const empty = (await screen.findByText('No tasks match these filters')).closest('.empty-state') as HTMLElement;
    await user.click(within(empty).getByRole('button', { name: 'Clear filters' }));

    // The chosen sort stays; the filters go.
    expect(location()).toBe('/tasks?sort=priority');
    expect(await screen.findByRole('link', { name: 'Fix the invoice rounding' })).toBeInTheDocument();
  });
});

describe('TasksPage: quick status change', () => {
  it('shows the new status at once and puts the old one back when the server refuses', async () => {
    const answer = deferred<Response>();
    // Only the first list request is answered, so what shows after the failure is the rollback, not a refetch.
    let listed = 0;
    const { calls } = mockTasksApi(
      () => (listed++ === 0 ? jsonResponse(aPage([aTask()])) : new Promise<Response>(() => undefined)),
      (request) => (request.url.pathname.endsWith('/status') ? answer.promise : undefined),
    );
    const user = userEvent.setup();
    renderTasksPage();

    const status = await screen.findByRole('combobox', { name: 'Status of BP-12 Fix the invoice rounding' });
    await user.selectOptions(status, 'Done');

    expect(status).toHaveValue('done');
    const patch = calls.find((call) => call.method === 'PATCH');
    expect(patch?.url.pathname).toBe(`/api/v1/tasks/${aTask().id}/status`);
    expect(patch?.body).toEqual({ status: 'done' });

    answer.resolve(jsonResponse(anErrorEnvelope('INTERNAL_ERROR', 'An unexpected error occurred'), 500));

    expect(await screen.findByRole('alert')).toHaveTextContent("Couldn't change the status of BP-12 Fix the invoice rounding: The server ran into a problem");
    expect(screen.getByRole('combobox', { name: 'Status of BP-12 Fix the invoice rounding' })).toHaveValue('todo');
  });
});

describe('TasksPage: the n shortcut', () => {
  it('opens "New task" with focus in the title; typing there is just typing; Escape closes it', async () => {
    mockTasksApi();
    const user = userEvent.setup();
    renderTasksPage();
    await screen.findByRole('link', { name: 'Fix the invoice rounding' });

    await user.keyboard('n');

    const dialog = screen.getByRole('dialog', { name: 'New task' });
    expect(within(dialog).getByLabelText('Title')).toHaveFocus();
    // Typing "n" in the dialog is just typing.
    await user.keyboard('n');
    expect(within(dialog).getByLabelText('Title')).toHaveValue('n');

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('does nothing while the user types in a field; the button still works and gets focus back', async () => {
    mockTasksApi();
    const user = userEvent.setup();
    renderTasksPage();
    await screen.findByRole('link', { name: 'Fix the invoice rounding' });

    await user.type(screen.getByRole('searchbox', { name: 'Search tasks' }), 'n');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    const button = screen.getAllByRole('button', { name: 'New task' })[0];
    await user.click(button);
    expect(screen.getByRole('dialog', { name: 'New task' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });
});
