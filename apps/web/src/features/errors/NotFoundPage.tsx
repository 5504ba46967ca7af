import { Link } from 'react-router';
import { useDocumentTitle } from '@/components/useDocumentTitle';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <section className="page" aria-labelledby="page-title">
      <div className="empty-state">
        <p className="badge">404</p>
        <h1 id="page-title">Page not found</h1>
        <p className="muted">There's no page at this address. It may have moved, or the link may be mistyped.</p>
        <Link className="button button-primary" to="/">
          Go to the dashboard
        </Link>
      </div>
    </section>
  );
}
