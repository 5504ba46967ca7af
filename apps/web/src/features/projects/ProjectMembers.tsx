import { PAGE_SIZE_MAX, type ProjectMemberResponse, type ProjectResponse, type UserResponse } from '@stint/contracts';
import { useId, useState } from 'react';
import { describeError } from '@/api/errors';
import { useAddMember, useProjectMembers, useRemoveMember } from '@/api/projects';
import { useCurrentUser, useUsers } from '@/api/users';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { FormAlert } from '@/components/FormAlert';
import { TableSkeleton } from '@/components/Skeleton';
import { useDebouncedValue } from '@/components/useDebouncedValue';
import { formatDate } from '@/lib/dates';

const PICKER_SIZE = 8;

/** Admins find people by name or email and add them; members already in the project are left out. */
function AddMember({ project, memberIds }: { project: ProjectResponse; memberIds: ReadonlySet<string> }) {
  const searchId = useId();
  const resultsId = useId();
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim(), 250);
  // Enough to fill the picker even when every hit is already a member.
  const users = useUsers({ q: q || undefined, is_active: true, per_page: Math.min(PAGE_SIZE_MAX, PICKER_SIZE + memberIds.size) });
  const addMember = useAddMember();
  const [message, setMessage] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);

  const candidates = (users.data?.data ?? []).filter((user) => !memberIds.has(user.id)).slice(0, PICKER_SIZE);

  function add(user: UserResponse) {
    setMessage(null);
    addMember.mutate(
      { projectId: project.id, userId: user.id },
      {
        onSuccess: () => setMessage({ tone: 'info', text: `${user.full_name} was added to ${project.name}.` }),
        onError: (error) => setMessage({ tone: 'error', text: `Couldn't add ${user.full_name}: ${describeError(error)}` }),
      },
    );
  }

  return (
    <div className="card add-member">
      <h3 className="card-title">Add people</h3>
      <div className="field">
        <label htmlFor={searchId} className="field-label">
          Find people by name or email
        </label>
        <input id={searchId} type="search" className="field-input" value={text} autoComplete="off" aria-controls={resultsId} onChange={(event) => setText(event.target.value)} />
      </div>
      {message && <FormAlert tone={message.tone}>{message.text}</FormAlert>}
      <ul id={resultsId} className="picker-results" aria-label="People who can be added" aria-busy={users.isFetching || undefined}>
        {users.isPending && <li className="muted">Loading people…</li>}
        {users.isError && <li className="field-errors">Couldn't load people. {describeError(users.error)}</li>}
        {users.isSuccess && candidates.length === 0 && <li className="muted">{q ? `Nobody else matches “${q}”.` : 'Everyone is already a member.'}</li>}
        {candidates.map((user) => (
          <li key={user.id} className="picker-result">
            <span className="person">
              <span className="person-name">{user.full_name}</span>
              <span className="person-email">{user.email}</span>
            </span>
            <button
              type="button"
              className="button button-ghost button-small"
              aria-label={`Add ${user.full_name}`}
              disabled={addMember.isPending && addMember.variables?.userId === user.id}
              onClick={() => add(user)}
            >
              Add
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The project's members; admins also add and remove them. */
export function ProjectMembers({ project, canManage }: { project: ProjectResponse; canManage: boolean }) {
  const timeZone = useCurrentUser()?.timezone;
  const members = useProjectMembers(project.id);
  const removeMember = useRemoveMember();
  const [removing, setRemoving] = useState<ProjectMemberResponse | null>(null);
  const list = members.data?.data ?? [];
  const memberIds = new Set(list.map((member) => member.user_id));
  const columns = canManage ? 5 : 4;

  return (
    <div className="members">
      {members.isError && !members.data ? (
        <FormAlert>
          Couldn't load the members. {describeError(members.error)}{' '}
          <button type="button" className="link-button" onClick={() => void members.refetch()}>
            Try again
          </button>
        </FormAlert>
      ) : members.data && list.length === 0 ? (
        <div className="empty-state empty-state-compact">
          <p className="empty-state-title">No members yet</p>
          <p className="muted">{canManage ? 'Add people below so they can see and track this project.' : 'Nobody belongs to this project yet.'}</p>
        </div>
      ) : (
        <div className="table-scroll" role="region" aria-label="Members table" tabIndex={0}>
          <table className="table">
            <caption className="visually-hidden">Members of {project.name}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Member since</th>
                {canManage && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {!members.data ? (
                <TableSkeleton columns={columns} rows={3} label="members" />
              ) : (
                list.map((member) => (
                  <tr key={member.user_id}>
                    <td>
                      {member.full_name}
                      {!member.is_active && <span className="badge badge-muted">Deactivated</span>}
                    </td>
                    <td>{member.email}</td>
                    <td>{member.role === 'admin' ? 'Admin' : 'Member'}</td>
                    <td>
                      <time dateTime={member.added_at}>{formatDate(member.added_at, timeZone)}</time>
                    </td>
                    {canManage && (
                      <td className="cell-actions">
                        <button type="button" className="button button-danger-ghost button-small" onClick={() => setRemoving(member)} aria-label={`Remove ${member.full_name}`}>
                          Remove
                        </button>
                      </td>
                    )}
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      )}
      {members.data && members.data.meta.total > list.length && (
        <p className="muted">
          Showing the first {list.length} of {members.data.meta.total} members.
        </p>
      )}

      {canManage && members.data && <AddMember project={project} memberIds={memberIds} />}

      {removing && (
        <ConfirmDialog
          title={`Remove ${removing.full_name}?`}
          confirmLabel="Remove"
          pendingLabel="Removing…"
          pending={removeMember.isPending}
          error={removeMember.isError ? describeError(removeMember.error) : null}
          onCancel={() => {
            setRemoving(null);
            removeMember.reset();
          }}
          onConfirm={() => removeMember.mutate({ projectId: project.id, userId: removing.user_id }, { onSuccess: () => setRemoving(null) })}
        >
          {removing.full_name} will no longer see {project.name} or its tasks, except tasks they created themselves. You can add them again later.
        </ConfirmDialog>
      )}
    </div>
  );
}
