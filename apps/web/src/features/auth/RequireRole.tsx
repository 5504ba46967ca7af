import type { Role } from '@stint/contracts';
import { Outlet } from 'react-router';
import { useSession } from '@/api/auth';
import { useMe } from '@/api/users';
import { ForbiddenPage } from '@/features/errors/ForbiddenPage';

/** Child routes for users with `role` only; the API enforces the same rule, this keeps the UI honest. */
export function RequireRole({ role }: { role: Role }) {
  const session = useSession();
  const me = useMe();
  const user = me.data ?? (session.status === 'signedIn' ? session.user : null);
  if (user?.role !== role) return <ForbiddenPage />;
  return <Outlet />;
}
