'use client';
// The error state every route shows: Russian text, a retry, never a stack trace.
import { t } from '@/lib/i18n/ru';

export function RouteError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="card error-card" role="alert">
      <h1>{t.common.errorTitle}</h1>
      <p className="muted">{t.common.errorText}</p>
      {error.digest && <p className="muted small">Код ошибки: {error.digest}</p>}
      <button className="button" type="button" onClick={() => reset()}>{t.common.retry}</button>
    </div>
  );
}
