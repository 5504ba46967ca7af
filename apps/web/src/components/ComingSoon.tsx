import type { ReactNode } from 'react';
import { useDocumentTitle } from '@/components/useDocumentTitle';

interface ComingSoonProps {
  title: string;
  /** One sentence on what the page will do. */
  children: ReactNode;
}

/** Placeholder for a screen that isn't built yet: says so plainly instead of showing an empty page. */
export function ComingSoon({ title, children }: ComingSoonProps) {
  useDocumentTitle(title);
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">{title}</h1>
      </header>
      <div className="empty-state">
        <span className="badge">Coming soon</span>
        <p className="empty-state-title">{title} isn't available yet.</p>
        <p className="muted">{children}</p>
      </div>
    </section>
  );
}
