import { PASSWORD_MIN_LENGTH, PASSWORD_SPECIAL_CHARACTERS, passwordProblems } from '@stint/contracts';
import { Link, useLocation } from 'react-router';
import { useRegister } from '@/api/auth';
import { FormAlert } from '@/components/FormAlert';
import { TextField } from '@/components/TextField';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { useForm } from '@/components/useForm';
import { AuthLayout } from '@/features/auth/AuthLayout';

const LABELS = { full_name: 'Full name', email: 'Email', password: 'Password' } as const;

/**
 * Live password guidance from the same rules the server applies. Advisory only: the form
 * still submits, and the server's answer is what counts.
 */
function PasswordHint({ password }: { password: string }) {
  if (!password) {
    return (
      <p>
        At least {PASSWORD_MIN_LENGTH} characters, with upper- and lower-case letters, a digit and one of <code>{PASSWORD_SPECIAL_CHARACTERS}</code>
      </p>
    );
  }
  const problems = passwordProblems(password);
  if (problems.length === 0) return <p className="hint-ok">✓ Meets all the password rules</p>;
  return (
    <>
      <p>Still needed:</p>
      <ul className="hint-list">
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </>
  );
}

export function RegisterPage() {
  useDocumentTitle('Create your account');
  const location = useLocation();
  const registration = useRegister();
  const form = useForm({
    initial: { full_name: '', email: '', password: '' },
    labels: LABELS,
    validate: ({ full_name, email, password }) => ({
      ...(full_name.trim() ? {} : { full_name: ['Enter your full name'] }),
      ...(email.trim() ? {} : { email: ['Enter your email address'] }),
      ...(password ? {} : { password: ['Choose a password'] }),
    }),
  });

  const onSubmit = form.handleSubmit(({ full_name, email, password }) => registration.mutateAsync({ full_name: full_name.trim(), email: email.trim(), password }));

  return (
    <AuthLayout
      title="Create your account"
      subtitle="Start tracking where your time goes."
      footer={
        <>
          Already have an account?{' '}
          <Link to="/sign-in" state={location.state}>
            Sign in
          </Link>
        </>
      }
    >
      {form.errors.form && <FormAlert>{form.errors.form}</FormAlert>}
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField label={LABELS.full_name} autoComplete="name" autoFocus {...form.text('full_name')} />
        <TextField label={LABELS.email} type="email" autoComplete="email" inputMode="email" spellCheck={false} {...form.text('email')} />
        <TextField
          label={LABELS.password}
          type="password"
          autoComplete="new-password"
          // The server's messages replace the hint until the password is edited, rather than repeat it.
          hint={form.errors.fields.password ? undefined : <PasswordHint password={form.values.password} />}
          {...form.text('password')}
        />
        <button type="submit" className="button button-primary button-block" disabled={form.submitting}>
          {form.submitting ? 'Creating account…' : 'Create account'}
        </button>
      </form>
    </AuthLayout>
  );
}
