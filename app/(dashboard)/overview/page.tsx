// Обзор (issue 7): the executive's home after sign-in, built for tablets (1024×768, 1366×1024),
// touch first, nothing on hover. Tiles, each opening its full view: the month's payment % with the
// month-end forecast (lib/metrics: getPaymentRates, getPaymentForecast), revenue by month, the
// ABC/XYZ distribution (every cell opens its clients), the growth × share quadrant counts, the KPI
// ranking's top and bottom three specialists (lib/kpi getKpi, composite score). All as known on the
// newest as-of date, in the caller's scope.
import type { Metadata } from 'next';
import Link from 'next/link';
import { RevenueChart } from '@/components/abc/revenue-chart';
import s from '@/components/abc/abc.module.css';
import { kpiHref } from '@/components/kpi/href';
import { deltaClass } from '@/components/ui/delta';
import { defaultAbcQuery, getAbcMatrix } from '@/lib/abc/abc-xyz';
import { getBcg } from '@/lib/abc/bcg';
import { bcgQuadrants, xyzClasses } from '@/lib/abc/classes';
import { getRevenueByMonth } from '@/lib/abc/revenue';
import { requirePageScope } from '@/lib/auth/session';
import { formatInt, formatMoneyCompact, formatPct, formatPeriod, formatPoints } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { getKpi } from '@/lib/kpi/get-kpi';
import { kpiWindow } from '@/lib/kpi/period';
import { getLatestAsOf } from '@/lib/loads';
import { getPaymentForecast } from '@/lib/metrics/payment-forecast';
import { getPaymentRates } from '@/lib/metrics/payment-rate';
import { periodOf, toIso } from '@/lib/metrics/period';
import { HowLink } from '@/components/ui/how-link';
import { METRIC_DOCS } from '@/lib/docs/anchors';

export const metadata: Metadata = { title: t.nav.overview };

const o = t.overview;
const QUAD_CLASS = { star: s.qStar, cow: s.qCow, question: s.qQuestion, dog: s.qDog } as const;

/** Three specialists of the ranking with their score, each opening their KPI. */
function RankList({ title, rows, href }: { title: string; rows: Array<{ id: string | null; name: string; score: number | null }>; href: (id?: string) => string }) {
  return (
    <div>
      <h3>{title}</h3>
      <ol className={s.rank}>
        {rows.map((r) => <li key={r.id}><Link href={href(r.id ?? undefined)}>{r.name}</Link><span>{formatInt(r.score)}</span></li>)}
      </ol>
    </div>
  );
}

