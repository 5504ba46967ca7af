import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { TagsInput } from '@/components/TagsInput';

function Harness({ initial = [], onSubmit = () => undefined }: { initial?: string[]; onSubmit?: () => void }) {
  const [tags, setTags] = useState(initial);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <TagsInput label="Tags" value={tags} onChange={setTags} maxTags={3} maxLength={10} />
      <output data-testid="value">{JSON.stringify(tags)}</output>
    </form>
  );
}

const value = () => JSON.parse(screen.getByTestId('value').textContent ?? '[]') as string[];
const chips = () =>
  within(screen.queryByRole('list', { name: /^Tags/ }) ?? document.createElement('ul'))
    .queryAllByRole('listitem')
    .map((item) => item.textContent?.replace('×', ''));

describe('TagsInput', () => {
  it('adds a tag on Enter and on comma, trimmed, and clears what was typed', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const input = screen.getByLabelText('Tags');

    await user.type(input, '  backend {Enter}');
    await user.type(input, 'ux,');

    expect(value()).toEqual(['backend', 'ux']);
    expect(chips()).toEqual(['backend', 'ux']);
    expect(input).toHaveValue('');
  });

  it('adds every tag of a pasted list and ignores duplicates', async () => {
    const user = userEvent.setup();
    render(<Harness initial={['api']} />);
    await user.click(screen.getByLabelText('Tags'));
    await user.paste('api, web,  docs');

    // The part after the last comma is still being typed.
    expect(value()).toEqual(['api', 'web']);
    expect(screen.getByLabelText('Tags')).toHaveValue('docs');
  });

  it('removes the last tag with Backspace in the empty input, and any tag with its button', async () => {
    const user = userEvent.setup();
    render(<Harness initial={['one', 'two', 'three']} />);
    const input = screen.getByLabelText('Tags');

    await user.click(input);
    await user.keyboard('{Backspace}');
    expect(value()).toEqual(['one', 'two']);

    await user.click(screen.getByRole('button', { name: 'Remove one' }));
    expect(value()).toEqual(['two']);
    expect(input).toHaveFocus();

    // Backspace while text is typed edits the text, not the tags.
    await user.type(input, 'ab{Backspace}');
    expect(value()).toEqual(['two']);
    expect(input).toHaveValue('a');
  });

  it('submits the form on Enter when nothing is typed', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    render(<Harness onSubmit={onSubmit} />);

    await user.type(screen.getByLabelText('Tags'), 'x{Enter}');
    expect(onSubmit).not.toHaveBeenCalled();
    await user.keyboard('{Enter}');
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it('keeps a typed tag when focus leaves the input', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.type(screen.getByLabelText('Tags'), 'pending');
    await user.tab();
    expect(value()).toEqual(['pending']);
  });

  it('explains the limits instead of adding a tag that breaks them', async () => {
    const user = userEvent.setup();
    render(<Harness initial={['a', 'b']} />);
    const input = screen.getByLabelText('Tags');

    await user.type(input, 'much-too-long-tag{Enter}');
    expect(input).toHaveAccessibleDescription('A tag can be at most 10 characters');
    expect(value()).toEqual(['a', 'b']);

    await user.clear(input);
    await user.type(input, 'c{Enter}d{Enter}');
    expect(value()).toEqual(['a', 'b', 'c']);
    expect(input).toHaveAccessibleDescription('At most 3 tags');
  });
});
