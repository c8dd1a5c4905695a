'use client';
// Filters of the KPI views, kept in the URL (components/ui/filter-form.tsx): with JavaScript a
// change applies at once. Values are the page's parsed, valid ones; `keep` carries the view's
// other state (the figure and status of a drill-down, the ranking's view) along; a chosen
// specialist is shown with a link that drops it.
import { commitDate, FilterForm, SpecialistFilter, submitChange, submitTeamChange } from '@/components/ui/filter-form';
import { formatDate, formatPeriod } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { DateField } from '@/components/ui/date-field';

const k = t.kpi;

export function KpiFilters({ period, asOf, latestAsOf, months, quarters, teams, team, by, keep, specialist }: {
  period: string;
  asOf: string;
  latestAsOf: string;
  months: string[];
  quarters: string[];
  teams: Array<{ id: string; name: string }>;
  team?: string;
  /** The ranking's grouping; omitted: no choice offered (a team or specialist is chosen, or a view without it). */
  by?: string;
  keep?: Record<string, string | undefined>;
  /** The chosen specialist, shown among the filters, and the view without them. */
  specialist?: { id: string; name: string | null; clearHref: string };
}) {
  return (
    <FilterForm label={k.filters}>
      <label className="filter">
        <span>{k.period}</span>
        <select name="period" defaultValue={period} onChange={submitChange}>
          <optgroup label={k.months}>
            {months.map((p) => <option key={p} value={p}>{formatPeriod(p)}</option>)}
          </optgroup>
          <optgroup label={k.quarters}>
            {quarters.map((p) => <option key={p} value={p}>{formatPeriod(p)}</option>)}
          </optgroup>
        </select>
      </label>
      <label className="filter">
        <span>{k.asOf}</span>
        <DateField name="asOf" value={asOf} max={latestAsOf} onCommit={commitDate} title={k.asOfHint(formatDate(latestAsOf))} />
      </label>
      {by && (
        <label className="filter">
          <span>{k.by}</span>
          <select name="by" defaultValue={by} onChange={submitChange}>
            {Object.entries(k.bys).map(([v, label]) => <option key={v} value={v}>{label}</option>)}
          </select>
        </label>
      )}
      {teams.length > 0 && (
        <label className="filter">
          <span>{k.team}</span>
          <select name="team" defaultValue={team ?? ''} onChange={submitTeamChange}>
            <option value="">{k.allTeams}</option>
            {teams.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
          </select>
        </label>
      )}
      {specialist && <SpecialistFilter id={specialist.id} name={specialist.name} clearHref={specialist.clearHref} />}
      {Object.entries(keep ?? {}).map(([name, v]) => (v && !(specialist && name === 'specialist') ? <input key={name} type="hidden" name={name} value={v} /> : null))}
    </FilterForm>
  );
}
