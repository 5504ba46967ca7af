import { Link } from 'react-router';
import { useSession } from '@/api/auth';
import { useMe } from '@/api/users';
import { useDocumentTitle } from '@/components/useDocumentTitle';

function greeting(hour: number): string {
  if (hour < 5) return 'Good evening';
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

const FIRST_STEPS = [
  { to: '/projects', title: 'Create a project', text: 'Group your work by client, product or goal.' },
  { to: '/tasks', title: 'Add tasks', text: 'Break the project into the pieces you actually work on.' },
  { to: '/time', title: 'Start a timer', text: 'Press start when you begin and stop when you finish — or add time afterwards.' },
] as const;

/**
 * Nothing can be tracked yet, so the dashboard is an honest empty state that shows the way
 * in. Charts arrive with time entries; an empty chart would only be decoration.
 */
export function DashboardPage() {
  useDocumentTitle('Dashboard');
  const session = useSession();
  const me = useMe();
  const name = me.data?.full_name ?? (session.status === 'signedIn' ? session.user.full_name : '');
  const firstName = name.split(/\s+/)[0];

  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">Dashboard</h1>
        <p className="muted">
          {greeting(new Date().getHours())}
          {firstName ? `, ${firstName}` : ''}.
        </p>
      </header>

      <div className="empty-state empty-state-large">
        <svg className="empty-state-art" viewBox="0 0 64 64" width="64" height="64" aria-hidden="true" focusable="false">
          <circle cx="32" cy="35" r="21" fill="none" stroke="currentColor" strokeWidth="4" />
          <path d="M32 23v12l8 5" fill="none" stroke="currentColor" strokeWidth="4" strokeLinecap="round" strokeLinejoin="round" />
          <path d="M26 8h12" stroke="currentColor" strokeWidth="4" strokeLinecap="round" />
        </svg>
        <h2 className="empty-state-title">No time tracked yet</h2>
        <p className="muted">Once you track time, your hours for today and this week will show up here. Here's how to start:</p>
        <ol className="steps">
          {FIRST_STEPS.map((step, index) => (
            <li key={step.to} className="step">
              <span className="step-number" aria-hidden="true">
                {index + 1}
              </span>
              <span>
                <Link to={step.to} className="step-title">
                  {step.title}
                </Link>
                <span className="step-text">{step.text}</span>
              </span>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
