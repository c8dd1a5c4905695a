// Показатели (issue 6): the six controls of specialists' work and the sales results for the company,
// a team or a specialist, over a month or quarter, as known on any date (metrics.md "Manager
// KPIs"); the ranking of teams or specialists with the median marked and the composite score's
// formula beside it; each control's trend by month; every number opens the rows behind it.
import type { Metadata } from 'next';
import Link from 'next/link';
import { drillHref, kpiHref, type KpiLinkState } from '@/components/kpi/href';
import { KpiFilters } from '@/components/kpi/kpi-filters';
import { KpiRanking, type RankingRow } from '@/components/kpi/kpi-ranking';
import { rankingViews, type RankingView } from '@/components/kpi/views';
import { KpiTabs } from '@/components/kpi/kpi-tabs';
import { KpiTrend, type TrendPoint } from '@/components/kpi/kpi-trend';
import s from '@/components/kpi/kpi.module.css';
import { requirePageScope } from '@/lib/auth/session';
import { formatDate, formatInt, formatMoney, formatMoneyCompact, formatPct, formatPeriod } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { getKpi, metricValues, type KpiRow } from '@/lib/kpi/get-kpi';
import { parseKpiParamsLenient } from '@/lib/kpi/params';
import { kpiPeriodChoices } from '@/lib/kpi/period';
import { controlKeys, type ControlKey } from '@/lib/kpi/score';
import { HowLink } from '@/components/ui/how-link';
import { METRIC_DOCS, type MetricDoc } from '@/lib/docs/anchors';
import { getKpiSubject, scopeAllKey } from '@/lib/kpi/subject';
import { getKpiTrend } from '@/lib/kpi/trend';
import { periodOf } from '@/lib/metrics/period';
import { getScopeTeams } from '@/lib/org/teams';

export const metadata: Metadata = { title: t.kpi.title };

