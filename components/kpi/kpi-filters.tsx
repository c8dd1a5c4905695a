'use client';
// Filters of the KPI views, kept in the URL: a plain GET form (works without JavaScript); with
// JavaScript a change applies at once. Values are the page's parsed, valid ones; `keep` carries
// the view's other state (the figure and status of a drill-down, the ranking's view) along.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { formatDate, formatPeriod } from '@/lib/format';
import { t } from '@/lib/i18n/ru';

const k = t.kpi;

export function KpiFilters({ period, asOf, latestAsOf, months, quarters, teams, team, by, keep }: {
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
}) {
  const pathname = usePathname();
  const submit = (e: React.ChangeEvent<HTMLSelectElement | HTMLInputElement>) => e.currentTarget.form?.requestSubmit();
  // Another team: the specialist chosen before belongs to the old one.
  const submitTeam = (e: React.ChangeEvent<HTMLSelectElement>) => {
    e.currentTarget.form?.querySelector('input[name="specialist"]')?.remove();
    e.currentTarget.form?.requestSubmit();
  };
  return (
    <form method="get" action={pathname} className="filters" aria-label={k.filters}>
      <label className="filter">
        <span>{k.period}</span>
        <select name="period" defaultValue={period} onChange={submit}>
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
        <input type="date" name="asOf" defaultValue={asOf} max={latestAsOf} onChange={submit} title={k.asOfHint(formatDate(latestAsOf))} />
      </label>
      {by && (
        <label className="filter">
          <span>{k.by}</span>
          <select name="by" defaultValue={by} onChange={submit}>
            {Object.entries(k.bys).map(([v, label]) => <option key={v} value={v}>{label}</option>)}
          </select>
        </label>
      )}
      {teams.length > 1 && (
        <label className="filter">
          <span>{k.team}</span>
          <select name="team" defaultValue={team ?? ''} onChange={submitTeam}>
            <option value="">{k.allTeams}</option>
            {teams.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
          </select>
        </label>
      )}
      {Object.entries(keep ?? {}).map(([name, v]) => (v ? <input key={name} type="hidden" name={name} value={v} /> : null))}
      <div className="filter-actions">
        <button type="submit" className="button small">{k.show}</button>
        <Link className="button small" href={pathname}>{k.reset}</Link>
      </div>
    </form>
  );
}
