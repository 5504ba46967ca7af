import type { SignInFailureReason } from '@stint/contracts';
import { useState } from 'react';
import { describeError } from '@/api/errors';
import { describeUserAgent, useSignInFailures } from '@/api/sign-in-failures';
import { useCurrentUser } from '@/api/users';
import { Pagination } from '@/components/Pagination';
import { formatDateTime } from '@/lib/dates';

const PER_PAGE = 10;

const REASONS: Record<SignInFailureReason, string> = {
  wrong_password: 'Wrong password',
  locked: 'Refused while locked',
  deactivated: 'Account deactivated',
};

/**
 * "Recent failed sign-ins" on the Account page: when (in the user's time zone), from which
 * address and browser someone failed to sign in to this account, so its owner can tell a
 * typo of their own from someone else guessing.
 */
export function RecentFailedSignIns() {
  const timeZone = useCurrentUser()?.timezone;
  const [page, setPage] = useState(1);
  const failures = useSignInFailures({ page, per_page: PER_PAGE });
  const data = failures.data;

  return (
    <section className="section" aria-labelledby="failed-sign-ins-title">
      <h2 id="failed-sign-ins-title">Recent failed sign-ins</h2>
      <p className="muted">
        Failed attempts to sign in to your account in the last 90 days. Five in a row from one address pause sign-in from that address for 15 minutes; your own devices keep
        working. If you don’t recognise them, change your password.
      </p>
      {/* Plain text, not an alert: a list that didn't load isn't urgent, and the page's own alerts stay the only ones. */}
      {failures.isError ? (
        <p className="muted">Couldn’t load your failed sign-ins. {describeError(failures.error)}</p>
      ) : !data ? (
        <p className="muted">Loading…</p>
      ) : data.meta.total === 0 ? (
        <p className="muted">No failed sign-ins in the last 90 days.</p>
      ) : (
        <>
          <div className="table-scroll" role="region" aria-label="Recent failed sign-ins" tabIndex={0}>
            <table className="table">
              <caption className="visually-hidden">Failed sign-ins to your account, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Address</th>
                  <th scope="col">Browser</th>
                  <th scope="col">What happened</th>
                </tr>
              </thead>
              <tbody className={failures.isPlaceholderData ? 'is-stale' : undefined}>
                {data.data.map((failure, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: two failures can share a timestamp; the list is replaced, never reordered.
                  <tr key={`${failure.occurred_at}-${index}`}>
                    <td>
                      <time dateTime={failure.occurred_at}>{formatDateTime(failure.occurred_at, timeZone)}</time>
                    </td>
                    <td>{failure.ip ? <code className="cell-key">{failure.ip}</code> : <span className="muted">Unknown</span>}</td>
                    <td title={failure.user_agent ?? undefined}>{describeUserAgent(failure.user_agent)}</td>
                    <td>{REASONS[failure.reason] ?? failure.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination meta={data.meta} noun="failed sign-ins" onPageChange={setPage} />
        </>
      )}
    </section>
  );
}
