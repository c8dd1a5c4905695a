// Должники (issue 3): clients with unpaid invoices of periods before the chosen one, as known on
// the as-of date: outstanding roubles, oldest due date, days overdue and aging buckets, by client,
// specialist or team (metrics.md "Debtors"; lib/metrics/debtors.ts).
import type { Metadata } from 'next';
import { PaymentsFilters } from '@/components/dashboard/payments-filters';
import { PaymentsTabs } from '@/components/dashboard/payments-tabs';
import { DataTable, type DataColumn, type DataRow } from '@/components/tables/data-table';
import { requirePageScope } from '@/lib/auth/session';
import { formatDate, formatInt, formatPeriod, formatPeriodGenitive } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { DEFAULT_DEBTOR_LIMIT, getDebtors, MAX_DEBTOR_LIMIT, type DebtorGrouping, type DebtorTotals } from '@/lib/metrics/debtors';
import { parsePaymentParamsLenient } from '@/lib/metrics/params';
import { addMonths, periodOf } from '@/lib/metrics/period';
import { getSpecialistName } from '@/lib/org/specialists';
import { getScopeTeams } from '@/lib/org/teams';
import { paymentsHref } from '../href';
import { TileMoney } from '@/components/ui/money';
import { HowLink } from '@/components/ui/how-link';
import { METRIC_DOCS } from '@/lib/docs/anchors';

export const metadata: Metadata = { title: t.debtors.title };

const d = t.debtors;
const buckets = ['notDue', 'd1_30', 'd31_60', 'd61_90', 'd90plus'] as const;

export default async function DebtorsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const scope = await requirePageScope();
  const sp = await searchParams;
  const p = await parsePaymentParamsLenient(sp, 'client');
  const by: DebtorGrouping = p.by === 'team' || p.by === 'specialist' ? p.by : 'client';
  // ?limit=: rows shown, largest first; anything else falls back to the default.
  const asked = Number(typeof sp.limit === 'string' ? sp.limit : NaN);
  const limit = Number.isInteger(asked) && asked >= 1 && asked <= MAX_DEBTOR_LIMIT ? asked : DEFAULT_DEBTOR_LIMIT;
  const [debtors, teams, specName] = await Promise.all([
    getDebtors({ period: p.period, asOf: p.asOf, by, scope, teamId: p.team, specialistId: p.specialist, limit }),
    getScopeTeams(scope),
    p.specialist ? getSpecialistName(p.specialist) : Promise.resolve(null),
  ]);

  const first: DataColumn = by === 'client' ? { key: 'name', label: d.client, kind: 'text', hrefKey: 'href' }
    : { key: 'name', label: by === 'team' ? d.team : d.specialist, kind: 'text', hrefKey: 'href' };
  const columns: DataColumn[] = [
    first,
    // The debt and «Больше 90 дн.» always show; the rest give way on narrower screens («Столбцы»).
    ...(by === 'client' ? [{ key: 'specialistName', label: d.specialist, kind: 'text', priority: 2 } as DataColumn] : [{ key: 'clients', label: d.clients, kind: 'int', priority: 2 } as DataColumn]),
    { key: 'outstanding', label: d.outstanding, kind: 'rub' },
    { key: 'oldestDueOn', label: d.oldestDue, short: d.oldestDueShort, kind: 'date', priority: 3 },
    { key: 'daysOverdue', label: d.daysOverdue, short: d.daysOverdueShort, kind: 'int' },
    // Not-yet-due debt is shown only when there is some: periods before P are normally all due.
    ...buckets.filter((b) => b !== 'notDue' || debtors.total.notDue > 0)
      .map((b): DataColumn => ({ key: b, label: d[b], kind: 'rub', priority: b === 'd90plus' || b === 'd1_30' ? 1 : 3 })),
  ];
  const href = (id: string | null): string | null => {
    if (id === null) return null;
    if (by === 'client') return `/clients/${encodeURIComponent(id)}`;
    if (by === 'team') return paymentsHref({ ...p, by: 'specialist', team: id, specialist: undefined }, '/payments/debtors');
    return paymentsHref({ ...p, by: 'client', specialist: id }, '/payments/debtors');
  };
  const rows: DataRow[] = debtors.rows.map((r) => ({ ...pick(r), name: r.name, href: href(r.id), specialistName: r.specialistName }));
  const partial = debtors.rowCount > rows.length;
  const footer: DataRow = { ...pick(debtors.total), name: partial ? d.totalAll(formatInt(debtors.rowCount)) : d.total, specialistName: null };
  const more = Math.min(debtors.rowCount, MAX_DEBTOR_LIMIT, Math.max(limit * 4, 2000));
  const self = paymentsHref({ ...p, by }, '/payments/debtors');
  const moreHref = `${self}${self.includes('?') ? '&' : '?'}limit=${more}`;
  const periods = Array.from({ length: 24 }, (_, i) => addMonths(periodOf(p.latestAsOf), -i));

  return (
    <>
      <div className="page-head">
        <h1>{d.title}</h1>
        <span className="muted">{t.payments.asOf.toLowerCase()} {formatDate(p.asOf)}</span>
      </div>
      <PaymentsTabs current="debtors" p={p} />
      <PaymentsFilters v={{ ...p, by }} periods={periods} teams={teams} bys={scope.role === 'specialist' ? undefined : ['client', 'specialist', 'team']} byLabels={d.bys}
        specialist={p.specialist && scope.role !== 'specialist' ? { name: specName ?? null, clearHref: paymentsHref({ ...p, by: 'specialist', specialist: undefined }, '/payments/debtors') } : undefined} />
      <p className="muted">{d.intro(formatPeriodGenitive(p.period))}</p>
      <section className="tiles" aria-label={d.title}>
        <div className="tile"><div className="tile-label">{d.outstanding}</div><div className="tile-value"><TileMoney value={debtors.total.outstanding} /></div>
          <div className="tile-sub muted">{d.clients}: {formatInt(debtors.total.clients)}, {d.invoices.toLowerCase()}: {formatInt(debtors.total.invoices)}</div>
          <HowLink anchor={METRIC_DOCS.debtors} /></div>
        {buckets.slice(1).map((b) => (
          <div className="tile" key={b}><div className="tile-label">{d[b]}</div><div className={`tile-value ${b === 'd90plus' && debtors.total[b] > 0 ? 'down' : ''}`}><TileMoney value={debtors.total[b]} /></div></div>
        ))}
      </section>
      {partial && (
        <p className="muted" data-testid="debtors-shown">
          {d.shown(formatInt(rows.length), formatInt(debtors.rowCount))}{' '}
          {more > rows.length && <a href={moreHref}>{d.showMore(formatInt(more))}</a>}
        </p>
      )}
      {rows.length === 0 ? <div className="card"><p className="muted">{d.empty}</p></div> : (
        <DataTable columns={columns} rows={rows} footer={footer} csvName={`dolzhniki-${p.period}-${p.asOf}-${by}.csv`} initialSort={[{ id: 'outstanding', desc: true }]} />
      )}
    </>
  );
}

function pick(r: DebtorTotals): DataRow {
  return {
    outstanding: r.outstanding, invoices: r.invoices, clients: r.clients, oldestDueOn: r.oldestDueOn, daysOverdue: r.daysOverdue,
    notDue: r.notDue, d1_30: r.d1_30, d31_60: r.d31_60, d61_90: r.d61_90, d90plus: r.d90plus,
  };
}
