// The card's title row: name, status on D, the as-of date picker (a plain GET form, so it works
// before hydration; the timeline filter is kept) and the «Подготовиться к контакту» button.
import Link from 'next/link';
import type { TimelineKind } from '@/lib/clients/card-params';
import { formatDate } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import s from './card.module.css';
import { DateField } from '@/components/ui/date-field';

export function CardHead({ clientId, name, status, asOf, latestAsOf, kind }: {
  clientId: string; name: string; status: string; asOf: string; latestAsOf: string; kind: TimelineKind | null;
}) {
  const k = t.card;
  return (
    <div className={s.head}>
      <div className={s.headTitle}>
        <h1>{name}</h1>
        <span className={`badge status-${status}`} title={k.status}>{t.clientStatus[status] ?? status}</span>
        <span className="muted small">{k.asOfNote(formatDate(asOf))}</span>
      </div>
      <div className={s.actions}>
        <form className={s.asOfForm} method="get" action={`/clients/${encodeURIComponent(clientId)}`}>
          <label>
            {k.asOf}
            <DateField name="asOf" value={asOf} max={latestAsOf} required title={`${k.latest}: ${formatDate(latestAsOf)}`} />
          </label>
          {kind && <input type="hidden" name="kind" value={kind} />}
          <button type="submit" className="button">{k.show}</button>
        </form>
        <Link className={`button primary ${s.prepare}`} href={`/clients/${encodeURIComponent(clientId)}/prepare`}>{k.prepare}</Link>
      </div>
    </div>
  );
}
