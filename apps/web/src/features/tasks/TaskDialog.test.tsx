import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '@/api/client';
import { TaskDialog } from '@/features/tasks/TaskDialog';
import { mockApi } from '@/test/api-mock';
import { aPage, aProject, aTask, aUser, anErrorEnvelope, jsonResponse } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { signedInQueryClient } from '@/test/session';

const active = aProject();
const archived = aProject({ id: '0b8f3c8e-1d2a-4c55-9f0e-2a7d3c1b9e11', name: 'Old Site', key: 'OS', archived_at: '2026-01-01T00:00:00.000Z' });

function mockDialogApi(onCreate: () => Response) {
  return mockApi((request) => {
    if (request.url.pathname === '/api/v1/projects') return jsonResponse(aPage([active, archived]));
    if (request.url.pathname === '/api/v1/tasks' && request.method === 'POST') return onCreate();
    return undefined;
  });
}

function renderDialog(props: Partial<Parameters<typeof TaskDialog>[0]> = {}, user = aUser({ timezone: 'Europe/Berlin' })) {
  const onClose = vi.fn();
  renderWithProviders(<TaskDialog onClose={onClose} {...props} />, { queryClient: signedInQueryClient(user) });
  return { onClose, dialog: screen.getByRole('dialog', { name: props.task ? `Edit ${props.task.key}` : 'New task' }) };
}

afterEach(() => {
  sessionStore.signOut(null);
});

