// Точность прогноза (issue 20): the backtest of the three month-end forecasts (metrics.md
// "Forecast accuracy"; lib/metrics/payment-forecast.ts getPaymentBacktest): the mean absolute
// error on days 5–25 of past months, for the company within the caller's scope and per team.
import type { Metadata } from 'next';
import { PaymentsTabs } from '@/components/dashboard/payments-tabs';
import { HowLink } from '@/components/ui/how-link';
import { requirePageScope } from '@/lib/auth/session';
import { METRIC_DOCS } from '@/lib/docs/anchors';
import { formatDate, formatNumber, formatPoints } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { parsePaymentParamsLenient } from '@/lib/metrics/params';
import { getPaymentBacktest, type BacktestDay } from '@/lib/metrics/payment-forecast';

const a = t.payments.accuracyCols;
export const metadata: Metadata = { title: t.payments.accuracyTitle };

const mae = (v: number | null) => (v === null ? t.common.dash : formatPoints(v).replace(/^[+±]/, ''));

export default async function AccuracyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const scope = await requirePageScope();
  const p = await parsePaymentParamsLenient(await searchParams, 'team');
  const b = await getPaymentBacktest({ asOf: p.asOf, scope });
  return (
    <>
      <div className="page-head">
        <h1>{t.payments.accuracyTitle}</h1>
        <span className="muted">{t.payments.asOf.toLowerCase()} {formatDate(p.asOf)}</span>
      </div>
      <PaymentsTabs current="accuracy" p={p} />
      <p className="muted">{t.payments.accuracyNote(b.months.length)} <HowLink anchor={METRIC_DOCS.backtest} /></p>
      <section className="card" aria-labelledby="acc-company">
        <h2 id="acc-company" className="h3">{t.payments.accuracyCompany}</h2>
        <DaysTable days={b.days} testId="accuracy-company" />
      </section>
      {b.teams.length > 1 && (
        <section className="card" aria-labelledby="acc-teams">
          <h2 id="acc-teams" className="h3">{t.payments.accuracyTeams}</h2>
          <p className="muted small">{t.payments.accuracyTeamNote}</p>
          <div className="table-wrap flat">
            <table className="table" data-testid="accuracy-teams">
              <thead><tr><th>{t.payments.team}</th>{b.days.map((d) => <th key={d.day} className="num">{a.day} {d.day}</th>)}</tr></thead>
              <tbody>
                {b.teams.map((team) => (
                  <tr key={team.id}>
                    <td className="title-cell">{team.name}</td>
                    {team.days.map((d) => (
                      <td key={d.day} className="num nowrap" data-label={`${a.day} ${d.day}`}>
                        <span className={d.methodMae !== null && d.curveMae !== null && d.methodMae <= d.curveMae ? 'up' : undefined}>{formatNumber(d.methodMae)}</span>
                        <span className="muted"> / {formatNumber(d.curveMae)}</span>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}

function DaysTable({ days, testId }: { days: BacktestDay[]; testId: string }) {
  return (
    <div className="table-wrap flat">
      <table className="table" data-testid={testId}>
        <thead><tr><th>{a.day}</th><th className="num">{a.method}</th><th className="num">{a.curve}</th><th className="num">{a.runRate}</th><th className="num">{a.gain}</th><th className="num">{a.months}</th></tr></thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.day}>
              <td className="title-cell">{a.day} {d.day}</td>
              <td className="num nowrap" data-label={a.method}>{mae(d.methodMae)}</td>
              <td className="num nowrap" data-label={a.curve}>{mae(d.curveMae)}</td>
              <td className="num nowrap" data-label={a.runRate}>{mae(d.runRateMae)}</td>
              <td className={`num nowrap ${d.methodMae !== null && d.runRateMae !== null ? (d.runRateMae > d.methodMae ? 'up' : 'down') : ''}`} data-label={a.gain}>
                {d.methodMae === null || d.runRateMae === null ? t.common.dash : formatPoints(d.runRateMae - d.methodMae)}
              </td>
              <td className="num" data-label={a.months}>{d.monthsUsed}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
