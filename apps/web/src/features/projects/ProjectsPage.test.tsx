import type { TaskResponse } from '@stint/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionStore } from '@/api/client';
import { ProjectPage } from '@/features/projects/ProjectPage';
import { ProjectsPage } from '@/features/projects/ProjectsPage';
import { mockApi } from '@/test/api-mock';
import { aPage, aProject, aUser, anErrorEnvelope, jsonResponse } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { LocationProbe, signedInQueryClient } from '@/test/session';

const admin = aUser({ role: 'admin', full_name: 'Ada Admin' });
const member = aUser({ role: 'member' });
const project = aProject({ member_count: 1, task_count: 3 });
const grace = aUser({ id: '5f0c1b8e-7d7a-4c55-9f0e-2a7d3c1b9e02', full_name: 'Grace Hopper', email: 'grace@example.com' });

function renderAt(route: string, user = admin) {
  return renderWithProviders(
    <>
      <Routes>
        <Route path="/projects" element={<ProjectsPage />} />
        <Route path="/projects/:id" element={<ProjectPage />} />
      </Routes>
      <LocationProbe />
    </>,
    { route, queryClient: signedInQueryClient(user) },
  );
}

afterEach(() => {
  sessionStore.signOut(null);
});

describe('ProjectsPage', () => {
  it('lists projects with their counts; members get no "New project"', async () => {
    mockApi((request) =>
      request.url.pathname === '/api/v1/projects'
        ? jsonResponse(aPage([project, aProject({ id: 'a2', name: 'Old', key: 'OLD', archived_at: '2026-01-01T00:00:00.000Z' })]))
        : undefined,
    );
    renderAt('/projects', member);

    const row = (await screen.findByRole('link', { name: 'Billing Platform' })).closest('tr') as HTMLElement;
    expect(
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['Billing Platform', 'BP', 'EUR', '1', '3']);
    expect(screen.getByText('Archived')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New project' })).not.toBeInTheDocument();
  });

  it('keeps "include archived" in the URL and asks the API for it', async () => {
    const { calls } = mockApi((request) => (request.url.pathname === '/api/v1/projects' ? jsonResponse(aPage([project])) : undefined));
    const user = userEvent.setup();
    renderAt('/projects');
    await screen.findByRole('link', { name: 'Billing Platform' });

    await user.click(screen.getByRole('checkbox', { name: 'Include archived' }));
    expect(screen.getByTestId('location')).toHaveTextContent('/projects?archived=1');
    await waitFor(() => expect(calls.at(-1)?.url.searchParams.get('include_archived')).toBe('true'));
  });

  it('lets an admin create a project: the key is upper-cased as typed, a taken key shows under it', async () => {
    let attempts = 0;
    const { calls } = mockApi((request) => {
      if (request.url.pathname === '/api/v1/projects' && request.method === 'GET') return jsonResponse(aPage([]));
      if (request.url.pathname === '/api/v1/projects' && request.method === 'POST') {
        attempts += 1;
        return attempts === 1
          ? jsonResponse(anErrorEnvelope('CONFLICT', 'A project with key WEB already exists', { key: ['A project with key WEB already exists'] }), 409)
          : jsonResponse(aProject({ id: 'b1', name: 'Website', key: 'WEBX' }), 201);
      }
      if (request.url.pathname === '/api/v1/projects/b1') return jsonResponse(aProject({ id: 'b1', name: 'Website', key: 'WEBX' }));
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/projects');

    await user.click((await screen.findAllByRole('button', { name: 'New project' }))[0]);
    const dialog = screen.getByRole('dialog', { name: 'New project' });
    await user.type(within(dialog).getByLabelText('Name'), 'Website');
    await user.type(within(dialog).getByLabelText('Key'), 'web');
    expect(within(dialog).getByLabelText('Key')).toHaveValue('WEB');
    await user.type(within(dialog).getByLabelText('Currency'), 'usd');
    await user.click(within(dialog).getByRole('button', { name: 'Create project' }));

    const key = within(dialog).getByLabelText('Key');
    await waitFor(() => expect(key).toHaveAccessibleDescription(/A project with key WEB already exists/));
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ name: 'Website', key: 'WEB', currency: 'USD', description: null, is_billable: true });

    await user.type(key, 'x');
    await user.click(within(dialog).getByRole('button', { name: 'Create project' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/projects/b1'));
  });
});

describe('ProjectPage', () => {
  function mockProjectApi() {
    return mockApi((request) => {
      const path = request.url.pathname;
      if (path === `/api/v1/projects/${project.id}`) return jsonResponse(project);
      if (path === `/api/v1/projects/${project.id}/members` && request.method === 'GET') {
        return jsonResponse(aPage([{ user_id: member.id, email: member.email, full_name: 'Mia Member', role: 'member', is_active: true, added_at: '2026-01-05T09:00:00.000Z' }]));
      }
      if (path === `/api/v1/projects/${project.id}/members` && request.method === 'POST') {
        return jsonResponse({ user_id: grace.id, email: grace.email, full_name: grace.full_name, role: 'member', is_active: true, added_at: '2026-01-07T09:00:00.000Z' }, 201);
      }
      if (path === '/api/v1/projects') return jsonResponse(aPage([project]));
      if (path === '/api/v1/tasks') return jsonResponse(aPage<TaskResponse>([]));
      if (path === '/api/v1/users') return jsonResponse(aPage([member, grace]));
      return undefined;
    });
  }

  it('shows a member the project, its tasks and members, without admin controls', async () => {
    const { calls } = mockProjectApi();
    renderAt(`/projects/${project.id}`, member);

    expect(await screen.findByRole('heading', { level: 1, name: 'Billing Platform' })).toBeInTheDocument();
    expect(await screen.findByText('No tasks in this project yet')).toBeInTheDocument();
    expect(await screen.findByRole('cell', { name: 'Mia Member' })).toBeInTheDocument();
    for (const name of ['Edit', 'Archive', /Remove/]) expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Find people by name or email')).not.toBeInTheDocument();
    expect(calls.find((call) => call.url.pathname === '/api/v1/tasks')?.url.searchParams.get('project_id')).toBe(project.id);
    expect(calls.some((call) => call.url.pathname === '/api/v1/users')).toBe(false);
  });

  it('lets an admin add a member from the people picker', async () => {
    const { calls } = mockProjectApi();
    const user = userEvent.setup();
    renderAt(`/projects/${project.id}`);

    // Existing members aren't offered again.
    await user.click(await screen.findByRole('button', { name: 'Add Grace Hopper' }));
    expect(screen.queryByRole('button', { name: 'Add Mia Member' })).not.toBeInTheDocument();

    expect(await screen.findByText('Grace Hopper was added to Billing Platform.')).toBeInTheDocument();
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ user_id: grace.id });
    expect(screen.getByRole('button', { name: 'Archive' })).toBeInTheDocument();
  });

  it('says so when the project does not exist or is not visible', async () => {
    mockApi(() => jsonResponse(anErrorEnvelope('NOT_FOUND', 'Project not found'), 404));
    renderAt(`/projects/${project.id}`, member);
    expect(await screen.findByRole('heading', { name: 'Project not found' })).toBeInTheDocument();
  });
});
