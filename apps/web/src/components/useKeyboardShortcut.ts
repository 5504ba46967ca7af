import { useEffect, useRef } from 'react';

/** Whether a key press belongs to something the user is typing into or operating. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target.closest('input, textarea, select, [role="textbox"], [role="combobox"]') !== null;
}

/**
 * A single-key shortcut such as `n` for "new". Ignored while typing, with modifier keys (so
 * browser and screen reader shortcuts keep working) and while a modal dialog is open.
 */
export function useKeyboardShortcut(key: string, action: () => void, { enabled = true }: { enabled?: boolean } = {}) {
  const latest = useRef(action);
  latest.current = action;

  useEffect(() => {
    if (!enabled) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.key.toLowerCase() !== key || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      if (event.defaultPrevented || isTyping(event.target)) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      event.preventDefault();
      latest.current();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [key, enabled]);
}
