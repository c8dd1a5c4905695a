import { t } from '@/lib/i18n/ru';

/** The loading state every route shows while its server component reads data. */
export function RouteLoading() {
  return (
    <div className="route-loading" aria-busy="true" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {t.common.loading}
    </div>
  );
}
