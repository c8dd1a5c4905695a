// Оплаты: the sales head's board (issue 3). Payment % of the month with Δ since the day before,
// the two-month %, roubles left to 100 %, pace against 80 % by the 20th, the month-end forecast;
// the cumulative curve; the table company → team → specialist → client; months and quarters;
// the payments behind Δ (the forecast's backtest: the «Точность прогноза» tab). Every figure as known on the as-of date.
import type { Metadata } from 'next';
import Link from 'next/link';
import { PaymentCurveChart, type CurveChartPoint } from '@/components/charts/payment-curve-chart';
import { PaymentsFilters } from '@/components/dashboard/payments-filters';
import { PaymentsTabs } from '@/components/dashboard/payments-tabs';
import { PaymentsTable, type PaymentTableRow } from '@/components/tables/payments-table';
import { deltaClass } from '@/components/ui/delta';
import { requirePageScope } from '@/lib/auth/session';
import { formatDate, formatMoney, formatMoneyCompact, formatPct, formatPeriod, formatPoints } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { paceTargetDay, paceTargetPct } from '@/lib/env';
import { parsePaymentParamsLenient } from '@/lib/metrics/params';
import { getPaymentForecast } from '@/lib/metrics/payment-forecast';
import { getDayPayments, getPaymentCurve, getPaymentHistory, getPaymentRates, paceGap, paceTarget, type PaymentGrouping } from '@/lib/metrics/payment-rate';
import { addMonths, daysInMonth, periodOf } from '@/lib/metrics/period';
import { getSpecialistName } from '@/lib/org/specialists';
import { getScopeTeams } from '@/lib/org/teams';
import { scopeAllKey } from '@/lib/kpi/subject';
import { paymentsHref } from './href';
import { TileMoney } from '@/components/ui/money';
import { HowLink } from '@/components/ui/how-link';
import { METRIC_DOCS } from '@/lib/docs/anchors';

