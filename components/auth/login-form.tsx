'use client';
// Sign-in form: next-auth credentials without a redirect, so errors (wrong password, lockout)
// are shown here in Russian; then on to the page the user wanted (a local path only).
import { signIn } from 'next-auth/react';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { LOCKED_PREFIX } from '@/lib/auth/types';
import { t } from '@/lib/i18n/ru';

/** Only same-site paths: an absolute URL in callbackUrl must not send the user elsewhere. */
function safeCallback(v: string | null): string {
  if (!v) return '/';
  try {
    const u = new URL(v, window.location.origin);
    if (u.origin !== window.location.origin || u.pathname.startsWith('/login')) return '/';
    return u.pathname + u.search + u.hash;
  } catch {
    return '/';
  }
}

function messageFor(error: string): string {
  if (error.startsWith(LOCKED_PREFIX)) return t.login.locked(Number(error.slice(LOCKED_PREFIX.length)) || 60);
  if (error === 'CredentialsSignin') return t.login.wrong;
  return t.login.failed;
}

export function LoginForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(params.get('error') ? messageFor(params.get('error')!) : null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const res = await signIn('credentials', {
        redirect: false,
        username: String(form.get('username') ?? ''),
        password: String(form.get('password') ?? ''),
      });
      if (!res || res.error || !res.ok) {
        setError(messageFor(res?.error ?? ''));
        setBusy(false);
        return;
      }
      router.replace(safeCallback(params.get('callbackUrl')));
      router.refresh();
    } catch {
      setError(t.login.failed);
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <label className="field">
        <span>{t.login.login}</span>
        <input name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required autoFocus />
      </label>
      <label className="field">
        <span>{t.login.password}</span>
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && <p className="form-error" role="alert">{error}</p>}
      <button className="button primary wide" type="submit" disabled={busy}>
        {busy ? t.login.submitting : t.login.submit}
      </button>
    </form>
  );
}
