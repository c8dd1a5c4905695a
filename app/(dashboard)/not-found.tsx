import Link from 'next/link';
import { t } from '@/lib/i18n/ru';

/** Not found inside the signed-in shell (missing or out-of-scope client, unknown load). */
export default function DashboardNotFound() {
  return (
    <div className="card narrow">
      <h1>{t.common.notFoundTitle}</h1>
      <p className="muted">{t.common.notFoundText}</p>
      <Link className="button" href="/">{t.common.toHome}</Link>
    </div>
  );
}
