import type { Location } from 'react-router';

/** What RequireAuth leaves in location.state when it sends someone to sign in. */
export interface SignInRedirectState {
  from?: Pick<Location, 'pathname' | 'search' | 'hash'>;
}

/**
 * Where to go after signing in: the page the user first asked for, else the dashboard.
 * Only app-relative paths are accepted ("//evil.example" is protocol-relative).
 */
export function redirectTarget(state: unknown): string {
  const from = (state as SignInRedirectState | null)?.from;
  if (!from || typeof from.pathname !== 'string') return '/';
  if (!from.pathname.startsWith('/') || from.pathname.startsWith('//')) return '/';
  if (from.pathname === '/sign-in' || from.pathname === '/register') return '/';
  return `${from.pathname}${from.search ?? ''}${from.hash ?? ''}`;
}
