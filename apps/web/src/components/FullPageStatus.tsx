import type { ReactNode } from 'react';

/** Fills the viewport while the app can't show a page yet (booting, restoring the session). */
export function FullPageStatus({ children = 'Loading…' }: { children?: ReactNode }) {
  return (
    <div className="full-page-status" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{children}</span>
    </div>
  );
}

/** Shown inside the shell while a page's code loads. */
export function PageLoading() {
  return (
    <div className="page-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span className="visually-hidden">Loading page…</span>
    </div>
  );
}
