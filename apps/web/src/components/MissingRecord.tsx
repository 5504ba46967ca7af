import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** The page of a record that doesn't exist or that the user may not see (the API answers both with 404). */
export function MissingRecord({ title, children, backTo, backLabel }: { title: string; children: ReactNode; backTo: string; backLabel: string }) {
  return (
    <section className="page" aria-labelledby="page-title">
      <div className="empty-state">
        <p className="badge">404</p>
        <h1 id="page-title">{title}</h1>
        <p className="muted">{children}</p>
        <Link className="button button-primary" to={backTo}>
          {backLabel}
        </Link>
      </div>
    </section>
  );
}