const k = t.kpi;
/** The rows each control's tile and trend point open. */
const CONTROL_DRILL: Record<ControlKey, string> = {
  calls: 'calls', entry: 'entry', completeness: 'completeness', agreements: 'agreements', feedback: 'feedback', reaction: 'reaction',
};

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function KpiPage({ searchParams }: { searchParams: Search }) {
  const scope = await requirePageScope();
  const sp = await searchParams;
  const p = await parseKpiParamsLenient(sp, scope.role === 'specialist' ? 'specialist' : 'team');
  const rawView = typeof sp.view === 'string' ? sp.view : '';
  const view: RankingView = (rankingViews as readonly string[]).includes(rawView) ? (rawView as RankingView) : 'controls';
  // A specialist chosen: their team's ranking, their row marked; a team: its specialists.
  const subject = await getKpiSubject({ specialistId: p.specialist, teamId: p.specialist ? undefined : p.team });
  const rankTeam = subject.teamId ?? undefined;
  const by = rankTeam ? 'specialist' : p.by === 'company' ? 'team' : p.by;
  const lastMonth = p.window.periods[p.window.periods.length - 1] > periodOf(p.asOf) ? periodOf(p.asOf) : p.window.periods[p.window.periods.length - 1];
  const selection = { teamId: p.specialist ? undefined : p.team, specialistId: p.specialist };

  const [kpi, trend, teams] = await Promise.all([
    getKpi({ window: p.window, asOf: p.asOf, scope, by, teamId: rankTeam }),
    getKpiTrend({ asOf: p.asOf, lastMonth, scope, ...selection }),
    getScopeTeams(scope),
  ]);
  // A specialist with nothing in the caller's scope has an empty row.
  const sel: KpiRow = p.specialist ? kpi.rows.find((r) => r.id === p.specialist) ?? emptyLike(kpi.total) : kpi.total;

  const link: KpiLinkState = { period: p.period, asOf: p.asOf, latestAsOf: p.latestAsOf };
  const who = { team: selection.teamId, specialist: selection.specialistId };
  const drill = (control: string, status?: string) => drillHref(link, control, who, status);
  const { months, quarters } = kpiPeriodChoices(p.latestAsOf);

  const rows: RankingRow[] = kpi.rows.map((r) => ({ id: r.id, name: r.name, teamId: r.teamId, teamName: r.teamName, v: metricValues(r) }));
  const oneTeam = by === 'specialist' && rankTeam !== undefined;
  const median = oneTeam ? kpi.medians.byTeam[rankTeam] ?? kpi.medians.all : kpi.medians.all;
  const medianLabel = oneTeam ? k.medianRow.oneTeam : k.medianRow[by];
  const trendPoints: TrendPoint[] = trend.months.map((m) => ({
    month: m.month,
    values: Object.fromEntries(controlKeys.map((c) => [c, m.controls[c].value])) as Record<ControlKey, number | null>,
    hrefs: Object.fromEntries(controlKeys.map((c) => [c, drillHref({ ...link, period: m.month }, CONTROL_DRILL[c], who, 'bad')])) as Record<ControlKey, string>,
  }));

  const c = sel.controls;
  const x = sel.results;
  const title = subject.specialistName ?? subject.teamName ?? k.scopeAll[scopeAllKey(scope)];

  return (
    <>
      <div className="page-head">
        <h1>{k.title}</h1>
        <span className="muted">{title} · {formatPeriod(p.period)} · {k.asOf.toLowerCase()} {formatDate(p.asOf)}</span>
      </div>
      <KpiTabs current="board" s={{ ...link, team: p.team }} />
      <KpiFilters period={p.period} asOf={p.asOf} latestAsOf={p.latestAsOf} months={months} quarters={quarters} teams={teams}
        team={subject.teamId ?? undefined} by={rankTeam || scope.role === 'specialist' ? undefined : by}
        keep={{ specialist: p.specialist, view: view === 'controls' ? undefined : view }}
        specialist={subject.specialistId && scope.role !== 'specialist'
          ? { id: subject.specialistId, name: subject.specialistName ?? null, clearHref: kpiHref({ ...link, team: subject.teamId ?? undefined, view }) } : undefined} />
      <nav className="crumbs" aria-label={k.crumbsAll}>
        <Link href={kpiHref({ ...link, view })}>{k.scopeAll[scopeAllKey(scope)]}</Link>
        {subject.teamId && <> › <Link href={kpiHref({ ...link, team: subject.teamId, view })}>{subject.teamName ?? subject.teamId}</Link></>}
        {subject.specialistId && <> › <span>{subject.specialistName ?? subject.specialistId}</span></>}
      </nav>
      <p className="muted small">{k.window(formatDate(p.window.from), formatDate(p.window.to))}. {k.asOfNote(formatDate(p.asOf))}</p>

      <section aria-labelledby="controls-h" className="stack">
        <h2 id="controls-h" className="h3">{k.controlsTitle}</h2>
        <div className={`tiles ${s.tiles6}`}>
          <ShareTile control="calls" f={c.calls} drill={drill}
            extra={<OverdueLine n={c.calls.overdue} href={drill('calls-overdue')} />} />
          <ShareTile control="entry" f={c.entry} drill={drill} />
          <ShareTile control="completeness" f={c.completeness} drill={drill}
            sub={k.checksOf(formatInt(c.completeness.numerator), formatInt(c.completeness.denominator))}
            extra={<div className="tile-sub muted">{k.clientsCount(formatInt(c.completeness.clients))}</div>} />
          <ShareTile control="agreements" f={c.agreements} drill={drill}
            extra={<OverdueLine n={c.agreements.overdue} href={drill('agreements-overdue')} />} />
          <ShareTile control="feedback" f={c.feedback} drill={drill} />
          <ShareTile control="reaction" f={c.reaction} drill={drill}
            extra={<>
              <div className="tile-sub muted">{k.medianHours(c.reaction.medianHours === null ? t.common.dash : k.hours(fmt1(c.reaction.medianHours)))}</div>
              <div className={`tile-sub ${s.tileSub}`}>
                <Link href={drill('threats-open')} className={c.reaction.open > 0 ? s.warnText : undefined}>{k.openThreats(formatInt(c.reaction.open))}</Link>
              </div>
            </>} />
        </div>
      </section>

      <section aria-labelledby="results-h" className="stack">
        <h2 id="results-h" className="h3">{k.resultsTitle}</h2>
        <div className={`tiles ${s.tiles6}`}>
          <ValueTile label={k.results.payment} value={formatPct(x.payment.value)} href={drill('payments', 'bad')}
            sub={k.paymentOf(formatMoneyCompact(x.payment.numerator), formatMoneyCompact(x.payment.denominator))} />
          <ValueTile label={k.results.acts} value={formatPct(x.acts.value)} href={drill('acts', 'bad')}
            sub={k.actsOf(formatInt(x.acts.numerator), formatInt(x.acts.denominator))} />
          <ValueTile label={k.results.revenue} value={formatMoneyCompact(x.revenue)} title={formatMoney(x.revenue)} href={drill('revenue')} sub={k.salesCount(formatInt(x.sales))} />
          <ValueTile label={k.results.active} value={formatInt(x.activeClients)} href={drill('active')} />
          <ValueTile label={k.results.churned} value={formatInt(x.churned)} href={drill('churned')} />
          <ValueTile label={k.results.contacts} value={formatInt(x.contactsDone)} href={drill('contacts')} />
        </div>
      </section>

      <section aria-labelledby="rank-h" className="stack">
        <div className={s.rankHead}>
          <h2 id="rank-h" className="h3">{k.rankingTitle} {k.rankingOf[by]}{oneTeam && subject.teamName ? ` · ${subject.teamName}` : ''}</h2>
          <nav className="tabs" aria-label={k.viewsLabel}>
            {rankingViews.map((v) => (
              <Link key={v} href={kpiHref({ ...link, team: p.team, specialist: p.specialist, by: sp.by ? by : undefined, view: v })}
                className={v === view ? 'tab active' : 'tab'} aria-current={v === view ? 'page' : undefined}>{k.views[v]}</Link>
            ))}
          </nav>
        </div>
        <p className={s.formula} data-testid="kpi-formula"><strong>{k.scoreTitle}.</strong> {k.scoreFormula}</p>
        <p className={s.legend}><span><span className={s.swatch} aria-hidden="true" />{k.medianNote[by]}</span><span>{k.medianMarked(medianLabel)}</span></p>
        {rows.length === 0 ? (
          <div className="card"><p className="muted">{k.rankingEmpty}</p></div>
        ) : (
          <KpiRanking by={by} view={view} rows={rows} medians={kpi.medians} median={median} medianLabel={medianLabel}
            link={link} highlightId={p.specialist} csvName={`kpi-${by}-${p.period}-${p.asOf}-${view}.csv`} />
        )}
      </section>

      <section aria-labelledby="trend-h" className="stack">
        <h2 id="trend-h" className="h3">{k.trendTitle}</h2>
        <p className="muted small">{k.trendNote(formatDate(p.asOf))}</p>
        <KpiTrend points={trendPoints} controls={controlKeys} />
      </section>
    </>
  );
}