export const metadata: Metadata = { title: t.payments.title };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function PaymentsPage({ searchParams }: { searchParams: Search }) {
  const scope = await requirePageScope();
  const p = await parsePaymentParamsLenient(await searchParams, scope.role === 'specialist' ? 'client' : 'team');
  const filter = { teamId: p.team, specialistId: p.specialist };
  const base = { period: p.period, asOf: p.asOf, scope, ...filter };
  // The table's level: the chosen grouping, one level below a team or specialist filter.
  const by: PaymentGrouping = p.specialist ? 'client' : p.team && p.by === 'team' ? 'specialist' : p.by;
  const forecastBy = by === 'team' || by === 'specialist' ? by : null;

  const [month, two, table, curve, history, day, teams, companyForecast, rowForecast, specName] = await Promise.all([
    getPaymentRates({ ...base, by: 'company', span: 'month' }),
    getPaymentRates({ ...base, by: 'company', span: p.span === 'month' ? 'two-month' : p.span }),
    getPaymentRates({ ...base, by, span: p.span }),
    getPaymentCurve(base),
    getPaymentHistory({ asOf: p.asOf, scope, ...filter }),
    getDayPayments({ ...base, span: p.span, limit: 10 }),
    getScopeTeams(scope),
    getPaymentForecast({ ...base, by: 'company' }),
    forecastBy ? getPaymentForecast({ ...base, by: forecastBy }) : Promise.resolve(null),
    p.specialist ? getSpecialistName(p.specialist) : Promise.resolve(null),
  ]);

  const m = month.total;
  const f = companyForecast.rows[0];
  const n = daysInMonth(p.period);
  const gap = paceGap(m.paymentPct, p.period, p.asOf);
  const targetNow = curve.asOfDay === null ? null : paceTarget(curve.asOfDay, n);
  const secondLabel = p.span === 'quarter' ? t.payments.quarterPct : t.payments.twoMonthPct;

  const forecastById = new Map((rowForecast?.rows ?? []).map((r) => [r.id, r.forecastPct]));
  const href = (id: string | null): string | null => {
    if (id === null) return null;
    if (by === 'team') return paymentsHref({ ...p, by: 'specialist', team: id, specialist: undefined });
    if (by === 'specialist') return paymentsHref({ ...p, by: 'client', specialist: id });
    if (by === 'client') return `/clients/${encodeURIComponent(id)}`;
    return null;
  };
  const rows: PaymentTableRow[] = table.rows.map((r) => ({
    id: r.id, name: r.name, href: href(r.id), billed: r.billed, collected: r.collected, paymentPct: r.paymentPct,
    deltaPct: r.deltaPct, remaining: r.remaining, forecastPct: forecastById.get(r.id) ?? null,
  }));
  const teamName = p.team ? teams.find((x) => x.id === p.team)?.name ?? p.team : null;
  const total: PaymentTableRow = {
    id: null, name: teamName ?? (scope.role === 'specialist' ? t.payments.scopeAll.specialist : t.payments.company), href: null, billed: table.total.billed, collected: table.total.collected,
    paymentPct: table.total.paymentPct, deltaPct: table.total.deltaPct, remaining: table.total.remaining, forecastPct: f?.forecastPct ?? null,
  };

  // The forecast range is drawn from D to the month end, starting at today's value.
  const points: CurveChartPoint[] = curve.points.map((pt) => {
    const inRange = f?.lowPct != null && f?.highPct != null && curve.asOfDay !== null && curve.asOfDay < n && pt.day >= curve.asOfDay;
    if (!inRange) return pt;
    const k = (pt.day - curve.asOfDay!) / (n - curve.asOfDay!);
    const now = m.paymentPct ?? 0;
    return { ...pt, range: [now + (f.lowPct! - now) * k, now + (f.highPct! - now) * k], forecast: now + (f.forecastPct! - now) * k };
  });

  const periods = Array.from({ length: 24 }, (_, i) => addMonths(periodOf(p.latestAsOf), -i));

  return (
    <>
      <div className="page-head">
        <h1>{t.payments.title}</h1>
        <span className="muted">{formatPeriod(p.period)} · {t.payments.asOf.toLowerCase()} {formatDate(p.asOf)}</span>
      </div>
      <PaymentsTabs current="board" p={p} />
      <PaymentsFilters v={p} periods={periods} teams={teams} spans={['month', 'two-month', 'quarter']} bys={scope.role === 'specialist' ? ['client'] : ['team', 'specialist', 'client']}
        specialist={p.specialist && scope.role !== 'specialist' ? { name: specName ?? null, clearHref: paymentsHref({ ...p, by: 'specialist', specialist: undefined }) } : undefined} />

      <section className="tiles" aria-label={t.payments.monthPct}>
        <div className="tile">
          <div className="tile-label">{t.payments.monthPct}</div>
          <div className="tile-value" data-testid="month-pct">{formatPct(m.paymentPct)}</div>
          <div className={`tile-sub ${deltaClass(m.deltaPct)}`} data-testid="month-delta">{t.payments.deltaDay(formatPoints(m.deltaPct), formatMoneyCompact(m.collectedOnDay))}</div>
          <div className="tile-sub muted">{t.payments.billedOf(formatMoneyCompact(m.collected), formatMoneyCompact(m.billed))}</div>
          <HowLink anchor={METRIC_DOCS.paymentPct} />
        </div>
        <div className="tile">
          <div className="tile-label">{secondLabel}</div>
          <div className="tile-value">{formatPct(two.total.paymentPct)}</div>
          <div className={`tile-sub ${deltaClass(two.total.deltaPct)}`}>{t.payments.deltaDay(formatPoints(two.total.deltaPct), formatMoneyCompact(two.total.collectedOnDay))}</div>
          <div className="tile-sub muted">{two.periods.map(formatPeriod).join(', ')}</div>
          <HowLink anchor={METRIC_DOCS.twoMonthPct} />
        </div>
        <div className="tile">
          <div className="tile-label">{t.payments.remaining}</div>
          <div className="tile-value"><TileMoney value={m.remaining} testId="month-remaining" /></div>
          <div className="tile-sub muted">{formatPeriod(p.period)}</div>
          <HowLink anchor={METRIC_DOCS.remaining} />
        </div>
        <div className="tile">
          <div className="tile-label">{t.payments.pace(paceTargetPct(), paceTargetDay())}</div>
          <div className={`tile-value ${gap === null ? '' : gap >= 0 ? 'up' : 'down'}`}>{formatPoints(gap)}</div>
          <div className="tile-sub">{gap === null ? t.common.dash : Math.abs(gap) < 0.05 ? t.payments.onPace : gap > 0 ? t.payments.ahead : t.payments.behind}</div>
          {targetNow !== null && <div className="tile-sub muted">{t.payments.paceTarget(formatPct(targetNow))}</div>}
          <HowLink anchor={METRIC_DOCS.pace} />
        </div>
        <div className="tile">
          <div className="tile-label">{t.payments.forecast}</div>
          <div className="tile-value" data-testid="forecast">{f?.forecastPct == null ? t.common.dash : formatPct(f.forecastPct)}</div>
          <div className="tile-sub">{f?.forecastPct == null ? t.payments.forecastNone : t.payments.forecastRange(formatPct(f.lowPct), formatPct(f.highPct))}</div>
          <div className="tile-sub muted">{t.payments.curveMethod(formatPct(f?.curvePct ?? null))}, {t.payments.runRate(formatPct(f?.runRatePct ?? null))}</div>
          <HowLink anchor={METRIC_DOCS.forecast} />
        </div>
      </section>

      <section className="card" aria-labelledby="curve-h">
        <h2 id="curve-h" className="h3">{t.payments.curveTitle}</h2>
        <PaymentCurveChart points={points} prevPeriods={curve.prevPeriods} />
      </section>

      <section aria-labelledby="table-h" className="stack">
        <h2 id="table-h" className="h3">{t.payments.tableTitle}</h2>
        <nav className="crumbs" aria-label={t.payments.tableTitle}>
          <Link href={paymentsHref({ ...p, by: 'team', team: undefined, specialist: undefined })}>{t.payments.scopeAll[scopeAllKey(scope)]}</Link>
          {teamName && <> › <Link href={paymentsHref({ ...p, by: 'specialist', specialist: undefined })}>{teamName}</Link></>}
          {p.specialist && <> › <span>{specName ?? p.specialist}</span></>}
        </nav>
        {m.billed === 0 && table.rows.length === 0 ? (
          <div className="card"><p className="muted">{t.payments.noData}</p></div>
        ) : (
          <PaymentsTable rows={rows} total={total} withForecast={forecastBy !== null} csvName={`oplaty-${p.period}-${p.asOf}-${by}.csv`} />
        )}
      </section>

      <div>
        <section className="card" aria-labelledby="day-h">
          <h2 id="day-h" className="h3">{t.payments.dayTitle(formatDate(p.asOf))}</h2>
          {day.length === 0 ? <p className="muted">{t.payments.dayEmpty}</p> : (
            <div className="table-wrap flat">
              <table className="table">
                <thead><tr><th>{t.payments.dayCols.client}</th><th>{t.payments.dayCols.specialist}</th><th className="num">{t.payments.dayCols.collected}</th></tr></thead>
                <tbody>
                  {day.map((r) => (
                    <tr key={r.clientId}>
                      <td className="title-cell"><Link href={`/clients/${encodeURIComponent(r.clientId)}`}>{r.clientName}</Link></td>
                      <td className="muted" data-label={t.payments.dayCols.specialist}>{r.specialistName ?? t.common.dash}</td>
                      <td className="num nowrap" data-label={t.payments.dayCols.collected}>{formatMoney(r.collected)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="hist-h">
        <h2 id="hist-h" className="h3">{t.payments.historyTitle}</h2>
        <p className="muted small">{t.payments.historyNote}</p>
        <div className="two-col">
          <HistoryTable title={t.payments.monthsCol} rows={history.months} />
          <HistoryTable title={t.payments.quartersCol} rows={history.quarters} />
        </div>
      </section>
    </>
  );
}

function HistoryTable({ title, rows }: { title: string; rows: Array<{ label: string; asOf: string; billed: number; paymentPct: number | null; remaining: number }> }) {
  return (
    <div className="table-wrap flat">
      <table className="table">
        <thead><tr><th>{title}</th><th className="num">{t.payments.cols.pct}</th><th className="num">{t.payments.cols.billed}</th><th className="num">{t.payments.cols.remaining}</th></tr></thead>
        <tbody>
          {[...rows].reverse().map((r) => (
            <tr key={r.label}>
              <td className="nowrap title-cell">{formatPeriod(r.label)}</td>
              <td className="num nowrap" data-label={t.payments.cols.pct}>{formatPct(r.paymentPct)}</td>
              <td className="num nowrap" data-label={t.payments.cols.billed}>{formatMoney(r.billed)}</td>
              <td className="num nowrap" data-label={t.payments.cols.remaining}>{formatMoney(r.remaining)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
