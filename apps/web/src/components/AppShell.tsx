import { Role } from '@stint/contracts';
import { lazy, Suspense, useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useLogout, useSession } from '@/api/auth';
import { useMe } from '@/api/users';
import { ErrorBoundary } from '@/components/ErrorBoundary';
import { PageLoading } from '@/components/FullPageStatus';
import { Logo } from '@/components/Logo';
import { NavIcon, type NavIconName } from '@/components/NavIcon';
import { Toaster } from '@/components/Toaster';
import { ErrorPage } from '@/components/ErrorPage';

// Its own chunk: on every page, but not needed to paint the first one.
const FloatingTimer = lazy(() => import('@/components/FloatingTimer').then((m) => ({ default: m.FloatingTimer })));

interface NavItem {
  to: string;
  label: string;
  icon: NavIconName;
  adminOnly?: boolean;
}

const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', label: 'Dashboard', icon: 'dashboard' },
  { to: '/tasks', label: 'Tasks', icon: 'tasks' },
  { to: '/time', label: 'Time', icon: 'time' },
  { to: '/projects', label: 'Projects', icon: 'projects' },
  { to: '/reports', label: 'Reports', icon: 'reports' },
  { to: '/budgets', label: 'Budgets', icon: 'reports', adminOnly: true },
  { to: '/admin', label: 'Admin', icon: 'admin', adminOnly: true },
];

function initials(fullName: string): string {
  const parts = fullName.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0][0], parts[parts.length - 1][0]] : [parts[0]?.[0] ?? '?'];
  return letters.join('').toUpperCase();
}

/** Moves focus to the page after client-side navigation, as a full page load would. */
function useFocusMainOnNavigate(pathname: string) {
  const main = useRef<HTMLElement>(null);
  // Compared with the last path, not a first-render flag, so StrictMode's re-run doesn't steal focus on load.
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    main.current?.focus();
  }, [pathname]);
  return main;
}

/** The signed-in frame: brand, main navigation, the user's name with "Sign out", the page, the floating timer and notifications. */
export function AppShell() {
  const session = useSession();
  const me = useMe();
  const logout = useLogout();
  const { pathname } = useLocation();
  const main = useFocusMainOnNavigate(pathname);
  const user = me.data ?? (session.status === 'signedIn' ? session.user : null);
  if (!user) return null;

  const items = NAV_ITEMS.filter((item) => !item.adminOnly || user.role === Role.ADMIN);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="shell-header">
        <Link to="/" className="brand">
          <Logo />
        </Link>
        <div className="user-menu">
          <span className="avatar" aria-hidden="true">
            {initials(user.full_name)}
          </span>
          <span className="user-identity">
            <span className="user-name">{user.full_name}</span>
            <span className="user-email">{user.email}</span>
          </span>
          <NavLink to="/account" className="button button-ghost">
            Account
          </NavLink>
          <button type="button" className="button button-ghost" onClick={() => logout.mutate()} disabled={logout.isPending}>
            Sign out
          </button>
        </div>
      </header>
      <nav className="shell-nav" aria-label="Main">
        <ul>
          {items.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.to === '/'} className="nav-link">
                <NavIcon name={item.icon} />
                <span>{item.label}</span>
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="shell-main" ref={main} tabIndex={-1}>
        {/* A crashing page leaves the shell usable; navigating elsewhere retries. */}
        <ErrorBoundary resetKey={pathname} fallback={(error) => <ErrorPage error={error} inShell />}>
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </main>
      {/* Once, outside the page's boundary: navigating never restarts the timer's stream. */}
      <ErrorBoundary fallback={() => null}>
        <Suspense fallback={null}>
          <FloatingTimer />
        </Suspense>
      </ErrorBoundary>
      <Toaster />
    </div>
  );
}
