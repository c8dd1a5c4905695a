// The rows behind a KPI number (issue 6 "every number opens the list behind it"): overdue planned
// contacts, late entries, clients with missing data and which fields, overdue agreements,
// agreements done without feedback, threats with reaction times, and the sales results' rows;
// each row links to its client card; CSV of the whole list. Filters in the URL: ?control=,
// ?period=, ?asOf=, ?team= / ?specialist=, ?status= all|ok|bad|pending, ?limit=.
import type { Metadata } from 'next';
import Link from 'next/link';
import { clientHref, drillHref, kpiHref } from '@/components/kpi/href';
import { DrillTable, type DrillTableRow } from '@/components/kpi/drill-table';
import { KpiFilters } from '@/components/kpi/kpi-filters';
import s from '@/components/kpi/kpi.module.css';
import { requirePageScope } from '@/lib/auth/session';
import { formatDate, formatInt, formatMoney, formatPct, formatPeriod } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { drillKeys, type DrillFilter, type DrillKey } from '@/lib/kpi/drill';
import { parseKpiParamsLenient } from '@/lib/kpi/params';
import { kpiPeriodChoices } from '@/lib/kpi/period';
import { DEFAULT_DRILL_LIMIT, drillDefs, getKpiRows, MAX_DRILL_LIMIT } from '@/lib/kpi/rows';
import { getKpiSubject, scopeAllKey } from '@/lib/kpi/subject';
import { getScopeTeams } from '@/lib/org/teams';

export const metadata: Metadata = { title: t.kpi.rowsTitle };

const k = t.kpi;
/** Lists of things late "now": they do not depend on the period. */
const NOW: ReadonlySet<DrillKey> = new Set(['calls-overdue', 'agreements-overdue', 'threats-open', 'threats-unresolved']);
const MONEY: ReadonlySet<DrillKey> = new Set(['payments', 'revenue']);

export default async function KpiRowsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const scope = await requirePageScope();
  const sp = await searchParams;
  const p = await parseKpiParamsLenient(sp, 'specialist');
  const rawControl = typeof sp.control === 'string' ? sp.control : '';
  const key: DrillKey = (drillKeys as readonly string[]).includes(rawControl) ? (rawControl as DrillKey) : 'calls';
  const def = drillDefs[key];
  // Problems first: a share opens on its violations unless another filter is asked for.
  const filter: DrillFilter = def.statuses ? p.status ?? 'bad' : 'all';
  const limit = p.limit ?? DEFAULT_DRILL_LIMIT;
  const [rows, subject, teams] = await Promise.all([
    getKpiRows({ window: p.window, asOf: p.asOf, scope, teamId: p.specialist ? undefined : p.team, specialistId: p.specialist, key, filter, limit }),
    getKpiSubject({ specialistId: p.specialist, teamId: p.specialist ? undefined : p.team }),
    getScopeTeams(scope),
  ]);
  const link = { period: p.period, asOf: p.asOf, latestAsOf: p.latestAsOf };
  const who = { team: p.specialist ? undefined : p.team, specialist: p.specialist };
  const { months, quarters } = kpiPeriodChoices(p.latestAsOf);
  const c = rows.counts;

  const tableRows: DrillTableRow[] = rows.rows.map((r) => ({
    id: r.id, clientName: r.clientName, clientHref: clientHref(r.clientId, p.asOf, p.latestAsOf),
    specialistName: r.specialistName, teamName: r.teamName, status: r.status, fields: r.fields,
  }));
  const statusGroups = def.statuses
    ? Object.fromEntries((['ok', 'bad', 'pending'] as const).flatMap((g) => def.statuses![g].map((st) => [st, g]))) as Record<string, 'ok' | 'bad' | 'pending'>
    : null;
  const csv = (() => {
    const q = new URLSearchParams({ period: p.period, asOf: p.asOf, status: filter, format: 'csv', limit: String(MAX_DRILL_LIMIT) });
    if (who.team) q.set('team', who.team);
    if (who.specialist) q.set('specialist', who.specialist);
    return `/api/v1/kpi/${key}/rows?${q}`;
  })();
  const more = Math.min(rows.matching, MAX_DRILL_LIMIT, Math.max(limit * 4, 2000));
  const moreHref = `${drillHref(link, key, who, filter)}&limit=${more}`;
  // The figure the list adds up to: the same numbers the page and the API show for it.
  const amount = (v: number | null) => (MONEY.has(key) ? formatMoney(v) : formatInt(v));
  const figure = def.statuses
    ? k.figure(formatPct(c.denominator ? (100 * c.numerator) / c.denominator : null), amount(c.numerator), amount(c.denominator))
    : MONEY.has(key) ? k.figureSum(formatMoney(c.numerator)) : k.figureCount(formatInt(c.all));
  const title = subject.specialistName ?? subject.teamName ?? k.scopeAll[scopeAllKey(scope)];

  return (
    <>
      <p className="crumbs"><Link href={kpiHref({ ...link, team: who.team, specialist: who.specialist })}>{k.back}</Link></p>
      <div className="page-head">
        <h1>{k.drill[key]}</h1>
        <span className="muted">
          {title} · {NOW.has(key) ? k.drillNow : formatPeriod(p.period)} · {k.asOf.toLowerCase()} {formatDate(p.asOf)}
        </span>
      </div>
      <KpiFilters period={p.period} asOf={p.asOf} latestAsOf={p.latestAsOf} months={months} quarters={quarters} teams={teams}
        team={subject.teamId ?? undefined} keep={{ control: key, status: def.statuses ? filter : undefined, specialist: p.specialist }} />
      <p data-testid="kpi-figure"><strong>{figure}</strong>{key === 'completeness' ? ` ${k.checksNote}` : ''}</p>
      {def.statuses && (
        <nav className={s.filterTabs} aria-label={k.filters}>
          {([['all', k.filterAll(formatInt(c.all))], ['bad', k.filterBad(formatInt(c.bad ?? 0))], ['ok', k.filterOk(formatInt(c.ok ?? 0))],
            ...(def.statuses.pending.length ? [['pending', k.filterPending(formatInt(c.pending ?? 0))]] : [])] as Array<[DrillFilter, string]>).map(([f, label]) => (
            <Link key={f} className={s.chip} href={drillHref(link, key, who, f)} aria-current={f === filter ? 'page' : undefined}>{label}</Link>
          ))}
        </nav>
      )}
      {(c.pending ?? 0) > 0 && <p className="muted small">{k.pendingNote}</p>}
      <div className="toolbar">
        <span className="muted small" data-testid="kpi-rows-shown">{k.shownOf(formatInt(rows.rows.length), formatInt(rows.matching))}</span>
        {rows.matching > rows.rows.length && more > rows.rows.length && <Link className="button small" href={moreHref}>{t.debtors.showMore(formatInt(more))}</Link>}
        <a className="button small" href={csv} download>{k.csvAll(rows.matching)}</a>
      </div>
      {tableRows.length === 0 ? (
        <div className="card"><p className="muted">{k.empty}</p></div>
      ) : (
        <DrillTable control={key} rows={tableRows} fields={def.fields.map((f) => ({ key: f.key, kind: f.kind }))} statusGroups={statusGroups} showTeam={!p.specialist} />
      )}
    </>
  );
}
