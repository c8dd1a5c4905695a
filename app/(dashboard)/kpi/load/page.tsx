// Нагрузка (issue 6): each specialist's portfolio as known on the date: active clients (and against
// the team's mean), roubles billed to them in the period, open threats, overdue contacts and
// agreements, to support moving clients between specialists (lib/kpi/load.ts). Every count opens
// its rows; the name opens the specialist's Показатели.
import type { Metadata } from 'next';
import { drillHref, kpiHref } from '@/components/kpi/href';
import { KpiFilters } from '@/components/kpi/kpi-filters';
import { KpiTabs } from '@/components/kpi/kpi-tabs';
import s from '@/components/kpi/kpi.module.css';
import { DataTable, type DataColumn, type DataRow } from '@/components/tables/data-table';
import { requirePageScope } from '@/lib/auth/session';
import { formatDate, formatInt, formatPeriod } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { getPortfolioLoad } from '@/lib/kpi/load';
import { parseKpiParamsLenient } from '@/lib/kpi/params';
import { kpiPeriodChoices } from '@/lib/kpi/period';
import { getScopeTeams } from '@/lib/org/teams';

export const metadata: Metadata = { title: t.kpi.loadTitle };

const MAX_ROWS = 1000;

const l = t.kpi.load;

export default async function KpiLoadPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const scope = await requirePageScope();
  const p = await parseKpiParamsLenient(await searchParams, 'specialist');
  const [load, teams] = await Promise.all([
    getPortfolioLoad({ window: p.window, asOf: p.asOf, scope, teamId: p.team }),
    getScopeTeams(scope),
  ]);
  const link = { period: p.period, asOf: p.asOf, latestAsOf: p.latestAsOf };
  const { months, quarters } = kpiPeriodChoices(p.latestAsOf);
  const columns: DataColumn[] = [
    { key: 'name', label: l.cols.name, kind: 'text', hrefKey: 'href' },
    { key: 'teamName', label: l.cols.team, kind: 'text' },
    { key: 'clients', label: l.cols.clients, kind: 'int', hrefKey: 'clientsHref' },
    { key: 'clientsVsTeam', label: l.cols.clientsVsTeam, kind: 'int', classKey: 'vsClass' },
    { key: 'billed', label: l.cols.billed, kind: 'rub' },
    { key: 'openThreats', label: l.cols.threats, kind: 'int', hrefKey: 'threatsHref', classKey: 'threatsClass' },
    { key: 'overdueContacts', label: l.cols.overdueContacts, kind: 'int', hrefKey: 'contactsHref' },
    { key: 'overdueAgreements', label: l.cols.overdueAgreements, kind: 'int', hrefKey: 'agreementsHref' },
  ];
  // A company of thousands of specialists: the largest portfolios first, at most MAX_ROWS of them
  // on the page (the team filter narrows); the total still covers everyone.
  const shown = load.rows.length > MAX_ROWS ? [...load.rows].sort((a, b) => b.clients - a.clients).slice(0, MAX_ROWS) : load.rows;
  const rows: DataRow[] = shown.map((r) => {
    const who = { specialist: r.id };
    return {
      name: r.name, href: kpiHref({ ...link, specialist: r.id }), teamName: r.teamName,
      clients: r.clients, clientsHref: drillHref(link, 'active', who),
      clientsVsTeam: r.clientsVsTeamPct === null ? null : Math.round(r.clientsVsTeamPct),
      // A portfolio a fifth above the team's mean is worth a look.
      vsClass: r.clientsVsTeamPct !== null && r.clientsVsTeamPct >= 120 ? 'warn' : null,
      billed: r.billed,
      openThreats: r.openThreats, threatsHref: r.openThreats > 0 ? drillHref(link, 'threats-unresolved', who) : null,
      threatsClass: r.openThreats > 0 ? 'warn' : null,
      overdueContacts: r.overdueContacts, contactsHref: r.overdueContacts > 0 ? drillHref(link, 'calls-overdue', who) : null,
      overdueAgreements: r.overdueAgreements, agreementsHref: r.overdueAgreements > 0 ? drillHref(link, 'agreements-overdue', who) : null,
    };
  });
  const footer: DataRow = { name: l.total, teamName: null, clientsVsTeam: null, ...load.total };

  return (
    <>
      <div className="page-head">
        <h1>{t.kpi.loadTitle}</h1>
        <span className="muted">{formatPeriod(p.period)} · {t.kpi.asOf.toLowerCase()} {formatDate(p.asOf)}</span>
      </div>
      <KpiTabs current="load" s={{ ...link, team: p.team }} />
      <KpiFilters period={p.period} asOf={p.asOf} latestAsOf={p.latestAsOf} months={months} quarters={quarters} teams={teams} team={p.team} />
      <p className="muted">{l.intro}</p>
      <p className="muted small">{l.billedNote(formatPeriod(p.period))}</p>
      {shown.length < load.rows.length && <p className="muted" data-testid="load-shown">{l.shownOf(formatInt(shown.length), formatInt(load.rows.length))}</p>}
      {rows.length === 0 ? (
        <div className="card"><p className="muted">{l.empty}</p></div>
      ) : (
        <div className={s.wrapHeads}>
          <DataTable columns={columns} rows={rows} footer={footer} csvName={`nagruzka-${p.period}-${p.asOf}${p.team ? `-${p.team}` : ''}.csv`}
            initialSort={[{ id: 'clients', desc: true }]} />
        </div>
      )}
    </>
  );
}
