import Link from 'next/link';
import { t } from '@/lib/i18n/ru';

export default function NotFound() {
  return (
    <div className="center-page">
      <div className="card narrow">
        <h1>{t.common.notFoundTitle}</h1>
        <p className="muted">{t.common.notFoundText}</p>
        <Link className="button" href="/">{t.common.toHome}</Link>
      </div>
    </div>
  );
}
