import { DELETED_USER_EMAIL_DOMAIN, type UserResponse } from '@stint/contracts';
import { useId, useState } from 'react';
import { describeError } from '@/api/errors';
import { useDeleteUser } from '@/api/privacy';
import { useUnlockUser } from '@/api/sign-in-failures';
import { useCurrentUser, useUsers } from '@/api/users';
import { FormAlert } from '@/components/FormAlert';
import { Pagination } from '@/components/Pagination';
import { TableSkeleton } from '@/components/Skeleton';
import { useDebouncedValue } from '@/components/useDebouncedValue';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { PasswordConfirmDialog } from '@/features/account/PasswordConfirmDialog';

const PER_PAGE = 20;

/** An erased account: kept only as the anonymous owner of its project time. */
export const isDeletedUser = (user: UserResponse) => user.email === `deleted-${user.id}@${DELETED_USER_EMAIL_DOMAIN}`;

function DeleteUserButton({ user, onDeleted }: { user: UserResponse; onDeleted: (name: string) => void }) {
  const [open, setOpen] = useState(false);
  const remove = useDeleteUser();
  return (
    <>
      <button type="button" className="button button-small button-danger-ghost" onClick={() => setOpen(true)} aria-label={`Delete ${user.full_name}`}>
        Delete
      </button>
      {open && (
        <PasswordConfirmDialog
          title={`Delete ${user.full_name}?`}
          warning={
            <>
              This can’t be undone. {user.full_name} ({user.email}) is signed out everywhere; their profile, rates, personal tasks and time outside projects are deleted. Their time
              on projects stays in budgets and reports as “Deleted user”, without descriptions.
            </>
          }
          passwordLabel="Your admin password"
          confirmLabel="Delete account"
          pendingLabel="Deleting…"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={(password) =>
            // mutateAsync, not mutate's callbacks: the refetched list drops this row (and this component) before they would run.
            remove.mutateAsync({ id: user.id, password }).then(
              () => {
                setOpen(false);
                onDeleted(user.full_name);
              },
              () => undefined, // Shown by the dialog from remove.error.
            )
          }
          onCancel={() => {
            remove.reset();
            setOpen(false);
          }}
        />
      )}
    </>
  );
}

/** Clears the account's sign-in locks at once (a person locked out who can't wait 15 minutes). */
function UnlockUserButton({ user, onUnlocked }: { user: UserResponse; onUnlocked: (message: string) => void }) {
  const unlock = useUnlockUser();
  return (
    <button
      type="button"
      className="button button-small button-ghost"
      disabled={unlock.isPending}
      aria-busy={unlock.isPending || undefined}
      aria-label={`Unlock sign-in for ${user.full_name}`}
      onClick={() =>
        unlock.mutate(user.id, {
          onSuccess: () => onUnlocked(`${user.full_name} can sign in again from every address.`),
          onError: (error) => onUnlocked(`Couldn’t unlock ${user.full_name}. ${describeError(error)}`),
        })
      }
    >
      Unlock sign-in
    </button>
  );
}

/** The people of this Stint server, with account erasure (right to be forgotten). */
export function UsersPage() {
  useDocumentTitle('Users · Admin');
  const searchId = useId();
  const me = useCurrentUser();
  const [text, setText] = useState('');
  const [page, setPage] = useState(1);
  const [deleted, setDeleted] = useState<string | null>(null);
  const [unlocked, setUnlocked] = useState<string | null>(null);
  const q = useDebouncedValue(text.trim(), 300);
  const users = useUsers({ q: q || undefined, page, per_page: PER_PAGE });

  return (
    <div className="admin-section">
      <div className="field">
        <label htmlFor={searchId} className="field-label">
          Search people
        </label>
        <input
          id={searchId}
          className="field-input"
          type="search"
          value={text}
          placeholder="Name or email"
          onChange={(event) => {
            setText(event.target.value);
            setPage(1);
          }}
        />
      </div>
      {deleted && <FormAlert tone="info">{deleted}’s account was deleted.</FormAlert>}
      {unlocked && <FormAlert tone="info">{unlocked}</FormAlert>}
      {users.isError && <FormAlert>Couldn't load people. {describeError(users.error)}</FormAlert>}
      <div className="table-scroll">
        <table className="table">
          <caption className="visually-hidden">People</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.isPending ? (
              <TableSkeleton columns={5} label="people" />
            ) : (
              (users.data?.data ?? []).map((user) => {
                const erased = isDeletedUser(user);
                return (
                  <tr key={user.id}>
                    <td>{user.full_name}</td>
                    <td>{erased ? '—' : user.email}</td>
                    <td>{user.role === 'admin' ? 'Admin' : 'Member'}</td>
                    <td>{erased ? <span className="badge badge-muted">Deleted</span> : user.is_active ? 'Active' : 'Deactivated'}</td>
                    <td className="cell-actions">
                      {/* Not on the admin's own row: they are signed in, and can't delete themselves here. */}
                      {!erased && user.id !== me?.id && (
                        <>
                          <UnlockUserButton user={user} onUnlocked={setUnlocked} />
                          <DeleteUserButton user={user} onDeleted={setDeleted} />
                        </>
                      )}
                    </td>
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </div>
      {users.data && <Pagination meta={users.data.meta} noun="people" onPageChange={setPage} />}
    </div>
  );
}
