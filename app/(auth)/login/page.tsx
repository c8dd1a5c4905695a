import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoginForm } from '@/components/auth/login-form';
import { t } from '@/lib/i18n/ru';

export const metadata: Metadata = { title: t.login.title };

export default function LoginPage() {
  return (
    <div className="center-page login-page">
      <main className="card narrow">
        <p className="brand">{t.product}</p>
        <h1>{t.login.title}</h1>
        <p className="muted">{t.login.subtitle}</p>
        {/* useSearchParams (callbackUrl, error) needs a Suspense boundary */}
        <Suspense fallback={<p className="muted">{t.common.loading}</p>}>
          <LoginForm />
        </Suspense>
      </main>
    </div>
  );
}
