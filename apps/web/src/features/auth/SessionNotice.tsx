import { restoreSession, useSession } from '@/api/auth';
import { FormAlert } from '@/components/FormAlert';

/** Tells the user on the sign-in page why they are there, when there's something to say. */
export function SessionNotice() {
  const session = useSession();
  if (session.status !== 'signedOut') return null;

  switch (session.reason) {
    case 'signedOut':
      return <FormAlert tone="info">You've been signed out.</FormAlert>;
    case 'expired':
      return <FormAlert tone="info">Your session has ended. Please sign in again.</FormAlert>;
    case 'unreachable':
      return (
        <FormAlert tone="info">
          We couldn't reach the server to restore your session.{' '}
          <button type="button" className="link-button" onClick={() => void restoreSession()}>
            Try again
          </button>
        </FormAlert>
      );
    default:
      return null;
  }
}
