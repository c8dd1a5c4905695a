'use client';
// Filters of the payment views, kept in the URL (components/ui/filter-form.tsx): with JavaScript
// every change applies at once. Values are the page's parsed, valid ones; a chosen specialist is
// shown with a link that drops it.
import { commitDate, FilterForm, SpecialistFilter, submitChange, submitTeamChange } from '@/components/ui/filter-form';
import { formatDate, formatPeriod } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { DateField } from '@/components/ui/date-field';

export interface FilterValues {
  period: string;
  asOf: string;
  latestAsOf: string;
  span?: string;
  by?: string;
  team?: string;
  specialist?: string;
}

export function PaymentsFilters({ v, periods, teams, spans, bys, byLabels = t.payments.bys, byName = 'by', withAllPeriods, specialist }: {
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
  /** The chosen specialist's name and the view without them (when `v.specialist` is set). */
  specialist?: { name: string | null; clearHref: string };
}) {
  return (
    <FilterForm label={t.payments.filters}>
      <label className="filter">
        <span>{t.payments.period}</span>
        <select name="period" defaultValue={v.period} onChange={submitChange}>
          {withAllPeriods && <option value="">{withAllPeriods}</option>}
          {periods.map((p) => <option key={p} value={p}>{formatPeriod(p)}</option>)}
        </select>
      </label>
      <label className="filter">
        <span>{t.payments.asOf}</span>
        <DateField name="asOf" value={v.asOf} max={v.latestAsOf} onCommit={commitDate} title={t.payments.asOfHint(formatDate(v.latestAsOf))} />
      </label>
      {spans && (
        <label className="filter">
          <span>{t.payments.span}</span>
          <select name="span" defaultValue={v.span} onChange={submitChange}>
            {spans.map((s) => <option key={s} value={s}>{t.payments.spans[s]}</option>)}
          </select>
        </label>
      )}
      {bys && (
        <label className="filter">
          <span>{t.payments.by}</span>
          <select name={byName} defaultValue={v.by} onChange={submitChange}>
            {bys.map((s) => <option key={s} value={s}>{byLabels[s]}</option>)}
          </select>
        </label>
      )}
      <label className="filter">
        <span>{t.payments.team}</span>
        <select name="team" defaultValue={v.team ?? ''} onChange={submitTeamChange}>
          <option value="">{t.payments.allTeams}</option>
          {teams.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
        </select>
      </label>
      {v.specialist && (specialist
        ? <SpecialistFilter id={v.specialist} name={specialist.name} clearHref={specialist.clearHref} />
        : <input type="hidden" name="specialist" value={v.specialist} />)}
    </FilterForm>
  );
}
