import { useEffect, useRef, useSyncExternalStore } from 'react';
import { toastStore, type Toast } from '@/components/toast-store';

/** How long a notice stays; hovering or focusing it holds it (WCAG 2.2.1). */
export const TOAST_DURATION_MS = 8_000;

function ToastItem({ toast }: { toast: Toast }) {
  const held = useRef(false);
  useEffect(() => {
    const timer = setInterval(() => {
      if (!held.current) toastStore.dismiss(toast.id);
    }, TOAST_DURATION_MS);
    return () => clearInterval(timer);
  }, [toast.id]);

  const hold = () => (held.current = true);
  const release = () => (held.current = false);

  return (
    <li className={`toast toast-${toast.tone}`} onMouseEnter={hold} onMouseLeave={release} onFocus={hold} onBlur={release}>
      <span className="toast-message">{toast.message}</span>
      <button type="button" className="toast-close" aria-label="Dismiss notification" onClick={() => toastStore.dismiss(toast.id)}>
        ×
      </button>
    </li>
  );
}

/**
 * The notices region. It is always in the page (empty when there is nothing to say), because
 * screen readers announce changes only in a live region that already existed.
 */
export function Toaster() {
  const toasts = useSyncExternalStore(toastStore.subscribe, toastStore.getSnapshot);
  // Leaving the signed-in shell (signing out) leaves its notices behind.
  useEffect(() => () => toastStore.clear(), []);
  return (
    <section className="toaster" aria-label="Notifications">
      <ul role="status" aria-live="polite" className="toast-list">
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} />
        ))}
      </ul>
    </section>
  );
}
