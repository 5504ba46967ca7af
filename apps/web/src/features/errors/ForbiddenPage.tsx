import { Link } from 'react-router';
import { useDocumentTitle } from '@/components/useDocumentTitle';

export function ForbiddenPage() {
  useDocumentTitle('No access');
  return (
    <section className="page" aria-labelledby="page-title">
      <div className="empty-state">
        <h1 id="page-title">You don't have access to this page</h1>
        <p className="muted">This area is for administrators. Ask an admin of your Stint server if you need access.</p>
        <Link className="button button-primary" to="/">
          Go to the dashboard
        </Link>
      </div>
    </section>
  );
}
