// Кому позвонить (issue 20): the roubles still needed to reach the pace line today and 80 % on the
// 20th, and the open invoices of the period ranked by roubles at risk (metrics.md "Who to call";
// lib/metrics/payment-calls.ts); each row opens the client card and the payment-delay preparation.
import type { Metadata } from 'next';
import { PaymentsFilters } from '@/components/dashboard/payments-filters';
import { PaymentsTabs } from '@/components/dashboard/payments-tabs';
import { DataTable, type DataColumn, type DataRow } from '@/components/tables/data-table';
import { TileMoney } from '@/components/ui/money';
import { HowLink } from '@/components/ui/how-link';
import { requirePageScope } from '@/lib/auth/session';
import { METRIC_DOCS } from '@/lib/docs/anchors';
import { formatDate, formatInt, formatMoneyCompact, formatPeriod } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { parsePaymentParamsLenient } from '@/lib/metrics/params';
import { CALLS_MAX_LIMIT, getPaymentCalls } from '@/lib/metrics/payment-calls';
import { addMonths, periodOf } from '@/lib/metrics/period';
import { getSpecialistName } from '@/lib/org/specialists';
import { getScopeTeams } from '@/lib/org/teams';
import { paymentsHref } from '../href';

const c = t.payments.calls;
export const metadata: Metadata = { title: c.title };

/** Rows shown by default; ?limit= up to CALLS_MAX_LIMIT. */
const PAGE_LIMIT = 100;

export default async function CallsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const scope = await requirePageScope();
  const sp = await searchParams;
  const p = await parsePaymentParamsLenient(sp, 'client');
  const asked = Number(typeof sp.limit === 'string' ? sp.limit : NaN);
  const limit = Number.isInteger(asked) && asked >= 1 && asked <= CALLS_MAX_LIMIT ? asked : PAGE_LIMIT;
  const [calls, teams, specName] = await Promise.all([
    getPaymentCalls({ period: p.period, asOf: p.asOf, scope, teamId: p.team, specialistId: p.specialist, limit }),
    getScopeTeams(scope),
    p.specialist ? getSpecialistName(p.specialist) : Promise.resolve(null),
  ]);
  const columns: DataColumn[] = [
    { key: 'client', label: c.cols.client, kind: 'text', hrefKey: 'clientHref' },
    ...(scope.role === 'specialist' ? [] : [{ key: 'specialist', label: c.cols.specialist, kind: 'text', priority: 3 } as DataColumn]),
    { key: 'atRisk', label: c.cols.atRisk, kind: 'rub' },
    { key: 'open', label: c.cols.open, kind: 'rub', priority: 2 },
    { key: 'dueOn', label: c.cols.dueOn, short: c.colsShort.dueOn, kind: 'date', priority: 3 },
    { key: 'daysLate', label: c.cols.daysLate, short: c.colsShort.daysLate, kind: 'int' },
    { key: 'usualLate', label: c.cols.usualLate, short: c.colsShort.usualLate, kind: 'int', priority: 2 },
    { key: 'probability', label: c.cols.probability, short: c.colsShort.probability, kind: 'pct' },
    { key: 'prepare', label: c.cols.prepare, kind: 'text', hrefKey: 'prepareHref' },
  ];
  const rows: DataRow[] = calls.rows.map((r) => ({
    client: r.clientName, clientHref: `/clients/${encodeURIComponent(r.clientId)}`, specialist: r.specialistName,
    atRisk: r.atRisk, open: r.open, dueOn: r.dueOn, daysLate: r.daysLate, usualLate: r.usualLate === null ? null : Math.round(r.usualLate),
    probability: r.probability * 100, prepare: c.prepare,
    prepareHref: `/clients/${encodeURIComponent(r.clientId)}/prepare?type=payment_delay${p.asOf !== p.latestAsOf ? `&asOf=${p.asOf}` : ''}`,
  }));
  const periods = Array.from({ length: 24 }, (_, i) => addMonths(periodOf(p.latestAsOf), -i));
  const self = paymentsHref({ ...p, by: undefined }, '/payments/calls');
  const more = Math.min(calls.totals.invoices, CALLS_MAX_LIMIT);
  const need = (v: number) => (v > 0 ? <TileMoney value={v} /> : <span className="up">{c.reached}</span>);

  return (
    <>
      <div className="page-head">
        <h1>{c.title}</h1>
        <span className="muted">{formatPeriod(p.period)} · {t.payments.asOf.toLowerCase()} {formatDate(p.asOf)}</span>
      </div>
      <PaymentsTabs current="calls" p={p} />
      <PaymentsFilters v={{ ...p, by: 'client' }} periods={periods} teams={teams}
        specialist={p.specialist && scope.role !== 'specialist' ? { name: specName ?? null, clearHref: paymentsHref({ ...p, by: undefined, specialist: undefined }, '/payments/calls') } : undefined} />
      <p className="muted">{c.intro(calls.targetPct, calls.targetDay)}</p>
      <section className="tiles" aria-label={c.title}>
        <div className="tile" data-testid="calls-to-pace"><div className="tile-label">{c.toPace}</div><div className="tile-value">{need(calls.needed.toPace)}</div>
          <div className="tile-sub muted">{c.ofBilled(formatMoneyCompact(calls.billed))}</div><HowLink anchor={METRIC_DOCS.calls} /></div>
        <div className="tile" data-testid="calls-to-target"><div className="tile-label">{c.toTarget(calls.targetPct, calls.targetDay)}</div><div className="tile-value">{need(calls.needed.to20th)}</div></div>
        <div className="tile"><div className="tile-label">{c.open}</div><div className="tile-value">{formatInt(calls.totals.invoices)}</div>
          <div className="tile-sub muted">{c.openSum(formatMoneyCompact(calls.totals.open))}</div></div>
        <div className="tile"><div className="tile-label">{c.atRisk}</div><div className="tile-value down"><TileMoney value={calls.totals.atRisk} /></div>
          <div className="tile-sub muted">{c.atRiskNote}</div></div>
      </section>
      {rows.length === 0 ? <div className="card"><p className="muted">{c.empty}</p></div> : (
        <>
          <p className="muted small">
            {c.colsNote}{' '}
            {calls.totals.invoices > rows.length && <>{c.shown(formatInt(rows.length), formatInt(calls.totals.invoices))}{' '}
              {more > rows.length && <a href={`${self}${self.includes('?') ? '&' : '?'}limit=${more}`}>{t.debtors.showMore(formatInt(more))}</a>}</>}
          </p>
          <DataTable columns={columns} rows={rows} csvName={`komu-pozvonit-${p.period}-${p.asOf}.csv`} initialSort={[{ id: 'atRisk', desc: true }]} />
        </>
      )}
    </>
  );
}