export default async function OverviewPage() {
  const scope = await requirePageScope();
  const asOf = (await getLatestAsOf())?.asOf ?? toIso(new Date());
  const period = periodOf(asOf);
  const abcQ = defaultAbcQuery(asOf);
  const [rates, forecast, revenue, matrix, bcg, kpi] = await Promise.all([
    getPaymentRates({ period, asOf, by: 'company', span: 'month', scope }),
    getPaymentForecast({ period, asOf, by: 'company', scope }),
    getRevenueByMonth({ asOf, scope }),
    getAbcMatrix(abcQ, scope),
    getBcg({ ...abcQ, by: 'client', limit: 1 }, scope),
    getKpi({ window: kpiWindow(period, asOf), asOf, scope, by: 'specialist' }),
  ]);
  const m = rates.total;
  const f = forecast.rows[0];
  const revenueTotal = revenue.reduce((x, r) => x + r.revenue, 0);
  const last = revenue[revenue.length - 1];

  // The ranking: specialists with a composite score, best first; the bottom three never repeat the top.
  const ranked = kpi.rows.filter((r) => r.id !== null && r.score !== null).sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
  const top = ranked.slice(0, 3);
  const bottom = ranked.slice(Math.max(3, ranked.length - 3)).reverse();
  const kpiLink = { period, asOf, latestAsOf: asOf };

  return (
    <>
      <div className="page-head">
        <h1>{o.title}</h1>
        <span className="muted">{o.subtitle(formatPeriod(period))}</span>
      </div>

      <div className={s.board}>
        <section className={s.tile} aria-labelledby="ov-pay">
          <div className={s.tileHead}>
            <h2 id="ov-pay">{o.payments}</h2>
            <HowLink anchor={METRIC_DOCS.paymentPct} className={s.headHow} />
            <Link href="/payments" className={s.more}>{o.open} →</Link>
          </div>
          <div className={s.big} data-testid="overview-payment-pct">{formatPct(m.paymentPct)}</div>
          <div className={`${s.sub} ${deltaClass(m.deltaPct)}`}>{t.payments.deltaDay(formatPoints(m.deltaPct), formatMoneyCompact(m.collectedOnDay))}</div>
          <div className={s.sub}>{o.remaining(formatMoneyCompact(m.remaining))}</div>
          <div className={s.sub}>
            <strong>{o.forecast(f?.forecastPct == null ? t.payments.forecastNone : formatPct(f.forecastPct))}</strong>
            {f?.forecastPct != null && <span className="muted"> · {o.forecastRange(formatPct(f.lowPct), formatPct(f.highPct))}</span>}
          </div>
        </section>

        <section className={s.tile} aria-labelledby="ov-rev">
          <div className={s.tileHead}>
            <h2 id="ov-rev">{o.revenue}</h2>
            <HowLink anchor={METRIC_DOCS.revenueByMonth} className={s.headHow} />
            <Link href="/abc-xyz" className={s.more}>{o.open} →</Link>
          </div>
          <div className={s.sub}>{o.revenueTotal(formatMoneyCompact(revenueTotal))} · {o.revenueLast(formatPeriod(last.period), formatMoneyCompact(last.revenue))}</div>
          <RevenueChart months={revenue} />
        </section>

        <section className={s.tile} aria-labelledby="ov-abc">
          <div className={s.tileHead}>
            <h2 id="ov-abc">{o.abc}</h2>
            <HowLink anchor={METRIC_DOCS.abcMatrix} className={s.headHow} />
            <Link href="/abc-xyz" className={s.more}>{o.open} →</Link>
          </div>
          <div className={s.mini} role="group" aria-label={o.abc}>
            <span aria-hidden="true" />
            {xyzClasses.map((x) => <span key={x} className={s.miniHead}>{t.abc.xyzShort[x]}</span>)}
            {(['A', 'B', 'C'] as const).map((a) => (
              <div key={a} style={{ display: 'contents' }}>
                <span className={s.miniHead} style={{ fontSize: '1rem', color: 'var(--text)' }}>{a}</span>
                {xyzClasses.map((x) => {
                  const c = matrix.cells.find((z) => z.abc === a && z.xyz === x)!;
                  // The cell's name for a screen reader: the class, then what it shows (WCAG 2.5.3).
                  const cls = <span className="sr-only">{a}-{t.abc.xyz[x]}: </span>;
                  const word = <span className="sr-only"> {t.abc.clientsWord(c.clients)}</span>;
                  return c.clients === 0
                    ? <span key={x} className={`${s.miniCell} ${s.empty}`}>{cls}0{word}</span>
                    : (
                      <Link key={x} href={`/abc-xyz?cell=${a}-${x}#cell-list`} className={s.miniCell}>
                        {cls}{formatInt(c.clients)}{word}
                        <small>{c.valuePct === null ? '' : formatPct(c.valuePct, 0)}</small>
                      </Link>
                    );
                })}
              </div>
            ))}
          </div>
          <p className="muted small">{o.abcHint}</p>
        </section>

        <section className={s.tile} aria-labelledby="ov-bcg">
          <div className={s.tileHead}>
            <h2 id="ov-bcg">{o.bcg}</h2>
            <HowLink anchor={METRIC_DOCS.bcgQuadrants} className={s.headHow} />
            <Link href="/bcg" className={s.more}>{o.open} →</Link>
          </div>
          <div className={s.quadMini}>
            {bcgQuadrants.map((q) => {
              const c = bcg.quadrants.find((x) => x.quadrant === q)!;
              return (
                <Link key={q} href="/bcg" className={`${s.quadrant} ${QUAD_CLASS[q]}`}>
                  <span className={s.qName}>{t.bcg.quadrants[q]}</span>
                  <span className={s.qCount}>{formatInt(c.count)}</span>
                  <span className={s.qWhat}>{t.bcg.quadrantWhat[q]}</span>
                </Link>
              );
            })}
          </div>
        </section>

        <section className={`${s.tile} ${s.wide}`} aria-labelledby="ov-kpi">
          <div className={s.tileHead}>
            <h2 id="ov-kpi">{o.kpi}</h2>
            <HowLink anchor={METRIC_DOCS.kpiScore} className={s.headHow} />
            <Link href={kpiHref({ ...kpiLink, by: 'specialist' })} className={s.more}>{o.open} →</Link>
          </div>
          {ranked.length === 0 ? <p className="muted">{o.kpiNone}</p> : (
            <div className={s.rankCols}>
              <RankList title={o.kpiTop} rows={top} href={(id) => kpiHref({ ...kpiLink, specialist: id })} />
              {bottom.length > 0 && <RankList title={o.kpiBottom} rows={bottom} href={(id) => kpiHref({ ...kpiLink, specialist: id })} />}
            </div>
          )}
          <p className="muted small">{o.kpiNote(formatPeriod(period))}</p>
        </section>
      </div>
    </>
  );
}