const fmt1 = (v: number) => v.toLocaleString('ru-RU', { maximumFractionDigits: 1 });

/** A row with nothing counted (a specialist with no rows in the scope). */
function emptyLike(r: KpiRow): KpiRow {
  const z = { value: null, numerator: 0, denominator: 0 };
  return {
    ...r, score: null,
    controls: {
      calls: { ...z, overdue: 0 }, entry: z, completeness: { ...z, clients: 0 }, agreements: { ...z, overdue: 0 }, feedback: z,
      reaction: { ...z, medianHours: null, reacted: 0, open: 0, oldestOpenDays: null },
    },
    results: { payment: z, acts: { ...z, notReturned: 0 }, revenue: 0, sales: 0, activeClients: 0, churned: 0, contactsDone: 0 },
  };
}

const CONTROL_DOC: Record<ControlKey, MetricDoc> = {
  calls: METRIC_DOCS.kpiCalls, entry: METRIC_DOCS.kpiEntry, completeness: METRIC_DOCS.kpiCompleteness,
  agreements: METRIC_DOCS.kpiAgreements, feedback: METRIC_DOCS.kpiFeedback, reaction: METRIC_DOCS.kpiReaction,
};

function ShareTile({ control, f, drill, sub, extra }: {
  control: ControlKey;
  f: { value: number | null; numerator: number; denominator: number };
  drill: (control: string, status?: string) => string;
  sub?: string;
  extra?: React.ReactNode;
}) {
  return (
    <div className="tile" data-testid={`kpi-tile-${control}`}>
      <div className="tile-label" title={k.controlHints[control]}>{k.controls[control]}</div>
      <div className="tile-value"><Link className={s.tileLink} href={drill(CONTROL_DRILL[control], 'bad')}>{formatPct(f.value)}</Link></div>
      <div className={`tile-sub ${s.tileSub}`}>
        <Link href={drill(CONTROL_DRILL[control])}>{sub ?? k.ofTotal(formatInt(f.numerator), formatInt(f.denominator))}</Link>
      </div>
      {extra}
      <div className={s.hint}>{k.controlHints[control]}</div>
      <HowLink anchor={CONTROL_DOC[control]} />
    </div>
  );
}

function OverdueLine({ n, href }: { n: number; href: string }) {
  return (
    <div className={`tile-sub ${s.tileSub}`}>
      <Link href={href} className={n > 0 ? s.warnText : undefined}>{k.overdueNow(formatInt(n))}</Link>
    </div>
  );
}

function ValueTile({ label, value, href, sub, title }: { label: string; value: string; href: string; sub?: string; title?: string }) {
  return (
    <div className="tile">
      <div className="tile-label">{label}</div>
      <div className="tile-value" title={title}><Link className={s.tileLink} href={href}>{value}</Link></div>
      {sub && <div className="tile-sub muted">{sub}</div>}
    </div>
  );
}
