import { useEffect, useId, useRef, useState } from 'react';
import type { DownloadProgress } from '@/api/analytics';
import { describeError } from '@/api/errors';
import { useDeleteMyAccount, useDownloadMyData } from '@/api/privacy';
import { useCurrentUser } from '@/api/users';
import { FormAlert } from '@/components/FormAlert';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { PasswordConfirmDialog } from '@/features/account/PasswordConfirmDialog';
import { RecentFailedSignIns } from '@/features/account/RecentFailedSignIns';
import { formatBytes } from '@/features/reports/CsvDownloadButton';
import { saveFile } from '@/features/reports/save-file';

/** "Download my data": the whole export, streamed in with the bytes received shown, then saved under the server's name. */
export function DownloadMyData() {
  const statusId = useId();
  const download = useDownloadMyData();
  const [progress, setProgress] = useState<DownloadProgress | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const running = useRef<AbortController | null>(null);

  // Leaving the page stops a download still under way.
  useEffect(() => () => running.current?.abort(), []);

  function start() {
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    setSaved(null);
    setProgress(null);
    download.mutate(
      { signal: controller.signal, onProgress: setProgress },
      {
        onSuccess: (file) => {
          if (controller.signal.aborted) return;
          saveFile(file.blob, file.filename);
          setSaved(file.filename);
        },
        onSettled: () => {
          if (running.current === controller) running.current = null;
        },
      },
    );
  }

  const busy = download.isPending;
  let status = '';
  if (busy) status = !progress || progress.receivedBytes === 0 ? 'Preparing your data…' : `Downloading… ${formatBytes(progress.receivedBytes)}`;
  else if (saved) status = `Downloaded ${saved}.`;

  return (
    <div>
      <button type="button" className="button button-primary" onClick={start} disabled={busy} aria-busy={busy || undefined} aria-describedby={statusId}>
        {busy && <span className="spinner" aria-hidden="true" />}
        Download my data
      </button>
      <p id={statusId} role="status" className="muted">
        {status}
      </p>
      {download.isError && <FormAlert>Couldn’t download your data. {describeError(download.error)}</FormAlert>}
    </div>
  );
}

/** "Delete my account": a warning, then the password; on success the session is over and the app shows sign-in. */
export function DeleteMyAccount() {
  const [open, setOpen] = useState(false);
  const remove = useDeleteMyAccount();

  return (
    <div>
      <button type="button" className="button button-danger-ghost" onClick={() => setOpen(true)}>
        Delete my account
      </button>
      {open && (
        <PasswordConfirmDialog
          title="Delete your account?"
          warning={
            <>
              This can’t be undone. Your profile, sessions, rates, personal tasks and the time you tracked outside projects are deleted. Time you tracked on projects stays in their
              budgets and reports as “Deleted user”, without your descriptions. You’ll be signed out everywhere.
            </>
          }
          passwordLabel="Your password"
          confirmLabel="Delete my account"
          pendingLabel="Deleting…"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={(password) => remove.mutate(password)}
          onCancel={() => {
            remove.reset();
            setOpen(false);
          }}
        />
      )}
    </div>
  );
}

/** The signed-in person's own account: who they are, their data (export) and erasure. */
export function AccountPage() {
  useDocumentTitle('Account');
  const user = useCurrentUser();
  if (!user) return null;

  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Account</h1>
        <p className="muted">Your profile and what Stint keeps about you.</p>
      </header>
      <div className="card">
        <h2 className="card-title">Profile</h2>
        <dl className="details">
          <div className="detail">
            <dt>Name</dt>
            <dd>{user.full_name}</dd>
          </div>
          <div className="detail">
            <dt>Email</dt>
            <dd>{user.email}</dd>
          </div>
          <div className="detail">
            <dt>Role</dt>
            <dd>{user.role === 'admin' ? 'Admin' : 'Member'}</dd>
          </div>
          <div className="detail">
            <dt>Time zone</dt>
            <dd>{user.timezone}</dd>
          </div>
        </dl>
      </div>
      <RecentFailedSignIns />
      <section className="section" aria-labelledby="your-data-title">
        <h2 id="your-data-title">Your data</h2>
        <p className="muted">
          One JSON file with everything Stint holds about you: profile, sign-in sessions, project memberships, tasks you created, your time entries with their cost, your rates and
          your security events.
        </p>
        <DownloadMyData />
      </section>
      <section className="section" aria-labelledby="delete-account-title">
        <h2 id="delete-account-title">Delete account</h2>
        <p className="muted">Deleting your account is permanent. Download your data first if you want to keep a copy.</p>
        <DeleteMyAccount />
      </section>
    </section>
  );
}
