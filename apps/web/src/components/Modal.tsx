import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

interface ModalProps {
  /** The dialog's visible heading, which also names it for assistive technology. */
  title: string;
  /** Called on Escape and by the dialog's own close/cancel controls. */
  onClose: () => void;
  children: ReactNode;
  /** What gets focus on open; else the first focusable element. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Sentence under the title, read with it when the dialog opens. */
  description?: ReactNode;
  size?: 'small' | 'large';
}

/**
 * A modal dialog: the rest of the page becomes inert, Tab cycles inside, Escape closes, and
 * focus returns to whatever opened it. Mounted only while open. Not the native <dialog>:
 * its focus trap lets Tab escape to the browser UI and jsdom can't test showModal().
 */
export function Modal({ title, onClose, children, initialFocus, description, size = 'large' }: ModalProps) {
  const titleId = useId();
  const descriptionId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;

  // biome-ignore lint/correctness/useExhaustiveDependencies: once per opening; re-renders while open must not move focus.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // Everything beside the dialog leaves the tab order and the accessibility tree.
    const madeInert = Array.from(document.body.children).filter(
      (element): element is HTMLElement => element instanceof HTMLElement && element !== host.current && !element.hasAttribute('inert'),
    );
    madeInert.forEach((element) => {
      element.setAttribute('inert', '');
    });
    const target = initialFocus?.current ?? dialog.current?.querySelector<HTMLElement>(FOCUSABLE) ?? dialog.current;
    target?.focus();
    return () => {
      madeInert.forEach((element) => {
        element.removeAttribute('inert');
      });
      if (opener?.isConnected) opener.focus();
    };
    // Once per opening: re-renders while open must not move focus.
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close.current();
      return;
    }
    if (event.key !== 'Tab' || !dialog.current) return;
    const focusables = Array.from(dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    if (focusables.length === 0) {
      event.preventDefault();
      return;
    }
    const first = focusables[0];
    const last = focusables[focusables.length - 1];
    if (event.shiftKey && (document.activeElement === first || document.activeElement === dialog.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return createPortal(
    <div className="modal-host" ref={host}>
      <div className="modal-backdrop">
        <div
          ref={dialog}
          className={`modal modal-${size}`}
          role="dialog"
          aria-modal="true"
          aria-labelledby={titleId}
          aria-describedby={description ? descriptionId : undefined}
          tabIndex={-1}
          onKeyDown={onKeyDown}
        >
          <header className="modal-header">
            <h2 id={titleId} className="modal-title">
              {title}
            </h2>
            {description && (
              <p id={descriptionId} className="muted">
                {description}
              </p>
            )}
          </header>
          {children}
        </div>
      </div>
    </div>,
    document.body,
  );
}
