import { ApiError, ErrorCode } from '@stint/contracts';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { FormAlert } from '@/components/FormAlert';
import { TextField } from '@/components/TextField';
import { useForm } from '@/components/useForm';
import { deferred } from '@/test/api-mock';

const LABELS = { title: 'Title', estimate_hours: 'Estimate' } as const;

function validationError(details: Record<string, string[]>) {
  return new ApiError(422, { code: ErrorCode.VALIDATION_ERROR, message: 'The request has invalid fields', details }, 'req-1');
}

interface Props {
  send: (values: { title: string; estimate_hours: string }) => Promise<unknown> | void;
  request?: { pending: boolean; error: unknown };
}

function TaskForm({ send, request }: Props) {
  const form = useForm({
    initial: { title: '', estimate_hours: '' },
    labels: LABELS,
    validate: ({ title }) => (title.trim() ? {} : { title: ['Enter a title'] }),
    request,
  });
  return (
    <form onSubmit={form.handleSubmit(send)} noValidate>
      {form.errors.form && <FormAlert>{form.errors.form}</FormAlert>}
      <TextField label="Title" {...form.text('title')} />
      <TextField label="Estimate" {...form.text('estimate_hours')} />
      <button type="submit" disabled={form.submitting}>
        {form.submitting ? 'Saving…' : 'Save'}
      </button>
    </form>
  );
}

describe('useForm', () => {
  it('runs the client checks first: nothing is sent, the field is marked invalid, described by its message and focused', async () => {
    const send = vi.fn();
    render(<TaskForm send={send} />);

    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    const title = screen.getByLabelText('Title');
    expect(send).not.toHaveBeenCalled();
    expect(title).toHaveAttribute('aria-invalid', 'true');
    expect(title).toHaveAccessibleDescription('Enter a title');
    expect(title).toHaveFocus();
    expect(screen.getByLabelText('Estimate')).not.toHaveAttribute('aria-invalid');
  });

  it("puts a 422's details under their fields with the visible label, focuses the first, and shows no form alert", async () => {
    const send = vi.fn(() => Promise.reject(validationError({ estimate_hours: ['estimate_hours must be a number'] })));
    render(<TaskForm send={send} />);

    await userEvent.type(screen.getByLabelText('Title'), 'Write docs');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    const estimate = screen.getByLabelText('Estimate');
    await waitFor(() => expect(estimate).toHaveAttribute('aria-invalid', 'true'));
    expect(estimate).toHaveAccessibleDescription('Estimate must be a number');
    expect(estimate).toHaveFocus();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(send).toHaveBeenCalledWith({ title: 'Write docs', estimate_hours: '' });
  });

  it('shows details for fields the form lacks, and errors without details, as one form-level alert', async () => {
    const send = vi
      .fn()
      .mockRejectedValueOnce(validationError({ owner_id: ['owner_id must be a UUID'] }))
      .mockRejectedValueOnce(new ApiError(500, { code: ErrorCode.INTERNAL_ERROR, message: 'boom', details: null }, 'req-9'));
    render(<TaskForm send={send} />);

    await userEvent.type(screen.getByLabelText('Title'), 'Write docs');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('owner_id must be a UUID');

    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('The server ran into a problem. Please try again in a moment (reference req-9).'));
  });

  it("drops a field's message once that field is edited, and keeps the others", async () => {
    const send = vi.fn(() => Promise.reject(validationError({ title: ['title is taken'], estimate_hours: ['estimate_hours must be a number'] })));
    render(<TaskForm send={send} />);

    await userEvent.type(screen.getByLabelText('Title'), 'Docs');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByLabelText('Title')).toHaveAttribute('aria-invalid', 'true'));

    await userEvent.type(screen.getByLabelText('Title'), '!');

    expect(screen.getByLabelText('Title')).not.toHaveAttribute('aria-invalid');
    expect(screen.getByLabelText('Estimate')).toHaveAccessibleDescription('Estimate must be a number');
  });

  it('is submitting until the request settles, ignores a second submit meanwhile, and clears old errors on the next try', async () => {
    const first = deferred<unknown>();
    const send = vi
      .fn()
      .mockReturnValueOnce(first.promise.then(() => Promise.reject(validationError({ title: ['title is taken'] }))))
      .mockResolvedValueOnce(undefined);
    render(<TaskForm send={send} />);

    await userEvent.type(screen.getByLabelText('Title'), 'Docs');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const button = screen.getByRole('button', { name: 'Saving…' });
    expect(button).toBeDisabled();
    button.closest('form')!.requestSubmit();
    expect(send).toHaveBeenCalledTimes(1);

    first.resolve(undefined);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Save' })).toBeEnabled());
    expect(screen.getByLabelText('Title')).toHaveAccessibleDescription('Title is taken');

    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByLabelText('Title')).not.toHaveAttribute('aria-invalid'));
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('shows the error of a request the caller owns, and is submitting while it is pending', async () => {
    const send = vi.fn();
    const { rerender } = render(<TaskForm send={send} request={{ pending: true, error: null }} />);
    expect(screen.getByRole('button', { name: 'Saving…' })).toBeDisabled();

    rerender(<TaskForm send={send} request={{ pending: false, error: validationError({ title: ['title is taken'] }) }} />);

    const title = screen.getByLabelText('Title');
    await waitFor(() => expect(title).toHaveAccessibleDescription('Title is taken'));
    expect(title).toHaveFocus();
  });
});
