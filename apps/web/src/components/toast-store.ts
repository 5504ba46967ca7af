/**
 * Short notices that outlive the control that caused them ("Logged 1:00:00 for $50.00"):
 * a tiny store any code may push to, shown by the one <Toaster> in the app shell.
 */

export interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'error';
}

type Listener = () => void;

let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<Listener>();

function emit() {
  listeners.forEach((listener) => {
    listener();
  });
}

export const toastStore = {
  getSnapshot: (): readonly Toast[] => toasts,
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  dismiss(id: number) {
    toasts = toasts.filter((toast) => toast.id !== id);
    emit();
  },
  clear() {
    toasts = [];
    emit();
  },
};

/** Shows a notice; the newest three stay on screen. */
export function showToast(message: string, tone: Toast['tone'] = 'info'): number {
  const id = nextId++;
  toasts = [...toasts, { id, message, tone }].slice(-3);
  emit();
  return id;
}
