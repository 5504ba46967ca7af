import { useId, useRef, useState, type ChangeEvent, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { FieldMessages } from '@/components/fields';

interface TagsInputProps {
  label: string;
  value: readonly string[];
  onChange: (tags: string[]) => void;
  /** Messages from validation (e.g. the server's); shown with this input's own. */
  errors?: readonly string[];
  hint?: ReactNode;
  maxTags?: number;
  maxLength?: number;
  placeholder?: string;
  className?: string;
  /** The text input, e.g. to focus it when the form shows an error on this field. */
  ref?: Ref<HTMLInputElement>;
}

/**
 * Free-form tags: type one and press Enter or comma (pasting "a, b" adds both); Backspace
 * in the empty input removes the last; each chip has its own remove button. Commas can't
 * be part of a tag (the API uses them to separate tags in filters). Duplicates are dropped
 * as the API would; case is kept.
 */
export function TagsInput({ label, value, onChange, errors, hint, maxTags, maxLength, placeholder, className, ref }: TagsInputProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const messages = [...(problem ? [problem] : []), ...(errors ?? [])];
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [messages.length ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;

  /** Adds the comma-separated tags in `text`; returns whether all of them fitted. */
  function add(text: string): boolean {
    const candidates = text
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean);
    if (candidates.length === 0) return true;
    const next = [...value];
    for (const tag of candidates) {
      if (maxLength !== undefined && tag.length > maxLength) {
        setProblem(`A tag can be at most ${maxLength} characters`);
        return false;
      }
      if (next.includes(tag)) continue;
      if (maxTags !== undefined && next.length >= maxTags) {
        setProblem(`At most ${maxTags} tags`);
        return false;
      }
      next.push(tag);
    }
    setProblem(null);
    if (next.length !== value.length) {
      onChange(next);
      setAnnouncement(`Added ${next.slice(value.length).join(', ')}`);
    }
    return true;
  }

  function remove(index: number) {
    const tag = value[index];
    onChange(value.filter((_, i) => i !== index));
    setProblem(null);
    setAnnouncement(`Removed ${tag}`);
  }

  function onInputChange(event: ChangeEvent<HTMLInputElement>) {
    const text = event.target.value;
    // A comma typed or pasted ends a tag; whatever follows the last one keeps being typed.
    if (text.includes(',')) {
      const cut = text.lastIndexOf(',');
      setDraft(add(text.slice(0, cut)) ? text.slice(cut + 1).trimStart() : text.replace(/,/g, ''));
      return;
    }
    setDraft(text);
    if (problem) setProblem(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter' && draft.trim()) {
      // Enter adds the tag instead of submitting the form; with nothing typed it submits.
      event.preventDefault();
      if (add(draft)) setDraft('');
    } else if (event.key === 'Backspace' && draft === '' && value.length > 0) {
      event.preventDefault();
      remove(value.length - 1);
    }
  }

  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {/* biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useKeyWithClickEvents: a click on the box's padding focuses its input; keyboard users reach the input directly. */}
      <div className="tags-input" data-invalid={messages.length > 0 || undefined} onClick={() => input.current?.focus()}>
        {value.length > 0 && (
          <ul className="tag-list" aria-label={`${label}: ${value.length} added`}>
            {value.map((tag, index) => (
              <li key={tag} className="tag">
                <span>{tag}</span>
                <button
                  type="button"
                  className="tag-remove"
                  aria-label={`Remove ${tag}`}
                  onClick={(event) => {
                    event.stopPropagation();
                    remove(index);
                    input.current?.focus();
                  }}
                >
                  <span aria-hidden="true">×</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <input
          ref={(element) => {
            input.current = element;
            if (typeof ref === 'function') ref(element);
            else if (ref) ref.current = element;
          }}
          id={id}
          className="tags-input-field"
          value={draft}
          placeholder={placeholder}
          aria-invalid={messages.length > 0 || undefined}
          aria-describedby={describedBy}
          autoComplete="off"
          onChange={onInputChange}
          onKeyDown={onKeyDown}
          // A tag typed but not yet confirmed is kept rather than silently lost.
          onBlur={() => {
            if (draft.trim() && add(draft)) setDraft('');
          }}
        />
      </div>
      <FieldMessages errors={messages} errorId={errorId} hint={hint} hintId={hintId} />
      <span className="visually-hidden" role="status">
        {announcement}
      </span>
    </div>
  );
}
