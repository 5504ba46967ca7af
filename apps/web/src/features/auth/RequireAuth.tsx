import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '@/api/auth';
import { FullPageStatus } from '@/components/FullPageStatus';
import type { SignInRedirectState } from '@/features/auth/redirect';

/**
 * Renders its children (or the child routes) only for a signed-in user. While the session
 * is being restored after a reload it shows a loading screen rather than flashing sign-in.
 */
export function RequireAuth({ children }: { children?: ReactNode }) {
  const session = useSession();
  const location = useLocation();

  if (session.status === 'restoring') return <FullPageStatus>Restoring your session…</FullPageStatus>;
  if (session.status === 'signedOut') {
    // After a deliberate sign-out, the next person to sign in starts on the dashboard.
    const state: SignInRedirectState | undefined =
      session.reason === 'signedOut' ? undefined : { from: { pathname: location.pathname, search: location.search, hash: location.hash } };
    return <Navigate to="/sign-in" replace state={state} />;
  }
  return children ?? <Outlet />;
}
