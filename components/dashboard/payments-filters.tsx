'use client';
// Filters of the payment views, kept in the URL: a plain GET form (works without JavaScript);
// with JavaScript every change applies at once. Values are the page's parsed, valid ones.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { formatDate, formatPeriod } from '@/lib/format';
import { t } from '@/lib/i18n/ru';

export interface FilterValues {
  period: string;
  asOf: string;
  latestAsOf: string;
  span?: string;
  by?: string;
  team?: string;
  specialist?: string;
}

export function PaymentsFilters({ v, periods, teams, spans, bys, byLabels = t.payments.bys, byName = 'by', withAllPeriods }: {
  v: FilterValues;
  periods: string[];
  teams: Array<{ id: string; name: string }>;
  spans?: readonly string[];
  bys?: readonly string[];
  /** Labels of the grouping options, and the URL key they go to. */
  byLabels?: Record<string, string>;
  byName?: string;
  /** Offer "all periods" (the acts view): the period is then optional. */
  withAllPeriods?: string;
}) {
  const pathname = usePathname();
  const submit = (e: React.ChangeEvent<HTMLSelectElement | HTMLInputElement>) => e.currentTarget.form?.requestSubmit();
  return (
    <form method="get" action={pathname} className="filters" aria-label={t.payments.filters}>
      <label className="filter">
        <span>{t.payments.period}</span>
        <select name="period" defaultValue={v.period} onChange={submit}>
          {withAllPeriods && <option value="">{withAllPeriods}</option>}
          {periods.map((p) => <option key={p} value={p}>{formatPeriod(p)}</option>)}
        </select>
      </label>
      <label className="filter">
        <span>{t.payments.asOf}</span>
        <input type="date" name="asOf" defaultValue={v.asOf} max={v.latestAsOf} onChange={submit} title={t.payments.asOfHint(formatDate(v.latestAsOf))} />
      </label>
      {spans && (
        <label className="filter">
          <span>{t.payments.span}</span>
          <select name="span" defaultValue={v.span} onChange={submit}>
            {spans.map((s) => <option key={s} value={s}>{t.payments.spans[s]}</option>)}
          </select>
        </label>
      )}
      {bys && (
        <label className="filter">
          <span>{t.payments.by}</span>
          <select name={byName} defaultValue={v.by} onChange={submit}>
            {bys.map((s) => <option key={s} value={s}>{byLabels[s]}</option>)}
          </select>
        </label>
      )}
      <label className="filter">
        <span>{t.payments.team}</span>
        <select name="team" defaultValue={v.team ?? ''} onChange={submit}>
          <option value="">{t.payments.allTeams}</option>
          {teams.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
        </select>
      </label>
      {v.specialist && <input type="hidden" name="specialist" value={v.specialist} />}
      <div className="filter-actions">
        <button type="submit" className="button small">{t.payments.show}</button>
        <Link className="button small" href={pathname}>{t.payments.reset}</Link>
      </div>
    </form>
  );
}
