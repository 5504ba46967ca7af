import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { PageLoading } from '@/components/FullPageStatus';
import { useDocumentTitle } from '@/components/useDocumentTitle';

const SECTIONS = [
  { to: 'rates', label: 'Rates' },
  { to: 'settings', label: 'Settings' },
  { to: 'team', label: 'Team analytics' },
  { to: 'users', label: 'Users' },
  { to: 'audit', label: 'Audit log' },
] as const;

/** The admin area: people's rates, the time-tracking settings, team analytics, users and the audit log, one sub-page each (lazy). */
export function AdminPage() {
  useDocumentTitle('Admin');
  return (
    <section className="page page-wide" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Admin</h1>
        <p className="muted">What people's time costs and how timers behave on this Stint server.</p>
      </header>
      <nav className="sub-nav" aria-label="Admin">
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.to}>
              <NavLink to={section.to} className="sub-nav-link">
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {/* Its own boundary, so switching tabs keeps the heading and the tabs on screen. */}
      <Suspense fallback={<PageLoading />}>
        <Outlet />
      </Suspense>
    </section>
  );
}
