import { t } from '@/lib/i18n/ru';

/** A view that is planned but not built yet: says so plainly, and what it will show. */
export function ComingSoon({ title, what }: { title: string; what: string }) {
  return (
    <>
      <div className="page-head">
        <h1>{title}</h1>
        <span className="badge badge-muted">{t.common.comingBadge}</span>
      </div>
      <div className="card">
        <p>{what}</p>
      </div>
    </>
  );
}
