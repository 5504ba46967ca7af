import { Suspense } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '@/api/auth';
import { FullPageStatus } from '@/components/FullPageStatus';
import { redirectTarget } from '@/features/auth/redirect';

/**
 * Wraps the sign-in and register pages: a signed-in user goes on to the page they wanted
 * (this is also how a successful sign-in navigates), and nothing shows while restoring.
 */
export function GuestOnly() {
  const session = useSession();
  const location = useLocation();

  if (session.status === 'restoring') return <FullPageStatus>Restoring your session…</FullPageStatus>;
  if (session.status === 'signedIn') return <Navigate to={redirectTarget(location.state)} replace />;
  return (
    <Suspense fallback={<FullPageStatus />}>
      <Outlet />
    </Suspense>
  );
}
