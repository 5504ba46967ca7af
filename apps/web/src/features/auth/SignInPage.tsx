import { Link, useLocation } from 'react-router';
import { useLogin } from '@/api/auth';
import { FormAlert } from '@/components/FormAlert';
import { TextField } from '@/components/TextField';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { useForm } from '@/components/useForm';
import { AuthLayout } from '@/features/auth/AuthLayout';
import { SessionNotice } from '@/features/auth/SessionNotice';

const LABELS = { email: 'Email', password: 'Password' } as const;

export function SignInPage() {
  useDocumentTitle('Sign in');
  const location = useLocation();
  const login = useLogin();
  const form = useForm({
    initial: { email: '', password: '' },
    labels: LABELS,
    validate: ({ email, password }) => ({
      ...(email.trim() ? {} : { email: ['Enter your email address'] }),
      ...(password ? {} : { password: ['Enter your password'] }),
    }),
  });

  // On success the session changes and GuestOnly moves on to the page the user wanted.
  const onSubmit = form.handleSubmit(({ email, password }) => login.mutateAsync({ email: email.trim(), password }));

  return (
    <AuthLayout
      title="Sign in"
      subtitle="Welcome back. Sign in to track your time."
      footer={
        <>
          New to Stint?{' '}
          <Link to="/register" state={location.state}>
            Create an account
          </Link>
        </>
      }
    >
      {!form.errors.form && <SessionNotice />}
      {form.errors.form && <FormAlert>{form.errors.form}</FormAlert>}
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField label={LABELS.email} type="email" autoComplete="email" inputMode="email" spellCheck={false} autoFocus {...form.text('email')} />
        <TextField label={LABELS.password} type="password" autoComplete="current-password" {...form.text('password')} />
        <button type="submit" className="button button-primary button-block" disabled={form.submitting}>
          {form.submitting ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthLayout>
  );
}
