import type { FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { useLogin } from '@/api/auth';
import { toFormErrors } from '@/api/errors';
import { FormAlert } from '@/components/FormAlert';
import { TextField } from '@/components/TextField';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { useFormFields } from '@/components/useFormFields';
import { AuthLayout } from '@/features/auth/AuthLayout';
import { SessionNotice } from '@/features/auth/SessionNotice';

const LABELS = { email: 'Email', password: 'Password' } as const;
const FIELDS = Object.keys(LABELS) as (keyof typeof LABELS)[];

export function SignInPage() {
  useDocumentTitle('Sign in');
  const location = useLocation();
  const login = useLogin();
  const form = useFormFields(FIELDS, { email: '', password: '' });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (login.isPending) return;
    const { email, password } = form.values;
    const missing = {
      ...(email.trim() ? {} : { email: ['Enter your email address'] }),
      ...(password ? {} : { password: ['Enter your password'] }),
    };
    if (Object.keys(missing).length > 0) return form.showErrors({ fields: missing, form: null });

    form.clearErrors();
    // On success the session changes and GuestOnly moves on to the page the user wanted.
    login.mutate({ email: email.trim(), password }, { onError: (error) => form.showErrors(toFormErrors(error, LABELS)) });
  }

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
        <TextField label={LABELS.email} type="email" autoComplete="email" inputMode="email" spellCheck={false} autoFocus {...form.field('email')} />
        <TextField label={LABELS.password} type="password" autoComplete="current-password" {...form.field('password')} />
        <button type="submit" className="button button-primary button-block" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthLayout>
  );
}