describe('TaskDialog', () => {
  it("shows the API's 422 field errors next to their fields and keeps the dialog open", async () => {
    const { calls } = mockDialogApi(() =>
      jsonResponse(
        anErrorEnvelope('VALIDATION_ERROR', 'The request has invalid fields', {
          title: ['title must be shorter than or equal to 200 characters'],
          estimated_hours: ['estimated_hours must be a number with at most two decimals'],
        }),
        422,
      ),
    );
    const user = userEvent.setup();
    const { dialog, onClose } = renderDialog();

    await user.type(within(dialog).getByLabelText('Title'), 'Write the release notes');
    await user.click(within(dialog).getByRole('button', { name: 'Create task' }));

    const title = within(dialog).getByLabelText('Title');
    await waitFor(() => expect(title).toHaveAccessibleDescription('Title must be shorter than or equal to 200 characters'));
    expect(within(dialog).getByLabelText('Estimate (hours)')).toHaveAccessibleDescription('Estimate (hours) must be a number with at most two decimals');
    expect(title).toHaveFocus();
    expect(onClose).not.toHaveBeenCalled();
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(1);

    // Editing a field clears its message; the others stay until they are edited.
    await user.type(title, '!');
    expect(title).not.toHaveAccessibleDescription();
    expect(within(dialog).getByLabelText('Estimate (hours)')).toHaveAccessibleDescription(/at most two decimals/);
  });

  it('checks the limits before sending anything', async () => {
    const { calls } = mockDialogApi(() => jsonResponse(aTask(), 201));
    const user = userEvent.setup();
    const { dialog } = renderDialog();

    await user.click(within(dialog).getByRole('button', { name: 'Create task' }));
    expect(within(dialog).getByLabelText('Title')).toHaveAccessibleDescription('Enter a title');
    expect(within(dialog).getByLabelText('Title')).toHaveFocus();

    fireEvent.change(within(dialog).getByLabelText('Title'), { target: { value: 'x'.repeat(201) } });
    fireEvent.change(within(dialog).getByLabelText('Description'), { target: { value: 'y'.repeat(5001) } });
    fireEvent.change(within(dialog).getByLabelText('Estimate (hours)'), { target: { value: '0' } });
    await user.click(within(dialog).getByRole('button', { name: 'Create task' }));

    expect(within(dialog).getByLabelText('Title')).toHaveAccessibleDescription(/Title can be at most 200 characters/);
    expect(within(dialog).getByLabelText('Description')).toHaveAccessibleDescription(/Description can be at most 5000 characters/);
    expect(within(dialog).getByLabelText('Estimate (hours)')).toHaveAccessibleDescription('Estimate must be more than 0 hours');
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('offers only projects that can take tasks, and sends the task with its due day in the user’s time zone', async () => {
    const { calls } = mockDialogApi(() => jsonResponse(aTask(), 201));
    const user = userEvent.setup();
    const onSaved = vi.fn();
    const { dialog, onClose } = renderDialog({ onSaved });

    const projectSelect = within(dialog).getByLabelText('Project');
    await within(projectSelect).findByRole('option', { name: 'Billing Platform (BP)' });
    expect(within(projectSelect).queryByRole('option', { name: /Old Site/ })).not.toBeInTheDocument();

    await user.type(within(dialog).getByLabelText('Title'), '  Ship it  ');
    await user.selectOptions(projectSelect, 'Billing Platform (BP)');
    await user.selectOptions(within(dialog).getByLabelText('Priority'), 'Urgent');
    fireEvent.change(within(dialog).getByLabelText('Due date'), { target: { value: '2026-07-01' } });
    await user.type(within(dialog).getByLabelText('Estimate (hours)'), '1.5');
    await user.type(within(dialog).getByLabelText('Tags'), 'release,backend{Enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Create task' }));

    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(onSaved).toHaveBeenCalledWith(aTask());
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({
      title: 'Ship it',
      description: null,
      project_id: active.id,
      status: 'todo',
      priority: 'urgent',
      // Midnight in Berlin (summer time, UTC+2).
      due_date: '2026-06-30T22:00:00.000Z',
      estimated_hours: 1.5,
      tags: ['release', 'backend'],
    });
  });

  it('puts "project is archived" (409) under the project field', async () => {
    mockDialogApi(() => jsonResponse(anErrorEnvelope('CONFLICT', 'Project BP is archived: restore it before adding tasks', { project: ['archived'] }), 409));
    const user = userEvent.setup();
    const { dialog } = renderDialog({ defaultProjectId: active.id });

    await within(dialog).findByRole('option', { name: 'Billing Platform (BP)' });
    await user.type(within(dialog).getByLabelText('Title'), 'Late task');
    await user.click(within(dialog).getByRole('button', { name: 'Create task' }));

    await waitFor(() => expect(within(dialog).getByLabelText('Project')).toHaveAccessibleDescription('This project is archived'));
  });

  it('edits only what changed, and keeps a project member who is not the creator from moving the task', async () => {
    const task = aTask({ user_id: 'someone-else', title: 'Old title', tags: ['a'] });
    const { calls } = mockApi((request) => {
      if (request.url.pathname === '/api/v1/projects') return jsonResponse(aPage([active]));
      if (request.method === 'PATCH') return jsonResponse({ ...task, title: 'New title' });
      return undefined;
    });
    const user = userEvent.setup();
    const { dialog, onClose } = renderDialog({ task });

    expect(within(dialog).getByLabelText('Project')).toBeDisabled();
    expect(within(dialog).getByLabelText('Project')).toHaveAccessibleDescription("Only the task's creator or an admin can move it to another project.");
    await user.clear(within(dialog).getByLabelText('Title'));
    await user.type(within(dialog).getByLabelText('Title'), 'New title');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const patch = calls.find((call) => call.method === 'PATCH');
    expect(patch?.url.pathname).toBe(`/api/v1/tasks/${task.id}`);
    expect(patch?.body).toEqual({ title: 'New title' });
  });

  it('is a labelled modal: Tab stays inside it', async () => {
    mockDialogApi(() => jsonResponse(aTask(), 201));
    const user = userEvent.setup();
    const { dialog } = renderDialog();
    expect(dialog).toHaveAttribute('aria-modal', 'true');

    const create = within(dialog).getByRole('button', { name: 'Create task' });
    create.focus();
    await user.tab();
    expect(within(dialog).getByLabelText('Title')).toHaveFocus();
    await user.tab({ shift: true });
    expect(create).toHaveFocus();
  });
});
