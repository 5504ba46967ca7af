import { Logo } from '@/components/Logo';
import { useDocumentTitle } from '@/components/useDocumentTitle';

/** A page's code failed to load: usually a new version was deployed and the old chunk is gone. */
function isChunkLoadError(error: unknown): boolean {
  return error instanceof Error && /dynamically imported module|Importing a module script failed|error loading dynamically imported/i.test(error.message);
}

/**
 * Shown when rendering throws. Inside the app shell it replaces only the page, so navigation
 * stays usable; otherwise it takes the whole screen.
 */
export function ErrorPage({ error, inShell = false }: { error: unknown; inShell?: boolean }) {
  const stale = isChunkLoadError(error);
  useDocumentTitle(stale ? 'Update available' : 'Something went wrong');

  const content = (
    <>
      <h1 id="page-title" className={inShell ? undefined : 'auth-title'}>
        {stale ? 'A new version of Stint is available' : 'Something went wrong'}
      </h1>
      <p className={inShell ? 'muted' : 'auth-subtitle'}>
        {stale ? 'Reload the page to continue with the latest version.' : 'An unexpected error stopped this page. Reloading usually fixes it.'}
      </p>
      <button type="button" className={`button button-primary${inShell ? '' : ' button-block'}`} onClick={() => window.location.reload()}>
        Reload
      </button>
    </>
  );

  if (inShell) {
    return (
      <section className="page" aria-labelledby="page-title">
        <div className="empty-state">{content}</div>
      </section>
    );
  }
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="auth-brand">
          <Logo />
        </div>
        {content}
      </div>
    </main>
  );
}
